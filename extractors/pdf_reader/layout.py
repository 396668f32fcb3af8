"""Page layout outside the tables: characters -> words -> visual lines -> paragraphs."""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from pdfplumber.utils import extract_words

from .geometry import Char
from .repair import clean_line


@dataclass(frozen=True, slots=True)
class Line:
    """A visual line of words, left to right."""

    top: float
    bottom: float
    x0: float
    x1: float
    size: float  # median font size of its words
    text: str
    first_word_width: float


@dataclass(slots=True)
class Para:
    """A paragraph as read on one page, its lines not yet joined."""

    page: int
    top: float
    lines: list[str] = field(default_factory=list)
    confidence: float | None = None  # OCR confidence (0-100) of its least sure line


@dataclass(slots=True)
class _Gathering:
    """A line while its words are being gathered."""

    top: float
    bottom: float
    x0: float
    x1: float
    words: list[dict]

    def add(self, w: dict) -> None:
        self.words.append(w)
        self.x0, self.x1 = min(self.x0, w["x0"]), max(self.x1, w["x1"])
        self.top, self.bottom = min(self.top, w["top"]), max(self.bottom, w["bottom"])

    def line(self) -> Line:
        words = sorted(self.words, key=lambda w: w["x0"])
        return Line(
            top=self.top, bottom=self.bottom, x0=self.x0, x1=self.x1,
            size=statistics.median(w["size"] for w in words),
            text=clean_line(" ".join(w["text"] for w in words)),
            first_word_width=words[0]["x1"] - words[0]["x0"],
        )


def lines(chars: list[Char]) -> list[Line]:
    """Group the characters' words into visual lines, top to bottom; blank lines dropped."""
    words = extract_words(chars, x_tolerance=1.5, y_tolerance=3, extra_attrs=["size"])
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    gathered: list[_Gathering] = []
    for w in words:
        mid = (w["top"] + w["bottom"]) / 2
        for ln in reversed(gathered[-3:]):
            if ln.top <= mid <= ln.bottom:
                ln.add(w)
                break
        else:
            gathered.append(_Gathering(w["top"], w["bottom"], w["x0"], w["x1"], [w]))
    out = sorted((g.line() for g in gathered), key=lambda ln: ln.top)
    return [ln for ln in out if ln.text]


_BULLETS = "•●▪■◦○‣∙·➢➤►▶✓✔"
_DASHES = "-–—"
_UPPER = "A-ZА-ЯЁӘІҢҒҮҰҚӨҺ"
_NUMBERED = re.compile(rf"^(\d{{1,3}})(?:[.)]\s+\S|\s+[{_UPPER}«\"“])")
_MULTILEVEL = re.compile(rf"^\d{{1,2}}(?:\.\d{{1,2}})+\.?\s+[{_UPPER}]")
_LETTERED = re.compile(r"^[a-zа-я]\)\s+\S")


def marker(text: str, para_first: str | None, prev_text: str) -> tuple[bool, int | None]:
    """Does a line start a list item? Returns (starts_item, item number if numbered)."""
    if text[0] in _BULLETS or "\uf000" <= text[0] <= "\uf0ff":
        return True, None
    if text[0] in _DASHES and len(text) > 1 and text[1] == " ":
        # A dash also wraps onto a new line inside sentences ("2014. – 128 б."): it opens an item
        # only inside a dash list or after a line that introduces one.
        same_list = para_first is not None and para_first[:2] == text[:2]
        return same_list or prev_text.endswith((":", ";")), None
    if _MULTILEVEL.match(text) or _LETTERED.match(text):
        return True, None
    m = _NUMBERED.match(text)
    if m:
        return True, int(m.group(1))
    return False, None


def _breaks_before(ln: Line, prev: Line, base_gap: float, tables: list[tuple[float, float]], right_edge: float) -> bool:
    """Does ``ln`` start a new paragraph after ``prev`` for a reason of layout?"""
    size = ln.size
    return (
        ln.top - prev.bottom > base_gap + 0.45 * size
        or abs(size - prev.size) > 1.0
        or any(prev.bottom <= t_top <= ln.top for t_top, _ in tables)
        # a wrapped line is one the next word did not fit on
        or prev.x1 + 0.3 * size + ln.first_word_width < right_edge - 0.5 * size
    )


def _list_item(text: str, paras: list[Para], prev: Line | None, last_no: int | None) -> tuple[bool, int | None]:
    """Does the line open a list item (and its number)? A numbered item must continue the count
    (or restart it at 1); a wrapped line that happens to begin with a number ("2014. – 128 б.")
    does not."""
    is_item, no = marker(text, paras[-1].lines[0] if paras else None, prev.text if prev else "")
    if is_item and no is not None:
        is_item = no == 1 or (last_no is not None and no == last_no + 1)
    return is_item, no


def _count_after(text: str, is_item: bool, no: int | None, last_no: int | None) -> int | None:
    """The list count after a line that opened a paragraph."""
    if is_item and no is not None:
        return no
    if not is_item and not _NUMBERED.match(text):
        return None
    return last_no


def paragraphs(page_lines: list[Line], tables: list[tuple[float, float]], right_edge: float, page_no: int) -> list[Para]:
    """Lines -> paragraphs. A new paragraph starts at: a list marker; a vertical gap clearly
    larger than the page's line gap; a change of font size; a table in between; or after a line
    that ends well short of the right edge (a wrapped line is one the next word did not fit on)."""
    if not page_lines:
        return []
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(page_lines) if b.top - a.bottom > -1]
    base_gap = sorted(gaps)[len(gaps) // 4] if gaps else 0.0
    paras: list[Para] = []
    last_no: int | None = None
    prev: Line | None = None
    for ln in page_lines:
        is_item, no = _list_item(ln.text, paras, prev, last_no)
        if prev is None or is_item or _breaks_before(ln, prev, base_gap, tables, right_edge):
            paras.append(Para(page=page_no, top=ln.top, lines=[ln.text]))
            last_no = _count_after(ln.text, is_item, no, last_no)
        else:
            paras[-1].lines.append(ln.text)
        prev = ln
    return paras
