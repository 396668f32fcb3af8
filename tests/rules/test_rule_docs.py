"""Every rule documents itself: a title line, an Anti-pattern and a Best practice example, and
complete metadata (sqlfluff's docstring test, adapted)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.finding import Kind, Severity
from checks.registry import load_rules

MANIFESTS = load_rules().manifests()


@pytest.mark.parametrize("m", MANIFESTS, ids=[m.code for m in MANIFESTS])
def test_rule_docstring_has_examples(m):
    assert m.title and m.title.endswith("."), "first docstring line is the rule's title"
    assert "**Anti-pattern**" in m.description, "docstring needs an **Anti-pattern** example"
    assert "**Best practice**" in m.description, "docstring needs a **Best practice** example"


@pytest.mark.parametrize("m", MANIFESTS, ids=[m.code for m in MANIFESTS])
def test_rule_metadata(m):
    assert re.fullmatch(r"[A-Z]{3}\d{3}", m.code)
    assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+", m.name)
    assert m.name.split(".")[0] in m.groups and "all" in m.groups
    assert isinstance(m.severity, Severity) and isinstance(m.kind, Kind)
    assert m.requirement
    # one rule per module, named by its code, in its category's package
    module_path = Path(*m.module.split("."))
    assert module_path.name == m.code
    assert module_path.parent.name == m.name.split(".")[0]


def test_codes_and_names_unique():
    codes = [m.code for m in MANIFESTS]
    names = [m.name for m in MANIFESTS]
    assert len(codes) == len(set(codes)) and len(names) == len(set(names))
