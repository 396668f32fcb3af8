"""The extraction entry point: any supported file → a typed ``Syllabus`` or a typed error.

The format is decided by what the file *is* (its first bytes), with the extension only as the
claim to check: a PDF renamed .docx is reported as such, not as a corrupt DOCX.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from . import sniff
from .errors import NotASyllabus, UnsupportedFormat
from .limits import Limits
from .model import ReadStatus, Syllabus
from .raw import RawDocument

CONVERTED_FORMATS = {".doc", ".odt", ".rtf"}
SUPPORTED_SUFFIXES = {".pdf", ".docx"} | CONVERTED_FORMATS
# The parts that make a document more than a title page.
BODY_PARTS = ("hours", "plan", "independent_work", "assessment", "scale")


def read_raw(path: Path, limits: Limits | None = None) -> RawDocument:
    """Read any supported file into a RawDocument (converting .doc/.odt/.rtf through LibreOffice)."""
    # Each reader here, not at import, and only the one the file needs: discovery needs only the
    # suffixes below, a warm audit, served from the cache, reads nothing, and a worker reading PDFs
    # would pay the DOCX reader's imports (41 ms here) before its first page for nothing.
    limits = limits or Limits()
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(str(path), f"'{suffix or 'no extension'}' (supported: pdf, docx, doc, odt, rtf)")
    if suffix == ".pdf":
        # here, not at import: pdfplumber is paid by the PDFs only, LibreOffice's driver by the rest
        from .pdf_reader import read_pdf

        return read_pdf(path, limits)
    from .docx_reader import read_docx

    if suffix == ".docx":
        return read_docx(path, limits)
    sniff.check_size(path, limits)  # before LibreOffice spends time on it (the readers check their own)
    from .convert import convert

    with tempfile.TemporaryDirectory(prefix="syllabus-audit-") as tmp:
        converted = convert(path, "docx", Path(tmp), timeout_s=limits.conversion_timeout_s)
        raw = read_docx(converted, limits)
    raw.path = str(path)
    raw.converted_from = suffix.lstrip(".")
    return raw


def extract_file(path: Path, limits: Limits | None = None) -> Syllabus:
    """Extract one syllabus. Raises an ``ExtractionError`` subclass that names the file."""
    return syllabus_of(read_raw(Path(path), limits), path)


def syllabus_of(raw: RawDocument, path: Path | str) -> Syllabus:
    """The syllabus a raw reading of ``path`` says (``extract_file``'s second half, for a reading
    made in another process). Raises ``NotASyllabus`` naming ``path``."""
    from .interpret import interpret, recognised_data_tables

    syllabus = interpret(raw)
    syllabus.file = str(path)
    if raw.ocr_pages:
        from .ocr import mark_sources

        mark_sources(syllabus, raw)
    if recognised_data_tables(syllabus) or syllabus.document.unsupported_language:
        return syllabus  # a language the tool does not read is reported as such, by a rule
    if any(syllabus.coverage.get(part) is not None and syllabus.coverage[part].status == ReadStatus.not_read
           for part in BODY_PARTS):
        # The body's headings are there but its tables were not understood: the syllabus is
        # audited as far as it was read, and the rest is "not verified", never "not found".
        return syllabus
    if _looks_like_syllabus(syllabus):
        raise NotASyllabus(str(path), "only a title page: no hours, thematic plan or assessment anywhere in it")
    raise NotASyllabus(str(path), "no syllabus title, credits, hours, plan or assessment found")


def _looks_like_syllabus(syllabus: Syllabus) -> bool:
    ident = syllabus.identity
    signals = [
        ident.course_code is not None,
        ident.credits.ects is not None,
        ident.approval.present,
        bool(syllabus.prerequisites or syllabus.postrequisites),
        bool(syllabus.literature.main),
    ]
    return sum(signals) >= 2
