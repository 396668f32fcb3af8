"""Institution policy: the numbers and lists the rules compare a syllabus against.

The default lives in ``data/policy.toml`` (the Kazakh credit system). A user file passed with
``--policy`` is deep-merged into it (tables merge key by key; lists and values replace), then the
result is validated into frozen dataclasses. A bad file raises ``PolicyError`` naming the file and
the dotted key, so a QA officer can fix it without reading code.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

from extractors.limits import Limits

DEFAULT_POLICY_PATH = Path(__file__).resolve().parent.parent / "data" / "policy.toml"

SPLIT_KEYS = ("lectures", "practicals", "labs", "practicals_labs", "siwt", "siw")
# How a syllabus may combine its marks (extractors.model.AssessmentScheme values).
SCHEMES = ("periods_of_100", "course_points_100", "modules", "other")
SEVERITIES = ("major", "minor", "observation")
KINDS = ("nonconformity", "potential")


class PolicyError(ValueError):
    """A policy file that cannot be used: says which file and which key, and why."""

    def __init__(self, file: str, key: str, problem: str):
        self.file = file
        self.key = key
        self.problem = problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"policy {where}: {problem}")


@dataclass(frozen=True)
class GradeBand:
    letter: str
    points: float
    low: float
    high: float


@dataclass(frozen=True)
class HoursPolicy:
    hours_per_credit: float = 30.0
    hours_per_ze: float = 36.0  # a Russian зачётная единица (з.е.)
    tolerance: float = 0.01
    split: Mapping[int, Mapping[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class AssessmentPolicy:
    period_max_points: float = 100.0
    schemes: tuple[str, ...] = ("periods_of_100", "course_points_100", "modules")
    course_total: float = 100.0
    current_weight: float = 0.6
    exam_weight: float = 0.4
    weight_tolerance: float = 0.001
    accepted_scales: tuple[str, ...] = ("standard",)
    scales: Mapping[str, tuple[GradeBand, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class LiteraturePolicy:
    max_age_years: int = 10


@dataclass(frozen=True)
class DocumentPolicy:
    required_sections: tuple[str, ...] = ()
    required_tables: tuple[str, ...] = ()
    max_unreadable_glyphs: int = 20
    placeholder_patterns: tuple[str, ...] = ()

    def placeholder_regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in self.placeholder_patterns]


@dataclass(frozen=True)
class MatchingPolicy:
    title_threshold: float = 85.0


@dataclass(frozen=True)
class VerdictPolicy:
    reject_rules: tuple[str, ...] = ()
    revise_severities: tuple[str, ...] = ("major",)
    revise_kinds: tuple[str, ...] = ("nonconformity",)
    max_minor_nonconformities: int = -1


@dataclass(frozen=True)
class RulesPolicy:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProcedurePolicy:
    """Deadlines of the nonconformity procedure (seed 001): review within N working days
    (clause 38), cause analysis within N weeks of receipt (clause 39)."""

    review_working_days: int = 5
    cause_analysis_weeks: int = 4


@dataclass(frozen=True)
class LimitsPolicy:
    """What one file may cost: beyond these it is refused or stopped and reported, never left to
    hang or exhaust the nightly run."""

    max_file_mb: float = 50.0
    max_pages: int = 300
    conversion_timeout_s: float = 120.0
    file_timeout_s: float = 300.0
    file_memory_mb: int = 2048
    ocr_seconds_per_page: float = 30.0  # from [ocr] seconds_per_page
    min_files: int = 1  # fewer files found than this: the run fails (an unmounted share is not a clean night)

    def extraction_limits(self) -> Limits:
        return Limits(
            max_file_bytes=int(self.max_file_mb * 1024 * 1024),
            max_pages=self.max_pages,
            conversion_timeout_s=self.conversion_timeout_s,
            ocr_seconds_per_page=self.ocr_seconds_per_page,
        )


@dataclass(frozen=True)
class OcrPolicy:
    """Scanned pages read by OCR: a finding resting on a value read with a confidence (0-100)
    below ``min_confidence`` is shown as "from a scan: check by hand"; reading a file's scanned
    pages may take ``seconds_per_page`` each (the budget is pages × seconds per page)."""

    min_confidence: float = 80.0
    seconds_per_page: float = 30.0


@dataclass(frozen=True)
class Policy:
    name: str
    hours: HoursPolicy
    assessment: AssessmentPolicy
    literature: LiteraturePolicy
    document: DocumentPolicy
    matching: MatchingPolicy
    verdict: VerdictPolicy
    rules: RulesPolicy
    procedure: ProcedurePolicy = field(default_factory=ProcedurePolicy)
    limits: LimitsPolicy = field(default_factory=LimitsPolicy)
    ocr: OcrPolicy = field(default_factory=OcrPolicy)
    sources: tuple[str, ...] = ()
    fingerprint: str = field(default="", compare=False)  # sha256 of the merged settings

    def scale(self, name: str) -> tuple[GradeBand, ...]:
        return self.assessment.scales[name]


# --------------------------------------------------------------------------- loading


def deep_merge(base: dict, override: dict) -> dict:
    """Tables merge key by key; any other value (lists included) replaces."""
    out = copy.deepcopy(base)
    for k, v in override.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PolicyError(str(path), "", "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(str(path), "", f"not valid TOML ({exc})") from None
    except OSError as exc:
        raise PolicyError(str(path), "", f"cannot be read ({exc.strerror})") from None


def load_policy(user_file: str | Path | None = None, *, overrides: dict | None = None) -> Policy:
    """The default policy, with ``user_file`` and then ``overrides`` (a dict) merged over it."""
    data = _read_toml(DEFAULT_POLICY_PATH)
    sources = [str(DEFAULT_POLICY_PATH)]
    blame = str(DEFAULT_POLICY_PATH)
    if user_file is not None:
        user = _read_toml(Path(user_file))
        # Validate the user's keys against the schema first, so errors name *their* file.
        _Validator(str(user_file), partial=True).policy(user)
        data = deep_merge(data, user)
        sources.append(str(user_file))
        blame = f"{user_file} (merged over the default {DEFAULT_POLICY_PATH.name})"
    if overrides:
        _Validator("<overrides>", partial=True).policy(overrides)
        data = deep_merge(data, overrides)
        sources.append("<overrides>")
    policy = _Validator(blame).policy(data)
    return Policy(**{**policy.__dict__, "sources": tuple(sources), "fingerprint": _fingerprint(data)})


def _fingerprint(data: dict) -> str:
    """Identifies the merged settings: cached check results are valid only under the same one."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def policy_from_dict(data: dict, file: str = "<dict>") -> Policy:
    policy = _Validator(file).policy(data)
    return Policy(**{**policy.__dict__, "fingerprint": _fingerprint(data)})


class _Validator:
    """Turns parsed TOML into ``Policy``; every complaint names file and dotted key."""

    SCHEMA: ClassVar[dict[str, set[str] | None]] = {
        "name": None,
        "hours": {"hours_per_credit", "hours_per_ze", "tolerance", "split"},
        "assessment": {
            "period_max_points",
            "schemes",
            "course_total",
            "current_weight",
            "exam_weight",
            "weight_tolerance",
            "accepted_scales",
            "scales",
        },
        "literature": {"max_age_years"},
        "document": {"required_sections", "required_tables", "max_unreadable_glyphs", "placeholder_patterns"},
        "matching": {"title_threshold"},
        "procedure": {"review_working_days", "cause_analysis_weeks"},
        "limits": {"max_file_mb", "max_pages", "conversion_timeout_s", "file_timeout_s", "file_memory_mb",
                   "min_files"},
        "verdict": {"reject_rules", "revise_severities", "revise_kinds", "max_minor_nonconformities"},
        "rules": {"select", "ignore", "severity"},
        "ocr": {"min_confidence", "seconds_per_page"},
    }

    def __init__(self, file: str, partial: bool = False):
        self.file = file
        self.partial = partial  # a user file need not repeat keys the default has

    def fail(self, key: str, problem: str):
        raise PolicyError(self.file, key, problem)

    def _table(self, data: Any, key: str) -> dict:
        if not isinstance(data, dict):
            self.fail(key, f"must be a table, got {type(data).__name__}")
        return data

    def _known(self, data: dict, prefix: str, allowed: set[str]):
        for k in data:
            if k not in allowed:
                self.fail(f"{prefix}.{k}" if prefix else k, f"unknown key (expected one of: {', '.join(sorted(allowed))})")

    def _number(self, value: Any, key: str, *, positive=False, nonneg=False, at_most=None) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"must be a number, got {value!r}")
        if positive and value <= 0:
            self.fail(key, f"must be positive, got {value!r}")
        if nonneg and value < 0:
            self.fail(key, f"must not be negative, got {value!r}")
        if at_most is not None and value > at_most:
            self.fail(key, f"must be at most {at_most}, got {value!r}")
        return float(value)

    def _int(self, value: Any, key: str, *, minimum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"must be a whole number, got {value!r}")
        if minimum is not None and value < minimum:
            self.fail(key, f"must be at least {minimum}, got {value!r}")
        return value

    def _strings(self, value: Any, key: str, *, choices: tuple[str, ...] | None = None) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"must be a list of strings, got {value!r}")
        if choices:
            for v in value:
                if v not in choices:
                    self.fail(key, f"{v!r} is not one of: {', '.join(choices)}")
        return tuple(value)

    def policy(self, data: dict) -> Policy:
        data = self._table(data, "")
        self._known(data, "", set(self.SCHEMA))
        for section, keys in self.SCHEMA.items():
            if keys and section in data:
                self._known(self._table(data[section], section), section, keys)
        name = data.get("name", "policy")
        if not isinstance(name, str):
            self.fail("name", "must be a string")
        return Policy(
            name=name,
            hours=self._hours(data.get("hours", {})),
            assessment=self._assessment(data.get("assessment", {})),
            literature=self._literature(data.get("literature", {})),
            document=self._document(data.get("document", {})),
            matching=self._matching(data.get("matching", {})),
            verdict=self._verdict(data.get("verdict", {})),
            rules=self._rules(data.get("rules", {})),
            procedure=self._procedure(data.get("procedure", {})),
            limits=self._limits(data.get("limits", {}), self._ocr(data.get("ocr", {}))),
            ocr=self._ocr(data.get("ocr", {})),
        )

    def _ocr(self, d: dict) -> OcrPolicy:
        d = self._table(d, "ocr")
        return OcrPolicy(
            min_confidence=self._number(d.get("min_confidence", 80.0), "ocr.min_confidence", nonneg=True, at_most=100),
            seconds_per_page=self._number(d.get("seconds_per_page", 30.0), "ocr.seconds_per_page", positive=True),
        )

    def _procedure(self, d: dict) -> ProcedurePolicy:
        return ProcedurePolicy(
            review_working_days=self._int(d.get("review_working_days", 5), "procedure.review_working_days", minimum=1),
            cause_analysis_weeks=self._int(d.get("cause_analysis_weeks", 4), "procedure.cause_analysis_weeks", minimum=1),
        )

    def _limits(self, d: dict, ocr: OcrPolicy | None = None) -> LimitsPolicy:
        return LimitsPolicy(
            ocr_seconds_per_page=(ocr or OcrPolicy()).seconds_per_page,
            max_file_mb=self._number(d.get("max_file_mb", 50.0), "limits.max_file_mb", positive=True),
            max_pages=self._int(d.get("max_pages", 300), "limits.max_pages", minimum=1),
            conversion_timeout_s=self._number(d.get("conversion_timeout_s", 120.0), "limits.conversion_timeout_s", positive=True),
            file_timeout_s=self._number(d.get("file_timeout_s", 300.0), "limits.file_timeout_s", positive=True),
            file_memory_mb=self._int(d.get("file_memory_mb", 2048), "limits.file_memory_mb", minimum=64),
            min_files=self._int(d.get("min_files", 1), "limits.min_files", minimum=0),
        )

    def _hours(self, d: dict) -> HoursPolicy:
        hpc = self._number(d.get("hours_per_credit", 30), "hours.hours_per_credit", positive=True)
        tol = self._number(d.get("tolerance", 0.01), "hours.tolerance", nonneg=True)
        split: dict[int, Mapping[str, float]] = {}
        for credits, parts in self._table(d.get("split", {}), "hours.split").items():
            key = f"hours.split.{credits}"
            try:
                n = int(credits)
            except ValueError:
                self.fail(key, "the key must be a number of credits, e.g. [hours.split.5]")
            parts = self._table(parts, key)
            self._known(parts, key, set(SPLIT_KEYS))
            values = {k: self._number(v, f"{key}.{k}", nonneg=True) for k, v in parts.items()}
            if ("practicals_labs" in values) and ("practicals" in values or "labs" in values):
                self.fail(key, "give either practicals_labs or practicals/labs, not both")
            if not self.partial and abs(sum(values.values()) - n * hpc) > tol + 1e-9:
                self.fail(key, f"the parts sum to {sum(values.values()):g} hours, not {n} × {hpc:g} = {n * hpc:g}")
            split[n] = MappingProxyType(values)
        hpz = self._number(d.get("hours_per_ze", 36), "hours.hours_per_ze", positive=True)
        return HoursPolicy(hours_per_credit=hpc, hours_per_ze=hpz, tolerance=tol, split=MappingProxyType(split))

    def _scale(self, bands: Any, key: str) -> tuple[GradeBand, ...]:
        if not isinstance(bands, list) or not bands:
            self.fail(key, "must be a non-empty list of {letter, points, low, high} tables")
        out = []
        for i, b in enumerate(bands):
            bkey = f"{key}[{i}]"
            b = self._table(b, bkey)
            self._known(b, bkey, {"letter", "points", "low", "high"})
            for req in ("letter", "points", "low", "high"):
                if req not in b:
                    self.fail(f"{bkey}.{req}", "is required")
            if not isinstance(b["letter"], str) or not b["letter"].strip():
                self.fail(f"{bkey}.letter", "must be a non-empty string")
            low = self._number(b["low"], f"{bkey}.low", nonneg=True)
            high = self._number(b["high"], f"{bkey}.high", nonneg=True)
            if low > high:
                self.fail(bkey, f"low {low:g} is above high {high:g}")
            out.append(GradeBand(b["letter"].strip(), self._number(b["points"], f"{bkey}.points", nonneg=True), low, high))
        return tuple(out)

    def _assessment(self, d: dict) -> AssessmentPolicy:
        cw = self._number(d.get("current_weight", 0.6), "assessment.current_weight", nonneg=True, at_most=1)
        ew = self._number(d.get("exam_weight", 0.4), "assessment.exam_weight", nonneg=True, at_most=1)
        tol = self._number(d.get("weight_tolerance", 0.001), "assessment.weight_tolerance", nonneg=True)
        if not self.partial and abs(cw + ew - 1) > tol:
            self.fail("assessment.exam_weight", f"current_weight + exam_weight must be 1, got {cw:g} + {ew:g}")
        scales = {
            name: self._scale(bands, f"assessment.scales.{name}")
            for name, bands in self._table(d.get("scales", {}), "assessment.scales").items()
        }
        accepted = self._strings(d.get("accepted_scales", list(scales)[:1]), "assessment.accepted_scales")
        if not self.partial:
            for name in accepted:
                if name not in scales:
                    self.fail("assessment.accepted_scales", f"no scale named {name!r} in [assessment.scales]")
        return AssessmentPolicy(
            period_max_points=self._number(
                d.get("period_max_points", 100), "assessment.period_max_points", positive=True
            ),
            schemes=self._strings(
                d.get("schemes", ["periods_of_100", "course_points_100", "modules"]), "assessment.schemes", choices=SCHEMES
            ),
            course_total=self._number(d.get("course_total", 100), "assessment.course_total", positive=True),
            current_weight=cw,
            exam_weight=ew,
            weight_tolerance=tol,
            accepted_scales=accepted,
            scales=MappingProxyType(scales),
        )

    def _literature(self, d: dict) -> LiteraturePolicy:
        return LiteraturePolicy(max_age_years=self._int(d.get("max_age_years", 10), "literature.max_age_years", minimum=0))

    def _document(self, d: dict) -> DocumentPolicy:
        patterns = self._strings(d.get("placeholder_patterns", []), "document.placeholder_patterns")
        for i, p in enumerate(patterns):
            try:
                re.compile(p)
            except re.error as exc:
                self.fail(f"document.placeholder_patterns[{i}]", f"not a valid regular expression ({exc})")
        return DocumentPolicy(
            required_sections=self._strings(d.get("required_sections", []), "document.required_sections"),
            required_tables=self._strings(
                d.get("required_tables", []),
                "document.required_tables",
                choices=("hours", "plan", "assessment", "scale", "literature"),
            ),
            max_unreadable_glyphs=self._int(
                d.get("max_unreadable_glyphs", 20), "document.max_unreadable_glyphs", minimum=0
            ),
            placeholder_patterns=patterns,
        )

    def _matching(self, d: dict) -> MatchingPolicy:
        return MatchingPolicy(
            title_threshold=self._number(d.get("title_threshold", 85), "matching.title_threshold", positive=True, at_most=100)
        )

    def _verdict(self, d: dict) -> VerdictPolicy:
        return VerdictPolicy(
            reject_rules=self._strings(d.get("reject_rules", []), "verdict.reject_rules"),
            revise_severities=self._strings(d.get("revise_severities", ["major"]), "verdict.revise_severities", choices=SEVERITIES),
            revise_kinds=self._strings(d.get("revise_kinds", ["nonconformity"]), "verdict.revise_kinds", choices=KINDS),
            max_minor_nonconformities=self._int(
                d.get("max_minor_nonconformities", -1), "verdict.max_minor_nonconformities", minimum=-1
            ),
        )

    def _rules(self, d: dict) -> RulesPolicy:
        sev = self._table(d.get("severity", {}), "rules.severity")
        for k, v in sev.items():
            if v not in SEVERITIES:
                self.fail(f"rules.severity.{k}", f"{v!r} is not one of: {', '.join(SEVERITIES)}")
        return RulesPolicy(
            select=self._strings(d.get("select", []), "rules.select"),
            ignore=self._strings(d.get("ignore", []), "rules.ignore"),
            severity=MappingProxyType(dict(sev)),
        )
