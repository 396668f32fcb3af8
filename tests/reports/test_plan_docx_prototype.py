"""A plan's record row copied from the prototype row (``plan_docx_writer.prototype_row``) and
filled through the lxml shortcut is the XML python-docx makes with add_row and its setters."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from lxml import etree

from reports.writers import plan_docx_writer as plan

HOSTILE = "Кафедра\x07 \udce9.pdf\u202e"
LINES = [
    [("1", {})],
    [("NC-2026-0001 · Елеулі", {"bold": True}), ("BEN00005 Course", {"italic": True}), ("ASM001: text", {}),
     ("Қайталанды: 2", {"bold": True, "colour": "B03A2E"}), ("Source: a.docx — p. 5", {"size": 9})],
    [("", {})],
    [(" leading and trailing ", {}), ("\u00a0nbsp\u00a0", {}), (HOSTILE, {"bold": True})],
    [("tab\there", {}), ("two\nlines", {"italic": True}), ("carriage\rreturn", {"size": 10})],
    [("Follow-ons (2):", {"bold": True, "size": 10}), ("↳ NC-2 ASM002: x", {"size": 10}), ("", {"bold": True})],
]


def _table():
    doc = Document()
    return doc, doc.add_table(rows=2, cols=6)


def _by_add_row(table, cells_lines, made):
    """A record's row as the plan made it before: add_row, then cantSplit and the widths."""
    row = table.add_row()
    for cell, lines in zip(row.cells, cells_lines):
        plan._cell_text(cell, lines, made)
    row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER  # the row's number
    plan._cant_split(row)
    for cell, width in zip(row.cells, plan.COLUMN_WIDTHS_MM):
        cell.width = Mm(width)
    return row._tr


def _xml(element) -> bytes:
    return etree.tostring(element, encoding="utf-8")


@pytest.mark.parametrize("made_first", [True, False], ids=["properties-made", "properties-new"])
def test_a_row_copied_from_the_prototype_is_the_row_add_row_makes(made_first):
    rows = [LINES[i % len(LINES):] + LINES[:i % len(LINES)] for i in range(len(LINES))]
    _doc_a, table_a = _table()
    _doc_b, table_b = _table()
    made_a: plan.RunProperties = {}
    made_b: plan.RunProperties = {}
    if made_first:  # the fast path: every run's properties already made in this plan
        for cell_lines in rows:
            _by_add_row(table_a, [line[:6] for line in cell_lines], made_a)
            _by_add_row(table_b, [line[:6] for line in cell_lines], made_b)
    prototype = plan.prototype_row(table_b)
    for cell_lines in rows:
        old = _by_add_row(table_a, cell_lines[:6], made_a)
        cells = plan.add_row_like(table_b, prototype)
        for i, (cell, lines) in enumerate(zip(cells, cell_lines[:6])):
            plan._cell_text(cell, lines, made_b, fresh=True, centred=i == 0)
        assert _xml(cells[0]._tc.getparent()) == _xml(old)
    assert _xml(table_b._tbl) == _xml(table_a._tbl)


def test_the_prototype_is_not_left_in_the_table():
    _, table = _table()
    plan.prototype_row(table)
    assert len(table.rows) == 2
