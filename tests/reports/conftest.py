"""Fixtures for the report tests; the report itself is built in report_factory.py."""

from __future__ import annotations

import pytest
from report_factory import build_report

from reports.run_report import RunReport


@pytest.fixture(params=["kk", "ru", "en"])
def report(request) -> RunReport:
    return build_report(request.param)


@pytest.fixture
def report_kk() -> RunReport:
    return build_report("kk")
