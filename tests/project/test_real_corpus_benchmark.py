"""benchmarks/real_corpus.py: scoring the library against an answer key of real syllabi.

(a) a small key over two corpus files, with known right, wrong, missed and unknown figures and
must-report topics found and not found, scored exactly through the module's functions; (b) the
script as a command, with a document the folder does not have; (c) the real development corpus
in ../shared/real-syllabi, when it is there."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from checks.finding import Evidence, Finding, Kind, Messages, Severity
from checks.policy import load_policy
from checks.registry import Registry, Rule, load_rules
from checks.runner import selected_rules

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "real_corpus.py"
CORPUS = ROOT / "tests" / "corpus"
REAL = ROOT.parent / "shared" / "real-syllabi"
TODAY = date(2026, 11, 22)  # the date tests/project/test_check_corpus.py pins seed_kk's findings to


def _load():
    spec = importlib.util.spec_from_file_location("real_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_corpus"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


rc = _load()

# seed_kk's true figures (tests/corpus/seed_kk.expected.json) with three changed on purpose:
# credits_ects 4 (the file says 5: wrong), hours.total 150 (the file states no total: missed)
# and a figure name the benchmark does not know (not scored).
SEED_FIGURES = {
    "credits_ects": 4,
    "hours.lectures": 15,
    "hours.practicals": 30,
    "hours.siwt": 30,
    "hours.siw": 75,
    "hours.total": 150,
    "plan_sum.lectures": 15,
    "plan_sum.practicals": 30,
    "siw_tasks_sum": 75,
    "assessment.period_sums": [100, 85],
    "formula.current_weight": 0.6,
    "formula.exam_weight": 0.4,
    "scale.rows": 12,
    "scale.covers_0_100": True,
    "approval.present": True,
    "approval.approver_named": True,
    "approval.dated": False,
    "prerequisites.stated": True,
    "literature.main_count": 2,
    "literature.additional_count": 5,
    "course_code": "gmrk 3301",
    "hours.exam_consultations": 2,
}
KEY = {
    "conventions": ["a test key"],
    "documents": {
        "seed_kk.docx": {
            "figures": SEED_FIGURES,
            "parts_present": ["hours", "plan", "assessment", "scale", "literature", "approval"],
            "must_report": [
                {"topic": "approval_date_missing", "detail": "«_____ 2022 ж.»"},
                {"topic": "rating_period_sum", "detail": "rating 2: 85"},
                {"topic": "grade_scale_gap", "detail": "not a defect of this file: must stay unfound"},
            ],
            # literature_old (XRF004, five findings) is left out: those are the false alarms
            "may_report": [
                {"topic": "assessment_vs_plan", "detail": "practical 5 dropped (XRF001, 4 x XRF002)"},
                {"topic": "literature_ref_missing", "detail": "references 8-11"},
            ],
            "notes": "",
        },
        "clean_ru.docx": {
            "figures": {
                "credits_ects": 5,
                "credits_national": 3,
                "hours.total": 150,
                "approval.dated": True,
                "course_title": "«Гидрогеология  и инженерная геология»",
            },
            "must_report": [],
            "may_report": [],
        },
        "not_here.docx": {"figures": {"credits_ects": 5}, "must_report": [{"topic": "placeholder_left"}]},
    },
}


def _finding(rule: str, location: str) -> Finding:
    return Finding(rule=rule, name=f"test.{rule.lower()}", severity=Severity.minor, kind=Kind.nonconformity,
                   requirement="", message=Messages(kk="", ru="", en="m"), evidence=Evidence(file="f", location=location))


@pytest.fixture(scope="module")
def runs():
    policy = load_policy()
    rules = selected_rules(policy)
    return {name: rc.run_document(CORPUS / name, policy, rules, TODAY) for name in ("seed_kk.docx", "clean_ru.docx")}


# ----------------------------------------------------------------------------- (a) scoring

def test_a_document_is_scored_exactly(runs):
    s = rc.score_document("seed_kk.docx", KEY["documents"]["seed_kk.docx"], runs["seed_kk.docx"])
    assert s.status == "scored" and s.error is None
    assert (s.count("right"), s.count("wrong"), s.count("missed"), s.count("not_scored")) == (19, 1, 1, 1)
    by_name = {f.name: f for f in s.figures}
    assert (by_name["credits_ects"].status, by_name["credits_ects"].expected, by_name["credits_ects"].read) == ("wrong", 4, 5.0)
    assert (by_name["hours.total"].status, by_name["hours.total"].read) == ("missed", None)
    assert by_name["hours.exam_consultations"].status == "not_scored"
    assert by_name["course_code"].status == "right"  # GMRK3301: case and spaces ignored
    assert [(m.topic, m.found_by) for m in s.must] == [
        ("approval_date_missing", ["HYG001"]), ("rating_period_sum", ["ASM001"]), ("grade_scale_gap", [])]
    assert s.must_found == 2
    assert sorted(r.topic for r in s.may_reported) == ["assessment_vs_plan"] * 5 + ["literature_ref_missing"]
    assert [(r.rule, r.topic) for r in s.false_alarms] == [("XRF004", "literature_old")] * 5
    assert all(r.message and r.location.startswith("literature/additional/") for r in s.false_alarms)


def test_the_total_adds_the_documents_and_leaves_skipped_ones_out(runs):
    docs = KEY["documents"]
    scores = [
        rc.score_document("seed_kk.docx", docs["seed_kk.docx"], runs["seed_kk.docx"]),
        rc.score_document("clean_ru.docx", docs["clean_ru.docx"], runs["clean_ru.docx"]),
        rc.score_document("not_here.docx", docs["not_here.docx"], None),
    ]
    clean = scores[1]
    assert [(f.name, f.status) for f in clean.figures] == [
        ("credits_ects", "right"), ("credits_national", "right"), ("hours.total", "right"),
        ("approval.dated", "right"), ("course_title", "right")]  # quotes, spaces and case ignored
    assert clean.false_alarms == [] and clean.must == []
    assert scores[2].status == "skipped"
    t = rc.total(scores)
    assert (t.documents, t.scored, t.skipped) == (3, 2, 1)
    assert (t.right, t.wrong, t.missed, t.not_scored, t.figures) == (24, 1, 1, 1, 27)
    assert t.percent_right == pytest.approx(100 * 24 / 27)  # of all key figures, the unknown one too
    assert (t.must_found, t.must_total) == (2, 3)
    assert t.must_missed_by_topic == {"grade_scale_gap": 1}
    assert (t.false_alarms, t.may_reported) == (5, 6)
    assert t.false_alarms_by_topic == {"literature_old": 5}
    json.dumps(rc.as_json(scores, t, {"date": "x"}), default=str)  # machine-readable as it stands


def test_an_extraction_error_is_scored_as_its_document_finding(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    policy = load_policy()
    run = rc.run_document(empty, policy, selected_rules(policy), TODAY)
    assert run.syllabus is None and run.error == "empty-file"
    assert [f.rule for f in run.findings] == ["DOC001"]
    entry = {"figures": {"credits_ects": 5}, "must_report": [{"topic": "unreadable"}]}
    s = rc.score_document("empty.docx", entry, run)
    assert [(f.status, f.note) for f in s.figures] == [("missed", "empty-file")]
    assert s.must_found == 1 and s.false_alarms == []


def test_topics_of_findings():
    reg = load_rules()
    assert rc.topic_of(_finding("HYG004", "sections/outcomes"), reg) == "part_missing:learning_outcomes"
    assert rc.topic_of(_finding("HYG004", "sections/prerequisites"), reg) == "prerequisites_missing"
    assert rc.topic_of(_finding("DOC004", "tables/scale"), reg) == "part_missing:scale"
    assert rc.topic_of(_finding("DOC004", "document"), reg) == "tables_not_found"
    assert rc.topic_of(_finding("HYG001", "identity/approval/date"), reg) == "approval_date_missing"
    assert rc.topic_of(_finding("HYG001", "identity/approval/approver"), reg) == "approver_missing"
    assert rc.topic_of(_finding("ZZZ999", "x"), reg) == "rule:ZZZ999"


def test_a_rules_own_topic_wins_over_the_table():
    class Own(Rule, register=False):
        """Own topic."""

        code = "HRS001"
        name = "test.own-topic"
        topic = "my_topic"

    class Part(Rule, register=False):
        """Part topic."""

        code = "TST002"
        name = "test.part-topic"
        topic = "part_missing"

    reg = Registry()
    reg.register(Own)
    reg.register(Part)
    assert rc.topic_of(_finding("HRS001", "hours/total"), reg) == "my_topic"
    assert rc.topic_of(_finding("TST002", "tables/formula"), reg) == "part_missing:formula"
    assert rc.unmapped_rules(reg) == []


def test_every_registered_rule_has_a_topic():
    assert rc.unmapped_rules() == [], "map the new rule in TOPICS of benchmarks/real_corpus.py"


def test_figures_compare_with_tolerance_and_normalisation():
    assert rc.same(0.6, 0.6000001) and not rc.same(0.6, 0.5)
    assert rc.same([30, 25], [30.0, 25.0]) and not rc.same([30, 25], [30.0]) and not rc.same([30], [None])
    assert rc.same(True, True) and not rc.same(True, 1) and not rc.same(1, True)
    assert rc.same("Fil 1104", "FIL1104", rc.FIGURES["course_code"].normalise)
    assert not rc.same("Fil 1104", "FIL1104", rc.FIGURES["course_title"].normalise)


def test_a_figure_the_model_cannot_give_is_missed_not_a_crash(runs):
    broken = rc.Figure(lambda s: s.no_such_field)
    rc.FIGURES["test.broken"] = broken
    try:
        [r] = rc.score_figures({"test.broken": 1}, runs["clean_ru.docx"].syllabus)
    finally:
        del rc.FIGURES["test.broken"]
    assert r.status == "missed" and "AttributeError" in r.note


# ------------------------------------------------------------------------------ (b) script

def test_the_script_runs_and_reports_a_missing_document_as_skipped(tmp_path):
    key = tmp_path / "key.json"
    key.write_text(json.dumps(KEY, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "scores.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(key), str(CORPUS), "--json", str(out), "--today", TODAY.isoformat()],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "== not_here.docx: SKIPPED" in proc.stdout
    assert "wrong  credits_ects: expected 4, read 5" in proc.stdout
    assert "not scored hours.exam_consultations" in proc.stdout
    assert "MISSED grade_scale_gap" in proc.stdout
    assert "XRF004 literature_old" in proc.stdout
    assert "== TOTAL: 2 document(s) scored, 1 skipped" in proc.stdout
    assert "figures: 24 right, 1 wrong, 1 missed, 1 not scored of 27 (88.9 % right)" in proc.stdout
    assert "must report: 2/3 found" in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["documents"]["not_here.docx"]["status"] == "skipped"
    assert data["total"]["false_alarms"] == 5 and data["total"]["must_found"] == 2


def test_the_script_refuses_a_key_without_documents(tmp_path):
    key = tmp_path / "key.json"
    key.write_text("{}", encoding="utf-8")
    assert rc.main([str(key), str(CORPUS)]) == 2


# ------------------------------------------------------------------------ (c) real corpus

@pytest.mark.slow
@pytest.mark.skipif(not (REAL / "key.json").is_file(), reason="../shared/real-syllabi is not there")
def test_the_real_development_corpus_is_scored_whole():
    key = rc.load_key(REAL / "key.json")
    scores = rc.benchmark(key, REAL / "docs")
    assert [s.name for s in scores] == list(key["documents"])
    for s in scores:
        entry = key["documents"][s.name]
        assert s.status == "scored", s.name
        assert [f.name for f in s.figures] == list(entry.get("figures", {}))
        assert all(f.status in ("right", "wrong", "missed", "not_scored") for f in s.figures)
        assert len(s.must) == len(entry.get("must_report", []))
    t = rc.total(scores)
    assert t.scored == len(key["documents"]) and t.skipped == 0
    json.dumps(rc.as_json(scores, t, {}), default=str)


def test_a_time_limit_runs_the_document_in_a_child_and_stops_a_slow_one(monkeypatch):
    entry = KEY["documents"]["seed_kk.docx"]
    s = rc.score_limited("seed_kk.docx", entry, CORPUS / "seed_kk.docx", None, TODAY, 120)
    assert (s.count("right"), s.count("wrong"), s.count("missed"), s.must_found, len(s.false_alarms)) == (19, 1, 1, 2, 5)

    def hang(*args):
        time.sleep(30)

    monkeypatch.setattr(rc, "run_document", hang)  # the forked child inherits the patch
    slow = rc.score_limited("seed_kk.docx", entry, CORPUS / "seed_kk.docx", None, TODAY, 0.5)
    assert slow.status == "scored" and slow.error == "timed out after 0.5 s"
    assert slow.count("missed") == 21 and slow.must_found == 0


def test_an_empty_part_is_a_blank_left_and_an_empty_requisite_field_is_missing():
    reg = load_rules()
    empty = _finding("DOC004", "tables/plan").model_copy(update={"evidence": Evidence(file="f", location="tables/plan", actual="empty")})
    assert rc.topic_of(empty, reg) == "placeholder_left"
    pre = _finding("HYG004", "x").model_copy(update={"evidence": Evidence(file="f", location="sections/prerequisites", actual="empty")})
    assert rc.topic_of(pre, reg) == "prerequisites_missing"


def test_module_points_are_the_keys_other_scheme():
    from extractors.model import AssessmentScheme, DocumentFacts, Syllabus

    s = Syllabus(file="x.docx", document=DocumentFacts(format="docx", sha256="0"))
    s.assessment.scheme = AssessmentScheme.modules
    assert rc.FIGURES["assessment.scheme"].get(s) == "other"
    s.assessment.scheme = AssessmentScheme.course_points_100
    assert rc.FIGURES["assessment.scheme"].get(s) == "course_points_100"
