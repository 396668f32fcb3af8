"""Recognising tables by what they say, and merging a table's continuation parts."""

from __future__ import annotations

import re
from functools import lru_cache

from ..numbers import parse_plain_number
from ..raw import RawCell, RawDocument, RawParagraph, RawTable
from ..text import clean, to_latin_lookalikes
from ..vocabulary import Vocabulary
from .context import LogicalTable, Row
from .hours import data_row, tree_columns  # at module level: _hours_tree_layout runs per table

GRADE_LETTER = re.compile(r"^(A|A-|B\+|B|B-|C\+|C|C-|D\+|D|D-|FX|F)$")
PLAN_ACTIVITIES = ("lectures", "practicals", "labs")
HOURS_ACTIVITIES = ("lectures", "practicals", "labs", "siwt", "siw")


@lru_cache(maxsize=50_000)  # asked of every line by the coverage and of cells by the scale
def grade_letter(text: str) -> str | None:
    text = clean(text)
    if len(text) - text.count(" ") > 2:
        # No letter grade has more than two characters, and neither the look-alike swap (one
        # letter for one) nor upper() (never fewer letters) shortens a text: most lines asked
        # about are long, and translating them was the cold profile's second line.
        return None
    letter = to_latin_lookalikes(text).upper().replace("–", "-").replace(" ", "")
    return letter if GRADE_LETTER.match(letter) else None


def column_concepts(vocab: Vocabulary, texts: list[str]) -> dict[str, int]:
    """Map column concepts (col.*) to the first column whose header names them."""
    # Once per distinct row of texts: the classifier asks it of a table's first rows, the hours
    # layout of the first again, and the inner-header search of every row three times over
    # (windows of three). A copy: the caller may change its dict, never the cached one.
    return dict(_column_concepts(vocab, tuple(texts)))


@lru_cache(maxsize=50_000)
def _column_concepts(vocab: Vocabulary, texts: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    # First each column's strongest concept, then whatever else a header mentions
    # ("Наименование и содержание темы" names both content and topic; it is the topic column
    # unless another column is headed by the topic alone).
    for col, text in enumerate(texts):
        concept = vocab.best(text, "col") if text else None
        if concept and concept not in found:
            found[concept] = col
    for col, text in enumerate(texts):
        for match in vocab.matches(text) if text else ():
            family, _, concept = match.concept.partition(".")
            if family == "col" and concept not in found:
                found[concept] = col
        if "%" in text and "percent" not in found:
            found["percent"] = col
    return found


def _header_kind(vocab: Vocabulary, row: Row) -> str | None:
    """The kind of table a header row names by its own column headers, if any."""
    cols = column_concepts(vocab, row.texts())
    if "control_form" in cols and ("week" in cols or "hours" in cols):
        return "independent_work"
    # Topics with hours are a plan whatever else it has (a points or weeks column too);
    # topics with references only are a plan when nothing scores them.
    if "topic" in cols and ("hours" in cols or ("references" in cols and "points" not in cols)):
        return "plan"
    if "topic" in cols and _activity_headers(vocab, row.texts()) >= 2:
        return "plan"  # "Тема | Лекции | Практические": hours by activity column
    if "points" in cols and ("period" in cols or "task_type" in cols):
        return "assessment"
    if "letter" in cols or ("numeric_equivalent" in cols and "percent" in cols):
        return "scale"
    return None


def _rows(table: RawTable) -> list[Row]:
    return [Row(cells=cells, table=table.index, index=i) for i, cells in enumerate(table.rows)]


def classify(vocab: Vocabulary, rows: list[Row]) -> tuple[str | None, int]:
    """The table's kind and how many header rows it has."""
    head = rows[:3]
    for h, row in enumerate(head):
        kind = _header_kind(vocab, row)
        if kind is not None:
            return kind, h + 1
    if sum(1 for r in rows if (first := r.first_text()) and grade_letter(first)) >= 5:
        return "scale", 0
    if any(vocab.has(t, "heading.outcomes") for r in head for t in r.texts()):
        return "outcomes", _outcome_header_rows(rows)
    week = _week_row(rows)
    if week is not None and any("+" in t for r in rows for t in r.texts()):
        return "schedule", week + 1
    hours = _hours_layout(vocab, rows)
    if hours is not None:
        return hours, 0
    periods = [r for r in rows if (first := r.first_text()) and vocab.best(first, "period", leading=True)]
    if len(periods) >= 2 and any(parse_plain_number(t) is not None for r in rows for t in r.texts()):
        return "assessment", 0
    return None, 0


def _activity_headers(vocab: Vocabulary, texts: list[str]) -> int:
    return sum(1 for t in texts if t and len(t) <= 40 and _hours_activity(vocab, t))


@lru_cache(maxsize=50_000)  # the hours layout asks it of every cell of every row of a table
def _hours_activity(vocab: Vocabulary, text: str) -> bool:
    """The text begins with a kind of hours (lectures, practicals, labs, SIWT, SIW)."""
    return vocab.best(text, "activity", leading=True) in HOURS_ACTIVITIES


def _outcome_header_rows(rows: list[Row]) -> int:
    n = 0
    for row in rows[:3]:
        last = row.text(len(row.cells) - 1)
        if not last or len(last) < 40:
            n += 1
        else:
            break
    return n


def _week_row(rows: list[Row]) -> int | None:
    for i, row in enumerate(rows[:4]):
        numbers = [parse_plain_number(t) for t in row.texts() if t]
        ints = [int(n) for n in numbers if n is not None and float(n).is_integer()]
        if len(ints) >= 5 and ints == list(range(ints[0], ints[0] + len(ints))):
            return i
    return None


def _hours_layout(vocab: Vocabulary, rows: list[Row]) -> str | None:
    """'hours' when activities are rows with figures, 'hours_transposed' when they are columns.

    A table headed by points or percentages scores activities ("СРС 1 | 100% | 15% | 4.5"): it is
    an assessment table, not hours."""
    scored = any("points" in column_concepts(vocab, r.texts()) or "%" in "".join(r.texts()) for r in rows[:1])
    labelled = 0
    for row in rows:
        cells = row.non_empty()
        if any("%" in t for _, t in cells):
            continue  # "СРС 1 | 100% | 15%": a scored item, not hours
        if (len(cells) >= 2 and len(cells[0][1]) <= 60
                and _hours_activity(vocab, cells[0][1])
                and any(parse_plain_number(t) is not None for _, t in cells[1:])):
            labelled += 1
    if labelled >= 2 and not scored:
        return "hours"
    for i, row in enumerate(rows[:-1]):
        if sum(1 for t in row.texts() if _hours_activity(vocab, t)) >= 2:
            nxt = rows[i + 1].texts()
            if sum(1 for t in nxt if parse_plain_number(t) is not None) >= 2:
                return "hours_transposed"
    return _hours_tree_layout(vocab, rows)


def _hours_tree_layout(vocab: Vocabulary, rows: list[Row]) -> str | None:
    """'hours_tree' when a row of figures stands under a stacked header naming two or more kinds
    of hours ('Ауд. часы' over 'лек. | пр.', 'СРС' beside 'СРС/ СРСП')."""
    for r, row in enumerate(rows[:8]):
        if r and data_row(row):
            table = LogicalTable(None, [], rows, 0)
            if len(tree_columns(vocab, table, r)) >= 2:
                return "hours_tree"
            return None
    return None


def logical_tables(vocab: Vocabulary, raw: RawDocument) -> list[LogicalTable]:
    """Classify every top-level table and merge continuations into the table they continue.

    A continuation is a table that comes right after another (no text between them, as when a
    table was split at a page break or typed as two tables), has the same number of columns and
    is either unrecognised on its own or of the same kind; its repeated header rows are dropped.
    """
    result: list[LogicalTable] = []
    recent: list[str] = []
    previous_block_was_table = False
    run_start = 0  # where the current run of tables with no text between them began
    for position, block in enumerate(raw.blocks):
        if isinstance(block, RawParagraph):
            if clean(block.text):
                recent = (recent + [clean(block.text)])[-3:]
                previous_block_was_table = False
                run_start = len(result)
            continue
        if block.nested_in is not None:
            continue
        rows = _rows(block)
        kind, header = classify(vocab, rows)
        last, fragments = _continued(result, run_start)
        if fragments and kind is None and last is not None and block_cols(block) == last.n_cols:
            # A PDF draws a table nested in a cell as one-column tables of its own between the
            # outer table's pages: they are not what the next page continues.
            del result[len(result) - fragments:]
        if (previous_block_was_table and last is not None and last.kind is not None and kind is None
                and block_cols(block) != last.n_cols):
            # a continuation laid on another grid (a PDF page whose columns were cut differently)
            rows = fit_columns(rows, last.n_cols) or rows
        if (
            previous_block_was_table
            and last is not None
            and last.kind is not None
            and (kind in (None, last.kind) or (header == 0 and last.kind == "assessment"))
            and len(rows[0].cells if rows else []) == last.n_cols
        ):
            header_texts = [r.texts() for r in last.rows[: last.header_rows]]
            while rows and rows[0].texts() in header_texts:
                rows = rows[1:]
            last.parts.append(block)
            last.rows.extend(rows)
        elif kind is None and (inner := _inner_header(vocab, rows)) is not None:
            # A plan whose header row stands inside a longer table (a page of text rows above it)
            at, inner_kind, inner_header = inner
            before = [t for r in rows[:at] for _, t in r.non_empty()][-2:]
            result.append(LogicalTable(inner_kind, [block], rows[at:], position, inner_header,
                                       (list(recent) + before)[-3:]))
        else:
            result.append(LogicalTable(kind, [block], rows, position, header, list(recent)))
        previous_block_was_table = True
    return result


def _continued(result: list[LogicalTable], run_start: int) -> tuple[LogicalTable | None, int]:
    """The table a new one may continue: the last one, or the last recognised one of this run
    followed only by unrecognised one-column tables (with how many of those there are)."""
    if not result:
        return None, 0
    k = len(result)
    while k > run_start and result[k - 1].kind is None and result[k - 1].n_cols == 1:
        k -= 1
    if k > run_start and k < len(result) and result[k - 1].kind is not None:
        return result[k - 1], len(result) - k
    return result[-1], 0


_ORIGIN_SHARE = 0.6  # a grid column that starts a cell in this share of rows is a real column


def fit_columns(rows: list[Row], n_cols: int) -> list[Row] | None:
    """The rows laid on ``n_cols`` columns when their finer grid has exactly that many real
    columns (those where cells start in most rows); text in the other grid columns joins the
    real column on its left. None when the grid does not fit."""
    if not rows:
        return None
    width = max(len(r.cells) for r in rows)
    starts = [sum(1 for r in rows if c < len(r.cells) and not r.cells[c].is_covered) for c in range(width)]
    origins = [c for c in range(width) if starts[c] >= _ORIGIN_SHARE * len(rows)]
    if len(origins) != n_cols or origins[0] != 0:
        return None
    fitted: list[Row] = []
    for row in rows:
        cells: list[RawCell] = []
        for i, c in enumerate(origins):
            end = origins[i + 1] if i + 1 < len(origins) else len(row.cells)
            span = row.cells[c:end]
            if not span:
                cells.append(RawCell("", row.index, c))
                continue
            head = span[0]
            extra = [x.text for x in span[1:] if not x.is_covered and x.text.strip()]
            text = "\n".join(([head.text] if head.text.strip() and not head.is_covered else []) + extra)
            covered = head.covered_by if head.is_covered and not extra else None
            cells.append(RawCell(text, head.row, head.col, head.page, covered))
        fitted.append(Row(cells=cells, table=row.table, index=row.index))
    return fitted


def _inner_header(vocab: Vocabulary, rows: list[Row]) -> tuple[int, str, int] | None:
    """(row, kind, header rows) of a plan header found below a table's first rows."""
    for at in range(3, len(rows)):
        cells = rows[at].non_empty()
        if len(cells) < 3 or any(len(t) > 80 for _, t in cells):
            continue
        # What classify(rows[at:at + 3]) would answer with one header row: only the row's own
        # headers give that (the rest of classify gives other kinds, or no header row), so the
        # layouts of every three-row window are not worked out for nothing.
        kind = _header_kind(vocab, rows[at])
        if kind in ("plan", "independent_work"):
            return at, kind, 1
    return None


def block_cols(table: RawTable) -> int:
    return table.n_cols
