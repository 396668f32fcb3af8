"""Writers register themselves; render_reports runs them all into one folder."""

from __future__ import annotations

import pytest

from reports.render import available_formats, render_reports
from reports.run_report import RunReport
from reports.writers.registry import register, renderers


def test_registered_formats():
    assert set(available_formats()) >= {"csv", "xlsx", "json", "html", "plan-docx"}
    for name, r in renderers().items():
        assert r["name"] == name and r["extension"].startswith(".") and callable(r["render"])


def test_render_all(report_kk: RunReport, tmp_path):
    paths = render_reports(report_kk, tmp_path / "run")
    names = sorted(p.name for p in paths)
    assert {"findings.kk.csv", "report.kk.xlsx", "report.json", "report.kk.html", "index.html"} <= set(names)
    assert sum(n.endswith(".kk.docx") for n in names) == 4
    index = tmp_path / "index.html"  # beside the run folders
    assert all(p.parent == tmp_path / "run" and p.stat().st_size > 0 for p in paths if p != index)


def test_another_language_does_not_overwrite(report_kk: RunReport, tmp_path):
    """``report --lang ru`` into the night's folder keeps the night's kk reports."""
    kk = render_reports(report_kk, tmp_path / "run", ["html", "xlsx", "csv", "plan-docx"])
    before = {p.name: p.read_bytes() for p in kk}
    ru = render_reports(report_kk.model_copy(update={"language": "ru"}), tmp_path / "run", ["html", "xlsx", "csv", "plan-docx"])
    assert not {p.name for p in ru} & set(before)
    assert all((tmp_path / "run" / name).read_bytes() == data for name, data in before.items())


def test_unknown_format(report_kk: RunReport, tmp_path):
    with pytest.raises(ValueError, match="pdf"):
        render_reports(report_kk, tmp_path, ["csv", "pdf"])
    assert not any(tmp_path.iterdir())


def test_duplicate_name_rejected():
    with pytest.raises(ValueError):
        register("csv", ".csv", lambda report, out: out)
