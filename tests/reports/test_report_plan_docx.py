"""Appendix 1 plan: one DOCX per department with open records, each with all of its own open
records, none of another department's, the form's columns and its signature lines."""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT

from reports.run_report import RunReport
from reports.writers import plan_docx_writer


def text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_one_plan_per_department(report: RunReport, tmp_path):
    paths = plan_docx_writer.render(report, tmp_path)
    open_by_dep = report.open_records_by_department()
    assert len(paths) == len(open_by_dep) == 4
    all_open = {r.id for records in open_by_dep.values() for r in records}
    resolved = {e.record.id for e in report.entries if not e.record.status.is_open}
    assert resolved == {"NC-2025-0005"}
    labels = report.labels
    for path, (department, records) in zip(paths, open_by_dep.items()):
        doc = Document(path)
        text = text_of(doc)
        assert (department or labels("department.none")) in text
        own = {r.id for r in records}
        for rid in own:
            assert rid in text, (path.name, rid)
        for rid in (all_open - own) | resolved:
            assert rid not in text, (path.name, rid)
        table = doc.tables[0]
        assert [c.text for c in table.rows[1].cells] == ["1", "2", "3", "4", "5", "6"]
        assert len(table.rows) == 2 + len(own)
        assert table.rows[0].cells[1].text == labels("plan.col_nonconformity")
        assert table.rows[0].cells[4].text == labels("plan.col_responsible")


def test_form_elements(report: RunReport, tmp_path):
    labels = report.labels
    paths = plan_docx_writer.render(report, tmp_path)
    doc = Document(next(p for p in paths if "Музыкатану" in p.name))
    paragraphs = [p.text for p in doc.paragraphs]
    for key in ("plan.approve", "plan.approver_position", "plan.approval_date", "plan.title", "plan.subtitle",
                "plan.unit_caption", "plan.number_line"):
        assert labels(key) in paragraphs, key
    assert any(p.startswith(labels("plan.sign_head")) and p.endswith("_" * 10) for p in paragraphs)
    assert any(p.startswith(labels("plan.sign_auditor")) and p.endswith("_" * 10) for p in paragraphs)
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    # the record with an assigned corrective action fills columns 3-5; the other leaves them blank
    rows = {row.cells[1].text.split(" ·")[0]: [c.text for c in row.cells] for row in doc.tables[0].rows[2:]}
    assert rows["NC-2025-0002"][2].startswith("Силлабусты қайта қарау")
    assert rows["NC-2025-0002"][3] == "01.04.2025"
    assert rows["NC-2025-0002"][4] == "Әбдірахман Г., Иванова А.А."
    assert rows["NC-2025-0001"][2:] == ["", "", "", ""]
    assert "150" in rows["NC-2025-0001"][1] and "-5" in rows["NC-2025-0001"][1]
