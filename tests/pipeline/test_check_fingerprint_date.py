"""The date is in the check fingerprint only while a per-syllabus check reads it (issue 13): with
it always there, every night's re-audit re-checked every unchanged syllabus."""

from __future__ import annotations

from datetime import date

import pytest

import pipeline.cache as cache
from checks.policy import load_policy
from checks.runner import selected_rules
from pipeline.cache import _reads_the_date, check_fingerprint, rules_read_the_date

DAY, NEXT = date(2025, 9, 1), date(2025, 9, 2)


@pytest.mark.parametrize("source", [
    "def check(self, syllabus, ctx):\n    return ctx.today.year - 10\n",
    "from datetime import date\nYEAR = date.today().year\n",
    "import datetime\ndef f():\n    return datetime.datetime.now()\n",
    "import time\ndef f():\n    return time.time()\n",
    "from time import localtime\nNOW = localtime()\n",
    "def f(today\n",  # cannot be parsed: taken as reading it
])
def test_what_reads_the_date(source):
    assert _reads_the_date(source)


@pytest.mark.parametrize("source", [
    '"""Validated now, as of today."""\nX = 1  # not today\n',
    "def check(self, syllabus, ctx):\n    return syllabus.identity.year\n",
    "import time\nT = time.monotonic()\n",
])
def test_what_does_not(source):
    assert not _reads_the_date(source)


def test_the_definitions_that_only_hand_the_date_on_are_not_reads():
    source = "def audit(today):\n    return today\n\nclass CheckContext:\n    today = None\n"
    assert not _reads_the_date(source, frozenset({"audit", "CheckContext"}))
    assert _reads_the_date(source, frozenset({"audit"}))
    assert not _reads_the_date(source, None)


def test_no_rule_reads_the_date_now():
    """If this fails, a rule now reads the date: its findings are then computed again every day
    (the date is back in the fingerprint), which costs the nightly re-audit every check again."""
    assert not rules_read_the_date()


def test_the_day_changes_the_fingerprint_exactly_when_a_rule_reads_the_date(monkeypatch):
    policy = load_policy()
    rules = selected_rules(policy)
    assert check_fingerprint(policy, rules, today=DAY) == check_fingerprint(policy, rules, today=NEXT)
    monkeypatch.setattr(cache, "_reads_the_date", lambda source, exempt=frozenset(): True)
    monkeypatch.setattr(cache, "_read_the_date", {})
    assert check_fingerprint(policy, rules, today=DAY) != check_fingerprint(policy, rules, today=NEXT)


def test_the_findings_do_not_change_with_the_date():
    """What the static scan above cannot see (a rule reading the date through a helper outside
    checks/): the rules run over the samples, with defects, on two dates years apart, find the
    same. If this fails while ``rules_read_the_date`` says no, the date must be put back in the
    fingerprint by hand, or cached findings would outlive the day they were right for."""
    from pathlib import Path

    from checks.runner import audit
    from extractors.api import extract_file

    samples = sorted((Path(__file__).resolve().parents[2] / "data" / "samples").glob("*.docx"))
    syllabi = [extract_file(p) for p in samples]
    policy = load_policy()

    def found(today: date) -> list[tuple]:
        result = audit(syllabi, policy=policy, today=today)
        return [(d.file if hasattr(d, "file") else i, sorted(f.model_dump_json() for f in d.findings))
                for i, d in enumerate(result.documents)]

    early, late = found(date(2019, 1, 15)), found(date(2031, 6, 30))
    assert any(findings for _, findings in early), "the samples have defects: a run that finds none proves nothing"
    assert early == late
