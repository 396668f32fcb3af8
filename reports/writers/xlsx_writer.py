"""The run as a formatted workbook: a findings sheet, one sheet per summary, and the read coverage
(syllabus × part → read / not read / empty / absent, in the report's language).

Every sheet has a bold frozen header, an autofilter, column widths fitted to the content and
wrapped long text. Text that looks like a formula (``=cmd|...``) is stored as a string cell, never
as a formula: openpyxl would otherwise take any string starting with ``=`` for one. Text XML cannot
hold (control characters, undecodable bytes of a file name) is shown escaped (``reports.safe_text``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.records import Status
from reports.run_report import RunReport, Table
from reports.safe_text import keep_text, shown
from reports.writers._atomic import atomic_path
from reports.writers.registry import register

FILENAME = "report.{lang}.xlsx"
SHEETS = ("findings", "by_rule", "by_severity", "by_department", "by_syllabus", "coverage", "trend")
MAX_WIDTH = 60
DATE_FORMAT = "dd.mm.yyyy"  # as the QA office writes dates
EDITABLE_ENUMS = {"status": "status"}  # columns a person edits, with the enum whose labels they choose from
WRAP_FROM = 40  # columns wider than this wrap their text

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
# one object each, not one per cell: building and hashing an Alignment for each of a night's
# 23,000 cells was most of the workbook's time (openpyxl keeps one copy of each style anyway)
TOP = Alignment(vertical="top")
WRAPPED_TOP = Alignment(wrap_text=True, vertical="top")


def sheet_title(text: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _format(ws: Worksheet) -> None:
    # Strings are strings: a cell openpyxl typed as a formula came from text in the data.
    for row in ws.iter_rows():
        for cell in row:
            keep_text(cell)
            if cell.value == "":
                cell.value = None
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAPPED_TOP
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for idx, column in enumerate(ws.iter_cols(), start=1):
        longest = max((max(len(line) for line in str(c.value).splitlines() or [""]) for c in column if c.value is not None), default=8)
        width = min(max(longest + 2, 8), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(idx)].width = width
        alignment = WRAPPED_TOP if longest > WRAP_FROM else TOP
        for cell in column[1:]:
            cell.alignment = alignment


def _group_follow_ons(ws: Worksheet, root_col: int) -> None:
    """Follow-on findings sit under their root cause as an outline group (one level), indented."""
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=root_col).value:
            ws.row_dimensions[r].outlineLevel = 1
            ws.cell(row=r, column=1).alignment = Alignment(indent=2, vertical="top")
    ws.sheet_properties.outlinePr.summaryBelow = False


def _print_setup(ws: Worksheet, report: RunReport) -> None:
    """A4 landscape, all columns on the page width, the header row on every page, and the
    institution, run and page number in the margins."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    labels = report.labels
    left = shown(report.institution) or labels("report.title")
    ws.oddHeader.left.text = left.replace("&", "&&")
    ws.oddHeader.right.text = f"{labels('report.run')}: {report.run_id}, {report.run_date.strftime('%d.%m.%Y')}"
    ws.oddFooter.center.text = "&P / &N"


def _drop_downs(ws: Worksheet, report: RunReport, header: list[str]) -> None:
    """The columns a person edits get a list of the allowed values (in the report language)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    labels = report.labels
    for column, table in EDITABLE_ENUMS.items():
        title = labels.column(column)
        if title not in header or ws.max_row < 2:
            continue
        enum = {"status": Status}[table]
        choices = [labels.value(table, v) for v in enum]
        letter = get_column_letter(header.index(title) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(c.replace('"', "'") for c in choices) + '"',
                            allow_blank=True, showDropDown=False)
        dv.error = dv.prompt = ", ".join(choices)
        dv.errorTitle = dv.promptTitle = title
        dv.add(f"{letter}2:{letter}{ws.max_row}")
        ws.add_data_validation(dv)


# as pandas' ExcelWriter stored them, which this writer used before it wrote through openpyxl alone
CELL_DATE_FORMAT = "YYYY-MM-DD"
CELL_DATETIME_FORMAT = "YYYY-MM-DD HH:MM:SS"


def _write_table(book: Workbook, title: str, table: Table) -> Worksheet:
    """A sheet of ``table``'s cells as pandas' ``to_excel(index=False)`` wrote them (the cells made
    in its order, so the workbook's styles come out the same): the header row, then the body column
    by column; text escaped (``shown``), an empty cell as "" (``_format`` clears it), dates with a
    date format (``_format`` sets the QA office's)."""
    ws = book.create_sheet()
    ws.title = title
    for c, header in enumerate(table.columns, start=1):
        ws.cell(row=1, column=c).value = shown(header)
    for c in range(len(table.columns)):
        for r, row in enumerate(table.rows, start=2):
            value = shown(row[c])
            cell = ws.cell(row=r, column=c + 1)
            if value is None:
                cell.value = ""
            elif isinstance(value, datetime):
                cell.value = value
                cell.number_format = CELL_DATETIME_FORMAT
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = CELL_DATE_FORMAT
            elif isinstance(value, (bool, int, float)):
                cell.value = value
            else:
                cell.value = str(value)
    return ws


def render(report: RunReport, out_dir: Path) -> Path:
    path = Path(out_dir) / FILENAME.format(lang=report.language)
    labels = report.labels
    tables: dict[str, Table] = {"findings": report.record_table(), **report.summary_tables(),
                                "coverage": report.coverage_table()}
    taken: set[str] = set()
    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    for name in SHEETS:
        title = sheet_title(labels(f"sheet.{name}"), taken)
        ws = _write_table(book, title, tables[name])
        _format(ws)
        _print_setup(ws, report)
        if name == "findings":
            _drop_downs(ws, report, tables[name].columns)
            _group_follow_ons(ws, tables[name].columns.index(labels.column("root_cause_id")) + 1)
    book.properties.title = f"{labels('report.title')} {report.run_id}"
    book.properties.language = report.language
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path


register("xlsx", ".xlsx", render, "formatted workbook: findings and summaries")
