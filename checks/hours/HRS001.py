from __future__ import annotations

from checks.finding import Kind, Severity
from checks.hours.common import close, credits, delta_ref, total_of
from checks.norms import MES_563, cite
from checks.registry import M, Rule, fmt, ru_plural


class HRS001(Rule):
    """The total hours equal the credits times the hours per credit.

    The title page's credits (Кредиттер саны / Количество кредитов) and the hours table
    (Пәннің еңбек сыйымдылығы / Трудоемкость) must describe the same workload: with 30 hours per
    credit, 5 credits are 150 hours. The table's total row is compared when it has one, otherwise
    the sum of its rows.

    **Anti-pattern**: "Кредиттер саны: 5" and an hours table of 15 + 30 + 30 + 45 = 120.

    **Best practice**: "Кредиттер саны: 5" and 15 + 30 + 30 + 75 = 150 hours.
    """

    code = "HRS001"
    needs = ("credits", "hours")
    name = "hours.total-credits"
    groups = ("all", "hours", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563 + " (1 credit = 30 academic hours)", "hours.hours_per_credit")
    cause_rank = 20

    def check(self, syllabus, ctx):
        cr = credits(syllabus)
        tot = total_of(syllabus)
        if cr is None or tot is None:
            return
        total, src, stated = tot
        hpc = ctx.policy.hours.hours_per_credit
        expected = cr.value * hpc
        if close(total, expected, ctx.policy.hours.tolerance):
            return
        # linked to a wrong row through the size of the error (delta_ref), not through every row
        refs = ["identity/credits", "hours/total"]
        what_en = "the hours table's total" if stated else "the hours table's rows sum to"
        yield self.finding(
            syllabus,
            location="hours/total",
            source=src,
            expected=expected,
            actual=total,
            refs=[*refs, delta_ref(expected, total)],
            message=M(
                kk=f"Сағат саны кредитке сәйкес емес: {fmt(cr.value, 'kk')} кредит × {fmt(hpc, 'kk')} сағ = "
                f"{fmt(expected, 'kk')} сағ болуы керек, ал еңбек сыйымдылығы кестесінде "
                f"{'барлығы' if stated else 'жолдардың қосындысы'} {fmt(total, 'kk')} сағ",
                ru=f"Часы не соответствуют кредитам: {fmt(cr.value, 'ru')} {ru_plural(cr.value, 'кредит', 'кредита', 'кредитов')} × {fmt(hpc, 'ru')} ч = "
                f"{fmt(expected, 'ru')} ч, а в таблице трудоёмкости "
                f"{'итого' if stated else 'сумма строк'} {fmt(total, 'ru')} ч",
                en=f"Hours do not match credits: {fmt(cr.value)} credits × {fmt(hpc)} h = {fmt(expected)} h, "
                f"but {what_en} {fmt(total)} h",
            ),
        )
