from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M, close, delta_ref, fmt

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class PLN003(Rule):
    """The independent-work tasks' hours sum to the СӨЖ / СРО hours.

    The tasks of the independent-work table (Тапсырманы өздік жұмыс үшін / Задания на СРО)
    must account for exactly the СӨЖ hours of the workload table (or СӨЖ + СӨЖО, for templates
    that list the tasks done with the teacher in the same table).

    **Anti-pattern**: СӨЖ 75 h in the hours table and four tasks of 20 + 15 + 20 + 15 = 70 h.

    **Best practice**: СӨЖ 75 h and tasks of 20 + 15 + 20 + 20 = 75 h.
    """

    code = "PLN003"
    needs = ("independent_work", "hours")
    name = "plan.independent-work-hours"
    policy_keys = ("hours.tolerance",)
    groups = ("all", "plan", "hours")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (independent work of the student)"
    cause_rank = 15
    topic = "plan_vs_hours"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        tasks = syllabus.independent_work
        hours = [t.hours for t in tasks if t.hours is not None]
        table = syllabus.hours
        siw = table.siw if table is not None else None
        if not tasks or table is None or siw is None or len(hours) != len(tasks):
            return
        s = sum(h.value for h in hours)
        tol = ctx.policy.hours.tolerance
        siwt = table.siwt
        # some templates list the СӨЖО tasks in the same table: then it totals СӨЖ + СӨЖО
        if close(s, siw.value, tol) or (siwt is not None and close(s, siw.value + siwt.value, tol)):
            return
        terms = " + ".join(fmt(h.value) for h in hours)
        yield self.finding(
            syllabus,
            location="independent_work",
            source=tasks[-1].hours,
            expected=siw.value,
            actual=s,
            refs=["independent_work", "hours/siw", delta_ref(siw.value, s)],
            message=M(
                kk=f"СӨЖ тапсырмаларының сағаттары {terms} = {fmt(s, 'kk')}, ал еңбек сыйымдылығы кестесінде СӨЖ {fmt(siw.value, 'kk')} сағ",
                ru=f"Часы заданий СРО {terms} = {fmt(s, 'ru')}, а в таблице трудоёмкости СРО {fmt(siw.value, 'ru')} ч",
                en=f"The independent-work tasks take {terms} = {fmt(s)} h, but the hours table gives SIW {fmt(siw.value)} h",
            ),
        )
