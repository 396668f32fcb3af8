"""Tiny ``RawDocument`` objects for interpreter tests, written as they read.

A table is a list of rows of cell texts; "<" is a cell merged with the one on its left, "^" one
merged with the one above. A paragraph is a string, or (text, style) for a styled one.
"""

from __future__ import annotations

from extractors.raw import RawCell, RawDocument, RawParagraph, RawTable


def raw_table(index: int, rows: list[list[str]]) -> RawTable:
    cells: list[list[RawCell]] = []
    for r, row in enumerate(rows):
        out: list[RawCell] = []
        for c, text in enumerate(row):
            if text == "<":
                origin = out[c - 1].covered_by or (r, c - 1)
                out.append(RawCell("", r, c, covered_by=origin))
            elif text == "^":
                origin = cells[r - 1][c].covered_by or (r - 1, c)
                out.append(RawCell("", r, c, covered_by=origin))
            else:
                out.append(RawCell(text, r, c))
        cells.append(out)
    return RawTable(index=index, rows=cells)


def raw_document(*blocks) -> RawDocument:
    """Paragraphs and tables numbered in order, as a reader numbers them."""
    numbered = []
    p = t = 0
    for block in blocks:
        if isinstance(block, (str, tuple)):
            text, style = block if isinstance(block, tuple) else (block, None)
            numbered.append(RawParagraph(p, text, style=style))
            p += 1
        else:
            numbered.append(raw_table(t, block))
            t += 1
    return RawDocument(path="x.docx", format="docx", sha256="0", blocks=numbered)
