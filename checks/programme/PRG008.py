from __future__ import annotations

from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.programme.common import CurriculumRule, from_file
from checks.registry import M, fmt
from checks.rulekit import close

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.curriculum import Course, Curriculum
    from checks.finding import Finding
    from checks.registry import CheckContext
    from extractors.model import Syllabus

ACTIVITY_NAMES = {
    "lectures": ("дәрістер", "лекции", "lectures"),
    "practicals": ("практикалық сабақтар", "практические занятия", "practicals"),
    "labs": ("зертханалық сабақтар", "лабораторные занятия", "labs"),
    "siwt": ("ОЖСӨЖ", "СРСП", "SIWT"),
    "siw": ("СӨЖ", "СРС", "SIW"),
}


class PRG008(CurriculumRule):
    """The hours of each activity are the curriculum's.

    Runs when a curriculum file with hours by activity (``lectures, practicals, labs, siwt, siw``)
    is given and the course is found in it (by code, else title; policy
    ``matching.title_threshold``). Each activity the curriculum gives hours must have those
    hours in the syllabus's hours table, within policy ``hours.tolerance``; an activity the
    syllabus has no figure for is 0 hours.

    **Anti-pattern**: the syllabus gives 80 h of СРС; the curriculum gives the course 75.

    **Best practice**: 15 h lectures, 30 h practicals, 30 h СРСП, 75 h СРС, as in the curriculum.
    """

    code = "PRG008"
    needs = ("hours",)
    name = "programme.curriculum-activity-hours"
    policy_keys = ("hours.tolerance", "matching.title_threshold")
    groups = ("all", "programme", "curriculum", "hours")
    severity = Severity.major
    kind = Kind.nonconformity
    cause_rank = 10

    def check_course(self, syllabus: Syllabus, ctx: CheckContext, cur: Curriculum, me: Course) -> Iterator[Finding]:
        if syllabus.hours is None:
            return
        for activity, want in me.activity_hours:
            got = getattr(syllabus.hours, activity)
            value = got.value if got is not None else 0.0
            if close(value, want, ctx.policy.hours.tolerance):
                continue
            kk, ru, en = ACTIVITY_NAMES[activity]
            yield self.finding(
                syllabus,
                location=f"hours/{activity}",
                key_values=["curriculum"],
                source=got,
                expected=from_file(want, cur.file, me.row),
                actual=value,
                refs=[f"hours/{activity}"],
                message=M(
                    kk=f"Силлабуста {kk}: {fmt(value, 'kk')} сағ, ал оқу жоспарында ({me.label}) {fmt(want, 'kk')} сағ",
                    ru=f"В силлабусе {ru}: {fmt(value, 'ru')} ч, а в учебном плане ({me.label}) {fmt(want, 'ru')} ч",
                    en=f"The syllabus gives {en} {fmt(value)} h; the curriculum ({me.label}) gives {fmt(want)} h",
                ),
            )
