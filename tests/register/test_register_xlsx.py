"""The Excel round trip: export the open records, fill in the plan, import; refused edits change nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from register_helpers import dump, finding, night, ref

from reports.records import Status
from reports.register import ImportRefused, human
from reports.register.xlsx_roundtrip import HEADERS, KEYS, SHEET, export_xlsx, import_xlsx

R = ref()


@pytest.fixture
def exported(register, tmp_path):
    register.record_run("n1", [(finding(key=f"k{i}"), R) for i in range(3)], [R], night(2))
    path = tmp_path / "plan.xlsx"
    with register.read() as s:
        assert export_xlsx(s, path) == 3
    return path


def edit(path, changes: dict[tuple[int, str], object], out=None):
    wb = load_workbook(path)
    ws = wb[SHEET]
    for (row, key), value in changes.items():
        ws.cell(row=row, column=KEYS.index(key) + 1, value=value)
    wb.save(out or path)
    return out or path


def do_import(register, path, by="qa.officer"):
    with register.write() as s:
        return import_xlsx(s, path, by=by, when=datetime(2026, 3, 5, 11, 0))


def test_export_layout(exported):
    wb = load_workbook(exported)
    ws = wb[SHEET]
    assert [c.value for c in ws[1]] == [HEADERS[k] for k in KEYS]
    assert ws.protection.sheet
    assert ws.cell(2, KEYS.index("id") + 1).protection.locked
    assert not ws.cell(2, KEYS.index("action") + 1).protection.locked
    assert ws.column_dimensions["X"].hidden  # the checksum
    assert wb["_original"].sheet_state == "veryHidden"


def test_filled_plan_is_imported(register, exported):
    edit(exported, {
        (2, "action"): "Recount the hours with the curriculum", (2, "responsible"): "Head of department",
        (2, "co_executors"): "A. Author; B. Methodist", (2, "due"): datetime(2026, 3, 27),
        (2, "correction"): "table fixed", (2, "root_cause"): "old template",
        (3, "action"): "Update the template", (3, "responsible"): "Methodist", (3, "due"): "31.03.2026",
    })
    result = do_import(register, exported)
    assert result.actions_added == 2 and sorted(result.records_changed) == ["NC-2026-0001", "NC-2026-0002"]
    one = register.get("NC-2026-0001")
    assert one.status == Status.action_planned
    assert one.correction == "table fixed" and one.root_cause == "old template"
    [a] = one.corrective_actions
    assert (a.responsible, a.co_executors, a.due) == ("Head of department", ["A. Author", "B. Methodist"], date(2026, 3, 27))
    assert one.history[-1].by == "qa.officer"
    assert register.get("NC-2026-0002").corrective_actions[0].due == date(2026, 3, 31)
    assert register.get("NC-2026-0003").status == Status.open

    # a second round: the next export shows the plan; moving the due date and marking the result
    with register.read() as s:
        export_xlsx(s, exported)
    edit(exported, {(2, "due"): "2026-04-10", (2, "result_mark"): "done, checked 2026-04-08"})
    result = do_import(register, exported)
    assert result.actions_updated == 1 and result.actions_added == 0
    [a] = register.get("NC-2026-0001").corrective_actions
    assert a.due == date(2026, 4, 10) and a.result_mark == "done, checked 2026-04-08"
    assert "due: 2026-03-27 → 2026-04-10" in register.get("NC-2026-0001").history[-1].comment


def test_refused_edits_apply_nothing_and_name_every_row(register, exported, url, tmp_path):
    before = dump(url)
    bad = edit(exported, {
        (2, "action"): "A valid action", (2, "responsible"): "Head", (2, "due"): "2026-03-20",  # fine alone
        (3, "action"): "Another", (3, "responsible"): "Head", (3, "due"): "31.02.2026",  # no such date
        (4, "course_title"): "Something else",  # read-only
        (5, "id"): "NC-2026-0999", (5, "action"): "x", (5, "responsible"): "y", (5, "due"): "2026-03-20",  # unknown
    }, out=tmp_path / "bad.xlsx")
    with pytest.raises(ImportRefused) as caught:
        do_import(register, bad)
    problems = caught.value.problems
    assert len(problems) == 3, problems
    text = "\n".join(problems)
    assert "row 3 (NC-2026-0002)" in text and "'31.02.2026' is not a date" in text
    assert "row 4 (NC-2026-0003)" in text and "read-only" in text and "Something else" in text
    assert "row 5 (NC-2026-0999)" in text and "unknown ID" in text
    assert "nothing was changed" in str(caught.value)
    assert dump(url) == before  # row 2 was valid, but nothing at all was applied


@pytest.mark.parametrize("changes, message", [
    ({(2, "action"): "Act", (2, "due"): "2026-03-20"}, "needs a responsible executor"),
    ({(2, "action"): "Act", (2, "responsible"): "Head"}, "needs a due date"),
    ({(2, "action"): "Act", (2, "responsible"): "Head", (2, "due"): "2025-12-01"}, "before the detection date"),
    ({(2, "responsible"): "Head"}, "write the action too"),
    ({(2, "status"): "closed"}, "read-only"),
    ({(2, "checksum"): "0000"}, "read-only"),
])
def test_each_refusal(register, exported, changes, message):
    edit(exported, changes)
    with pytest.raises(ImportRefused, match=message):
        do_import(register, exported)
    assert all(nc.status == Status.open and not nc.corrective_actions for nc in register.list())


def test_edit_of_a_record_changed_since_export_is_refused(register, exported):
    with register.write() as s:
        human.assign(s, "NC-2026-0001", action="Planned from the CLI", responsible="Head", due="2026-03-20", by="cli")
    edit(exported, {(2, "action"): "Planned in Excel", (2, "responsible"): "Other", (2, "due"): "2026-03-25"})
    with pytest.raises(ImportRefused, match="changed in the register after this export"):
        do_import(register, exported)
    assert [a.action for a in register.get("NC-2026-0001").corrective_actions] == ["Planned from the CLI"]


def test_not_an_export_is_refused(register, tmp_path):
    path = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    Workbook().save(path)
    with pytest.raises(ImportRefused, match="not a register export"):
        do_import(register, path)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    with pytest.raises(ImportRefused, match="cannot be read"):
        do_import(register, junk)


def test_a_bare_number_is_not_taken_for_a_date():
    from reports.register.errors import RegisterError
    from reports.register.xlsx_roundtrip import _cell_date

    with pytest.raises(RegisterError, match="is a number, not a date"):
        _cell_date(46000, "due date")
    assert _cell_date(datetime(2026, 3, 1), "due date") == date(2026, 3, 1)
