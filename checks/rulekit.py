"""Helpers shared by the rules of more than one category (not a rule module).

A rule category (``checks/<category>/``) never imports another: the independence contract in
pyproject.toml ``[tool.importlinter]`` enforces it, so that a category can be changed, moved or
switched off without reading the others. What two categories both need lives here: the message
helpers (``M``, ``fmt``, ``ru_plural``, ``sentence_start``), the OCR marking of a finding
(``from_scan``), the workload arithmetic (``close``, ``credits``, ``total_of``, ``delta_ref``)
and the reading of prerequisite lists (``stated``, ``own_course``). Helpers only one category
uses stay in its ``common.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checks.finding_enums import Kind
from checks.text import normalise
from extractors.model_enums import Activity

if TYPE_CHECKING:
    from checks.curriculum import Course, Curriculum
    from checks.finding import Finding, Messages
    from checks.policy import Policy
    from extractors.model import HoursTable, Sourced, Syllabus

# The pydantic models (``Messages``, ``Sourced``) are imported where a message or a value is made,
# not here: importing the rules (``syllabus-audit rules``, issue 13) builds none of them.

# ---------------------------------------------------------------------------- messages


def sentence_start(text: str) -> str:
    """First letter upper-cased, the rest as written: str.capitalize() turned "СРО" into "Сро"."""
    return text[:1].upper() + text[1:]


def M(kk: str, ru: str, en: str) -> Messages:
    """Shorthand for a finding's message in the three interface languages."""
    from checks.finding import Messages

    return Messages(kk=kk, ru=ru, en=en)


def ru_plural(n: float, one: str, few: str, many: str) -> str:
    """Russian noun form after a number: 1 кредит, 3 кредита, 5 кредитов (fractions take 'few')."""
    if n != int(n):
        return few
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


# put before the message of a finding from a scan, in each language
SCAN_NOTE = {
    "kk": "Сканерден оқылды: қолмен тексеріңіз. ",
    "ru": "Из скана: проверьте вручную. ",
    "en": "From a scan: check by hand. ",
}


def from_scan(finding: Finding, policy: Policy) -> Finding:
    """A finding that rests on a value OCR read with less than ``min_confidence`` is not a plain
    nonconformity: it is marked "from a scan: check by hand" (a potential one, its message says
    so), since the defect may be the reader's."""
    ev = finding.evidence
    ocr = getattr(policy, "ocr", None)
    min_confidence = ocr.min_confidence if ocr is not None else 80.0
    if not ev.ocr or ev.ocr_confidence is None or ev.ocr_confidence >= min_confidence:
        return finding
    note = SCAN_NOTE
    message = M(kk=note["kk"] + finding.message.kk, ru=note["ru"] + finding.message.ru, en=note["en"] + finding.message.en)
    return finding.model_copy(
        update={
            "evidence": ev.model_copy(update={"check_by_hand": True}),
            "kind": Kind.potential,
            "message": message,
        }
    )


def fmt(value: object, lang: str = "en") -> str:
    """Numbers as a person writes them: 150 not 150.0, 0.6 (en) or 0,6 (kk, ru)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        text = f"{round(value, 4):g}" if value != int(value) else str(int(value))
        return text.replace(".", ",") if lang in ("kk", "ru") else text
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt(v, lang) for v in value)
    return str(value)


# ---------------------------------------------------------------------------- workload arithmetic

ACTIVITY_NAMES = {
    # kk, ru, en
    Activity.lectures: ("дәрістер", "лекции", "lectures"),
    Activity.practicals: ("практикалық сабақтар", "практические занятия", "practical classes"),
    Activity.labs: ("зертханалық сабақтар", "лабораторные занятия", "laboratory classes"),
    Activity.siwt: ("СӨЖО", "СРОП", "SIWT"),
    Activity.siw: ("СӨЖ", "СРО", "SIW"),
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
    from extractors.model import Sourced

    # no total cell: point at the first figure and quote the figures that were added up
    src = Sourced[float](
        value=value,
        source=first.source.model_copy(update={"row": None, "column": None, "text": " + ".join(fmt(t) for t in terms)}),
    )
    return value, src, False


# ---------------------------------------------------------------------------- prerequisite lists

_NONE = re.compile(
    r"^(жоқ|жок|нет|отсутству\w*|none|n/?a|not required|не предусмотрен\w*|қарастырылмаған|талап етілмейді)$"
)


def says_none(text: str) -> bool:
    """'жоқ' / 'нет' / 'none' / '—': the syllabus states there are no prerequisites."""
    t = normalise(text, strip_numbering=False)
    return (t == "" and bool(text.strip())) or bool(_NONE.match(t))


def stated(items: Iterable[Sourced[str]]) -> list[Sourced[str]]:
    """Prerequisite entries that name a course (not 'none')."""
    return [p for p in items if not says_none(p.value)]


def own_course(syllabus: Syllabus, curriculum: Curriculum, threshold: float) -> Course | None:
    """The curriculum's row of the syllabus's own course: by its code, else by its title."""
    ident = syllabus.identity
    hit = curriculum.by_code(ident.course_code.value) if ident.course_code else None
    if hit is None and ident.course_title is not None:
        hit = curriculum.by_title(ident.course_title.value, threshold)
    return hit
