"""``extractors.outcome_verbs``: LRN006's word list, read without spaCy."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from extractors.outcome_verbs import has_measurable_verb, verb_terms

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", [
    "РО2: сравнивать философские концепции разных эпох",
    "Студент применяет методы анализа",
    "Білім алушы деректерді талдайды",
    "Apply the method to new data",
    "ПРИМЕНЯТЬ основные формулы",  # folded: case does not matter
])
def test_statements_with_a_measurable_verb(text):
    assert has_measurable_verb(text)


@pytest.mark.parametrize("text", [
    "РО2: понимать основы философии",
    "знать и понимать",
    "",
])
def test_statements_without_one(text):
    assert not has_measurable_verb(text)


def test_words_come_from_the_vocabulary_given(tmp_path):
    vocab = tmp_path / "vocabulary.toml"
    vocab.write_text(textwrap.dedent("""
        [outcome_verb.measurable]
        en = ["draw up*", "sketch"]
        [label.other]
        en = ["sketch"]
    """), encoding="utf-8")
    assert verb_terms(vocab) == ((("draw", False), ("up", True)), (("sketch", False),))
    assert has_measurable_verb("They draw upwards", vocab)  # the last word by its stem
    assert not has_measurable_verb("They draw", vocab)  # a two-word term needs both
    assert has_measurable_verb("to sketch a plan", vocab)
    assert not has_measurable_verb("sketches", vocab)  # no star: the whole word only


def test_the_checks_do_not_load_spacy():
    """The rules run in the process that prints the findings; checking a syllabus that came from
    the cache must not cost that process spaCy's import (LRN006 read its words through it)."""
    code = textwrap.dedent("""
        import sys
        from datetime import date
        from checks.policy import load_policy
        from checks.runner import audit, selected_rules
        from tests.rules.base import base_syllabus, patched_syllabus
        from tests.rules.test_rule_cases import load_cases
        policy = load_policy(None)
        bad = patched_syllabus(next(c for c in load_cases()["LRN006"] if c["expect"] == "fail"))
        result = audit([base_syllabus(), bad], policy=policy, rules=selected_rules(policy, [], []),
                       today=date(2026, 1, 15))
        assert "LRN006" in {f.rule for f in result.findings}, sorted({f.rule for f in result.findings})
        print("spacy" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
