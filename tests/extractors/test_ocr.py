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

CORPUS = Path(__file__).parents[1] / "corpus"
TODAY = date(2026, 11, 22)

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.slow,
    pytest.mark.skipif(bool(ocr.missing()), reason=f"OCR not available: {ocr.missing()}"),
]


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scans")


@functools.cache
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


# --------------------------------------------------------------------------- whole scanned syllabi


def _check(syllabus):
    from checks.policy import load_policy
    from checks.runner import audit

    return audit([syllabus], policy=load_policy(), today=TODAY)


def _projection(result):
    return sorted([f.rule, f.evidence.location, f.evidence.expected, f.evidence.actual] for f in result.findings)


# (name, dpi, figures that may be misread). Measured (tests/ocr_measure.py): seed_kk 150 dpi
# 270/270; defects_ru and clean_ru 150 dpi 226/227 (a plan row number "9" not read), 300 dpi
# 227/227. seed_kk at 300 dpi loses a scale row and the schedule's weeks (229/270): left open.
CASES = [("seed_kk", 150, 0), ("defects_ru", 150, 1), ("clean_ru", 150, 1), ("defects_ru", 300, 0)]


@pytest.mark.parametrize("name, dpi, misread", CASES)
def test_scanned_syllabus_gives_its_figures_and_findings(scans, name, dpi, misread):
    """The seed syllabus scanned gives its real defects (rating 2 = 85, the unassessed practical,
    the missing literature references, the undated approval) and no false finding; every
    figure (hours, points, scale, weeks, references) is read as typed."""
    from tests.ocr_measure import accuracy

    typed = extract_file(CORPUS / f"{name}.docx")
    scanned = extract_file(_scan(scans, name, dpi))
    assert set(read_raw(_scan(scans, name, dpi)).ocr_pages) == set(range(1, scanned.document.pages + 1))
    right, total, wrong = accuracy(typed, scanned)
    assert len(wrong) <= misread, f"{right}/{total} figures right:\n" + "\n".join(wrong)
    got, want = _check(scanned), _check(typed)
    assert _projection(got) == _projection(want)
    assert got.documents[0].verdict == want.documents[0].verdict
    assert all(f.evidence.ocr for f in got.findings if f.evidence.page)


def test_photo_quality_scan_is_to_check_by_hand(scans):
    """A blurred, grey, noisy photo of the assessment pages: what rests on its unsure values is
    "from a scan: check by hand", never a plain nonconformity."""
    path = sb.scanned(  # the hours and assessment pages
        CORPUS / "defects_ru.pdf", scans / "photo.pdf", 150, angle=1.0, noise=30.0, blur=1.3, contrast=0.55, quality=30,
        pages=[4, 5],
    )
    from checks.policy import load_policy

    policy = load_policy()
    try:  # timing is not what this test is about
        syllabus = extract_file(path, Limits(ocr_seconds_per_page=600))
    except Exception as e:  # a photo may be unreadable as a syllabus: then it says so
        pytest.skip(f"the photo is not read as a syllabus: {e}")
    confidences = [s.confidence for s in _sources(syllabus) if s.confidence is not None]
    assert confidences and min(confidences) < policy.ocr.min_confidence
    result = _check(syllabus)
    assert result.findings
    unsure = [f for f in result.findings if f.evidence.ocr and (f.evidence.ocr_confidence or 100) < policy.ocr.min_confidence]
    for f in unsure:
        assert f.evidence.check_by_hand and f.kind.value == "potential"
        assert f.message.en.startswith("From a scan: check by hand")
    sure = [f for f in result.findings if not f.evidence.check_by_hand]
    for f in sure:
        assert not f.evidence.ocr or f.evidence.ocr_confidence is None or f.evidence.ocr_confidence >= policy.ocr.min_confidence


def test_ocr_budget_is_pages_times_seconds_per_page(scans):
    from extractors.errors import OcrTimedOut

    path = _scan(scans, "clean_ru", 150)
    with pytest.raises(OcrTimedOut) as e:
        read_raw(path, Limits(ocr_seconds_per_page=0.01))
    assert "seconds_per_page" in str(e.value) and e.value.code == "timed-out"
