from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.hours.common import credit_norm
from checks.norms import MES_563, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M, close, delta_ref, fmt, total_of

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class HRS001(Rule):
    """The total hours equal the credits times the hours per credit.

    The title page's credits (Кредиттер саны / Количество кредитов) and the hours table
    (Пәннің еңбек сыйымдылығы / Трудоемкость) must describe the same workload: with 30 hours per
    ECTS or Kazakh credit (policy ``hours.hours_per_credit``), 5 credits are 150 hours; a Russian
    зачётная единица is 36 hours (``hours.hours_per_ze``), so 2 з.е. are 72 hours. When both ECTS
    and national credits are stated ("4 кредита, 6 ECTS") the ECTS figure is compared. The total
    row is compared when there is one; otherwise the contact hours (as one figure, or lectures +
    practicals + labs) plus the independent work (as one figure, or СРОП + СРО). Only some
    activities stated and no total: nothing is claimed.

    **Anti-pattern**: "Кредиттер саны: 5" and an hours table of 15 + 30 + 30 + 45 = 120;
    "Кредит 3" with "Ауд. часы 36" + "СРС 51" = 87.

    **Best practice**: "Кредиттер саны: 5" and 15 + 30 + 30 + 75 = 150 hours; "2 з.е." and
    "Всего 72".
    """

    code = "HRS001"
    needs = ("credits", "hours")
    name = "hours.total-credits"
    policy_keys = ("hours.hours_per_credit", "hours.hours_per_ze", "hours.tolerance")
    groups = ("all", "hours", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563 + " (1 credit = 30 academic hours)", "hours.hours_per_credit", "hours.hours_per_ze")
    cause_rank = 20
    topic = "hours_total_vs_credits"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        norm = credit_norm(syllabus, ctx.policy.hours)
        tot = total_of(syllabus)
        if norm is None or tot is None:
            return
        total, src, stated = tot
        hpu = norm.hours_per_unit
        expected = norm.expected_hours
        if close(total, expected, ctx.policy.hours.tolerance):
            return
        # linked to a wrong row through the size of the error (delta_ref), not through every row
        refs = ["identity/credits", "hours/total"]
        shown = src.source.text if not stated and src is not None else ""
        what = {
            "kk": "барлығы" if stated else f"сағаттардың қосындысы {shown} =",
            "ru": "итого" if stated else f"сумма часов {shown} =",
            "en": "the hours table's total is" if stated else f"the hours sum to {shown} =",
        }
        yield self.finding(
            syllabus,
            location="hours/total",
            source=src,
            expected=expected,
            actual=total,
            refs=[*refs, delta_ref(expected, total)],
            message=M(
                kk=f"Сағат саны кредитке сәйкес емес: {norm.names('kk')} × {fmt(hpu, 'kk')} сағ = "
                f"{fmt(expected, 'kk')} сағ болуы керек, ал еңбек сыйымдылығы бойынша {what['kk']} {fmt(total, 'kk')} сағ",
                ru=f"Часы не соответствуют кредитам: {norm.names('ru')} × {fmt(hpu, 'ru')} ч = "
                f"{fmt(expected, 'ru')} ч, а по трудоёмкости {what['ru']} {fmt(total, 'ru')} ч",
                en=f"Hours do not match credits: {norm.names('en')} × {fmt(hpu)} h = {fmt(expected)} h, "
                f"but {what['en']} {fmt(total)} h",
            ),
        )
