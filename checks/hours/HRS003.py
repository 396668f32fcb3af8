from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import (
    CONTACT_PARTS,
    M,
    close,
    complete_sum,
    contact_includes_siwt,
    contact_parts_sum,
    delta_ref,
    fmt,
)

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


def _terms(values: Iterable[float]) -> str:
    return " + ".join(fmt(v) for v in values)


class HRS003(Rule):
    """The hours' stated parts sum to their stated totals.

    Lectures + practical/lab classes + СӨЖО + СӨЖ (and hours outside the split such as
    "Контроль") must add up to the БАРЛЫҒЫ / ВСЕГО row; so must the contact hours and the
    independent work when each is given as one figure ("Аудиторные часы 45", "СРС 105"). A
    stated contact figure must equal lectures + practicals + labs (or those with СӨЖО, when the
    syllabus counts СӨЖО as contact work), and a stated independent-work figure must equal
    СӨЖО + СӨЖ when both are given. A total is never compared with only some of its parts.

    **Anti-pattern**: 15 + 30 + 30 + 75 with "БАРЛЫҒЫ 120"; "СРС 51" whose breakdown is
    "СРС/СРСП 30/9" = 39.

    **Best practice**: 15 + 30 + 30 + 75 with "БАРЛЫҒЫ 150"; "СРС 39" with "СРС/СРСП 30/9".
    """

    code = "HRS003"
    needs = ("hours",)
    name = "hours.total-sum"
    policy_keys = ("hours.tolerance",)
    groups = ("all", "hours", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (workload of the discipline)"
    cause_rank = 30
    topic = "hours_parts_sum"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        h = syllabus.hours
        if h is None:
            return
        tol = ctx.policy.hours.tolerance
        whole = complete_sum(h)
        if h.total is not None and whole is not None:
            s, terms, _, _ = whole
            if not close(s, h.total.value, tol):
                yield self.finding(
                    syllabus,
                    location="hours/total",
                    source=h.total,
                    expected=s,
                    actual=h.total.value,
                    refs=["hours/total", delta_ref(s, h.total.value)],
                    message=M(
                        kk=f"Еңбек сыйымдылығы бойынша «Барлығы» {fmt(h.total.value, 'kk')} сағ, ал бөліктерінің қосындысы "
                        f"{_terms(terms)} = {fmt(s, 'kk')} сағ",
                        ru=f"В трудоёмкости «Всего» {fmt(h.total.value, 'ru')} ч, а сумма частей {_terms(terms)} = {fmt(s, 'ru')} ч",
                        en=f"The hours table's total is {fmt(h.total.value)} h, but its parts sum to {_terms(terms)} = {fmt(s)} h",
                    ),
                )
        lpl = contact_parts_sum(h)
        if h.contact is not None and lpl is not None and not close(h.contact.value, lpl, tol) and not contact_includes_siwt(h, tol):
            terms = tuple(getattr(h, a.value).value for a in CONTACT_PARTS if getattr(h, a.value) is not None)
            yield self.finding(
                syllabus,
                location="hours/contact",
                source=h.contact,
                expected=lpl,
                actual=h.contact.value,
                refs=["hours/contact", delta_ref(lpl, h.contact.value)],
                message=M(
                    kk=f"Аудиториялық сағаттар {fmt(h.contact.value, 'kk')} сағ деп көрсетілген, ал дәрістер мен сабақтардың "
                    f"қосындысы {_terms(terms)} = {fmt(lpl, 'kk')} сағ",
                    ru=f"Аудиторные часы указаны как {fmt(h.contact.value, 'ru')} ч, а сумма лекций и занятий "
                    f"{_terms(terms)} = {fmt(lpl, 'ru')} ч",
                    en=f"Contact hours are stated as {fmt(h.contact.value)} h, but lectures and classes sum to "
                    f"{_terms(terms)} = {fmt(lpl)} h",
                ),
            )
        if h.independent_total is not None and h.siw is not None and h.siwt is not None:
            s = h.siw.value + h.siwt.value
            if not close(s, h.independent_total.value, tol):
                it = h.independent_total.value
                yield self.finding(
                    syllabus,
                    location="hours/independent",
                    source=h.independent_total,
                    expected=s,
                    actual=it,
                    refs=["hours/independent", delta_ref(s, it)],
                    message=M(
                        kk=f"Өздік жұмыс {fmt(it, 'kk')} сағ деп көрсетілген, ал оның бөліктері СӨЖ {fmt(h.siw.value, 'kk')} + "
                        f"СӨЖО {fmt(h.siwt.value, 'kk')} = {fmt(s, 'kk')} сағ",
                        ru=f"Самостоятельная работа указана как {fmt(it, 'ru')} ч, а её части СРО {fmt(h.siw.value, 'ru')} + "
                        f"СРОП {fmt(h.siwt.value, 'ru')} = {fmt(s, 'ru')} ч",
                        en=f"Independent work is stated as {fmt(it)} h, but its parts SIW {fmt(h.siw.value)} + "
                        f"SIWT {fmt(h.siwt.value)} = {fmt(s)} h",
                    ),
                )
