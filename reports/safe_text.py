"""Text from files and syllabi as every report shows it: escaped where it must be, never rejected.

The register holds whatever a folder and a document contained: control characters from a PDF's
text layer, a file name that was not UTF-8 (decoded with ``surrogateescape``, so its bytes survive
as lone surrogates U+DC80..U+DCFF), U+FFFE. XLSX and DOCX are XML 1.0, which forbids most of them,
so openpyxl and python-docx raise; UTF-8 cannot encode a lone surrogate at all. A report that
fails on such a record fails every night the record stays open, so every writer shows such text
through ``shown`` instead, one convention everywhere (the terminal's, ``pipeline.terminal_text``,
is the same but for C1 characters):

- a C0 control character other than tab and line feed, and DEL: ``\\x07``, ``\\x0d``, ``\\x7f``;
- an undecodable byte of a file name (surrogateescape): the byte itself, ``\\xe9``, as Python and
  ``ls -b`` show it, so the name can still be found on disk; ``\\xNN`` is a byte when NN >= 80
  and a control character when NN < 80;
- a C1 control character (U+0080..U+009F, so never taken for a byte), a character that reverses
  what a reader sees (U+202E and the other bidi overrides, isolates and marks), a line or paragraph
  separator, a non-character (U+FFFE, U+FDD0...) or any other lone surrogate: ``\\u0085``,
  ``\\u202e``, ``\\ufffe``, ``\\ud800`` (``\\U0001fffe`` above U+FFFF).

Nothing is dropped: every character escaped can be read back from its escape (``unshown``). A
backslash is not doubled, so escaping twice changes nothing: a name the pipeline already escaped
is shown the same, never as ``\\\\xe9``. (The price: a syllabus that itself contains the six
characters ``\\x07`` reads back as BEL; no syllabus does.)

Machines get the exact text instead: JSON escapes everything itself (``json_safe``).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar, cast

# shown/unshown give back what they are given, and a string for a string
_T = TypeVar("_T")

# what is escaped; tab and line feed are text (multi-line quotes)
_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab/LF, DEL, C1
    "\ud800-\udfff"  # lone surrogates (undecodable bytes of a file name among them)
    "\ufdd0-\ufdef\ufffe\uffff"  # non-characters XML 1.0 forbids or tools choke on
    "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators: a line break no one typed
)
_PLANE_END = "".join(f"{chr(p << 16 | 0xFFFE)}{chr(p << 16 | 0xFFFF)}" for p in range(1, 17))
_UNSAFE_RE = re.compile(f"[{_UNSAFE}{_PLANE_END}]")
_TOKEN = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8}))")


def _escape(ch: str) -> str:
    n = ord(ch)
    if n < 0x80:
        return f"\\x{n:02x}"
    if 0xDC80 <= n <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{n - 0xDC00:02x}"
    if n <= 0xFFFF:
        return f"\\u{n:04x}"
    return f"\\U{n:08x}"


def _has_unsafe(text: str) -> bool:
    return _UNSAFE_RE.search(text) is not None


def shown(text: _T) -> _T:
    """``text`` with every character a report cannot hold written as a visible escape (see the
    module docstring); anything that is not a string is returned as it is."""
    if not isinstance(text, str):
        return text
    # Every character escaped here is a control, format, separator, surrogate or unassigned one,
    # none of which ``isprintable`` passes (tests/reports/test_html_shared.py checks each code
    # point): most of a night's cells are settled without the pattern's search.
    if text.isprintable() or not _has_unsafe(text):
        return text
    return cast(_T, _UNSAFE_RE.sub(lambda m: _escape(m.group()), text))


def unshown(text: _T) -> _T:
    """The inverse of ``shown``: the original text, undecodable bytes as surrogates again (exact for
    any text that did not itself hold an escape's characters)."""
    if not isinstance(text, str) or "\\" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        byte, bmp, astral = m.groups()
        if byte is not None:
            n = int(byte, 16)
            return chr(n) if n < 0x80 else chr(0xDC00 + n)
        if bmp is not None:
            return chr(int(bmp, 16))
        return chr(int(astral, 16))

    return cast(_T, _TOKEN.sub(one, text))


def json_safe(text: str) -> str:
    """A JSON document as text that UTF-8 can encode: a lone surrogate (an undecodable byte of a
    file name) only ever stands inside a JSON string there, where ``\\udce9`` is its own JSON
    escape, so ``json.loads`` gives back the exact original."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if re.search("[\ud800-\udfff]", text) else text


# ----- spreadsheet cells -------------------------------------------------------------------------
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(cell: Any, value: object) -> None:
    """Put ``value`` into an openpyxl cell; a string is escaped with ``shown`` and kept as text."""
    if isinstance(value, str):
        cell.value = shown(value)
        keep_text(cell)
    else:
        cell.value = value


def keep_text(cell: Any) -> None:
    """Make a cell that holds a string hold it as text, never as a formula.

    openpyxl types any string that starts with ``=`` as a formula; a syllabus title
    ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would then run in the QA office's Excel. The cell
    is typed as a string and, when it starts like a formula, gets Excel's quote prefix (shown as
    text, and kept text when someone edits the cell). The value must already be ``shown``."""
    if not isinstance(cell.value, str):
        return
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
