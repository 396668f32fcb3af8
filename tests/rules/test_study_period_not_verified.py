"""PRG010 and a study period the reader could not tell: with a curriculum that lists the course
the syllabus says "not verified", with where the label stands, and never a finding; with the
period read, or without a curriculum (nothing to compare it with), it says nothing more.

The principle: what the reader did not understand is reported as "not verified", with where it
was seen, not as a nonconformity; and a note no comparison would have used is noise."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from checks.coverage import NotVerified, SeenAt
from checks.curriculum import Course, Curriculum
from checks.finding import Verdict
from checks.policy import load_policy
from checks.registry import load_rules
from checks.runner import audit
from extractors.model import ReadStatus
from pipeline.cli import main
from reports.labels import Labels
from tests.fixtures.generator.docx_writer import write_docx
from tests.fixtures.generator.spec import TitleLine
from tests.fixtures.generator.specs_en import CLEAN_EN
from tests.fixtures.generator.specs_kk import CLEAN_KK
from tests.fixtures.generator.specs_ru import CLEAN_RU
from tests.rules.base import patched_syllabus

TODAY = date(2026, 12, 1)
ALL_READ = {"*": "read"}
# "Семестр | 2-4" in the header table (the Osh college's), the label's cell counted from 0
UNCLEAR = {**ALL_READ, "study_period": {"status": "not_read", "table": 0, "row": 3, "column": 2, "text": "Семестр 2-4"}}
THE_COURSE = Course(code="GMRK3301", title="Қазақстанның геологиясы және минералдық ресурстары", semester=5,
                    credits=5.0, hours=150.0, row=2, year=3)
OTHER_COURSE = dataclasses.replace(THE_COURSE, code="GIG3303", title="Гидрогеология и инженерная геология")


def run(patch, courses=(THE_COURSE,), rules=None, curriculum=True):
    cur = Curriculum(file="curriculum.csv", courses=list(courses)) if curriculum else None
    return audit([patched_syllabus(patch)], policy=load_policy(), curriculum=cur, today=TODAY,
                 rules=rules).documents[0]


# --- the checks, on the model ---------------------------------------------------------------------

def test_not_told_with_a_curriculum_is_not_verified_where_seen():
    # a year read that differs from the curriculum's: still no finding, the period is not vouched for
    doc = run({"set": {"identity.study_year": {"$v": 2, "$text": "Курс: 2", "$paragraph": 16}},
               "coverage": UNCLEAR})
    assert [f for f in doc.findings if f.rule == "PRG010"] == []
    assert doc.not_verified == [NotVerified(part="study_period", seen_at=SeenAt(table=1, row=4, column=3),
                                            quote="Семестр 2-4", rules_not_run=["PRG010"])]
    assert doc.verdict is Verdict.incomplete
    assert doc.coverage["study_period"].status is ReadStatus.not_read
    assert doc.verdict_record()["not_verified"][0]["part"] == "study_period"


def test_not_told_without_a_curriculum_is_no_ones_concern():
    doc = run({"coverage": UNCLEAR}, curriculum=False)
    assert doc.not_verified == [] and doc.verdict is Verdict.accepted
    assert "study_period" not in doc.coverage  # the reports list every part shown not read
    assert "study_period" not in doc.verdict_record()["coverage"]


def test_not_told_but_the_course_not_in_the_curriculum_is_not_noted():
    doc = run({"coverage": UNCLEAR}, courses=(OTHER_COURSE,))
    # (the prerequisites rules say the curriculum does not list it; the check is not incomplete)
    assert doc.not_verified == [] and doc.verdict is not Verdict.incomplete


def test_not_told_with_prg010_not_selected_is_not_noted():
    others = load_rules().select(ignore=["PRG010"])
    assert others and "PRG010" not in {r.code for r in others}
    assert run({"coverage": UNCLEAR}, rules=others).not_verified == []


def test_read_period_is_compared_and_not_noted():
    read = {**ALL_READ, "study_period": {"status": "read", "page": 1, "paragraph": 17, "text": "Семестр: 6"}}
    doc = run({"set": {"identity.semester": {"$v": 6, "$text": "Семестр: 6", "$page": 1, "$paragraph": 17}},
               "coverage": read})
    assert [f.evidence.location for f in doc.findings if f.rule == "PRG010"] == ["identity/semester"]
    assert doc.not_verified == [] and "study_period" not in doc.coverage


def test_a_period_not_stated_is_not_noted():
    doc = run({"coverage": {**ALL_READ, "study_period": "absent"}})
    assert doc.not_verified == [] and doc.verdict is not Verdict.incomplete
    assert [f for f in doc.findings if f.rule == "PRG010"] == []


def test_other_parts_not_read_are_noted_as_before_without_a_curriculum():
    hours = {**UNCLEAR, "hours": {"status": "not_read", "page": 5, "table": 1, "row": 0, "text": "Еңбек сыйымдылығы"}}
    doc = run({"coverage": hours}, curriculum=False)
    assert [n.part for n in doc.not_verified] == ["hours"]


# --- a DOCX through `check`, in each language the label is written in --------------------------

CASES = {
    # lang: (spec, the line on the title page, what the note quotes, where-word of the language)
    "ru": (CLEAN_RU, TitleLine("Семестр", "2-4"), "Семестр: 2-4", "абзац"),
    "kk": (CLEAN_KK, TitleLine("Оқу курсы", "______"), "Оқу курсы: ______", "-абзац"),
    "en": (CLEAN_EN, TitleLine("Semester", "spring"), "Semester: spring", "paragraph"),
}


def _docx(tmp_path: Path, lang: str, line: TitleLine | None) -> Path:
    spec = CASES[lang][0]
    extra = (line,) if line is not None else ()
    identity = dataclasses.replace(spec.identity, extra_lines=extra)
    return write_docx(dataclasses.replace(spec, name=f"period_{lang}", identity=identity), tmp_path / f"{lang}.docx")


def _curriculum(tmp_path: Path, lang: str, code: str | None = None) -> Path:
    ident = CASES[lang][0].identity
    path = tmp_path / f"curriculum_{lang}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "title", "semester", "credits", "hours", "year"])
        w.writerow([code or ident.course_code, ident.course_title, 5, 5, 150, 3])
    return path


def check(path: Path, *extra: object, lang: str = "en", fmt: str = "json"):
    args = ["check", path, "--select", "PRG010", "--format", fmt, "--lang", lang, *extra]
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output and result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_check_says_not_verified_where_the_label_stands(tmp_path, lang):
    _, line, quote, where_word = CASES[lang]
    path = _docx(tmp_path, lang, line)
    cur = _curriculum(tmp_path, lang)
    verdict = json.loads(check(path, "--curriculum", cur).output)["verdicts"][0]
    assert verdict["findings"] == 0 and verdict["verdict"] == "incomplete"
    [note] = verdict["not_verified"]
    assert (note["part"], note["quote"], note["rules_not_run"]) == ("study_period", quote, ["PRG010"])
    assert note["seen_at"]["paragraph"] and note["seen_at"]["table"] is None  # counted from 1
    # the person reads it in their language: the part's name, where, the label, the check not run
    labels = Labels(lang)
    text = check(path, "--curriculum", cur, lang=lang, fmt="text").output
    line_of_note = next(t for t in text.splitlines() if labels("part.study_period") in t)
    assert where_word in line_of_note and f"«{quote}»" in line_of_note and "PRG010" in line_of_note
    assert labels("part.study_period") not in ("study_period", "")


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_same_document_without_a_curriculum_has_no_note(tmp_path, lang):
    path = _docx(tmp_path, lang, CASES[lang][1])
    verdict = json.loads(check(path).output)["verdicts"][0]
    assert verdict["not_verified"] == [] and "study_period" not in verdict["coverage"]
    # nor when the curriculum does not list the course
    other = _curriculum(tmp_path, lang, code="ZZZ9999")
    cur_text = other.read_text(encoding="utf-8").replace(CASES[lang][0].identity.course_title, "Другая дисциплина")
    other.write_text(cur_text, encoding="utf-8")
    assert json.loads(check(path, "--curriculum", other).output)["verdicts"][0]["not_verified"] == []


@pytest.mark.parametrize("lang, lines", [
    ("ru", (TitleLine("Курс", "3"), TitleLine("Семестр", "5"))),
    ("kk", (TitleLine("Оқу курсы", "3-курс"), TitleLine("Семестрі", "5"))),
    ("en", (TitleLine("Year of study", "3"), TitleLine("Semester", "5"))),
])
def test_a_period_read_as_in_the_curriculum_passes_with_no_note(tmp_path, lang, lines):
    spec = CASES[lang][0]
    identity = dataclasses.replace(spec.identity, extra_lines=lines)
    path = write_docx(dataclasses.replace(spec, name=f"read_{lang}", identity=identity), tmp_path / "read.docx")
    verdict = json.loads(check(path, "--curriculum", _curriculum(tmp_path, lang)).output)["verdicts"][0]
    assert verdict["findings"] == 0 and verdict["not_verified"] == [] and verdict["verdict"] == "accepted"


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_document_with_no_label_of_the_period_gets_no_note(tmp_path, lang):
    """The bundled specs state no year or semester: with a curriculum they stay note-free."""
    path = _docx(tmp_path, lang, None)
    verdict = json.loads(check(path, "--curriculum", _curriculum(tmp_path, lang)).output)["verdicts"][0]
    assert verdict["not_verified"] == [] and verdict["verdict"] == "accepted"
