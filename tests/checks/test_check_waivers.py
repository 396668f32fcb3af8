"""Waivers: a waived finding is reported as waived, an expired waiver stops applying, and a
waiver that matches no finding is reported as stale."""

from __future__ import annotations

from datetime import date

import pytest

from checks.finding import Verdict
from checks.policy import load_policy
from checks.runner import audit
from checks.waivers import WaiverError, load_waivers
from tests.rules.base import patched_syllabus

TODAY = date(2026, 11, 22)
OLD_BOOK = {"set": {"literature.additional.2.year.value": 1994, "hours.siw.value": 65.0}}


def waivers_file(tmp_path, body, name="waivers.toml"):
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return load_waivers(p)


def entry(rule="XRF004", expires="2027-06-30", course="GMRK3301", key=""):
    return (
        f'[[waiver]]\ncourse = "{course}"\nrule = "{rule}"\nkey = "{key}"\n'
        f'justification = "Classic regional monograph, no newer edition"\napprover = "Асылханова Ж.А."\nexpires = {expires}\n'
    )


def run(waivers, patch=OLD_BOOK):
    return audit([patched_syllabus(patch)], policy=load_policy(), waivers=waivers, today=TODAY)


def test_waived_finding_is_reported_as_waived(tmp_path):
    r = run(waivers_file(tmp_path, entry()))
    [old] = [f for f in r.findings if f.rule == "XRF004"]
    assert old.waived and "Асылханова" in old.waiver and "2027-06-30" in old.waiver
    assert [w.rule for w in r.waivers.applied] == ["XRF004"]
    assert r.waivers.stale == [] and r.waivers.expired == []
    # still listed, but not counted
    assert "XRF004" not in [f.rule for f in r.active_findings]


def test_waiving_by_rule_name_and_key(tmp_path):
    key = next(f.key for f in run([]).findings if f.rule == "XRF004")
    r = run(waivers_file(tmp_path, entry(rule="crossref.literature-age", key=key)))
    assert [f.rule for f in r.findings if f.waived] == ["XRF004"]


def test_waived_findings_do_not_count_for_the_verdict(tmp_path):
    ws = waivers_file(tmp_path, entry(rule="HRS001") + entry(rule="HRS002") + entry(rule="PLN003") + entry())
    r = run(ws)
    assert all(f.waived for f in r.findings) and r.waivers.stale == []
    assert r.documents[0].verdict == Verdict.accepted


def test_expired_waiver_stops_applying(tmp_path):
    r = run(waivers_file(tmp_path, entry(expires="2026-11-21")))
    assert not any(f.waived for f in r.findings)
    assert [w.rule for w in r.waivers.expired] == ["XRF004"]
    assert r.waivers.stale == []


def test_waiver_valid_on_its_expiry_day(tmp_path):
    r = run(waivers_file(tmp_path, entry(expires="2026-11-22")))
    assert any(f.waived for f in r.findings)


def test_waiver_matching_no_finding_is_stale(tmp_path):
    ws = waivers_file(tmp_path, entry(rule="ASM001") + entry(rule="XRF004", key="XRF004:literature/main:other"))
    r = run(ws)
    assert [(w.course, w.rule, w.key) for w in r.waivers.stale] == [
        ("GMRK3301", "ASM001", ""),
        ("GMRK3301", "XRF004", "XRF004:literature/main:other"),
    ]
    assert not any(f.waived for f in r.findings)


def test_waivers_out_of_this_runs_scope_are_not_stale(tmp_path):
    from checks.registry import load_rules

    # another course not in this run, and a rule this run did not use
    ws = waivers_file(tmp_path, entry(course="OTHER101") + entry(rule="ASM001"))
    rules = [r for r in load_rules().select() if r.code != "ASM001"]
    r = audit([patched_syllabus(OLD_BOOK)], policy=load_policy(), rules=rules, waivers=ws, today=TODAY)
    assert r.waivers.stale == [] and r.waivers.applied == []


def test_csv_waivers(tmp_path):
    p = tmp_path / "w.csv"
    p.write_text(
        "course,rule,justification,approver,expires\nGMRK3301,XRF004,Classic monograph,Асылханова Ж.А.,2027-01-31\n",
        encoding="utf-8",
    )
    [w] = load_waivers(p)
    assert (w.course, w.rule, w.expires, w.key) == ("GMRK3301", "XRF004", date(2027, 1, 31), "")
    assert any(f.waived for f in run([w]).findings)


@pytest.mark.parametrize(
    "body, problem",
    [
        ('[[waiver]]\ncourse = "X"\nrule = "XRF004"\napprover = "A"\nexpires = 2027-01-01\n', "justification is required"),
        ('[[waiver]]\ncourse = "X"\nrule = "XRF004"\njustification = "j"\napprover = "A"\nexpires = "soon"\n', "expires must be a date"),
        ('[[waiver]]\ncourse = "X"\nrule = "R"\njustification = "j"\napprover = "A"\nexpires = 2027-01-01\nowner = "me"\n', "unknown field"),
    ],
)
def test_bad_waiver_file(tmp_path, body, problem):
    with pytest.raises(WaiverError, match=problem):
        waivers_file(tmp_path, body)


def test_csv_missing_columns(tmp_path):
    p = tmp_path / "w.csv"
    p.write_text("course,rule\nX,Y\n", encoding="utf-8")
    with pytest.raises(WaiverError, match="missing column"):
        load_waivers(p)
