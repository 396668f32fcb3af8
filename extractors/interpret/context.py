"""Shared pieces for the interpreter: logical tables (continuations merged) and provenance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Source, Sourced
from ..raw import RawCell, RawParagraph, RawTable
from ..text import clean


@lru_cache(maxsize=50_000)  # bounded: a worker reads thousands of files
def cell_lines(text: str) -> tuple[str, ...]:
    """The non-empty cleaned lines of a paragraph's or a cell's text. The bundle finder, the
    title-page lines, the coverage and the formula reader each walk every line of the document:
    splitting and cleaning once per distinct text halves what those walks cost."""
    return tuple(line for line in (clean(part) for part in text.split("\n")) if line)


@dataclass
class Row:
    cells: list[RawCell]
    table: int  # index of the raw table this row came from
    index: int  # row index within that raw table

    def __post_init__(self):
        # Cleaned once: the recognisers look at the same cells many times.
        self._texts = ["" if c.covered_by is not None else clean(c.text) for c in self.cells]  # is_covered, inlined
        self._non_empty = [(c, t) for c, t in enumerate(self._texts) if t]

    def text(self, col: int | None) -> str:
        """The cell's own text; '' for a position covered by a merged cell or out of range."""
        if col is None or col >= len(self._texts):
            return ""
        return self._texts[col]

    def texts(self) -> list[str]:
        return list(self._texts)

    def non_empty(self) -> list[tuple[int, str]]:
        return list(self._non_empty)

    def first_text(self) -> str:
        """The first non-empty cell's text, '' when none: what non_empty()[0][1] gives, without
        copying the row's list twice (the classifier asks it of every row of every table)."""
        return self._non_empty[0][1] if self._non_empty else ""


@dataclass
class LogicalTable:
    """One table as the reader sees it: continuation parts (page breaks, split tables) merged."""

    kind: str | None
    parts: list[RawTable]
    rows: list[Row]
    block: int  # position of the first part among the document's blocks
    header_rows: int = 0
    preceding: list[str] = field(default_factory=list)  # the paragraphs just before it

    @property
    def n_cols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


@dataclass
class Sources:
    """Builds ``Sourced`` values that point back into the file."""

    file: str

    def cell(self, row: Row, col: int | None, value, text: str | None = None) -> Sourced:
        return Sourced(value=value, source=self.cell_source(row, col, text))

    def cell_source(self, row: Row, col: int | None, text: str | None = None) -> Source:
        """Where the cell stands, for a reader that wants the place alone (no Sourced to throw away)."""
        cell = row.cells[col] if col is not None and col < len(row.cells) else None
        return Source(
            file=self.file,
            page=cell.page if cell else None,
            table=row.table,
            row=row.index,
            column=col,
            text=text if text is not None else (clean(cell.text) if cell else ""),
        )

    def paragraph(self, para: RawParagraph, value, text: str | None = None) -> Sourced:
        return Sourced(
            value=value,
            source=Source(file=self.file, page=para.page, paragraph=para.index,
                          text=text if text is not None else clean(para.text)),
        )

    def line(self, line: Line, value) -> Sourced:
        return Sourced(value=value, source=line.source.model_copy(update={"text": line.text}))


class Line:
    """One line of running text (a paragraph line, or a line of a cell of an unrecognised table).

    Its ``source`` is given, or made by ``make`` when first asked for: the title-page readers
    get every line of the document and take values from a few of them, and a Source made per
    line was a tenth of the interpreter's pydantic validations."""

    __slots__ = ("_make", "_source", "text")

    def __init__(self, text: str, source: Source | None = None, *, make: Callable[[], Source] | None = None):
        self.text = text
        self._source = source
        self._make = make

    @property
    def source(self) -> Source:
        if self._make is not None:
            self._source, self._make = self._make(), None
        return self._source

    def __eq__(self, other: object) -> bool:  # as the dataclass it was
        if not isinstance(other, Line):
            return NotImplemented
        return (self.text, self.source) == (other.text, other.source)

    __hash__ = None  # mutable, like the dataclass

    def __repr__(self) -> str:
        return f"Line(text={self.text!r}, source={self.source!r})"
