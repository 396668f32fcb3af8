"""The hours table (Пәннің еңбек сыйымдылығы / Трудоемкость / Workload), either orientation."""

from __future__ import annotations

from ..model import HoursTable
from ..numbers import parse_number, parse_plain_number
from ..vocabulary import Vocabulary
from .context import LogicalTable, Sources

_FIELDS = ("lectures", "practicals", "labs", "siwt", "siw", "total")


def read_hours(vocab: Vocabulary, src: Sources, table: LogicalTable) -> HoursTable:
    if table.kind == "hours_transposed":
        return _transposed(vocab, src, table)
    hours = HoursTable()
    hours_col = _hours_column(vocab, table)
    for row in table.rows:
        cells = row.non_empty()
        if not cells:
            continue
        label_col, label = cells[0]
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
        break
    return hours
