from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M
from extractors.model_enums import ReadStatus

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Sourced, Syllabus

PERSON_FIELDS = ("identity/authors", "identity/approval/approver", "identity/approval/position", "identity/protocol/chair")
_SIGNATURE_LINE = re.compile(r"_{3,}")


def _has_name(text: str) -> bool:
    return len(re.findall(r"[^\W\d_]", _SIGNATURE_LINE.sub("", text or ""))) >= 2


def walk(obj: object, path: str) -> Iterator[tuple[str, Sourced[Any]]]:
    """(logical path, Sourced) for every sourced value of the model."""
    # the models are imported when a syllabus is walked, not when the rules are listed (issue 13)
    from pydantic import BaseModel

    from extractors.model import PlanSection, Sourced

    def visit(obj: object, path: str) -> Iterator[tuple[str, Sourced[Any]]]:
        if isinstance(obj, Sourced):
            yield path, obj
            return
        if isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                if name in ("document", "schema_version", "file"):
                    continue
                yield from visit(getattr(obj, name), f"{path}/{name}" if path else name)
        elif isinstance(obj, list):
            for i, x in enumerate(obj):
                label = x.activity.value if isinstance(x, PlanSection) else str(i + 1)
                yield from visit(x, f"{path}/{label}")

    yield from visit(obj, path)


def placeholder_matches(text: str, patterns: Sequence[re.Pattern[str]]) -> list[tuple[int, str]]:
    """(pattern index, matched text) for each placeholder in ``text``; where two patterns match
    overlapping text ("x.xxxxx@almau.edu.kz" and its "xxxxx") only the longer match counts."""
    found = []
    for k, rx in enumerate(patterns):
        for m in rx.finditer(text or ""):
            if m.group(0).strip():
                found.append((m.start(), m.end(), k, m.group(0)))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, int, str]] = []
    for f in found:
        if all(f[1] <= g[0] or f[0] >= g[1] for g in kept):
            kept.append(f)
    return [(k, t) for _, _, k, t in sorted(kept)]


def place_of(sv: Sourced[Any], path: str) -> tuple[object, ...]:
    """Where a value was read: two fields read from one cell or paragraph are one place."""
    s = sv.source
    if s.paragraph is None and s.table is None and s.page is None:
        return ("path", path)
    return (s.file, s.page, s.paragraph, s.table, s.row, s.column)


def labels(syllabus: Syllabus) -> Iterator[tuple[str, Sourced[str]]]:
    """(part, label as read) for the parts whose label the reader saw but could not read: in a
    template the label carries the blank ("Количество кредитов: ______") the model never holds.
    Empty parts are their own rules' findings, the approval block HYG001's."""
    from extractors.model import Sourced

    for part, seen in syllabus.coverage.items():
        if seen.where is None or part == "approval" or seen.status is not ReadStatus.not_read:
            continue
        yield part, Sourced[str](value=seen.where.text, source=seen.where)


def approver_placeholder(syllabus: Syllabus, patterns: Sequence[re.Pattern[str]]) -> Sourced[str] | None:
    """The approval field that holds a placeholder instead of the approver's name: the approver
    'named' by one ('ФИО декана', '{ dean }', '______'), or, with no approver read, the post
    line that carries the blank ('Декан Школы ФИО декана'). None when a name is there."""
    ap = syllabus.identity.approval
    if ap.approver is not None:
        bad = bool(placeholder_matches(ap.approver.value, patterns)) or not _has_name(ap.approver.value)
        return ap.approver if bad else None
    if ap.position is not None and placeholder_matches(ap.position.value, patterns):
        return ap.position
    return None


class HYG002(Rule):
    """No placeholders or draft marks are left in the text.

    Template blanks ("__________"), fill-in prompts ("[вставить ФИО]", "<аты-жөні>"), a name
    field left as its label ("ФИО", "ТАӘ", "Name/Surname"), mail-merge fields
    ("{ dean_of_school_center }"), dots in place of text ("Курстың мақсаты ….."), the template's
    address ("x.xxxxx@almau.edu.kz") and instructions ("*- указать виды заданий …"), "XXX",
    "???", "TODO", "DRAFT" / "ЧЕРНОВИК" mean the document was not finished. The patterns are
    policy (``document.placeholder_patterns``). One finding per kind of placeholder and place
    (cell or paragraph), however many fields were read from it. Besides the values read, the
    labels of parts the reader saw but could not read are searched: a template's "Количество
    кредитов: ______" is such a label. The approval date blank and an
    approver left as a placeholder are reported by HYG001, not here; a line to sign on beside a
    name ("__________ Асылханова Ж.А.") is not a blank.

    **Anti-pattern**: "Әзірлеген: ____________ [вставить ФИО]"; "Эл.почта: x.xxxxx@almau.edu.kz".

    **Best practice**: "Әзірлеген: Зимановская Н.А."; "Эл.почта: n.zimanovskaya@almau.edu.kz".
    """

    code = "HYG002"
    name = "hygiene.placeholders"
    policy_keys = ("document.placeholder_patterns",)
    groups = ("all", "hygiene")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = cite(QMS_SYLLABUS, "document.placeholder_patterns")
    cause_rank = 30
    topic = "placeholder_left"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        patterns = ctx.policy.document.placeholder_regexes()
        if not patterns:
            return
        ap = syllabus.identity.approval
        skip = set()
        if ap.date_blank or ap.date is None:  # HYG001's finding
            skip = {id(x) for x in (ap.date_text, ap.date) if x is not None}
        skip_places = set()
        held = approver_placeholder(syllabus, patterns) if ap.present else None
        if held is not None:  # HYG001's finding
            skip_places.add(place_of(held, "identity/approval/approver"))
        seen = set()
        for path, sv in [*walk(syllabus, ""), *labels(syllabus)]:
            if id(sv) in skip or path.startswith("identity/approval/date"):
                continue
            place = place_of(sv, path)
            if place in skip_places:
                continue
            texts = [sv.value] if isinstance(sv.value, str) else []
            texts.append(sv.source.text)
            if path.startswith(PERSON_FIELDS):
                # "__________ Асылханова Ж.А." is a line to sign on, not a blank left unfilled
                texts = [_SIGNATURE_LINE.sub(" ", t) if _has_name(t) else t for t in texts]
            for text in texts:
                for k, match in placeholder_matches(text, patterns):
                    if (place, k) in seen:
                        continue
                    seen.add((place, k))
                    yield self.finding(
                        syllabus,
                        location=path,
                        source=sv,
                        expected="no placeholder",
                        actual=match,
                        key_values=[match],
                        refs=[path],
                        message=M(
                            kk=f"Мәтінде толтырылмаған орын немесе жоба белгісі қалған: «{match}»",
                            ru=f"В тексте остался незаполненный шаблон или пометка черновика: «{match}»",
                            en=f"A placeholder or draft mark is left in the text: '{match}'",
                        ),
                    )
