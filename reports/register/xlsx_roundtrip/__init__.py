"""The Excel round trip: the QA office fills in the corrective-action plan in a spreadsheet.

``export_xlsx`` writes the open records to one sheet: grey, locked columns describe the
nonconformity (read-only); white columns are Appendix 1's plan and the analysis: correction, root
cause, corrective action, responsible executor, co-executors, due date, mark on the result. The
sheet is protected without a password (against slips, not people); a hidden ``checksum`` column
holds a digest of each row's read-only values, and a very hidden sheet ``_original`` keeps the
exported values, so an import can say exactly which cell was edited.

``import_xlsx`` reads it back. It checks every row first and applies only if nothing is wrong, in
one transaction; otherwise it applies nothing and raises ``ImportRefused`` listing every problem
with its row number. Refused: a row whose ID is not in the register, an ID twice, a read-only cell
edited, a date that is not a date (``YYYY-MM-DD`` or ``DD.MM.YYYY``, or an Excel date), an action
without a responsible person or due date, a removed action, an edit to a record that was changed in
the register after the export (export again), a change the record's status forbids.

What a row's white cells do, compared with the values exported:

- correction / root cause: stored on the record (emptied if emptied);
- no action yet and an action written: a new corrective action (``human.assign``: status
  ``action_planned`` when the record was open or reopened);
- the same action text with another responsible, co-executors, due date or result mark: that action
  is updated, the change noted in the history;
- another action text: a further corrective action is added (the earlier one is kept).

Every cell holds text as text (``reports.safe_text.text_cell``): a course title ``=1+1`` or
``=HYPERLINK(...)`` is never a formula in the QA office's workbook, and comes back as the same text.
Text XML cannot hold (control characters, undecodable bytes of a file name) is exported as visible
escapes (``shown``); a cell left as exported keeps the register's exact text, so an untouched
export imports as no change. The workbook is written whole or not at all.

The package: ``layout`` (the columns and hidden sheets both sides share), ``export`` and
``importing``. Everything a caller uses is importable from here, where it always was.
"""

from __future__ import annotations

from reports.register.xlsx_roundtrip.export import export_xlsx
from reports.register.xlsx_roundtrip.importing import ImportResult, _cell_date, apply, import_xlsx, read_sheet, validate
from reports.register.xlsx_roundtrip.layout import (
    ABOUT,
    COLUMNS,
    DATE_KEYS,
    EDITABLE,
    FORMAT,
    HEADERS,
    KEYS,
    ORIGINAL,
    READ_ONLY,
    SHEET,
    TEXT_KEYS,
    checksum,
)

# _cell_date too: its own tests (a typed date, a number, a blank) import it from here
__all__ = [
    "ABOUT", "COLUMNS", "DATE_KEYS", "EDITABLE", "FORMAT", "HEADERS", "KEYS", "ORIGINAL", "READ_ONLY", "SHEET",
    "TEXT_KEYS", "ImportResult", "_cell_date", "apply", "checksum", "export_xlsx", "import_xlsx", "read_sheet",
    "validate",
]
