"""Shared builder for the report tests (imported by name: tests/reports is on sys.path under pytest).

A run report built in code: Kazakh and Russian text, formula-looking descriptions, HTML-dangerous
course titles, every change kind, several departments and one document that could not be read."""

from __future__ import annotations

import functools
from datetime import date

from checks.finding import Kind, Messages, Severity, Verdict
from checks.norms import MES_563
from reports.records import CorrectiveAction, Nonconformity, Status, SyllabusRef, deadlines
from reports.run_report import Change, ReportEntry, RunReport, SyllabusSummary, TrendPoint

DEP_KK = "Музыкатану кафедрасы"
DEP_RU = "Кафедра фортепиано"
DEP_EN = "Department of <b>Music</b> & Education"
XSS_TITLE = "<script>alert(1)</script> Гармония"

SYLLABI = {
    "gmrk": SyllabusRef(course_code="GMRK3301", course_title="Гармония (күрделі курс)", programme="6B07204",
                        department=DEP_KK, file="2024/GMRK3301_силлабус.pdf"),
    "xss": SyllabusRef(course_code="XSS101", course_title=XSS_TITLE, department=DEP_RU, file="xss/курс.docx"),
    "piano": SyllabusRef(course_code="FRT2201", course_title="Фортепиано", department=DEP_RU, file="ФРТ2201.docx"),
    "edu": SyllabusRef(course_code="EDU1001", course_title="Music pedagogy", department=DEP_EN, file="edu1001.docx"),
    "nodep": SyllabusRef(course_code=None, course_title="Без кафедры", department=None, file="orphan.doc"),
}


@functools.cache  # manifests() builds every rule's (its docstrings cleaned); records ask for one, many times
def _manifest(code: str):
    from checks.registry import load_rules

    return next((m for m in load_rules().manifests() if m.code == code), None)


def record(n: int, syl: str, rule: str, sev: Severity, kk: str, ru: str, en: str, *, status=Status.open,
           kind=Kind.nonconformity, expected=None, actual=None, page=None, quote="", actions=None,
           recurrences=0) -> Nonconformity:
    detected = date(2025, 3, 3)
    review, cause = deadlines(detected)
    ref = SYLLABI[syl]
    return Nonconformity(
        id=f"NC-2025-{n:04d}",
        fingerprint=f"{n:032x}",
        syllabus=ref,
        rule=rule,
        rule_name=_manifest(rule).name if _manifest(rule) else f"made-up.{rule.lower()}",
        severity=sev,
        kind=kind,
        # the requirement as the rule writes it (English: the reports translate it)
        requirement=_manifest(rule).requirement if _manifest(rule) else MES_563 + " (workload of the discipline)",
        description=Messages(kk=kk, ru=ru, en=en),
        expected=expected,
        actual=actual,
        evidence={"file": ref.file, "page": page, "table": 2, "row": 5, "location": "plan/practicals",
                  "quote": quote},
        detected_on=detected,
        first_run="run-2025-03-03",
        last_seen_run="run-2025-03-10",
        review_deadline=review,
        cause_analysis_deadline=cause,
        corrective_actions=actions or [],
        status=status,
        recurrences=recurrences,
    )


def build_report(lang: str = "kk") -> RunReport:
    ca = CorrectiveAction(action="Силлабусты қайта қарау; =HYPERLINK(\"x\")", responsible="Әбдірахман Г.",
                          co_executors=["Иванова А.А."], due=date(2025, 4, 1))
    entries = [
        ReportEntry(change=Change.new, record=record(
            1, "gmrk", "HRS001", Severity.major,
            "Сағаттар кредиттерге сәйкес келмейді", "Часы не соответствуют кредитам", "Hours do not match credits",
            expected="150", actual="-5", page=3, quote="БАРЛЫҒЫ 145")),
        ReportEntry(change=Change.still_open, record=record(
            2, "gmrk", "GRD002", Severity.minor,
            "=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0",
            expected="0,6 + 0,4 = 1", actual="0,6", page=7, quote="И = 0,6·(Р1+Р2)/2 + 0,4·Э",
            status=Status.action_planned, actions=[ca])),
        ReportEntry(change=Change.recurred, record=record(
            3, "xss", "LIT003", Severity.major,
            "@SUM(1+1) әдебиет тізімі", "@SUM(1+1) список литературы", "@SUM(1+1) literature list",
            expected="1-9", actual="10", page=2, quote="<img src=x onerror=alert(2)>", status=Status.reopened,
            recurrences=1)),
        ReportEntry(change=Change.new, record=record(
            4, "piano", "PRQ004", Severity.observation,
            "+Пререквизиттер көрсетілмеген", "+Пререквизиты не указаны", "+Prerequisites not stated",
            kind=Kind.potential, page=1)),
        ReportEntry(change=Change.resolved, record=record(
            5, "piano", "HRS001", Severity.major,
            "Жойылған ақау", "Устранённый дефект", "Resolved defect", status=Status.resolved, page=4)),
        ReportEntry(change=Change.new, record=record(
            6, "edu", "APR005", Severity.minor,
            "Бекіту блогына қол қойылмаған", "Блок утверждения не подписан", "Approval block not signed", page=1,
            expected="a date", actual="blank",
            quote="\tБЕКІТЕМІН")),
        ReportEntry(change=Change.new, record=record(
            7, "nodep", "HRS001", Severity.minor,
            "Кафедрасыз ақау", "Дефект без кафедры", "Defect without department", expected="no gap", actual="gap 49-50")),
    ]
    syllabi = [
        SyllabusSummary(file=s.file, course_code=s.course_code, course_title=s.course_title, programme=s.programme,
                        department=s.department, language=lang_, verdict=v, findings=n, major=ma, minor=mi,
                        observation=ob)
        for (s, lang_, v, n, ma, mi, ob) in [
            (SYLLABI["gmrk"], "kk", Verdict.to_revise, 2, 1, 1, 0),
            (SYLLABI["xss"], "ru", Verdict.rejected, 1, 1, 0, 0),
            (SYLLABI["piano"], "ru", Verdict.accepted_with_remarks, 1, 0, 0, 1),
            (SYLLABI["edu"], "en", Verdict.accepted_with_remarks, 1, 0, 1, 0),
            (SYLLABI["nodep"], "ru", Verdict.accepted_with_remarks, 1, 0, 1, 0),
        ]
    ]
    syllabi.append(SyllabusSummary(file="clean.pdf", course_code="CLN100", course_title="Таза курс",
                                   department=DEP_KK, language="kk", verdict=Verdict.accepted))
    syllabi.append(SyllabusSummary(file="broken.doc", department=DEP_RU, verdict=None,
                                   error="LibreOffice could not convert the file"))
    trend = [
        TrendPoint(run_id="run-2025-02-24", date=date(2025, 2, 24), new=4, resolved=0, recurred=0, open=4),
        TrendPoint(run_id="run-2025-03-03", date=date(2025, 3, 3), new=2, resolved=1, recurred=0, open=5),
        TrendPoint(run_id="run-2025-03-10", date=date(2025, 3, 10), new=4, resolved=1, recurred=1, open=6),
    ]
    return RunReport(run_id="run-2025-03-10", run_date=date(2025, 3, 10), language=lang, institution="Қазақ ұлттық консерваториясы",
                     entries=entries, syllabi=syllabi, trend=trend)




# ----------------------------------------------------------------------------- read coverage

COVERAGE_QUOTE = "<img src=x onerror=alert(3)> Пәннің еңбек сыйымдылығы"


def coverage_of(not_read: dict | None = None, **statuses):
    """A syllabus's coverage for the reports: every part read, except as given; ``not_read`` maps
    a part to (seen_at dict, rules that did not run)."""
    from checks.coverage import PARTS, PartCoverage, SeenAt

    out = {p: PartCoverage(status=statuses.get(p, "read")) for p in PARTS}
    for part, (seen, rules) in (not_read or {}).items():
        out[part] = PartCoverage(status="not_read", seen_at=SeenAt(**seen), quote=COVERAGE_QUOTE, rules_not_run=rules)
    return out


def build_coverage_report(lang: str = "kk") -> RunReport:
    """``build_report`` where the reader gave coverage: Фортепиано has its hours table seen but not
    read (verdict: remarks, incomplete check), the clean course was read whole, and the others have
    no coverage (a reader that did not fill it)."""
    report = build_report(lang)
    syllabi = []
    for s in report.syllabi:
        if s.course_code == "FRT2201":
            s = s.model_copy(update={
                "verdict": Verdict.incomplete,
                "coverage": coverage_of({"hours": ({"page": 5, "table": 2, "row": 1}, ["HRS001", "HRS003", "PLN002"])},
                                        postrequisites="empty", literature="absent"),
            })
        elif s.course_code == "CLN100":
            s = s.model_copy(update={"coverage": coverage_of()})
        syllabi.append(s)
    return report.model_copy(update={"syllabi": syllabi})


# ----------------------------------------------------------------------------- root causes

def build_root_cause_report(lang: str = "kk") -> RunReport:
    """``build_report`` plus one dropped practical work in GMRK3301: XRF001 (topic 5 not assessed)
    and the four XRF002 that follow from it (works 5-8 carry the next topic's title)."""
    report = build_report(lang)
    root = record(20, "gmrk", "XRF001", Severity.major, "5-практикалық сабақ тақырыбы бағаланбайды",
                  "Практическое занятие 5 не оценивается", "Practical topic 5 is not assessed",
                  expected="assessed", actual="not assessed", page=9)
    root = root.model_copy(update={"evidence": {**root.evidence, "location": "plan/practicals/topic 5"}})
    entries = list(report.entries) + [ReportEntry(change=Change.new, record=root)]
    for k in range(5, 9):
        f = record(20 + k, "gmrk", "XRF002", Severity.major, f"{k}-практикалық жұмыстың атауы ығысқан",
                   f"Практическая работа {k}: нумерация сдвинута", f"Practical work {k}: numbering shifted",
                   expected=str(k), actual=str(k + 1), page=10)
        f = f.model_copy(update={"root_cause_fingerprint": root.fingerprint,
                                 "evidence": {**f.evidence, "location": f"assessment/practicals/{k}"}})
        entries.append(ReportEntry(change=Change.new, record=f))
    return report.model_copy(update={"entries": entries})
