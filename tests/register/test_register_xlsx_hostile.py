"""``register export-xlsx`` and ``report`` with hostile text in the register (issue 11): course
titles that look like formulas stay text and come back unchanged, and control characters from a
file name or a PDF's text neither break the export nor the reports."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from register_helpers import dump, finding, night, ref

from reports.register import human
from reports.register.xlsx_roundtrip import KEYS, SHEET, export_xlsx, import_xlsx
from reports.safe_text import shown

FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid/x","click")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]
# what a PDF's text layer and an old share's file names really hold
CONTROL_TITLE = "Гармония\x00\x07\x1b[2J\x0b\x0c\x7f\ufffe курс"
CONTROL_FILE = "syllabi/ГМРК\x01\x1f\u202e.pdf"


def _fill(register):
    pairs, audited = [], []
    for i, title in enumerate(FORMULAS):
        r = ref(code=f"FRM{i:03d}", file=f"syllabi/FRM{i:03d}.docx", title=title, department=title)
        pairs.append((finding(code=r.course_code, file=r.file, actual=title), r))
        audited.append(r)
    hostile = ref(code="CTL001", file=CONTROL_FILE, title=CONTROL_TITLE)
    pairs.append((finding(code="CTL001", file=CONTROL_FILE, actual="14\x0012"), hostile))
    audited.append(hostile)
    syllabi = [{"file": r.file, "course_code": r.course_code, "course_title": r.course_title,
                "department": r.department, "verdict": "to_revise", "findings": 1, "major": 1} for r in audited]
    register.record_run("n1", pairs, audited, night(2), syllabi=syllabi)


def _all_cells(path):
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def test_export_writes_no_formula_and_imports_its_own_export_unchanged(register, url, tmp_path):
    _fill(register)
    path = tmp_path / "plan.xlsx"
    with register.read() as s:
        assert export_xlsx(s, path, lang="ru") == len(FORMULAS) + 1
    cells = list(_all_cells(path))
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    ws = load_workbook(path)[SHEET]
    titles = [ws.cell(r, KEYS.index("course_title") + 1).value for r in range(2, ws.max_row + 1)]
    # every formula-looking title is there as the text it was (tab-led stripped of nothing but is
    # compared as the import compares: surrounding whitespace aside); the control characters escaped
    for title in FORMULAS:
        assert shown(title).strip() in [(t or "").strip() for t in titles]
    assert shown(CONTROL_TITLE) in titles and "\\x1b[2J" in shown(CONTROL_TITLE)
    for c in cells:
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")):
            assert c.quotePrefix, c.coordinate  # Excel keeps it text when someone edits the cell

    before = dump(url)
    with register.write() as s:
        result = import_xlsx(s, path, by="qa", when=datetime(2026, 3, 5, 11, 0))
    assert result.rows_read == len(FORMULAS) + 1
    assert result.records_changed == [] and result.actions_added == result.actions_updated == 0
    assert dump(url) == before


def test_an_edit_beside_escaped_text_keeps_the_register_text_exact(register, tmp_path):
    _fill(register)
    nc_id = next(r.id for r in register.list() if r.syllabus.course_code == "CTL001")
    with register.write() as s:
        human.set_analysis(human.load(s, nc_id), correction="таблица\x07 исправлена", root_cause=None)
    path = tmp_path / "plan.xlsx"
    with register.read() as s:
        export_xlsx(s, path)
    wb = load_workbook(path)
    ws = wb[SHEET]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == nc_id)
    assert ws.cell(row, KEYS.index("correction") + 1).value == "таблица\\x07 исправлена"
    ws.cell(row, KEYS.index("root_cause") + 1, "old template")
    wb.save(path)
    with register.write() as s:
        result = import_xlsx(s, path, by="qa", when=datetime(2026, 3, 5, 11, 0))
    assert result.records_changed == [nc_id]
    record = register.get(nc_id)
    assert record.correction == "таблица\x07 исправлена"  # not the escape the sheet showed
    assert record.root_cause == "old template"


def run(*args):
    from pipeline.cli import main

    return CliRunner().invoke(main, list(args), env={"SYLLABUS_AUDIT_REGISTER": None})


@pytest.mark.parametrize("fmt", ["xlsx", "plan-docx", "html", "csv", "json"])
def test_report_and_export_commands_with_hostile_records(register, url, tmp_path, fmt):
    _fill(register)
    out = run("report", "n1", "--register", url, "--out", str(tmp_path / "r"), "--lang", "kk",
              "--report-format", fmt)
    assert out.exit_code == 0, out.output
    assert "Traceback" not in out.output
    written = [p for p in (tmp_path / "r" / "n1").iterdir()]
    assert written and not [p for p in written if ".part" in p.name]
    if fmt == "xlsx":
        cells = list(_all_cells(written[0]))
        assert not [c for c in cells if c.data_type == "f"]
        assert shown(CONTROL_TITLE) in {c.value for c in cells}
    if fmt == "plan-docx":
        from docx import Document

        texts = "\n".join(p.text for f in written for t in Document(f).tables for row in t.rows
                          for cell in row.cells for p in cell.paragraphs)
        assert shown(CONTROL_TITLE) in texts and shown(CONTROL_FILE) in texts

    export = run("register", "export-xlsx", str(tmp_path / "plan.xlsx"), "--register", url)
    assert export.exit_code == 0 and f"{len(FORMULAS) + 1} record(s)" in export.output, export.output
    assert not [c for c in _all_cells(tmp_path / "plan.xlsx") if c.data_type == "f"]
