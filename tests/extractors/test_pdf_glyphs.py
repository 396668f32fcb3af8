"""PDFs whose fonts have no Unicode mapping (no /ToUnicode): their text comes out as "(cid:NN)"
glyphs and code letters ("!\"#$"). When that is all the text there is, the PDF has no usable text
layer, like a scan: read by OCR when the machine can, else ``NoTextLayer``; never "not a syllabus".
The PDFs are built here from the corpus's typed PDFs, with the maps removed."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from extractors import ocr
from extractors.api import extract_file, read_raw
from extractors.errors import NoTextLayer
from extractors.limits import Limits
from extractors.pdf_reader import read_pdf
from extractors.pdf_reader.scans import Scans
from tests import pdf_builders as b

CORPUS = Path(__file__).parents[1] / "corpus"
NO_OCR = Limits(ocr=None)


def _pages(src: Path, dst: Path, numbers: list[int]) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    reader = PdfReader(src)
    for n in numbers:
        writer.add_page(reader.pages[n - 1])
    writer.write(dst)
    return dst


@pytest.fixture(scope="module")
def unmapped(tmp_path_factory) -> Path:
    """clean_kk.pdf (8 pages) with every font's /ToUnicode removed."""
    d = tmp_path_factory.mktemp("glyphs")
    return b.drop_tounicode(CORPUS / "clean_kk.pdf", d / "unmapped.pdf", list(range(1, 9)))


def test_guard_the_text_layer_is_unmapped_glyphs(unmapped):
    with pdfplumber.open(unmapped) as pdf:
        text = "".join(p.extract_text() for p in pdf.pages)
    assert text.count("(cid:") > 5000
    assert "Кредит" not in text and "ECTS" not in text
    with pdfplumber.open(CORPUS / "clean_kk.pdf") as pdf:  # the same pages before the surgery
        assert "(cid:" not in "".join(p.extract_text() for p in pdf.pages)


def test_without_ocr_it_has_no_usable_text_layer(unmapped):
    with pytest.raises(NoTextLayer) as caught:
        read_pdf(unmapped, NO_OCR)
    assert caught.value.path == str(unmapped)
    assert caught.value.detail.startswith(
        "none of its 8 pages has usable text: the characters on pages 1-8 have no Unicode mapping ((cid:NN))"
    )


def test_through_extract_file_it_is_no_text_layer_not_not_a_syllabus(unmapped):
    with pytest.raises(NoTextLayer):
        extract_file(unmapped, NO_OCR)


def test_with_ocr_every_page_is_offered_to_it_and_nothing_found_is_said(unmapped, monkeypatch):
    offered: list[int] = []

    def ocr_finding_nothing(self, reader, number):
        self.tried = True
        offered.append(number)
        return None

    monkeypatch.setattr(Scans, "read", ocr_finding_nothing)
    with pytest.raises(NoTextLayer) as caught:
        read_pdf(unmapped, Limits(ocr="an OCR engine"))
    assert offered == list(range(1, 9))
    assert caught.value.detail.endswith("(OCR found no text on them either)")


def test_a_pdf_with_readable_pages_is_read_and_its_glyphs_counted(unmapped, tmp_path, monkeypatch):
    """One typed page keeps the document readable: the unmapped pages stay a warning and a
    finding (DOC002), and are not sent to OCR."""
    offered: list[int] = []
    monkeypatch.setattr(Scans, "read", lambda self, reader, number: offered.append(number))
    mixed = b.append_pdf(_pages(CORPUS / "clean_kk.pdf", tmp_path / "p1.pdf", [1]), unmapped, tmp_path / "mixed.pdf")
    doc = read_pdf(mixed, Limits(ocr="an OCR engine"))
    assert offered == [] and doc.ocr_pages == {}
    assert doc.unreadable_glyphs > 5000
    assert doc.warnings == [
        f"{doc.unreadable_glyphs} characters without a Unicode mapping ((cid:NN)) on pages 2-9: their text cannot be read"
    ]


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.skipif(bool(ocr.missing()), reason=f"OCR not available: {ocr.missing()}")
def test_with_tesseract_the_pages_are_read_as_pictures(unmapped, tmp_path):
    one_page = _pages(unmapped, tmp_path / "unmapped_p1.pdf", [1])
    raw = read_raw(one_page)
    assert set(raw.ocr_pages) == {1}
    assert raw.unreadable_glyphs == 0
    assert raw.warnings[0].startswith("pages read by OCR (their text has no Unicode mapping): 1")
    typed = read_raw(_pages(CORPUS / "clean_kk.pdf", tmp_path / "typed_p1.pdf", [1]))
    typed_words = {w for p in typed.paragraphs for w in p.text.split() if len(w) > 3}
    read_words = {w for p in raw.paragraphs for w in p.text.split()}
    assert len(typed_words & read_words) >= 0.8 * len(typed_words)
