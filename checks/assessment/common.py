"""Helpers shared by the assessment rules (not a rule module)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from extractors.model_enums import PeriodKind
from extractors.text import CYRILLIC_TO_LATIN

if TYPE_CHECKING:
    from extractors.model import AssessmentItem, AssessmentPeriod, Source, Sourced

PERIOD_NAMES = {
    PeriodKind.rating1: ("1-аралық бақылау (рейтинг 1)", "рубежный контроль 1 (рейтинг 1)", "midterm 1 (rating 1)"),
    PeriodKind.rating2: ("2-аралық бақылау (рейтинг 2)", "рубежный контроль 2 (рейтинг 2)", "midterm 2 (rating 2)"),
    PeriodKind.exam: ("емтихан", "экзамен", "exam"),
}

# The look-alikes, and the grade letters D and F as typed in Cyrillic (Д, Ф): no look-alikes, the same grades
_TO_LATIN = {**CYRILLIC_TO_LATIN, **str.maketrans("ДФ", "DF")}


def letter(text: str) -> str:
    """Grade letters compare without spaces, with Cyrillic look-alikes and dashes folded."""
    t = unicodedata.normalize("NFKC", text).upper().translate(_TO_LATIN)
    t = re.sub(r"[‐‑‒–—−]", "-", t)
    return re.sub(r"\s+", "", t)


_TOTAL = re.compile(r"^\s*(барлығы|жиыны|барлыгы|итого|всего|total)\b", re.IGNORECASE)


def without_total_row(items: list[AssessmentItem]) -> list[AssessmentItem]:
    """A 'Барлығы / Итого 100' row read as an item is not a task: drop it when it is the sum."""
    if len(items) > 1 and _TOTAL.match(items[-1].title.value) and items[-1].max_points is not None:
        rest = items[:-1]
        points = [i.max_points.value for i in rest if i.max_points is not None]
        if len(points) == len(rest) and abs(sum(points) - items[-1].max_points.value) < 1e-6:
            return rest
    return items


def numeric(text: str | None) -> float | None:
    """'100', '0-100', 'до 50', '40 %' -> the (upper) number; None when the text holds none."""
    nums = re.findall(r"\d+(?:[.,]\d+)?", text or "")
    return float(nums[-1].replace(",", ".")) if nums else None


def period_points(period: AssessmentPeriod) -> tuple[float, list[float]] | None:
    """(sum, terms) of a period's item maxima without its total row; None when one is unread."""
    items = without_total_row(period.items)
    terms = [i.max_points.value for i in items if i.max_points is not None]
    if not items or len(terms) < len(items):
        return None
    return sum(terms), terms


def where(source: Source | Sourced[Any] | None, lang: str) -> str:
    """A place as people count it: 'p. 3, table 5, row 2' (the model counts tables, rows from 0)."""
    from extractors.model import Sourced

    if source is None:
        return ""
    if isinstance(source, Sourced):
        source = source.source
    words = {"kk": ("{}-бет", "{}-кесте", "{}-жол", "{}-абзац"), "ru": ("с. {}", "табл. {}", "строка {}", "абзац {}"),
             "en": ("p. {}", "table {}", "row {}", "paragraph {}")}[lang]
    out = []
    if source.page is not None:
        out.append(words[0].format(source.page))
    if source.table is not None:
        out.append(words[1].format(source.table + 1))
        if source.row is not None:
            out.append(words[2].format(source.row + 1))
    elif source.paragraph is not None:
        out.append(words[3].format(source.paragraph + 1))
    return ", ".join(out)


def at(source: Source | Sourced[Any] | None, text: str, lang: str) -> str:
    """'p. 3, table 2: '1 модуль (25 балл)'' — the place, when known, and the text as written."""
    q = f"'{text}'" if lang == "en" else f"«{text}»"
    place = where(source, lang)
    return f"{place}: {q}" if place else q
