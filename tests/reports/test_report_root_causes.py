"""Follow-on findings under their root cause in every report, and counts of root causes."""

from __future__ import annotations

import csv
import re

import openpyxl
import pytest
from docx import Document
from report_factory import build_root_cause_report

from reports.writers import csv_writer, html_writer, plan_docx_writer, xlsx_writer

ROOT = "NC-2025-0020"
FOLLOW = ["NC-2025-0025", "NC-2025-0026", "NC-2025-0027", "NC-2025-0028"]


@pytest.fixture(params=["kk", "ru", "en"])
def report(request):
    return build_root_cause_report(request.param)


def test_grouped_order_and_counts(report):
    ids = [r["id"] for r in report.as_records()]
    i = ids.index(ROOT)
    assert ids[i + 1:i + 5] == FOLLOW
    rows = {r["id"]: r for r in report.as_records()}
    assert all(rows[f]["root_cause_id"] == ROOT for f in FOLLOW) and rows[ROOT]["root_cause_id"] == ""
    current = report.current_entries()
    assert len(report.root_causes()) == len(current) - 4
    by_sev = report.summary_frames(localised=False)["by_severity"].set_index("severity")
    assert by_sev.loc["major", "findings"] - by_sev.loc["major", "root_causes"] == 4


def test_html_nests_and_counts(report, tmp_path):
    html = html_writer.render(report, tmp_path).read_text(encoding="utf-8")
    labels = report.labels
    assert html.count('class=" follow-on"') == 2 * 4  # findings table and the syllabus's table
    assert labels("summary.follows_from").format(id=ROOT) in html
    roots = len(report.root_causes())
    assert re.search(rf'<div class="n">{roots}</div><div class="l">{re.escape(labels("summary.root_causes"))}', html)


def test_csv_and_xlsx_carry_the_root(report, tmp_path):
    labels = report.labels
    text = csv_writer.render(report, tmp_path).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines(), delimiter=csv_writer.delimiter_for(report.language)))
    assert [r[labels.column("root_cause_id")] for r in rows if r[labels.column("id")] in FOLLOW] == [ROOT] * 4

    ws = openpyxl.load_workbook(xlsx_writer.render(report, tmp_path)).worksheets[0]
    levels = {ws.cell(row=r, column=1).value: ws.row_dimensions[r].outlineLevel for r in range(2, ws.max_row + 1)}
    assert [levels[f] for f in FOLLOW] == [1] * 4 and levels[ROOT] == 0


def test_plan_one_row_per_root_cause(report, tmp_path):
    path = next(p for p in plan_docx_writer.render(report, tmp_path) if "Музыкатану" in p.name)
    table = Document(path).tables[0]
    firsts = [row.cells[1].text for row in table.rows[2:]]
    assert len(table.rows) == 2 + 3  # HRS001, GRD002 and XRF001 with its four follow-ons
    root_cell = next(t for t in firsts if t.startswith(ROOT))
    assert all(f in root_cell for f in FOLLOW)
    assert not any(t.startswith(f) for t in firsts for f in FOLLOW)
