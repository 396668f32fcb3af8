from __future__ import annotations

import re

from pydantic import BaseModel

from checks.finding import Kind, Severity
from checks.norms import QMS_SYLLABUS, cite
from checks.registry import M, Rule
from extractors.model import PlanSection, Sourced


PERSON_FIELDS = ("identity/authors", "identity/approval/approver", "identity/approval/position", "identity/protocol/chair")
_SIGNATURE_LINE = re.compile(r"_{3,}")


def _has_name(text: str) -> bool:
    return len(re.findall(r"[^\W\d_]", _SIGNATURE_LINE.sub("", text or ""))) >= 2


def walk(obj, path: str):
    """(logical path, Sourced) for every sourced value of the model."""
    if isinstance(obj, Sourced):
        yield path, obj
        return
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name in ("document", "schema_version", "file"):
                continue
            yield from walk(getattr(obj, name), f"{path}/{name}" if path else name)
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            label = x.activity.value if isinstance(x, PlanSection) else str(i + 1)
            yield from walk(x, f"{path}/{label}")


class HYG002(Rule):
    """No placeholders or draft marks are left in the text.

    Template blanks ("__________"), fill-in prompts ("[вставить ФИО]", "<аты-жөні>"), "XXX",
    "???", "TODO", "DRAFT" / "ЧЕРНОВИК" mean the document was not finished. The patterns are
    policy (``document.placeholder_patterns``). The approval date blank is reported by HYG001,
    not here; a line to sign on beside a name ("__________ Асылханова Ж.А.") is not a blank.

    **Anti-pattern**: "Әзірлеген: ____________ [вставить ФИО]".

    **Best practice**: "Әзірлеген: Зимановская Н.А."
    """

    code = "HYG002"
    name = "hygiene.placeholders"
    groups = ("all", "hygiene")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = cite(QMS_SYLLABUS, "document.placeholder_patterns")
    cause_rank = 30

    def check(self, syllabus, ctx):
        patterns = ctx.policy.document.placeholder_regexes()
        if not patterns:
            return
        ap = syllabus.identity.approval
        skip = set()
        if ap.date_blank or ap.date is None:  # HYG001's finding
            skip = {id(x) for x in (ap.date_text, ap.date) if x is not None}
        seen = set()
        for path, sv in walk(syllabus, ""):
            if id(sv) in skip or path.startswith("identity/approval/date"):
                continue
            texts = [sv.value] if isinstance(sv.value, str) else []
            texts.append(sv.source.text)
            if path.startswith(PERSON_FIELDS):
                # "__________ Асылханова Ж.А." is a line to sign on, not a blank left unfilled
                texts = [_SIGNATURE_LINE.sub(" ", t) if _has_name(t) else t for t in texts]
            for text in texts:
                for rx in patterns:
                    m = rx.search(text or "")
                    if m is None or (path, m.group(0)) in seen:
                        continue
                    seen.add((path, m.group(0)))
                    yield self.finding(
                        syllabus,
                        location=path,
                        source=sv,
                        expected="no placeholder",
                        actual=m.group(0),
                        key_values=[m.group(0)],
                        refs=[path],
                        message=M(
                            kk=f"Мәтінде толтырылмаған орын немесе жоба белгісі қалған: «{m.group(0)}»",
                            ru=f"В тексте остался незаполненный шаблон или пометка черновика: «{m.group(0)}»",
                            en=f"A placeholder or draft mark is left in the text: '{m.group(0)}'",
                        ),
                    )
