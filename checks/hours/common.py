"""Helpers of the hours rules only (not a rule module); what other categories share with them
(the workload arithmetic) is in ``checks.rulekit``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checks.rulekit import ACTIVITY_NAMES, fmt, ru_plural
from extractors.model_enums import Activity, CreditUnit

if TYPE_CHECKING:
    from checks.policy import HoursPolicy
    from extractors.model import Sourced, Syllabus


SPLIT_NAMES = {
    "lectures": ACTIVITY_NAMES[Activity.lectures],
    "practicals": ACTIVITY_NAMES[Activity.practicals],
    "labs": ACTIVITY_NAMES[Activity.labs],
    "practicals_labs": ("практикалық және зертханалық сабақтар", "практические и лабораторные занятия", "practical and laboratory classes"),
    "siwt": ACTIVITY_NAMES[Activity.siwt],
    "siw": ACTIVITY_NAMES[Activity.siw],
}


@dataclass(frozen=True)
class CreditNorm:
    """The credits a syllabus's hours are measured against and the hours one of them is worth."""

    credits: Sourced[float]
    hours_per_unit: float
    unit: str  # "ects" (ECTS or a Kazakh/Kyrgyz credit: 30 h) or "ze" (Russian з.е.: 36 h)

    @property
    def expected_hours(self) -> float:
        return self.credits.value * self.hours_per_unit

    def names(self, lang: str) -> str:
        """'5 кредит', '2 з.е.', '5 credits' in the message's language."""
        n = self.credits.value
        if self.unit == "ze":
            return {"kk": f"{fmt(n, 'kk')} з.е.", "ru": f"{fmt(n, 'ru')} з.е.", "en": f"{fmt(n)} z.e. (Russian credit units)"}[lang]
        return {
            "kk": f"{fmt(n, 'kk')} кредит",
            "ru": f"{fmt(n, 'ru')} {ru_plural(n, 'кредит', 'кредита', 'кредитов')}",
            "en": f"{fmt(n)} credits",
        }[lang]


def credit_norm(syllabus: Syllabus, hours_policy: HoursPolicy) -> CreditNorm | None:
    """ECTS when stated (compared with ``hours_per_credit``, also when a national figure is given
    beside it: "4 кредита, 6 ECTS"); else the national figure, a Russian з.е. measured with
    ``hours_per_ze``, a Kazakh credit (or one of unstated kind) with ``hours_per_credit``."""
    c = syllabus.identity.credits
    if c.ects is not None:
        return CreditNorm(c.ects, hours_policy.hours_per_credit, "ects")
    if c.national is not None:
        if c.national_unit == CreditUnit.ze:
            return CreditNorm(c.national, hours_policy.hours_per_ze, "ze")
        return CreditNorm(c.national, hours_policy.hours_per_credit, "ects")
    return None


def parts(syllabus: Syllabus) -> dict[Activity, Sourced[float]]:
    """The split's stated parts (lectures … СРО), never the ``contact`` / ``independent_total`` sums."""
    if syllabus.hours is None:
        return {}
    return {a: v for a, v in syllabus.hours.by_activity().items() if v is not None}
