"""DOCX files damaged inside their package: each is a damaged file (``CorruptFile``) whose error
names the file, the part and what is wrong, in the QA office's words, never python-docx's or
lxml's exception; ``check``, ``extract`` and ``audit`` (the register's DOC001 record) all say it.

Each variant is the sample clean_en.docx with one part changed, built here in ``tmp_path``.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest

from extractors import docx_package
from extractors.docx_reader import read_docx
from extractors.errors import CorruptFile
from reports.labels import Labels

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "samples" / "clean_en.docx"

# What a QA officer must never read: an exception's class, python-docx's source position
# ("(in style.py:17)"), lxml's "(<string>, line 2)", or the CLI's words for a reader bug.
_PROGRAMMERS_WORDS = re.compile(
    r"\b\w*(Error|Exception)\b|KeyError|\(in \w+\.py:\d+\)|<string>|reader failed|Traceback")


def _first_style(xml: bytes, change) -> bytes:
    found = re.search(rb"<w:style [^>]*>", xml)
    return xml[: found.start()] + change(found.group(0)) + xml[found.end():]


def _root_renamed(xml: bytes, old: bytes, new: bytes) -> bytes:
    xml = re.sub(rb"<" + old + rb"([ >])", b"<" + new + rb"\1", xml, count=1)
    return xml.replace(b"</" + old + b">", b"</" + new + b">")


def _half(xml: bytes) -> bytes:
    return xml[: len(xml) // 2]  # cut inside an element: not well-formed


# case -> (the part changed, the change, the part the error must name, words of what is wrong)
DAMAGED = {
    "style_of_unknown_type": (
        "word/styles.xml", lambda x: _first_style(x, lambda s: s.replace(b'"paragraph"', b'"bogus"')),
        "word/styles.xml", 'type Word does not know (w:type="bogus")'),
    "style_name_without_val": (
        "word/styles.xml", lambda x: re.sub(rb'<w:name w:val="[^"]*"/>', b"<w:name/>", x, count=1),
        "word/styles.xml", "name element without a value"),
    "styles_wrong_root": (
        "word/styles.xml", lambda x: _root_renamed(x, b"w:styles", b"w:stylez"),
        "word/styles.xml", "root element is <w:stylez>, not <w:styles>"),
    "document_wrong_root": (
        "word/document.xml", lambda x: _root_renamed(x, b"w:document", b"w:documentz"),
        "word/document.xml", "root element is <w:documentz>, not <w:document>"),
    "document_not_well_formed": ("word/document.xml", _half, "word/document.xml", "not well-formed XML"),
    "document_without_body": (
        "word/document.xml", lambda x: re.sub(rb"<w:body>.*</w:body>", b"", x, flags=re.S),
        "word/document.xml", "has no <w:body>"),
    "numbering_not_well_formed": ("word/numbering.xml", _half, "word/numbering.xml", "not well-formed XML"),
    "header_not_well_formed": ("word/header1.xml", _half, "word/header1.xml", "not well-formed XML"),
    "relationships_not_well_formed": (
        "word/_rels/document.xml.rels", _half, "word/_rels/document.xml.rels", "not well-formed XML"),
    "content_types_not_well_formed": ("[Content_Types].xml", _half, "[Content_Types].xml", "not well-formed XML"),
    "content_types_wrong_root": (
        "[Content_Types].xml", lambda x: _root_renamed(x, b"Types", b"Typez"),
        "[Content_Types].xml", "root element is <Typez>, not <Types>"),
    "content_type_override_without_part": (
        "[Content_Types].xml", lambda x: x.replace(b'PartName="/word/numbering.xml" ', b""),
        "[Content_Types].xml", "override names no part (PartName)"),
    "content_type_default_without_extension": (
        "[Content_Types].xml", lambda x: x.replace(b'Extension="rels" ', b""),
        "[Content_Types].xml", "default content type has no extension (Extension)"),
    "relationships_wrong_root": (
        "word/_rels/document.xml.rels", lambda x: _root_renamed(x, b"Relationships", b"Relationshipz"),
        "word/_rels/document.xml.rels", "root element is <Relationshipz>, not <Relationships>"),
    "package_relationships_wrong_root": (
        "_rels/.rels", lambda x: _root_renamed(x, b"Relationships", b"Relationshipz"),
        "_rels/.rels", "root element is <Relationshipz>, not <Relationships>"),
    "relationship_without_target": (
        "word/_rels/document.xml.rels", lambda x: x.replace(b' Target="numbering.xml"', b""),
        "word/_rels/document.xml.rels", "a relationship has no target (Target)"),
    "relationship_target_missing": (
        "word/_rels/document.xml.rels", lambda x: x.replace(b'Target="numbering.xml"', b'Target="gone.xml"'),
        "word/gone.xml", "a part the package refers to is missing"),
}


def build(case: str, folder: Path) -> Path:
    part, change, _, _ = DAMAGED[case]
    return changed_sample(folder / f"{case}.docx", part, change)


def changed_sample(path: Path, part: str, change) -> Path:
    """The sample with ``change`` applied to the bytes of ``part``, written to ``path``."""
    with zipfile.ZipFile(SAMPLE) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        assert part in source.namelist()
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                changed = change(data)
                assert changed != data, f"{path.name}: the change did nothing"
                data = changed
            out.writestr(info.filename, data)
    return path


def assert_words_of_the_qa_office(text: str) -> None:
    assert not _PROGRAMMERS_WORDS.search(text), text


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_a_damaged_part_is_a_damaged_file_naming_the_part(tmp_path, case):
    path = build(case, tmp_path)
    _, _, named, words = DAMAGED[case]
    with pytest.raises(CorruptFile) as caught:
        read_docx(path)
    error = caught.value
    assert type(error) is CorruptFile  # the damaged-file kind, not a bug nor another kind
    assert error.path == str(path) and str(error).startswith(f"{path}: {CorruptFile.title}: ")
    assert named in error.detail and words in error.detail, error.detail
    assert_words_of_the_qa_office(str(error))


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_python_docx_s_own_way_gives_the_same_error(tmp_path, monkeypatch, case):
    """Whether the fast path gives up on the file or never opens it, the error is python-docx's
    way's: the fast path is not the judge of damaged files."""
    path = build(case, tmp_path)
    with pytest.raises(CorruptFile) as fast:
        read_docx(path)
    monkeypatch.setattr(docx_package, "open_package", lambda data: None)
    with pytest.raises(CorruptFile) as slow:
        read_docx(path)
    assert slow.value.detail == fast.value.detail


def test_the_part_lxml_failed_on_is_found_in_python_docx_s_order(tmp_path):
    names = {case: docx_package.unparsable_part(build(case, tmp_path).read_bytes())
             for case in ("header_not_well_formed", "content_types_not_well_formed")}
    assert names["header_not_well_formed"][0] == "word/header1.xml"
    assert names["content_types_not_well_formed"][0] == "[Content_Types].xml"
    assert docx_package.unparsable_part(SAMPLE.read_bytes()) is None
    assert docx_package.package_damage(SAMPLE.read_bytes()) is None


@pytest.mark.parametrize("part, change", [
    ("word/_rels/document.xml.rels", lambda x: x.replace(b'Id="rId2" ', b"")),
    ("word/_rels/document.xml.rels", lambda x: re.sub(rb' Type="[^"]*numbering"', b"", x)),
    ("[Content_Types].xml", lambda x: re.sub(rb'(PartName="/word/numbering.xml") ContentType="[^"]*"', rb"\1", x)),
])
def test_what_python_docx_does_without_is_not_called_damage(tmp_path, part, change):
    """A relationship without Id or Type, an override without ContentType: python-docx reads the
    file, and so does the reader; the package's checks judge only what python-docx fails on."""
    path = changed_sample(tmp_path / "lenient.docx", part, change)
    assert read_docx(path).blocks == read_docx(SAMPLE).blocks
    assert docx_package.package_damage(path.read_bytes()) is None


@pytest.mark.parametrize("python_docx_s_way", [False, True])
def test_a_style_without_a_type_is_a_paragraph_style(tmp_path, monkeypatch, python_docx_s_way):
    """ECMA-376 leaves w:type optional and python-docx's own ``BaseStyle.type`` reads an omitted
    one as a paragraph style (only its StyleFactory trips over it): Word opens such a file, so it
    is read like the sample, never called damaged."""
    path = changed_sample(tmp_path / "untyped_style.docx", "word/styles.xml",
                          lambda x: _first_style(x, lambda s: s.replace(b' w:type="paragraph"', b"")))
    if python_docx_s_way:
        monkeypatch.setattr(docx_package, "open_package", lambda data: None)
    raw, good = read_docx(path), read_docx(SAMPLE)
    assert raw.blocks == good.blocks and raw.header_texts == good.header_texts


def test_an_exception_of_the_style_walk_on_sound_styles_stays_a_bug(tmp_path, monkeypatch):
    """Only content that is really malformed is a damaged file: the same exception raised over
    sound styles is the reader's own failure and is not dressed up as the file's."""
    from docx.styles import BabelFish

    def broken(name):
        raise KeyError("a bug, not the file")

    monkeypatch.setattr(docx_package, "open_package", lambda data: None)  # python-docx's way
    monkeypatch.setattr(BabelFish, "internal2ui", staticmethod(broken))
    with pytest.raises(KeyError, match="a bug, not the file"):
        read_docx(SAMPLE)


@pytest.mark.parametrize("part, change", [
    ("word/header1.xml", lambda x: _root_renamed(x, b"w:hdr", b"w:hdrz")),
    ("word/numbering.xml", lambda x: _root_renamed(x, b"w:numbering", b"w:numberingz")),
])
def test_a_part_with_an_odd_root_that_is_not_needed_still_reads(tmp_path, part, change):
    """A header's paragraphs are read whatever its root is called, and the numbering part is
    never read: python-docx opens both, and the syllabus is read as the sample is."""
    path = changed_sample(tmp_path / "odd_root.docx", part, change)
    raw, good = read_docx(path), read_docx(SAMPLE)
    assert raw.blocks == good.blocks and raw.header_texts == good.header_texts


# --- through the commands -------------------------------------------------------------------------
# One run of each command over every variant (a CLI subprocess costs seconds): the hostile suite's
# harness, which bounds the run and keeps its output.

sys.path.insert(0, str(REPO / "tests" / "hostile"))
import hostile_harness as h  # noqa: E402


@pytest.fixture(scope="module")
def damaged_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("damaged") / "syllabi"
    folder.mkdir()
    for case in DAMAGED:
        build(case, folder)
    return folder


def _sections(stdout: str) -> dict[str, str]:
    """``check``'s output by file name ("== path [code]" starts a file's lines)."""
    out: dict[str, str] = {}
    for chunk in re.split(r"^== ", stdout, flags=re.M)[1:]:
        head, _, body = chunk.partition("\n")
        out[Path(head.split()[0]).name] = body
    return out


@pytest.fixture(scope="module")
def checked(damaged_folder) -> dict[str, h.Done]:
    files = sorted(damaged_folder.iterdir())
    return {lang: h.cli(["check", "--lang", lang, *files], damaged_folder) for lang in ("en", "kk")}


@pytest.mark.hostile
@pytest.mark.parametrize("lang", ["en", "kk"])
def test_check_reports_each_damaged_file_as_damaged(checked, lang):
    """A damaged file is the document's defect: DOC001 and status 1 ("findings"), as for a
    truncated ZIP, not status 2 (the tool's failure), in the user's language."""
    done = checked[lang]
    assert done.rc == 1, done.describe()
    h.assert_no_traceback(done.stdout, done.stderr)
    assert_words_of_the_qa_office(done.stdout + done.stderr)
    sections = _sections(done.stdout)
    title = Labels(lang)("error.corrupt_file")
    for case, (_, _, named, words) in DAMAGED.items():
        text = sections[f"{case}.docx"]
        assert "DOC001" in text and title in text, text
        assert named in text and words in text, text  # the detail (English) as the quote


@pytest.mark.hostile
def test_extract_names_each_damaged_file_on_stderr(damaged_folder):
    done = h.cli(["extract", *sorted(damaged_folder.iterdir())], damaged_folder)
    assert done.rc == 1, done.describe()  # "some files could not be read"
    h.assert_no_traceback(done.stderr)
    assert_words_of_the_qa_office(done.stderr)
    lines = done.stderr.splitlines()
    for case, (_, _, named, words) in DAMAGED.items():
        line = next(line for line in lines if f"/{case}.docx: " in line)  # not a longer name's end
        assert CorruptFile.title in line and named in line and words in line, line


@pytest.mark.hostile
def test_audit_records_each_damaged_file_as_unreadable(damaged_folder, tmp_path):
    register = tmp_path / "register.sqlite3"
    done = h.cli(["audit", "--no-progress", damaged_folder, "--register", register, "--out",
                  tmp_path / "out", "--workers", "1"], tmp_path)
    assert done.rc == 1, done.describe()
    h.assert_no_traceback(done.stdout, done.stderr)
    assert h.sqlite_integrity(register) == "ok"
    records = h.records(register)
    for case, (_, _, named, words) in DAMAGED.items():
        mine = [r for r in records if Path(r["file"]).name == f"{case}.docx"]
        assert len(mine) == 1, [r["file"] for r in records]
        record = mine[0]
        assert record["rule"] == "DOC001" and record["actual"] == CorruptFile.code, record
        for lang in ("kk", "ru", "en"):
            description = record[f"description_{lang}"]
            assert named in description and words in description, description
            assert_words_of_the_qa_office(description)


def test_running_out_of_memory_while_naming_the_part_stays_a_memory_error(tmp_path, monkeypatch):
    """Finding the malformed part parses the parts again; if libxml2 runs out of memory there,
    the file is large, not damaged, as when python-docx runs out (MemoryError, kept as it is)."""
    from lxml import etree

    path = build("numbering_not_well_formed", tmp_path)
    no_memory = etree.XMLSyntaxError("Memory allocation failed", etree.ErrorTypes.ERR_NO_MEMORY, 1, 1)
    monkeypatch.setattr(docx_package, "unparsable_part", lambda data: ("word/numbering.xml", no_memory))
    with pytest.raises(MemoryError, match="more memory than the limit"):
        read_docx(path)
