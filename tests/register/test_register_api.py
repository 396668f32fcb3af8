"""The register's one typed interface (``store.Register`` with ``api`` results): queries, changes
in one transaction each, a guard that refuses before anything changes, the Excel round trip."""

from __future__ import annotations

import pytest
from register_helpers import dump, finding, night, ref

from reports.register import ForbiddenTransition, UnknownRecord
from reports.register.api import Record, RecordQuery, Run, RunSyllabus

PHYS = dict(code="PHYS1101", file="syllabi/PHYS1101.docx", sha="b" * 64, title="Физика", department="Физика")


@pytest.fixture
def seeded(register):
    math, phys = ref(), ref(**PHYS)
    register.record_run("n1", [(finding(key="a"), math), (finding("HRS002", key="b"), math),
                               (finding(key="a", code="PHYS1101"), phys)], [math, phys], night(2),
                        syllabi=[dict(file=math.file, course_code=math.course_code, department=math.department,
                                      findings=2, coverage={"plan": {"status": "not_read"}})])
    return register


def test_records_are_typed_detached_and_filtered(seeded):
    every = seeded.records()
    assert [r.id for r in every] == ["NC-2026-0001", "NC-2026-0002", "NC-2026-0003"]
    assert all(isinstance(r, Record) for r in every)
    assert [r.id for r in seeded.records(RecordQuery(departments=["Физика"]))] == ["NC-2026-0003"]
    assert seeded.records(RecordQuery(departments=[])) == []
    assert [r.id for r in seeded.records(RecordQuery(rule="hrs002"))] == ["NC-2026-0002"]
    assert [r.id for r in seeded.records(RecordQuery(course="phys", statuses=["open"]))] == ["NC-2026-0003"]
    assert [r.id for r in seeded.records(RecordQuery(ids=["NC-2026-0002"]))] == ["NC-2026-0002"]
    one = seeded.record(" nc-2026-0001 ")
    assert one.nonconformity().syllabus.course_code == "GMRK3301" and one.as_record()["unaudited_since_run"] is None
    assert one.may("assign") and one.may("close") and not one.may("verify")
    assert one.typed_evidence.actual == "140" and one.evidence["actual"] == "140"
    with pytest.raises(UnknownRecord):
        seeded.record("NC-2026-0099")
    assert seeded.department_names() == {"Математика кафедрасы", "Физика"}
    assert seeded.rules() == ["HRS001", "HRS002"]
    (run,) = seeded.runs()
    assert isinstance(run, Run) and (run.id, run.new, run.open) == ("n1", 3, 3)
    (syl,) = seeded.syllabi_of_run("n1", departments=["Математика кафедрасы"])
    assert isinstance(syl, RunSyllabus) and syl.not_read() == ["plan"]
    assert seeded.syllabi_of_run("n1", departments=["Физика"]) == []


def test_changes_are_one_transaction_each_and_a_guard_refuses_first(seeded, url):
    before = dump(url)

    def refuse(record: Record) -> None:
        assert record.id == "NC-2026-0001"  # the record as it is under the write lock
        raise PermissionError("not yours")

    with pytest.raises(PermissionError):
        seeded.close_record("NC-2026-0001", comment="done", by="qa", when=night(3), guard=refuse)
    assert dump(url) == before
    planned = seeded.plan("NC-2026-0001", by="qa", when=night(3), action="Fix the table", responsible="Head",
                          due="2026-03-20", root_cause="template")
    assert (planned.status, planned.root_cause, planned.latest_due.isoformat()) == ("action_planned", "template",
                                                                                    "2026-03-20")
    assert planned.history[-1].comment == "root cause: template" and planned.version != seeded.record("NC-2026-0002").version
    assert seeded.close_record("NC-2026-0001", comment="fixed", by="qa", when=night(4)).status == "closed"
    with pytest.raises(ForbiddenTransition):  # closed and no run since: verification waits
        seeded.verify_record("NC-2026-0001", comment="ok", by="qa", when=night(5))


def test_excel_round_trip_through_the_register(seeded, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "plan.xlsx"
    assert seeded.export_xlsx(path, statuses=None) == 3
    wb = load_workbook(path)
    ws = wb["Nonconformities"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Түзету әрекеттері / Corrective action") + 1, value="Revise")
    ws.cell(row=2, column=header.index("Жауапты орындаушы / Responsible executor") + 1, value="Head")
    ws.cell(row=2, column=header.index("Орындау мерзімі / Due date") + 1, value="2026-03-31")
    wb.save(path)
    result = seeded.import_xlsx(path, by="qa", when=night(3))
    assert result.records_changed == ["NC-2026-0001"] and result.actions_added == 1
    assert seeded.record("NC-2026-0001").actions[-1].action == "Revise"
