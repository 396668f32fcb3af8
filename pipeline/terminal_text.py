"""Text about files, shown on a terminal or written to a log, made harmless to show.

A file name on a shared drive can hold anything but ``/`` and NUL: an escape sequence
(``\\x1b[2J`` clears the screen, ``\\x1b]0;…\\x07`` retitles the window), a newline that forges a
log line, bytes that are not UTF-8 (which Python keeps as lone surrogates and which would make
the print itself fail). Everything the command line prints or logs about a file or a document
goes through ``shown`` once, at the point where it leaves for the terminal or the log.

The convention: control characters (C0, DEL, C1), the bidirectional-override characters that
reorder what a reader sees, and line/paragraph separators are written as Python escapes
(``\\x1b``, ``\\u202e``); an undecodable byte of a file name (``surrogateescape``) as the byte it
was, ``\\xe9``; letters of every script, Kazakh and Russian included, stay as they are.
Backslashes are not doubled, so escaping twice changes nothing (a line logged and echoed is
escaped the same either way).
"""

from __future__ import annotations

import re

# Format characters that change the order or direction of what follows (Trojan-source style
# spoofing of a name): LRM/RLM, ALM, the embeddings/overrides and the isolates.
# (regex escapes, so the pattern itself holds no raw control character)
_OTHERS = r"\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff"
_UNSAFE = re.compile(rf"[\x00-\x1f{_OTHERS}]")
_UNSAFE_KEEP_LINES = re.compile(rf"[\x00-\x08\x0b-\x1f{_OTHERS}]")


def _escape(match: re.Match) -> str:
    ch = match.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape could not decode: show that byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def shown(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` (a str, a path, an exception...) as it may be printed or logged.

    ``keep_newlines`` keeps ``\\n`` and ``\\t`` for text that is meant to run over several lines
    (a traceback); a file name or a one-line message escapes them too."""
    text = text if isinstance(text, str) else str(text)
    pattern = _UNSAFE_KEEP_LINES if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text)

