"""Findings as CSV for Excel: UTF-8 with BOM (so Excel shows Cyrillic), formula cells neutralised,
control characters and undecodable bytes of file names shown escaped (``reports.safe_text``).

The delimiter follows the report language: Excel in Kazakh and Russian locales (decimal comma)
expects ``;`` when it opens a CSV by double-click, English locales expect ``,``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from reports.run_report import RunReport
from reports.writers._atomic import atomic_path
from reports.writers._cells import neutralise_frame
from reports.writers.registry import register

FILENAME = "findings.{lang}.csv"


def delimiter_for(lang: str) -> str:
    return "," if lang == "en" else ";"


def render(report: RunReport, out_dir: Path) -> Path:
    path = Path(out_dir) / FILENAME.format(lang=report.language)
    frame = neutralise_frame(report.to_frame())
    with atomic_path(path) as tmp:
        frame.to_csv(
            tmp,
            index=False,
            sep=delimiter_for(report.language),
            encoding="utf-8-sig",
            lineterminator="\r\n",
            quoting=csv.QUOTE_MINIMAL,
            date_format="%Y-%m-%d",
        )
    return path


register("csv", ".csv", render, "findings table for Excel (UTF-8 with BOM, formulas neutralised)")
