"""Runner: root-cause grouping, verdicts, document-level findings, rule crashes."""

from __future__ import annotations

from datetime import date

import pytest

from checks.finding import Verdict
from checks.policy import load_policy
from checks.registry import Rule, load_rules
from checks.runner import audit
from extractors.errors import ConverterMissing, CorruptFile, NoTextLayer
from tests.rules.base import base_syllabus, patched_syllabus

TODAY = date(2026, 11, 22)


def run(*patches, policy=None, **kw):
    return audit([patched_syllabus(p) for p in patches], policy=policy or load_policy(), today=TODAY, **kw)


def tree(result):
    """{rule@location: root rule@location or None}"""
    by_key = {f.key: f for f in result.findings}
    return {
        f"{f.rule}@{f.evidence.location}": (
            None if f.root_cause is None else f"{by_key[f.root_cause].rule}@{by_key[f.root_cause].evidence.location}"
        )
        for f in result.findings
    }


def test_clean_base_has_no_findings_under_every_rule():
    result = audit([base_syllabus()], policy=load_policy(), today=TODAY)
    assert result.findings == [] and result.failures == []
    assert result.documents[0].verdict == Verdict.accepted


# A wrong lecture cell (25 where policy and plan say 15) is one defect: the split rule names
# the cell and its right value, and the plan mismatch and the broken total hang under it.
def test_wrong_lecture_figure_with_a_total_row_is_one_root():
    # hours table says 25 lectures, total row 150, plan has 15: the lecture cell is the defect
    r = run({"set": {"hours.lectures.value": 25.0, "hours.total": {"$v": 150.0}}})
    assert tree(r) == {
        "HRS002@hours/lectures": None,
        "HRS003@hours/total": "HRS002@hours/lectures",
        "PLN002@plan/lectures": "HRS002@hours/lectures",
    }


def test_wrong_lecture_figure_without_a_total_row():
    r = run({"set": {"hours.lectures.value": 25.0}})
    assert tree(r) == {
        "HRS001@hours/total": "HRS002@hours/lectures",
        "HRS002@hours/lectures": None,
        "PLN002@plan/lectures": "HRS002@hours/lectures",
    }


def test_wrong_topic_hours_hang_under_the_plan_total_row():
    r = run({"set": {"plan.1.topics.4.hours.value": 4.0}})
    assert tree(r) == {
        "PLN001@plan/practicals/total": None,
        "PLN002@plan/practicals": "PLN001@plan/practicals/total",
    }


def test_formula_weights_sum_is_the_root_of_the_policy_mismatch():
    r = run({"set": {"assessment.formula.exam_weight.value": 0.5}})
    assert tree(r) == {
        "ASM002@assessment/formula": None,
        "ASM003@assessment/formula": "ASM002@assessment/formula",
    }


def test_unrelated_defects_stay_separate_roots():
    r = run({"set": {"assessment.periods.1.items.0.max_points.value": 10.0, "literature.main.0.year.value": 1990}})
    assert tree(r) == {"ASM001@assessment/rating2": None, "XRF004@literature/main/1": None}


def test_scale_gap_is_the_root_of_the_range_mismatch():
    r = run({"set": {"assessment.scale.2.low.value": 86.0}})
    assert tree(r) == {
        "ASM004@assessment/scale/B+": None,
        "ASM005@assessment/scale/B+": "ASM004@assessment/scale/B+",
    }


@pytest.mark.parametrize(
    "patch, expected",
    [
        ({}, Verdict.accepted),
        ({"set": {"literature.main.0.year.value": 1990}}, Verdict.accepted_with_remarks),  # observation
        ({"set": {"document.has_tracked_changes": True}}, Verdict.accepted_with_remarks),  # minor
        ({"set": {"hours.siw.value": 45.0}}, Verdict.to_revise),  # major nonconformity
        ({"set": {"document.has_text_layer": False}}, Verdict.rejected),
    ],
)
def test_verdict_from_severities(patch, expected):
    assert run(patch).documents[0].verdict == expected


def test_verdict_thresholds_are_policy(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[verdict]\nmax_minor_nonconformities = 0\n", encoding="utf-8")
    r = run({"set": {"document.has_tracked_changes": True}}, policy=load_policy(f))
    assert r.documents[0].verdict == Verdict.to_revise
    f.write_text("[verdict]\nrevise_severities = []\n", encoding="utf-8")
    r = run({"set": {"hours.siw.value": 45.0}}, policy=load_policy(f))
    assert r.documents[0].verdict == Verdict.accepted_with_remarks


def test_major_potential_nonconformity_does_not_send_back_for_revision():
    rules = load_rules().select(severity={"XRF004": "major"})
    r = audit([patched_syllabus({"set": {"literature.main.0.year.value": 1990}})], policy=load_policy(), rules=rules, today=TODAY)
    assert r.findings[0].severity.value == "major" and r.findings[0].kind.value == "potential"
    assert r.documents[0].verdict == Verdict.accepted_with_remarks


def test_extraction_errors_become_document_findings():
    r = audit([CorruptFile("a.docx", "truncated zip"), NoTextLayer("b.pdf")], policy=load_policy(), today=TODAY)
    assert [(f.rule, f.evidence.file, f.evidence.actual) for f in r.findings] == [
        ("DOC001", "a.docx", "corrupt-file"),
        ("DOC002", "b.pdf", "no-text-layer"),
    ]
    assert [d.verdict for d in r.documents] == [Verdict.rejected, Verdict.rejected]
    assert "truncated zip" in r.findings[0].message.kk


def test_a_missing_converter_is_a_tool_failure_not_a_finding():
    with pytest.raises(ConverterMissing):
        audit([ConverterMissing("a.doc")], policy=load_policy(), today=TODAY)


def test_a_crashing_rule_is_reported_and_the_others_still_run():
    class Broken(Rule, register=False):
        """Crashes."""

        code = "TST999"
        name = "test.broken"

        def check(self, syllabus, ctx):
            raise ZeroDivisionError("boom")

    rules = [Broken(), load_rules()["HRS001"]()]
    r = audit([patched_syllabus({"set": {"hours.siw.value": 45.0}})], policy=load_policy(), rules=rules, today=TODAY)
    assert [f.rule for f in r.findings] == ["HRS001"]
    assert [(f.rule, f.error) for f in r.failures] == [("TST999", "ZeroDivisionError: boom")]


def test_keys_are_stable_across_files_and_layout():
    a = run({"set": {"hours.siw.value": 45.0}}).findings[0]
    b = run({"file": "elsewhere/renamed.pdf", "set": {"hours.siw.value": 45.0, "hours.lectures.source.page": 9}}).findings[0]
    assert a.key == b.key == "HRS001:hours/total"
    assert a.evidence.file != b.evidence.file


def test_findings_carry_messages_in_three_languages_and_evidence():
    [f] = [x for x in run({"set": {"hours.siw.value": 45.0}}).findings if x.rule == "HRS001"]
    assert f.message.kk != f.message.en and f.message.ru != f.message.en
    assert "кредит" in f.message.kk and "кредит" in f.message.ru
    assert f.course_code == "GMRK3301"
    # no total row: the evidence is the hours table as a whole, quoting the rows added up
    assert (f.evidence.page, f.evidence.table, f.evidence.row) == (5, 1, None)
    assert f.evidence.quote == "15 + 30 + 30 + 45"
    assert f.as_record()["evidence"]["expected"] == "150"


def test_wrong_lecture_figure_with_a_total_row_adjusted_to_it():
    # lectures 25 and the total row summed to 160: the lecture cell is still the one defect
    r = run({"set": {"hours.lectures.value": 25.0, "hours.total": {"$v": 160.0}}})
    assert tree(r) == {
        "HRS001@hours/total": "HRS002@hours/lectures",
        "HRS002@hours/lectures": None,
        "PLN002@plan/lectures": "HRS002@hours/lectures",
    }


def test_wrong_credits_and_an_unrelated_task_sum_are_not_grouped():
    r = run({"set": {"identity.credits.ects.value": 4.0, "independent_work.3.hours.value": 15.0, "hours.total": {"$v": 150.0}}})
    assert tree(r) == {"HRS001@hours/total": None, "PLN003@independent_work": None}


def test_wrong_credits_and_an_unrelated_task_sum_without_a_total_row():
    r = run({"set": {"identity.credits.ects.value": 4.0, "independent_work.3.hours.value": 15.0}})
    assert tree(r) == {"HRS001@hours/total": None, "PLN003@independent_work": None}


def test_precomputed_findings_are_used_instead_of_checking_again():
    """Workers (or the cache) check each syllabus; the coordinator must not redo it, but batch
    rules, grouping and verdicts still run over everything."""
    from checks.policy import load_policy
    from checks.runner import audit
    from tests.rules.base import base_syllabus

    syllabus = base_syllabus()
    fresh = audit([syllabus], policy=load_policy())
    assert fresh.documents[0].findings == []
    planted = fresh.documents[0].findings + [
        audit([_with_bad_rating(syllabus)], policy=load_policy()).documents[0].findings[0]
    ]
    result = audit([syllabus], policy=load_policy(), precomputed={syllabus.file: planted})
    assert [f.rule for f in result.documents[0].findings] == [planted[0].rule]
    assert result.documents[0].verdict.value != "accepted"


def _with_bad_rating(syllabus):
    bad = syllabus.model_copy(deep=True)
    bad.assessment.periods[0].items[0].max_points.value -= 5
    return bad
