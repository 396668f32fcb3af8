"""DOCX file -> ``RawDocument``: body paragraphs and tables in document order, headers apart.

The file is untrusted. Before python-docx sees it we check what it really is (an encrypted Office
file and a legacy .doc are OLE compound files, not ZIPs) and what its ZIP would expand to, because
python-docx reads every part of the package into memory on open.

XML safety: python-docx parses every part with ``lxml.etree.XMLParser(resolve_entities=False)``
(docx/oxml/parser.py and docx/opc/oxml.py, since 0.8.6, GHSA-34wj-p5jm-2p96), and lxml's
``no_network`` defaults to True, so neither external entities (XXE) nor internal entity expansion
(billion laughs) happen; defusedxml is not needed. The parts we parse ourselves (docProps/app.xml
here, the package's parts in ``docx_package``) get parsers configured the same way.

Text is taken from the XML rather than from python-docx's ``Paragraph.text`` because that property
skips content controls, text boxes and math, and ``row.cells`` repeats merged cells.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.document import CT_Document
from docx.oxml.exceptions import InvalidXmlError
from docx.oxml.ns import nsmap, qn
from docx.oxml.styles import CT_Styles
from docx.package import Package
from docx.styles import BabelFish
from lxml import etree

from . import docx_package, sniff
from .errors import CorruptFile, EncryptedFile, ZipBomb
from .limits import Limits
from .raw import RawCell, RawDocument, RawParagraph, RawTable

# Word allows 63 columns; a hostile gridSpan="1000000000" must not allocate a billion cells.
_MAX_GRID_COLS = 1000
# Small parts compress extremely well (a 2 KB run of identical bytes reaches ratio 100+), so the
# per-entry ratio is only judged on parts big enough to matter.
_RATIO_MIN_ENTRY_BYTES = 1024 * 1024

_NS = dict(nsmap, mc="http://schemas.openxmlformats.org/markup-compatibility/2006")
_M = f"{{{_NS['m']}}}"
_MT, _MF, _MD = _M + "t", _M + "f", _M + "d"

_P, _TBL, _TR, _TC, _R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_T, _TAB, _PTAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")
_NO_BREAK_HYPHEN, _TXBX_CONTENT = qn("w:noBreakHyphen"), qn("w:txbxContent")
_ALT_CHUNK = qn("w:altChunk")
_VAL = qn("w:val")
_TR_PR, _TC_PR, _DEL = qn("w:trPr"), qn("w:tcPr"), qn("w:del")  # once, not per row and cell
_P_PR, _P_STYLE, _R_PR = qn("w:pPr"), qn("w:pStyle"), qn("w:rPr")
_GRID_SPAN, _V_MERGE, _H_MERGE = qn("w:gridSpan"), qn("w:vMerge"), qn("w:hMerge")

# Subtrees that hold no visible text of the current version: properties, deleted and moved-away
# runs (their text is w:delText), field codes, and the VML copy of a text box that Word writes
# beside the DrawingML one inside mc:AlternateContent.
_SKIPPED = frozenset(
    {
        qn("w:pPr"),
        qn("w:rPr"),
        qn("w:sdtPr"),
        qn("w:sdtEndPr"),
        qn("w:del"),
        qn("w:moveFrom"),
        qn("w:delText"),
        qn("w:instrText"),
        qn("w:delInstrText"),
        f"{{{_NS['mc']}}}Fallback",
        _M + "rPr",
        _M + "ctrlPr",
    }
)

# Marks of tracked changes. One tag-filtered pass over the body finds any of them; the XPath
# union it replaces (".//w:ins | .//w:del | ...") walked the whole tree once per tag.
_TRACKED_TAGS = tuple(qn(f"w:{tag}") for tag in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "tblPrChange", "trPrChange",
    "tcPrChange", "sectPrChange", "tblGridChange", "cellIns", "cellDel", "cellMerge"))


_SECT_PR = qn("w:sectPr")


def _sections_and_tracking(body) -> tuple[list, bool]:
    """The body's w:sectPr elements in order, and whether it holds a mark of tracked changes.

    One tag-filtered pass over the tree for both: each was a walk over every element (the
    tracked-changes one to the end of every clean document). At the first mark the sections
    are taken by a pass of their own, so a document full of changes is not walked mark by mark
    in Python.
    """
    sections = []
    for element in body.iter(_SECT_PR, *_TRACKED_TAGS):  # body itself is no such tag
        if element.tag != _SECT_PR:
            return list(body.iter(_SECT_PR)), True
        sections.append(element)
    return sections, False

_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def read_docx(path: Path, limits: Limits = Limits()) -> RawDocument:  # noqa: B008 - Limits is frozen: one shared default is safe
    """Read a DOCX into a ``RawDocument``; raise a typed ``ExtractionError`` for bad input."""
    path = Path(path)
    data = sniff.read_bytes(path, limits)
    _reject_non_zip(path, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_expansion(path, archive, limits)
            _check_is_word_package(path, archive)
            pages = _declared_pages(archive)
    except zipfile.BadZipFile as exc:
        raise CorruptFile(str(path), f"truncated or damaged ZIP container ({exc})") from None

    package = _open_package(path, data)
    body = package.body
    if body is None:
        raise CorruptFile(str(path), "word/document.xml has no <w:body>")

    reader = _BodyReader(package.style_names)
    reader.read_blocks(body)
    sections, tracked = _sections_and_tracking(body)
    return RawDocument(
        path=str(path),
        format="docx",
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=reader.blocks,
        header_texts=_header_footer_texts(package.related_part, sections),
        pages=pages,
        has_tracked_changes=tracked,
        warnings=reader.warnings,
    )


# --- what the file is -------------------------------------------------------------------------


def _reject_non_zip(path: Path, data: bytes) -> None:
    """Raise the right error when the bytes are not a ZIP package."""
    kind = sniff.kind_of(data[: sniff.HEAD_BYTES])
    if kind is sniff.Kind.ZIP:
        return
    if kind is sniff.Kind.OLE and "EncryptedPackage" in sniff.cfb_stream_names(data):
        # Office encrypts a .docx into an OLE container: it is a DOCX, behind a password
        raise EncryptedFile(str(path), "Office encryption (OLE container with EncryptedPackage)")
    if kind is sniff.Kind.UNKNOWN and zipfile.is_zipfile(io.BytesIO(data)):  # a ZIP with bytes prepended (self-extracting)
        return
    raise sniff.refusal(path, "docx", kind, data)


def _check_expansion(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Judge the ZIP by its declared sizes before anything is decompressed.

    Declared sizes are enough: zipfile never inflates an entry past its declared size (it stops
    and reports a bad CRC, see ``_diagnose_bad_entry``), so a lying entry cannot exceed them.
    """
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > limits.max_docx_uncompressed_bytes:
        raise ZipBomb(
            str(path),
            f"declares {total} bytes uncompressed, the limit is {limits.max_docx_uncompressed_bytes}",
        )
    compressed = sum(i.compress_size for i in infos)
    for info in infos:
        if info.flag_bits & 0x1:
            raise EncryptedFile(str(path), f"entry {info.filename!r} is protected with a ZIP password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # Word only writes stored/deflated entries; other methods (bzip2, lzma) are also the
            # ones zipfile cannot bound while decompressing.
            raise CorruptFile(str(path), f"entry {info.filename!r} uses compression method "
                              f"{info.compress_type}, which Word never writes")
        if info.file_size >= _RATIO_MIN_ENTRY_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_docx_compression_ratio:
                raise ZipBomb(str(path), f"entry {info.filename!r} expands {ratio:.0f}-fold, "
                              f"the limit is {limits.max_docx_compression_ratio:.0f}")
    if total >= _RATIO_MIN_ENTRY_BYTES and total / max(compressed, 1) > limits.max_docx_compression_ratio:
        raise ZipBomb(str(path), f"the package expands {total / max(compressed, 1):.0f}-fold, "
                      f"the limit is {limits.max_docx_compression_ratio:.0f}")


def _check_is_word_package(path: Path, archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return
    other = sniff.office_package(archive)
    if other:
        raise sniff.wrong_format(path, "docx", other)
    if "[Content_Types].xml" in names:
        return  # python-docx finds the main part through the package relationships
    raise CorruptFile(str(path), "a ZIP archive without word/document.xml, so not a DOCX")


def _declared_pages(archive: zipfile.ZipFile) -> int | None:
    """Page count Word stored at its last save (docProps/app.xml <Pages>), if any."""
    try:
        root = etree.fromstring(archive.read("docProps/app.xml"), _SAFE_PARSER)
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error):
        return None
    for element in root:
        if isinstance(element.tag, str) and etree.QName(element).localname == "Pages":
            text = (element.text or "").strip()
            return int(text) if text.isdigit() and int(text) > 0 else None
    return None


_OTHER_WORD_MAIN_PARTS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": "a macro-enabled document (.docm)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "a template (.dotx)",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "a macro-enabled template (.dotm)",
}


def _open_package(path: Path, data: bytes):
    """The package's body, style names and related parts: plain lxml trees where we can.

    ``docx_package.open_package`` handles the plain case; for anything else (and for every file
    it cannot open) python-docx's ``Package.open`` decides, with the errors below.
    """
    try:
        package = docx_package.open_package(data)
    except etree.XMLSyntaxError as exc:
        if exc.code == etree.ErrorTypes.ERR_NO_MEMORY:  # as below: large, not damaged
            raise MemoryError(f"{path}: parsing the document needs more memory than the limit") from None
        package = None
    except Exception:  # python-docx's way below judges the file and words the error
        package = None
    return package or _PythonDocxPackage(path, data)


class _PythonDocxPackage:
    """The same view of a package, through python-docx's part objects."""

    def __init__(self, path: Path, data: bytes):
        self._path = path
        self._part = _open_document_part(path, data)
        self.body = self._part.element.body

    @functools.cached_property
    def style_names(self) -> dict[str | None, str]:
        return _style_names(self._path, self._part)

    def related_part(self, r_id: str | None):
        part = self._part.related_parts.get(r_id)
        return None if part is None else (id(part), part.content_type, lambda: part.element)


def _open_document_part(path: Path, data: bytes):
    try:
        part = Package.open(io.BytesIO(data)).main_document_part
    except zipfile.BadZipFile as exc:
        raise _diagnose_bad_entry(path, data) or CorruptFile(str(path), str(exc)) from None
    except etree.XMLSyntaxError as exc:
        if exc.code == etree.ErrorTypes.ERR_NO_MEMORY:
            # libxml2 ran out of memory under the worker's limit: the file is large, not damaged
            raise MemoryError(f"{path}: parsing the document needs more memory than the limit") from None
        raise CorruptFile(str(path), _malformed_xml(path, data, exc)) from None
    except KeyError as exc:
        raise CorruptFile(str(path), f"a part the package refers to is missing: {_missing_name(exc)}") from None
    except Exception as exc:  # python-docx raises an undocumented variety here
        damage = docx_package.package_damage(data)  # the damage it tripped on, in words
        raise CorruptFile(str(path), damage or f"{type(exc).__name__}: {exc}") from None
    if part.content_type != CT.WML_DOCUMENT_MAIN:
        kind = _OTHER_WORD_MAIN_PARTS.get(part.content_type, f"content type {part.content_type}")
        raise sniff.wrong_format(path, "docx", kind)
    if not isinstance(part.element, CT_Document):  # python-docx's class for a w:document root
        raise CorruptFile(str(path), _wrong_root(part, "w:document"))
    return part


def _part_name(part) -> str:
    return str(part.partname).lstrip("/")


def _wrong_root(part, expected: str) -> str:
    """What python-docx's element classes found instead of the root a part must have: without
    its class, python-docx fails on the first thing it asks of the part (AttributeError)."""
    root = part.element
    local = etree.QName(root).localname
    found = f"{root.prefix}:{local}" if root.prefix else local
    return f"{_part_name(part)}: its root element is <{found}>, not <{expected}>"


def _malformed_xml(path: Path, data: bytes, exc: etree.XMLSyntaxError) -> str:
    """lxml's words for malformed XML, with the part they are about (lxml names none)."""
    found = docx_package.unparsable_part(data)
    name, exc = found if found is not None else ("a part of the package", exc)
    if exc.code == etree.ErrorTypes.ERR_NO_MEMORY:  # the search parsed again, and ran out: large
        raise MemoryError(f"{path}: parsing the document needs more memory than the limit")
    line, column = exc.position
    # lxml's message ends with its own position and a "(<string>, line N)" naming no file
    message = re.sub(r"(, line \d+, column \d+)?( \(<string>, line \d+\))?$", "", exc.msg or "")
    return f"{name} is not well-formed XML (line {line}, column {column}: {message})"


def _missing_name(exc: KeyError) -> str:
    """zipfile's KeyError says "There is no item named 'word/x.xml' in the archive": the name."""
    text = str(exc.args[0]) if exc.args else ""
    found = re.fullmatch(r"There is no item named '(.*)' in the archive", text)
    return found.group(1) if found else text


def _diagnose_bad_entry(path: Path, data: bytes) -> ZipBomb | None:
    """After a CRC failure: is it an entry that decompresses past its declared size?

    zipfile stops decompressing at the declared size (so memory stayed bounded) and then reports a
    bad CRC; re-inflating the raw bytes up to one byte more tells a lie from plain damage.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.compress_type != zipfile.ZIP_DEFLATED:
                    continue
                header = data[info.header_offset : info.header_offset + 30]
                name_len, extra_len = struct.unpack_from("<HH", header, 26)
                start = info.header_offset + 30 + name_len + extra_len
                raw = data[start : start + info.compress_size]
                out = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, info.file_size + 1)
                if len(out) > info.file_size:
                    return ZipBomb(str(path), f"entry {info.filename!r} expands past its declared "
                                   f"size of {info.file_size} bytes")
    except (zipfile.BadZipFile, zlib.error, struct.error):
        return None
    return None


# --- text -------------------------------------------------------------------------------------

_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u00ad\ufeff]")


# Anything _normalise changes inside one line: invisible characters, horizontal space other than
# one plain space, and str.splitlines()'s line boundaries.
_NOT_PLAIN = re.compile("[\u200b\u200c\u200d\u00ad\ufeff\t\u00a0\u2007\u202f\u2000-\u200a\u3000"
                        "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]|  ")


def _normalise(raw: str) -> str:
    """Tabs and non-breaking spaces become one space; lines stripped; blank lines dropped."""
    if not _NOT_PLAIN.search(raw):
        return raw.strip()  # one line of plain spaces (most runs of text): the same, sooner
    raw = _INVISIBLE.sub("", raw)
    lines = (_HORIZONTAL_SPACE.sub(" ", line).strip() for line in raw.splitlines())
    return "\n".join(line for line in lines if line)


def _inline_text(element, out: list[str]) -> None:
    """Append the visible text under ``element`` (a w:p or part of one) to ``out``."""
    for child in element:
        tag = child.tag
        if tag in (_T, _MT):  # first: most children are text (a comment's tag is no str)
            out.append(child.text or "")
        elif tag == _R:  # then runs, before the eight tests a run would fail on its way to `else`
            # A run's own children here, not by a call per run: most are its w:rPr and one w:t.
            for part in child:
                part_tag = part.tag
                if part_tag == _T:
                    out.append(part.text or "")
                elif part_tag != _R_PR:  # skipped as _SKIPPED skips it
                    _inline_text((part,), out)  # the same tests as any other child
        elif not isinstance(tag, str) or tag in _SKIPPED:  # comments, PIs, entity references
            continue
        elif tag in (_TAB, _PTAB):
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            out.append("-")
        elif tag == _SDT:
            if not _shows_placeholder(child):
                _inline_text(child, out)
        elif tag == _TXBX_CONTENT:
            # A text box's paragraphs are lines of their own inside the anchoring paragraph.
            out.append("\n")
            out.extend(line + "\n" for line in _container_lines(child))
        elif tag == _MF:
            out.append("(" + _math_part(child, "num") + ")/(" + _math_part(child, "den") + ")")
        elif tag == _MD:
            out.append(_math_delimited(child))
        else:
            _inline_text(child, out)


def _math_part(element, name: str) -> str:
    part = element.find(_M + name)
    out: list[str] = []
    if part is not None:
        _inline_text(part, out)
    return "".join(out)


def _math_delimited(element) -> str:
    """OMML m:d: its brackets live in properties, with "(" and ")" as defaults."""
    chars = {"begChr": "(", "endChr": ")", "sepChr": "|"}
    props = element.find(_M + "dPr")
    if props is not None:
        for key in chars:
            found = props.find(_M + key)
            if found is not None:
                chars[key] = found.get(_M + "val", "")
    parts = []
    for arg in element.findall(_M + "e"):
        out: list[str] = []
        _inline_text(arg, out)
        parts.append("".join(out))
    return chars["begChr"] + chars["sepChr"].join(parts) + chars["endChr"]


def _shows_placeholder(sdt) -> bool:
    """A content control left unfilled shows prompt text ("Click here to enter text"), not a value."""
    return sdt.find("w:sdtPr/w:showingPlcHdr", _NS) is not None


def _paragraph_text(p) -> str:
    out: list[str] = []
    _inline_text(p, out)
    return _normalise("".join(out))


def _block_children(container):
    """w:p and w:tbl children in order, looking through block-level content controls."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT and not _shows_placeholder(child):
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_children(content)
        elif child.tag == _CUSTOM_XML:
            yield from _block_children(child)


def _container_lines(container) -> list[str]:
    """All text lines of a text box or similar container, tables flattened row by row."""
    lines: list[str] = []
    for block in _block_children(container):
        if block.tag == _P:
            text = _paragraph_text(block)
            if text:
                lines.append(text)
        else:
            for row in _table_grid(block, lambda nested: None)[0]:
                cells = [c.text.replace("\n", " ") for c in row if c.text]
                if cells:
                    lines.append(" | ".join(cells))
    return lines


# --- tables -----------------------------------------------------------------------------------


def _child(parent, tag: str):
    """``parent.find(tag)`` for one plain tag: lxml's find goes through its path machinery, about
    twice as slow as a tag-filtered child iterator, and every table row asks for its properties."""
    return next(parent.iterchildren(tag), None)


@functools.cache
def _clark(tag: str) -> str:
    """'w:gridSpan' -> '{namespace}gridSpan', once: lxml resolves a prefixed path on every find()."""
    return qn(tag)


def _int_attr(parent, path: str, default: int) -> int:
    return _int_val(_child(parent, _clark(path)) if parent is not None else None, default)


def _int_val(element, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_VAL, default))
    except ValueError:
        return default


def _cell_properties(tc_pr):
    """The first w:gridSpan, w:vMerge and w:hMerge of a w:tcPr, in one pass over its children
    (three finds per cell cost more than looking at its few children once)."""
    span = v_merge = h_merge = None
    if tc_pr is not None:
        for prop in tc_pr:
            tag = prop.tag
            if tag == _GRID_SPAN:
                span = prop if span is None else span
            elif tag == _V_MERGE:
                v_merge = prop if v_merge is None else v_merge
            elif tag == _H_MERGE:
                h_merge = prop if h_merge is None else h_merge
    return span, v_merge, h_merge


def _wrapped_children(element, tag: str):
    """Children with ``tag``, looking through row- and cell-level content controls."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _wrapped_children(content, tag)
        elif child.tag == _CUSTOM_XML:
            yield from _wrapped_children(child, tag)


def _cell(tc, on_nested) -> tuple[object, str]:
    """The cell's first w:tcPr and its text, in one pass over its children."""
    tc_pr = None
    lines = []
    for child in tc:
        tag = child.tag
        if tag == _P:
            lines.append(_paragraph_text(child))
        elif tag == _TC_PR:
            tc_pr = child if tc_pr is None else tc_pr
        elif tag in (_TBL, _SDT, _CUSTOM_XML):  # what _block_children looks into, as it does
            for block in _block_children((child,)):
                if block.tag == _P:
                    lines.append(_paragraph_text(block))
                else:
                    on_nested(block)
    # Each line is a _normalise'd paragraph (no blank lines inside, stripped, spaces single), so
    # the normalised cell text is its non-empty lines joined: what _normalise of their join
    # gives, without going over the text again (most cells are one paragraph).
    if len(lines) == 1:
        return tc_pr, lines[0]
    return tc_pr, "\n".join([line for line in lines if line])


def _table_grid(tbl, on_nested) -> tuple[list[list[RawCell]], list[str]]:
    """The table as a rectangular grid; merged areas hold their text once, at the origin.

    Grid positions that no cell occupies (gridBefore/gridAfter, short rows) are empty cells with
    ``covered_by=None``. ``on_nested`` receives each table found inside a cell, in order.
    """
    warnings: list[str] = []
    width = len(tbl.findall("w:tblGrid/w:gridCol", _NS))
    rows: list[list[RawCell]] = []
    vacant: set[tuple[int, int]] = set()  # positions no w:tc occupies

    for tr in _wrapped_children(tbl, _TR):
        tr_pr = _child(tr, _TR_PR)
        if tr_pr is not None and _child(tr_pr, _DEL) is not None:
            continue  # a row deleted with tracked changes is not in the current version
        r = len(rows)
        row: list[RawCell] = []
        for c in range(min(max(_int_attr(tr_pr, "w:gridBefore", 0), 0), _MAX_GRID_COLS)):
            row.append(RawCell("", r, c))
            vacant.add((r, c))
        for tc in _wrapped_children(tr, _TC):
            col = len(row)
            tc_pr, text = _cell(tc, on_nested)
            span_element, v_merge, h_merge = _cell_properties(tc_pr)
            # A w:vMerge or w:hMerge continues the merge unless its val is "restart" (an omitted
            # val continues). Written out, and _int_val asked only of a span that is there: three
            # calls a cell were a tenth of the grid's time.
            span = 1 if span_element is None else max(_int_val(span_element, 1), 1)
            if col + span > _MAX_GRID_COLS:
                span = max(_MAX_GRID_COLS - col, 0)
                warnings.append(f"table row {r} is wider than {_MAX_GRID_COLS} columns; cut")
            origin = None
            if v_merge is not None and v_merge.get(_VAL) != "restart":
                origin = _origin_above(rows, vacant, r, col)
            elif (h_merge is not None and h_merge.get(_VAL) != "restart" and col > 0
                  and (r, col - 1) not in vacant):
                origin = row[col - 1].covered_by or (r, col - 1)
            if origin is None:
                if span:
                    row.append(RawCell(text, r, col))
                    if span > 1:  # most cells span one column: no generator to build for nothing
                        row.extend(RawCell("", r, c, covered_by=(r, col)) for c in range(col + 1, col + span))
            else:
                if text:  # Word shows a continuation cell's text inside the merged cell
                    target = rows[origin[0]][origin[1]] if origin[0] < r else row[origin[1]]
                    target.text = f"{target.text}\n{text}" if target.text else text
                row.extend(RawCell("", r, c, covered_by=origin) for c in range(col, col + span))
        rows.append(row)

    n_cols = max([width] + [len(row) for row in rows])
    n_cols = min(n_cols, _MAX_GRID_COLS)
    for r, row in enumerate(rows):
        if len(row) < n_cols:
            row.extend(RawCell("", r, c) for c in range(len(row), n_cols))
    return rows, warnings


def _origin_above(rows, vacant, r: int, col: int) -> tuple[int, int] | None:
    """Origin of the vertical merge a continuation cell at (r, col) extends, if there is one."""
    if r == 0 or col >= len(rows[r - 1]) or (r - 1, col) in vacant:
        return None  # Word treats a continuation with nothing above as a cell of its own
    above = rows[r - 1][col]
    return above.covered_by or (r - 1, col)


# --- body -------------------------------------------------------------------------------------


def _style_names(path: Path, document_part) -> dict[str | None, str]:
    """styleId -> style name; key None -> the default paragraph style's name.

    A styles part python-docx cannot walk is a damaged file: python-docx's element classes
    judge it (a root other than w:styles; a style's w:type unknown, ValueError; a w:name without
    w:val, InvalidXmlError), and ``_style_damage`` says which style and what, or lets the exception through as a bug.
    """
    names: dict[str | None, str] = {}
    try:
        styles = document_part.styles
    except Exception:  # a missing or odd styles part only costs us style names
        return names
    if not isinstance(styles.element, CT_Styles):
        raise CorruptFile(str(path), _wrong_root(document_part.part_related_by(RT.STYLES), "w:styles"))
    try:
        # The style elements themselves, not python-docx's ``Styles``: its StyleFactory raises
        # KeyError on a style without w:type, which python-docx's own ``BaseStyle.type`` (and
        # Word) read as a paragraph style. A file Word opens is not called damaged for it.
        for element in styles.element.iterchildren(qn("w:style")):
            kind = element.get(qn("w:type"), WD_STYLE_TYPE.PARAGRAPH.xml_value)
            if kind not in _STYLE_TYPE_VALUES:
                raise ValueError(kind)
            raw_name = element.name_val  # as BaseStyle.name: InvalidXmlError for a w:name without w:val
            name = BabelFish.internal2ui(raw_name) if raw_name is not None else None
            if element.styleId and name:
                names[element.styleId] = name
                is_default = element.get(qn("w:default")) in ("1", "true", "on")
                if kind == WD_STYLE_TYPE.PARAGRAPH.xml_value and is_default:
                    names[None] = name
    except (KeyError, ValueError, InvalidXmlError):
        damage = _style_damage(styles.element)
        if damage is None:
            raise  # not the content's fault: a bug, reported as one
        part = _part_name(document_part.part_related_by(RT.STYLES))
        raise CorruptFile(str(path), f"{part}: {damage}") from None
    return names


_STYLE_TYPE_VALUES = frozenset(member.xml_value for member in WD_STYLE_TYPE)


def _style_damage(styles_element) -> str | None:
    """The first style python-docx cannot read, in words, or None if every style is readable."""
    for style in styles_element.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        which = f'the style "{style_id}"' if style_id else "a style without an id"
        kind = style.get(qn("w:type"), WD_STYLE_TYPE.PARAGRAPH.xml_value)
        if kind not in _STYLE_TYPE_VALUES:
            return f'{which} has a type Word does not know (w:type="{kind}")'
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) is None:
            return f"{which} has a name element without a value (w:name without w:val)"
    return None


class _BodyReader:
    """Walks the body once, numbering paragraphs and tables in document order."""

    def __init__(self, style_names: dict[str | None, str]):
        self.style_names = style_names
        self.blocks: list[RawParagraph | RawTable] = []
        self.warnings: list[str] = []
        self.n_paragraphs = 0
        self.n_tables = 0

    def read_blocks(self, body) -> None:
        for block in _block_children(body):
            if block.tag == _P:
                self._paragraph(block)
            else:
                self._table(block, nested_in=None)
        if body.find(_ALT_CHUNK) is not None:
            self.warnings.append("the document embeds another file (altChunk); its text is not read")

    def _paragraph(self, p) -> None:
        text = _paragraph_text(p)
        if not text:
            return
        # p.find("w:pPr/w:pStyle"): the first w:pStyle of any w:pPr child, in order
        style_id = next((s for ppr in p.iterchildren(_P_PR) for s in ppr.iterchildren(_P_STYLE)), None)
        style_id = style_id.get(_VAL) if style_id is not None else None
        style = self.style_names.get(style_id, style_id)
        self.blocks.append(RawParagraph(index=self.n_paragraphs, text=text, style=style))
        self.n_paragraphs += 1

    def _table(self, tbl, nested_in: int | None) -> None:
        table = RawTable(index=self.n_tables, rows=[], paragraph_index=self.n_paragraphs,
                         nested_in=nested_in)
        self.n_tables += 1
        self.blocks.append(table)  # before its nested tables: they come after it in order
        nested: list = []
        table.rows, warnings = _table_grid(tbl, nested.append)
        self.warnings.extend(warnings)
        for inner in nested:
            self._table(inner, nested_in=table.index)


# --- headers and footers ----------------------------------------------------------------------


def _header_footer_texts(related_part, sections: list) -> list[str]:
    """Texts of every header and footer, section by section (the body's w:sectPr elements in
    document order), each text once.

    ``related_part(rId)`` gives (identity, content type, element getter) of a related part.
    """
    texts: list[str] = []
    seen_parts: set[int] = set()
    for sect_pr in sections:
        refs = sect_pr.findall("w:headerReference", _NS) + sect_pr.findall("w:footerReference", _NS)
        for ref in refs:
            part = related_part(ref.get(qn("r:id")))
            if part is None or part[0] in seen_parts:
                continue
            identity, content_type, element = part
            if content_type not in (CT.WML_HEADER, CT.WML_FOOTER):
                continue
            seen_parts.add(identity)
            for text in _container_lines(element()):
                if text not in texts:
                    texts.append(text)
    return texts

