from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M, close, credits, delta_ref, fmt, own_course, total_of

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class PRQ004(Rule):
    """The syllabus's credits and hours agree with the curriculum.

    Runs when a curriculum file is given and the course is found in it (by code, else title).

    **Anti-pattern**: the syllabus says 4 credits / 120 h; the curriculum gives the course 5 / 150.

    **Best practice**: the syllabus and the curriculum both say 5 credits, 150 hours.
    """

    code = "PRQ004"
    needs = ("credits", "hours")
    name = "prerequisites.curriculum-workload"
    policy_keys = ("hours.tolerance", "matching.title_threshold")
    groups = ("all", "prerequisites", "curriculum", "hours")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (the syllabus implements the working curriculum)"
    cause_rank = 15

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        cur = ctx.curriculum
        if cur is None:
            return
        me = own_course(syllabus, cur, ctx.policy.matching.title_threshold)
        if me is None:
            return
        cr = credits(syllabus)
        if cr is not None and me.credits is not None and not close(cr.value, me.credits):
            yield self.finding(
                syllabus,
                location="identity/credits",
                source=cr,
                expected=me.credits,
                actual=cr.value,
                refs=["identity/credits"],
                message=M(
                    kk=f"Силлабуста {fmt(cr.value, 'kk')} кредит, ал оқу жоспарында ({me.label}) {fmt(me.credits, 'kk')} кредит",
                    ru=f"Число кредитов в силлабусе {fmt(cr.value, 'ru')}, а в учебном плане ({me.label}) {fmt(me.credits, 'ru')}",
                    en=f"The syllabus gives {fmt(cr.value)} credits; the curriculum ({me.label}) gives {fmt(me.credits)}",
                ),
            )
        tot = total_of(syllabus)
        if tot is not None and me.hours is not None and not close(tot[0], me.hours, ctx.policy.hours.tolerance):
            yield self.finding(
                syllabus,
                location="hours/total",
                key_values=["curriculum"],
                source=tot[1],
                expected=me.hours,
                actual=tot[0],
                refs=["hours/total", delta_ref(me.hours, tot[0])],
                message=M(
                    kk=f"Силлабуста барлығы {fmt(tot[0], 'kk')} сағ, ал оқу жоспарында ({me.label}) {fmt(me.hours, 'kk')} сағ",
                    ru=f"В силлабусе всего {fmt(tot[0], 'ru')} ч, а в учебном плане ({me.label}) {fmt(me.hours, 'ru')} ч",
                    en=f"The syllabus totals {fmt(tot[0])} h; the curriculum ({me.label}) gives {fmt(me.hours)} h",
                ),
            )
