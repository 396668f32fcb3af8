"""Registry: self-registration, frozen manifests, duplicate codes, selection and severity overrides."""

from __future__ import annotations

import dataclasses
import re

import pytest

from checks.finding import Severity
from checks.policy import load_policy
from checks.registry import DuplicateRuleError, Registry, Rule, UnknownRuleError, load_rules
from checks.runner import selected_rules


def test_rules_register_themselves():
    registry = load_rules()
    assert {"HRS001", "PLN001", "ASM001", "XRF001", "PRQ001", "HYG001", "DOC001", "BAT001"} <= {
        m.code for m in registry.manifests()
    }


def test_manifests_are_frozen():
    m = load_rules().manifests()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.code = "X"


def test_duplicate_code_is_an_error():
    reg = Registry()

    class A(Rule, register=False):
        """A."""

        code = "TST001"
        name = "test.a"

    class B(Rule, register=False):
        """B."""

        code = "TST001"
        name = "test.b"

    reg.register(A)
    with pytest.raises(DuplicateRuleError, match="TST001"):
        reg.register(B)


def test_duplicate_name_is_an_error():
    reg = Registry()

    class A(Rule, register=False):
        code = "TST001"
        name = "test.same"

    class B(Rule, register=False):
        code = "TST002"
        name = "test.same"

    reg.register(A)
    with pytest.raises(DuplicateRuleError, match=re.escape("test.same")):
        reg.register(B)


def test_a_duplicate_in_the_global_registry_raises_at_class_creation():
    with pytest.raises(DuplicateRuleError):

        class Impostor(Rule):
            code = "HRS001"
            name = "hours.impostor"


def codes(rules):
    return [r.code for r in rules]


def test_select_by_code_name_and_group():
    reg = load_rules()
    assert codes(reg.select(select=["HRS001"])) == ["HRS001"]
    assert codes(reg.select(select=["plan.total-row"])) == ["PLN001"]
    assert codes(reg.select(select=["hours"])) == ["HRS001", "HRS002", "HRS003", "PLN002", "PLN003", "PRG008", "PRQ004"]
    assert codes(reg.select(select=["HYG".lower() + "iene"])) == ["HYG001", "HYG002", "HYG003", "HYG004"]


def test_ignore_wins_over_select():
    reg = load_rules()
    assert codes(reg.select(select=["hygiene"], ignore=["HYG002", "hygiene.tracked-changes"])) == ["HYG001", "HYG004"]


def test_unknown_selector_is_an_error():
    with pytest.raises(UnknownRuleError, match="NOPE999"):
        load_rules().select(select=["NOPE999"])


def test_severity_override_code_beats_group():
    reg = load_rules()
    rules = {r.code: r for r in reg.select(severity={"crossref": "minor", "XRF004": "major"})}
    assert rules["XRF001"].effective_severity == Severity.minor
    assert rules["XRF004"].effective_severity == Severity.major
    assert rules["HRS001"].effective_severity == Severity.major


def test_policy_selection_and_severity(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('[rules]\nignore = ["batch"]\n[rules.severity]\nXRF004 = "minor"\n', encoding="utf-8")
    policy = load_policy(f)
    rules = {r.code: r for r in selected_rules(policy)}
    assert not any(c.startswith("BAT") for c in rules)
    assert rules["XRF004"].effective_severity == Severity.minor
    # the command line adds to the policy's ignore list and replaces its select list
    assert codes(selected_rules(policy, select=["HRS001", "BAT003"], ignore=["HRS001"])) == []


def test_overridden_severity_reaches_the_finding():
    from checks.registry import CheckContext
    from tests.rules.base import patched_syllabus

    rule = load_rules()["HRS001"](severity=Severity.observation)
    syl = patched_syllabus({"set": {"hours.siw.value": 45.0}})
    [f] = list(rule.check(syl, CheckContext(policy=load_policy())))
    assert f.severity == Severity.observation


def test_unknown_rule_in_the_policy_names_the_policy(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[rules]\nignore = ['HRS999']\n", encoding="utf-8")
    with pytest.raises(UnknownRuleError, match=r"p\.toml \[rules\]: .*HRS999"):
        selected_rules(load_policy(f))


def test_policy_keys_reach_the_manifest_and_the_rules_command():
    """Declared policy keys are in the manifest, its JSON record and both `rules` formats (issue 12)."""
    import json

    from click.testing import CliRunner

    from pipeline.cli import main

    m = load_rules()["HRS001"].manifest()
    assert m.policy_keys == ("hours.hours_per_credit", "hours.hours_per_ze", "hours.tolerance")
    assert m.as_record()["policy_keys"] == list(m.policy_keys)
    text = CliRunner().invoke(main, ["rules", "--lang", "ru"]).output
    block = text[text.index("HRS001"):text.index("HRS002")]
    assert "Настройки политики: hours.hours_per_credit, hours.hours_per_ze, hours.tolerance" in block
    assert "Настройки политики" not in text[text.index("DOC001"):text.index("DOC002")]  # none read: no line
    records = {r["code"]: r for r in json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)}
    assert all(records[x.code]["policy_keys"] == list(x.policy_keys) for x in load_rules().manifests())


def test_the_independence_contract_covers_every_rule_category():
    """pyproject.toml's import-linter contract (no category imports another) names exactly the
    categories rules are discovered in, so a new category cannot slip out of it (issue 12)."""
    import tomllib
    from pathlib import Path

    from checks.registry import CATEGORIES

    with open(Path(__file__).resolve().parents[2] / "pyproject.toml", "rb") as fh:
        contracts = tomllib.load(fh)["tool"]["importlinter"]["contracts"]
    independence = [c for c in contracts if c["type"] == "independence"]
    assert len(independence) == 1
    assert sorted(independence[0]["modules"]) == sorted(f"checks.{c}" for c in CATEGORIES)
    packages = {p.name for p in (Path(__file__).resolve().parents[2] / "checks").iterdir() if (p / "__init__.py").is_file()}
    assert set(CATEGORIES) <= packages
