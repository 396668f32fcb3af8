"""Files that bundle many work programmes: find where each programme's title page begins.

A programme begins with a title page: an approval heading (УТВЕРЖДАЮ / БЕКІТЕМІН / APPROVED)
followed within a few lines by a syllabus or work-programme heading ("Рабочая программа
дисциплины", "СИЛЛАБУС") and the course title. One file with two or more such title pages holds
several programmes; the interpreter then reads the first, and the file is reported as a bundle,
never merged into one syllabus.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..raw import RawDocument, RawParagraph, RawTable
from ..vocabulary import Vocabulary
from .context import cell_lines

_WINDOW = 25  # lines between the approval heading and the programme heading of one title page


@dataclass
class Programme:
    block: int  # position in raw.blocks where its title page begins
    title: str


def _lines(raw: RawDocument):
    """(block position, text) for every line of every paragraph and top-level table cell."""
    for position, block in enumerate(raw.blocks):
        if isinstance(block, RawParagraph):
            for line in cell_lines(block.text):
                yield position, line
        elif isinstance(block, RawTable) and block.nested_in is None:
            for row in block.rows:
                for cell in row:
                    if cell.covered_by is None:  # is_covered without the property's call
                        for line in cell_lines(cell.text):
                            yield position, line


@lru_cache(maxsize=50_000)  # every line of the document is asked; boilerplate recurs
def _leading_heading(vocab: Vocabulary, text: str) -> str | None:
    """The heading a title-page line begins with, for a line short enough to be one (the
    syllabus heading's 120 characters; the approval heading's 60 are tested by the caller)."""
    return vocab.best(text, "heading", leading=True) if len(text) <= 120 else None


def find_programmes(vocab: Vocabulary, raw: RawDocument) -> list[Programme]:
    """The title pages of the file's programmes, in order (one for an ordinary syllabus)."""
    programmes: list[Programme] = []
    approval_at: tuple[int, int] | None = None  # (line number, block) of an unused approval heading
    pending_title = False
    for n, (block, text) in enumerate(_lines(raw)):
        if pending_title:
            if len(text) <= 200:
                programmes[-1].title = text
            pending_title = False
            continue
        if len(text) > 60 and approval_at is None:
            continue  # no heading to look for here: the vocabulary is asked of the same lines as before
        heading = _leading_heading(vocab, text)
        if heading == "approval" and len(text) <= 60:
            approval_at = (n, block)
            continue
        if approval_at is not None and heading == "syllabus":
            if n - approval_at[0] <= _WINDOW:
                programmes.append(Programme(block=approval_at[1], title=""))
                pending_title = True
            approval_at = None
    return programmes


def first_programme(raw: RawDocument, programmes: list[Programme]) -> RawDocument:
    """The document cut to its first programme (the blocks before the second title page)."""
    if len(programmes) < 2:
        return raw
    cut = programmes[1].block
    return RawDocument(
        path=raw.path, format=raw.format, sha256=raw.sha256, blocks=raw.blocks[:cut],
        header_texts=raw.header_texts, pages=raw.pages, has_text_layer=raw.has_text_layer,
        has_tracked_changes=raw.has_tracked_changes, unreadable_glyphs=raw.unreadable_glyphs,
        warnings=raw.warnings, converted_from=raw.converted_from,
    )
