"""Helpers shared by the hours rules (not a rule module)."""

from __future__ import annotations

import math

from extractors.model import Activity, Sourced, Syllabus

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


def parts(syllabus: Syllabus) -> dict[Activity, Sourced[float]]:
    if syllabus.hours is None:
        return {}
    return {a: v for a, v in syllabus.hours.by_activity().items() if v is not None}


def total_of(syllabus: Syllabus) -> tuple[float, Sourced[float] | None, bool] | None:
    """(total, its source, stated?) — the stated total row, else the sum of the parts."""
    if syllabus.hours is None:
        return None
    if syllabus.hours.total is not None:
        return syllabus.hours.total.value, syllabus.hours.total, True
    p = parts(syllabus)
    if not p:
        return None
    # no total cell: point at the table as a whole and quote the rows that were added up
    first = next(iter(p.values())).source
    terms = " + ".join(v.source.text or str(v.value) for v in p.values())
    src = Sourced[float](
        value=sum(v.value for v in p.values()),
        source=first.model_copy(update={"row": None, "column": None, "paragraph": first.paragraph, "text": terms}),
    )
    return src.value, src, False
