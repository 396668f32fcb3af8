"""Points and boxes on a PDF page (pdfplumber's coordinates: x to the right, ``top`` downwards)."""

from __future__ import annotations

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
    """Index of the grid line nearest to ``v``."""
    return min(range(len(grid)), key=lambda i: abs(grid[i] - v))


def mid_in(obj: Char, bbox: BBox) -> bool:
    """Does the midpoint of ``obj`` (a character or word) fall inside ``bbox``?"""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]
