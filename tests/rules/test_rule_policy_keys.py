"""Each rule's ``policy_keys`` is what it really reads (issue 12).

Every rule's cases (``tests/rules/cases/<CODE>.toml``) run again with a recording stand-in in front
of the policy the rule is given: each value read through it (``ctx.policy.hours.tolerance``, also
inside helpers and methods such as ``policy.scale(name)``) is noted as its dotted key
(``hours.tolerance``). The keys a rule read over all its cases must be exactly the ones it
declares, and each declared key must be a key of data/policy.toml, so neither the declaration nor
the documentation built from it (``syllabus-audit rules``, docs/rules.md) can drift from the code.

The stand-in knows nothing of how the policy is built (dataclasses or pydantic models): it works
by attribute access alone, so it keeps working when checks/policy.py changes its machinery.
"""

from __future__ import annotations

import copy
import datetime
import enum
import functools
import inspect
import re
import tomllib
import types
from collections.abc import Mapping, Set
from typing import Any

import pytest

from checks.policy import DEFAULT_POLICY_PATH, load_policy
from checks.registry import CheckContext, Rule, load_rules
from tests.rules.test_rule_cases import ALL_CASES, run_case

# Values a rule reads as a whole: these are recorded, never looked into. Anything else reached by
# attribute access (a table of the policy: ``policy.hours``) is wrapped so its own reads are seen.
VALUE_TYPES = (str, bytes, int, float, complex, bool, type(None), enum.Enum, datetime.date, re.Pattern, Mapping, Set, tuple, list)


class RecordingPolicy:
    """Forwards attribute reads to ``target`` and adds the dotted key of each value read to ``reads``.

    Methods and properties of the target run with this stand-in as ``self``, so the values they
    read are recorded too (``document.placeholder_regexes()`` reads ``document.placeholder_patterns``)."""

    __slots__ = ("_path", "_reads", "_target")

    def __init__(self, target: object, reads: set[str], path: str = "") -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_path", path)

    @property  # type: ignore[misc]  # isinstance() sees the real class (unittest.mock's practice)
    def __class__(self) -> type:
        return type(object.__getattribute__(self, "_target"))

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        reads: set[str] = object.__getattribute__(self, "_reads")
        path: str = object.__getattribute__(self, "_path")
        key = f"{path}.{name}" if path else name
        static = inspect.getattr_static(type(target), name, None)
        if isinstance(static, property) and static.fget is not None:
            return static.fget(self)
        if isinstance(static, functools.cached_property):
            return static.func(self)  # computed again each time: the reads it makes are what counts
        if inspect.isfunction(static):
            return types.MethodType(static, self)
        value = getattr(target, name)
        if callable(value) and not isinstance(value, VALUE_TYPES):
            return value  # a static or class method, or a bound method of a library base class
        if isinstance(value, VALUE_TYPES):
            reads.add(key)
            return value
        return RecordingPolicy(value, reads, key)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a rule must not change the policy (it set {name!r})")


def recording(reads: set[str]):
    """A ``run_case`` wrap: the rule's check methods get a context whose policy records reads."""

    def wrap(rule: Rule) -> Rule:
        cls = type(rule)

        def probed(ctx: CheckContext) -> CheckContext:
            ctx = copy.copy(ctx)
            ctx.policy = RecordingPolicy(ctx.policy, reads)  # type: ignore[assignment]
            return ctx

        rule.check = lambda syllabus, ctx: cls.check(rule, syllabus, probed(ctx))  # type: ignore[method-assign]
        rule.check_batch = lambda syllabi, ctx: cls.check_batch(rule, syllabi, probed(ctx))  # type: ignore[method-assign]
        return rule

    return wrap


def policy_toml_keys() -> set[str]:
    """Every dotted key of data/policy.toml, tables included (``hours``, ``hours.split``, ``hours.split.5``...)."""
    with open(DEFAULT_POLICY_PATH, "rb") as fh:
        data = tomllib.load(fh)
    keys: set[str] = set()

    def walk(table: Mapping[str, Any], prefix: str) -> None:
        for k, v in table.items():
            key = f"{prefix}{k}"
            keys.add(key)
            if isinstance(v, Mapping):
                walk(v, key + ".")

    walk(data, "")
    return keys


MANIFESTS = load_rules().manifests()


def read_keys(code: str) -> set[str]:
    """The policy keys rule ``code`` read over all its cases (only its own reads: other rules a
    case runs, and the runner, get the plain policy)."""
    reads: set[str] = set()
    for case in ALL_CASES.get(code, []):
        wrap = recording(reads)
        run_case(code, case, wrap=lambda rule, wrap=wrap: wrap(rule) if rule.code == code else rule)
    return reads


@pytest.mark.parametrize("m", MANIFESTS, ids=[m.code for m in MANIFESTS])
def test_declared_policy_keys_are_the_keys_read(m):
    read = read_keys(m.code)
    declared = set(m.policy_keys)
    assert len(m.policy_keys) == len(declared), f"{m.code}: a policy key declared twice: {m.policy_keys}"
    assert read - declared == set(), f"{m.code} reads policy keys it does not declare in policy_keys"
    assert declared - read == set(), f"{m.code} declares policy keys none of its cases reads (add a case that does)"


@pytest.mark.parametrize("m", MANIFESTS, ids=[m.code for m in MANIFESTS])
def test_declared_policy_keys_are_keys_of_the_policy_file(m):
    unknown = sorted(set(m.policy_keys) - policy_toml_keys())
    assert not unknown, f"{m.code}: policy_keys not in data/policy.toml: {unknown}"


def test_recording_policy_sees_reads_through_tables_methods_and_helpers():
    """The stand-in itself: a read through a table, a method and a value passed to a helper."""
    reads: set[str] = set()
    policy = RecordingPolicy(load_policy(), reads)
    hours = policy.hours

    def helper(table):  # as credit_norm(syllabus, ctx.policy.hours) reads hours_per_ze
        return table.hours_per_ze

    assert helper(hours) == 36
    assert policy.document.placeholder_regexes()  # reads document.placeholder_patterns
    assert policy.scale("standard")  # Policy.scale reads assessment.scales
    assert isinstance(policy.hours, type(load_policy().hours))
    assert reads == {"hours.hours_per_ze", "document.placeholder_patterns", "assessment.scales"}
    with pytest.raises(AttributeError):
        policy.name = "changed"


def test_recording_policy_is_generic_over_how_tables_are_built():
    """Plain objects with properties and cached properties are seen as well as pydantic models."""

    class Table:
        def __init__(self) -> None:
            self.low, self.high = 1.0, 3.0

        @property
        def span(self) -> float:
            return self.high - self.low

        @functools.cached_property
        def middle(self) -> float:
            return (self.low + self.high) / 2

    class Root:
        def __init__(self) -> None:
            self.table = Table()

    reads: set[str] = set()
    root = RecordingPolicy(Root(), reads)
    assert root.table.span == 2.0 and reads == {"table.high", "table.low"}
    reads.clear()
    assert root.table.middle == 2.0 and reads == {"table.high", "table.low"}
