"""Opening a PDF and reading its pages in order, within the policy's limits.

pdfminer raises a wide variety of exceptions on damaged files; only calls into it are guarded,
and each failure becomes a typed ``ExtractionError`` naming the file (and the page). A page whose
text runs sideways is re-read at the rotation that makes it upright; a page without a usable text
layer goes to OCR when the policy and the machine read scans.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from .. import sniff
from ..errors import CorruptFile, EncryptedFile, ExtractionError, NoTextLayer
from ..limits import Limits
from ..raw import RawDocument
from .page import PageReader, PageResult
from .scans import Scans
from .stitching import assemble

# Exceptions pdfminer raises on damaged files besides its own PSException family (it indexes and
# unpacks raw structures without checking them). Only calls into pdfminer are guarded by these.
_PARSE_ERRORS = (
    PdfminerException,
    MalformedPDFException,
    PSException,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    AttributeError,
    AssertionError,
    RecursionError,
    struct.error,
    zlib.error,
)


def read_pdf(path: Path, limits: Limits = Limits()) -> RawDocument:  # noqa: B008 - Limits is frozen: one shared default is safe
    """Read a PDF into a ``RawDocument``; raise a typed ``ExtractionError`` on bad input."""
    path = Path(path)
    sniff.check_size(path, limits)
    _check_is_pdf(path, limits)
    sha = _sha256(path)
    pages = _read_pages(path, limits)
    glyph_pages = pages.glyph_pages
    if glyph_pages and not pages.has_usable_text and limits.ocr:
        # Every page's text is (cid:NN) glyphs (fonts embedded without a /ToUnicode map): the
        # text layer is as good as none, so those pages are read as pictures, like a scan's. The
        # pages OCR already found nothing on are not read twice.
        pages = _read_pages(path, limits, ocr_glyph_pages=True, skip_ocr=frozenset(pages.empty))
    return _document(path, sha, pages, glyph_pages)


# --------------------------------------------------------------------------- the file


def _check_is_pdf(path: Path, limits: Limits) -> None:
    kind = sniff.kind_of(sniff.read_head(path))
    if kind is not sniff.Kind.PDF:
        raise sniff.refusal(path, "pdf", kind, sniff.read_bytes(path, limits))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _parse_error(path: Path, e: BaseException, where: str = "") -> ExtractionError:
    inner = e.args[0] if isinstance(e, PdfminerException) and e.args else e
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedFile(str(path), "it needs a password to open")
    msg = f"{type(inner).__name__}: {inner}".strip().rstrip(":")
    return CorruptFile(str(path), (where + ": " if where else "") + msg[:200])


def _page_count(pdf: pdfplumber.PDF) -> int:
    """The count the page tree declares (read before pdfplumber builds every page object)."""
    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        if isinstance(count, int) and count >= 0:
            return count
    except _PARSE_ERRORS:
        pass
    return len(pdf.pages)


def _pages(pdf: pdfplumber.PDF, path: Path, limits: Limits) -> list[Page]:
    try:
        n = _page_count(pdf)
        if n > limits.max_pages:
            raise sniff.too_many_pages(path, n, limits)
        pages = pdf.pages
    except _PARSE_ERRORS as e:
        raise _parse_error(path, e) from None
    if len(pages) > limits.max_pages:
        raise sniff.too_many_pages(path, len(pages), limits)
    return pages


# --------------------------------------------------------------------------- rotated pages


def _upright_score(page: Page) -> float:
    chars = page.chars
    if not chars:
        return 1.0
    ok = sum(1 for c in chars if c["matrix"][0] > 0 and abs(c["matrix"][1]) < 1e-3 and abs(c["matrix"][2]) < 1e-3)
    return ok / len(chars)


def _set_rotation(po, rot: int) -> None:
    po.rotate = rot
    po.attrs = {**po.attrs, "Rotate": rot}


def _readable(pdf: pdfplumber.PDF, page: Page) -> Page:
    """Return ``page``, or the page re-read at the rotation that makes its text run left to
    right when pdfminer's handling of /Rotate leaves it sideways or upside down (a portrait page
    rotated for display, or a landscape page stored sideways)."""
    if _upright_score(page) >= 0.5:
        return page
    po = page.page_obj
    original = po.rotate
    best, best_score = page, _upright_score(page)
    for delta in (90, 270, 180):
        _set_rotation(po, (original + delta) % 360)
        cand = Page(pdf, po, page_number=page.page_number, initial_doctop=page.initial_doctop)
        score = _upright_score(cand)
        if score > best_score:
            best.close()
            best, best_score = cand, score
        else:
            cand.close()
        if best_score >= 0.9:
            break
    if best is page:
        _set_rotation(po, original)
    else:
        page.close()
    return best


# --------------------------------------------------------------------------- the pages


@dataclass(slots=True)
class _Pages:
    """The pages as read, in order, and what reading them learnt."""

    results: list[PageResult]
    heights: dict[int, float]
    reader: PageReader
    scans: Scans

    @property
    def empty(self) -> list[int]:
        return [r.number for r in self.results if r.n_chars == 0]

    @property
    def glyph_pages(self) -> list[int]:
        return [r.number for r in self.results if r.n_chars and r.glyphs_only]

    @property
    def has_usable_text(self) -> bool:
        return any(r.n_chars and not r.glyphs_only for r in self.results)


def _read_pages(
    path: Path, limits: Limits, ocr_glyph_pages: bool = False, skip_ocr: frozenset[int] = frozenset()
) -> _Pages:
    """Every page, each closed before the next. A page without text goes to OCR, and so does one
    of (cid:NN) glyphs only when ``ocr_glyph_pages``; the pages in ``skip_ocr`` do not."""
    try:
        pdf = pdfplumber.open(path)
    except _PARSE_ERRORS as e:
        raise _parse_error(path, e) from None
    read = _Pages([], {}, PageReader(), Scans(path, limits))
    try:
        for page in _pages(pdf, path, limits):
            try:
                page = _readable(pdf, page)
                _ = page.objects  # parse now, so damage surfaces here as a typed error
                result = read.reader.read_page(page)
                needs_ocr = result.n_chars == 0 or (ocr_glyph_pages and result.glyphs_only)
                if not needs_ocr:
                    read.scans.sample(page.chars)
                elif page.page_number not in skip_ocr:
                    result = read.scans.read(read.reader, page.page_number) or result
                read.results.append(result)
            except _PARSE_ERRORS as e:
                raise _parse_error(path, e, f"page {page.page_number}") from None
            finally:
                read.heights[page.page_number] = float(page.height)
                page.close()
    finally:
        pdf.close()
        read.scans.close()
    return read


# --------------------------------------------------------------------------- the document


def _document(path: Path, sha: str, pages: _Pages, glyph_pages: list[int]) -> RawDocument:
    """The document from its pages; ``glyph_pages``: those whose text was all (cid:NN) glyphs
    when first read (before any OCR)."""
    results, scans = pages.results, pages.scans
    n_pages = len(results)
    if n_pages == 0:
        raise CorruptFile(str(path), "it has no pages")
    if not pages.has_usable_text:
        raise _no_text_layer(path, n_pages, glyph_pages, scans)
    doc = RawDocument(path=str(path), format="pdf", sha256=sha, pages=n_pages)
    doc.blocks = assemble(results, pages.heights)
    doc.header_texts = pages.reader.header_texts
    empty = pages.empty
    doc.ocr_pages = {n: c for n, c in scans.confidence.items() if n not in empty}
    doc.unreadable_glyphs = sum(r.cid for r in results)
    doc.warnings = _warnings(pages, doc, glyph_pages)
    return doc


def _warnings(pages: _Pages, doc: RawDocument, glyph_pages: list[int]) -> list[str]:
    """What a reader of the findings should know about how the pages were read."""
    warnings: list[str] = []
    if doc.ocr_pages:
        confs = [c for c in doc.ocr_pages.values() if c is not None]
        mean = f", mean confidence {sum(confs) / len(confs):.0f} %" if confs else ""
        why = _why_ocr(set(doc.ocr_pages), set(glyph_pages))
        warnings.append(f"pages read by OCR ({why}): {_ranges(sorted(doc.ocr_pages))}{mean}")
    empty = pages.empty
    if empty:
        warnings.append(f"pages without a text layer (scanned?): {_ranges(empty)}" + pages.scans.why_none())
    cid_pages = [r.number for r in pages.results if r.cid]
    if cid_pages:
        warnings.append(
            f"{doc.unreadable_glyphs} characters without a Unicode mapping ((cid:NN)) on pages "
            f"{_ranges(cid_pages)}: their text cannot be read"
        )
    return warnings


def _no_text_layer(path: Path, n_pages: int, glyph_pages: list[int], scans: Scans) -> NoTextLayer:
    """No page has text to read: a scan, or text drawn in fonts without a Unicode mapping."""
    if glyph_pages:
        detail = (
            f"none of its {n_pages} pages has usable text: the characters on pages {_ranges(glyph_pages)} "
            "have no Unicode mapping ((cid:NN))"
        )
    else:
        detail = f"none of its {n_pages} pages has text"
    return NoTextLayer(str(path), detail + scans.why_none())


def _why_ocr(ocr_pages: set[int], glyph_pages: set[int]) -> str:
    if not ocr_pages & glyph_pages:
        return "scanned"
    if ocr_pages <= glyph_pages:
        return "their text has no Unicode mapping"
    return "scanned, or text without a Unicode mapping"


def _ranges(nums: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    out: list[str] = []
    start = prev = None
    for n in nums + [None]:
        if n is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)
