from __future__ import annotations

from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.programme.common import DisciplineRule
from checks.registry import M

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.finding import Finding
    from checks.passport import Discipline, Passport
    from checks.registry import CheckContext
    from extractors.model import Syllabus


class PRG006(DisciplineRule):
    """Every programme outcome the matrix gives the discipline is served by the syllabus.

    Runs when the programme's passport is given and lists the discipline (by code, else title;
    policy ``matching.title_threshold``). Each outcome its matrix gives the discipline must be
    among the programme outcomes the syllabus declares.

    **Anti-pattern**: the matrix gives GMRK3301 PO10 and PO14; the syllabus declares PO10 only.

    **Best practice**: the syllabus declares PO10 and PO14.
    """

    code = "PRG006"
    needs = ("learning_outcomes",)
    name = "programme.matrix-served"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "programme", "passport", "outcomes")
    severity = Severity.major
    kind = Kind.nonconformity
    cause_rank = 15

    def check_discipline(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport, me: Discipline) -> Iterator[Finding]:
        claimed = syllabus.outcomes.of_programme()
        served = {o.key for o in claimed}
        declared = ", ".join(o.code.value for o in claimed) or "none"
        where = syllabus.coverage.get("learning_outcomes")
        for key in sorted(pp.outcomes_of(me.code) - served):
            po = pp.outcomes[key]
            yield self.finding(
                syllabus,
                location="outcomes",
                key_values=[key, "not-served"],
                source=where.where if where is not None else None,
                expected=f"{po.code} ({pp.file}, row {po.row})",
                actual=declared,
                refs=[f"outcome/{key}"],
                message=M(
                    kk=f"Паспорт матрицасы бұл пәнге ({me.code}) {po.code} нәтижесін береді, ал силлабус оны көрсетпейді",
                    ru=f"Матрица паспорта закрепляет за дисциплиной ({me.code}) результат {po.code}, а силлабус его не указывает",
                    en=f"The passport's matrix gives the discipline ({me.code}) {po.code}; the syllabus does not serve it",
                ),
            )
