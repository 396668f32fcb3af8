"""extractors/sniff.py: what a file is, worded once for every reader. Each case builds its file;
the PDF reader, the DOCX reader and extract_file must give the same outcome in the same words."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from extractors import sniff
from extractors.api import extract_file, read_raw
from extractors.docx_reader import read_docx
from extractors.errors import CorruptFile, EmptyFile, EncryptedFile, ExtractionError, TooLarge, WrongFormat
from extractors.limits import Limits
from extractors.pdf_reader import read_pdf
from tests.docx_builders import compound_file

CORPUS = Path(__file__).parents[1] / "corpus"
NO_OCR = Limits(ocr=None)


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"%PDF-1.7\n", sniff.Kind.PDF),
        (b"\r\n garbage before the header %PDF-1.4\n", sniff.Kind.PDF),
        (b"PK\x03\x04rest", sniff.Kind.ZIP),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100, sniff.Kind.OLE),
        (b"\xef\xbb\xbf{\\rtf1\\ansi}", sniff.Kind.RTF),
        (b"<!DOCTYPE html><html>", sniff.Kind.HTML),
        (b"<?xml version='1.0'?><w:wordDocument xmlns:w='http://schemas.microsoft.com/office/word/2003/wordml'>",
         sniff.Kind.WORD_XML),
        (b"<?xml version='1.0'?><note/>", sniff.Kind.XML),
        ("Силлабус, кодировка cp1251".encode("cp1251"), sniff.Kind.TEXT),
        (b" \r\n\t\x00\x00", sniff.Kind.BLANK),
        (bytes(range(256)), sniff.Kind.UNKNOWN),
    ],
)
def test_kind_of_first_bytes(head, kind):
    assert sniff.kind_of(head) is kind


# (file content, error class through the PDF reader, through the DOCX reader, words both give)
RENAMED = {
    "blank": (b" \n" * 600, EmptyFile, EmptyFile, "it holds only blank bytes"),
    "zeros": (b"\x00" * 5000, EmptyFile, EmptyFile, "it holds only blank bytes"),
    "text": ("Кредиттер саны: 5\n".encode() * 10, WrongFormat, WrongFormat, "but is plain text"),
    "rtf": (b"{\\rtf1\\ansi hello}", WrongFormat, WrongFormat, "but is an RTF file"),
    "html": (b"<html><body>syllabus</body></html>", WrongFormat, WrongFormat, "but is an HTML page"),
    "doc": (compound_file(["WordDocument", "1Table"]), WrongFormat, WrongFormat, "but is a Word 97-2003 (.doc) file"),
    "xlsx": (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}), WrongFormat, WrongFormat,
             "but is an Excel workbook (.xlsx)"),
}


@pytest.mark.parametrize("name", sorted(RENAMED))
def test_the_same_content_is_refused_in_the_same_words_by_both_readers(tmp_path, name):
    content, pdf_error, docx_error, words = RENAMED[name]
    for suffix, reader, error in ((".pdf", read_pdf, pdf_error), (".docx", read_docx, docx_error)):
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(content)
        with pytest.raises(error) as caught:
            reader(path, NO_OCR)
        assert type(caught.value) is error and caught.value.path == str(path)
        assert words in caught.value.detail
        if error is WrongFormat:
            assert caught.value.detail.startswith(f"it has the extension {suffix} but is ")


def test_a_pdf_renamed_docx_and_a_docx_renamed_pdf(tmp_path):
    pdf, docx = tmp_path / "really_pdf.docx", tmp_path / "really_docx.pdf"
    pdf.write_bytes((CORPUS / "clean_en.pdf").read_bytes())
    docx.write_bytes((CORPUS / "clean_en.docx").read_bytes())
    with pytest.raises(WrongFormat) as a:
        read_docx(pdf)
    with pytest.raises(WrongFormat) as b:
        read_pdf(docx)
    assert a.value.detail == "it has the extension .docx but is a PDF file"
    assert b.value.detail == "it has the extension .pdf but is a Word document (.docx)"


def test_bytes_of_no_known_format(tmp_path):
    # A .docx that is no ZIP has lost the container that made it a DOCX: damaged. A .pdf without
    # the PDF header is something else under that name.
    noise = bytes(range(256)) * 8
    (tmp_path / "noise.docx").write_bytes(noise)
    (tmp_path / "noise.pdf").write_bytes(noise)
    with pytest.raises(CorruptFile, match=re.escape("it has the extension .docx but is not a ZIP container")):
        read_docx(tmp_path / "noise.docx")
    with pytest.raises(WrongFormat, match=r"it has the extension .pdf but is not a PDF \(no %PDF- header"):
        read_pdf(tmp_path / "noise.pdf")


def test_an_encrypted_office_document_named_pdf_is_not_called_encrypted_pdf(tmp_path):
    locked = compound_file(["EncryptionInfo", "EncryptedPackage"])
    (tmp_path / "locked.docx").write_bytes(locked)
    (tmp_path / "locked.pdf").write_bytes(locked)
    with pytest.raises(EncryptedFile):
        read_docx(tmp_path / "locked.docx")
    with pytest.raises(WrongFormat, match="but is a password-protected Office document"):
        read_pdf(tmp_path / "locked.pdf")


@pytest.mark.parametrize("name", ["clean_en.pdf", "clean_en.docx", "clean_en.doc"])
def test_one_wording_for_too_large_whichever_way_the_file_is_read(tmp_path, name):
    path = CORPUS / name
    size = path.stat().st_size
    limits = Limits(max_file_bytes=size - 1, ocr=None)
    expected = f"{size} bytes ({size / 2**20:.1f} MB); the limit is {(size - 1) / 2**20:g} MB ([limits] max_file_mb)"
    readers = [read_raw] + ([read_pdf] if name.endswith(".pdf") else [read_docx] if name.endswith(".docx") else [])
    for reader in readers:
        with pytest.raises(TooLarge) as caught:
            reader(path, limits)
        assert caught.value.detail == expected


@pytest.mark.parametrize("reader", [read_pdf, read_docx, extract_file])
@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_one_wording_for_a_missing_and_an_empty_file(tmp_path, reader, suffix):
    with pytest.raises(ExtractionError) as missing:
        reader(tmp_path / f"absent{suffix}")
    assert type(missing.value) is ExtractionError and missing.value.detail == "file not found"
    (tmp_path / f"empty{suffix}").write_bytes(b"")
    with pytest.raises(EmptyFile) as empty:
        reader(tmp_path / f"empty{suffix}")
    assert empty.value.detail == ""


def test_too_many_pages_names_the_policy_key(tmp_path):
    with pytest.raises(TooLarge) as caught:
        read_pdf(CORPUS / "clean_en.pdf", Limits(max_pages=1, ocr=None))
    assert caught.value.detail.endswith("pages; the limit is 1 ([limits] max_pages)")


@pytest.mark.parametrize(
    "head, suffixes",
    [
        (b"%PDF-1.7\n", (".pdf",)),
        (b"PK\x03\x04rest", (".docx", ".odt")),
        (bytes.fromhex("D0CF11E0A1B11AE1"), (".doc",)),
        (b"{\\rtf1\\ansi}", (".rtf", ".doc")),
        (b"<html><body>", ()),  # a web page saved as .doc fits no extension: no copy is preferred
        (b"", ()),
    ],
)
def test_fitting_suffixes_follow_the_kind(head, suffixes):
    assert sniff.fitting_suffixes(head) == suffixes
