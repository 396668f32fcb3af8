"""Findings as CSV for Excel: UTF-8 with BOM (so Excel shows Cyrillic), formula cells neutralised,
control characters and undecodable bytes of file names shown escaped (``reports.safe_text``).

The delimiter follows the report language: Excel in Kazakh and Russian locales (decimal comma)
expects ``;`` when it opens a CSV by double-click, English locales expect ``,``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from reports.run_report import RunReport
from reports.safe_text import shown
from reports.writers._atomic import atomic_path
from reports.writers._cells import neutralise
from reports.writers.registry import register

FILENAME = "findings.{lang}.csv"


def delimiter_for(lang: str) -> str:
    return "," if lang == "en" else ";"


def render(report: RunReport, out_dir: Path) -> Path:
    path = Path(out_dir) / FILENAME.format(lang=report.language)
    table = report.record_table()
    # The csv module writes as pandas' to_csv did (pandas wrote through it): an empty cell for None,
    # dates as YYYY-MM-DD, numbers as digits; text escaped (``shown``), then formulas neutralised.
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter_for(report.language), lineterminator="\r\n",
                            quoting=csv.QUOTE_MINIMAL)
        writer.writerow([shown(c) for c in table.columns])
        writer.writerows([["" if v is None else neutralise(shown(v)) for v in row] for row in table.rows])
    return path


register("csv", ".csv", render, "findings table for Excel (UTF-8 with BOM, formulas neutralised)",
         weight=0.2)
