"""Export: the open records to one protected sheet the QA office fills in (the package's
docstring says what each column and hidden sheet is for)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reports.records import Status
from reports.register.lifecycle import OPEN
from reports.register.schema import NonconformityRow
from reports.register.xlsx_roundtrip.layout import (
    ABOUT,
    COLUMNS,
    DATE_KEYS,
    FORMAT,
    HEADERS,
    KEYS,
    ORIGINAL,
    READ_ONLY,
    SHEET,
    checksum,
    norm,
    row_values,
)
from reports.safe_text import shown, text_cell
from reports.writers._atomic import atomic_path

# grey: read-only (describes the nonconformity); blue: the header
GREY = PatternFill("solid", fgColor="E7E6E6")
HEAD = PatternFill("solid", fgColor="BDD7EE")


def _records(
    session: Session, statuses: Iterable[str], department: str | None, ids: Iterable[str] | None
) -> list[NonconformityRow]:
    """The records to export, by ID (a stable row order), their actions loaded with them: the
    sheet shows each record's latest action."""
    stmt = (
        select(NonconformityRow)
        .where(NonconformityRow.status.in_([Status(s).value for s in statuses]))
        .options(selectinload(NonconformityRow.actions))
        .order_by(NonconformityRow.id)
    )
    if department:
        stmt = stmt.where(NonconformityRow.department == department)
    if ids is not None:
        stmt = stmt.where(NonconformityRow.id.in_(list(ids)))
    return list(session.scalars(stmt))


def _new_book(lang: str) -> tuple[Workbook, Worksheet, Worksheet]:
    """The workbook with its three sheets: the one the office fills in, ``_original`` (very hidden:
    Excel's Unhide does not list it, so nobody edits what the import compares against) and
    ``about`` (hidden: the format, by which the import knows its own export, the time, the language)."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    orig = wb.create_sheet(ORIGINAL)
    about = wb.create_sheet(ABOUT)
    for r, pair in enumerate((("format", FORMAT), ("exported", datetime.now().isoformat(timespec="seconds")),
                              ("language", lang)), start=1):
        for c, value in enumerate(pair, start=1):
            text_cell(about.cell(row=r, column=c), value)
    about.sheet_state = "hidden"
    orig.sheet_state = "veryHidden"
    return wb, ws, orig


def _write_header(ws: Worksheet, orig: Worksheet) -> None:
    """People read the headers (kk / en); the import reads the keys, which ``_original`` holds."""
    for c, key in enumerate(KEYS, start=1):
        text_cell(ws.cell(row=1, column=c), HEADERS[key])
        text_cell(orig.cell(row=1, column=c), key)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_records(ws: Worksheet, orig: Worksheet, rows: list[NonconformityRow], lang: str) -> None:
    for r, row in enumerate(rows, start=2):
        # the values as the sheet holds them (escaped): the checksum and _original are of those
        values = {k: shown(v) for k, v in row_values(row, lang).items()}
        values["checksum"] = checksum(values[k] for k in READ_ONLY)
        for c, key in enumerate(KEYS, start=1):
            text_cell(ws.cell(row=r, column=c), values[key])
            text_cell(orig.cell(row=r, column=c), norm(values[key]))


def _style_cell(cell: Cell, key: str, editable: bool) -> None:
    """White and unlocked where the office writes, grey and locked where it reads."""
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if key in DATE_KEYS:
        cell.number_format = "yyyy-mm-dd"
    if editable:
        cell.protection = Protection(locked=False)
    else:
        cell.fill = GREY


def _style_columns(ws: Worksheet, n_rows: int) -> None:
    for col, (key, _header, width, editable) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = width
        if key == "checksum":
            ws.column_dimensions[letter].hidden = True
        for r in range(2, n_rows + 2):
            _style_cell(ws.cell(row=r, column=col), key, editable)
        if editable:  # room for the office to type below, too: white cells are unlocked
            ws.column_dimensions[letter].protection = Protection(locked=False)


def _validate_due(ws: Worksheet, n_rows: int) -> None:
    """Excel itself refuses a due date that is not a date, before the import has to."""
    due_col = get_column_letter(KEYS.index("due") + 1)
    dv = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)", allow_blank=True,
                        error="Write a date, e.g. 2026-03-31", errorTitle="Due date")
    dv.add(f"{due_col}2:{due_col}{max(2, n_rows + 1)}")
    ws.add_data_validation(dv)


def _protect(ws: Worksheet, n_rows: int) -> None:
    """Locked cells stay locked (no password: against slips, not people), while the office can
    still filter, sort and resize to work through its records."""
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(KEYS))}{n_rows + 1}"
    ws.protection.sheet = True
    ws.protection.autoFilter = False  # filtering, sorting and resizing stay allowed
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def export_xlsx(
    session: Session,
    path: str | Path,
    *,
    statuses: Iterable[str] = OPEN,
    department: str | None = None,
    lang: str = "kk",
    ids: Iterable[str] | None = None,
) -> int:
    """Write the records with ``statuses`` (default: the open ones) to ``path``; returns how many.
    ``ids``: only these records (a filtered view of the register in a browser)."""
    rows = _records(session, statuses, department, ids)
    wb, ws, orig = _new_book(lang)
    _write_header(ws, orig)
    _write_records(ws, orig, rows, lang)
    _style_columns(ws, len(rows))
    _validate_due(ws, len(rows))
    _protect(ws, len(rows))
    with atomic_path(path) as tmp:  # written whole or not at all
        wb.save(tmp)
    return len(rows)
