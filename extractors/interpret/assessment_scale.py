"""The letter scale: A … F rows with their grade point, score range and traditional grade.

The table is the one with the most rows whose first line is a grade letter ('F\\n(fail)' and
'A (excellent)' are F and A); columns come from the headers and, where a header says nothing,
from what the cells hold (ranges, grade points up to 4.0). A letter row with no range is kept with
low/high None so that a check can name the gap; pass/fail rows (P, NP) are not letter rows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import GradeRow, Sourced
from ..numbers import parse_plain_number, parse_range
from ..vocabulary import Vocabulary
from .assessment_common import lines
from .context import LogicalTable, Row, Sources
from .tables import column_concepts, grade_letter

_GLOSS = re.compile(r"\s*[(\[].*$")


@lru_cache(maxsize=50_000)  # the scale test asks it of every short cell of the first columns
def letter_of(text: str) -> str | None:
    """The grade letter a cell names: its first line, a gloss in brackets dropped."""
    first = lines(text)[:1]
    if not first:
        return None
    return grade_letter(first[0]) or grade_letter(_GLOSS.sub("", first[0]))


def _letter_rows(table: LogicalTable, col: int) -> list[Row]:
    return [r for r in table.rows if (text := r.text(col)) and len(text) <= 24 and letter_of(text)]


def _letter_column(table: LogicalTable) -> tuple[int, list[Row]]:
    best = (0, [])
    for col in range(min(table.n_cols, 3)):
        rows = _letter_rows(table, col)
        if len(rows) > len(best[1]):
            best = (col, rows)
    return best


def scale_rows(table: LogicalTable) -> int:
    """How many letter rows the table has (5 or more makes it a scale)."""
    return len(_letter_column(table)[1])


def _by_content(rows: list[Row], test, exclude: set[int], n_cols: int) -> int | None:
    counts = {c: sum(1 for r in rows if test(r.text(c))) for c in range(n_cols) if c not in exclude}
    col, n = max(counts.items(), key=lambda kv: (kv[1], -kv[0]), default=(None, 0))
    return col if n * 2 >= len(rows) else None


def read_scale(vocab: Vocabulary, src: Sources, table: LogicalTable) -> list[GradeRow]:
    letter_col, rows = _letter_column(table)
    cols: dict[str, int] = {}
    for row in table.rows:  # the header: every row above the first letter row
        if rows and row is rows[0]:
            break
        for concept, col in column_concepts(vocab, row.texts()).items():
            cols.setdefault(concept, col)

    def has_range(t: str) -> bool:
        return parse_range(t) is not None

    def has_point(t: str) -> bool:
        v = parse_plain_number(t)
        return v is not None and 0 <= v <= 4.5

    range_col = cols.get("percent")
    if range_col is None or not any(has_range(r.text(range_col)) for r in rows):
        range_col = _by_content(rows, has_range, {letter_col}, table.n_cols)
    points_col = cols.get("numeric_equivalent")
    if points_col is None or not any(has_point(r.text(points_col)) for r in rows):
        points_col = _by_content(rows, has_point, {letter_col, range_col or -1}, table.n_cols)
    trad_col = cols.get("traditional")
    scale: list[GradeRow] = []
    for row in rows:
        letter = letter_of(row.cells[letter_col].text)
        points = parse_plain_number(row.text(points_col)) if points_col is not None else None
        rng = parse_range(row.text(range_col)) if range_col is not None else None
        traditional = row.text(trad_col) if trad_col is not None else ""
        scale.append(
            GradeRow(
                letter=src.cell(row, letter_col, letter),
                points=src.cell(row, points_col, points) if points is not None else None,
                low=src.cell(row, range_col, rng[0]) if rng else None,
                high=src.cell(row, range_col, rng[1]) if rng else None,
                traditional=src.cell(row, trad_col, traditional) if traditional else None,
            )
        )
    return scale


_LETTER_LINE = re.compile(
    r"^\s*(?P<letter>FX|F|[A-DА-ДВС][+\-–]?)\s*(?:\(\s*[^)\d]*\))?\s*[(\[:–—-]?\s*"
    r"(?P<low>\d{1,3})\s*(?:[-–—]|\.\.\.?|…)\s*(?P<high>\d{1,3})\s*%?\s*[)\]]?(?P<rest>.*)$"
)
_GRADE_POINT = re.compile(r"(?<![\d.,])([0-4][.,]\d{1,2}|[0-4])(?![\d.,])")


def read_scale_lines(src: Sources, lines) -> list[GradeRow]:
    """A scale written as text, one letter a line: 'A (95-100) 4,0 отлично', 'B+: 85–89'.

    Five or more such lines in a row make a scale; ``lines`` are the document's lines
    (``assessment_formula.document_lines``)."""
    best: list[GradeRow] = []
    run: list[GradeRow] = []
    for line in list(lines) + [None]:
        found = _letter_line(line.text) if line is not None else None
        if found is None:
            if len(run) > len(best):
                best = run
            run = []
            continue
        letter, low, high, point = found
        source = line.source(src.file)
        run.append(GradeRow(
            letter=Sourced(value=letter, source=source),
            points=Sourced(value=point, source=source) if point is not None else None,
            low=Sourced(value=low, source=source),
            high=Sourced(value=high, source=source),
        ))
    return best if len(best) >= 5 else []


@lru_cache(maxsize=50_000)  # every line of the document is asked; boilerplate recurs
def _letter_line(text: str) -> tuple[str, float, float, float | None] | None:
    """(letter, low, high, grade point or None) of a scale line, None for any other line."""
    m = _LETTER_LINE.match(text) if len(text) <= 160 else None
    letter = grade_letter(m.group("letter")) if m else None
    if letter is None:
        return None
    point = _GRADE_POINT.search(m.group("rest"))
    return (letter, float(m.group("low")), float(m.group("high")),
            float(point.group(1).replace(",", ".")) if point else None)
