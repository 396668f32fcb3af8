from __future__ import annotations

from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.programme.common import DisciplineRule, from_file
from checks.registry import M, fmt
from checks.rulekit import close, credits

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.finding import Finding
    from checks.passport import Discipline, Passport
    from checks.registry import CheckContext
    from extractors.model import Syllabus


class PRG003(DisciplineRule):
    """The credits are the passport's.

    Runs when the programme's passport is given, and compares the syllabus's credits with the
    passport's credits of the discipline (found by code, else title; policy
    ``matching.title_threshold``). The syllabus against the curriculum's credits is PRQ004's.

    **Anti-pattern**: "Кредиттер саны: 4" when the passport gives the discipline 5 credits.

    **Best practice**: "Кредиттер саны: 5", as in the passport.
    """

    code = "PRG003"
    needs = ("credits",)
    name = "programme.passport-credits"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "programme", "passport")
    severity = Severity.major
    kind = Kind.nonconformity
    cause_rank = 10

    def check_discipline(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport, me: Discipline) -> Iterator[Finding]:
        cr = credits(syllabus)
        if me.credits is None or cr is None:
            return
        if not close(cr.value, me.credits):
            yield self.finding(
                syllabus,
                location="identity/credits",
                key_values=["passport"],
                source=cr,
                expected=from_file(me.credits, pp.file, me.row),
                actual=cr.value,
                refs=["identity/credits"],
                message=M(
                    kk=f"Силлабуста {fmt(cr.value, 'kk')} кредит, ал бағдарлама паспортында ({me.code}) {fmt(me.credits, 'kk')} кредит",
                    ru=f"Число кредитов в силлабусе {fmt(cr.value, 'ru')}, а в паспорте программы ({me.code}) {fmt(me.credits, 'ru')}",
                    en=f"The syllabus gives {fmt(cr.value)} credits; the programme's passport ({me.code}) gives {fmt(me.credits)}",
                ),
            )
