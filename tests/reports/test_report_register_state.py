"""The HTML shows each record's register state (status, corrective action, responsible, due date,
clause 38/39 deadlines, overdue ones highlighted, recurrences with the earlier action); the plan
marks recurrences too."""

from __future__ import annotations

import re
from datetime import date

from docx import Document

from reports.records import CorrectiveAction
from reports.writers import html_writer, plan_docx_writer


def _row_of(html: str, record_id: str) -> str:
    """The record's row in its syllabus's table (the last table row naming it)."""
    rows = re.findall(r"<tr[^>]*>(?:(?!</tr>).)*</tr>", html, flags=re.S)
    return [r for r in rows if record_id in r][-1]


def test_state_deadlines_and_actions(report, tmp_path):
    labels = report.labels
    html = html_writer.render(report, tmp_path).read_text(encoding="utf-8")
    row = _row_of(html, "NC-2025-0002")
    assert labels.value("status", "action_planned") in row
    assert "Силлабусты қайта қарау" in row and "Әбдірахман Г., Иванова А.А." in row and "01.04.2025" in row
    assert f"{labels('register.review_by')}: 10.03.2025" in row
    assert f"{labels('register.cause_by')}: 31.03.2025" in row
    assert labels("register.overdue") not in row  # run of 10.03.2025: nothing is late yet


def test_overdue_highlighted(report, tmp_path):
    labels = report.labels
    late = report.model_copy(update={"run_date": date(2025, 4, 15)})
    assert late.overdue(late.entries[0].record) == ["review", "cause_analysis"]
    assert late.overdue(late.entries[1].record) == ["cause_analysis", "due"]
    html = html_writer.render(late, tmp_path).read_text(encoding="utf-8")
    row = _row_of(html, "NC-2025-0002")
    assert f'class="overdue">{labels("register.action_due")}: 01.04.2025 ({labels("register.overdue")})' in row
    row1 = _row_of(html, "NC-2025-0001")
    assert f'<div class="overdue">{labels("register.review_by")}: 10.03.2025 ({labels("register.overdue")})' in row1
    # a resolved record is not overdue
    assert labels("register.overdue") not in _row_of(html, "NC-2025-0005")
    assert labels("register.overdue_count") in html


def test_recurrence_marked_with_earlier_action(report, tmp_path):
    labels = report.labels
    entries = list(report.entries)
    rec = entries[2].record.model_copy(update={"corrective_actions": [
        CorrectiveAction(action="Әдебиеттер тізімін жаңарту", responsible="Сейітова Б.", due=date(2025, 2, 1),
                         result_mark="орындалды")]})
    entries[2] = entries[2].model_copy(update={"record": rec})
    report = report.model_copy(update={"entries": entries})
    html = html_writer.render(report, tmp_path).read_text(encoding="utf-8")
    row = _row_of(html, "NC-2025-0003")
    assert labels("register.recurred").format(n=1) in row
    assert f"{labels('register.earlier_action')}: Әдебиеттер тізімін жаңарту" in row

    plan = next(p for p in plan_docx_writer.render(report, tmp_path) if "фортепиано" in p.name)
    cells = [r.cells[1].text for r in Document(plan).tables[0].rows[2:]]
    cell = next(c for c in cells if c.startswith("NC-2025-0003"))
    assert labels("register.recurred").format(n=1) in cell and "Әдебиеттер тізімін жаңарту" in cell
    other = next(c for c in cells if c.startswith("NC-2025-0004"))
    assert labels("register.recurred").format(n=1) not in other
