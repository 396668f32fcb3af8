"""Numbers as syllabi write them: decimal commas ("0,6"), ranges ("95-100"), reference lists
("1,3,4", "1-7", "9-11") and dates ("29.08.2022", "«29» августа 2022 г.")."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_NUMBER = re.compile(r"(?<![\d.,])[+-]?\d+(?:[.,]\d+)?(?![\d])")
_RANGE = re.compile(rf"^\s*(\d+(?:[.,]\d+)?)\s*(?:[{_DASHES}]|\.\.\.?|…)\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")
_MAX_LIST_SPAN = 200  # a "range" wider than this is a typo, not a list of references


def parse_number(text: str | None) -> float | None:
    """The first number in ``text``: "0,6" → 0.6, "15 сағат" → 15.0; None when there is none."""
    if not text:
        return None
    m = _NUMBER.search(text.replace("\u00a0", " "))
    return float(m.group(0).replace(",", ".")) if m else None


@lru_cache(maxsize=50_000)  # the table recognisers ask it of the same cells again and again
def parse_plain_number(text: str | None) -> float | None:
    """A cell that holds only a number (whitespace allowed); None for anything else."""
    if not text:
        return None
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", s):
        return float(s.replace(",", "."))
    return None


def parse_range(text: str | None) -> tuple[float, float] | None:
    """"95-100" → (95.0, 100.0); en dashes and "95...100" too; None when not a range."""
    if not text:
        return None
    m = _RANGE.match(text)
    if not m:
        return None
    return float(m.group(1).replace(",", ".")), float(m.group(2).replace(",", "."))


def parse_int_list(text: str | None) -> list[int] | None:
    """"1,3,4" → [1, 3, 4]; "1-7" → [1..7]; "2, 5-6" → [2, 5, 6]. Order as written, no de-duplication.

    Returns None when the text holds no integers at all.
    """
    if not text:
        return None
    values: list[int] = []
    for part in re.split(r"[,;]\s*|\s+(?=\d)", text.strip()):
        part = part.strip().strip("[]().")
        if not part:
            continue
        rng = re.fullmatch(rf"(\d+)\s*[{_DASHES}]\s*(\d+)", part)
        if rng:
            lo, hi = int(rng.group(1)), int(rng.group(2))
            if lo <= hi and hi - lo <= _MAX_LIST_SPAN:
                values.extend(range(lo, hi + 1))
            else:
                values.extend([lo, hi])
            continue
        values.extend(int(n) for n in re.findall(r"\d+", part))
    return values or None


_MONTHS = {
    # ru (genitive and nominative stems), kk, en
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}


def _month(word: str) -> int | None:
    word = word.lower()
    best = None
    for stem, n in _MONTHS.items():
        if word.startswith(stem) and (best is None or len(stem) > best[0]):
            best = (len(stem), n)
    return best[1] if best else None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str | None) -> date | None:
    """A full date in the text, or None: "29.08.2022", "2022-08-29", "«29» августа 2022 г.",
    "29 тамыз 2022 ж.", "2022 жылғы 29 тамыз", "August 29, 2022"."""
    if not text:
        return None
    m = re.search(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b", text)
    if m:
        return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"[«\"]?\s*(\d{1,2})\s*[»\"]?\s+([^\W\d_]+)\s+(\d{4})", text)
    if m and _month(m.group(2)):
        return _safe_date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    m = re.search(r"(\d{4})\s*(?:жылғы|ж\.?)?\s*[«\"]?(\d{1,2})[»\"]?\s+([^\W\d_]+)", text)
    if m and _month(m.group(3)):
        return _safe_date(int(m.group(1)), _month(m.group(3)), int(m.group(2)))
    m = re.search(r"\b([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})\b", text)
    if m and _month(m.group(1)):
        return _safe_date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    return None


def last_year(text: str | None) -> int | None:
    """The last plausible year (1900-2099) in a literature entry."""
    years = re.findall(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)", text or "")
    return int(years[-1]) if years else None
