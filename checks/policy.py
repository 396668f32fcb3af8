"""Institution policy: the numbers and lists the rules compare a syllabus against.

The default lives in ``data/policy.toml`` (the Kazakh credit system). A user file passed with
``--policy`` is deep-merged into it (tables merge key by key; lists and values replace), then the
result is validated into frozen pydantic models. A bad file raises ``PolicyError`` naming the file
and the dotted key, so a QA officer can fix it without reading code.

A new policy key is one field here (its type and bounds say what is valid) plus one line of
``data/policy.toml``. The models pickle, so worker processes get the loaded policy itself.

Where the parts live: ``[limits]`` is ``extractors.limits.LimitsPolicy``, next to the ``Limits``
it produces (extractors may not import checks). ``[procedure]`` (the register's deadlines) stays
here as ``ProcedurePolicy``: the register imports it from here, since checks may not import
reports (layers: pipeline -> reports -> checks -> extractors), and ``PolicySettings`` must name
the table's model itself to refuse a bad ``[procedure]`` key when the file is loaded, naming it.
``PolicyError``, ``DEFAULT_POLICY_PATH`` and the reading of the TOML are ``checks.policy_files``'
(re-exported here): ``syllabus-audit rules`` uses them with the ``[rules]`` table that
``checks.policy_kept`` keeps, without the pydantic models below (issue 13).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn, TypeVar, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import ErrorDetails

from checks.policy_files import DEFAULT_POLICY_PATH, PolicyError, parse_toml, read_toml
from extractors.limits import LimitsPolicy

__all__ = [
    "DEFAULT_POLICY_PATH", "KINDS", "SCHEMES", "SEVERITIES", "SPLIT_KEYS", "AssessmentPolicy", "DocumentPolicy",
    "FrozenDict", "GradeBand", "HoursPolicy", "LimitsPolicy", "LiteraturePolicy", "MatchingPolicy", "OcrPolicy",
    "Policy", "PolicyError", "ProcedurePolicy", "RulesPolicy", "VerdictPolicy", "deep_merge", "load_policy",
    "policy_from_bytes", "policy_from_dict",
]

SplitKey = Literal["lectures", "practicals", "labs", "practicals_labs", "siwt", "siw"]
# How a syllabus may combine its marks (extractors.model.AssessmentScheme values).
Scheme = Literal["periods_of_100", "course_points_100", "modules", "other"]
Severity = Literal["major", "minor", "observation"]
Kind = Literal["nonconformity", "potential"]
TableName = Literal["hours", "plan", "assessment", "scale", "literature"]
SPLIT_KEYS: tuple[str, ...] = get_args(SplitKey)
SCHEMES: tuple[str, ...] = get_args(Scheme)
SEVERITIES: tuple[str, ...] = get_args(Severity)
KINDS: tuple[str, ...] = get_args(Kind)

# Numbers as TOML writes them: an int or a float, never a bool or a quoted "30" (strict), kept as float.
Number = Annotated[float, Strict()]
Positive = Annotated[float, Strict(), Field(gt=0)]
NonNegative = Annotated[float, Strict(), Field(ge=0)]
Fraction = Annotated[float, Strict(), Field(ge=0, le=1)]
Percent = Annotated[float, Strict(), Field(ge=0, le=100)]
Whole = Annotated[int, Strict()]


class _At(ValueError):
    """A problem a model validator finds at ``key`` (dotted, below the model it checks): pydantic
    places such errors at the model itself, this names the key the officer has to change."""

    def __init__(self, key: str, problem: str):
        super().__init__(problem)
        self.key = key


K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A table of the policy that cannot be changed once loaded. Unlike ``MappingProxyType`` it
    pickles (workers get the policy itself) and hashes (the frozen models around it do too)."""

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("the policy cannot be changed once loaded")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return type(self), (dict(self),)


def _frozen(value: Mapping[K, V]) -> FrozenDict[K, V]:
    return FrozenDict(value)


def _partial(info: ValidationInfo) -> bool:
    """A user file or override is checked alone first (so errors name it) and need not repeat
    what the default says: the checks across keys wait for the merged policy."""
    return bool(info.context and info.context.get("partial"))


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- the tables


class GradeBand(_Model):
    letter: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    points: NonNegative
    low: NonNegative
    high: NonNegative

    @model_validator(mode="after")
    def _ordered(self) -> GradeBand:
        if self.low > self.high:
            raise ValueError(f"low {self.low:g} is above high {self.high:g}")
        return self


def _one_practicals_form(parts: Mapping[str, float]) -> Mapping[str, float]:
    if "practicals_labs" in parts and ("practicals" in parts or "labs" in parts):
        raise ValueError("give either practicals_labs or practicals/labs, not both")
    return parts


# The hours of each activity for one number of credits (a key of [hours.split]).
Split = Annotated[Mapping[SplitKey, NonNegative], AfterValidator(_one_practicals_form), AfterValidator(_frozen)]


class HoursPolicy(_Model):
    hours_per_credit: Positive = 30.0
    hours_per_ze: Positive = 36.0  # a Russian зачётная единица (з.е.)
    tolerance: NonNegative = 0.01
    split: Annotated[Mapping[int, Split], AfterValidator(_frozen)] = FrozenDict()

    @model_validator(mode="after")
    def _splits_sum_to_credits(self, info: ValidationInfo) -> HoursPolicy:
        if _partial(info):
            return self
        hpc = self.hours_per_credit
        for n, parts in self.split.items():
            total = sum(parts.values())
            if abs(total - n * hpc) > self.tolerance + 1e-9:
                raise _At(f"split.{n}", f"the parts sum to {total:g} hours, not {n} × {hpc:g} = {n * hpc:g}")
        return self


class AssessmentPolicy(_Model):
    period_max_points: Positive = 100.0
    schemes: tuple[Scheme, ...] = ("periods_of_100", "course_points_100", "modules")
    course_total: Positive = 100.0
    current_weight: Fraction = 0.6
    exam_weight: Fraction = 0.4
    weight_tolerance: NonNegative = 0.001
    accepted_scales: tuple[str, ...] = ()  # none given: the first of the scales (below)
    scales: Annotated[Mapping[str, Annotated[tuple[GradeBand, ...], Field(min_length=1)]], AfterValidator(_frozen)] = (
        FrozenDict()
    )

    @model_validator(mode="before")
    @classmethod
    def _first_scale_by_default(cls, data: Any) -> Any:
        # with no accepted_scales, the first scale defined is the accepted one
        if isinstance(data, dict) and "accepted_scales" not in data and isinstance(data.get("scales", {}), dict):
            data = {**data, "accepted_scales": list(data.get("scales", {}))[:1]}
        return data

    @model_validator(mode="after")
    def _weights_and_scales_agree(self, info: ValidationInfo) -> AssessmentPolicy:
        if _partial(info):
            return self
        cw, ew = self.current_weight, self.exam_weight
        if abs(cw + ew - 1) > self.weight_tolerance:
            raise _At("exam_weight", f"current_weight + exam_weight must be 1, got {cw:g} + {ew:g}")
        for name in self.accepted_scales:
            if name not in self.scales:
                raise _At("accepted_scales", f"no scale named {name!r} in [assessment.scales]")
        return self


class LiteraturePolicy(_Model):
    max_age_years: Annotated[int, Strict(), Field(ge=0)] = 10


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc})") from None
    return pattern


class DocumentPolicy(_Model):
    required_sections: tuple[str, ...] = ()
    required_tables: tuple[TableName, ...] = ()
    max_unreadable_glyphs: Annotated[int, Strict(), Field(ge=0)] = 20
    placeholder_patterns: tuple[Annotated[str, AfterValidator(_regex)], ...] = ()

    def placeholder_regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in self.placeholder_patterns]


class MatchingPolicy(_Model):
    title_threshold: Annotated[float, Strict(), Field(gt=0, le=100)] = 85.0


class VerdictPolicy(_Model):
    reject_rules: tuple[str, ...] = ()
    revise_severities: tuple[Severity, ...] = ("major",)
    revise_kinds: tuple[Kind, ...] = ("nonconformity",)
    max_minor_nonconformities: Annotated[int, Strict(), Field(ge=-1)] = -1  # -1: never


class RulesPolicy(_Model):
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Annotated[Mapping[str, Severity], AfterValidator(_frozen)] = FrozenDict()


class ProcedurePolicy(_Model):
    """Deadlines of the nonconformity procedure (seed 001): review within N working days
    (clause 38), cause analysis within N weeks of receipt (clause 39). The register's deadlines."""

    review_working_days: Annotated[int, Strict(), Field(ge=1)] = 5
    cause_analysis_weeks: Annotated[int, Strict(), Field(ge=1)] = 4


class OcrPolicy(_Model):
    """Scanned pages read by OCR: a finding resting on a value read with a confidence (0-100)
    below ``min_confidence`` is shown as "from a scan: check by hand"; reading a file's scanned
    pages may take ``seconds_per_page`` each (the budget is pages × seconds per page)."""

    min_confidence: Percent = 80.0
    seconds_per_page: Positive = 30.0


class PolicySettings(_Model):
    """What a policy file may say (every key; an unknown one is an error)."""

    name: str = "policy"
    hours: HoursPolicy = HoursPolicy()
    assessment: AssessmentPolicy = AssessmentPolicy()
    literature: LiteraturePolicy = LiteraturePolicy()
    document: DocumentPolicy = DocumentPolicy()
    matching: MatchingPolicy = MatchingPolicy()
    verdict: VerdictPolicy = VerdictPolicy()
    rules: RulesPolicy = RulesPolicy()
    procedure: ProcedurePolicy = ProcedurePolicy()
    limits: LimitsPolicy = LimitsPolicy()
    ocr: OcrPolicy = OcrPolicy()

    @model_validator(mode="before")
    @classmethod
    def _ocr_budget_is_not_a_limit(cls, data: Any) -> Any:
        limits = data.get("limits") if isinstance(data, dict) else None
        if isinstance(limits, dict) and "ocr_seconds_per_page" in limits:
            raise _At("limits.ocr_seconds_per_page", "unknown key (the OCR budget is [ocr] seconds_per_page)")
        return data

    @model_validator(mode="after")
    def _ocr_budget_into_limits(self) -> PolicySettings:
        # [ocr] sets the budget; the extractor, which sees only the limits, spends it
        if self.limits.ocr_seconds_per_page != self.ocr.seconds_per_page:
            limits = self.limits.model_copy(update={"ocr_seconds_per_page": self.ocr.seconds_per_page})
            object.__setattr__(self, "limits", limits)  # still being built: frozen only once returned
        return self


class Policy(PolicySettings):
    """The policy a run uses: its settings, the files they came from, and their fingerprint."""

    sources: tuple[str, ...] = ()
    fingerprint: str = ""  # sha256 of the merged settings

    def scale(self, name: str) -> tuple[GradeBand, ...]:
        return self.assessment.scales[name]


# --------------------------------------------------------------------------- loading


def deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (lists included) replaces."""
    out = copy.deepcopy(base)
    for k, v in override.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def load_policy(user_file: str | Path | None = None, *, overrides: dict[str, Any] | None = None) -> Policy:
    """The default policy, with ``user_file`` and then ``overrides`` (a dict) merged over it."""
    data = read_toml(DEFAULT_POLICY_PATH)
    user = None if user_file is None else (str(user_file), read_toml(Path(user_file)))
    return _merged(data, user, overrides)


def policy_from_bytes(default: bytes, user: tuple[str | Path, bytes] | None = None) -> Policy:
    """``load_policy(user_file)`` of the files' bytes the caller has read (``default``: the default
    policy's; ``user``: the user file and its bytes): the same checks, the same errors.
    ``checks.policy_kept`` validates the very bytes its kept copy is named by."""
    data = parse_toml(DEFAULT_POLICY_PATH, default)
    if user is None:
        return _merged(data, None, None)
    user_file, user_bytes = user
    return _merged(data, (str(user_file), parse_toml(Path(user_file), user_bytes)), None)


def _merged(data: dict[str, Any], user: tuple[str, dict[str, Any]] | None, overrides: dict[str, Any] | None) -> Policy:
    sources = [str(DEFAULT_POLICY_PATH)]
    blame = str(DEFAULT_POLICY_PATH)
    if user is not None:
        user_file, user_data = user
        # Validate the user's keys against the schema first, so errors name *their* file.
        _settings(user_data, user_file, partial=True)
        data = deep_merge(data, user_data)
        sources.append(user_file)
        blame = f"{user_file} (merged over the default {DEFAULT_POLICY_PATH.name})"
    if overrides:
        _settings(overrides, "<overrides>", partial=True)
        data = deep_merge(data, overrides)
        sources.append("<overrides>")
    return _policy(data, blame, tuple(sources))


def policy_from_dict(data: dict[str, Any], file: str = "<dict>") -> Policy:
    return _policy(data, file, ())


def _policy(data: dict[str, Any], file: str, sources: tuple[str, ...]) -> Policy:
    settings = _settings(data, file)
    # the tables are validated already: pydantic takes model instances as they are
    return Policy(**dict(settings), sources=sources, fingerprint=_fingerprint(data))


def _fingerprint(data: dict[str, Any]) -> str:
    """Identifies the merged settings: cached check results are valid only under the same one."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _settings(data: Any, file: str, *, partial: bool = False) -> PolicySettings:
    try:
        return PolicySettings.model_validate(data, context={"partial": partial})
    except ValidationError as exc:
        # one problem at a time, the first in the file's order, as a person fixes them
        key, problem = _plain_words(exc.errors()[0])
        raise PolicyError(file, key, problem) from None


# --------------------------------------------------------------------------- errors in plain words


def _dotted(loc: list[int | str]) -> str:
    """``('assessment', 'scales', 'mine', 0, 'high')`` as ``assessment.scales.mine[0].high``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _is_model(node: Any) -> bool:
    return isinstance(node, type) and issubclass(node, BaseModel)


def _child(node: Any, part: int | str) -> Any:
    """The type one step down ``loc``: a model's field, else (a list, a table) its items' type;
    None when the step leads nowhere the schema knows."""
    if _is_model(node):
        field = node.model_fields.get(str(part))
        return field.annotation if field else None
    args = [a for a in get_args(node) if a is not Ellipsis]
    return args[-1] if args else None


def _unannotated(node: Any) -> Any:
    # Annotated[T, ...] (bounds, validators) says nothing about which keys T has
    while get_origin(node) is Annotated:
        node = get_args(node)[0]
    return node


def _keys_at(loc: list[int | str]) -> list[str]:
    """The keys the table at ``loc`` may have (its model's fields), for "unknown key" errors."""
    node: Any = PolicySettings
    for part in loc:
        node = _unannotated(_child(node, part))
    if not _is_model(node):
        return []
    # the OCR budget is copied into the limits by the policy, not written there by a person
    return [name for name in node.model_fields if not (node is LimitsPolicy and name == "ocr_seconds_per_page")]


def _key_problem(loc: list[int | str], kind: str, ctx: dict[str, Any], got: Any, msg: str) -> tuple[str, str]:
    """A key of a table of free keys that is itself wrong (``loc``: the table's key, without
    pydantic's ``[key]`` marker)."""
    if kind == "literal_error":
        return _dotted(loc), f"unknown key (expected one of: {ctx.get('expected')})"
    if kind == "int_parsing":  # [hours.split.N]: N credits
        return _dotted(loc), f"the key must be a whole number, e.g. [{_dotted(loc[:-1])}.5], got {loc[-1]!r}"
    return _dotted(loc), f"the key {_problem(kind, ctx, got, msg)}"


def _unknown_key(loc: list[int | str]) -> tuple[str, str]:
    """A key no model has: the keys its table may have, so a misspelling is fixed at once."""
    expected = ", ".join(sorted(_keys_at(loc[:-1])))
    return _dotted(loc), f"unknown key (expected one of: {expected})" if expected else "unknown key"


def _plain_words(err: ErrorDetails) -> tuple[str, str]:
    """A pydantic error as (dotted key, problem), in the words the hand-written checks used."""
    loc = list(err["loc"])
    kind, ctx, got = err["type"], err.get("ctx") or {}, err["input"]
    cause = ctx.get("error")
    if isinstance(cause, _At):  # a check across keys names the key to change
        return _dotted(loc + [cause.key]) if loc else cause.key, str(cause)
    if loc and loc[-1] == "[key]":
        return _key_problem(loc[:-1], kind, ctx, got, err["msg"])
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    if kind == "literal_error" and loc and isinstance(loc[-1], int):
        loc = loc[:-1]  # one value of a list of choices: the message names the value
    return _dotted(loc), _problem(kind, ctx, got, err["msg"])


def _bound(ctx: dict[str, Any], name: str) -> str:
    value = ctx.get(name)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _above(ctx: dict[str, Any], got: Any) -> str:
    return f"must be positive, got {got!r}" if ctx.get("gt") == 0 else f"must be above {_bound(ctx, 'gt')}, got {got!r}"


def _at_least(ctx: dict[str, Any], got: Any) -> str:
    return f"must not be negative, got {got!r}" if ctx.get("ge") == 0 else f"must be at least {_bound(ctx, 'ge')}, got {got!r}"


_Words = Callable[[dict[str, Any], Any], str]
# pydantic's error types in the words of a QA officer (a table, so that a new type is one line);
# several types are one mistake to the person writing the file (an int where a float was parsed...)
_WORDS: dict[str, _Words] = {
    "missing": lambda ctx, got: "is required",
    **dict.fromkeys(("float_type", "float_parsing", "finite_number"), lambda ctx, got: f"must be a number, got {got!r}"),
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), lambda ctx, got: f"must be a whole number, got {got!r}"),
    "string_type": lambda ctx, got: f"must be a string, got {got!r}",
    **dict.fromkeys(("tuple_type", "list_type"), lambda ctx, got: f"must be a list, got {got!r}"),
    **dict.fromkeys(("dict_type", "mapping_type", "model_type", "model_attributes_type"),
                    lambda ctx, got: f"must be a table, got {type(got).__name__}"),
    "greater_than": _above,
    "greater_than_equal": _at_least,
    "less_than_equal": lambda ctx, got: f"must be at most {_bound(ctx, 'le')}, got {got!r}",
    "literal_error": lambda ctx, got: f"{got!r} is not one of: {ctx.get('expected')}",
    **dict.fromkeys(("too_short", "string_too_short"), lambda ctx, got: "must not be empty"),
}


def _problem(kind: str, ctx: dict[str, Any], got: Any, msg: str) -> str:
    if kind == "value_error":  # a validator's own words
        return str(ctx.get("error", msg))
    words = _WORDS.get(kind)
    # a type not in the table: pydantic's message, as a continuation of "policy FILE: KEY"
    return words(ctx, got) if words else msg[:1].lower() + msg[1:]
