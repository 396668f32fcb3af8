"""The reader finds the sections (for their headers and footers) and the marks of tracked changes
in one pass over the body; at the first mark it takes the sections by a pass of their own. Either
way every section's headers are read, wherever the mark stands."""

from __future__ import annotations

import pytest

from extractors.docx_reader import read_docx
from tests.docx_builders import append_body_xml, fragment, new_document, run, save

TRACK = "w:id='{}' w:author='Зимановская' w:date='2022-08-29T10:00:00Z'"
INSERTED = f"<w:p><w:ins {TRACK.format(1)}>" + run("вставлено") + "</w:ins></w:p>"


def _two_sections(mark_at: str | None):
    doc = new_document()
    doc.sections[0].header.paragraphs[0].text = "first header"
    doc.sections[0].footer.paragraphs[0].text = "first footer"
    if mark_at == "first":
        append_body_xml(doc, INSERTED)
    doc.add_paragraph("section one")
    second = doc.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "second header"
    doc.add_paragraph("section two")
    if mark_at == "second":
        append_body_xml(doc, INSERTED)
    return doc


@pytest.mark.parametrize("mark_at", [None, "first", "second"])
def test_every_section_header_is_read_wherever_a_tracked_change_stands(tmp_path, mark_at):
    raw = read_docx(save(_two_sections(mark_at), tmp_path / f"sections_{mark_at}.docx"))

    assert raw.header_texts == ["first header", "first footer", "second header"]
    assert raw.has_tracked_changes is (mark_at is not None)


def test_a_section_property_change_is_a_tracked_change_and_its_old_section_is_walked(tmp_path):
    # w:sectPrChange holds the section's former w:sectPr: a tracked mark with a w:sectPr inside,
    # which the sections' own pass takes too (it has no header reference: nothing is added)
    doc = new_document()
    doc.sections[0].header.paragraphs[0].text = "the header"
    doc.add_paragraph("text")
    sect_pr = doc.sections[0]._sectPr
    change = f"<w:sectPrChange {TRACK.format(9)}><w:sectPr/></w:sectPrChange>"
    sect_pr.append(fragment(change))

    raw = read_docx(save(doc, tmp_path / "sect_change.docx"))

    assert raw.has_tracked_changes is True
    assert raw.header_texts == ["the header"]
