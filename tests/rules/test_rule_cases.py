"""One driver for every rule's cases (``tests/rules/cases/<CODE>.toml``).

A case file holds named cases, each a patch to the clean base syllabus (``tests/rules/base.py``)
and the expected findings as a flattened projection, frictionless-style::

    [[case]]
    name = "120 hours for 5 credits"
    expect = "fail"
    set = { "hours.siw.value" = 45 }
    findings = [["HRS001", "hours/total", "150", "120"]]

Optional per case: ``delete`` / ``append`` (see ``apply_patch``), ``policy`` (merged over the
default policy), ``curriculum`` (rows of code, title, semester, credits, hours; or tables with the fuller layout's
columns), ``passport`` (the programme passport's rows as tables), ``batch`` (a
list of patches: one syllabus each, all checked together), ``error`` (an extraction error code:
the input is that error instead of a syllabus), ``rules`` (codes to run; default the file's
rule), ``projection`` (finding fields to compare; default rule, location, expected, actual).
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from checks.curriculum import Course, Curriculum
from checks.passport import passport_from_records
from checks.policy import load_policy
from checks.registry import load_rules
from checks.runner import audit
from extractors import errors as extraction_errors
from tests.rules.base import FILE, patched_syllabus

CASES_DIR = Path(__file__).parent / "cases"
TODAY = date(2026, 11, 22)
DEFAULT_PROJECTION = ["rule", "location", "expected", "actual"]


def load_cases() -> dict[str, list[dict]]:
    out = {}
    for path in sorted(CASES_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            out[path.stem] = tomllib.load(fh).get("case", [])
    return out


ALL_CASES = load_cases()


def project(finding, fields: list[str]) -> list:
    rec = finding.as_record()
    row = []
    for f in fields:
        if f in rec:
            row.append(rec[f])
        else:
            row.append(rec["evidence"].get(f))
    row = ["" if v is None else v for v in row]  # TOML has no null
    return row


def error_for(code: str, file: str = FILE):
    for obj in vars(extraction_errors).values():
        if isinstance(obj, type) and issubclass(obj, extraction_errors.ExtractionError) and obj.code == code:
            return obj(file, "detail")
    raise KeyError(f"no extraction error with code {code!r}")


def run_case(code: str, case: dict, wrap=None):
    """The case's audit; ``wrap`` (if given) replaces each rule instance before it runs (the
    policy-keys test puts a recording policy in front of the rule with it)."""
    load_rules()
    policy = load_policy(overrides=case.get("policy"))
    registry = load_rules()
    codes = case.get("rules", [code])
    rules = [registry[c]() for c in codes]
    if wrap is not None:
        rules = [wrap(r) for r in rules]
    if "error" in case:
        inputs = [error_for(case["error"])]
    elif "batch" in case:
        inputs = [patched_syllabus(p) for p in case["batch"]]
    else:
        inputs = [patched_syllabus(case)]
    curriculum = None
    if "curriculum" in case:
        curriculum = Curriculum(
            file="curriculum.csv",
            courses=[_course(row, i + 2) for i, row in enumerate(case["curriculum"])],
        )
    # the programme's passport: its rows as tables, {kind, code, text, lang, ...} (checks/passport.py)
    passport = passport_from_records(case["passport"], "passport.csv") if "passport" in case else None
    return audit(inputs, policy=policy, rules=rules, curriculum=curriculum, passport=passport, today=TODAY)


def _course(row, line: int) -> Course:
    """A curriculum row: [code, title, semester, credits, hours], or a table with the fuller
    layout's columns too (department, activity_hours = {lectures = 15, ...}, prerequisites)."""
    if isinstance(row, list):
        return Course(*row, line)
    row = dict(row)
    row["activity_hours"] = tuple(row.get("activity_hours", {}).items())
    if "prerequisites" in row:
        row["prerequisites"] = tuple(row["prerequisites"])
    return Course(**{"semester": None, "credits": None, "hours": None, **row, "row": line})


PARAMS = [
    pytest.param(code, case, id=f"{code}-{case['expect']}-{case['name']}")
    for code, cases in ALL_CASES.items()
    for case in cases
]


@pytest.mark.parametrize("code, case", PARAMS)
def test_rule_case(code, case):
    result = run_case(code, case)
    assert not result.failures, [str(f) for f in result.failures]
    fields = case.get("projection", DEFAULT_PROJECTION)
    got = [project(f, fields) for f in result.findings]
    expected = case.get("findings", [])
    if case["expect"] == "pass":
        assert got == [], f"a passing case produced findings: {got}"
        assert expected == []
    else:
        assert case["expect"] == "fail"
        assert expected, "a failing case must list the findings it expects"
        assert got == expected


def test_every_rule_has_passing_and_failing_cases():
    registry = load_rules()
    problems = []
    for m in registry.manifests():
        kinds = {c["expect"] for c in ALL_CASES.get(m.code, [])}
        if not {"pass", "fail"} <= kinds:
            problems.append(f"{m.code}: has {sorted(kinds) or 'no'} cases; needs pass and fail")
    assert not problems, "\n".join(problems)


def test_case_files_name_registered_rules():
    registry = load_rules()
    assert [c for c in ALL_CASES if c not in registry] == []


def test_case_names_unique_and_expectations_valid():
    for code, cases in ALL_CASES.items():
        names = [c["name"] for c in cases]
        assert len(names) == len(set(names)), code
        assert all(c.get("expect") in ("pass", "fail") for c in cases), code
