"""Rules and their registry.

A rule is a class in its own module ``checks/<category>/<CODE>.py``. Subclassing ``Rule`` registers
it in ``REGISTRY`` (pass ``register=False`` for a throw-away rule in a test); a second class with
the same code raises ``DuplicateRuleError``. The registry hands out frozen ``RuleManifest`` records
for documentation and selects rules by code, name or group.

A per-syllabus rule implements ``check(syllabus, ctx)``; a batch rule (``batch = True``)
implements ``check_batch(syllabi, ctx)``. Both *yield* findings, built with ``self.finding(...)``
so each carries the rule's metadata, evidence from a ``Source`` and a stable key.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from checks.finding_enums import Kind, Severity
from checks.rulekit import M, fmt, from_scan

if TYPE_CHECKING:
    from checks.curriculum import Curriculum
    from checks.finding import Finding, Messages
    from checks.passport import Passport
    from checks.policy import Policy
    from extractors.model import Source, Sourced, Syllabus

# The pydantic models (``Finding``, ``Evidence``, the syllabus's) are imported when a finding is made:
# registering and listing the rules (``syllabus-audit rules``, issue 13) builds none of them.

# Re-exported for the modules outside issue 12's files that still import them from here
# (checks/runner.py, checks/programme/, checks/outcomes/); new code imports them from checks.rulekit.
__all__ = [
    "CATEGORIES", "REGISTRY", "CheckContext", "DuplicateRuleError", "M", "Registry", "Rule", "RuleChoices",
    "RuleManifest", "UnknownRuleError", "fmt", "from_scan", "load_rules", "rules_chosen", "selected_rules",
]

CATEGORIES = ("document", "hours", "plan", "assessment", "crossref", "prerequisites", "hygiene", "outcomes", "programme", "batch")


class DuplicateRuleError(ValueError):
    pass


class UnknownRuleError(ValueError):
    """A selector (code, name or group) that names no rule."""


@dataclass
class CheckContext:
    """What a rule may read besides the syllabus."""

    policy: Policy
    curriculum: Curriculum | None = None
    passport: Passport | None = None  # the programme's passport (--passport): checks/programme/
    today: date = field(default_factory=date.today)


@dataclass(frozen=True)
class RuleManifest:
    code: str
    name: str
    title: str
    description: str
    groups: tuple[str, ...]
    severity: Severity
    kind: Kind
    requirement: str
    batch: bool
    module: str
    needs: tuple[str, ...] = ()
    policy_keys: tuple[str, ...] = ()

    def as_record(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "groups": list(self.groups),
            "severity": self.severity.value,
            "kind": self.kind.value,
            "requirement": self.requirement,
            "batch": self.batch,
            "needs": list(self.needs),
            "policy_keys": list(self.policy_keys),
        }


def _docstring(cls: type) -> str:
    return inspect.cleandoc(cls.__doc__ or "")


class Rule:
    """Base class of every rule (not itself a rule)."""

    code: ClassVar[str]
    name: ClassVar[str]
    groups: ClassVar[tuple[str, ...]] = ("all",)
    severity: ClassVar[Severity] = Severity.major
    kind: ClassVar[Kind] = Kind.nonconformity
    requirement: ClassVar[str] = ""
    batch: ClassVar[bool] = False
    # Root-cause grouping: among findings that share a ref, the one whose rule has the lowest rank
    # is the root and the others hang under it. Specific defects (one cell) rank low; summary
    # checks (a total against its parts) rank high.
    cause_rank: ClassVar[int] = 50
    # Parts of the syllabus (keys of ``Syllabus.coverage``: hours, plan, assessment, ...) the rule
    # reads. When the reader saw one of them but could not read it (``not_read``), the rule does
    # not run on that syllabus, and the syllabus says so instead of passing silently. Empty: the
    # rule runs on every syllabus (rules written before coverage existed keep working).
    needs: ClassVar[tuple[str, ...]] = ()
    # The policy settings the rule reads, as dotted keys of data/policy.toml ("hours.tolerance"),
    # like ruff's per-rule options: `syllabus-audit rules` and docs/rules.md show them, so a QA
    # officer knows which setting changes which rule. tests/rules/test_rule_policy_keys.py runs
    # every rule's cases with a policy that records what is read and holds this list to it.
    policy_keys: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, register: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if register:
            REGISTRY.register(cls)

    def __init__(self, severity: Severity | None = None):
        self.effective_severity = severity or self.severity

    # ------------------------------------------------------------------ metadata
    @classmethod
    def title(cls) -> str:
        doc = _docstring(cls)
        return doc.splitlines()[0].strip() if doc else ""

    @classmethod
    def manifest(cls) -> RuleManifest:
        return RuleManifest(
            code=cls.code,
            name=cls.name,
            title=cls.title(),
            description=_docstring(cls),
            groups=tuple(cls.groups),
            severity=cls.severity,
            kind=cls.kind,
            requirement=cls.requirement,
            batch=cls.batch,
            module=cls.__module__,
            needs=tuple(cls.needs),
            policy_keys=tuple(cls.policy_keys),
        )

    # ------------------------------------------------------------------ checking
    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        return iter(())

    def check_batch(self, syllabi: Sequence[Syllabus], ctx: CheckContext) -> Iterator[Finding]:
        return iter(())

    def finding(
        self,
        syllabus: Syllabus | None,
        *,
        location: str,
        message: Messages,
        source: Source | Sourced[Any] | None = None,
        expected: object = None,
        actual: object = None,
        key_values: Iterable[object] = (),
        refs: Iterable[str] = (),
        quote: str | None = None,
        file: str | None = None,
        course_code: str | None = None,
        key_location: str | None = None,
    ) -> Finding:
        """A finding of this rule with evidence taken from ``source``.

        ``location`` is logical ('plan/practicals/topic 5'); the key is the rule code, the location
        (or ``key_location`` when the shown location holds a number that may shift) and
        ``key_values``: stable across re-exports and layout changes."""
        from checks.finding import Evidence, Finding
        from extractors.model import Sourced

        if isinstance(source, Sourced):
            source = source.source
        src = source.model_dump() if source is not None else {}
        # the file the user gave, not an intermediate (a .doc is read through a converted copy)
        file = file or (syllabus.file if syllabus else "") or src.get("file") or ""
        evidence = Evidence(
            file=file,
            page=src.get("page"),
            paragraph=src.get("paragraph"),
            table=src.get("table"),
            row=src.get("row"),
            column=src.get("column"),
            location=location,
            expected=None if expected is None else fmt(expected),
            actual=None if actual is None else fmt(actual),
            quote=quote if quote is not None else src.get("text", ""),
            ocr=bool(src.get("ocr")),
            ocr_confidence=src.get("confidence"),
        )
        key = ":".join([self.code, key_location or location, *[fmt(v) for v in key_values]])
        if course_code is None and syllabus is not None and syllabus.identity.course_code:
            course_code = syllabus.identity.course_code.value
        return Finding(
            rule=self.code,
            name=self.name,
            severity=self.effective_severity,
            kind=self.kind,
            requirement=self.requirement,
            message=message,
            evidence=evidence,
            course_code=course_code,
            key=key,
            refs=sorted(set(refs)),
        )


class Registry:
    def __init__(self) -> None:
        self._rules: dict[str, type[Rule]] = {}

    def register(self, cls: type[Rule]) -> type[Rule]:
        for attr in ("code", "name"):
            if not isinstance(getattr(cls, attr, None), str) or not getattr(cls, attr):
                raise TypeError(f"rule {cls.__qualname__} has no {attr}")
        existing = self._rules.get(cls.code)
        if existing is not None:
            same = (existing.__module__, existing.__qualname__) == (cls.__module__, cls.__qualname__)
            if not same:
                raise DuplicateRuleError(
                    f"rule code {cls.code} is claimed by both {existing.__module__}.{existing.__qualname__} "
                    f"and {cls.__module__}.{cls.__qualname__}"
                )
        for other in self._rules.values():
            if other.name == cls.name and other.code != cls.code:
                raise DuplicateRuleError(f"rule name {cls.name} is used by both {other.code} and {cls.code}")
        self._rules[cls.code] = cls
        return cls

    def __contains__(self, code: str) -> bool:
        return code in self._rules

    def __getitem__(self, code: str) -> type[Rule]:
        return self._rules[code]

    def rule_classes(self) -> list[type[Rule]]:
        return [self._rules[c] for c in sorted(self._rules)]

    def manifests(self) -> tuple[RuleManifest, ...]:
        return tuple(cls.manifest() for cls in self.rule_classes())

    def _matches(self, cls: type[Rule], selector: str) -> bool:
        s = selector.strip().lower()
        return s in (cls.code.lower(), cls.name.lower()) or s in (g.lower() for g in cls.groups)

    def _check_selectors(self, selectors: Iterable[str]) -> None:
        for s in selectors:
            if not any(self._matches(c, s) for c in self._rules.values()):
                raise UnknownRuleError(f"no rule, rule name or group called {s!r}")

    def resolve(self, selector: str) -> list[type[Rule]]:
        return [c for c in self.rule_classes() if self._matches(c, selector)]

    def select(
        self,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        severity: dict[str, str] | None = None,
    ) -> list[Rule]:
        """Instances of the chosen rules. ``select`` empty means all; ``ignore`` wins over
        ``select``; ``severity`` maps a code, name or group to a severity (a code beats a name
        beats a group)."""
        severity = severity or {}
        self._check_selectors([*select, *ignore, *severity])
        chosen: list[Rule] = []
        for cls in self.rule_classes():
            if select and not any(self._matches(cls, s) for s in select):
                continue
            if any(self._matches(cls, s) for s in ignore):
                continue
            chosen.append(cls(severity=self._severity_for(cls, severity)))
        return chosen

    def _severity_for(self, cls: type[Rule], overrides: dict[str, str]) -> Severity | None:
        def lookup(names: set[str]) -> Severity | None:
            for k, v in overrides.items():
                if k.strip().lower() in names:
                    return Severity(v)
            return None

        return (
            lookup({cls.code.lower()})
            or lookup({cls.name.lower()})
            or lookup({g.lower() for g in cls.groups})
        )


REGISTRY = Registry()
_loaded = False


def load_rules() -> Registry:
    """Import every rule module under ``checks/<category>/`` so the rules register themselves."""
    global _loaded
    if not _loaded:
        base = Path(__file__).resolve().parent
        for category in CATEGORIES:
            pkg = base / category
            if not pkg.is_dir():
                continue
            for info in sorted(pkgutil.iter_modules([str(pkg)]), key=lambda m: m.name):
                # relative to this package: "checks" here, "syllabus_audit.checks" in the wheel
                importlib.import_module(f".{category}.{info.name}", __package__)
        _loaded = True
    return REGISTRY


class RuleChoices(Protocol):
    """A policy's ``[rules]`` table: ``checks.policy.RulesPolicy``, or the copy of one that
    ``checks.policy_kept`` keeps for ``syllabus-audit rules``."""

    @property
    def select(self) -> Sequence[str]: ...
    @property
    def ignore(self) -> Sequence[str]: ...
    @property
    def severity(self) -> Mapping[str, str]: ...


def selected_rules(
    policy: Policy,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    registry: Registry | None = None,
    severity: dict[str, str] | None = None,
) -> list[Rule]:
    """Policy's [rules] plus command-line choices (which add to the policy's ignore list, when
    given replace its select list, and override its severities).

    Here, not in checks.runner (which re-exports it): listing the rules under a policy
    (``syllabus-audit rules``, issue 13) needs the registry, not what running the rules needs."""
    source = policy.sources[-1] if policy.sources else ""
    return rules_chosen(policy.rules, source, select, ignore, registry, severity)


def rules_chosen(
    choices: RuleChoices,
    source: str,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    registry: Registry | None = None,
    severity: dict[str, str] | None = None,
) -> list[Rule]:
    """``selected_rules`` of a policy whose ``[rules]`` table is ``choices``, from the file
    ``source`` (named when the table names no rule): ``rules`` lists the rules from the table alone."""
    registry = registry or load_rules()
    try:
        registry.select(select=choices.select, ignore=choices.ignore, severity=dict(choices.severity))
    except UnknownRuleError as exc:
        raise UnknownRuleError(f"policy {source} [rules]: {exc}") from None
    return registry.select(
        select=list(select) or list(choices.select),
        ignore=[*choices.ignore, *ignore],
        severity={**dict(choices.severity), **(severity or {})},
    )
