"""Scanned syllabi read by OCR: the generated corpus PDFs rendered to pictures (150 and 300 dpi,
turned a little, with noise), wrapped back into image-only PDFs, and read like the originals."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import pytest

from extractors import ocr
from extractors.api import extract_file, read_raw
from extractors.errors import NoTextLayer
from extractors.limits import Limits
from extractors.model import strip_provenance
from tests import scan_builders as sb

CORPUS = Path(__file__).parent / "corpus"
TODAY = date(2026, 11, 22)

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.slow,
    pytest.mark.skipif(bool(ocr.missing()), reason=f"OCR not available: {ocr.missing()}"),
]


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scans")


@functools.lru_cache(maxsize=None)
def _scan(folder: Path, name: str, dpi: int, **kw) -> Path:
    tag = "_".join(f"{k}{v}" for k, v in sorted(kw.items()))
    return sb.scanned(CORPUS / f"{name}.pdf", folder / f"{name}_{dpi}{tag}.pdf", dpi, **kw)


def mixed_pdf(folder: Path, name: str, scanned_page: int) -> Path:
    """The typed PDF with one page replaced by its scan (a signed page scanned back in)."""
    from pypdf import PdfReader, PdfWriter

    scan = sb.scanned(CORPUS / f"{name}.pdf", folder / f"{name}_page{scanned_page}.pdf", 200, pages=[scanned_page])
    typed, picture = PdfReader(CORPUS / f"{name}.pdf"), PdfReader(scan)
    writer = PdfWriter()
    for i, page in enumerate(typed.pages, start=1):
        writer.add_page(picture.pages[0] if i == scanned_page else page)
    dst = folder / f"{name}_mixed.pdf"
    with open(dst, "wb") as fh:
        writer.write(fh)
    return dst


def test_mixed_pdf_is_read_whole(scans):
    path = mixed_pdf(scans, "seed_kk", 2)
    raw = read_raw(path)
    assert set(raw.ocr_pages) == {2}
    assert any(w.startswith("pages read by OCR (scanned): 2") for w in raw.warnings)
    typed = extract_file(CORPUS / "seed_kk.pdf")
    mixed = extract_file(path)
    # the scanned page (the commission's approval, the authors) reads back as it was typed
    assert strip_provenance(mixed) == strip_provenance(typed)
    sources = list(_sources(mixed))
    from_scan = [s for s in sources if s.page == 2]
    assert from_scan and all(s.ocr and s.confidence is not None for s in from_scan)
    # values from typed pages keep a plain provenance
    assert all(not s.ocr and s.confidence is None for s in sources if s.page != 2)


def _sources(obj):
    from pydantic import BaseModel

    from extractors.model import Source

    if isinstance(obj, Source):
        yield obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _sources(getattr(obj, name))
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _sources(v)
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _sources(v)


def test_blank_scan_has_no_text(scans):
    path = sb.blank_scan(scans / "blank.pdf", pages=2)
    with pytest.raises(NoTextLayer) as e:
        read_raw(path)
    assert "OCR found no text" in str(e.value)


def test_without_tesseract_a_scan_is_reported_as_before_with_what_to_install(scans, monkeypatch):
    monkeypatch.setattr(ocr, "missing", lambda: "the Tesseract language models (kaz, rus, eng) were not found")
    path = _scan(scans, "clean_ru", 150)
    with pytest.raises(NoTextLayer) as e:
        read_raw(path, Limits(ocr=None))
    assert "apt-get install tesseract-ocr tesseract-ocr-kaz" in str(e.value)
