"""Independent work (СӨЖ / СРО / SIW) tasks and the task-submission schedule."""

from __future__ import annotations

from ..model import IndependentTask, ScheduleRow
from ..numbers import parse_int_list, parse_number, parse_plain_number
from ..vocabulary import Vocabulary
from .context import LogicalTable, Sources
from .tables import column_concepts

_MARKS = {"+", "х", "x", "✓", "✔", "v", "*"}


def read_independent_work(vocab: Vocabulary, src: Sources, table: LogicalTable) -> list[IndependentTask]:
    cols: dict[str, int] = {}
    for row in table.rows[: max(table.header_rows, 1)]:
        for concept, col in column_concepts(vocab, row.texts()).items():
            cols.setdefault(concept, col)
    title_col = cols.get("topic", 0)
    # "Assignment" heads the content column of an SIW table but the item column of an assessment
    # table: here, a task column is the content when nothing else is.
    if "content" not in cols and cols.get("task_type", title_col) != title_col:
        cols["content"] = cols["task_type"]
    tasks: list[IndependentTask] = []
    for row in table.rows[table.header_rows:]:
        cells = row.non_empty()
        if not cells or vocab.best(cells[0][1], "activity", leading=True) == "total":
            continue
        if _is_sum_row(row, cols, tasks):
            continue
        title = row.text(title_col) or cells[0][1]
        title_at = title_col if row.text(title_col) else cells[0][0]

        def opt(concept, parse=None, row=row):  # row bound now: opt is called for this row only
            col = cols.get(concept)
            text = row.text(col)
            if not text:
                return None
            value = parse(text) if parse else text
            return src.cell(row, col, value) if value is not None else None

        tasks.append(
            IndependentTask(
                title=src.cell(row, title_at, title),
                content=opt("content"),
                control_form=opt("control_form"),
                week=opt("week", parse_int_list),
                hours=opt("hours", parse_number),
                references=opt("references", parse_int_list),
            )
        )
    return tasks


def read_schedule(src: Sources, table: LogicalTable) -> list[ScheduleRow]:
    week_of: dict[int, int] = {}
    start = 0
    for i, row in enumerate(table.rows[:4]):
        numbers = {c: parse_plain_number(t) for c, t in row.non_empty()}
        ints = {c: int(n) for c, n in numbers.items() if n is not None and float(n).is_integer()}
        if len(ints) >= 5:
            week_of, start = ints, i + 1
            break
    result: list[ScheduleRow] = []
    for row in table.rows[start:]:
        cells = row.non_empty()
        if not cells:
            continue
        label_col, label = cells[0]
        if label_col in week_of:
            continue
        weeks = [week_of[c] for c, t in cells if c in week_of and t.strip().lower() in _MARKS]
        if weeks:
            result.append(ScheduleRow(task=src.cell(row, label_col, label), weeks=weeks))
    return result


def _is_sum_row(row, cols: dict[str, int], tasks: list[IndependentTask]) -> bool:
    """A row with no number and no content whose hours equal the tasks' sum is a total row in a
    word the vocabulary may not know ('ЖАЛПЫ'): it states the sum, it is not a task."""
    hours = parse_number(row.text(cols.get("hours"))) if cols.get("hours") is not None else None
    if hours is None or not tasks or row.text(cols.get("content")):
        return False
    if parse_plain_number(row.text(0)) is not None:
        return False
    stated = [t.hours.value for t in tasks if t.hours is not None]
    if not stated or len(row.non_empty()) > 4:
        return False
    label = row.non_empty()[0][1]
    # the sum of the tasks above, or a one-word label in capitals over more hours than any task
    # (a row the page break lost leaves the sum short)
    shouted = " " not in label and label.isupper() and len(label) <= 12 and hours > max(stated)
    return abs(sum(stated) - hours) < 0.01 or shouted
