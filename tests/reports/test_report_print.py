"""The HTML prints on A4 landscape without cut-off columns; the XLSX has print settings,
dd.mm.yyyy dates and drop-down lists for the editable status column."""

from __future__ import annotations

import re

import openpyxl

from reports.records import Status
from reports.writers import html_writer, xlsx_writer
from reports.writers._html_assets import CSS


def _print_css() -> str:
    return CSS[CSS.index("@media print"):]


def test_print_css_a4_landscape():
    assert re.search(r"@page\s*\{\s*size:\s*A4 landscape", CSS)
    css = _print_css()
    # nothing forbids a cell from wrapping in print, and the header row repeats on every page
    assert "overflow-wrap:anywhere" in css and "white-space:normal" in css
    assert "table-header-group" in css and "min-width:0" in css
    for hidden in ("nav.toc", ".filters"):
        assert hidden in css.split("{", 1)[0] or hidden in css


def test_html_uses_the_print_css(report_kk, tmp_path):
    html = html_writer.render(report_kk, tmp_path).read_text(encoding="utf-8")
    assert "@page" in html and "A4 landscape" in html


def test_xlsx_print_settings_dates_drop_downs(report, tmp_path):
    wb = openpyxl.load_workbook(xlsx_writer.render(report, tmp_path))
    labels = report.labels
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9", ws.title  # 9 = A4
        # fitToWidth left out is the schema's default, 1 (as Excel and XlsxWriter write it)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None)
        assert ws.print_title_rows == "$1:$1"
        assert report.institution in ws.oddHeader.left.text
    findings = wb.worksheets[0]
    header = [c.value for c in findings[1]]
    col = header.index(labels.column("detected_on")) + 1
    assert findings.cell(row=2, column=col).number_format == "dd.mm.yyyy"
    trend = wb.worksheets[-1]
    assert trend.cell(row=2, column=2).number_format == "dd.mm.yyyy"
    # the status column: a drop-down of the status labels in the report language
    status_letter = openpyxl.utils.get_column_letter(header.index(labels.column("status")) + 1)
    dvs = findings.data_validations.dataValidation
    assert len(dvs) == 1 and dvs[0].type == "list"
    assert str(dvs[0].sqref) == f"{status_letter}2:{status_letter}{findings.max_row}"
    choices = dvs[0].formula1.strip('"').split(",")
    assert choices == [labels.value("status", s) for s in Status]
    assert all(findings[f"{status_letter}{r}"].value in choices for r in range(2, findings.max_row + 1))
