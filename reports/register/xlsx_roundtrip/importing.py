"""Import: the filled-in sheet back into the register, all of it or nothing (the package's
docstring lists what is refused and what each white cell does)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reports.records import Status
from reports.register import human
from reports.register.api import ASSIGN_TO
from reports.register.errors import ImportRefused, RegisterError
from reports.register.schema import NonconformityRow
from reports.register.xlsx_roundtrip.layout import (
    ABOUT,
    EDITABLE,
    FORMAT,
    HEADERS,
    KEYS,
    ORIGINAL,
    READ_ONLY,
    SHEET,
    TEXT_KEYS,
    checksum,
    norm,
    row_values,
)
from reports.safe_text import shown


@dataclass
class ImportResult:
    rows_read: int = 0
    records_changed: list[str] = field(default_factory=list)
    actions_added: int = 0
    actions_updated: int = 0

    def summary(self) -> str:
        return (f"{self.rows_read} row(s) read, {len(self.records_changed)} record(s) changed: "
                f"{self.actions_added} corrective action(s) added, {self.actions_updated} updated")


@dataclass
class _Planned:
    excel_row: int
    nc_id: str
    correction: str | None
    root_cause: str | None
    analysis_changed: bool
    action: str | None
    responsible: str | None
    co_executors: list[str]
    due: date | None
    result_mark: str | None
    action_mode: str  # "", "add", "update"


def _split_people(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n,]+", text or "") if p.strip()]


def _cell_date(value: object, what: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise RegisterError(f"{what}: {value!r} is a number, not a date; write it as YYYY-MM-DD or DD.MM.YYYY")
    # any other cell type (a bool, a time) is refused by parse_date with its text
    return human.parse_date(value if isinstance(value, date) else str(value), what)


def _open_book(path: str | Path) -> Workbook:
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRefused(
            [f"{Path(path).name} cannot be read as an .xlsx workbook ({exc.__class__.__name__})"]
        ) from exc
    if ABOUT not in wb.sheetnames or norm(wb[ABOUT]["B1"].value) != FORMAT or SHEET not in wb.sheetnames:
        raise ImportRefused([f"{Path(path).name} is not a register export (make one with 'register export-xlsx')"])
    return wb


# --------------------------------------------------------------------------- import: read, validate, apply
#
# ``import_xlsx`` is three steps, each refusing with every problem it found: ``read_sheet`` (the
# workbook as rows of cells, and the values exported), ``validate`` (each row against the register,
# under the write lock: what it would change), ``apply`` (the changes, through ``human``).

ACTION_KEYS = frozenset({"action", "responsible", "co_executors", "due", "result_mark"})


@dataclass
class _SheetRow:
    excel_row: int
    raw: dict[str, Any]  # the cell of each column, as openpyxl read it

    @property
    def nc_id(self) -> str:
        return norm(self.raw["id"]).upper()

    @property
    def where(self) -> str:
        return f"row {self.excel_row} ({self.nc_id})" if self.nc_id else f"row {self.excel_row}"


@dataclass
class _Sheet:
    rows: list[_SheetRow]
    originals: dict[str, dict[str, str]]  # id -> the exported values (the ``_original`` sheet)


def _columns(ws: Any) -> dict[str, int]:
    """Where each column is, by its header; every one must be there."""
    header = [norm(c.value) for c in ws[1]]
    missing = [f"row 1: the column {HEADERS[k]!r} is missing or was renamed" for k in KEYS if HEADERS[k] not in header]
    if missing:
        raise ImportRefused(missing)
    return {key: header.index(HEADERS[key]) for key in KEYS}


def _originals(wb: Workbook) -> dict[str, dict[str, str]]:
    rows = list(wb[ORIGINAL].iter_rows(values_only=True)) if ORIGINAL in wb.sheetnames else []
    if not rows:
        return {}
    keys = [norm(v) for v in rows[0]]
    originals: dict[str, dict[str, str]] = {}
    for values in rows[1:]:
        d = {k: norm(v) for k, v in zip(keys, values)}
        originals[d.get("id", "")] = d
    return originals


def read_sheet(path: str | Path) -> _Sheet:
    """Step 1: the workbook's rows that hold anything, and what was exported (``ImportRefused`` for a
    file that is not a register export or lost a column)."""
    wb = _open_book(path)
    ws = wb[SHEET]
    col = _columns(ws)
    rows = []
    for r, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        raw = {k: (cells[i] if i < len(cells) else None) for k, i in col.items()}
        if any(norm(v) != "" for v in raw.values()):
            rows.append(_SheetRow(r, raw))
    return _Sheet(rows, _originals(wb))


def _read_only_problem(row: _SheetRow, original: dict[str, str] | None) -> str | None:
    """Why the row's grey cells (or its ID) do not match the export, if they do not."""
    if norm(row.raw["checksum"]) == checksum(row.raw[k] for k in READ_ONLY) and original is not None:
        return None
    if original is None:
        return f"{row.where}: {row.nc_id} was not in this export; rows cannot be added or re-keyed"
    edited = [k for k in READ_ONLY if norm(row.raw[k]) != original.get(k, "")]
    detail = ", ".join(f"{HEADERS[k]!r} ({original.get(k, '')!r} → {norm(row.raw[k])!r})" for k in edited)
    return (f"{row.where}: read-only column(s) edited: {detail or 'checksum changed'}; "
            "only the white columns may be changed")


def _action_problems(where: str, sheet: dict[str, str], original: dict[str, str], record: NonconformityRow,
                     due: date | None, bad_date: bool) -> list[str]:
    """What is wrong with the corrective action a row writes (its action columns were touched)."""
    if not sheet["action"]:
        if original.get("action"):
            return [f"{where}: the corrective action was removed; actions cannot be deleted "
                    "from the spreadsheet (write the new one instead)"]
        return [f"{where}: responsible, co-executors, due date and mark belong to a corrective "
                "action: write the action too"]
    problems = []
    if not sheet["responsible"]:
        problems.append(f"{where}: a corrective action needs a responsible executor")
    if due is None and not bad_date:
        problems.append(f"{where}: a corrective action needs a due date")
    status = Status(record.status)
    if status not in ASSIGN_TO:
        problems.append(f"{where}: {record.id} is {status.value}: its corrective actions cannot be changed")
    elif due is not None and due < record.detected_on:
        problems.append(f"{where}: due date {due.isoformat()} is before the detection date "
                        f"{record.detected_on.isoformat()}")
    return problems


def _read_due(row: _SheetRow, problems: list[str]) -> tuple[date | None, bool]:
    """The due date the row holds, and whether it is not a date (the problem then added)."""
    try:
        return _cell_date(row.raw["due"], "due date"), False
    except RegisterError as exc:
        problems.append(f"{row.where}: {exc}")
        return None, True


def _sheet_values(row: _SheetRow, due: date | None) -> dict[str, str]:
    """The white cells as text, a date as ``YYYY-MM-DD`` however it was typed."""
    sheet = {k: norm(row.raw[k]) for k in EDITABLE}
    if due is not None:
        sheet["due"] = due.isoformat()
    return sheet


def _moved_problem(where: str, touched: set[str], current: dict[str, str], original: dict[str, str]) -> str | None:
    """The edited cells whose register value changed after the export: the edit would overwrite it."""
    moved = [k for k in touched if current[k] != original.get(k, "")]
    if not moved:
        return None
    return (f"{where}: {', '.join(repr(HEADERS[k]) for k in moved)} changed in the register "
            "after this export; export again and redo the edit")


def _plan(row: _SheetRow, record: NonconformityRow, touched: set[str], sheet: dict[str, str],
          original: dict[str, str], exact: dict[str, Any], current: dict[str, str], due: date | None) -> _Planned:
    """The change a valid row makes. A cell left as exported keeps the register's exact text (the
    sheet shows it escaped); a cell someone wrote in is stored as written."""
    mode = ""
    if touched & ACTION_KEYS:
        mode = "update" if record.actions and sheet["action"] == original.get("action", "") else "add"
    text = {k: exact[k] if k in TEXT_KEYS and sheet[k] == current[k] else sheet[k] for k in EDITABLE}
    given = {k: text[k] or None for k in ("correction", "root_cause", "action", "responsible", "result_mark")}
    return _Planned(
        excel_row=row.excel_row, nc_id=record.id, correction=given["correction"], root_cause=given["root_cause"],
        analysis_changed=bool(touched & {"correction", "root_cause"}), action=given["action"],
        responsible=given["responsible"], co_executors=_split_people(text["co_executors"]), due=due,
        result_mark=given["result_mark"], action_mode=mode,
    )


def _planned_change(row: _SheetRow, record: NonconformityRow, original: dict[str, str],
                    problems: list[str]) -> _Planned | None:
    """What the row's white cells change on ``record``, compared with the export; ``None`` if nothing
    or (with ``problems`` added) if the change is refused."""
    due, bad_date = _read_due(row, problems)
    exact = row_values(record, "en")
    current = {k: norm(shown(v)) for k, v in exact.items()}
    sheet = _sheet_values(row, due)
    touched = {k for k in EDITABLE if sheet[k] != original.get(k, "")}
    if not touched:
        return None
    moved = _moved_problem(row.where, touched, current, original)
    if moved is not None:
        problems.append(moved)
        return None
    refused = _action_problems(row.where, sheet, original, record, due, bad_date) if touched & ACTION_KEYS else []
    problems += refused
    if refused or bad_date:
        return None
    return _plan(row, record, touched, sheet, original, exact, current, due)


def _locked_record(session: Session, nc_id: str) -> NonconformityRow | None:
    return session.scalars(
        select(NonconformityRow).where(NonconformityRow.id == nc_id)
        .options(selectinload(NonconformityRow.actions)).with_for_update()
    ).first()


def _check_row(session: Session, row: _SheetRow, sheet: _Sheet, seen: dict[str, int],
               problems: list[str]) -> _Planned | None:
    """One row against the register: which record, untouched grey cells, an allowed change."""
    nc_id = row.nc_id
    if not nc_id:
        problems.append(f"{row.where}: the ID cell is empty; rows cannot be added in the spreadsheet")
        return None
    if nc_id in seen:
        problems.append(f"{row.where}: {nc_id} appears twice (also row {seen[nc_id]})")
        return None
    seen[nc_id] = row.excel_row
    record = _locked_record(session, nc_id)
    if record is None:
        problems.append(f"{row.where}: unknown ID {nc_id!r}: not in the register")
        return None
    original = sheet.originals.get(nc_id)
    problem = _read_only_problem(row, original)
    if problem is not None:
        problems.append(problem)
        return None
    assert original is not None  # _read_only_problem refuses a row that was not exported
    return _planned_change(row, record, original, problems)


def validate(session: Session, sheet: _Sheet) -> list[_Planned]:
    """Step 2: every row checked against the register (locked for update); ``ImportRefused`` with
    every problem, by row, before anything is changed."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    planned = [p for row in sheet.rows if (p := _check_row(session, row, sheet, seen, problems)) is not None]
    if problems:
        raise ImportRefused(problems)
    return planned


def _apply_one(session: Session, p: _Planned, result: ImportResult, *, by: str, when: datetime) -> None:
    record = human.load(session, p.nc_id)
    if p.analysis_changed:
        human.set_analysis(record, correction=p.correction, root_cause=p.root_cause)
    # validate refuses a row with an action but no responsible person or due date
    if p.action_mode == "add" and p.action and p.responsible and p.due:
        human.assign(session, p.nc_id, action=p.action, responsible=p.responsible, due=p.due,
                     co_executors=p.co_executors, result_mark=p.result_mark, by=by, when=when)
        result.actions_added += 1
    elif p.action_mode == "update" and p.responsible and p.due:
        human.update_action(record, record.actions[-1], responsible=p.responsible, due=p.due,
                            co_executors=p.co_executors, result_mark=p.result_mark, by=by, when=when)
        result.actions_updated += 1
    result.records_changed.append(p.nc_id)


def apply(session: Session, planned: list[_Planned], result: ImportResult, *, by: str, when: datetime) -> None:
    """Step 3: the validated changes, in the caller's transaction; a refusal by ``human`` (which the
    checks above should have foreseen) still refuses the whole import."""
    problems = []
    for p in planned:
        assert not p.action_mode or (p.action is not None and p.responsible is not None and p.due is not None)
        try:
            _apply_one(session, p, result, by=by, when=when)
        except RegisterError as exc:
            problems.append(f"row {p.excel_row} ({p.nc_id}): {exc}")
    if problems:
        raise ImportRefused(problems)
    session.flush()


def import_xlsx(session: Session, path: str | Path, *, by: str, when: datetime | None = None) -> ImportResult:
    """Validate the whole workbook, then apply it in the caller's transaction; on any problem raise
    ``ImportRefused`` before anything is applied (the caller's transaction is then rolled back)."""
    if not (by or "").strip():
        raise ImportRefused(["who is importing is required ('--by')"])
    sheet = read_sheet(path)
    planned = validate(session, sheet)
    result = ImportResult(rows_read=len(sheet.rows))
    apply(session, planned, result, by=by, when=when or datetime.now())
    return result
