"""Opening a DOCX package: python-docx's package reader, then only the XML trees we read.

python-docx's ``Package.open`` does three things: it reads the ZIP and walks the relationships
(``PackageReader``: [Content_Types].xml, every .rels, every part's bytes), it parses every XML
part it knows into its own element classes, and it builds part and relationship objects. The
first is kept exactly as it is, because its handling of damaged packages is what our error
messages describe. The other two cost more than the reading itself on seed-sized syllabi: a
document made from python-docx's template carries a 350 KB styles.xml whose parse alone takes
longer than the 150 KB document.xml's, and walking python-docx's element classes is slower than
walking plain lxml ones.

So ``open_package`` repeats python-docx's unmarshalling for the plain case only: it parses
every part python-docx would parse, with the same parser options (a part that python-docx could
not parse fails here too), keeps the trees of the main document and its headers and footers as
plain lxml elements, and reads the style names the way ``docx.styles`` does. Parts whose bytes
were seen before (styles, numbering and settings of a template, in a run over many files of one
template) are not parsed again: whether bytes parse, and the names they hold, depend on the
bytes alone. Anything out of the plain case (a relationship missing or doubled, a part of an
unexpected kind, a style python-docx would choke on) makes it answer None, and the caller takes
python-docx's whole way, so such files keep exactly python-docx's behaviour and errors.

When python-docx's way fails on a damaged package, its exceptions (lxml's, or an
AttributeError of its element classes) name no part; ``unparsable_part`` and ``package_damage``
find, after the failure only, which part it was and what is wrong with it, so the reader's
error can say so.
"""

from __future__ import annotations

import functools
import hashlib
import io
import zipfile
from dataclasses import dataclass, field

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import CT_Relationships, CT_Types
from docx.opc.oxml import parse_xml as parse_opc_xml
from docx.opc.part import PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from docx.parts.styles import StylesPart
from docx.styles import BabelFish
from lxml import etree

# docx.oxml.parser.oxml_parser's options, without its element classes: the same bytes give the
# same tree and the same errors.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)

_DOCUMENT, _BODY, _STYLES, _STYLE = qn("w:document"), qn("w:body"), qn("w:styles"), qn("w:style")
_W_TYPE, _W_STYLE_ID, _W_NAME, _W_VAL = qn("w:type"), qn("w:styleId"), qn("w:name"), qn("w:val")
_W_DEFAULT = qn("w:default")
_STYLE_TYPES = frozenset(member.xml_value for member in WD_STYLE_TYPE)
_HEADER_FOOTER = (CT.WML_HEADER, CT.WML_FOOTER)


class _Unusual(Exception):
    """Out of the plain case: python-docx's own way decides what the file gives."""


@dataclass
class _Part:
    content_type: str
    cls: type
    blob: bytes
    element: object = None  # the parsed tree, for the parts we read


@dataclass
class OpenedPackage:
    """What the reader needs of a package: the body, style names, headers and footers."""

    body: object  # w:body, or None
    style_names: dict[str | None, str]
    _related: dict[str, _Part] = field(default_factory=dict)  # the main part's internal rels by rId

    def related_part(self, r_id: str | None):
        """(identity, content type, element) of the part the main part relates by ``r_id``."""
        part = self._related.get(r_id)
        return None if part is None else (id(part), part.content_type, lambda: part.element)


def open_package(data: bytes) -> OpenedPackage | None:
    """The package opened as python-docx would open it, or None out of the plain case.

    Any exception means the same: the caller goes python-docx's whole way, which raises what
    python-docx raises (this one may differ: it is not the judge of damaged files).
    """
    reader = PackageReader.from_file(io.BytesIO(data))
    try:
        return _unmarshal(reader)
    except _Unusual:
        return None


def _unmarshal(reader: PackageReader) -> OpenedPackage:
    parts = {name: _Part(content_type, _part_class(content_type, reltype), blob)
             for name, content_type, reltype, blob in reader.iter_sparts()}
    srels: dict[str, list] = {}
    for source, srel in reader.iter_srels():
        srels.setdefault(source, []).append(srel)

    main_name = _single_target(srels.get("/", []), RT.OFFICE_DOCUMENT)
    main = parts[main_name]
    if main.content_type != CT.WML_DOCUMENT_MAIN or main.cls is not DocumentPart:
        raise _Unusual("main part")
    main_rels = srels.get(main_name, [])
    styles = parts[_single_target(main_rels, RT.STYLES)]
    if styles.cls is not StylesPart:
        raise _Unusual("styles part")

    for part in parts.values():  # every part python-docx parses must parse
        if not issubclass(part.cls, XmlPart):
            if part.content_type in _HEADER_FOOTER:
                raise _Unusual("a header that python-docx would not parse")
            continue
        if part is main or part.content_type in _HEADER_FOOTER:
            part.element = _parse(part.blob)
        elif part is not styles:
            _parses(_Digest(part.blob))
    names = dict(_style_names(_Digest(styles.blob)))

    root = main.element
    if root.tag != _DOCUMENT:
        raise _Unusual("root element")  # python-docx's element for it has no .body
    # Relationships by rId as python-docx keeps them: a later rId replaces an earlier one, and
    # only internal ones have a target part.
    related: dict[str, _Part] = {}
    for srel in main_rels:
        if not srel.is_external:
            related[srel.rId] = parts[srel.target_partname]
    return OpenedPackage(body=root.find(_BODY), style_names=names, _related=related)


def _parse(blob: bytes):
    return etree.fromstring(blob, _PARSER)


def unparsable_part(data: bytes) -> tuple[str, etree.XMLSyntaxError] | None:
    """After python-docx failed on malformed XML: the part it failed on, and lxml's error.

    lxml's error names no part (python-docx parses bytes, not files), and a QA officer needs to
    know which part is damaged. The parts are tried in python-docx's order: the package's own
    XML ([Content_Types].xml and the .rels, which ``PackageReader`` parses) before the parts it
    parses into element classes (every ``XmlPart``). None when every part parses here: then
    the failure was not one of a part's XML, and the caller says so without naming one.
    """
    try:
        reader = PackageReader.from_file(io.BytesIO(data))
    except etree.XMLSyntaxError:
        return _unparsable_package_xml(data)
    for name, content_type, reltype, blob in reader.iter_sparts():
        if issubclass(_part_class(content_type, reltype), XmlPart):
            try:
                _parse(blob)
            except etree.XMLSyntaxError as exc:
                return name.lstrip("/"), exc
    return None


def package_damage(data: bytes) -> str | None:
    """After python-docx failed opening the package with an error that names no cause: what in
    the package's own XML its OPC classes could not read, in words, or None.

    ``PackageReader`` reads [Content_Types].xml and the .rels through python-docx's element
    classes; a root they do not know (no class, so no ``overrides`` or ``Relationship_lst``:
    AttributeError), a Default without Extension or an Override without PartName (``.lower()``
    of None), and a Relationship without Target (TypeError from posixpath) are what fails there.
    Attributes python-docx does without (a Relationship's Id or Type, an Override's
    ContentType) are not judged: files lacking them read.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n == "[Content_Types].xml" or n.endswith(".rels")]
        for name in sorted(names, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n)):
            try:
                root = parse_opc_xml(archive.read(name))
            except etree.XMLSyntaxError:
                continue  # not this kind of damage (the caller reported malformed XML before)
            if name == "[Content_Types].xml":
                damage = _types_damage(root)
            elif not isinstance(root, CT_Relationships):
                damage = _wrong_root(root, "Relationships")
            else:
                no_target = any(rel.target_ref is None for rel in root.Relationship_lst)
                damage = "a relationship has no target (Target)" if no_target else None
            if damage:
                return f"{name}: {damage}"
    return None


def _types_damage(root) -> str | None:
    if not isinstance(root, CT_Types):
        return _wrong_root(root, "Types")
    if any(default.extension is None for default in root.defaults):
        return "a default content type has no extension (Extension)"
    if any(override.partname is None for override in root.overrides):
        return "a content type override names no part (PartName)"
    return None


def _wrong_root(root, expected: str) -> str:
    found = etree.QName(root).localname
    return f"its root element is <{found}>, not <{expected}>"


def _unparsable_package_xml(data: bytes) -> tuple[str, etree.XMLSyntaxError] | None:
    """The content types or a relationships part that does not parse (what PackageReader reads
    before any part)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n == "[Content_Types].xml" or n.endswith(".rels")]
        for name in sorted(names, key=lambda n: n != "[Content_Types].xml"):
            try:
                _parse(archive.read(name))
            except etree.XMLSyntaxError as exc:
                return name, exc
    return None


def _part_class(content_type: str, reltype: str) -> type:
    """The class python-docx's PartFactory would build the part with."""
    cls = None
    if PartFactory.part_class_selector is not None:
        cls = PartFactory.part_class_selector(content_type, reltype)
    return cls or PartFactory.part_type_for.get(content_type, PartFactory.default_part_type)


def _single_target(srels: list, reltype: str) -> str:
    """python-docx's ``part_related_by``: one relationship of the type, internal, or unusual."""
    by_id = {srel.rId: srel for srel in srels}  # a repeated rId: the last one counts
    matching = [srel for srel in by_id.values() if srel.reltype == reltype]
    if len(matching) != 1 or matching[0].is_external:
        raise _Unusual(f"{len(matching)} relationships of type {reltype}")
    return matching[0].target_partname


class _Digest:
    """Bytes as a cache key by their SHA-256: the cache keeps the digest, not the bytes."""

    __slots__ = ("blob", "digest")

    def __init__(self, blob: bytes):
        self.blob: bytes | None = blob
        self.digest = hashlib.sha256(blob).digest()

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Digest) and other.digest == self.digest

    def take(self) -> bytes:
        blob, self.blob = self.blob, None  # the key object stays in the cache: drop the bytes
        return blob


@functools.lru_cache(maxsize=256)
def _parses(key: _Digest) -> bool:
    """These bytes parse as python-docx parses a part (a failure raises, and is not cached)."""
    _parse(key.take())
    return True


@functools.lru_cache(maxsize=32)
def _style_names(key: _Digest) -> dict[str | None, str]:
    """styleId -> name as ``docx.styles`` gives it; key None -> the default paragraph style's.

    The same walk as iterating python-docx's ``Styles`` (``StyleFactory`` over ``w:style``
    children, ``style_id``, ``name`` through ``BabelFish``, ``type``), on the plain tree. Where
    python-docx would raise (an unknown style type, a ``w:name`` without ``w:val``, a root other
    than ``w:styles``) this raises, and the caller goes python-docx's way.
    """
    root = _parse(key.take())
    if root.tag != _STYLES:
        raise _Unusual("styles root")
    names: dict[str | None, str] = {}
    for style in root.findall(_STYLE):
        kind = style.get(_W_TYPE, "paragraph")  # an omitted type is a paragraph style (see docx_reader)
        if kind not in _STYLE_TYPES:
            raise _Unusual("style type")  # StyleFactory raises ValueError on an unknown one
        style_id = style.get(_W_STYLE_ID)
        if not style_id:
            continue
        name_element = style.find(_W_NAME)
        if name_element is None:
            continue
        name = name_element.get(_W_VAL)
        if name is None:
            raise _Unusual("w:name without w:val")
        name = BabelFish.internal2ui(name)
        if not name:
            continue
        names[style_id] = name
        if kind == "paragraph" and style.get(_W_DEFAULT) in ("1", "true", "on"):
            names[None] = name
    return names
