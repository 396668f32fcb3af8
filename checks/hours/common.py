"""Helpers shared by the hours rules (not a rule module)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from checks.registry import fmt, ru_plural
from extractors.model import Activity, CreditUnit, HoursTable, Sourced, Syllabus

ACTIVITY_NAMES = {
    # kk, ru, en
    Activity.lectures: ("дәрістер", "лекции", "lectures"),
    Activity.practicals: ("практикалық сабақтар", "практические занятия", "practical classes"),
    Activity.labs: ("зертханалық сабақтар", "лабораторные занятия", "laboratory classes"),
    Activity.siwt: ("СӨЖО", "СРОП", "SIWT"),
    Activity.siw: ("СӨЖ", "СРО", "SIW"),
}
SPLIT_NAMES = {
    "lectures": ACTIVITY_NAMES[Activity.lectures],
    "practicals": ACTIVITY_NAMES[Activity.practicals],
    "labs": ACTIVITY_NAMES[Activity.labs],
    "practicals_labs": ("практикалық және зертханалық сабақтар", "практические и лабораторные занятия", "practical and laboratory classes"),
    "siwt": ACTIVITY_NAMES[Activity.siwt],
    "siw": ACTIVITY_NAMES[Activity.siw],
}


def delta_ref(expected: float, actual: float) -> str:
    """A ref naming the size of an hours discrepancy. One wrong figure carries the same error into
    every sum it is part of (lectures 25 for 15: the plan sum, the split and the total are all
    off by 10), so hours findings off by the same amount are grouped under one root."""
    return f"delta/hours/{abs(round(actual - expected, 2)):g}"


def close(a: float, b: float, tol: float = 0.01) -> bool:
    return math.isclose(a, b, rel_tol=0.0, abs_tol=max(tol, 1e-9))


def credits(syllabus: Syllabus) -> Sourced[float] | None:
    """The credits the hours are measured against: ECTS when stated, else the single figure."""
    c = syllabus.identity.credits
    return c.ects or c.national


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


def credit_norm(syllabus: Syllabus, hours_policy) -> CreditNorm | None:
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


CONTACT_PARTS = (Activity.lectures, Activity.practicals, Activity.labs)
INDEPENDENT_PARTS = (Activity.siwt, Activity.siw)


@dataclass(frozen=True)
class Side:
    """The contact or the independent half of the workload: a stated figure, or its stated parts."""

    value: float
    terms: tuple[float, ...]
    source: Sourced[float]
    stated: bool  # one stated figure (Аудиторные часы 45), not a sum of parts


def contact_side(h: HoursTable) -> Side | None:
    """'Аудиторные часы' when stated, else lectures + practicals + labs (any of them stated)."""
    if h.contact is not None:
        return Side(h.contact.value, (h.contact.value,), h.contact, True)
    got = [getattr(h, a.value) for a in CONTACT_PARTS if getattr(h, a.value) is not None]
    if not got:
        return None
    return Side(sum(v.value for v in got), tuple(v.value for v in got), got[0], False)


def independent_side(h: HoursTable) -> Side | None:
    """'СРС' as one figure when stated, else СРОП + СРО; СРОП alone is not the independent work."""
    if h.independent_total is not None:
        return Side(h.independent_total.value, (h.independent_total.value,), h.independent_total, True)
    if h.siw is None:
        return None
    got = [getattr(h, a.value) for a in INDEPENDENT_PARTS if getattr(h, a.value) is not None]
    return Side(sum(v.value for v in got), tuple(v.value for v in got), got[0], False)


def contact_parts_sum(h: HoursTable) -> float | None:
    got = [getattr(h, a.value).value for a in CONTACT_PARTS if getattr(h, a.value) is not None]
    return sum(got) if got else None


def contact_includes_siwt(h: HoursTable, tol: float = 0.01) -> bool:
    """The stated contact hours are lectures + classes + СРОП (контактная работа with the teacher)."""
    lpl = contact_parts_sum(h)
    if h.contact is None or h.siwt is None or lpl is None:
        return False
    return close(h.contact.value, lpl + h.siwt.value, tol) and not close(h.contact.value, lpl, tol)


def other_hours(h: HoursTable) -> list[float]:
    """Figures outside the split that count in the total (контроль, КрПА)."""
    return [o.hours.value for o in h.other]


def complete_sum(h: HoursTable | None) -> tuple[float, tuple[float, ...], Sourced[float], bool] | None:
    """(sum, its terms, a source, whether a stated aggregate was used) of the whole workload when
    both halves are stated (contact and independent, each as one figure or as its parts) — never
    a sum of only some activities, which would claim a mismatch that is not there."""
    if h is None:
        return None
    c, i = contact_side(h), independent_side(h)
    if c is None or i is None:
        return None
    if c.stated and h.independent_total is None and h.siw is not None and h.siwt is not None and contact_includes_siwt(h):
        # "контактная работа" that counts СРОП in it: the independent half is СРО alone
        i = Side(h.siw.value, (h.siw.value,), h.siw, False)
    terms = (*c.terms, *i.terms, *other_hours(h))
    return sum(terms), terms, c.source, c.stated or i.stated


def total_of(syllabus: Syllabus) -> tuple[float, Sourced[float] | None, bool] | None:
    """(total, its source, stated?) — the stated total row, else the sum of both halves of the
    workload (see ``complete_sum``), else None."""
    if syllabus.hours is None:
        return None
    if syllabus.hours.total is not None:
        return syllabus.hours.total.value, syllabus.hours.total, True
    whole = complete_sum(syllabus.hours)
    if whole is None:
        return None
    value, terms, first, _ = whole
    # no total cell: point at the first figure and quote the figures that were added up
    src = Sourced[float](
        value=value,
        source=first.source.model_copy(update={"row": None, "column": None, "text": " + ".join(fmt(t) for t in terms)}),
    )
    return value, src, False
