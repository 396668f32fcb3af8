"""What a file is, before a reader trusts it: readable, not empty, within the policy's size, and
the format its extension claims.

The entry point and both readers ask these questions first. The answers are worded here once, so
a QA officer reads the same sentence whichever reader refused a file. The format is decided by the
file's first bytes; the extension is only the claim checked against them (a PDF renamed .docx is
reported as a PDF, not as a damaged DOCX). Discovery asks the same bytes which extensions fit
(``fitting_suffixes``), to keep the properly named one of identical copies.
"""

from __future__ import annotations

import enum
import io
import re
import struct
import zipfile
from pathlib import Path

from .errors import CorruptFile, EmptyFile, ExtractionError, TooLarge, WrongFormat
from .limits import Limits

__all__ = [
    "Kind",
    "cfb_stream_names",
    "check_size",
    "fitting_suffixes",
    "kind_of",
    "office_package",
    "read_bytes",
    "read_head",
    "refusal",
    "too_many_pages",
    "unreadable",
    "wrong_format",
]

MIB = 1024 * 1024
HEAD_BYTES = 4096  # enough for every signature below (Word 2003 XML names its schema late)
# PDF readers accept junk before the header within the first kilobyte (PDF 1.7, annex H.3 note 13).
_PDF_HEADER_WITHIN = 1024
_CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"
# A file of only these bytes holds nothing: spaces, or the zeros of a copy that was never finished.
_BLANK = b" \t\r\n\x0b\x0c\x00"
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


class Kind(enum.Enum):
    """What a file's first bytes say it is, worded as the object of "it is ..."."""

    PDF = "a PDF file"
    ZIP = "a ZIP archive"
    OLE = "an OLE compound file (Word 97-2003 .doc or another old Office format)"
    RTF = "an RTF file"
    HTML = "an HTML page"
    WORD_XML = "a Word 2003 XML file"
    XML = "an XML file"
    TEXT = "plain text"
    BLANK = "blank"
    UNKNOWN = "of no known format"


# --------------------------------------------------------------------------- reading the file


def unreadable(path: Path, exc: OSError) -> ExtractionError:
    """The one wording of a file the system would not give us (gone, no permission, I/O error)."""
    if isinstance(exc, FileNotFoundError):
        return ExtractionError(str(path), "file not found")
    return ExtractionError(str(path), f"cannot be read ({exc.strerror or exc})")


def check_size(path: Path, limits: Limits) -> int:
    """The file's size, once it is known to be neither empty nor over ``limits.max_file_bytes``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise unreadable(path, exc) from None
    if size == 0:
        raise EmptyFile(str(path))
    if size > limits.max_file_bytes:
        raise TooLarge(
            str(path),
            f"{size} bytes ({size / MIB:.1f} MB); the limit is {limits.max_file_bytes / MIB:g} MB "
            "([limits] max_file_mb)",
        )
    return size


def too_many_pages(path: Path, pages: int, limits: Limits) -> TooLarge:
    return TooLarge(str(path), f"{pages} pages; the limit is {limits.max_pages} ([limits] max_pages)")


def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError as exc:
        raise unreadable(path, exc) from None


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The whole file, size-checked first (a reader that needs every byte, like the DOCX one)."""
    check_size(path, limits)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None
    if not data:  # emptied between the size check and the read
        raise EmptyFile(str(path))
    return data


# --------------------------------------------------------------------------- what the bytes are


def kind_of(head: bytes) -> Kind:
    """The format the first bytes of a file (``HEAD_BYTES`` of them) declare."""
    # Signatures at a fixed place first: a ZIP or OLE file may hold "%PDF-" in its first kilobyte.
    if head.startswith(b"PK"):
        return Kind.ZIP
    if head.startswith(_CFB_MAGIC):
        return Kind.OLE
    if b"%PDF-" in head[:_PDF_HEADER_WITHIN]:
        return Kind.PDF
    start = head.lstrip(_BOM_AND_SPACE).lower()
    if start.startswith(b"{\\rtf"):
        return Kind.RTF
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:1024]:
        return Kind.HTML
    if start.startswith(b"<?xml"):
        return Kind.WORD_XML if b"wordml" in head.lower() else Kind.XML
    if not head.strip(_BLANK):
        return Kind.BLANK
    if _CONTROL_BYTES.search(head) is None:
        # Text in any 8-bit encoding (UTF-8, cp1251, KOI8) has no control bytes; binary always has.
        return Kind.TEXT
    return Kind.UNKNOWN


# The extensions a file of each kind may carry: a ZIP is a .docx or an .odt, an RTF file may be
# named .doc (Word opens it as one). Other kinds fit no extension the audit reads.
_SUFFIXES: dict[Kind, tuple[str, ...]] = {
    Kind.PDF: (".pdf",),
    Kind.ZIP: (".docx", ".odt"),
    Kind.OLE: (".doc",),
    Kind.RTF: (".rtf", ".doc"),
}


def fitting_suffixes(head: bytes) -> tuple[str, ...]:
    """The extensions a file starting with ``head`` may carry (empty: no format known to fit).
    Discovery keeps, of identical copies, the one whose extension fits its bytes."""
    return _SUFFIXES.get(kind_of(head), ())


def office_package(archive: zipfile.ZipFile) -> str | None:
    """Which Office or OpenDocument package a ZIP is, by its parts; None when it is none of them."""
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return "a Word document (.docx)"
    if "xl/workbook.xml" in names:
        return "an Excel workbook (.xlsx)"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation (.pptx)"
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        if mimetype == "application/vnd.oasis.opendocument.text":
            return "an OpenDocument text file (.odt)"
        return f"a {mimetype} file"
    return None


def cfb_stream_names(data: bytes) -> set[str]:
    """Names in an OLE compound file's directory ([MS-CFB] 2.2, 2.6); empty set if unreadable."""
    try:
        sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
        (first_dir,) = struct.unpack_from("<I", data, 0x30)
        first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
        n_sectors = max(0, len(data) // sector_size - 1)

        def sector(n: int) -> bytes:
            start = (n + 1) * sector_size
            return data[start : start + sector_size]

        fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < n_sectors]
        next_difat, hops = first_difat, 0
        while next_difat < n_sectors and hops < n_difat + 1:
            entries = struct.unpack(f"<{sector_size // 4}I", sector(next_difat))
            fat_sectors += [s for s in entries[:-1] if s < n_sectors]
            next_difat, hops = entries[-1], hops + 1
        fat = b"".join(sector(s) for s in fat_sectors)
        fat_entries = struct.unpack(f"<{len(fat) // 4}I", fat[: len(fat) // 4 * 4])

        names: set[str] = set()
        current, hops = first_dir, 0
        while current < min(n_sectors, len(fat_entries)) and hops <= n_sectors:
            chunk = sector(current)
            for off in range(0, len(chunk) - 127, 128):
                name_len = struct.unpack_from("<H", chunk, off + 64)[0]
                if 2 <= name_len <= 64 and chunk[off + 66] in (1, 2, 5):
                    names.add(chunk[off : off + name_len - 2].decode("utf-16-le", "replace"))
            current, hops = fat_entries[current], hops + 1
        return names
    except (struct.error, IndexError):
        return set()


def _describe(kind: Kind, data: bytes) -> str:
    """``kind`` in words, looking inside the container when that says more."""
    if kind is Kind.ZIP:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return office_package(archive) or Kind.ZIP.value
        except (zipfile.BadZipFile, KeyError, OSError):
            return Kind.ZIP.value
    if kind is Kind.OLE:
        names = cfb_stream_names(data)
        if "EncryptedPackage" in names:
            return "a password-protected Office document"
        if "WordDocument" in names:
            return "a Word 97-2003 (.doc) file"
    return kind.value


# What a file claiming each format must at least be, for the refusal of one that is nothing known.
_NOT_EVEN = {"pdf": "a PDF (no %PDF- header in its first bytes)", "docx": "a ZIP container, so not a DOCX"}


def wrong_format(path: Path, claimed: str, what: str) -> WrongFormat:
    """The one wording of a file whose content is not the format its extension claims."""
    return WrongFormat(str(path), f"it has the extension .{claimed} but is {what}")


def refusal(path: Path, claimed: str, kind: Kind, data: bytes) -> ExtractionError:
    """The error for a file claiming ``claimed`` ("pdf", "docx") whose bytes are ``kind``.

    ``data`` is the whole file (a refused file is read whole only here, on the way out)."""
    if kind is Kind.BLANK:
        if not data.strip(_BLANK):
            return EmptyFile(str(path), "it holds only blank bytes")
        kind = Kind.UNKNOWN  # blank at the start only
    if kind is Kind.UNKNOWN:
        detail = f"it has the extension .{claimed} but is not {_NOT_EVEN[claimed]}"
        # A DOCX is nothing but its ZIP container: one without it has lost what made it a DOCX.
        return CorruptFile(str(path), detail) if claimed == "docx" else WrongFormat(str(path), detail)
    return wrong_format(path, claimed, _describe(kind, data))
