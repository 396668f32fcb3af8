"""Table cells: pdfplumber's cell rectangles -> a grid of ``RawCell`` (one page's fragment).

pdfplumber gives ``None`` for grid positions covered by a merged cell; the covering cell is found
by geometry and written as ``covered_by`` (see ``extractors/raw.py``). A cell's lines are rebuilt
from its characters, so a word cut by a narrow cell's width can be joined back.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from pdfplumber.utils import extract_text

from ..raw import RawCell
from .geometry import TOL, BBox, Char, CharIndex, cluster, mid_in, nearest
from .repair import CUT, clean_line, join_lines, raw_lines

# A line cut inside a word fills the cell from padding to padding. Measured on the corpus's
# LibreOffice exports: cut lines leave 5.4-7.2 pt on each side; lines wrapped at a space leave
# 7.45 pt and up on at least one side (most leave 8 pt and far more). The margin between the two
# is thin, so a candidate cut is also checked against the document's own words (repair._resolve_cut).
CUT_MARGIN = 7.3
_OCR_EXTRA_MARGIN = 2.5  # OCR character boxes hug the ink, leaving a wider padding


@dataclass(frozen=True, slots=True)
class Fragment:
    """A table as found on one page, before stitching. Row/col indices are local."""

    page: int
    top: float
    bottom: float
    xs: list[float]  # column boundaries, left to right, including the right edge
    rows: list[list[RawCell]]

    @property
    def text(self) -> str:
        """Rows as lines, cells separated by tabs (covered positions left out)."""
        return "\n".join(
            "\t".join(c.text.replace("\n", " ") for c in row if not c.is_covered) for row in self.rows
        )

    def margin_box(self, top: float | None = None) -> BBox:
        """The fragment's box grown by a point, for telling its characters from the page's."""
        return (self.xs[0] - 1, self.top - 1 if top is None else top, self.xs[-1] + 1, self.bottom + 1)


def _line_groups(chars: list[Char]) -> list[list[Char]]:
    """A cell's characters grouped into visual lines, top to bottom, each left to right."""
    by_line: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if by_line and abs(by_line[-1][0]["top"] - ch["top"]) <= 2:
            by_line[-1].append(ch)
        else:
            by_line.append([ch])
    return by_line


def _fills_cell(text: str, group: list[Char], cell: BBox) -> bool:
    """One word running from the cell's left padding to its right one: perhaps cut."""
    left, right = min(c["x0"] for c in group), max(c["x1"] for c in group)
    margin = CUT_MARGIN + (_OCR_EXTRA_MARGIN if group[0].get("fontname") == "OCR" else 0.0)
    return " " not in text and text[-1].isalpha() and right >= cell[2] - margin and left <= cell[0] + margin


def cell_lines(chars: list[Char], cell: BBox) -> list[str]:
    """A cell's lines. When a word is too long for a narrow cell, LibreOffice breaks it with no
    hyphen ("Қанағаттанарл" / "ық"): a line holding one word that runs to the cell's right border,
    followed by a line starting in lower case, is one word, and is joined back without a space."""
    lines: list[str] = []
    cut_before = False
    for group in _line_groups(chars):
        text = clean_line(raw_lines(extract_text(group))[0])
        if not text:
            continue
        if cut_before and lines and text[0].islower():
            lines[-1] += CUT + text
        else:
            lines.append(text)
        cut_before = _fills_cell(text, group, cell)
    return lines


def chars_by_cell(cells: list[BBox], xs: list[float], ys: list[float], chars: list[Char]) -> dict[BBox, list[Char]]:
    """Each character to the cell holding its midpoint, by bisecting the table's grid (a scan of
    every character for every cell made this the reader's hot spot on long tables)."""
    cell_at: dict[tuple[int, int], BBox] = {}
    for cell in cells:
        r0, r1 = nearest(ys, cell[1]), nearest(ys, cell[3])
        c0, c1 = nearest(xs, cell[0]), nearest(xs, cell[2])
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                cell_at.setdefault((r, c), cell)
    out: dict[BBox, list[Char]] = {}
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        y = (ch["top"] + ch["bottom"]) / 2
        cell = cell_at.get((bisect.bisect_right(ys, y) - 1, bisect.bisect_right(xs, x) - 1))
        if cell is None or not mid_in(ch, cell):  # near a clustered edge: ask every cell
            cell = next((c for c in cells if mid_in(ch, c)), None)
        if cell is not None:
            out.setdefault(cell, []).append(ch)
    return out


def _covering(spans: list[tuple[BBox, int, int]], x: float, y: float, at: tuple[int, int]) -> tuple[int, int] | None:
    """The origin (row, col) of the merged cell, among those placed so far, that covers (x, y)."""
    for b, orow, ocol in spans:
        if b[0] <= x < b[2] and b[1] <= y < b[3] and (orow, ocol) != at:
            return orow, ocol
    return None


def to_fragment(cells: list[BBox], page_no: int, chars: CharIndex, conf: dict[BBox, float] | None = None) -> Fragment:
    """One page's table from its cell rectangles and the page's characters. ``conf``: the OCR
    confidence of each cell of a scanned page."""
    xs = cluster([c[0] for c in cells] + [max(c[2] for c in cells)])
    ys = cluster([c[1] for c in cells] + [max(c[3] for c in cells)])
    origin_at: dict[tuple[int, int], BBox] = {}
    for c in cells:
        origin_at.setdefault((nearest(ys, c[1]), nearest(xs, c[0])), c)
    bbox = (xs[0] - 1, ys[0] - 1, xs[-1] + 1, ys[-1] + 1)
    chars_of = chars_by_cell(cells, xs, ys, chars.inside(bbox))
    spans: list[tuple[BBox, int, int]] = []  # (cell bbox, origin row, origin col)
    rows: list[list[RawCell]] = []
    for r in range(len(ys) - 1):
        row: list[RawCell] = []
        for c in range(len(xs) - 1):
            cell = origin_at.get((r, c))
            if cell is None:
                covered = _covering(spans, xs[c] + TOL, ys[r] + TOL, (r, c))
                row.append(RawCell(text="", row=r, col=c, page=page_no, covered_by=covered))
                continue
            text = join_lines(cell_lines(chars_of.get(cell, []), cell), "\n")
            confidence = None if conf is None else conf.get(cell)
            row.append(RawCell(text=text, row=r, col=c, page=page_no, confidence=confidence))
            spans.append((cell, r, c))
        rows.append(row)
    return Fragment(page=page_no, top=ys[0], bottom=ys[-1], xs=xs, rows=rows)
