"""Points tables that list items one per row, with rating, module, exam and total rows among them.

Three layouts share one grouping step:

- a course points table ('Система оценивания курса': topic | max % | weight % | points), where a
  rating row is itself the last item of its period ('Рубежный контроль 1 | 10' closes 5+5+10+10);
- a module table ('ТК 1 10, ТК 2 10, СРСП+СРС 10, РК 1 20, 1 модуль (М1) 50'), where a module row
  states the module's total and closes it;
- a plan's weights column ('Структура оценок': '(5%) ...' per week, 'Рубежный контроль 1' rows),
  read as items in percent.

Merged heading rows with no figure ('ООП в Python') open a new group; an exam row makes the exam
period; 'Всего за курс 100' is the course total. Tables are recognised by these rows, whatever
kind the table classifier gave them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import AssessmentItem, AssessmentPeriod, PeriodKind, Sourced
from ..vocabulary import Vocabulary
from .assessment_common import grid_origin, grid_text, is_percent, lines, mark, period_label, starts_with, work_number
from .context import LogicalTable, Row, Sources

_STATED_MAX = re.compile(r"\(\s*(\d{1,3}(?:[.,]\d+)?)\s*(?:балл\w*|бал\w*|б\.?|points?|ұпай\w*)\s*\)", re.I)
_FIGURES = re.compile(r"[\d\s.,;:/%()+–—-]+")  # '1-2', '16/ 17', '30/9': figures, not a name
_PERCENT_HEADER = re.compile(r"^\D*%\D*$")  # a header that is a percent sign and words: '%', 'Вес, %'
_LEADING_PERCENT = re.compile(r"^\s*\(?\s*(\d{1,3}(?:[.,]\d+)?)\s*%")


@dataclass
class Entry:
    kind: str  # item | rating | module | heading | exam | total
    row: Row
    label: str
    label_col: int
    value: float | None = None
    value_col: int | None = None
    value_text: str = ""
    value_row: Row | None = None  # the row the value stands in, when not the label's (transposed)


@dataclass
class PointsReading:
    """What one table says about the scheme."""

    periods: list[AssessmentPeriod] = field(default_factory=list)
    course_total: Sourced[float] | None = None
    unit: str = "points"
    layout: str = ""  # course_points | modules | plan_weights
    markers: int = 0  # rating, module, exam and total rows recognised

    @property
    def score(self) -> int:
        return self.markers * 10 + sum(len(p.items) for p in self.periods)


def _header_rows(vocab: Vocabulary, table: LogicalTable, concepts: tuple[str, ...]) -> int:
    n = 0
    for row in table.rows[:3]:
        if any(t and (any(vocab.has(t, c) for c in concepts) or _PERCENT_HEADER.match(t)) for t in row.texts()):
            n += 1
        else:
            break
    return n


def _value_column(vocab: Vocabulary, table: LogicalTable, header: int) -> tuple[int | None, str]:
    """The column of item maxima: points if a header says so, else weights, else percent."""
    for concept, unit in (("col.points", "points"), ("assessment.weight_column", "percent"),
                          ("col.percent", "percent")):
        for row in table.rows[:header]:
            for col, text in row.non_empty():
                if vocab.has(text, concept) and not vocab.has(text, "col.hours"):
                    return col, unit
    for row in table.rows[:header]:
        for col, text in row.non_empty():
            if _PERCENT_HEADER.match(text):
                return col, "percent"
    return None, "points"


def _label_column(table: LogicalTable, header: int, value_col: int) -> int | None:
    """The leftmost column whose cells are mostly words (the item names)."""
    data = table.rows[header:]
    for col in range(table.n_cols):
        if col == value_col:
            continue
        texts = [r.text(col) for r in data if r.text(col)]
        words = [t for t in texts if mark(t) is None and not _FIGURES.fullmatch(t)]  # not '1-2' (weeks)
        if texts and len(words) * 2 >= len(texts) and len(words) >= 2:
            return col
    return None


def _is_heading_row(row: Row, label_col: int) -> bool:
    """A row that only names something: one cell with text, the rest empty or merged into it."""
    return len(row.non_empty()) == 1 and row.non_empty()[0][0] <= label_col + 1


def _classify(vocab: Vocabulary, label: str, value: float | None, heading: bool) -> str | None:
    if "=" in label:
        return None  # a formula written in the table ('ИЭ=(М1+М2+Э)/2'): the formula reader's
    if starts_with(vocab, label, "assessment.course_total"):
        return "total"
    if starts_with(vocab, label, "assessment.current"):
        return "current" if value is not None else None  # a weights-only component, not an item
    if starts_with(vocab, label, "activity.total"):
        return "subtotal" if value is not None else None  # 'Итого 100' under a group of items
    kind = period_label(vocab, label)
    if value is None:
        if heading or kind in ("module", "rating"):
            return "heading"  # 'ООП в Python', 'Рейтинг 1' over its items
        return None
    if kind == "module":
        return "module"
    if kind is not None:
        return kind
    return "item"


def read_points_table(vocab: Vocabulary, src: Sources, table: LogicalTable) -> PointsReading | None:
    """A table of items with their maxima and rating/module/exam/total rows; None if it is not one."""
    header = _header_rows(vocab, table, ("col.points", "assessment.weight_column", "col.percent"))
    if header == 0:
        return None
    value_col, unit = _value_column(vocab, table, header)
    if value_col is None:
        return None
    label_col = _label_column(table, header, value_col)
    if label_col is None:
        return None
    entries: list[Entry] = []
    for row in table.rows[header:]:
        label = grid_text(row, label_col) or next(
            (t for _, t in row.non_empty() if mark(t) is None and not _FIGURES.fullmatch(t)), "")
        if not label:
            continue
        text = grid_text(row, value_col)
        value = mark(text)
        kind = _classify(vocab, label, value, _is_heading_row(row, label_col))
        if kind is None:
            continue
        entries.append(Entry(kind, row, label, label_col, value, grid_origin(row, value_col), text))
    if any(e.kind in ("item", "rating") for e in entries):
        for e in entries:  # 'Текущий контроль 1 | 10' among items or rating rows is an item too
            e.kind = "item" if e.kind == "current" else e.kind
    markers = sum(1 for e in entries if e.kind in ("rating", "module", "exam", "total"))
    items = sum(1 for e in entries if e.kind in ("item", "rating"))
    if markers == 0 or items == 0:
        return None  # a weights-only table (current work and the exam) is the formula reader's
    reading = group(vocab, src, entries)
    in_percent = all(is_percent(e.value_text) for e in entries if e.value is not None)
    reading.unit = "percent" if unit == "percent" or in_percent else "points"
    return reading


def read_plan_weights(vocab: Vocabulary, src: Sources, table: LogicalTable) -> PointsReading | None:
    """A plan's 'Структура оценок' column: each row's leading percents are that week's weight."""
    header = _header_rows(vocab, table, ("assessment.structure_column",))
    col = None
    for row in table.rows[: max(header, 1)]:
        for c, text in row.non_empty():
            if vocab.has(text, "assessment.structure_column"):
                col = c
                break
    if col is None:
        return None
    header = max(header, 1)
    topic_col = None
    for row in table.rows[:header]:
        for c, text in row.non_empty():
            if c != col and vocab.has(text, "col.topic"):
                topic_col = c
                break
        if topic_col is not None:
            break
    entries: list[Entry] = []
    for row in table.rows[header:]:
        label = grid_text(row, topic_col) if topic_col is not None else ""
        cell = grid_text(row, col)
        raw_text = row.cells[col].text if col < len(row.cells) else ""
        percents = [m for m in (_LEADING_PERCENT.match(line) for line in lines(raw_text)) if m]
        value = sum(float(m.group(1).replace(",", ".")) for m in percents) if percents else None
        if value is None:
            continue
        kind = period_label(vocab, label) if label else None
        kind = kind if kind in ("rating", "exam") else "item"
        entries.append(Entry(kind, row, label or cell[:80], topic_col if topic_col is not None else col,
                             value, col, " + ".join(m.group(0).strip() for m in percents)))
    markers = sum(1 for e in entries if e.kind in ("rating", "exam"))
    if markers == 0 or len(entries) < 3:
        return None
    reading = group(vocab, src, entries)
    reading.unit = "percent"
    reading.layout = "plan_weights"
    return reading


def group(vocab: Vocabulary, src: Sources, entries: list[Entry], value_rows: bool = False) -> PointsReading:
    """Items into periods: a module row closes its module; otherwise a rating row closes its period
    (it is the period's last item); a heading row opens a new group; an exam row is the exam."""
    reading = PointsReading(markers=sum(1 for e in entries if e.kind in ("rating", "module", "exam", "total")))
    modules = any(e.kind == "module" for e in entries)
    # A rating row closes its period unless something else delimits the groups: module rows,
    # rating headings over their items ('Рейтинг 1'), or subtotal rows with items after them.
    items_after = [any(x.kind in ("item", "rating") for x in entries[i + 1:]) for i in range(len(entries))]
    rating_closes = not modules and not any(
        (e.kind == "heading" and period_label(vocab, e.label) == "rating") or (e.kind == "subtotal" and items_after[i])
        for i, e in enumerate(entries)
    )
    reading.layout = "modules" if modules else "course_points"
    pending: list[Entry] = []
    heading: Entry | None = None

    def close(closer: Entry | None, stated: Entry | None = None) -> None:
        nonlocal pending, heading
        if not pending and stated is None:
            return
        titled = heading if heading is not None and period_label(vocab, heading.label) in ("rating", "module") else None
        named = (closer or titled or next((e for e in pending if e.kind == "rating"), None) or heading
                 or (pending[0] if pending else None))
        if named is None:
            return
        ratings = sum(1 for p in reading.periods if p.kind != PeriodKind.exam)
        digits = re.findall(r"\d", named.label)
        if named.kind in ("rating", "module") and digits and digits[0] in "12":
            kind = PeriodKind.rating1 if digits[0] == "1" else PeriodKind.rating2
        else:
            kind = PeriodKind.rating1 if ratings == 0 else PeriodKind.rating2
        period = AssessmentPeriod(kind=kind, name=src.cell(named.row, named.label_col, named.label))
        period.items = [_item(src, e, value_rows) for e in pending]
        if stated is not None and stated.value is not None:
            period.stated_total = src.cell(stated.row, stated.value_col, stated.value_text.strip(), stated.value_text)
        for source in (stated, heading):
            m = _STATED_MAX.search(source.label) if source is not None else None
            if m:
                value = float(m.group(1).replace(",", "."))
                period.stated_max = src.cell(source.row, source.label_col, value, source.label)
                break
        reading.periods.append(period)
        pending = []
        heading = None

    for e in entries:
        if e.kind == "heading":
            close(None)
            heading = e
        elif e.kind == "item":
            pending.append(e)
        elif e.kind == "rating":
            pending.append(e)
            if rating_closes:
                close(e)
        elif e.kind == "module":
            close(e, stated=e)
        elif e.kind == "exam":
            close(None)
            period = AssessmentPeriod(kind=PeriodKind.exam, name=src.cell(e.row, e.label_col, e.label))
            period.items = [_item(src, e, value_rows)]
            reading.periods.append(period)
        elif e.kind == "subtotal":
            if pending:
                close(None, stated=e)
            elif reading.course_total is None and e.value is not None:
                reading.course_total = src.cell(e.row, e.value_col, e.value, e.value_text)
        elif e.kind == "total" and e.value is not None and reading.course_total is None:
            reading.course_total = src.cell(e.row, e.value_col, e.value, e.value_text)
    close(None)
    return reading


def _item(src: Sources, e: Entry, value_rows: bool = False) -> AssessmentItem:
    value_row = e.value_row if value_rows and e.value_row is not None else e.row
    return AssessmentItem(
        title=src.cell(e.row, e.label_col, e.label),
        max_points=src.cell(value_row, e.value_col, e.value, e.value_text) if e.value is not None else None,
        practical_number=work_number(e.label),
    )


_WORD = re.compile(r"[^\W\d_]")
_NUMBERS = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d+)?(?![\d])")


def _header_above(table: LogicalTable, row_index: int, col: int, stop_col: int) -> tuple[str, int] | None:
    """The nearest text above (row, col) in the table's rows: the item a column of maxima names."""
    for r in range(row_index - 1, -1, -1):
        row = table.rows[r]
        text = grid_text(row, col)
        if text and grid_origin(row, col) > stop_col and _WORD.search(text):
            return text, r
    return None


def read_points_row(vocab: Vocabulary, src: Sources, table: LogicalTable) -> PointsReading | None:
    """A transposed points table: items are columns, one row gives their maxima.

    'Карта накопления баллов | 10 | 8 | 16 | 16 50' under the headers 'лек. | пр. | СРС/СРСП |
    РК (r) | ИК (E)' and the module header '1 модуль (25 балл)': items 10+8+16+16 of module 1
    (stated maximum 25), the exam 50; a 'Итоговая оценка … 100' row is the course total. A merged
    cell with one number per column it spans gives each column its own.
    """
    for i, row in enumerate(table.rows):
        cells = row.non_empty()
        if i == 0 or len(cells) < 3:
            continue
        label_col, label = cells[0]
        if not starts_with(vocab, label, "assessment.points_row"):
            continue
        entries: list[Entry] = []
        module: Entry | None = None
        for col, text in cells[1:]:
            numbers = _NUMBERS.findall(text)
            if not numbers or len(_NUMBERS.sub("", text).strip()) > 0:
                continue
            span = [col] + [c for c in range(col + 1, len(row.cells)) if grid_origin(row, c) == col]
            heads: list[tuple[str, int, int]] = []
            for c in span:
                found = _header_above(table, i, c, label_col)
                if found and (not heads or heads[-1][0] != found[0]):
                    heads.append((found[0], found[1], c))
            if not heads:
                continue
            if len(numbers) != len(heads):
                numbers, heads = numbers[:1], heads[:1]
            for number, (head, head_row, head_col) in zip(numbers, heads):
                value = float(number.replace(",", "."))
                kind = "exam" if _names_exam(vocab, head) else "item"
                entries.append(Entry(kind, table.rows[head_row], head, head_col, value, col, number, row))
            top = _header_above(table, 1, col, label_col)
            if module is None and top and period_label(vocab, top[0]) == "module":
                module = Entry("heading", table.rows[top[1]], top[0], grid_origin(table.rows[top[1]], col))
        if sum(1 for e in entries if e.kind == "item") < 2:
            continue
        ordered = (([module] if module else []) + [e for e in entries if e.kind == "item"]
                   + [e for e in entries if e.kind == "exam"])
        for later in table.rows[i + 1:]:
            texts = later.non_empty()
            if texts and starts_with(vocab, texts[0][1], "assessment.final_grade"):
                last_col, last = texts[-1]
                if mark(last) is not None and last_col != texts[0][0]:
                    ordered.append(Entry("total", later, texts[0][1], texts[0][0], mark(last), last_col, last))
                    break
        reading = group(vocab, src, ordered, value_rows=True)
        if module is not None:
            reading.layout = "modules"
        return reading
    return None


def _names_exam(vocab: Vocabulary, head: str) -> bool:
    first = re.split(r"[\s(]", head.strip(), maxsplit=1)[0].lower()
    symbols = {t.lower() for t in vocab.concepts.get("assessment.exam_symbol", [])}
    return starts_with(vocab, head, "period.exam") or first in symbols
