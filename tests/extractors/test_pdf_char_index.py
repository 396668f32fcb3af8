"""The PDF reader's geometry shortcuts give what a scan of every character gives.

``CharIndex`` picks a box's characters by bisecting their midpoints and ``nearest`` bisects a
grid; both replaced scans of the whole page or grid, and must choose the very same characters
and grid lines, in the same order, or a cell's text would change.
"""

from __future__ import annotations

import math
import random

from extractors.pdf_reader.geometry import CharIndex, mid_in, nearest


def _chars(rng: random.Random, n: int) -> list[dict]:
    out = []
    for i in range(n):
        # Coarse coordinates, so that many midpoints fall exactly on box edges.
        x0, top = rng.randrange(0, 60) / 2, rng.randrange(0, 60) / 2
        out.append({"x0": x0, "x1": x0 + rng.randrange(1, 6) / 2, "top": top,
                    "bottom": top + rng.randrange(1, 6) / 2, "text": str(i)})
    return out


def _boxes(rng: random.Random, n: int) -> list[tuple[float, float, float, float]]:
    boxes = []
    for _ in range(n):
        x0, top = rng.randrange(0, 60) / 2, rng.randrange(0, 60) / 2
        boxes.append((x0, top, x0 + rng.randrange(0, 30) / 2, top + rng.randrange(0, 30) / 2))
    return boxes


def test_inside_is_the_scan_of_every_character_in_page_order():
    rng = random.Random(13)
    for _ in range(50):
        chars = _chars(rng, 200)
        index = CharIndex(chars)
        for box in _boxes(rng, 20):
            assert index.inside(box) == [c for c in chars if mid_in(c, box)]


def test_outside_is_the_scan_of_every_character_in_page_order():
    rng = random.Random(7)
    for _ in range(50):
        chars = _chars(rng, 200)
        boxes = _boxes(rng, rng.randrange(0, 5))
        expected = [c for c in chars if not any(mid_in(c, b) for b in boxes)]
        assert CharIndex(chars).outside(boxes) == expected


def test_characters_and_boxes_that_are_not_numbers_behave_as_with_mid_in():
    nan = math.nan
    chars = [{"x0": 1.0, "x1": 3.0, "top": 1.0, "bottom": 3.0}, {"x0": nan, "x1": 3.0, "top": 1.0, "bottom": 3.0},
             {"x0": 1.0, "x1": 3.0, "top": nan, "bottom": 3.0}, {"x0": 1.0, "x1": 3.0, "top": 1.0, "bottom": 2.0}]
    index = CharIndex(chars)
    for box in [(0, 0, 10, 10), (nan, 0, 10, 10), (0, nan, 10, 10), (0, 0, nan, 10), (0, 0, 10, nan), (0, 5, 10, 1)]:
        assert index.inside(box) == [c for c in chars if mid_in(c, box)], box
        assert index.outside([box]) == [c for c in chars if not mid_in(c, box)], box


def test_nearest_is_the_first_of_the_nearest_grid_lines():
    rng = random.Random(3)
    for _ in range(500):
        grid = sorted({rng.randrange(0, 100) / 2 for _ in range(rng.randrange(1, 12))})
        v = rng.randrange(-20, 220) / 4
        assert nearest(grid, v) == min(range(len(grid)), key=lambda i: abs(grid[i] - v)), (grid, v)
