from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M, own_course, stated
from checks.text import slug

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class PRQ003(Rule):
    """Each prerequisite is taught in an earlier semester than the course.

    Runs when a curriculum file is given and both the course and the prerequisite are found in
    it with a semester.

    **Anti-pattern**: a semester-5 course whose prerequisite is taught in semester 5 or 6.

    **Best practice**: a semester-5 course whose prerequisite is taught in semester 2.
    """

    code = "PRQ003"
    needs = ("prerequisites",)
    name = "prerequisites.earlier-semester"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "prerequisites", "curriculum")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (prerequisites are studied before the discipline)"
    cause_rank = 20

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        cur = ctx.curriculum
        if cur is None:
            return
        thr = ctx.policy.matching.title_threshold
        me = own_course(syllabus, cur, thr)
        if me is None or me.semester is None:
            return
        for p in stated(syllabus.prerequisites):
            c = cur.find(p.value, thr)
            if c is None or c.semester is None or c.semester < me.semester or c is me:
                continue
            yield self.finding(
                syllabus,
                location="prerequisites",
                key_values=[slug(p.value)],
                source=p,
                expected=f"< {me.semester}",
                actual=c.semester,
                refs=[f"prerequisite/{slug(p.value)}"],
                message=M(
                    kk=f"«{p.value}» пререквизиті оқу жоспары бойынша {c.semester}-семестрде оқытылады, ал бұл пән "
                    f"{me.semester}-семестрде: пререквизит ертерек оқытылуы керек",
                    ru=f"Пререквизит «{p.value}» по учебному плану изучается в {c.semester} семестре, а эта дисциплина — "
                    f"в {me.semester}: пререквизит должен изучаться раньше",
                    en=f"Prerequisite '{p.value}' is taught in semester {c.semester} of the curriculum and this course in "
                    f"semester {me.semester}: a prerequisite must come earlier",
                ),
            )
