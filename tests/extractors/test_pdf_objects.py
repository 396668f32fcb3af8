"""The PDF reader's ``process_object`` makes exactly pdfplumber's dictionaries.

``extractors.pdf_reader.objects`` replaces pdfplumber's conversion of pdfminer's layout objects
(its per-character hot spot) with one that skips work on values needing none. Every key, value and
value type must stay pdfplumber's, or the tables and text (and so the models) could change: each
page's objects are compared by ``repr`` (which tells 1 from 1.0 and a tuple from a list) with
stock pdfplumber's, over the sample, test and real corpora and a page built to hold what those
exports lack (curves, colour spaces, a MediaBox not at the origin).
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from extractors.pdf_reader import objects
from extractors.pdf_reader.objects import fast_objects

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = (ROOT / "data" / "samples", ROOT / "tests" / "corpus", ROOT.parent / "shared" / "real-syllabi" / "docs")


def _distinct(paths):
    """The files once each (data/samples' PDFs are copies of tests/corpus ones)."""
    seen: dict[bytes, Path] = {}
    for p in paths:
        seen.setdefault(p.read_bytes(), p)
    return list(seen.values())


PDFS = _distinct(sorted(p for folder in FOLDERS if folder.is_dir() for p in folder.glob("*.pdf")))


def _pdf(content: bytes, mediabox: str = "10 20 622 812") -> bytes:
    """A one-page PDF drawing ``content`` with Helvetica as /F1 (pdfminer rebuilds a missing or
    wrong cross-reference table, so the offsets are written but not relied on)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [" + mediabox.encode() + b"] "
        b"/Resources << /Font << /F1 5 0 R >> /ColorSpace << /CS0 [/ICCBased 6 0 R] >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /N 1 /Length 0 >>\nstream\n\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


DRAWING = (
    b"0.5 g 1 0 0 RG 2 w [3 2] 0 d\n"
    b"100 100 m 150 200 200 100 250 150 c S\n"
    b"50 50 100 20 re f\n"
    b"60 300 m 300 300 l S\n"
    b"0 0 0 1 k /CS0 cs 0.3 scn\n"
    b"BT /F1 12 Tf 72 700 Td (Hello, world) Tj 0 -14 Td 3 Tr (Invisible) Tj ET\n"
    b"BT /F1 9 Tf 0 1 -1 0 400 400 Tm (Sideways) Tj ET\n"
)


def _objects(path: Path, fast: bool) -> list[str]:
    with pdfplumber.open(path) as pdf:
        out = []
        for page in pdf.pages:
            if fast:
                fast_objects(page)
            out.append(repr(page.objects))
            page.close()
        return out


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_pages_same_objects(path: Path) -> None:
    assert _objects(path, fast=False) == _objects(path, fast=True)


def test_drawn_page_same_objects(tmp_path: Path) -> None:
    path = tmp_path / "drawn.pdf"
    path.write_bytes(_pdf(DRAWING))
    stock = _objects(path, fast=False)
    assert "'curve'" in stock[0] and "'rect'" in stock[0] and "'char'" in stock[0]
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].mediabox[0] == 10  # not at the origin: the x offset is applied
    assert stock == _objects(path, fast=True)


def test_rotated_page_same_objects(tmp_path: Path) -> None:
    path = tmp_path / "rotated.pdf"
    path.write_bytes(_pdf(DRAWING, mediabox="0 0 612 792").replace(b"/Type /Page /", b"/Type /Page /Rotate 90 /"))
    assert _objects(path, fast=False) == _objects(path, fast=True)


def test_only_checked_versions_get_it(tmp_path: Path) -> None:
    path = tmp_path / "drawn.pdf"
    path.write_bytes(_pdf(DRAWING))
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        assert "process_object" not in vars(fast_objects(page, version="0.0.1"))
        assert vars(fast_objects(page, version=next(iter(objects.CHECKED_VERSIONS))))["process_object"]
    # the installed pdfplumber is one the comparisons above were made with, or they test nothing
    assert pdfplumber.__version__ in objects.CHECKED_VERSIONS
