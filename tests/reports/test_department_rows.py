"""A department's view takes the whole run's flattened rows, made once a night (``computed_once``),
wherever they cannot differ from its own, and makes its own where they can: its root causes (a view
holds only its department's entries) and the summary a row's section heading is read from."""

from __future__ import annotations

import pytest
from report_factory import build_report, build_root_cause_report
from test_hostile_text import hostile_report

from checks.coverage import PartCoverage
from extractors.model import ReadStatus
from reports.run_report import ReportEntry, RunReport, computed_once


def _made_alone(view: RunReport) -> list[dict]:
    """The view's rows made outside a ``computed_once`` block: each row by ``record_row``."""
    return view.as_records()


def _counting(monkeypatch) -> list[str]:
    made: list[str] = []
    real = RunReport.record_row

    def counted(self, entry, *args, **kwargs):
        made.append(entry.record.fingerprint)
        return real(self, entry, *args, **kwargs)

    monkeypatch.setattr(RunReport, "record_row", counted)
    return made


@pytest.mark.parametrize("make", [build_report, build_root_cause_report, hostile_report])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_views_rows_are_those_it_makes_alone(make, lang, monkeypatch):
    report = make(lang)
    views = [report.for_department(d) for d in report.department_names()]
    alone = [_made_alone(v) for v in views]
    made = _counting(monkeypatch)
    with computed_once():
        report.as_records()
        assert len(made) == len(report.entries)
        for view, rows in zip(views, alone):
            assert view.as_records() == rows
    assert len(made) == len(report.entries)  # no row made twice: every view took the run's


def test_without_the_runs_rows_a_view_makes_its_own(monkeypatch):
    report = build_root_cause_report("en")
    view = report.for_department(report.department_names()[0])
    made = _counting(monkeypatch)
    with computed_once():
        rows = view.as_records()  # the run's rows were not made in this block: not made for the view
    assert len(made) == len(view.entries) == len(rows)


def _moved(entry: ReportEntry, department: str) -> ReportEntry:
    syllabus = entry.record.syllabus.model_copy(update={"department": department})
    return entry.model_copy(update={"record": entry.record.model_copy(update={"syllabus": syllabus})})


def test_a_follow_on_whose_root_cause_is_in_another_department_shows_none():
    report = build_root_cause_report("en")
    root = next(e for e in report.entries if e.record.rule == "XRF001")
    department = root.record.syllabus.department
    entries = [_moved(e, "Another department") if e is root else e for e in report.entries]
    report = report.model_copy(update={"entries": entries})
    view = report.for_department(department)
    alone = _made_alone(view)
    with computed_once():
        whole = {r["fingerprint"]: r for r in report.as_records()}
        rows = view.as_records()
    assert rows == alone
    follow_ons = [r for r in rows if r["rule"] == "XRF002"]
    assert len(follow_ons) == 4
    assert all(whole[r["fingerprint"]]["root_cause_id"] for r in follow_ons)  # the run shows the root
    assert not any(r["root_cause_id"] for r in follow_ons)  # the view does not hold it


def _plan_seen_under(heading: str) -> dict[str, PartCoverage]:
    return {"plan": PartCoverage(status=ReadStatus.read, seen_at={"paragraph": 3}, quote=heading)}


def test_a_row_whose_section_heading_the_view_reads_from_another_summary_is_its_own():
    report = build_report("en")
    entry = next(e for e in report.entries if e.record.evidence.get("page") is None)  # a heading is shown
    file, department = entry.record.syllabus.file, entry.record.syllabus.department
    # two summaries of one file in two departments: the run reads the first, the view the second
    ours = next(s for s in report.syllabi if s.file == file).model_copy(
        update={"coverage": _plan_seen_under("2.1 Thematic plan")})
    theirs = ours.model_copy(update={"department": "Another department",
                                     "coverage": _plan_seen_under("3 Another heading")})
    report = report.model_copy(update={"syllabi": [theirs, ours, *(s for s in report.syllabi if s.file != file)]})
    view = report.for_department(department)
    alone = _made_alone(view)
    with computed_once():
        whole = {r["fingerprint"]: r for r in report.as_records()}
        rows = {r["fingerprint"]: r for r in view.as_records()}
    assert list(rows.values()) == alone
    fingerprint = entry.record.fingerprint
    assert "Another heading" in whole[fingerprint]["location"]
    assert "Thematic plan" in rows[fingerprint]["location"]
