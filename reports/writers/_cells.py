"""Cell safety shared by the spreadsheet writers: CSV/formula injection (OWASP).

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be run as a
formula by a spreadsheet. Such cells get a leading ``'`` so they show as text. A cell that is
exactly a number ("-5", "+3", "0,6") is left alone: a spreadsheet reads it as that number and runs
nothing, and prefixing it would corrupt a legitimate value. Non-string cells (ints, dates) are
never touched, so numeric columns stay numeric.
"""

from __future__ import annotations

import re

import pandas as pd

from reports.safe_text import FORMULA_TRIGGERS, shown

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells escaped (``shown_frame``) and formula-looking ones prefixed."""
    out = shown_frame(frame)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise).astype(object)
    return out


def shown_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell escaped with ``reports.safe_text.shown`` (control characters, undecodable
    bytes of a file name), before a writer that cannot hold them (openpyxl, UTF-8) sees them."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(shown).astype(object)
    out.columns = [shown(c) for c in out.columns]
    return out
