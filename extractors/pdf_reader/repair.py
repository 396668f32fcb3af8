"""Text repair: what a PDF's drawn text loses against the words that were typed.

Ligature glyphs and invisible characters come back as letters or go; a word broken over two lines
(by a hyphen, or cut by a narrow cell's width) is joined back once the document's own words tell
whether the break was a hyphenation or a real hyphen. Breaks are marked while pages are read and
resolved when the whole document's words are known (``vocabulary`` and ``resolve_breaks``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)

BREAK = "\x00"  # marks a line break after a hyphen until the document's words are known
CUT = "\x01"  # marks a line that may have been cut inside a word (see ``cells.cell_lines``)
_BROKEN = re.compile(r"(\w+)-\x00(\w+)")
_CUT_WORD = re.compile(r"(\w+)\x01(\w+)")


def clean_line(s: str) -> str:
    """Ligatures spelt out, invisible characters dropped, whitespace runs made one space."""
    for lig, rep in _LIGATURES.items():
        s = s.replace(lig, rep)
    s = s.translate(_INVISIBLE)
    return " ".join(s.split())


def join_lines(lines: Iterable[str], sep: str) -> str:
    """Join wrapped lines; a word broken after a hyphen ("тау-" / "кен") is joined back without a
    separator. Whether the hyphen stays is decided later by ``resolve_breaks``."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and len(out) > 1 and out[-1] == "-" and out[-2].isalpha() and line[0].isalpha():
            out += BREAK + line
        elif out:
            out += sep + line
        else:
            out = line
    return out


def raw_lines(text: str) -> list[str]:
    """Split pdfplumber text into cleaned lines, joining a soft-hyphenated break first."""
    text = re.sub("\u00ad[ \t]*\n[ \t]*", "", text)
    return [clean_line(x) for x in text.split("\n")]


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The document's words that were not broken across a line (case-folded)."""
    vocab: set[str] = set()
    for t in texts:
        for token in t.split():
            if BREAK not in token and CUT not in token:
                vocab.update(w.casefold() for w in re.findall(r"\w+", token))
    return vocab


def resolve_breaks(text: str, vocab: set[str]) -> str:
    """LibreOffice draws a hyphenation break as a plain "-", like the hyphen of a compound word
    ("тау-кен"). The hyphen is dropped when the joined word occurs unbroken elsewhere in the
    document ("сипат-" / "тамасы" -> "сипаттамасы"), and kept otherwise."""
    if CUT in text:
        text = _CUT_WORD.sub(lambda m: _resolve_cut(m.group(1), m.group(2), vocab), text).replace(CUT, "\n")
    if BREAK not in text:
        return text

    def fix(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        return a + b if (a + b).casefold() in vocab else f"{a}-{b}"

    return _BROKEN.sub(fix, text).replace(BREAK, "")


def _resolve_cut(head: str, tail: str, vocab: set[str]) -> str:
    """A line that filled its cell, then a lower-case line: one word cut by the cell's width
    ("Қанағаттанарл" / "ық"), unless the tail is a word the document uses on its own
    ("Жарылымдардың" / "кинематикасы" is a wrap that happened to fill the cell)."""
    if (head + tail).casefold() in vocab or tail.casefold() not in vocab:
        return head + tail
    return f"{head}\n{tail}"
