"""CSV for Excel: BOM first, Cyrillic intact, formula-looking text neutralised, numbers numeric."""

from __future__ import annotations

import pandas as pd
import pytest

from reports.run_report import RunReport
from reports.writers import csv_writer
from reports.writers._cells import neutralise


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+Пререквизиттер", "'+Пререквизиттер"),
        ("-2+3", "'-2+3"),
        ("\tБЕКІТЕМІН", "'\tБЕКІТЕМІН"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("+3", "+3"),
        ("0,6", "0,6"),
        ("-0,6", "-0,6"),
        ("Сағаттар", "Сағаттар"),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def read_back(report: RunReport, tmp_path):
    path = csv_writer.render(report, tmp_path)
    frame = pd.read_csv(path, sep=csv_writer.delimiter_for(report.language), encoding="utf-8-sig")
    return path, frame


def test_bom_and_cyrillic(report: RunReport, tmp_path):
    path, frame = read_back(report, tmp_path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    labels = report.labels
    assert list(frame.columns) == list(report.to_frame().columns)
    titles = set(frame[labels.column("course_title")].dropna())
    assert "Гармония (күрделі курс)" in titles
    assert "<script>alert(1)</script> Гармония" in titles
    assert "Музыкатану кафедрасы" in set(frame[labels.column("department")].dropna())


def test_formulas_neutralised_numbers_intact(report_kk: RunReport, tmp_path):
    _, frame = read_back(report_kk, tmp_path)
    c = report_kk.labels.column
    by_id = frame.set_index(c("id"))
    assert by_id.loc["NC-2025-0002", c("description")] == "'=cmd|' /C calc'!A0"
    assert by_id.loc["NC-2025-0003", c("description")].startswith("'@SUM(1+1)")
    assert by_id.loc["NC-2025-0004", c("description")].startswith("'+")
    assert by_id.loc["NC-2025-0006", c("quote")] == "'\tБЕКІТЕМІН"
    assert by_id.loc["NC-2025-0002", c("corrective_actions")].startswith("Силлабусты")  # only a leading = counts
    # no text cell starts with a formula trigger, except plain numbers
    for col in frame.columns:
        for v in frame[col]:
            if isinstance(v, str) and v and v[0] in "=+-@\t\r":
                assert v.lstrip("+-").replace(",", "").isdigit(), (col, v)
    # numbers stay numbers: the negative "actual" text and the numeric columns
    assert str(by_id.loc["NC-2025-0001", c("actual")]) == "-5"
    assert by_id.loc["NC-2025-0001", c("page")] == 3
    assert frame[c("page")].dtype.kind in "if"  # numeric, blanks as NaN
    assert frame[c("recurrences")].dtype.kind == "i"
    assert by_id.loc["NC-2025-0003", c("recurrences")] == 1


def test_delimiter_follows_language(report: RunReport, tmp_path):
    path = csv_writer.render(report, tmp_path)
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.count(csv_writer.delimiter_for(report.language)) == len(report.to_frame().columns) - 1
