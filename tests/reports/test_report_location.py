"""Locations in words, counted from 1, the same in ``check``, HTML, CSV, XLSX and the plan."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from docx import Document

from reports.location import location_words, one_based, place_words, where_words
from reports.run_report import RunReport
from reports.writers import csv_writer, html_writer, plan_docx_writer, xlsx_writer


@pytest.mark.parametrize("location, lang, words", [
    ("assessment/rating2", "ru", "Оценивание, рубежный контроль 2"),
    ("assessment/rating2", "kk", "Бағалау, 2-аралық бақылау"),
    ("assessment/rating2", "en", "Assessment, midterm 2"),
    ("plan/practicals/topic 5", "kk", "Тақырыптық жоспар, практикалық сабақтар, 5-тақырып"),
    ("plan/practicals/topic 5", "ru", "Тематический план, практические занятия, тема 5"),
    ("assessment/practicals/5", "ru", "Оценивание, практическая работа 5"),
    ("assessment/scale/A-", "ru", "Оценивание, оценка «A-»"),
    ("literature/main/4", "kk", "Әдебиеттер, негізгі әдебиет, 4-дереккөз"),
    ("sections/learning_outcomes", "ru", "Результаты обучения"),
    ("tables/plan", "kk", "Тақырыптық жоспар"),
    ("identity/approval/approver", "ru", "Сведения о дисциплине, гриф утверждения, утверждающий"),
    ("plan/siw/total", "kk", "Тақырыптық жоспар, СӨЖ, барлығы"),
    ("assessment/periods/2/items/3/title", "ru", "Оценивание, период контроля 2, оцениваемая работа 3, название"),
    ("no_such/internal_name", "ru", ""),
])
def test_place_words(location, lang, words):
    assert place_words(location, lang) == words


def test_every_rule_location_has_words():
    """The locations the rules write (``location=...`` in checks/) all read as words, in every language."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "checks"
    literal = re.compile(r'location=f?"([^"]+)"')
    examples = {"{period.kind.value}": "rating1", "{act.value}": "practicals", "{act}": "labs", "{k}": "5",
                "{n}": "5", "{L}": "A-", "{Lb}": "B+", "{name}": "plan", "{key}": "lectures", "{e.list_name}": "main"}
    seen = set()
    for path in root.rglob("*.py"):
        for m in literal.finditer(path.read_text(encoding="utf-8")):
            loc = m.group(1)
            for k, v in examples.items():
                loc = loc.replace(k, v)
            seen.add(loc)
    assert len(seen) > 20
    for loc in sorted(seen):
        for lang in ("kk", "ru", "en"):
            words = place_words(loc, lang)
            assert words and "/" not in words and "_" not in words, (loc, lang, words)


def test_counted_from_one():
    ev = {"location": "assessment/rating2", "page": 3, "table": 5, "row": 6, "paragraph": 40}
    assert one_based(ev, "page") == 3 and one_based(ev, "table") == 6 and one_based(ev, "row") == 7
    assert where_words(ev, "ru") == "стр. 3, таблица 6, строка 7"
    assert where_words(ev, "kk") == "3-бет, 6-кесте, 7-жол"
    assert location_words(ev, "ru") == "Оценивание, рубежный контроль 2 — стр. 3, таблица 6, строка 7"
    # a finding located by paragraph (a DOCX has no pages) has a usable location too
    para = {"location": "prerequisites", "paragraph": 11}
    assert location_words(para, "kk") == "Пререквизиттер — 12-абзац"
    assert location_words(para, "en") == "Prerequisites — paragraph 12"


def test_one_numbering_in_every_writer(report: RunReport, tmp_path):
    """The factory's evidence is table 2, row 5 counted from 0: table 3, row 6 everywhere."""
    labels = report.labels
    words = where_words({"page": 3, "table": 2, "row": 5}, report.language)
    assert "3" in words and "6" in words
    html = html_writer.render(report, tmp_path).read_text(encoding="utf-8")
    assert words in html and "plan/practicals" not in html

    rows = list(csv.DictReader(csv_writer.render(report, tmp_path).read_text(encoding="utf-8-sig").splitlines(),
                               delimiter=csv_writer.delimiter_for(report.language)))
    first = next(r for r in rows if r[labels.column("id")] == "NC-2025-0001")
    assert first[labels.column("table")] == "3" and first[labels.column("row")] == "6"
    assert words in first[labels.column("location")]

    ws = openpyxl.load_workbook(xlsx_writer.render(report, tmp_path)).worksheets[0]
    header = [c.value for c in ws[1]]
    xrow = next(dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "NC-2025-0001")
    assert xrow[labels.column("table")] == 3 and xrow[labels.column("row")] == 6
    assert words in xrow[labels.column("location")]

    plans = plan_docx_writer.render(report, tmp_path)
    texts = "\n".join(c.text for p in plans for t in Document(p).tables for row in t.rows for c in row.cells)
    assert words in texts and "plan/practicals" not in texts


def test_docx_evidence_names_its_section_heading():
    """A DOCX has no pages: the location says which section heading the finding falls under."""
    from report_factory import build_coverage_report

    from checks.coverage import PartCoverage, SeenAt
    from reports.location import part_of, section_heading

    assert part_of("plan/practicals/topic 5") == "plan" and part_of("assessment/scale/A-") == "scale"
    assert part_of("sections/literature") == "literature" and part_of("document") is None
    coverage = {"plan": PartCoverage(status="read", seen_at=SeenAt(paragraph=55), quote="2.1  Тематический план")}
    assert section_heading("plan/practicals/topic 5", coverage) == "2.1 Тематический план"
    # a part seen in a table cell, not as a heading, gives none
    assert section_heading("plan/labs", {"plan": PartCoverage(status="read", seen_at=SeenAt(table=2, row=1))}) == ""

    report = build_coverage_report("ru")
    syllabi = [s.model_copy(update={"coverage": {**s.coverage, "plan": coverage["plan"]}}) if s.course_code == "FRT2201"
               else s for s in report.syllabi]
    entries = []
    for e in report.entries:
        if e.record.id == "NC-2025-0004":  # ФРТ2201.docx, no page
            e = e.model_copy(update={"record": e.record.model_copy(update={"evidence": {**e.record.evidence, "page": None}})})
        entries.append(e)
    report = report.model_copy(update={"syllabi": syllabi, "entries": entries})
    row = next(r for r in report.as_records() if r["id"] == "NC-2025-0004")
    assert row["location"] == "Тематический план, практические занятия — таблица 3, строка 6 (раздел «2.1 Тематический план»)"
