"""Assessment: rating periods with items and maximum points, the final-grade formula, the scale."""

from __future__ import annotations

import re

from ..model import AssessmentItem, AssessmentPeriod, FinalFormula, GradeRow, PeriodKind
from ..numbers import parse_plain_number, parse_range
from ..raw import RawParagraph
from ..text import clean
from ..vocabulary import Vocabulary
from .context import LogicalTable, Sources
from .tables import column_concepts, grade_letter

_WORK_NUMBER = [
    re.compile(r"^\s*(\d+)\s*[-‐–]?\s*(?:ші|шы|ой|й|-?ая|-?я)?\s*(?:практикалық|зертханалық|практическ|лабораторн|practical|lab)", re.I),
    re.compile(r"(?:практикалық|зертханалық|практическ\w*|лабораторн\w*|practical|laboratory|lab)\s+(?:жұмыс\w*|сабақ\w*|работ\w*|заняти\w*|work|class|assignment)?\s*№?\s*(\d+)", re.I),
]


def work_number(title: str) -> int | None:
    for pattern in _WORK_NUMBER:
        m = pattern.search(title)
        if m:
            return int(m.group(1))
    return None


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


def read_periods(vocab: Vocabulary, src: Sources, table: LogicalTable) -> list[AssessmentPeriod]:
    cols: dict[str, int] = {}
    total_col = None
    for row in table.rows[: max(table.header_rows, 1)]:
        for concept, col in column_concepts(vocab, row.texts()).items():
            cols.setdefault(concept, col)
        for col, text in row.non_empty():
            if vocab.best(text, "activity") == "total":
                total_col = col
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


_WEIGHT = re.compile(r"(?<![\d,.])(0[.,]\d+|1[.,]0+)(?![\d])")
_EXAM_AFTER = re.compile(r"^\s*[·*×x]?\s*(?:Э|E\b|Exam|Емт|Экз|ИК|FC)", re.I)
_PERCENT = re.compile(r"(\d{1,3})\s*%")


def read_formula(vocab: Vocabulary, src: Sources, paragraphs: list[RawParagraph]) -> FinalFormula | None:
    """The weights of the final grade, from the formula line, else from '40% exam / 60% current'."""
    for para in paragraphs:
        text = clean(para.text)
        if "=" not in text or len(text) > 200:
            continue
        weights = list(_WEIGHT.finditer(text))
        if len(weights) < 2:
            continue
        formula = FinalFormula(text=src.paragraph(para, text))
        for m in weights:
            value = float(m.group(1).replace(",", "."))
            field = "exam_weight" if _EXAM_AFTER.match(text[m.end():]) else "current_weight"
            if getattr(formula, field) is None:
                setattr(formula, field, src.paragraph(para, value, m.group(0)))
        return formula
    formula = FinalFormula()
    for para in paragraphs:
        text = clean(para.text)
        m = _PERCENT.search(text)
        if not m or len(text) > 150:
            continue
        value = int(m.group(1)) / 100
        if vocab.best(text, "period") == "exam" and formula.exam_weight is None:
            formula.exam_weight = src.paragraph(para, value, text)
        elif re.search(r"ағымдағы|текущ|current|рейтинг|rating|midterm", text, re.I) and formula.current_weight is None:
            formula.current_weight = src.paragraph(para, value, text)
    return formula if formula.exam_weight or formula.current_weight else None


def read_scale(vocab: Vocabulary, src: Sources, table: LogicalTable) -> list[GradeRow]:
    cols: dict[str, int] = {}
    for row in table.rows[: max(table.header_rows, 1)]:
        for concept, col in column_concepts(vocab, row.texts()).items():
            cols.setdefault(concept, col)
    letter_col = cols.get("letter", 0)
    points_col = cols.get("numeric_equivalent", 1)
    range_col = cols.get("percent", 2)
    trad_col = cols.get("traditional", 3)
    scale: list[GradeRow] = []
    for row in table.rows:
        letter = grade_letter(row.text(letter_col))
        if letter is None:
            continue
        points_text = row.text(points_col)
        points = parse_plain_number(points_text)
        rng = parse_range(row.text(range_col))
        traditional = row.text(trad_col)
        scale.append(
            GradeRow(
                letter=src.cell(row, letter_col, letter),
                points=src.cell(row, points_col, points) if points is not None else None,
                low=src.cell(row, range_col, rng[0]) if rng else None,
                high=src.cell(row, range_col, rng[1]) if rng else None,
                traditional=src.cell(row, trad_col, traditional) if traditional else None,
            )
        )
    return scale

