"""Several simulated nights: new → still open → resolved → recurrence, with the history."""

from __future__ import annotations

from datetime import date

import pytest
from register_helpers import finding, night, ref
from sqlalchemy import text

from reports.records import Status
from reports.register import RunAlreadyRecorded, human

TOTAL = finding("HRS001", "hours/total")
TOPIC = finding("PLN001", "plan/practicals/topic 5")
R = ref()


def by_rule(register):
    return {nc.rule: nc for nc in register.list()}


def test_nights_new_open_resolved_recurrence(register):
    o1 = register.record_run("n1", [(TOTAL, R), (TOPIC, R)], [R], night(2))
    assert o1.counts() == {"new": 2, "still_open": 0, "resolved": 0, "recurred": 0, "unaudited": 0}
    nc = by_rule(register)["HRS001"]
    assert nc.id == "NC-2026-0001" and nc.status == Status.open
    assert nc.detected_on == date(2026, 3, 2)
    assert nc.review_deadline == date(2026, 3, 9)  # 5 working days (clause 38)
    assert nc.cause_analysis_deadline == date(2026, 3, 30)  # 4 weeks (clause 39)

    o2 = register.record_run("n2", [(TOTAL, R), (TOPIC, R)], [R], night(3))
    assert o2.counts()["still_open"] == 2 and o2.counts()["new"] == 0
    assert by_rule(register)["HRS001"].last_seen_run == "n2"
    assert by_rule(register)["HRS001"].first_run == "n1"

    o3 = register.record_run("n3", [(TOPIC, R)], [R], night(4))  # hours fixed
    assert o3.resolved == [nc.id]
    assert by_rule(register)["HRS001"].status == Status.resolved

    o4 = register.record_run("n4", [(TOPIC, R)], [R], night(5))
    assert o4.counts()["resolved"] == 0 and o4.counts()["recurred"] == 0

    o5 = register.record_run("n5", [(TOTAL, R), (TOPIC, R)], [R], night(9))  # it is back
    assert o5.recurred == [nc.id] and o5.counts()["new"] == 0
    back = by_rule(register)["HRS001"]
    assert back.status == Status.reopened and back.recurrences == 1
    assert back.id == nc.id and back.detected_on == date(2026, 3, 2)
    assert back.review_deadline == date(2026, 3, 16)  # deadlines start again from the recurrence
    assert [(h.from_status, h.to_status, h.by) for h in back.history] == [
        (None, Status.open, "run:n1"),
        (Status.open, Status.resolved, "run:n3"),
        (Status.resolved, Status.reopened, "run:n5"),
    ]
    assert back.history[1].at == night(4)
    assert "clause 17" in back.history[2].comment
    assert [r.id for r in register.runs()] == ["n1", "n2", "n3", "n4", "n5"]
    assert register.runs()[-1].recurred == 1


def test_closed_and_verified_records_that_come_back_count_each_time(register):
    register.record_run("n1", [(TOTAL, R)], [R], night(2))
    [nc] = register.list()
    with register.write() as s:
        human.assign(s, nc.id, action="Check hours against the curriculum", responsible="Head of department",
                     due="2026-03-20", by="qa.officer", when=night(3, 10))
        human.close(s, nc.id, comment="syllabus corrected", by="qa.officer", when=night(4, 10))
    register.record_run("n2", [(TOTAL, R)], [R], night(5))  # not corrected after all
    assert register.get(nc.id).status == Status.reopened and register.get(nc.id).recurrences == 1
    register.record_run("n3", [], [R], night(6))
    with register.write() as s:
        human.verify(s, nc.id, comment="two nights without it", by="qa.head", when=night(9, 10))
    register.record_run("n4", [(TOTAL, R)], [R], night(10))
    final = register.get(nc.id)
    assert final.status == Status.reopened and final.recurrences == 2
    steps = [(h.from_status.value if h.from_status else None, h.to_status.value, h.by) for h in final.history]
    assert steps == [
        (None, "open", "run:n1"),
        ("open", "action_planned", "qa.officer"),
        ("action_planned", "closed", "qa.officer"),
        ("closed", "reopened", "run:n2"),
        ("reopened", "resolved", "run:n3"),
        ("resolved", "verified", "qa.head"),
        ("verified", "reopened", "run:n4"),
    ]


def test_a_syllabus_not_audited_is_not_resolved(register):
    other = ref(code="MATH1101", file="MATH1101.docx", sha="f" * 64)
    register.record_run("n1", [(TOTAL, R), (finding(code="MATH1101"), other)], [R, other], night(2))
    # MATH1101's file was deleted (or could not be read): only GMRK3301 audited, with no findings
    out = register.record_run("n2", [], [R], night(3))
    assert len(out.resolved) == 1 and len(out.unaudited) == 1
    recs = {nc.syllabus.course_code: nc for nc in register.list()}
    assert recs["GMRK3301"].status == Status.resolved
    assert recs["MATH1101"].status == Status.open  # absence of the file is no evidence of a fix
    with register.read() as s:
        mark = s.execute(text("SELECT unaudited_since_run FROM nonconformities WHERE course_code='MATH1101'")).scalar()
    assert mark == "n2"
    register.record_run("n3", [], [R], night(4))
    with register.read() as s:
        assert s.execute(text("SELECT unaudited_since_run FROM nonconformities WHERE course_code='MATH1101'")).scalar() == "n2"
    # the file is back and fixed: now it is resolved and the mark is gone
    out = register.record_run("n4", [], [R, other], night(5))
    assert out.resolved == [recs["MATH1101"].id]
    with register.read() as s:
        assert s.execute(text("SELECT unaudited_since_run FROM nonconformities WHERE course_code='MATH1101'")).scalar() is None


def test_waived_finding_resolves_its_record(register):
    register.record_run("n1", [(TOTAL, R)], [R], night(2))
    out = register.record_run("n2", [(finding(waived=True), R)], [R], night(3))
    assert len(out.resolved) == 1


def test_a_run_is_recorded_once(register):
    register.record_run("n1", [(TOTAL, R)], [R], night(2))
    with pytest.raises(RunAlreadyRecorded):
        register.record_run("n1", [(TOTAL, R)], [R], night(2))


def test_deadlines_from_policy(register):
    register.record_run("n1", [(TOTAL, R)], [R], night(6), policy={"review_working_days": 3, "cause_analysis_weeks": 2})
    [nc] = register.list()
    assert nc.review_deadline == date(2026, 3, 11)  # Fri 6 March + 3 working days
    assert nc.cause_analysis_deadline == date(2026, 3, 20)


def test_ids_are_never_reused(register, url):
    register.record_run("n1", [(finding(key=f"k{i}"), R) for i in range(3)], [R], night(2))
    assert sorted(nc.id for nc in register.list()) == ["NC-2026-0001", "NC-2026-0002", "NC-2026-0003"]
    with register.write() as s:  # someone deletes the last record by hand
        s.execute(text("DELETE FROM status_history WHERE nonconformity_id = 'NC-2026-0003'"))
        s.execute(text("DELETE FROM nonconformities WHERE id = 'NC-2026-0003'"))
    register.record_run("n2", [(finding(key="new one"), R)] + [(finding(key=f"k{i}"), R) for i in range(2)], [R], night(3))
    ids = sorted(nc.id for nc in register.list())
    assert ids == ["NC-2026-0001", "NC-2026-0002", "NC-2026-0004"]
    register.record_run("n3", [(finding(key="next year"), R)], [R], night(2).replace(year=2027))
    assert "NC-2027-0001" in {nc.id for nc in register.list()}


def test_human_transitions_are_enforced(register):
    from reports.register import ForbiddenTransition, InvalidInput, UnknownRecord

    register.record_run("n1", [(TOTAL, R)], [R], night(2))
    [nc] = register.list()
    with pytest.raises(ForbiddenTransition, match="cannot be verified"), register.write() as s:
        human.verify(s, nc.id, comment="x", by="qa")
    with pytest.raises(UnknownRecord), register.write() as s:
        human.close(s, "NC-2026-0999", comment="x", by="qa")
    with pytest.raises(InvalidInput, match="not a date"), register.write() as s:
        human.assign(s, nc.id, action="a", responsible="b", due="2026-02-30", by="qa")
    with pytest.raises(InvalidInput, match="before"), register.write() as s:
        human.assign(s, nc.id, action="a", responsible="b", due="2026-01-30", by="qa")
    with pytest.raises(InvalidInput, match="comment"), register.write() as s:
        human.close(s, nc.id, comment=" ", by="qa")
    with register.write() as s:
        human.close(s, nc.id, comment="done", by="qa", when=night(3, 10))
    # effectiveness is what a later audit shows: not before a run has audited the syllabus again
    with pytest.raises(ForbiddenTransition, match="no audit run has audited its syllabus since"), register.write() as s:
        human.verify(s, nc.id, comment="effective", by="qa", when=night(3, 11))
    register.record_run("n2", [], [ref(code="MATH1101")], night(4))  # another syllabus: still not enough
    with pytest.raises(ForbiddenTransition, match="since"), register.write() as s:
        human.verify(s, nc.id, comment="effective", by="qa", when=night(4, 11))
    register.record_run("n3", [], [R], night(5))
    with register.write() as s:
        human.verify(s, nc.id, comment="effective", by="qa", when=night(5, 11))
    with pytest.raises(ForbiddenTransition, match="verified"), register.write() as s:
        human.close(s, nc.id, comment="again", by="qa")
    assert register.get(nc.id).status == Status.verified
