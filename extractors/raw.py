"""The seam between format readers and the interpreter.

A reader (DOCX, PDF) turns a file into a ``RawDocument``: paragraphs and tables in document
order, each cell and paragraph knowing where it stands. The interpreter then recognises what
the tables *say*, independently of the file format, so a DOCX and its PDF export give the same
``Syllabus``.

Merged cells are represented once: the origin cell holds the text, every grid position it covers
holds a ``RawCell`` with ``covered_by`` pointing at the origin and empty text. Readers never
duplicate a merged value.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawCell:
    text: str
    row: int
    col: int
    page: int | None = None
    covered_by: tuple[int, int] | None = None  # (row, col) of the merged origin cell
    confidence: float | None = None  # OCR confidence 0-100 (a scanned page); None: a text layer

    @property
    def is_covered(self) -> bool:
        return self.covered_by is not None


@dataclass
class RawTable:
    index: int  # 0-based, logical tables in document order (after stitching)
    rows: list[list[RawCell]]
    page: int | None = None  # first page the table is on (PDF)
    paragraph_index: int | None = None  # paragraphs before it (DOCX order)
    nested_in: int | None = None  # index of the table this one sits in, if nested

    def texts(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.rows]

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class RawParagraph:
    index: int  # 0-based, in document order
    text: str
    page: int | None = None
    style: str | None = None
    confidence: float | None = None  # OCR confidence 0-100 (a scanned page); None: a text layer


Block = RawParagraph | RawTable


@dataclass
class RawDocument:
    path: str
    format: str  # "docx" | "pdf"
    sha256: str
    blocks: list[Block] = field(default_factory=list)
    header_texts: list[str] = field(default_factory=list)  # page headers/footers, kept apart
    pages: int | None = None
    has_text_layer: bool = True
    has_tracked_changes: bool = False
    unreadable_glyphs: int = 0
    warnings: list[str] = field(default_factory=list)
    converted_from: str | None = None
    ocr_pages: dict[int, float | None] = field(default_factory=dict)  # page read by OCR -> its confidence

    @property
    def paragraphs(self) -> list[RawParagraph]:
        return [b for b in self.blocks if isinstance(b, RawParagraph)]

    @property
    def tables(self) -> list[RawTable]:
        return [b for b in self.blocks if isinstance(b, RawTable)]
