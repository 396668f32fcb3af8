"""Judging one syllabus's findings: which finding explains which (root causes), and the verdict
the policy gives what is left once waivers are applied. Pure functions of the findings, the
policy and the rule registry: the runner calls them once per document, over the whole run's
findings (batch rules included)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checks.finding import Finding, Kind, Severity, Verdict
from checks.policy import Policy, VerdictPolicy
from checks.registry import REGISTRY, Registry


def _cause_rank(f: Finding, registry: Registry) -> int:
    # a finding whose rule this registry does not know ranks in the middle (50): it neither
    # explains every other finding nor is explained by all of them
    return registry[f.rule].cause_rank if f.rule in registry else 50


def _direct_cause(f: Finding, findings: Sequence[Finding], registry: Registry) -> Finding | None:
    """The finding that explains ``f`` one step up: one sharing a ref whose rule ranks strictly
    lower, the lowest rank first and then the key, so the choice does not depend on the order."""
    refs = set(f.refs)
    if not refs:
        return None
    rank = _cause_rank(f, registry)
    causes = [g for g in findings if g is not f and refs & set(g.refs) and _cause_rank(g, registry) < rank]
    return min(causes, key=lambda g: (_cause_rank(g, registry), g.key), default=None)


def _root_key(i: int, parent: Mapping[int, Finding], index: Mapping[int, int]) -> str | None:
    """The key of the ultimate root of finding ``i`` (its cause's cause ...), None when nothing
    explains it. Ranks strictly decrease along the chain, so the walk ends."""
    root = parent.get(i)
    while root is not None and index[id(root)] in parent:
        root = parent[index[id(root)]]
    return root.key if root is not None else None


def group_root_causes(findings: list[Finding], registry: Registry | None = None) -> list[Finding]:
    """Hang each finding under the finding that explains it.

    Two findings are linked when they share a ref (a logical value such as 'hours/lectures').
    Among linked findings the one whose rule has the strictly lower ``cause_rank`` is the cause;
    chains resolve to the ultimate root, so a lecture figure that breaks the split, the plan sum
    and the total reports as one root with two dependents. Ranks strictly decrease along a chain,
    so there are no cycles."""
    registry = registry or REGISTRY
    # by position, not by value: two findings may be equal (the same fact found twice)
    parent: dict[int, Finding] = {}
    for i, f in enumerate(findings):
        cause = _direct_cause(f, findings, registry)
        if cause is not None:
            parent[i] = cause
    index = {id(f): i for i, f in enumerate(findings)}
    return [f.model_copy(update={"root_cause": _root_key(i, parent, index)}) for i, f in enumerate(findings)]


def _matches(f: Finding, selectors: Sequence[str], registry: Registry) -> bool:
    groups = registry[f.rule].groups if f.rule in registry else ()
    names = {f.rule.lower(), f.name.lower(), *(g.lower() for g in groups)}
    return any(s.lower() in names for s in selectors)


def _to_revise(active: Sequence[Finding], vp: VerdictPolicy) -> bool:
    """A finding of a severity and kind the policy sends back for revision, or more minor
    nonconformities than it tolerates (``max_minor_nonconformities`` -1: no such limit)."""
    if any(f.severity.value in vp.revise_severities and f.kind.value in vp.revise_kinds for f in active):
        return True
    minors = sum(1 for f in active if f.severity == Severity.minor and f.kind == Kind.nonconformity)
    return vp.max_minor_nonconformities >= 0 and minors > vp.max_minor_nonconformities


def verdict(
    findings: Sequence[Finding], policy: Policy, registry: Registry | None = None, *, incomplete: bool = False
) -> Verdict:
    """From the findings that are not waived: rejected if any reject rule fired; to revise on a
    finding of a revise severity and kind, or too many minor nonconformities; accepted with
    remarks on anything else; accepted when there is nothing.

    ``incomplete``: parts of the syllabus were seen but not read, so some checks did not run. What
    would be accepted (with or without remarks) is then "remarks, incomplete check"; parts not read
    never make a verdict worse than that."""
    registry = registry or REGISTRY
    active = [f for f in findings if not f.waived]
    # strictest first: the first verdict that applies is the syllabus's
    if any(_matches(f, policy.verdict.reject_rules, registry) for f in active):
        return Verdict.rejected
    if _to_revise(active, policy.verdict):
        return Verdict.to_revise
    if incomplete:
        return Verdict.incomplete
    return Verdict.accepted_with_remarks if active else Verdict.accepted
