"""Assessment: periods with items and maximum points, the final-grade formula, the letter scale,
and which scheme the syllabus uses.

``read_assessment`` is the entry point. It looks at every table, whatever kind the classifier
gave it, and keeps the reading that recognises the most rating, module, exam and total rows:

- a period table ('Кезең | Тапсырма түрі | Балл саны | Жиыны': each period's label opens a group
  of items, its total beside it) — ``read_periods``;
- a table of items one per row with rating/module/exam/total rows among them (AlmaU 'Система
  оценивания курса', OshSU 'Баллы за курс') — ``assessment_points.read_points_table``;
- failing both, a plan's 'Структура оценок' column of weekly percentages —
  ``assessment_points.read_plan_weights``.

The formula comes from ``assessment_formula``, the scale from ``assessment_scale``. The scheme
(``AssessmentScheme``) is decided from what was read: module rows -> modules; rating periods of
100 each -> periods_of_100; items that add up over the whole course (a course total, percent
weights, rating rows that close their period) -> course_points_100; weights only or a pass/fail
control -> other.

``assessment_labels_seen`` says where an assessment, formula or scale heading or label stands
even when its content was not understood (for the coverage of the syllabus model).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import (
    Assessment,
    AssessmentItem,
    AssessmentPeriod,
    AssessmentScheme,
    PeriodKind,
    Source,
    Sourced,
)
from ..numbers import parse_plain_number
from ..raw import RawDocument, RawParagraph
from ..text import clean
from ..vocabulary import Vocabulary
from .assessment_common import period_label, starts_with, work_number
from .assessment_formula import DocLine, document_lines, read_formula
from .assessment_points import PointsReading, read_plan_weights, read_points_row, read_points_table
from .assessment_scale import read_scale, read_scale_lines, scale_rows
from .context import LogicalTable, Sources
from .tables import column_concepts, grade_letter

__all__ = ["assessment_labels_seen", "read_assessment", "read_periods", "work_number"]


def _period_kind(vocab: Vocabulary, text: str, seen: list[AssessmentPeriod]) -> PeriodKind | None:
    concept = vocab.best(text, "period")
    if concept == "exam":
        return PeriodKind.exam
    if concept == "rating":
        digits = re.findall(r"\d", text)
        if digits and digits[0] in "12":
            return PeriodKind.rating1 if digits[0] == "1" else PeriodKind.rating2
        ratings = sum(1 for p in seen if p.kind != PeriodKind.exam)
        return PeriodKind.rating1 if ratings == 0 else PeriodKind.rating2
    return None


def _columns(vocab: Vocabulary, table: LogicalTable) -> tuple[dict[str, int], int | None]:
    cols: dict[str, int] = {}
    total_col = None
    for row in table.rows[: max(table.header_rows, 1)]:
        for concept, col in column_concepts(vocab, row.texts()).items():
            cols.setdefault(concept, col)
        for col, text in row.non_empty():
            if vocab.best(text, "activity") == "total":
                total_col = col
    return cols, total_col


def is_period_table(vocab: Vocabulary, table: LogicalTable) -> bool:
    """A table with a period column ('Кезең', 'Период') beside the items and their points."""
    cols, _ = _columns(vocab, table)
    return "period" in cols and "points" in cols and cols["period"] != cols["points"]


def read_periods(vocab: Vocabulary, src: Sources, table: LogicalTable) -> list[AssessmentPeriod]:
    """A period table: each period label in the period column opens a group of items."""
    cols, total_col = _columns(vocab, table)
    period_col = cols.get("period", 0)
    task_col = cols.get("task_type", cols.get("content", 1))
    points_col = cols.get("points", 2)
    periods: list[AssessmentPeriod] = []
    current: AssessmentPeriod | None = None
    for row in table.rows[table.header_rows:]:
        label = row.text(period_col)
        if label:
            kind = _period_kind(vocab, label, periods)
            if kind is not None:
                current = AssessmentPeriod(kind=kind, name=src.cell(row, period_col, label))
                total = row.text(total_col)
                if total:
                    current.stated_total = src.cell(row, total_col, total)
                periods.append(current)
        if current is None:
            continue
        title = row.text(task_col)
        if not title:
            continue
        if vocab.best(title, "activity", leading=True) == "total":
            continue
        points = row.text(points_col)
        value = parse_plain_number(points) if points else None
        current.items.append(
            AssessmentItem(
                title=src.cell(row, task_col, title),
                max_points=src.cell(row, points_col, value) if value is not None else None,
                practical_number=work_number(title),
            )
        )
    return periods


def _period_table_reading(vocab: Vocabulary, src: Sources, table: LogicalTable) -> PointsReading | None:
    if table.header_rows == 0 and table.kind != "assessment":
        return None
    if not is_period_table(vocab, table):
        return None
    periods = read_periods(vocab, src, table)
    if not any(p.kind != PeriodKind.exam for p in periods):
        return None
    return PointsReading(periods=periods, layout="periods", markers=len(periods))


_DIGIT = re.compile(r"\d")  # compiled once: asked of every line, re.search looks its cache up each time


def _course_total_in_text(vocab: Vocabulary, raw: RawDocument, lines: list[DocLine]) -> Sourced[float] | None:
    """'Баллы за курс состоят из (100 баллов)', 'Всего за курс: 100', '(200 / 2 баллов)'."""
    for line in lines:
        text = line.text
        if len(text) > 160 or not _DIGIT.search(text) or not starts_with(vocab, text, "assessment.course_total"):
            continue
        source = line.source(raw.path)
        m = re.search(r"(\d{2,3})\s*/\s*(\d)\b", text)
        if m and int(m.group(2)) > 0:
            return Sourced(value=int(m.group(1)) / int(m.group(2)), source=source)
        m = re.search(r"(\d{2,3}(?:[.,]\d+)?)", text)
        if m:
            return Sourced(value=float(m.group(1).replace(",", ".")), source=source)
    return None


def _stitched(vocab: Vocabulary, raw: RawDocument, tables: list[LogicalTable]) -> list[LogicalTable]:
    """The tables as the assessment reader sees them: a headerless table right after another with
    the same columns continues it (a points table split in two: 'ООП в Python' … | 'Алгоритмы …' …),
    whatever kinds the classifier gave the two."""
    position = {id(b): i for i, b in enumerate(raw.blocks)}
    result: list[LogicalTable] = []
    for table in tables:
        last = result[-1] if result else None
        end = position.get(id(last.parts[-1]), -2) if last is not None else -2
        if (
            last is not None
            and 0 <= end < table.block
            and all(_page_noise(b) for b in raw.blocks[end + 1: table.block])
            and last.n_cols == table.n_cols
            and _points_header(vocab, last)
            and not _points_header(vocab, table)
        ):
            result[-1] = LogicalTable(last.kind, last.parts + table.parts, last.rows + table.rows, last.block,
                                      last.header_rows, last.preceding)
        else:
            result.append(table)
    return result


def _points_header(vocab: Vocabulary, table: LogicalTable) -> bool:
    """A first row that heads a column of points, weights or a plan's weights."""
    concepts = ("col.points", "assessment.weight_column", "assessment.structure_column")
    return any(any(vocab.has(t, c) for c in concepts) for t in (table.rows[0].texts() if table.rows else []) if t)


def _page_noise(block) -> bool:
    """What a page break leaves between two parts of a table: nothing, or a page number."""
    return isinstance(block, RawParagraph) and bool(re.fullmatch(r"\W*\d{0,3}\W*", clean(block.text)))


def _best_reading(vocab: Vocabulary, src: Sources, tables: list[LogicalTable],
                  is_scale=None) -> PointsReading | None:
    is_scale = is_scale or _is_scale
    best: PointsReading | None = None
    for table in tables:
        if table.kind == "scale" or is_scale(table):
            continue
        reading = (_period_table_reading(vocab, src, table) or read_points_table(vocab, src, table)
                   or read_points_row(vocab, src, table))
        if reading is not None and (best is None or reading.score > best.score):
            best = reading
    if best is not None:
        return best
    for table in tables:
        reading = read_plan_weights(vocab, src, table)
        if reading is not None and (best is None or reading.score > best.score):
            best = reading
    return best


def _is_scale(table: LogicalTable) -> bool:
    return len(table.rows) >= 5 and scale_rows(table) >= 5


def _sum(period: AssessmentPeriod) -> float:
    return round(sum(i.max_points.value for i in period.items if i.max_points is not None), 4)


def _is_hundred(period: AssessmentPeriod) -> bool:
    stated = period.stated_total.value.replace(" ", "") if period.stated_total else ""
    return stated in ("100", "0-100", "0–100") or _sum(period) == 100


def decide_scheme(vocab: Vocabulary, assessment: Assessment, layout: str, pass_fail: bool) -> AssessmentScheme | None:
    ratings = [p for p in assessment.periods if p.kind != PeriodKind.exam]
    if ratings:
        if layout == "modules" or any(period_label(vocab, p.name.value) == "module" for p in ratings):
            return AssessmentScheme.modules
        everything = sum(_sum(p) for p in assessment.periods)
        if len(ratings) >= 2 and all(_is_hundred(p) for p in ratings):
            return AssessmentScheme.periods_of_100
        if layout == "periods":
            if all(_is_hundred(p) for p in ratings) or abs(everything - 100) > 0.5:
                return AssessmentScheme.periods_of_100
            return AssessmentScheme.course_points_100
        if (assessment.unit == "percent" or assessment.course_total is not None
                or layout in ("course_points", "plan_weights")):
            return AssessmentScheme.course_points_100
        return AssessmentScheme.other
    formula = assessment.formula
    if (formula is not None and (formula.current_weight or formula.exam_weight)) or pass_fail:
        return AssessmentScheme.other
    return None


def read_assessment(vocab: Vocabulary, src: Sources, raw: RawDocument, tables: list[LogicalTable],
                    lines: list[DocLine] | None = None) -> tuple[Assessment, set[str]]:
    """The whole assessment part, and which of 'assessment', 'formula', 'scale' were read.

    ``lines``: ``document_lines(raw)`` when the caller has them already (made when needed)."""
    assessment = Assessment()
    found: set[str] = set()
    # A table's letter rows are counted once: the points readers skip scale tables and the scale
    # reader picks the one with most, and each asked it of every table (a walk over its rows for
    # each of three columns). By id: ``stitched`` is kept until the end, so no id is reused.
    letter_rows: dict[int, int] = {}

    def rows_of_letters(table: LogicalTable) -> int:
        n = letter_rows.get(id(table))
        if n is None:
            n = letter_rows[id(table)] = scale_rows(table)
        return n

    def is_scale(table: LogicalTable) -> bool:  # _is_scale, counted once
        return len(table.rows) >= 5 and rows_of_letters(table) >= 5

    stitched = _stitched(vocab, raw, tables)
    reading = _best_reading(vocab, src, stitched, is_scale)
    if reading is not None:
        assessment.periods = reading.periods
        assessment.unit = reading.unit
        assessment.course_total = reading.course_total
        found.add("assessment")
    if assessment.course_total is None and reading is not None and reading.layout != "periods":
        lines = document_lines(raw) if lines is None else lines
        assessment.course_total = _course_total_in_text(vocab, raw, lines)
    scales = [(rows_of_letters(t), i, t) for i, t in enumerate(tables) if t.kind == "scale" or is_scale(t)]
    if scales:
        _, _, table = max(scales, key=lambda s: (s[0], -s[1]))
        assessment.scale = read_scale(vocab, src, table)
    if not assessment.scale:
        lines = document_lines(raw) if lines is None else lines
        assessment.scale = read_scale_lines(src, lines)
    if assessment.scale:
        found.add("scale")
    total = assessment.course_total.value if assessment.course_total is not None else None
    assessment.formula = read_formula(vocab, raw, assessment.periods, total, lines)
    if assessment.formula is not None:
        found.add("formula")
    pass_fail = reading is None and _pass_fail_stated(vocab, tables)
    assessment.scheme = decide_scheme(vocab, assessment, reading.layout if reading else "", pass_fail)
    if assessment.scheme is not None:
        found.add("assessment")  # weights only or a pass/fail control: the scheme itself was read
    return assessment, found


def _pass_fail_stated(vocab: Vocabulary, tables: list[LogicalTable]) -> bool:
    """A final control that is a pass/fail test ('Зачет' as the form of attestation)."""
    for table in tables:
        for row in table.rows:
            for _, text in row.non_empty():
                if len(text) <= 60 and vocab.has(text, "assessment.pass_fail"):
                    return True
    return False


def assessment_labels_seen(vocab: Vocabulary, raw: RawDocument,
                           lines: list[DocLine] | None = None) -> dict[str, Source]:
    """Where the assessment, formula and scale parts were SEEN, understood or not.

    Returns part name ('assessment', 'formula', 'scale') -> the Source of the first heading or
    label that names it: an assessment heading ('Оценка знаний', 'Система оценивания курса',
    'Курсты бағалау жүйесі'), a rating/exam row, a course-total label or a pass/fail control; a
    formula heading ('Формула расчета итоговой оценки') or a line that reads like a formula
    ('... = ... Э ...'); a scale heading ('Буквенная система', 'Grading scale'), a letter-grade
    column header or three letter-grade rows in one table. A part missing from the result has no
    label anywhere (absent); one present but not read by ``read_assessment`` is 'not_read'.
    """
    seen: dict[str, Source] = {}
    letters: dict[int, int] = {}
    for line in document_lines(raw) if lines is None else lines:
        if len(seen) == 3:
            break
        text, source = line.text, line
        if len(text) > 200:
            continue
        if "scale" not in seen:
            if _names_scale(vocab, text):
                seen["scale"] = line.source(raw.path)
            elif source.table is not None and source.column is not None and source.column <= 1 and grade_letter(text):
                letters[source.table] = letters.get(source.table, 0) + 1
                if letters[source.table] >= 3:
                    seen["scale"] = line.source(raw.path)
        if "formula" not in seen and _names_formula(vocab, text):
            seen["formula"] = line.source(raw.path)
        if "assessment" not in seen and (
            _names_assessment(vocab, text)
            or (source.table is not None and period_label(vocab, text) in ("rating", "exam"))
        ):
            seen["assessment"] = line.source(raw.path)
    return seen


# What a line says for assessment_labels_seen, once per distinct text (every line of the
# document is asked, and boilerplate recurs): the same tests in the same order, one cached call
# a line instead of two or three.
@lru_cache(maxsize=50_000)
def _names_scale(vocab: Vocabulary, text: str) -> bool:
    return vocab.has(text, "heading.scale") or vocab.has(text, "col.letter")


@lru_cache(maxsize=50_000)
def _names_formula(vocab: Vocabulary, text: str) -> bool:
    return vocab.has(text, "heading.formula") or _looks_like_formula(vocab, text)


@lru_cache(maxsize=50_000)
def _names_assessment(vocab: Vocabulary, text: str) -> bool:
    return (vocab.has(text, "heading.assessment") or vocab.has(text, "assessment.course_total")
            or vocab.has(text, "assessment.pass_fail"))


def _looks_like_formula(vocab: Vocabulary, text: str) -> bool:
    if "=" not in text or len(text) > 150:
        return False
    lhs = clean(text.split("=", 1)[0])
    named = vocab.has(lhs, "assessment.final_grade") or vocab.has(lhs, "period.rating")
    return bool(lhs) and named and len(lhs) <= 40
