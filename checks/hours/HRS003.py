from __future__ import annotations

from checks.finding import Kind, Severity
from checks.hours.common import close, delta_ref, parts
from checks.norms import MES_563
from checks.registry import M, Rule, fmt


class HRS003(Rule):
    """The hours table's total row equals the sum of its rows.

    Lectures + practical/lab classes + СӨЖО + СӨЖ must add up to the БАРЛЫҒЫ / ВСЕГО row.

    **Anti-pattern**: 15 + 30 + 30 + 75 with "БАРЛЫҒЫ 120".

    **Best practice**: 15 + 30 + 30 + 75 with "БАРЛЫҒЫ 150".
    """

    code = "HRS003"
    needs = ("hours",)
    name = "hours.total-sum"
    groups = ("all", "hours", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (workload of the discipline)"
    cause_rank = 30

    def check(self, syllabus, ctx):
        h = syllabus.hours
        p = parts(syllabus)
        if h is None or h.total is None or not p:
            return
        s = sum(v.value for v in p.values())
        if close(s, h.total.value, ctx.policy.hours.tolerance):
            return
        terms = " + ".join(fmt(v.value) for v in p.values())
        yield self.finding(
            syllabus,
            location="hours/total",
            source=h.total,
            expected=s,
            actual=h.total.value,
            refs=["hours/total", delta_ref(s, h.total.value)],
            message=M(
                kk=f"Еңбек сыйымдылығы кестесінде «Барлығы» {fmt(h.total.value, 'kk')} сағ, ал жолдардың қосындысы "
                f"{terms} = {fmt(s, 'kk')} сағ",
                ru=f"В таблице трудоёмкости «Всего» {fmt(h.total.value, 'ru')} ч, а сумма строк {terms} = {fmt(s, 'ru')} ч",
                en=f"The hours table's total is {fmt(h.total.value)} h, but its rows sum to {terms} = {fmt(s)} h",
            ),
        )
