"""Read coverage in the reports (issue 9): JSON, the XLSX 'Coverage' sheet and the HTML cards show
which parts were read, not read, empty or absent; parts not read say where they were seen and
"check by hand"; syllabi checked incompletely are counted apart. All of it in kk, ru and en."""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import load_workbook
from report_factory import COVERAGE_QUOTE, build_coverage_report, build_report

from checks.coverage import PARTS
from checks.finding import Verdict
from extractors.model import ReadStatus
from reports.labels import LANGUAGES, Labels, catalogue
from reports.render import render_reports
from reports.run_report import RunReport
from reports.writers.html_writer import render_html

LATIN = re.compile(r"[A-Za-z]")
NEW_TABLES = ("coverage", "read_status", "part", "where")
NEW_KEYS = ("verdict.incomplete", "summary.incomplete", "column.not_verified", "column.rules_not_run", "sheet.coverage")


def test_new_labels_are_kazakh_and_russian_not_english():
    keys = [k for k in catalogue() if k.split(".")[0] in NEW_TABLES] + list(NEW_KEYS)
    assert len(keys) > 30
    for key in keys:
        texts = catalogue()[key]
        for lang in ("kk", "ru"):
            assert not LATIN.search(texts[lang].replace("{n}", "")), (key, lang, texts[lang])
    assert Labels("kk")("verdict.incomplete") == "Ескертулер бар, тексеру толық емес"
    assert Labels("ru")("verdict.incomplete") == "Замечания, проверка неполная"
    assert Labels("en")("verdict.incomplete") == "Remarks, incomplete check"


@pytest.mark.parametrize("part", PARTS)
def test_every_part_and_status_has_a_label(part):
    assert f"part.{part}" in catalogue()
    for status in ReadStatus:
        assert f"read_status.{status.value}" in catalogue()


def test_seen_at_counts_as_people_do():
    seen = {"page": 5, "table": 2, "row": 1, "paragraph": None, "column": None}
    assert Labels("kk").seen_at(seen) == "5-бет, 2-кесте, 1-жол"
    assert Labels("ru").seen_at(seen) == "стр. 5, таблица 2, строка 1"
    assert Labels("en").seen_at(seen) == "p. 5, table 2, row 1"
    assert Labels("ru").seen_at({"page": 4, "paragraph": 60}) == "стр. 4, абзац 60"
    assert Labels("en").seen_at(None) == ""


def test_summary_counts_incomplete_syllabi_apart():
    report = build_coverage_report("en")
    assert report.incomplete_count() == 1
    counts = report.verdict_counts()
    assert counts["incomplete"] == 1 and counts["accepted_with_remarks"] == 2
    piano = next(s for s in report.syllabi if s.course_code == "FRT2201")
    assert piano.not_verified == ["hours"]
    by_syllabus = report.summary_frames(localised=False)["by_syllabus"]
    assert dict(zip(by_syllabus["file"], by_syllabus["not_verified"]))["ФРТ2201.docx"] == 1
    assert build_report("en").incomplete_count() == 0


def test_json_carries_the_coverage_and_round_trips(tmp_path):
    report = build_coverage_report("ru")
    [path] = render_reports(report, tmp_path, ["json"])
    payload = json.loads(path.read_text(encoding="utf-8"))
    piano = next(s for s in payload["report"]["syllabi"] if s["course_code"] == "FRT2201")
    assert piano["verdict"] == "incomplete"
    assert piano["coverage"]["hours"] == {
        "status": "not_read",
        "seen_at": {"page": 5, "paragraph": None, "table": 2, "row": 1, "column": None},
        "quote": COVERAGE_QUOTE,
        "rules_not_run": ["HRS001", "HRS003", "PLN002"],
    }
    assert piano["coverage"]["postrequisites"]["status"] == "empty"
    assert payload["summary"]["verdicts"]["incomplete"] == 1
    assert payload["summary"]["incomplete"] == 1
    assert RunReport.model_validate(payload["report"]) == report


@pytest.mark.parametrize("lang", LANGUAGES)
def test_xlsx_has_a_coverage_sheet_in_the_users_language(tmp_path, lang):
    report = build_coverage_report(lang)
    labels = Labels(lang)
    [path] = render_reports(report, tmp_path, ["xlsx"])
    wb = load_workbook(path)
    ws = wb[labels("sheet.coverage")]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == (labels.column("file"), labels.column("course_code"), labels.column("course_title"))
    assert labels("part.hours") in header and labels("part.literature") in header
    assert header[-2:] == (labels.column("not_verified"), labels.column("rules_not_run"))
    by_file = {r[0]: dict(zip(header, r)) for r in rows[1:]}
    piano = by_file["ФРТ2201.docx"]
    where = labels.seen_at({"page": 5, "table": 2, "row": 1})
    assert piano[labels("part.hours")] == f"{labels('read_status.not_read')} ({where})"
    assert piano[labels("part.postrequisites")] == labels("read_status.empty")
    assert piano[labels("part.literature")] == labels("read_status.absent")
    assert piano[labels("part.plan")] == labels("read_status.read")
    assert piano[labels.column("not_verified")] == labels("part.hours")
    assert piano[labels.column("rules_not_run")] == "HRS001, HRS003, PLN002"
    # a syllabus without coverage has blank cells, not a guess
    assert by_file["2024/GMRK3301_силлабус.pdf"][labels("part.hours")] is None
    verdicts = [r for r in wb[labels("sheet.by_syllabus")].iter_rows(values_only=True)]
    assert labels("verdict.incomplete") in {c for r in verdicts for c in r}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_card_shows_coverage_and_check_by_hand(lang):
    labels = Labels(lang)
    html = render_html(build_coverage_report(lang))
    [card] = [c for c in html.split('<section class="syllabus"')[1:] if "<dd>ФРТ2201.docx</dd>" in c]
    assert labels("coverage.title") in card
    assert f"{labels('part.hours')}: {labels('read_status.not_read')}" in card
    assert f"{labels('part.literature')}: {labels('read_status.absent')}" in card
    assert labels("coverage.not_verified") in card
    assert labels.seen_at({"page": 5, "table": 2, "row": 1}) in card
    assert "HRS001, HRS003, PLN002" in card
    assert labels("verdict.incomplete") in card
    # the quote from the document is escaped, never markup
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(3)&gt;" in html
    # the summary counts the syllabi checked incompletely apart
    assert labels("summary.incomplete") in html


def test_html_without_coverage_shows_no_coverage_row():
    html = render_html(build_report("en"))
    assert 'class="coverage"' not in html and "by-hand" not in html.split("</style>")[1]
    assert Labels("en")("summary.incomplete") not in html


def test_verdict_incomplete_has_a_colour_and_a_label():
    from reports.writers._svg import VERDICT_COLOURS

    for v in Verdict:
        assert v.value in VERDICT_COLOURS
