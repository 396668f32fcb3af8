"""Helpers shared by the assessment rules (not a rule module)."""

from __future__ import annotations

import re
import unicodedata

from extractors.model import PeriodKind

PERIOD_NAMES = {
    PeriodKind.rating1: ("1-аралық бақылау (рейтинг 1)", "рубежный контроль 1 (рейтинг 1)", "midterm 1 (rating 1)"),
    PeriodKind.rating2: ("2-аралық бақылау (рейтинг 2)", "рубежный контроль 2 (рейтинг 2)", "midterm 2 (rating 2)"),
    PeriodKind.exam: ("емтихан", "экзамен", "exam"),
}

_TO_LATIN = str.maketrans({"А": "A", "В": "B", "С": "C", "Е": "E", "Д": "D", "Ф": "F", "Х": "X"})


def letter(text: str) -> str:
    """Grade letters compare without spaces, with Cyrillic look-alikes and dashes folded."""
    t = unicodedata.normalize("NFKC", text).upper().translate(_TO_LATIN)
    t = re.sub(r"[‐‑‒–—−]", "-", t)
    return re.sub(r"\s+", "", t)


_TOTAL = re.compile(r"^\s*(барлығы|жиыны|барлыгы|итого|всего|total)\b", re.IGNORECASE)


def without_total_row(items):
    """A 'Барлығы / Итого 100' row read as an item is not a task: drop it when it is the sum."""
    if len(items) > 1 and _TOTAL.match(items[-1].title.value) and items[-1].max_points is not None:
        rest = items[:-1]
        if all(i.max_points is not None for i in rest) and abs(sum(i.max_points.value for i in rest) - items[-1].max_points.value) < 1e-6:
            return rest
    return items


def numeric(text: str | None) -> float | None:
    """'100', '0-100', 'до 50', '40 %' -> the (upper) number; None when the text holds none."""
    nums = re.findall(r"\d+(?:[.,]\d+)?", text or "")
    return float(nums[-1].replace(",", ".")) if nums else None


def period_points(period) -> tuple[float, list[float]] | None:
    """(sum, terms) of a period's item maxima without its total row; None when one is unread."""
    items = without_total_row(period.items)
    if not items or any(i.max_points is None for i in items):
        return None
    terms = [i.max_points.value for i in items]
    return sum(terms), terms


def where(source, lang: str) -> str:
    """A place as people count it: 'p. 3, table 5, row 2' (the model counts tables, rows from 0)."""
    if source is None:
        return ""
    if hasattr(source, "source"):
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


def at(source, text: str, lang: str) -> str:
    """'p. 3, table 2: '1 модуль (25 балл)'' — the place, when known, and the text as written."""
    q = f"'{text}'" if lang == "en" else f"«{text}»"
    place = where(source, lang)
    return f"{place}: {q}" if place else q
