"""Cell safety shared by the spreadsheet writers: CSV/formula injection (OWASP).

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be run as a
formula by a spreadsheet. Such cells get a leading ``'`` so they show as text. A cell that is
exactly a number ("-5", "+3", "0,6") is left alone: a spreadsheet reads it as that number and runs
nothing, and prefixing it would corrupt a legitimate value. Non-string cells (ints, dates) are
never touched, so numeric columns stay numeric.
"""

from __future__ import annotations

import re

from reports.safe_text import FORMULA_TRIGGERS

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
