"""Text about files, shown on a terminal or written to a log, made harmless to show.

A file name on a shared drive can hold anything but ``/`` and NUL: an escape sequence
(``\\x1b[2J`` clears the screen, ``\\x1b]0;…\\x07`` retitles the window), a newline that forges a
log line, bytes that are not UTF-8 (which Python keeps as lone surrogates and which would make
the print itself fail). Everything the command line prints or logs about a file or a document
goes through ``shown`` once, at the point where it leaves for the terminal or the log.

The convention is the reports' (``reports.safe_text``), so a name reads the same in the log, on
the terminal and in the report: control characters as ``\\x1b``, an undecodable byte of a file
name as the byte it was, ``\\xe9``, C1 characters, bidi overrides and line separators as
``\\u009b``, ``\\u202e``; letters of every script, Kazakh and Russian included, stay as they are.
One thing more for a terminal: a line feed or tab in a file name is escaped too (``\\x0a``), since
one log record must stay one line. Backslashes are not doubled, so escaping twice changes nothing
(a line logged and echoed is escaped the same either way).
"""

from __future__ import annotations

import re

from reports.safe_text import shown as report_text

_LINE_BREAKS = re.compile(r"[\t\n]")


def shown(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` (a str, a path, an exception...) as it may be printed or logged.

    ``keep_newlines`` keeps ``\\n`` and ``\\t`` for text that is meant to run over several lines
    (a traceback); a file name or a one-line message escapes them too."""
    text = report_text(text if isinstance(text, str) else str(text))
    if keep_newlines:
        return text
    return _LINE_BREAKS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
