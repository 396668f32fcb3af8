"""The DOCX reader's own package opening against python-docx's, file by file.

``docx_package.open_package`` replaces python-docx's unmarshalling for plain packages; every file
here is read both ways (the second with ``open_package`` answering None, which is python-docx's
``Package.open``) and must give the same ``RawDocument`` or the same error, word for word.
"""

from __future__ import annotations

import pickle
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from extractors import docx_package
from extractors.docx_reader import read_docx
from tests.docx_builders import append_body_xml, new_document, rewrite_zip, run, save

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.docx"))


def _outcome(path: Path):
    try:
        return pickle.dumps(read_docx(path))
    except Exception as exc:  # the error is part of the outcome: type and wording
        return f"{type(exc).__name__}: {exc}"


def _both_ways(path: Path, monkeypatch) -> tuple[object, object]:
    ours = _outcome(path)
    with monkeypatch.context() as m:
        m.setattr(docx_package, "open_package", lambda _data: None)
        theirs = _outcome(path)
    return ours, theirs


def _document(tmp_path: Path, name: str = "doc.docx") -> Path:
    document = new_document()
    document.add_heading("Силлабус", level=1)
    document.add_paragraph("Пререквизиты: Математика")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Кредиты"
    table.cell(1, 0).text = "5"
    append_body_xml(document, f"<w:p>{run('a')}<w:r><w:tab/></w:r>{run('b')}</w:p>")
    document.sections[0].header.paragraphs[0].text = "Университет"
    document.sections[0].footer.paragraphs[0].text = "Страница"
    return save(document, tmp_path / name)


def _entry(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_the_samples_read_the_same_both_ways(path, monkeypatch):
    assert docx_package.open_package(path.read_bytes()) is not None  # the plain case
    ours, theirs = _both_ways(path, monkeypatch)
    assert ours == theirs


def test_styles_headers_and_footers_are_those_python_docx_gives(tmp_path, monkeypatch):
    path = _document(tmp_path)
    opened = docx_package.open_package(path.read_bytes())
    assert opened is not None
    assert "Heading 1" in opened.style_names.values()  # "heading 1" in styles.xml, as BabelFish names it
    assert opened.style_names[None] == "Normal"
    raw = read_docx(path)
    assert raw.header_texts == ["Университет", "Страница"]
    assert [b.style for b in raw.paragraphs][:2] == ["Heading 1", "Normal"]
    ours, theirs = _both_ways(path, monkeypatch)
    assert ours == theirs


def _style_variant(tmp_path, name, transform):
    path = _document(tmp_path, name)
    styles = _entry(path, "word/styles.xml").decode()
    return rewrite_zip(path, {"word/styles.xml": transform(styles).encode()})


def _rels_variant(tmp_path, name, transform):
    path = _document(tmp_path, name)
    rels = _entry(path, "word/_rels/document.xml.rels")
    styles = re.search(rb"<Relationship [^>]*styles\"[^>]*/>", rels).group(0)
    return rewrite_zip(path, {"word/_rels/document.xml.rels": transform(rels, styles)})


UNUSUAL = {
    # python-docx's StyleFactory raises on a style without a type (which the reader reads as a
    # paragraph style, as python-docx's BaseStyle.type does), or with an unknown one
    "style_without_type": lambda t: _style_variant(
        t, "a.docx", lambda s: s.replace('w:type="paragraph" w:default="1"', 'w:default="1"', 1)),
    "unknown_style_type": lambda t: _style_variant(
        t, "b.docx", lambda s: s.replace('w:type="paragraph"', 'w:type="bogus"', 1)),
    "style_name_without_val": lambda t: _style_variant(
        t, "c.docx", lambda s: re.sub(r'<w:name w:val="[^"]*"/>', "<w:name/>", s, count=1)),
    "styles_root_not_styles": lambda t: _style_variant(
        t, "d.docx", lambda s: s.replace("<w:styles ", "<w:numbering ", 1).replace("</w:styles>", "</w:numbering>")),
    "malformed_styles": lambda t: _style_variant(t, "e.docx", lambda s: s[: len(s) // 2]),
    "no_styles_part": lambda t: rewrite_zip(_document(t, "f.docx"), {"word/styles.xml": None}),
    "no_styles_relationship": lambda t: _rels_variant(t, "m.docx", lambda r, styles: r.replace(styles, b"")),
    "doubled_styles_relationship": lambda t: _rels_variant(
        t, "n.docx", lambda r, styles: r.replace(styles, styles + styles.replace(b'Id="', b'Id="x', 1))),
    "malformed_settings": lambda t: rewrite_zip(_document(t, "g.docx"), {"word/settings.xml": b"<w:settings"}),
    "malformed_header": lambda t: rewrite_zip(_document(t, "h.docx"), {"word/header1.xml": b"<w:hdr>"}),
    "root_not_document": lambda t: rewrite_zip(_document(t, "i.docx"), {
        "word/document.xml": _entry(_document(t, "i0.docx"), "word/document.xml")
        .replace(b"<w:document ", b"<w:body ", 1).replace(b"</w:document>", b"</w:body>")}),
    "no_body": lambda t: rewrite_zip(_document(t, "j.docx"), {
        "word/document.xml": re.sub(rb"<w:body>.*</w:body>", b"", _entry(_document(t, "j0.docx"), "word/document.xml"),
                                    flags=re.S)}),
    "missing_part": lambda t: rewrite_zip(_document(t, "k.docx"), {"word/footer1.xml": None}),
    "no_content_types": lambda t: rewrite_zip(_document(t, "l.docx"), {"[Content_Types].xml": None}),
}


@pytest.mark.parametrize("variant", sorted(UNUSUAL))
def test_unusual_packages_give_what_python_docx_gives(variant, tmp_path, monkeypatch):
    path = UNUSUAL[variant](tmp_path)
    ours, theirs = _both_ways(path, monkeypatch)
    assert ours == theirs


def test_a_style_python_docx_cannot_read_is_left_to_python_docx(tmp_path):
    path = UNUSUAL["unknown_style_type"](tmp_path)
    assert docx_package.open_package(path.read_bytes()) is None


def test_the_cached_style_names_keep_no_bytes_and_answer_the_same(tmp_path):
    path = _document(tmp_path)
    docx_package._style_names.cache_clear()
    key = docx_package._Digest(_entry(path, "word/styles.xml"))
    names = docx_package._style_names(key)
    assert key.blob is None  # the key the cache keeps holds the digest, not 350 KB of styles
    first = docx_package.open_package(path.read_bytes()).style_names
    assert docx_package._style_names.cache_info().hits == 1
    assert first == names
    first[None] = "changed by a caller"  # the caller's copy, not the cache's
    assert docx_package.open_package(path.read_bytes()).style_names[None] == "Normal"


def test_a_part_too_large_for_memory_is_not_called_damaged(tmp_path, monkeypatch):
    path = _document(tmp_path, "bundle.docx")

    def out_of_memory(_blob):
        raise etree.XMLSyntaxError("unknown error", etree.ErrorTypes.ERR_NO_MEMORY, 0, 0)

    monkeypatch.setattr(docx_package, "_parse", out_of_memory)
    with pytest.raises(MemoryError, match=re.escape("bundle.docx")):
        read_docx(path)
