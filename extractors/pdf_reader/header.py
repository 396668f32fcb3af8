"""The page header: the ruled table every page repeats (university | QMS code | "N бет M").

It usually touches the first body table, and pdfplumber then returns the two as one table. The
header rows are found (a page-number text such as "2 бет 11", the rows seen as header on an
earlier page, or the header band measured on an earlier page), their cells split off, and the
header text kept apart in ``RawDocument.header_texts``.
"""

from __future__ import annotations

import re

from pdfplumber.table import Table
from pdfplumber.utils import extract_text

from .cells import Fragment
from .geometry import TOL, BBox, CharIndex, cluster
from .repair import clean_line

TOP_BAND = 0.22  # a page header table starts in the top 22 % of the page
BOTTOM_BAND = 0.90  # footer page numbers sit below 90 % of the page height

# "2 бет 11", "бет 2", "стр. 2 из 11", "Страница 2", "Page 2 of 11", "2 из 11", "2 of 11", "2/11"
PAGE_NO = re.compile(
    r"(?:\b\d{1,4}\s*[-‑]?\s*бет(?:\s*\d{1,4})?\b"
    r"|\bбет\s*\d{1,4}\b"
    r"|\b(?:стр\.?|страница|page|p\.)\s*\d{1,4}(?:\s*(?:из|of|/)\s*\d{1,4})?\b"
    r"|\b\d{1,4}\s*(?:из|of)\s*\d{1,4}\b)",
    re.IGNORECASE,
)
BARE_PAGE_NO = re.compile(r"^[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?$|^\d{1,4}\s*/\s*\d{1,4}$")

# Latin letters that look like Cyrillic ones, for comparing header texts only (the seed syllabus
# writes its QMS code "026-ІІ-2021" with Cyrillic І on some pages and Latin I on others).
_HOMOGLYPHS = str.maketrans("aceiopxykmht", "асеіорхукмнт")


def header_key(s: str) -> str:
    """A header text with its page numbers, digits, spaces and look-alike letters folded away:
    the same header on every page gives the same key."""
    s = PAGE_NO.sub("#", s.casefold()).translate(_HOMOGLYPHS)
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", s))


def is_page_number(text: str) -> bool:
    return bool(BARE_PAGE_NO.match(text) or PAGE_NO.fullmatch(text))


class HeaderModel:
    """What the page header looks like, learnt from the pages read so far."""

    def __init__(self) -> None:
        self.row_keys: set[str] = set()
        self.band: tuple[float, float] | None = None  # (top, bottom) of the header table

    def split(self, table: Table, page_height: float, chars: CharIndex) -> tuple[list[BBox], list[BBox]]:
        """Return (header cells, body cells) of the topmost table on a page, whose characters
        are ``chars``."""
        cells = table.cells
        if min(c[1] for c in cells) > page_height * TOP_BAND:
            return [], cells
        header_bottom = self._header_bottom(chars, cells)
        if header_bottom is None:
            return [], cells
        head = [c for c in cells if c[3] <= header_bottom + TOL]
        body = [c for c in cells if c[1] >= header_bottom - TOL]
        return head, body

    def _header_bottom(self, chars: CharIndex, cells: list[BBox]) -> float | None:
        """Where the header rows at the top of ``table`` end; None when it starts with none."""
        ys = cluster([c[1] for c in cells])
        header_bottom = None
        for i, y in enumerate(ys):
            band_cells = [c for c in cells if abs(c[1] - y) <= TOL]
            y_next = ys[i + 1] if i + 1 < len(ys) else max(c[3] for c in cells)
            if not self._is_header_band(chars, band_cells, y, y_next, header_bottom):
                break
            header_bottom = max([header_bottom or 0.0] + [c[3] for c in band_cells])
        return header_bottom

    def _is_header_band(
        self, chars: CharIndex, band_cells: list[BBox], y: float, y_next: float, header_bottom: float | None
    ) -> bool:
        text = " ".join(_cell_text(chars, c) for c in band_cells)
        inside_known = self.band is not None and y >= self.band[0] - TOL and y_next <= self.band[1] + TOL
        covered_by_header = header_bottom is not None and y < header_bottom - TOL
        return bool(
            PAGE_NO.search(text)
            or (text.strip() and header_key(text) in self.row_keys)
            or inside_known
            or covered_by_header
        )

    def learn(self, head: Fragment) -> None:
        for row in head.rows:
            text = " ".join(c.text for c in row if not c.is_covered)
            if text.strip():
                self.row_keys.add(header_key(text))
        if self.band is None:
            self.band = (head.top, head.bottom)


def _cell_text(chars: CharIndex, cell: BBox) -> str:
    return clean_line(extract_text(chars.inside(cell)).replace("\n", " "))
