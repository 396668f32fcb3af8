"""Tiny DOCX (and not-quite-DOCX) files for reader tests, built in code so each test shows its input.

python-docx writes what it has an API for; the rest (content controls, text boxes, tracked changes,
raw grids) is spliced in as WordprocessingML fragments. Byte-level helpers forge the broken and
hostile files a nightly audit will meet.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)


def new_document() -> docx.document.Document:
    return docx.Document()


def fragment(xml: str):
    """One WordprocessingML element from ``xml``; the root tag gets the namespace declarations."""
    head, _, rest = xml.partition(">")
    self_closing = head.endswith("/")
    head = head.rstrip("/")
    return parse_xml(f"{head} {NAMESPACES}{'/' if self_closing else ''}>{rest}")


def append_body_xml(document, xml: str) -> None:
    """Add a block (w:p, w:tbl, w:sdt) at the end of the body, before its section properties."""
    document.element.body.find(qn("w:sectPr")).addprevious(fragment(xml))


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def save(document, path: Path) -> Path:
    document.save(str(path))
    return path


def rewrite_zip(path: Path, replace: dict[str, bytes | None]) -> Path:
    """Rewrite the package at ``path`` with entries replaced (bytes) or removed (None)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in replace:
                continue
            target.writestr(info.filename, source.read(info.filename))
        for name, data in replace.items():
            if data is not None:
                target.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def zip_of(path: Path, entries: dict[str, bytes]) -> Path:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def understate_entry_size(path: Path, entry: str, declared: int) -> Path:
    """Make ``entry`` claim ``declared`` uncompressed bytes in both its local and central header."""
    data = bytearray(path.read_bytes())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(entry)
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header
    name = entry.encode()
    central = data.find(b"PK\x01\x02", archive.start_dir)
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 46)
    path.write_bytes(bytes(data))
    return path


def compound_file(stream_names: list[str]) -> bytes:
    """A minimal valid OLE compound file ([MS-CFB], 512-byte sectors) with empty named streams.

    Sector 0 holds the FAT, sector 1 the directory. Office encryption stores the encrypted DOCX in
    such a file as an "EncryptedPackage" stream; Word 97-2003 files have a "WordDocument" stream.
    """
    end_of_chain, fat_sector, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts in sector 1
    struct.pack_into("<I", header, 0x38, 4096)  # mini stream cutoff
    struct.pack_into("<IIII", header, 0x3C, end_of_chain, 0, end_of_chain, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end_of_chain, *([free] * 126))

    def entry(name: str, kind: int, child: int = free, right: int = free) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le")
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded) + 2, kind, 1)
        struct.pack_into("<III", raw, 68, free, right, child)
        struct.pack_into("<I", raw, 116, end_of_chain)
        return bytes(raw)

    names = list(stream_names)[:3]
    entries = [entry("Root Entry", 5, child=1 if names else free)]
    for i, name in enumerate(names, start=1):
        entries.append(entry(name, 2, right=i + 1 if i < len(names) else free))
    directory = b"".join(entries).ljust(512, b"\x00")
    return bytes(header) + fat + directory
