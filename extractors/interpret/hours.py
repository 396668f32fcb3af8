"""The hours table (Пәннің еңбек сыйымдылығы / Трудоемкость / Workload), either orientation."""

from __future__ import annotations

import re

from ..model import HoursTable, OtherHours
from ..numbers import parse_number, parse_plain_number
from ..text import clean
from ..vocabulary import Vocabulary
from .context import LogicalTable, Row, Sources

_FIELDS = ("lectures", "practicals", "labs", "siwt", "siw", "total")


def read_hours(vocab: Vocabulary, src: Sources, table: LogicalTable) -> HoursTable:
    if table.kind == "hours_transposed":
        # one header row over the figures, or a stacked one: whichever reads more figures
        flat = _transposed(vocab, src, table)
        if any(data_row(r) for r in table.rows):
            tree = _header_tree(vocab, src, table)
            if _count(tree) > _count(flat):
                return tree
        return flat
    if table.kind == "hours_tree":
        return _header_tree(vocab, src, table)
    hours = HoursTable()
    hours_col = _hours_column(vocab, table)
    for row in table.rows:
        cells = row.non_empty()
        if not cells:
            continue
        _, label = cells[0]
        activity = vocab.best(label, "activity", leading=True)
        if activity is None:
            continue
        rest = [(c, t) for c, t in cells[1:]]
        if activity == "final_control":
            text_cells = [(c, t) for c, t in rest if parse_plain_number(t) is None]
            if text_cells and hours.final_control is None:
                hours.final_control = src.cell(row, text_cells[0][0], text_cells[0][1])
            continue
        if activity not in _FIELDS or getattr(hours, activity) is not None:
            continue
        candidates = [(c, t) for c, t in rest if hours_col is None or c == hours_col] or rest
        for col, text in candidates:
            value = parse_plain_number(text)
            if value is None:
                value = parse_number(text)
            if value is not None:
                setattr(hours, activity, src.cell(row, col, value))
                break
    return hours


def _hours_column(vocab: Vocabulary, table: LogicalTable) -> int | None:
    """The column headed 'hours' when the table also has other figures (credits, weeks)."""
    for row in table.rows[:2]:
        for col, text in row.non_empty()[1:]:
            if vocab.best(text, "col") == "hours":
                return col
    return None


def _transposed(vocab: Vocabulary, src: Sources, table: LogicalTable) -> HoursTable:
    hours = HoursTable(transposed=True)
    for i, row in enumerate(table.rows[:-1]):
        acts = {c: vocab.best(t, "activity", leading=True) for c, t in row.non_empty()}
        if sum(1 for a in acts.values() if a in _FIELDS) < 2:
            continue
        values = table.rows[i + 1]
        for col, activity in acts.items():
            text = values.text(col)
            if activity == "final_control" and text:
                hours.final_control = src.cell(values, col, text)
            elif activity in _FIELDS and getattr(hours, activity) is None:
                number = parse_plain_number(text)
                if number is not None:
                    setattr(hours, activity, src.cell(values, col, number))
            elif activity is None:
                # "Контактная работа в период аттестации", "Контроль": read, kept apart
                number = parse_plain_number(text)
                label = row.text(col)
                if (number is not None and label and len(label) <= 80 and vocab.best(label, "col", leading=True) is None
                        and not vocab.has(label, "workload.credits")):
                    hours.other.append(OtherHours(label=label, hours=src.cell(values, col, number)))
        break
    return hours


def _count(hours: HoursTable) -> int:
    return sum(1 for f in _FIELDS + ("contact", "independent_total") if getattr(hours, f) is not None)


_PAIR = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*/\s*(\d+(?:[.,]\d+)?)\s*$")


def data_row(row: Row) -> bool:
    """A row of figures under a stacked header: three or more numbers or 'a/b' pairs, no percent."""
    texts = [t for _, t in row.non_empty()]
    if any("%" in t for t in texts):
        return False
    return sum(1 for t in texts if parse_plain_number(t) is not None or _PAIR.match(t)) >= 3


def column_header(table: LogicalTable, r: int, col: int) -> list[str]:
    """The header texts above (r, col), nearest first; a merged header cell counts for every
    column it spans."""
    texts: list[str] = []
    for above in range(r - 1, max(-1, r - 5), -1):
        row = table.rows[above]
        if col >= len(row.cells):
            continue
        cell = row.cells[col]
        if cell.is_covered and len(table.parts) == 1:
            origin_row, origin_col = cell.covered_by
            text = clean(table.parts[0].rows[origin_row][origin_col].text)
        else:
            text = row.text(col)
        if text and (not texts or texts[-1] != text):
            texts.append(text)
    return texts


def header_field(vocab: Vocabulary, text: str) -> str | None:
    activity = vocab.best(text, "activity", leading=True)
    if activity in _FIELDS:
        return activity
    workload = vocab.best(text, "workload", leading=True)
    if workload == "contact" and vocab.has(text, "workload.attestation"):
        return None  # contact hours during the attestation: a figure of its own, not the contact total
    return workload if workload in ("total", "contact") else None


def tree_columns(vocab: Vocabulary, table: LogicalTable, r: int) -> dict[int, list[str]]:
    """column → the hours fields its stacked header names (two for a 'СРС/ СРСП' column)."""
    result: dict[int, list[str]] = {}
    for col, _ in table.rows[r].non_empty():
        for text in column_header(table, r, col):
            parts = [p for p in re.split(r"\s*/\s*", text) if p]
            fields = [header_field(vocab, p) for p in parts]
            if len(parts) > 1 and all(fields):
                result[col] = fields
                break
            field = header_field(vocab, text)
            if field:
                result[col] = [field]
                break
    return result


def _nearest_header_row(table: LogicalTable, r: int, col: int) -> int | None:
    for above in range(r - 1, max(-1, r - 5), -1):
        cells = table.rows[above].cells
        if col < len(cells) and not cells[col].is_covered and table.rows[above].text(col):
            return above
    return None


def _other_columns(vocab: Vocabulary, src: Sources, table: LogicalTable, r: int,
                   columns: dict[int, list[str]], hours: HoursTable) -> None:
    """Figures headed beside the classified ones ('Контактная работа в период аттестации',
    'Контроль') are read into ``other``, not dropped."""
    levels = {_nearest_header_row(table, r, c) for c in columns} - {None}
    row = table.rows[r]
    for col, text in row.non_empty():
        if col in columns:
            continue
        value = parse_plain_number(text)
        level = _nearest_header_row(table, r, col)
        if value is None or level not in levels:
            continue
        label = table.rows[level].text(col)
        if label and not vocab.has(label, "workload.credits") and len(label) <= 80:
            hours.other.append(OtherHours(label=label, hours=src.cell(row, col, value)))


def _header_tree(vocab: Vocabulary, src: Sources, table: LogicalTable) -> HoursTable:
    """Hours under a stacked header ('Ауд. часы' over 'лек. | пр.', 'СРС/ СРСП' over '30/9').
    A stand-alone СРС figure beside its own СРС/СРСП breakdown is the combined independent work."""
    hours = HoursTable(transposed=True)
    r = next(i for i, row in enumerate(table.rows) if data_row(row))
    row = table.rows[r]
    columns = tree_columns(vocab, table, r)
    pairs = {f for fields in columns.values() if len(fields) > 1 for f in fields}
    _other_columns(vocab, src, table, r, columns, hours)
    for col, fields in columns.items():
        text = row.text(col)
        m = _PAIR.match(text)
        values = [float(v.replace(",", ".")) for v in m.groups()] if m and len(fields) == 2 else [parse_plain_number(text)]
        if len(values) != len(fields):
            continue
        for name, value in zip(fields, values):
            if value is None:
                continue
            if len(fields) == 1 and name in pairs and name in ("siw", "siwt"):
                name = "independent_total"
            if getattr(hours, name) is None:
                setattr(hours, name, src.cell(row, col, value))
    return hours
