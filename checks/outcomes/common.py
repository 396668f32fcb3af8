"""What the outcome rules share: the requirement they cite and the outcomes' names in words."""

from __future__ import annotations

from checks.norms import MES_604, QMS_SYLLABUS
from extractors.model import CitationContext, Syllabus

REQUIREMENT = QMS_SYLLABUS + " (learning outcomes of the discipline); " + MES_604 + " (outcome-based programmes)"

CONTEXT_NAMES = {
    CitationContext.plan: ("тақырыптық жоспарда", "в тематическом плане", "in the thematic plan"),
    CitationContext.assessment: ("бағалауда", "в оценивании", "in the assessment"),
    CitationContext.exam: ("емтихан сұрақтарында", "в экзаменационных вопросах", "in the exam questions"),
}


def declared_codes(syllabus: Syllabus) -> str:
    """The declared codes as a reader lists them ('РО1, РО2, ПН1')."""
    return ", ".join(o.code.value for o in syllabus.outcomes.declared)
