"""Nothing English inside kk and ru output: every writer's output, rendered in kk and in ru, has
no Latin-script word that is not a code (HRS001, NC-2025-0001, ECTS, a policy key), a file name
or text taken from the syllabus (titles, departments, quotes, what people typed in the register)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import openpyxl
import pytest
from docx import Document
from report_factory import build_coverage_report, build_report, build_root_cause_report

from reports.render import render_reports
from reports.run_report import RunReport

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.'’+-]*")
PROPER_NAMES = {"LibreOffice"}  # a product's name is not English
# the factory's messages carry injection payloads standing for text quoted from a syllabus
PAYLOADS = ["=cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("x")']


def is_code(word: str) -> bool:
    word = word.strip("'’.-+")
    return (len(word) <= 1 or any(c.isdigit() for c in word) or "_" in word or "." in word
            or word.isupper() or word in PROPER_NAMES)


def syllabus_texts(report: RunReport) -> list[str]:
    """Everything the report shows that came from a syllabus or a person, not from the tool."""
    out = [report.run_id, report.institution or ""] + PAYLOADS
    for e in report.entries:
        r = e.record
        ref = r.syllabus
        out += [ref.file, ref.course_code or "", ref.course_title or "", ref.department or "", ref.programme or "",
                r.id or "", (r.evidence or {}).get("quote") or "", r.correction or "", r.root_cause or ""]
        for a in r.corrective_actions:
            out += [a.action, a.responsible, a.result_mark or "", *a.co_executors]
    for s in report.syllabi:
        out += [s.file, s.course_code or "", s.course_title or "", s.department or "", s.programme or ""]
        out += [c.quote for c in s.coverage.values()]
    return sorted({t for t in out if t}, key=len, reverse=True)


def english_words(text: str, report: RunReport) -> list[str]:
    for allowed in syllabus_texts(report):
        text = text.replace(allowed, " ")
        if "…" in text:  # a chart's label cut short
            for k in range(len(allowed) - 1, 2, -1):
                text = text.replace(allowed[:k].rstrip() + "…", " ")
    text = re.sub(r"«[^»]*»", " ", text)  # quoted syllabus text
    return sorted({w for w in LATIN_WORD.findall(text) if not is_code(w)})


class _Text(HTMLParser):
    SHOWN_ATTRIBUTES = frozenset({"title", "aria-label", "alt", "placeholder"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.parts.extend(v for k, v in attrs if k in self.SHOWN_ATTRIBUTES and v)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def shown_text(path) -> str:
    """What a person reads in a written report file."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        return "\n".join(parser.parts)
    if suffix == ".csv":
        return path.read_text(encoding="utf-8-sig")
    if suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        parts = list(wb.sheetnames)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                parts.extend(str(v) for v in row if v is not None and not hasattr(v, "year"))
        return "\n".join(parts)
    if suffix == ".docx":
        doc = Document(path)
        parts = [p.text for p in doc.paragraphs]
        parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        parts += [p.text for s in doc.sections for p in s.footer.paragraphs]
        return "\n".join(parts)
    raise AssertionError(f"no reader for {path}")


BUILDERS = {"base": build_report, "coverage": build_coverage_report, "root_causes": build_root_cause_report}


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("builder", sorted(BUILDERS))
def test_no_english_in_kk_and_ru_reports(lang, builder, tmp_path):
    report = BUILDERS[builder](lang)
    formats = ["html", "csv", "xlsx", "plan-docx"]
    paths = render_reports(report, tmp_path, formats)
    assert {p.suffix for p in paths} == {".html", ".csv", ".xlsx", ".docx"}
    found = {p.name: english_words(shown_text(p), report) for p in paths}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_test_catches_english(tmp_path):
    report = build_report("ru")
    assert english_words("Часы: expected 150, assessed", report) == ["assessed", "expected"]
    assert english_words("HRS001 NC-2025-0001 ECTS hours.split 2024/GMRK3301_силлабус.pdf «Total hours»", report) == []


def test_english_report_would_fail(tmp_path):
    """The check has teeth: the same report in English is full of words it rejects."""
    report = build_report("en")
    paths = render_reports(report.model_copy(update={"language": "en"}), tmp_path, ["html"])
    assert len(english_words(shown_text(paths[0]), report)) > 50


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_rule_title_and_requirement_translated(lang):
    from checks.registry import load_rules
    from reports.labels import Labels

    labels = Labels(lang)
    empty = build_report(lang).model_copy(update={"entries": [], "syllabi": []})
    for m in load_rules().manifests():
        title = labels.rule_title(m.code, m.name)
        assert title != m.code and english_words(title, empty) == [], m.code
        assert english_words(labels.requirement(m.requirement), empty) == [], (m.code, labels.requirement(m.requirement))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_values_the_rules_write_are_translated(lang):
    """Every expected/actual literal written in words in checks/ has its translation."""
    from pathlib import Path

    from reports.labels import Labels

    labels = Labels(lang)
    empty = build_report(lang).model_copy(update={"entries": [], "syllabi": []})
    root = Path(__file__).resolve().parents[2] / "checks"
    literal = re.compile(r'(?:expected|actual)="([^"{}]+)"')
    values = {m.group(1) for p in root.rglob("*.py") for m in literal.finditer(p.read_text(encoding="utf-8"))}
    assert "assessed" in values and "a date" in values
    untranslated = sorted(v for v in values if english_words(labels.value_text(v), empty))
    assert untranslated == []
