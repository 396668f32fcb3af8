"""XLSX: sheets present, header bold and frozen, filters on, text never stored as a formula."""

from __future__ import annotations

import openpyxl

from reports.run_report import RunReport
from reports.writers import xlsx_writer


def test_workbook(report: RunReport, tmp_path):
    path = xlsx_writer.render(report, tmp_path)
    wb = openpyxl.load_workbook(path)
    labels = report.labels
    assert wb.sheetnames == [labels(f"sheet.{name}")[:31] for name in xlsx_writer.SHEETS]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == ws.dimensions, ws.title
        assert all(cell.font.bold for cell in ws[1] if cell.value is not None), ws.title
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)

    findings = wb.worksheets[0]
    header = [c.value for c in findings[1]]
    assert header == list(report.to_frame().columns)
    rows = {r[0]: dict(zip(header, r)) for r in findings.iter_rows(min_row=2, values_only=True)}
    c = labels.column
    assert len(rows) == len(report.entries)
    # the formula-looking text is there, verbatim, as a string
    assert rows["NC-2025-0002"][c("description")] == "=cmd|' /C calc'!A0"
    assert rows["NC-2025-0003"][c("description")].startswith("@SUM(1+1)")
    # numbers and dates keep their types
    assert rows["NC-2025-0001"][c("page")] == 3
    assert rows["NC-2025-0007"][c("page")] is None
    assert rows["NC-2025-0001"][c("detected_on")].year == 2025
    assert rows["NC-2025-0001"][c("severity")] == labels("severity.major")
    # the wide description column wraps
    desc_col = header.index(c("description")) + 1
    assert findings.cell(row=2, column=desc_col).alignment.vertical == "top"


def test_formula_cells_are_strings_in_the_file(report_kk: RunReport, tmp_path):
    """What Excel reads: no <f> element anywhere in the sheets' XML."""
    import zipfile

    path = xlsx_writer.render(report_kk, tmp_path)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_sheet_title_rules():
    taken: set[str] = set()
    assert xlsx_writer.sheet_title("a/b:c*d?[e]", taken) == "a b c d  e"
    long = "x" * 40
    first, second = xlsx_writer.sheet_title(long, taken), xlsx_writer.sheet_title(long, taken)
    assert len(first) == len(second) == 31 and first != second
