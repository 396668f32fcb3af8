"""Hostile inputs for ``tests/hostile``, each built from nothing or from a real sample in
``data/samples/`` at test time: nothing binary is committed, and each builder says what a share
on a real drive could hold that the file imitates.

Every builder writes ``dst`` and returns it. They are cheap on purpose (the suite runs in CI): a
"500-page" PDF repeats the pages of a sample (its content streams are shared), and the zip bomb
streams its repeated text through the compressor instead of holding it in memory.
"""

from __future__ import annotations

import os
import random
import shutil
import zipfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def sample(name: str) -> Path:
    return SAMPLES / name


def copy_sample(name: str, dst: Path) -> Path:
    shutil.copyfile(sample(name), dst)
    return dst


def _rezip(src: Path, dst: Path, replace: dict[str, bytes | None] | None = None, stream: dict | None = None) -> Path:
    """Copy the DOCX ``src`` to ``dst`` with some parts replaced: ``replace`` gives a part's new
    bytes, ``stream`` a part's new content as an iterator of chunks (written without ever being
    whole in memory)."""
    replace, stream = replace or {}, stream or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in stream:
                part = zipfile.ZipInfo(info.filename)
                part.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(part, "w", force_zip64=True) as fh:
                    for chunk in stream[info.filename]():
                        fh.write(chunk)
            elif info.filename in replace:
                zout.writestr(info.filename, replace[info.filename])
            else:
                zout.writestr(info, zin.read(info.filename))
    return dst


def _document_xml(body_paragraphs: list[str], dtd: str = "") -> bytes:
    paras = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>" for t in body_paragraphs)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{dtd}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{paras}</w:body></w:document>').encode()


def zip_bomb_docx(dst: Path, megabytes: int = 300) -> Path:
    """A DOCX whose document.xml inflates to ``megabytes`` MB of one repeated sentence (a few
    hundred KB on disk): what a generated "bundle" or a crafted file looks like to the reader."""
    head = _document_xml([]).split(b"<w:body>")[0] + b"<w:body><w:p><w:r><w:t>"
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    chunk = ("Course code: HOST1101. " * 43690)[: 1 << 20].encode("ascii")  # 1 MiB

    def parts():
        yield head
        for _ in range(megabytes):
            yield chunk
        yield tail

    return _rezip(sample("clean_en.docx"), dst, stream={"word/document.xml": parts})


def billion_laughs_docx(dst: Path) -> Path:
    """document.xml with ten levels of nested entities (10**9 "lol"s, about 3 GB, if expanded)."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    dtd = "<!DOCTYPE w:document [" + "".join(levels) + "]>\n"
    xml = _document_xml(["Course code: LOL1101", "&lol9;"], dtd)
    return _rezip(sample("clean_en.docx"), dst, replace={"word/document.xml": xml})


def xxe_docx(dst: Path, target: str = "/etc/passwd") -> Path:
    """document.xml declaring an external entity on a local file and using it in the text: a
    reader that resolves it would copy that file into the reports."""
    dtd = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{target}">]>\n'
    xml = _document_xml(["Course title: &xxe;", "Course code: XXE1101", "&xxe;"], dtd)
    return _rezip(sample("clean_en.docx"), dst, replace={"word/document.xml": xml})


def many_pages_pdf(dst: Path, pages: int = 500) -> Path:
    """A ``pages``-page PDF made of a sample's pages over and over (shared content streams, so a
    few hundred KB): over policy ``[limits] max_pages`` (300)."""
    from pypdf import PdfReader, PdfWriter

    source = PdfReader(sample("clean_en.pdf"))
    writer = PdfWriter()
    for i in range(pages):
        writer.add_page(source.pages[i % len(source.pages)])
    with open(dst, "wb") as fh:
        writer.write(fh)
    return dst


def rotated_pdf(dst: Path, source: str = "seed_kk.pdf") -> Path:
    """A real syllabus PDF whose pages are turned (/Rotate 90, 180, 270), as a scanner or a
    "rotate page" click leaves them."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(sample(source)))
    for i, page in enumerate(writer.pages):
        page.rotate((90, 180, 270)[i % 3])
    writer.write(dst)
    return dst


def encrypted_pdf(dst: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(sample("clean_ru.pdf")))
    writer.encrypt(user_password="secret", owner_password="secret-owner", algorithm="AES-128")
    writer.write(dst)
    return dst


def truncated(name: str, dst: Path) -> Path:
    """The first half of a real sample: an interrupted copy or upload."""
    data = sample(name).read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


def random_bytes(dst: Path, seed: int, size: int = 64 * 1024) -> Path:
    """Noise under a syllabus's name (a damaged sector, a mislabelled binary)."""
    dst.write_bytes(random.Random(seed).randbytes(size))
    return dst


def remap_pdf_text(src: Path, dst: Path, char: str, replacement: str) -> Path:
    """Copy a PDF with its fonts' /ToUnicode maps sending ``char`` to ``replacement``: the text
    layer then holds ``replacement`` wherever the page shows ``char`` (how a control character
    gets into a real PDF's text: a broken map from the program that wrote it)."""
    from pypdf import PdfReader, PdfWriter

    old = f"<{ord(char):04X}>".encode("ascii")
    new = f"<{ord(replacement):04X}>".encode("ascii")
    writer = PdfWriter(clone_from=PdfReader(src))
    done = set()
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object()
            if id(cmap) in done:
                continue
            done.add(id(cmap))
            data = cmap.get_data()
            # only the targets of bfchar lines ("<src> <dst>"), never a source code
            cmap.set_data(data.replace(b"> " + old, b"> " + new))
    writer.write(dst)
    return dst


def drop_tounicode_pdf(src: Path, dst: Path) -> Path:
    """A PDF whose fonts lost their /ToUnicode maps: every glyph is extracted as ``(cid:NN)``."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(src))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
            for descendant in font.get("/DescendantFonts", []):
                descendant = descendant.get_object()
                if "/ToUnicode" in descendant:
                    del descendant[NameObject("/ToUnicode")]
    writer.write(dst)
    return dst


def retitled_docx(src: Path, dst: Path, old: str, title: str) -> Path:
    """A copy of a DOCX syllabus whose course title paragraph (text ``old``) reads ``title``."""
    from docx import Document

    doc = Document(src)
    hits = [p for p in doc.paragraphs if p.text.strip() == old and p.runs]
    assert hits, f"no paragraph {old!r} in {src}"
    for p in hits:
        p.runs[0].text = title
        for run in p.runs[1:]:
            run.text = ""
    doc.save(dst)
    return dst


def bytes_name(folder: Path, name: bytes) -> bytes:
    """The bytes path of ``name`` (not valid UTF-8, say) inside ``folder``."""
    return os.path.join(os.fsencode(folder), name)
