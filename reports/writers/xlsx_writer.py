"""The run as a formatted workbook: a findings sheet, one sheet per summary, and the read coverage
(syllabus × part → read / not read / empty / absent, in the report's language).

Every sheet has a bold filled frozen header, an autofilter, column widths fitted to the content and
wrapped long text. Text that looks like a formula (``=cmd|...``) is stored as a string cell with
Excel's quote prefix, never as a formula. Text XML cannot hold (control characters, undecodable
bytes of a file name) is shown escaped (``reports.safe_text``).

Written with XlsxWriter, which is made for writing: binding and styling a night's 23,000 cells
through openpyxl's cell objects was most of the report's time (issue 13). The workbook is the one
the openpyxl writer made (benchmarks/xlsx_same.py compares them cell by cell); openpyxl still
reads and writes the register's editable workbook.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.utility import xl_col_to_name

from reports.records import Status
from reports.run_report import RunReport, Table
from reports.safe_text import FORMULA_TRIGGERS, shown
from reports.writers._atomic import atomic_path
from reports.writers.registry import register

FILENAME = "report.{lang}.xlsx"
SHEETS = ("findings", "by_rule", "by_severity", "by_department", "by_syllabus", "coverage", "trend")
MAX_WIDTH = 60
DATE_FORMAT = "dd.mm.yyyy"  # as the QA office writes dates
EDITABLE_ENUMS = {"status": "status"}  # columns a person edits, with the enum whose labels they choose from
WRAP_FROM = 40  # columns wider than this wrap their text
HEADER_FILL = "#DDE5F0"
FOLLOW_ON_INDENT = 2
# a column's width in the file is in characters of the default font's widest digit, 7 pixels in
# Calibri 11: set in pixels, the file holds exactly the whole-character widths fitted below
DIGIT_PIXELS = 7
# a cell holds at most 32,767 UTF-16 code units (Excel's limit; longer text is cut, as openpyxl cut it)
CELL_TEXT_MAX = 32767
# the margins the openpyxl writer left at their default (page margins are set in _print_setup)
HEADER_FOOTER_MARGIN = 0.5
A4 = 9  # Excel's paper size code
HEADER_MAX = 255  # Excel's limit on a page header, in UTF-16 units with its codes


def sheet_title(text: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _cell_value(value: Any) -> Any:
    """A table value as the sheet holds it: text escaped (``shown``) and cut at Excel's limit, an
    empty text as no value, dates, numbers and booleans as they are, anything else as its text."""
    value = shown(value)
    if value is None or isinstance(value, (date, bool, int, float)):
        return value
    text = value if isinstance(value, str) else str(value)
    if len(text) > CELL_TEXT_MAX // 2 and len(text.encode("utf-16-le")) > 2 * CELL_TEXT_MAX:
        # whole characters only: a pair cut in half is dropped
        text = text.encode("utf-16-le")[: 2 * CELL_TEXT_MAX].decode("utf-16-le", "ignore")
    return text or None


def _longest_line(value: Any) -> int:
    if type(value) is str and "\n" not in value and "\t" not in value:
        return len(value)  # the common case, without splitting
    return max((len(line) for line in str(value).splitlines()), default=0)


class _Formats:
    """One XlsxWriter format per combination of the properties a cell can have, made on first use."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._made: dict[tuple[bool, bool, int, bool, bool], Any] = {}

    def get(self, *, header: bool = False, wrap: bool = False, indent: int = 0, is_date: bool = False,
            quote: bool = False) -> Any:
        key = (header, wrap, indent, is_date, quote)
        made = self._made.get(key)
        if made is None:
            props: dict[str, Any] = {"valign": "top"}
            if header:
                props.update(bold=True, pattern=1, bg_color=HEADER_FILL)
            if wrap:
                props["text_wrap"] = True
            if indent:
                props["indent"] = indent
            if is_date:
                props["num_format"] = DATE_FORMAT
            if quote:
                # shown as text, and kept text when someone edits the cell
                props["quote_prefix"] = True
            made = self._made[key] = self._book.add_format(props)
        return made

    def style(self, **props: Any) -> tuple[Any, Any, Any]:
        """The formats of a cell with ``props`` holding text, text that looks like a formula, a date."""
        return self.get(**props), self.get(quote=True, **props), self.get(is_date=True, **props)


def _write_cell(ws: Any, r: int, c: int, value: Any, style: tuple[Any, Any, Any]) -> None:
    kind = type(value)
    if kind is str:
        ws.write_string(r, c, value, style[1] if value.startswith(FORMULA_TRIGGERS) else style[0])
    elif value is None:
        ws.write_blank(r, c, None, style[0])
    elif kind is bool:
        ws.write_boolean(r, c, value, style[0])
    elif isinstance(value, date):
        ws.write_datetime(r, c, value, style[2])
    else:
        ws.write_number(r, c, value, style[0])


def _write_table(ws: Any, table: Table, formats: _Formats, root_col: int | None) -> None:
    """The header row, then the body row by row, each column as wide as its longest line (header
    included) and wrapping when that is over ``WRAP_FROM``; a follow-on finding (``root_col`` set)
    sits under its root cause as a one-level outline group, its first cell indented."""
    header = [_cell_value(h) for h in table.columns]
    body = [[_cell_value(v) for v in row] for row in table.rows]
    styles = []
    for c, title in enumerate(header):
        lengths = [_longest_line(row[c]) for row in body if row[c] is not None]
        if title is not None:
            lengths.append(_longest_line(title))
        longest = max(lengths, default=8)
        width = min(max(longest + 2, 8), MAX_WIDTH)
        ws.set_column_pixels(c, c, width * DIGIT_PIXELS)
        styles.append(formats.style(wrap=longest > WRAP_FROM))
    heading = formats.style(header=True, wrap=True)
    for c, title in enumerate(header):
        _write_cell(ws, 0, c, title, heading)
    indented = formats.style(indent=FOLLOW_ON_INDENT)
    for r, row in enumerate(body, start=1):
        follow_on = root_col is not None and bool(row[root_col])
        if follow_on:
            ws.set_row(r, None, None, {"level": 1})
        for c, value in enumerate(row):
            _write_cell(ws, r, c, value, indented if follow_on and c == 0 else styles[c])
    if root_col is not None:
        ws.outline_settings(True, False, True, False)  # the group's summary (the root) above it
    ws.freeze_panes(1, 0)
    if header:
        ws.autofilter(0, 0, len(body), len(header) - 1)


def _print_setup(ws: Any, report: RunReport) -> None:
    """A4 landscape, all columns on the page width, the header row on every page, gridlines, and the
    institution, run and page number in the margins."""
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.hide_gridlines(0)  # 0: shown on screen and printed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    labels = report.labels
    left = shown(report.institution) or labels("report.title")
    right = f"{labels('report.run')}: {report.run_id}, {report.run_date.strftime('%d.%m.%Y')}"
    ws.set_header(_header(left, right), {"margin": HEADER_FOOTER_MARGIN})
    ws.set_footer("&C&P / &N", {"margin": HEADER_FOOTER_MARGIN})


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _header(left: str, right: str) -> str:
    """The page header: ``left`` (the institution, its ``&`` doubled as the header codes want) and
    ``right`` (the run). XlsxWriter leaves out, with only a warning, a header over Excel's 255
    characters or one holding ``&G`` (its image placeholder, which a doubled ``&`` before a G
    becomes): the institution is cut to fit, with an ellipsis, and a zero-width space keeps its
    ``&`` from its G (the page shows the same "A&G")."""
    def code(name: str) -> str:
        return name.replace("&", "&&").replace("&[Picture]", "&\u200b[Picture]").replace("&G", "&\u200bG")

    text = f"&L{code(left)}&R{right}"
    if _utf16_len(text) <= HEADER_MAX:
        return text
    fits, over = 0, len(left)  # the longest beginning of the name that fits, by halving
    while over - fits > 1:
        mid = (fits + over) // 2
        fits, over = (mid, over) if _utf16_len(f"&L{code(left[:mid])}…&R{right}") <= HEADER_MAX else (fits, mid)
    return f"&L{code(left[:fits])}…&R{right}"


def _drop_downs(ws: Any, report: RunReport, header: list[str], rows: int) -> None:
    """The columns a person edits get a list of the allowed values (in the report language)."""
    labels = report.labels
    for column, table in EDITABLE_ENUMS.items():
        title = labels.column(column)
        if title not in header or rows < 1:
            continue
        enum = {"status": Status}[table]
        choices = [labels.value(table, v) for v in enum]
        c = header.index(title)
        message = ", ".join(choices)
        # as the openpyxl writer set it: the list offered, no prompt or error box shown
        failed = ws.data_validation(1, c, rows, c, {
            "validate": "list", "source": '"' + ",".join(ch.replace('"', "'") for ch in choices) + '"',
            "ignore_blank": True, "dropdown": True, "show_input": False, "show_error": False,
            "input_title": title, "input_message": message, "error_title": title, "error_message": message,
        })
        if failed:  # XlsxWriter leaves out a list over Excel's limits, with only a warning
            raise ValueError(f"the drop-down of column {xl_col_to_name(c)} ({title!r}) is over Excel's limits: "
                             "a title of at most 32 characters, a list and message of at most 255")


def render(report: RunReport, out_dir: Path) -> Path:
    path = Path(out_dir) / FILENAME.format(lang=report.language)
    labels = report.labels
    tables: dict[str, Table] = {"findings": report.record_table(), **report.summary_tables(),
                                "coverage": report.coverage_table()}
    taken: set[str] = set()
    with atomic_path(path) as tmp:
        # in memory: the parts are zipped straight from memory, not through temporary files
        book = xlsxwriter.Workbook(str(tmp), {"in_memory": True})
        formats = _Formats(book)
        for name in SHEETS:
            table = tables[name]
            ws = book.add_worksheet(sheet_title(labels(f"sheet.{name}"), taken))
            root_col = table.columns.index(labels.column("root_cause_id")) if name == "findings" else None
            _write_table(ws, table, formats, root_col)
            _print_setup(ws, report)
            if name == "findings":
                _drop_downs(ws, report, table.columns, len(table.rows))
        book.set_properties({"title": f"{labels('report.title')} {report.run_id}"})
        try:
            book.close()
        except FileCreateError as error:
            # the disk's own error (ENOSPC, EACCES...), as every other writer raises it
            cause = error.args[0] if error.args else None
            if isinstance(cause, OSError):
                raise cause from None
            raise
    return path


register("xlsx", ".xlsx", render, "formatted workbook: findings and summaries", weight=3.0)
