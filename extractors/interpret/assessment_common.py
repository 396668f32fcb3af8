"""Small pieces the assessment readers share: what a label names, cell values through merges."""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import clean
from ..vocabulary import Vocabulary
from .context import Row

# "10", "4.5", "15%", "70 баллов", "20 б.", "12 points": a mark with at most its unit after it.
_MARK = re.compile(r"^\s*(\d{1,3}(?:[.,]\d+)?)\s*(%|балл\w*|бал\w*|б\.?|points?|pts\.?|marks?|ұпай\w*)?\s*$", re.I)
_LEADING_NUMBER = re.compile(r"^\s*\d+\s*[-‐–]?\s*(?:ой|ый|й|ая|я|ші|шы|st|nd|rd|th)?\s*[.)]?\s*", re.I)


def mark(text: str | None) -> float | None:
    """A cell that states one mark (points or percent), its unit allowed: '15%', '70 баллов'."""
    if not text:
        return None
    m = _MARK.match(text.replace("\u00a0", " "))
    return float(m.group(1).replace(",", ".")) if m else None


def is_percent(text: str | None) -> bool:
    return bool(text) and "%" in text


@lru_cache(maxsize=100_000)  # every period and row label is asked about each concept, by several readers
def starts_with(vocab: Vocabulary, text: str, concept: str) -> bool:
    """Does ``text`` begin with a term of ``concept`` (a leading ordinal such as '1 ' or '2-й ' allowed)?"""
    for candidate in (text, _LEADING_NUMBER.sub("", text, count=1)):
        if any(m.concept == concept and m.start == 0 for m in vocab.matches(candidate)):
            return True
    return False


def period_label(vocab: Vocabulary, text: str) -> str | None:
    """'rating', 'exam' or 'module' when the label opens with one of them, else None."""
    if not text:
        return None
    if starts_with(vocab, text, "assessment.module"):
        return "module"
    for concept in ("exam", "rating"):
        if starts_with(vocab, text, f"period.{concept}"):
            return concept
    return None


def grid_text(row: Row, col: int | None) -> str:
    """The text standing at ``col``: the cell's own, or that of the cell merged across it from the left."""
    if col is None or col >= len(row.cells):
        return ""
    cell = row.cells[col]
    if not cell.is_covered:
        return row.text(col)
    origin_row, origin_col = cell.covered_by
    if origin_row == cell.row and origin_col < len(row.cells):
        return row.text(origin_col)
    return ""


def grid_origin(row: Row, col: int) -> int:
    """The column whose cell holds the text at ``col`` in this row (itself unless merged from the left)."""
    cell = row.cells[col] if col < len(row.cells) else None
    if cell is not None and cell.is_covered and cell.covered_by[0] == cell.row:
        return cell.covered_by[1]
    return col


def lines(text: str) -> list[str]:
    return [clean(part) for part in (text or "").split("\n") if clean(part)]


_WORK_NUMBER = [
    re.compile(r"^\s*(\d+)\s*[-‐–]?\s*(?:ші|шы|ой|й|-?ая|-?я)?\s*(?:практикалық|зертханалық|практическ|лабораторн|practical|lab)", re.I),
    re.compile(r"(?:практикалық|зертханалық|практическ\w*|лабораторн\w*|practical|laboratory|lab)\s+"
               r"(?:жұмыс\w*|сабақ\w*|работ\w*|заняти\w*|work|class|assignment)?\s*№?\s*(\d+)", re.I),
]


def work_number(title: str) -> int | None:
    """The number of the practical/lab work an item names ('3 практикалық жұмыс', 'Lab work 2')."""
    for pattern in _WORK_NUMBER:
        m = pattern.search(title)
        if m:
            return int(m.group(1))
    return None
