"""The XLSX report cell by cell (issue 13, written with XlsxWriter): every cell holds its table's
value with its type, text is never a formula, the header is bold, filled and wrapped, columns are
fitted, follow-on findings are grouped, text over Excel's limits is cut where Excel cuts it, the
page header survives any institution name, and LibreOffice opens the file."""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from report_factory import build_report, build_root_cause_report

from reports.run_report import RunReport, Table
from reports.safe_text import FORMULA_TRIGGERS, shown
from reports.writers import xlsx_writer


def _tables(report: RunReport) -> list[Table]:
    tables = {"findings": report.record_table(), **report.summary_tables(), "coverage": report.coverage_table()}
    return [tables[name] for name in xlsx_writer.SHEETS]


def _widths(ws) -> dict[int, float]:
    # one <col> element may cover several neighbouring columns of the same width
    return {c: d.width for d in ws.column_dimensions.values() if d.customWidth for c in range(d.min, d.max + 1)}


def _expected(value):
    """A table value as openpyxl reads it back: text escaped, "" and None empty, a date a datetime."""
    value = shown(value)
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (bool, int, float, datetime)):
        return value
    return str(value)


def test_every_cell_holds_its_tables_value_with_its_type(report, tmp_path):
    wb = openpyxl.load_workbook(xlsx_writer.render(report, tmp_path))
    for ws, table in zip(wb.worksheets, _tables(report)):
        rows = [table.columns, *table.rows]
        assert ws.max_row == len(rows) and ws.max_column == len(table.columns), ws.title
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell, want = ws.cell(row=r, column=c), _expected(value)
                assert cell.value == want and type(cell.value) is type(want), (ws.title, cell.coordinate, value)
                if isinstance(want, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    # Excel's quote prefix on text a spreadsheet would take for a formula, only there
                    assert bool(cell.quotePrefix) == want.startswith(FORMULA_TRIGGERS), (ws.title, cell.coordinate)
                elif isinstance(want, datetime):
                    assert cell.number_format == "dd.mm.yyyy", (ws.title, cell.coordinate)
                elif isinstance(want, int):
                    assert cell.data_type == "n" and cell.number_format == "General"


def test_header_columns_and_alignment(report_kk, tmp_path):
    wb = openpyxl.load_workbook(xlsx_writer.render(report_kk, tmp_path))
    for ws, table in zip(wb.worksheets, _tables(report_kk)):
        widths = _widths(ws)
        for c in range(1, ws.max_column + 1):
            head = ws.cell(row=1, column=c)
            assert head.font.bold and head.fill.patternType == "solid" and head.fill.fgColor.rgb[-6:] == "DDE5F0"
            assert head.alignment.wrap_text and head.alignment.vertical == "top"
            # as the cells show them (a date as 2025-03-10), without "" and None
            values = [shown(v) for v in ([table.columns[c - 1]] + [row[c - 1] for row in table.rows]) if _expected(v) is not None]
            longest = max((len(line) for v in values for line in str(v).splitlines()), default=8)
            assert widths[c] == min(max(longest + 2, 8), 60), (ws.title, c)  # whole characters, in the file
            for r in range(2, ws.max_row + 1):
                body = ws.cell(row=r, column=c)
                assert body.alignment.vertical == "top" and not body.font.bold and body.fill.patternType is None
                assert bool(body.alignment.wrap_text) == (longest > 40), (ws.title, body.coordinate)
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions


def test_follow_on_findings_are_grouped_under_their_root(tmp_path):
    report = build_root_cause_report("kk")
    ws = openpyxl.load_workbook(xlsx_writer.render(report, tmp_path)).worksheets[0]
    header = [c.value for c in ws[1]]
    root_col = header.index(report.labels.column("root_cause_id")) + 1
    follow_ons = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=root_col).value]
    assert len(follow_ons) == 4
    for r in range(2, ws.max_row + 1):
        first = ws.cell(row=r, column=1)
        if r in follow_ons:
            assert ws.row_dimensions[r].outlineLevel == 1
            assert first.alignment.indent == 2 and first.alignment.vertical == "top" and not first.alignment.wrap_text
        else:
            assert not ws.row_dimensions[r].outlineLevel and not first.alignment.indent
    assert ws.sheet_properties.outlinePr.summaryBelow is False  # the root sits above its group


def _with_description(report: RunReport, text: str) -> RunReport:
    entry = report.entries[0]
    record = entry.record.model_copy(update={"description": entry.record.description.model_copy(update={report.language: text})})
    return report.model_copy(update={"entries": [entry.model_copy(update={"record": record}), *report.entries[1:]]})


@pytest.mark.parametrize(("text", "kept"), [
    ("Ж" * 40000, "Ж" * 32767),  # Excel's limit: 32,767 UTF-16 units
    ("x" + "𝔸" * 20000, "x" + "𝔸" * 16383),  # two units each, never one cut in half
    ("Ж" * 32767, "Ж" * 32767),
], ids=["over", "non-BMP over", "at the limit"])
def test_text_over_excels_limit_is_cut_where_excel_cuts_it(tmp_path, text, kept):
    report = _with_description(build_report("kk"), text)
    ws = openpyxl.load_workbook(xlsx_writer.render(report, tmp_path)).worksheets[0]
    column = [c.value for c in ws[1]].index(report.labels.column("description")) + 1
    cells = [ws.cell(row=r, column=column).value for r in range(2, ws.max_row + 1)]
    assert kept in cells
    assert len(kept.encode("utf-16-le")) // 2 <= 32767


def _page_header(path) -> str:
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    found = re.search(r"<oddHeader>(.*?)</oddHeader>", sheet)
    assert found, "no page header"
    return html.unescape(found.group(1))


@pytest.mark.parametrize(("institution", "left"), [
    ("Консерватория", "&LКонсерватория&R"),
    ("A&G & Co", "&LA&&\u200bG && Co&R"),  # &G alone would be XlsxWriter's image placeholder
    ("&[Picture] Institute", "&L&&\u200b[Picture] Institute&R"),
], ids=["plain", "ampersand G", "picture code"])
def test_page_header_keeps_the_institution(tmp_path, institution, left):
    report = build_report("kk").model_copy(update={"institution": institution})
    header = _page_header(xlsx_writer.render(report, tmp_path))
    assert header.startswith(left) and report.run_id in header


def test_a_long_institution_is_cut_to_excels_header_limit(tmp_path):
    report = build_report("ru").model_copy(update={"institution": "Университет & " * 40})
    path = xlsx_writer.render(report, tmp_path)
    header = _page_header(path)
    assert len(header) <= 255 and header.startswith("&LУниверситет && Университет") and "…&R" in header
    assert report.run_id in header
    assert openpyxl.load_workbook(path).worksheets[0].oddHeader.right.text  # the run is still there


def test_a_run_without_findings(tmp_path):
    report = build_report("en").model_copy(update={"entries": []})
    wb = openpyxl.load_workbook(xlsx_writer.render(report, tmp_path))
    findings = wb.worksheets[0]
    assert findings.max_row == 1 and findings.auto_filter.ref == findings.dimensions
    assert findings.data_validations.dataValidation == []  # no rows to choose a status for
    assert all(c.font.bold for c in findings[1])


def _calc_missing(soffice: str, tmp_path) -> bool:
    """LibreOffice without Calc (libreoffice-writer alone) loads no spreadsheet at all: a CSV tells."""
    probe = tmp_path / "probe.csv"
    probe.write_text("a,b\n1,2\n", encoding="utf-8")
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                           "--convert-to", "ods", "--outdir", str(tmp_path), str(probe)],
                          capture_output=True, text=True, timeout=120)
    return not (tmp_path / "probe.ods").exists() or done.returncode != 0


@pytest.mark.libreoffice
def test_libreoffice_opens_the_workbook(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    if _calc_missing(soffice, tmp_path):
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    report = build_root_cause_report("kk")
    (tmp_path / "out").mkdir()
    path = xlsx_writer.render(report, tmp_path / "out")
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "csv"), str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # the CSV filter's options: comma, double quote, UTF-8 (76)
    with open(tmp_path / "csv" / "report.kk.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    table = report.record_table()
    assert rows[0] == table.columns
    assert [r[0] for r in rows[1:]] == [row[0] for row in table.rows]
    description = table.columns.index(report.labels.column("description"))
    # formula-looking text reads back as the text itself, not a computed value
    assert "=cmd|' /C calc'!A0" in [r[description] for r in rows[1:]]
