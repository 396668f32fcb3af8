"""Read coverage in the checks (issue 9): a part not read is never a finding, its rules do not
run, the syllabus says what was not verified and where, and its verdict says the check was
incomplete without ever being worse for it."""

from __future__ import annotations

from datetime import date

from checks.coverage import NotVerified, SeenAt, blocking_parts
from checks.finding import Verdict
from checks.policy import load_policy
from checks.registry import CheckContext, load_rules
from checks.runner import audit, check_syllabus, selected_rules
from extractors.model import ReadStatus
from tests.rules.base import patched_syllabus

TODAY = date(2026, 11, 22)
ALL_READ = {"*": "read"}
HOURS_NOT_READ = {**ALL_READ, "hours": {"status": "not_read", "page": 5, "table": 1, "row": 0, "text": "Пәннің еңбек сыйымдылығы"}}


def run(*patches, **kw):
    return audit([patched_syllabus(p) for p in patches], policy=load_policy(), today=TODAY, **kw)


def codes(result):
    return sorted({f.rule for f in result.findings})


def test_rules_declare_the_parts_they_need():
    registry = load_rules()
    assert registry["HRS001"].needs == ("credits", "hours")
    assert registry["ASM004"].needs == ("scale",)
    assert registry["PRQ001"].needs == ("prerequisites",)
    assert registry["PRQ005"].needs == ("postrequisites",)
    # rules that need nothing run on every syllabus, and the manifest says what each needs
    assert registry["HYG003"].needs == ()
    assert registry["XRF001"].manifest().as_record()["needs"] == ["plan", "assessment"]


def test_wrong_hours_not_read_are_not_checked():
    # 45 h of СӨЖ instead of 75 breaks three hours rules when the table was read...
    wrong = {"set": {"hours.siw.value": 45.0}}
    read = run({**wrong, "coverage": ALL_READ})
    assert {"HRS001", "HRS002"} <= set(codes(read))
    assert read.documents[0].verdict is Verdict.to_revise
    # ...and none when the reader saw the table but could not read it
    unread = run({**wrong, "coverage": HOURS_NOT_READ})
    assert not {c for c in codes(unread) if c.startswith(("HRS", "PLN")) or c in ("PRQ004", "PRG008")}
    doc = unread.documents[0]
    assert doc.verdict is Verdict.incomplete
    assert doc.not_verified == [
        NotVerified(
            part="hours",
            seen_at=SeenAt(page=5, table=2, row=1),  # counted from 1 for people
            quote="Пәннің еңбек сыйымдылығы",
            rules_not_run=["HRS001", "HRS002", "HRS003", "PLN002", "PLN003", "PRG008", "PRQ004"],
        )
    ]


def test_not_read_never_makes_a_verdict_worse_nor_better_than_the_findings():
    # nothing found, something not read: remarks, incomplete check
    assert run({"coverage": HOURS_NOT_READ}).documents[0].verdict is Verdict.incomplete
    # a minor finding (tracked changes) would give accepted with remarks: incomplete instead
    minor = {"set": {"document.has_tracked_changes": True}}
    assert run({**minor, "coverage": ALL_READ}).documents[0].verdict is Verdict.accepted_with_remarks
    assert run({**minor, "coverage": HOURS_NOT_READ}).documents[0].verdict is Verdict.incomplete
    # a major nonconformity elsewhere keeps its verdict
    major = {"set": {"assessment.periods.0.items.0.max_points.value": 10.0}}
    assert run({**major, "coverage": HOURS_NOT_READ}).documents[0].verdict is Verdict.to_revise
    # no coverage: today's verdicts
    assert run({}).documents[0].verdict is Verdict.accepted


def test_absent_and_empty_parts_are_findings_not_notes():
    empty = {"status": "empty", "page": 4, "paragraph": 59, "text": "ПРЕРЕКВИЗИТЫ:"}
    r = run({"set": {"prerequisites": []}, "coverage": {**ALL_READ, "prerequisites": empty}})
    assert codes(r) == ["PRQ001"] and r.documents[0].not_verified == []
    assert r.documents[0].verdict is Verdict.accepted_with_remarks
    r = run({"set": {"postrequisites": []}, "coverage": {**ALL_READ, "postrequisites": "absent"}})
    assert codes(r) == ["HYG004"]


def test_not_read_part_is_no_finding_of_any_rule():
    # the reader saw the plan's heading and understood none of it: no DOC004/HYG004 "missing"
    r = run({"set": {"plan": []}, "coverage": {**ALL_READ, "plan": "not_read"}})
    assert r.findings == []
    note = r.documents[0].not_verified[0]
    assert note.part == "plan" and note.seen_at is None
    assert {"PLN001", "PLN002", "XRF001", "XRF002", "XRF003"} <= set(note.rules_not_run)


def test_notes_name_only_the_selected_rules():
    policy = load_policy()
    rules = selected_rules(policy, select=["HRS003", "HYG003"])
    r = audit([patched_syllabus({"coverage": HOURS_NOT_READ})], policy=policy, rules=rules, today=TODAY)
    assert r.documents[0].not_verified[0].rules_not_run == ["HRS003"]


def test_workers_skip_the_same_rules_as_the_coordinator():
    policy = load_policy()
    rules = selected_rules(policy)
    s = patched_syllabus({"set": {"hours.siw.value": 45.0}, "coverage": HOURS_NOT_READ})
    ctx = CheckContext(policy=policy, today=TODAY)
    findings = check_syllabus(s, rules, ctx)
    assert not [f for f in findings if f.rule.startswith("HRS")]
    r = audit([s], policy=policy, rules=rules, today=TODAY, precomputed={s.file: findings})
    assert r.documents[0].verdict is Verdict.incomplete and r.documents[0].not_verified[0].part == "hours"
    assert blocking_parts(load_rules()["HRS001"](), s) == ["hours"]


def test_batch_rule_does_not_report_on_a_part_not_read():
    other = {
        "file": "b.docx",
        "set": {
            "identity.course_code.value": "GTMG4302",
            "identity.course_title.value": "Геотектоника және металлогения",
            "prerequisites": [{"$v": "Минералогия"}],
            "postrequisites": [{"$v": "Пайдалы қазбалар кен орындарын барлау"}],
        },
    }
    rules = [load_rules()["BAT001"]()]
    assert codes(run({}, other, rules=rules)) == ["BAT001"]
    r = run({"coverage": {**ALL_READ, "postrequisites": "not_read"}}, other, rules=rules)
    assert r.findings == []
    assert r.documents[0].not_verified[0].rules_not_run == ["BAT001"]


def test_verdict_record_carries_notes_and_coverage():
    r = run({"coverage": HOURS_NOT_READ})
    rec = r.documents[0].verdict_record()
    assert rec["verdict"] == "incomplete"
    assert rec["not_verified"][0]["part"] == "hours"
    assert rec["not_verified"][0]["seen_at"] == {"page": 5, "paragraph": None, "table": 2, "row": 1, "column": None}
    assert rec["coverage"]["hours"]["status"] == "not_read"
    assert rec["coverage"]["hours"]["rules_not_run"][0] == "HRS001"
    assert rec["coverage"]["plan"] == {"status": "read", "seen_at": None, "quote": "", "rules_not_run": []}
    assert list(rec["coverage"])[:2] == ["identity", "credits"]
    assert r.documents[0].coverage["hours"].status is ReadStatus.not_read
    assert run({}).documents[0].verdict_record()["coverage"] == {}
