"""A cached syllabus whose findings are not cached (a changed policy, rules or curriculum) is
checked once and its findings kept (issue 13): before, ``audit`` checked it in the coordinator
on every later run too, as no path stored findings it had not got from a worker."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.audit import AuditSettings, run_audit
from pipeline.cache import DB_NAME
from tests.pipeline.sample_share import sample_share

NOW = datetime(2026, 11, 2, 2, 0)


def _records(run) -> dict[str, list[dict]]:
    return {Path(d.file).name: [f.as_record() for f in d.findings] for d in run.checks.documents}


def _checks_rows(cache: Path) -> int:
    with sqlite3.connect(cache / DB_NAME) as db:
        return db.execute("SELECT count(*) FROM checks").fetchone()[0]


@pytest.fixture
def night(tmp_path):
    folder, files = sample_share(tmp_path, ("clean_ru.docx", "defects_ru.docx"))
    cache = tmp_path / "cache"
    runs = iter(range(100))

    def run():
        settings = AuditSettings(paths=[folder], out=tmp_path / "out", register=f"sqlite:///{tmp_path / 'r.sqlite3'}",
                                 workers=1, cache_dir=cache, run_id=f"night-{next(runs)}")
        return run_audit(settings, files, now=NOW)

    run.cache = cache
    return run


def test_findings_checked_on_a_cache_hit_are_kept_and_read_next_time(night, monkeypatch):
    first = night()  # the worker reads and checks both files; both layers are kept
    assert _checks_rows(night.cache) == 2
    with sqlite3.connect(night.cache / DB_NAME) as db:  # as after a change of policy
        db.execute("DELETE FROM checks")
    second = night()
    assert _records(second) == _records(first) and any(_records(first).values())
    assert _checks_rows(night.cache) == 2  # checked here and kept

    import checks.runner

    def not_again(*_args, **_kwargs):
        raise AssertionError("checked again")

    monkeypatch.setattr(checks.runner, "check_syllabus", not_again)
    third = night()
    assert not third.checks.failures and _records(third) == _records(first)


def test_a_check_with_a_crashed_rule_is_not_kept_and_the_run_reports_it(night, monkeypatch):
    first = night()
    with sqlite3.connect(night.cache / DB_NAME) as db:
        db.execute("DELETE FROM checks")
    import pipeline.work

    real = pipeline.work.check_one

    def one_rule_crashed(syllabus, spec):
        checked = real(syllabus, spec)
        checked["failures"] = [{"rule": "XXX001", "file": syllabus.file, "error": "boom"}]
        return checked

    monkeypatch.setattr(pipeline.work, "check_one", one_rule_crashed)
    second = night()
    assert _checks_rows(night.cache) == 0  # nothing kept from a check that did not run whole
    assert _records(second) == _records(first)  # audit() checked them itself
