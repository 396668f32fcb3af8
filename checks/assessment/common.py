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
