"""Score the library against a hand-made answer key of real syllabi (issue 8).

    python benchmarks/real_corpus.py KEY.json DOCS_DIR [--json OUT] [--policy F] [--timeout S]

For every document of the key that is in DOCS_DIR: read it with ``extract_file`` and check it
the way ``syllabus-audit check`` does (default policy or ``--policy``, every rule selected by
it, batch rules over the one document; an ``ExtractionError`` becomes its document-level
finding), then compare with the key:

- figures: right / wrong / missed (each wrong or missed one named, with the expected and the
  read value); a figure name this script does not know is "not scored", never a crash;
- must-report defects: found when some finding maps to the defect's topic;
- false alarms: findings whose topic is in neither ``must_report`` nor ``may_report``.

Documents of the key missing from DOCS_DIR are reported as skipped. Prints per document and a
TOTAL block; ``--json OUT`` writes the same scores as JSON. Exit status 0 unless the arguments
themselves are unusable (no key, not a folder): a score, however bad, is not a failure.

The key's schema (``../shared/real-syllabi/key.json``): ``{"conventions": [...], "documents":
{FILE: {"figures": {NAME: value}, "must_report": [{"topic", "detail"}], "may_report": [...],
...}}}``. Two tables below are all there is to extend: ``FIGURES`` (key figure name -> how to
read it from the ``Syllabus``) and ``TOPICS`` (rule code -> key topic). A rule class may also
declare its topic itself with a ``topic`` attribute, which wins over the table.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from checks.document_findings import is_tool_failure  # noqa: E402
from checks.finding import Finding  # noqa: E402
from checks.policy import load_policy  # noqa: E402
from checks.registry import load_rules  # noqa: E402
from checks.runner import audit, selected_rules  # noqa: E402
from extractors.api import extract_file  # noqa: E402
from extractors.errors import ExtractionError  # noqa: E402
from extractors.model import Activity, PeriodKind, Syllabus  # noqa: E402

NUMBER_TOLERANCE = 0.01


# ---------------------------------------------------------------------------------- figures
# Key figure name -> value read from the Syllabus. None = the reader did not fill it ("missed").


def _value(sourced) -> Any:
    return None if sourced is None else sourced.value


def _hours(field_name: str) -> Callable[[Syllabus], Any]:
    def get(s: Syllabus):
        return None if s.hours is None else _value(getattr(s.hours, field_name))

    return get


def _plan_sum(activity: Activity) -> Callable[[Syllabus], Any]:
    def get(s: Syllabus):
        section = s.plan_section(activity)
        if section is None:
            return None
        hours = [t.hours.value for t in section.topics if t.hours is not None]
        return sum(hours) if hours else None

    return get


def _siw_tasks_sum(s: Syllabus):
    hours = [t.hours.value for t in s.independent_work if t.hours is not None]
    return sum(hours) if hours else None


# The key's scheme taxonomy is coarser than the model's: its conventions count module points
# ("OshSU modules") under 'other', where the model has a value of its own.
KEY_SCHEME = {"modules": "other"}


def _scheme(s: Syllabus):
    scheme = s.assessment.scheme
    if scheme is None:
        return None
    value = getattr(scheme, "value", scheme)
    return KEY_SCHEME.get(value, value)


def _points(items) -> list[float]:
    return [i.max_points.value for i in items if i.max_points is not None]


def _period_sums(s: Syllabus):
    periods = [p for p in s.assessment.periods if p.kind != PeriodKind.exam]
    if not periods:
        return None
    return [sum(_points(p.items)) if _points(p.items) else None for p in periods]


def _course_total(s: Syllabus):
    if s.assessment.course_total is not None:
        return s.assessment.course_total.value
    points = [x for p in s.assessment.periods for x in _points(p.items)]
    return sum(points) if points else None


def _formula(field_name: str) -> Callable[[Syllabus], Any]:
    def get(s: Syllabus):
        f = s.assessment.formula
        return None if f is None else _value(getattr(f, field_name))

    return get


def _scale_rows(s: Syllabus):
    return len(s.assessment.scale) or None


def _scale_covers(s: Syllabus):
    rows = [(r.low.value, r.high.value) for r in s.assessment.scale if r.low is not None and r.high is not None]
    if not s.assessment.scale:
        return None
    return all(any(lo - 1e-9 <= n <= hi + 1e-9 for lo, hi in rows) for n in range(101))


def _stated(part: str) -> Callable[[Syllabus], Any]:
    def get(s: Syllabus):
        if part in s.coverage:
            return getattr(s.coverage[part].status, "value", s.coverage[part].status) == "read"
        return bool(getattr(s, part))

    return get


def _norm_text(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    text = re.sub(r"[\"'«»“”„‟‘’‚‛`]", "", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _norm_code(text: Any) -> Any:
    text = _norm_text(text)
    return text.replace(" ", "") if isinstance(text, str) else text


@dataclass(frozen=True)
class Figure:
    get: Callable[[Syllabus], Any]
    normalise: Callable[[Any], Any] | None = None  # applied to both sides of a text comparison


FIGURES: dict[str, Figure] = {
    "credits_ects": Figure(lambda s: _value(s.identity.credits.ects)),
    "credits_national": Figure(lambda s: _value(s.identity.credits.national)),
    **{f"hours.{f}": Figure(_hours(f)) for f in
       ("lectures", "practicals", "labs", "siwt", "siw", "contact", "independent_total", "total")},
    **{f"plan_sum.{a.value}": Figure(_plan_sum(a)) for a in Activity},
    "siw_tasks_sum": Figure(_siw_tasks_sum),
    "assessment.scheme": Figure(_scheme),
    "assessment.period_sums": Figure(_period_sums),
    "assessment.course_total": Figure(_course_total),
    "formula.current_weight": Figure(_formula("current_weight")),
    "formula.exam_weight": Figure(_formula("exam_weight")),
    "scale.rows": Figure(_scale_rows),
    "scale.covers_0_100": Figure(_scale_covers),
    "approval.present": Figure(lambda s: s.identity.approval.present),
    "approval.approver_named": Figure(lambda s: s.identity.approval.approver is not None),
    "approval.dated": Figure(lambda s: s.identity.approval.date is not None),
    "prerequisites.stated": Figure(_stated("prerequisites")),
    "postrequisites.stated": Figure(_stated("postrequisites")),
    # an empty list is a list the reader did not fill, as for the scale
    "literature.main_count": Figure(lambda s: len(s.literature.main) or None),
    "literature.additional_count": Figure(lambda s: len(s.literature.additional) or None),
    "course_code": Figure(lambda s: _value(s.identity.course_code), _norm_code),
    "course_title": Figure(lambda s: _value(s.identity.course_title), _norm_text),
}


def same(expected: Any, read: Any, normalise: Callable[[Any], Any] | None = None) -> bool:
    """Numbers within a small tolerance, lists element-wise, booleans exactly, text as is (or
    after ``normalise``)."""
    if isinstance(expected, bool) or isinstance(read, bool):
        return isinstance(expected, bool) and isinstance(read, bool) and expected == read
    if isinstance(expected, (int, float)):
        return isinstance(read, (int, float)) and math.isclose(expected, read, abs_tol=NUMBER_TOLERANCE)
    if isinstance(expected, (list, tuple)):
        return (isinstance(read, (list, tuple)) and len(expected) == len(read)
                and all(same(e, r, normalise) for e, r in zip(expected, read)))
    if expected is None or read is None:
        return expected is None and read is None
    if normalise is not None:
        return normalise(expected) == normalise(read)
    return str(expected) == str(read)


# ----------------------------------------------------------------------------------- topics
# Rule code -> key topic. A value is a topic; or a list of (evidence.location prefix, topic),
# the first matching prefix wins ("" matches all); or a function of the finding. The topic PART
# is part_missing:<part>, the part taken from a location 'sections/<name>' or 'tables/<name>'
# (see ``_part_or_blank``: a part whose heading is there with nothing under it is a blank left).
PART = "part_missing"

Topic = str | Sequence[tuple[str, str]] | Callable[[Finding], str]

TOPICS: dict[str, Topic] = {
    # document (an ExtractionError's finding has location 'document')
    "DOC001": "unreadable",
    "DOC002": "unreadable",  # no text layer / unmapped glyphs: nothing can be read
    "DOC003": "not_a_syllabus",
    "DOC004": [("tables/", PART), ("", "tables_not_found")],
    "DOC005": "unsupported_language",
    "DOC006": "multiple_syllabi_in_one_file",
    # hours
    "HRS001": "hours_total_vs_credits",
    "HRS002": "hours_split_vs_norm",
    "HRS003": "hours_parts_sum",
    # plan
    "PLN001": "plan_total_row",  # the plan's own total row against its topics
    "PLN002": "plan_vs_hours",
    "PLN003": "plan_vs_hours",  # СРО tasks against the СРО hours
    # assessment
    "ASM001": "rating_period_sum",
    "ASM002": "formula_weights_sum",
    "ASM003": "formula_weights_policy",
    "ASM004": "grade_scale_gap",  # gaps, overlaps and inverted ranges of the 0-100 coverage
    "ASM005": "grade_scale_values",  # letters, grade points, ranges against the policy's scale
    "ASM006": "assessment_scheme_not_allowed",
    "ASM007": "course_points_sum",  # course points (exam included) against 100 / the stated total
    "ASM008": "rating_period_sum",  # a module's items against its stated maximum
    "ASM009": "assessment_vs_plan",  # course points against the formula's weights (the key's alias)
    # cross-references
    "XRF001": "assessment_vs_plan",
    "XRF002": "assessment_vs_plan",
    "XRF003": "literature_ref_missing",
    "XRF004": "literature_old",
    # prerequisites (PRQ002-004 need a curriculum file, which the benchmark does not give)
    "PRQ001": "prerequisites_missing",  # the field is there, empty
    "PRQ005": "postrequisites_missing",
    "PRQ002": "prerequisites_not_in_curriculum",
    "PRQ003": "prerequisites_order",
    "PRQ004": "curriculum_workload",
    # programme documents (they run only with --passport / --curriculum; mapped for completeness)
    "PRG001": "programme_mismatch",
    "PRG002": "programme_mismatch",
    "PRG003": "curriculum_workload",
    "PRG004": "programme_outcomes_mismatch",
    "PRG005": "programme_outcomes_mismatch",
    "PRG006": "programme_outcomes_mismatch",
    "PRG007": "department_mismatch",
    "PRG008": "curriculum_workload",
    "PRG009": "prerequisites_not_in_curriculum",
    # hygiene
    "HYG001": [("identity/approval/approver", "approver_missing"), ("", "approval_date_missing")],
    "HYG002": "placeholder_left",
    "HYG003": "tracked_changes",
    "HYG004": PART,
    # batch (over one document they do not fire; mapped for completeness)
    "BAT001": "requisites_not_reciprocal",
    "BAT002": "requisites_not_reciprocal",
    "BAT003": "duplicate_course_code",
}

# Our section / table names -> the key's part names; parts whose absence the key files under a
# topic of its own (a missing prerequisites field is prerequisites_missing).
PART_NAMES = {"outcomes": "learning_outcomes"}
PART_TOPICS = {"prerequisites": "prerequisites_missing", "postrequisites": "postrequisites_missing"}


def _part_or_blank(f: Finding) -> str:
    """A part with no heading anywhere is part_missing:<part>; one whose heading is there with
    nothing under it (actual 'empty') is a blank left to fill, as the key counts template blanks,
    except the requisites, whose empty field is the key's prerequisites/postrequisites_missing."""
    topic = part_topic(f.evidence.location) or PART
    if f.evidence.actual == "empty" and topic.startswith(PART + ":"):
        return "placeholder_left"
    return topic


def part_topic(location: str) -> str | None:
    m = re.match(r"(sections|tables)/([^/]+)", location or "")
    if m is None:
        return None
    part = PART_NAMES.get(m.group(2), m.group(2))
    return PART_TOPICS.get(part, f"{PART}:{part}")


def _resolve(entry: Any, f: Finding) -> str | None:
    if entry is None or entry == "":
        return None
    if callable(entry):
        topic = entry(f)
    elif isinstance(entry, str):
        topic = entry
    else:
        pairs = entry.items() if isinstance(entry, Mapping) else entry
        topic = next((t for prefix, t in pairs if (f.evidence.location or "").startswith(prefix)), None)
    if topic == PART:
        topic = _part_or_blank(f)
    return topic or None


def topic_of(f: Finding, registry=None) -> str:
    """The key topic of a finding: the rule's own ``topic`` attribute, else ``TOPICS``, else
    'rule:<CODE>' (an unmapped rule, counted as a false alarm)."""
    registry = registry or load_rules()
    cls = registry[f.rule] if f.rule in registry else None  # noqa: SIM401 - a Registry, not a dict: no .get
    own = getattr(cls, "topic", None) if cls is not None else None
    return _resolve(own, f) or _resolve(TOPICS.get(f.rule), f) or f"rule:{f.rule}"


def unmapped_rules(registry=None) -> list[str]:
    registry = registry or load_rules()
    return [c.code for c in registry.rule_classes() if not getattr(c, "topic", None) and c.code not in TOPICS]


# --------------------------------------------------------------------------------- running


@dataclass
class DocumentRun:
    """What the library made of one document."""

    syllabus: Syllabus | None
    error: str | None  # extraction error code, or 'crash: ...' / 'tool-failure: ...'
    findings: list[Finding]
    failures: list[str] = field(default_factory=list)  # rules that crashed
    # parts the reader saw but could not read, with the rules that therefore did not run
    not_verified: list[str] = field(default_factory=list)


def run_document(path: Path, policy, rules, today: date | None = None) -> DocumentRun:
    """Extract and check one file as ``syllabus-audit check`` does; never raises."""
    try:
        item = extract_file(path)
    except ExtractionError as exc:
        if is_tool_failure(exc):
            return DocumentRun(None, f"tool-failure: {exc}", [])
        item = exc
    except Exception as exc:  # an extractor bug: check calls it a tool failure, not a finding
        return DocumentRun(None, f"crash: {type(exc).__name__}: {exc}", [])
    try:
        result = audit([item], policy=policy, rules=rules, today=today or date.today())
    except Exception as exc:
        syllabus = item if isinstance(item, Syllabus) else None
        return DocumentRun(syllabus, f"checks crashed: {type(exc).__name__}: {exc}", [])
    doc = result.documents[0]
    error = item.code if isinstance(item, ExtractionError) else None
    notes = [_note(n) for n in getattr(doc, "not_verified", None) or []]  # not in older libraries
    return DocumentRun(doc.syllabus, error, list(doc.findings), [str(f) for f in result.failures], notes)


def _note(n) -> str:
    rules = getattr(n, "rules_not_run", None) or []
    return str(getattr(n, "part", n)) + (f" (not run: {', '.join(rules)})" if rules else "")


# --------------------------------------------------------------------------------- scoring


@dataclass
class FigureResult:
    name: str
    status: str  # right, wrong, missed, not_scored
    expected: Any
    read: Any = None
    note: str = ""


@dataclass
class TopicHit:
    topic: str
    detail: str
    found_by: list[str] = field(default_factory=list)  # rule codes


@dataclass
class FindingRecord:
    rule: str
    topic: str
    location: str
    message: str


@dataclass
class DocumentScore:
    name: str
    status: str  # scored, skipped
    error: str | None = None
    figures: list[FigureResult] = field(default_factory=list)
    must: list[TopicHit] = field(default_factory=list)
    may_reported: list[FindingRecord] = field(default_factory=list)
    must_reported: list[FindingRecord] = field(default_factory=list)
    false_alarms: list[FindingRecord] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    not_verified: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.figures if f.status == status)

    @property
    def must_found(self) -> int:
        return sum(1 for m in self.must if m.found_by)


def _entries(items: Any) -> list[tuple[str, str]]:
    """(topic, detail) of a must_report / may_report list; a bare string is a topic."""
    out = []
    for item in items or []:
        if isinstance(item, str):
            out.append((item, ""))
        elif isinstance(item, Mapping) and item.get("topic"):
            out.append((str(item["topic"]), str(item.get("detail", ""))))
    return out


def _message(f: Finding) -> str:
    return f.message.en


def score_figures(figures: Mapping[str, Any], syllabus: Syllabus | None, why_none: str = "") -> list[FigureResult]:
    out = []
    if not isinstance(figures, Mapping):  # a malformed key entry scores nothing, never crashes
        figures = {}
    for name, expected in figures.items():
        figure = FIGURES.get(name)
        if figure is None:
            out.append(FigureResult(name, "not_scored", expected, note="unknown figure name"))
            continue
        note = ""
        if syllabus is None:
            read, note = None, why_none or "no syllabus"
        else:
            try:
                read = figure.get(syllabus)
            except Exception as exc:  # a model field the reader or model does not have yet
                read, note = None, f"{type(exc).__name__}: {exc}"
        if read is None and expected is not None:
            status = "missed"
        else:
            status = "right" if same(expected, read, figure.normalise) else "wrong"
        out.append(FigureResult(name, status, expected, read, note))
    return out


def score_document(name: str, entry: Mapping[str, Any], run: DocumentRun | None, registry=None) -> DocumentScore:
    """Compare one document's run with its key entry; ``run`` None = the file was not there."""
    entry = entry if isinstance(entry, Mapping) else {}
    must = [TopicHit(t, d) for t, d in _entries(entry.get("must_report"))]
    if run is None:
        return DocumentScore(name, "skipped", figures=[], must=must)
    registry = registry or load_rules()
    score = DocumentScore(name, "scored", error=run.error, failures=list(run.failures), must=must,
                          not_verified=list(run.not_verified))
    score.figures = score_figures(entry.get("figures") or {}, run.syllabus, run.error or "")
    must_topics = {m.topic for m in must}
    may_topics = {t for t, _ in _entries(entry.get("may_report"))}
    for f in run.findings:
        if f.waived:
            continue
        topic = topic_of(f, registry)
        rec = FindingRecord(f.rule, topic, f.evidence.location, _message(f))
        if topic in must_topics:
            score.must_reported.append(rec)
            for m in must:
                if m.topic == topic and f.rule not in m.found_by:
                    m.found_by.append(f.rule)
        elif topic in may_topics:
            score.may_reported.append(rec)
        else:
            score.false_alarms.append(rec)
    return score


@dataclass
class Total:
    documents: int = 0
    scored: int = 0
    skipped: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    not_scored: int = 0
    must_found: int = 0
    must_total: int = 0
    false_alarms: int = 0
    may_reported: int = 0
    must_missed_by_topic: dict[str, int] = field(default_factory=dict)
    false_alarms_by_topic: dict[str, int] = field(default_factory=dict)

    @property
    def figures(self) -> int:
        """All key figures of the scored documents, the not-scored ones included: a figure the
        benchmark cannot read is not a right one."""
        return self.right + self.wrong + self.missed + self.not_scored

    @property
    def percent_right(self) -> float:
        return 100.0 * self.right / self.figures if self.figures else 0.0


def total(scores: Sequence[DocumentScore]) -> Total:
    t = Total(documents=len(scores))
    missed_topics: Counter = Counter()
    alarm_topics: Counter = Counter()
    for s in scores:
        if s.status != "scored":
            t.skipped += 1
            continue
        t.scored += 1
        t.right += s.count("right")
        t.wrong += s.count("wrong")
        t.missed += s.count("missed")
        t.not_scored += s.count("not_scored")
        t.must_total += len(s.must)
        t.must_found += s.must_found
        t.false_alarms += len(s.false_alarms)
        t.may_reported += len(s.may_reported)
        missed_topics.update(m.topic for m in s.must if not m.found_by)
        alarm_topics.update(f.topic for f in s.false_alarms)
    t.must_missed_by_topic = dict(missed_topics.most_common())
    t.false_alarms_by_topic = dict(alarm_topics.most_common())
    return t


# ------------------------------------------------------------------------------- rendering


def show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, str):
        return repr(value) if len(value) <= 80 else repr(value[:77] + "...")
    return str(value)


def render_document(s: DocumentScore) -> list[str]:
    if s.status == "skipped":
        return [f"== {s.name}: SKIPPED (not in the documents folder)", ""]
    out = [f"== {s.name}" + (f"  [extraction: {s.error}]" if s.error else "")]
    out.append("   figures: " + _figure_counts(s.count("right"), s.count("wrong"), s.count("missed"), s.count("not_scored")))
    for f in s.figures:
        if f.status in ("wrong", "missed"):
            note = f" ({f.note})" if f.note else ""
            out.append(f"     {f.status:<6} {f.name}: expected {show(f.expected)}, read {show(f.read)}{note}")
        elif f.status == "not_scored":
            out.append(f"     not scored {f.name} = {show(f.expected)} ({f.note})")
    out.append(f"   must report: {s.must_found}/{len(s.must)} found")
    for m in s.must:
        if m.found_by:
            out.append(f"     found  {m.topic} ({', '.join(m.found_by)})")
        else:
            out.append(f"     MISSED {m.topic}")
    if s.may_reported:
        topics = Counter(r.topic for r in s.may_reported)
        out.append(f"   may report: {len(s.may_reported)} finding(s): "
                   + ", ".join(f"{t}" + (f" x{n}" if n > 1 else "") for t, n in topics.items()))
    out.append(f"   false alarms: {len(s.false_alarms)}")
    for r in s.false_alarms:
        out.append(f"     {r.rule} {r.topic}  {r.location}: {r.message}")
    if s.not_verified:
        out.append(f"   not verified by the tool: {'; '.join(s.not_verified)}")
    for failure in s.failures:
        out.append(f"   warning: {failure}")
    out.append("")
    return out


def _figure_counts(right: int, wrong: int, missed: int, not_scored: int, percent: bool = False) -> str:
    n = right + wrong + missed + not_scored
    text = f"{right} right, {wrong} wrong, {missed} missed" + (f", {not_scored} not scored" if not_scored else "")
    text += f" of {n}"
    if percent:
        text += f" ({100.0 * right / n if n else 0.0:.1f} % right)"
    return text


def render_total(t: Total) -> list[str]:
    out = [f"== TOTAL: {t.scored} document(s) scored, {t.skipped} skipped"]
    out.append("   figures: " + _figure_counts(t.right, t.wrong, t.missed, t.not_scored, percent=True))
    out.append(f"   must report: {t.must_found}/{t.must_total} found")
    if t.must_missed_by_topic:
        out.append("     missed: " + ", ".join(f"{k} x{v}" for k, v in t.must_missed_by_topic.items()))
    out.append(f"   may report: {t.may_reported} finding(s)")
    out.append(f"   false alarms: {t.false_alarms}")
    if t.false_alarms_by_topic:
        out.append("     by topic: " + ", ".join(f"{k} x{v}" for k, v in t.false_alarms_by_topic.items()))
    return out


def as_json(scores: Sequence[DocumentScore], t: Total, meta: Mapping[str, Any]) -> dict:
    tot = asdict(t)
    tot["figures"] = t.figures
    tot["percent_right"] = round(t.percent_right, 2)
    docs = {}
    for s in scores:
        d = asdict(s)
        d["counts"] = {k: s.count(k) for k in ("right", "wrong", "missed", "not_scored")}
        d["must_found"] = s.must_found
        docs[s.name] = d
    return {**meta, "documents": docs, "total": tot}


# ------------------------------------------------------------------------------------ main


def _score_in_child(name: str, entry: Mapping, path: Path, policy_file: Path | None, today: date | None) -> DocumentScore:
    # neither the policy nor the Syllabus pickles: the child loads its own policy and sends back
    # the score, which is plain data
    policy = load_policy(policy_file)
    return score_document(name, entry, run_document(path, policy, selected_rules(policy), today))


def score_limited(name: str, entry: Mapping, path: Path, policy_file: Path | None, today: date | None,
                  timeout_s: float) -> DocumentScore:
    """``score_document(run_document(...))`` in a child process stopped after ``timeout_s``
    (a reader that hangs on an unseen document); a document that times out scores as unread."""
    from concurrent.futures import TimeoutError as FutureTimeout

    import pebble

    with pebble.ProcessPool(max_workers=1) as pool:
        future = pool.schedule(_score_in_child, args=(name, entry, path, policy_file, today), timeout=timeout_s)
        try:
            return future.result()
        except FutureTimeout:
            error = f"timed out after {timeout_s:g} s"
        except Exception as exc:  # the child died (memory, a signal)
            error = f"crash: {type(exc).__name__}: {exc}"
    return score_document(name, entry, DocumentRun(None, error, []))


def load_key(path: Path) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    docs = data.get("documents") if isinstance(data, Mapping) else None
    if not isinstance(docs, Mapping):
        raise ValueError(f"{path}: no 'documents' object")
    return data


def benchmark(key: Mapping, docs_dir: Path, *, policy_file: Path | None = None, today: date | None = None,
              timeout_s: float | None = None, progress: Callable[[str], None] | None = None) -> list[DocumentScore]:
    policy = load_policy(policy_file)
    rules = selected_rules(policy)
    registry = load_rules()
    scores = []
    for name, entry in key["documents"].items():
        path = Path(docs_dir) / name
        if not path.is_file():
            scores.append(score_document(name, entry, None, registry))
            continue
        if progress:
            progress(name)
        if timeout_s:
            scores.append(score_limited(name, entry, path, policy_file, today, timeout_s))
        else:
            scores.append(score_document(name, entry, run_document(path, policy, rules, today), registry))
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("key", type=Path, help="the answer key (JSON)")
    ap.add_argument("docs", type=Path, help="folder holding the key's documents")
    ap.add_argument("--json", dest="json_out", type=Path, help="also write the scores to this JSON file")
    ap.add_argument("--policy", type=Path, help="policy TOML merged over the default, as for check")
    ap.add_argument("--timeout", type=float, help="read each document in a child process stopped after S seconds")
    ap.add_argument("--today", type=date.fromisoformat, help="the date the checks take as today (YYYY-MM-DD)")
    args = ap.parse_args(argv)
    try:
        key = load_key(args.key)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.docs.is_dir():
        print(f"error: {args.docs} is not a folder", file=sys.stderr)
        return 2
    try:
        load_policy(args.policy)
    except Exception as exc:  # PolicyError: a bad --policy file is unusable arguments
        print(f"error: {exc}", file=sys.stderr)
        return 2
    today = args.today or date.today()
    lines = [f"real-corpus benchmark: key {args.key}, documents {args.docs}, {today.isoformat()}", ""]
    for code in unmapped_rules():
        lines.append(f"warning: rule {code} has no topic mapping: its findings count as rule:{code} (false alarms)")
    if lines[-1]:
        lines.append("")
    print("\n".join(lines), flush=True)
    scores = benchmark(key, args.docs, policy_file=args.policy, today=today, timeout_s=args.timeout)
    out = []
    for s in scores:
        out.extend(render_document(s))
    t = total(scores)
    out.extend(render_total(t))
    print("\n".join(out))
    if args.json_out:
        meta = {"key": str(args.key), "docs": str(args.docs), "date": today.isoformat()}
        args.json_out.write_text(json.dumps(as_json(scores, t, meta), ensure_ascii=False, indent=2, default=str),
                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
