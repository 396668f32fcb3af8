"""What the outcome rules share: the requirement they cite, the outcomes' names in words, and
which declared outcomes a part of the syllabus leaves out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.norms import MES_604, QMS_SYLLABUS
from extractors.model_enums import CitationContext

if TYPE_CHECKING:
    from extractors.model import LearningOutcome, Syllabus

REQUIREMENT = QMS_SYLLABUS + " (learning outcomes of the discipline); " + MES_604 + " (outcome-based programmes)"

CONTEXT_NAMES = {
    CitationContext.plan: ("тақырыптық жоспарда", "в тематическом плане", "in the thematic plan"),
    CitationContext.assessment: ("бағалауда", "в оценивании", "in the assessment"),
    CitationContext.exam: ("емтихан сұрақтарында", "в экзаменационных вопросах", "in the exam questions"),
}


def declared_codes(syllabus: Syllabus) -> str:
    """The declared codes as a reader lists them ('РО1, РО2, ПН1')."""
    return ", ".join(o.code.value for o in syllabus.outcomes.declared)


def left_out(syllabus: Syllabus, *contexts: CitationContext) -> Iterator[LearningOutcome]:
    """The declared outcomes that no citation in ``contexts`` names (LRN004: the plan; LRN005: the
    assessment and the exam questions). A part that cites no outcome at all does not claim the
    alignment and leaves nothing out; a part that cites the course's outcomes only is not asked for
    the programme's (and the other way round): only the scopes it cites are judged."""
    cited = {c.key for c in syllabus.outcomes.cited_in(*contexts)}
    if not cited:
        return
    scopes = {o.scope for o in syllabus.outcomes.declared if o.key in cited}
    for o in syllabus.outcomes.declared:
        if o.scope in scopes and o.key not in cited:
            yield o
