"""record_run writes a run's syllabi in one bulk insert and takes only the open records a run did
not find in its second pass (store._insert_run_syllabi, lifecycle._rows_by_id): the rows are the
ones the per-object path wrote, in the same order."""

from __future__ import annotations

import pytest
from register_helpers import finding, night, ref
from sqlalchemy import text

from reports.register.api import RunSyllabus


def _syllabus(file: str, **extra) -> dict:
    return {"file": file, "course_code": "C-" + file, "verdict": "accepted", **extra}


def test_syllabi_kept_in_the_order_given_with_nulls_as_before(register):
    syllabi = [
        _syllabus("b.docx", coverage={"identity": {"status": "read"}}, copies=["b.docx", "b.pdf"], findings=2),
        _syllabus("a.docx", coverage=None, copies=None),  # the audit's: no coverage, one file
        {"file": "c.docx"},  # keys left out: column defaults, SQL NULL
    ]
    register.record_run("r1", [], [], night(2), syllabi=syllabi)
    got = register.syllabi_of_run("r1", order="recorded")
    assert [s.file for s in got] == ["b.docx", "a.docx", "c.docx"]
    assert got[0] == RunSyllabus(file="b.docx", file_sha256=None, course_code="C-b.docx", course_title=None,
                                 programme=None, department=None, language=None, verdict="accepted", findings=2,
                                 major=0, minor=0, observation=0, error=None,
                                 coverage={"identity": {"status": "read"}}, copies=["b.docx", "b.pdf"])
    assert (got[1].coverage, got[1].copies, got[2].findings, got[2].major) == (None, None, 0, 0)
    with register.read() as session:
        # IS NULL, not the values: PostgreSQL's driver reads a JSON null back as None as well
        stored = session.execute(text("SELECT file, coverage IS NULL, copies IS NULL FROM run_syllabi ORDER BY id")).all()
    # None given is JSON null, as a mapped object stored it; a key left out is SQL NULL
    assert [(f, bool(c), bool(p)) for f, c, p in stored][1:] == [("a.docx", False, False), ("c.docx", True, True)]


def test_a_syllabus_key_that_is_no_column_is_refused_and_nothing_recorded(register):
    with pytest.raises(TypeError, match="'verdikt' is an invalid keyword argument for RunSyllabusRow"):
        register.record_run("r1", [(finding(), ref())], [ref()], night(2), syllabi=[{"file": "a", "verdikt": "x"}])
    with pytest.raises(TypeError, match="run_id"):
        register.record_run("r1", [], [], night(2), syllabi=[{"file": "a", "run_id": "other"}])
    assert register.runs() == [] and register.records() == []


def test_syllabi_from_a_generator(register):
    register.record_run("r1", [], [], night(2), syllabi=(_syllabus(f"{i}.docx") for i in range(3)))
    assert [s.file for s in register.syllabi_of_run("r1", order="recorded")] == ["0.docx", "1.docx", "2.docx"]


def test_second_pass_resolves_and_marks_only_what_the_run_did_not_find(register):
    math, phys = ref(), ref(code="PHY101", file="syllabi/PHY101.docx", sha="b" * 64, title="Физика")
    found = [(finding(key=f"k{i}"), math) for i in range(5)] + [(finding(key="p", code="PHY101"), phys)]
    first = register.record_run("r1", found, [math, phys], night(2))
    assert len(first.new) == 6
    # r2: k1 and k3 gone from an audited syllabus; PHY101 not audited; the rest found again
    again = [p for p in found[:5] if p[0].key not in ("k1", "k3")]
    second = register.record_run("r2", again, [math], night(3))
    by_key = {r.evidence["location"]: r for r in register.records()}
    assert sorted(second.resolved) == sorted([by_key["k1"].id, by_key["k3"].id])
    assert second.unaudited == [by_key["p"].id]
    assert sorted(second.still_open) == sorted(by_key[k].id for k in ("k0", "k2", "k4"))
    assert by_key["k1"].status == by_key["k3"].status == "resolved"
    assert by_key["p"].status == "open" and by_key["p"].unaudited_since_run == "r2"
    assert [h.comment for h in by_key["k1"].history] == [
        "detected", "no longer found: the audited syllabus meets the requirement"]
    # resolved in the order of the open rows, as before: ids counted in that order
    assert second.resolved == [r.id for r in register.records() if r.id in second.resolved]


def test_found_again_unchanged_moves_last_seen_and_clears_unaudited_only(register):
    math, phys = ref(), ref(code="PHY101", file="syllabi/PHY101.docx", sha="b" * 64, title="Физика")
    found = [(finding(key="k0"), math), (finding(key="p", code="PHY101"), phys)]
    register.record_run("r1", found, [math, phys], night(2))
    register.record_run("r2", found[:1], [math], night(3))  # PHY101 not audited: its record unaudited
    before = {r.id: r for r in register.records()}
    # r3: both found again, as observed before, except k0's actual value (an observation change)
    changed = (finding(key="k0", actual="141"), math)
    register.record_run("r3", [changed, found[1]], [math, phys], night(4))
    after = {r.id: r for r in register.records()}
    p_id = next(i for i, r in before.items() if r.evidence["location"] == "p")
    k_id = next(i for i in before if i != p_id)
    assert before[p_id].unaudited_since_run == "r2" and after[p_id].unaudited_since_run is None
    assert after[p_id].last_seen_run == after[k_id].last_seen_run == "r3"
    assert after[k_id].actual == "141" and before[k_id].actual == "140"
    same = ("status", "history", "actions", "detected_on", "review_deadline", "description_en", "evidence", "file")
    assert [getattr(after[p_id], f) for f in same] == [getattr(before[p_id], f) for f in same]
    assert after[p_id].last_audited_run == "r3"
