"""Policy: the default file, deep-merge overrides, validation errors that name file and key."""

from __future__ import annotations

import itertools
import re

import pytest

from checks.policy import PolicyError, load_policy


def write(tmp_path, text, name="policy.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_default_policy_is_the_kazakh_credit_system():
    p = load_policy()
    assert p.hours.hours_per_credit == 30
    assert dict(p.hours.split[5]) == {"lectures": 15, "practicals_labs": 30, "siwt": 30, "siw": 75}
    assert (p.assessment.current_weight, p.assessment.exam_weight) == (0.6, 0.4)
    assert p.assessment.period_max_points == 100
    standard = p.scale("standard")
    assert [b.letter for b in standard][:2] == ["A", "A-"] and standard[-2].letter == "FX"
    assert "FX" not in [b.letter for b in p.scale("no_fx")]
    assert p.literature.max_age_years == 10
    assert p.hours.hours_per_ze == 36
    assert p.assessment.schemes == ("periods_of_100", "course_points_100", "modules", "other")
    assert p.assessment.course_total == 100


def test_default_scales_cover_0_to_100():
    for name in ("standard", "no_fx"):
        bands = sorted(load_policy().scale(name), key=lambda b: b.low)
        assert bands[0].low == 0 and bands[-1].high == 100
        assert all(b.low == a.high + 1 for a, b in itertools.pairwise(bands))


def test_user_file_overrides_by_deep_merge(tmp_path):
    f = write(tmp_path, "[literature]\nmax_age_years = 5\n[assessment]\naccepted_scales = ['no_fx']\n")
    p = load_policy(f)
    assert p.literature.max_age_years == 5
    assert p.assessment.accepted_scales == ("no_fx",)
    # untouched keys keep the default
    assert p.hours.hours_per_credit == 30 and p.assessment.current_weight == 0.6
    assert p.sources[-1] == str(f)


def test_user_file_adds_a_split(tmp_path):
    f = write(tmp_path, "[hours.split.3]\nlectures = 15\npracticals_labs = 15\nsiwt = 15\nsiw = 45\n")
    p = load_policy(f)
    assert set(p.hours.split) == {3, 5}


@pytest.mark.parametrize(
    "text, key, problem",
    [
        ("[hours]\nhours_per_credit = 'thirty'\n", "hours.hours_per_credit", "must be a number"),
        ("[hours]\nhour_per_credit = 30\n", "hours.hour_per_credit", "unknown key"),
        ("[assessment]\nexam_weight = 1.5\n", "assessment.exam_weight", "at most 1"),
        ("[assessment]\nexam_weight = 0.5\n", "assessment.exam_weight", "must be 1"),
        ("[hours.split.4]\nlectures = 15\nsiw = 30\n", "hours.split.4", "sum to 45"),
        ("[rules.severity]\nHRS001 = 'critical'\n", "rules.severity.HRS001", "not one of"),
        ("[document]\nplaceholder_patterns = ['([']\n", "document.placeholder_patterns[0]", "regular expression"),
        ("[assessment]\naccepted_scales = ['gost']\n", "assessment.accepted_scales", "no scale named"),
        ("[assessment]\nschemes = ['points_of_50']\n", "assessment.schemes", "not one of"),
        ("[assessment]\ncourse_total = 0\n", "assessment.course_total", "must be positive"),
        ("[hours]\nhours_per_ze = 'x'\n", "hours.hours_per_ze", "must be a number"),
        ("[assessment.scales]\nmine = [{ letter = 'A', points = 4.0, low = 90 }]\n", "assessment.scales.mine[0].high", "required"),
    ],
)
def test_bad_policy_names_file_and_key(tmp_path, text, key, problem):
    f = write(tmp_path, text)
    with pytest.raises(PolicyError) as err:
        load_policy(f)
    assert err.value.key == key
    assert problem in str(err.value)
    assert str(f) in str(err.value)


def test_invalid_toml_and_missing_file(tmp_path):
    with pytest.raises(PolicyError, match="not valid TOML"):
        load_policy(write(tmp_path, "[hours\n"))
    with pytest.raises(PolicyError, match="file not found"):
        load_policy(tmp_path / "missing.toml")


def test_policy_is_immutable():
    p = load_policy()
    # a frozen dataclass raises AttributeError, a frozen pydantic model ValidationError (a ValueError)
    with pytest.raises((AttributeError, ValueError)):
        p.hours.hours_per_credit = 25
    with pytest.raises(TypeError):
        p.hours.split[5]["lectures"] = 0


def test_procedure_deadlines_and_file_limits_come_from_policy(tmp_path):
    from checks.policy import load_policy

    default = load_policy()
    assert (default.procedure.review_working_days, default.procedure.cause_analysis_weeks) == (5, 4)
    user = tmp_path / "policy.toml"
    user.write_text("[procedure]\nreview_working_days = 10\n[limits]\nmax_pages = 40\n", encoding="utf-8")
    custom = load_policy(user)
    assert custom.procedure.review_working_days == 10 and custom.procedure.cause_analysis_weeks == 4
    assert custom.limits.extraction_limits().max_pages == 40
    # the fingerprint changes with any setting, so cached check results are not reused under it
    assert custom.fingerprint != default.fingerprint and load_policy().fingerprint == default.fingerprint


def test_bad_limit_names_the_key(tmp_path):
    import pytest

    from checks.policy import PolicyError, load_policy

    user = tmp_path / "policy.toml"
    user.write_text("[limits]\nfile_memory_mb = 1\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=re.escape("limits.file_memory_mb")):
        load_policy(user)


def test_placeholder_patterns_find_the_forms_of_real_templates():
    rx = load_policy().document.placeholder_regexes()

    def found(text):
        return [m.group(0) for r in rx for m in [r.search(text)] if m]

    for text in ("Декан Школы ФИО декана", "ОҚЫТУШЫ: ТАӘ, лауазымы", "{ dean_of_school_center }",
                 "Курстың мақсаты …..", "…", "x.xxxxx@almau.edu.kz", "Name/Surname",
                 "*- указать виды заданий …"):
        assert found(text), text
    for text in ("Фионова А.А.", "Алматы, 2018. – 128 б.", "Философия… и жизнь", "ivanov@almau.edu.kz",
                 "Таәшев Б.", "И = 0,6·(Р1+Р2)/2 + 0,4·Э"):
        assert not found(text), text


def test_policy_pickles_for_worker_processes():
    import pickle

    p = load_policy()
    q = pickle.loads(pickle.dumps(p))
    assert q == p and hash(q) == hash(p) and q.fingerprint == p.fingerprint
    assert q.scale("standard") == p.scale("standard") and dict(q.hours.split[5]) == dict(p.hours.split[5])
    with pytest.raises(TypeError):  # still frozen on the other side
        q.rules.severity["HRS001"] = "minor"


def test_fingerprint_depends_on_content_only(tmp_path):
    default = load_policy()
    # a user file that restates a default value says nothing new: same settings, same fingerprint
    same = load_policy(write(tmp_path, "[literature]\nmax_age_years = 10\n"))
    assert same.fingerprint == default.fingerprint and same.sources != default.sources
    assert load_policy(write(tmp_path, "[literature]\nmax_age_years = 9\n", "other.toml")).fingerprint != default.fingerprint


@pytest.mark.parametrize(
    "text, key, problem",
    [
        # every unknown key names the keys its table may have, at any depth
        ("bogus = 1\n", "bogus", "expected one of: assessment, document, hours, limits,"),
        ("[limits]\nmax_page = 3\n", "limits.max_page", "expected one of: conversion_timeout_s, file_memory_mb,"),
        ("[assessment.scales]\nmine = [{ letter = 'A', points = 4.0, low = 90, high = 100, gpa = 1 }]\n",
         "assessment.scales.mine[0].gpa", "expected one of: high, letter, low, points"),
        ("[hours.split.4]\nlecture = 120\n", "hours.split.4.lecture", "unknown key (expected one of: 'lectures'"),
        ("[hours.split.four]\nlectures = 120\n", "hours.split.four", "the key must be a whole number"),
        # the budget is set in [ocr]; [limits] only carries it to the extractor
        ("[limits]\nocr_seconds_per_page = 5\n", "limits.ocr_seconds_per_page", "[ocr] seconds_per_page"),
        # TOML types as written: a bool or a quoted number is not a number
        ("[limits]\nmax_pages = true\n", "limits.max_pages", "must be a whole number, got True"),
        ("[hours]\nhours_per_credit = '30'\n", "hours.hours_per_credit", "must be a number, got '30'"),
        ("[procedure]\nreview_working_days = 0\n", "procedure.review_working_days", "must be at least 1, got 0"),
        ("[assessment.scales]\nmine = []\n", "assessment.scales.mine", "must not be empty"),
        ("[assessment.scales]\nmine = [{ letter = 'A', points = 4.0, low = 90, high = 80 }]\n",
         "assessment.scales.mine[0]", "low 90 is above high 80"),
        ("[hours.split.4]\npracticals = 30\npracticals_labs = 30\n", "hours.split.4", "not both"),
        ("[verdict]\nrevise_kinds = ['critical']\n", "verdict.revise_kinds", "'critical' is not one of"),
        ("hours = 30\n", "hours", "must be a table"),
    ],
)
def test_more_bad_policies_name_the_key_in_plain_words(tmp_path, text, key, problem):
    with pytest.raises(PolicyError) as err:
        load_policy(write(tmp_path, text))
    assert err.value.key == key
    assert problem in err.value.problem
    assert "Input should" not in str(err.value) and "pydantic" not in str(err.value)


def test_ocr_budget_reaches_the_extraction_limits(tmp_path):
    p = load_policy(write(tmp_path, "[ocr]\nseconds_per_page = 12\n"))
    assert p.limits.extraction_limits().ocr_seconds_per_page == 12
    assert load_policy().limits.extraction_limits().ocr_seconds_per_page == 30


def test_policy_from_dict_needs_no_default_file():
    from checks.policy import policy_from_dict

    p = policy_from_dict({"assessment": {"scales": {"mine": [{"letter": "A", "points": 4, "low": 0, "high": 100}]}}})
    assert p.assessment.accepted_scales == ("mine",) and p.hours.hours_per_credit == 30
    with pytest.raises(PolicyError, match=r"policy <dict>: verdicts: unknown key"):
        policy_from_dict({"verdicts": {}})


def test_workers_use_the_policy_they_are_given_not_its_file(tmp_path):
    import pickle

    from pipeline.work import CheckSpec, _check_setup

    f = write(tmp_path, "[rules]\nselect = ['HRS001']\n")
    policy = load_policy(f)
    f.unlink()  # a worker that read the file again would fail (or, edited, check under another policy)
    spec = pickle.loads(pickle.dumps(CheckSpec(policy)))  # as the process pool and Dask send it
    rules, ctx = _check_setup(spec)
    assert [r.code for r in rules] == ["HRS001"] and ctx.policy == policy


def test_register_deadlines_come_from_the_policy_part():
    from reports.register.build import policy_days

    assert policy_days(load_policy().procedure) == (5, 4) == policy_days(None)
    assert policy_days({"review_working_days": 3}) == (3, 4)  # a mapping: same model, same defaults
