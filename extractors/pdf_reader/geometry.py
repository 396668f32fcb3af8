"""Points and boxes on a PDF page (pdfplumber's coordinates: x to the right, ``top`` downwards)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from typing import Any

# A box as pdfplumber gives table cells: (x0, top, x1, bottom).
BBox = tuple[float, float, float, float]
# A character as pdfplumber (or ``extractors.ocr``) gives it: x0, x1, top, bottom, text, ...
Char = Mapping[str, Any]

TOL = 2.0  # points: column edges closer than this are the same edge


def cluster(values: Iterable[float], tol: float = TOL) -> list[float]:
    """Sorted values with near-duplicates (within ``tol``) merged into the first of them."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def nearest(grid: list[float], v: float) -> int:
    """Index of the grid line nearest to ``v`` in a sorted ``grid`` (the first of two as near).
    Only the grid lines either side of ``v`` can be nearest: bisecting finds them without a
    scan of the grid for every cell."""
    i = bisect.bisect_left(grid, v)
    if i == 0:
        return 0
    if i == len(grid) or abs(grid[i - 1] - v) <= abs(grid[i] - v):
        return i - 1
    return i


def mid_in(obj: Char, bbox: BBox) -> bool:
    """Does the midpoint of ``obj`` (a character or word) fall inside ``bbox``?"""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]


class CharIndex:
    """A page's characters by their midpoints, sorted top to bottom, so that those inside a box
    are found by bisecting rather than by testing every character of the page for every box
    (the page header's cells, each table, the text outside the tables). Lists keep the page's
    order of characters, which pdfplumber's word and line grouping depends on."""

    def __init__(self, chars: list[Char]):
        self.chars = chars
        mids = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2) for c in chars]
        # A midpoint that is not a number (a damaged file) is inside no box, as with ``mid_in``.
        order = sorted((i for i, (x, y) in enumerate(mids) if x == x and y == y), key=lambda i: mids[i][1])
        self._order = order
        self._xs = [mids[i][0] for i in order]
        self._ys = [mids[i][1] for i in order]

    def _indices(self, bbox: BBox) -> list[int]:
        """Indices of the characters whose midpoint ``mid_in`` places inside ``bbox``."""
        if not bbox[1] <= bbox[3]:  # an empty box, or one with a coordinate that is not a number
            return []
        lo = bisect.bisect_left(self._ys, bbox[1])
        hi = bisect.bisect_left(self._ys, bbox[3])
        x0, x1, xs, order = bbox[0], bbox[2], self._xs, self._order
        return [order[k] for k in range(lo, hi) if x0 <= xs[k] < x1]

    def inside(self, bbox: BBox) -> list[Char]:
        """The characters with their midpoint inside ``bbox``, in the page's order."""
        return [self.chars[i] for i in sorted(self._indices(bbox))]

    def outside(self, boxes: Iterable[BBox]) -> list[Char]:
        """The characters with their midpoint inside none of ``boxes``, in the page's order."""
        taken: set[int] = set()
        for b in boxes:
            taken.update(self._indices(b))
        return [c for i, c in enumerate(self.chars) if i not in taken]
