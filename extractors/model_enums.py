"""The syllabus model's enumerations and plain constants, apart from its pydantic models.

A rule module names ``Activity.lectures`` or ``ReadStatus.not_read`` when it is imported (its
tables of names, its ``needs``); importing ``extractors.model`` for that built every pydantic
model of the syllabus, a third of ``syllabus-audit rules``' start-up (issue 13). These classes
are the model's own: ``extractors.model`` re-exports each, so ``from extractors.model import
Activity`` keeps working and is the same class.
"""

from __future__ import annotations

from enum import Enum


class Language(str, Enum):
    kk = "kk"
    ru = "ru"
    en = "en"


class Activity(str, Enum):
    """Kinds of contact and independent work in the credit system."""

    lectures = "lectures"
    practicals = "practicals"
    labs = "labs"
    siwt = "siwt"  # СӨЖО / СРОП: independent work with the teacher
    siw = "siw"  # СӨЖ / СРО: independent work
    contact = "contact"  # contact (аудиторные) hours not divided into lectures and classes


# The activities an hours split is made of; ``contact`` is their undivided sum, never a part.
SPLIT_ACTIVITIES = (Activity.lectures, Activity.practicals, Activity.labs, Activity.siwt, Activity.siw)


class PeriodKind(str, Enum):
    rating1 = "rating1"  # first rating period / midterm / module 1
    rating2 = "rating2"
    exam = "exam"


class AssessmentScheme(str, Enum):
    """How the syllabus combines its marks (which schemes are allowed is policy)."""

    periods_of_100 = "periods_of_100"  # two rating periods of 100 each, 0,6·(Р1+Р2)/2 + 0,4·Э
    course_points_100 = "course_points_100"  # points or percent over the whole course, exam included
    modules = "modules"  # module points (М1, М2) with their own maxima, e.g. ИЭ = (М1+М2+Э)/2
    other = "other"  # weights only, pass/fail (зачёт) or anything else


class ReadStatus(str, Enum):
    """What the reader made of one part of the syllabus."""

    read = "read"  # found and understood
    not_read = "not_read"  # its heading or label is there, its content was not understood
    empty = "empty"  # its label is there with nothing after it ("ПРЕРЕКВИЗИТЫ:")
    absent = "absent"  # no heading, label or table for it anywhere, in any language


class CreditUnit(str, Enum):
    """What a national credit figure counts: a Kazakh academic credit or a Russian з.е."""

    kz = "kz"  # Kazakh academic credit (30 h since 2018)
    ze = "ze"  # Russian зачётная единица (36 academic hours)


class OutcomeScope(str, Enum):
    """Whose outcome a code names: the discipline's own, or the educational programme's."""

    course = "course"  # РО / ОН / LO / ПН / ОР: the discipline's own outcomes and skills
    programme = "programme"  # ПРО / PO / PLO, or under a heading naming the programme (БББ ОН, РО ОП)


class CitationContext(str, Enum):
    """Where an outcome code is cited."""

    plan = "plan"  # a row of the thematic plan (its СӨЖ / СРО part included)
    assessment = "assessment"  # an assessment item, or an outcome's own assessment cell
    exam = "exam"  # the exam questions
