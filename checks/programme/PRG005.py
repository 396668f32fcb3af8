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


class PRG005(DisciplineRule):
    """Every programme outcome the syllabus claims is one the matrix gives the discipline.

    Runs when the programme's passport is given and lists the discipline (by code, else title;
    policy ``matching.title_threshold``). An outcome of the passport that its matrix does not
    give this discipline is claimed without the programme's say-so; an outcome the passport does
    not list at all is PRG004's.

    **Anti-pattern**: GMRK3301 declares PO12 while the matrix gives it PO10 and PO14.

    **Best practice**: GMRK3301 declares PO10 and PO14, the outcomes the matrix gives it.
    """

    code = "PRG005"
    needs = ("learning_outcomes",)
    name = "programme.outcome-in-matrix"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "programme", "passport", "outcomes")
    severity = Severity.major
    kind = Kind.nonconformity
    cause_rank = 15

    def check_discipline(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport, me: Discipline) -> Iterator[Finding]:
        given = pp.outcomes_of(me.code)
        codes = ", ".join(sorted(pp.outcomes[k].code for k in given))
        # "none" alone is a word the reports translate; with a file beside it, it would stay English
        expected = f"{codes} ({pp.file})" if codes else "none"
        for o in syllabus.outcomes.of_programme():
            if o.key not in pp.outcomes or o.key in given:
                continue
            yield self.finding(
                syllabus,
                location=f"outcomes/{o.code.value}",
                key_location="outcomes",
                key_values=[o.key],
                source=o.code,
                expected=expected,
                actual=o.code.value,
                refs=[f"outcome/{o.key}"],
                message=M(
                    kk=f"Силлабус {o.code.value} нәтижесін көрсетеді, ал паспорт матрицасы бұл пәнге ({me.code}) оны бермейді",
                    ru=f"Силлабус указывает результат {o.code.value}, а матрица паспорта не закрепляет его за дисциплиной ({me.code})",
                    en=f"The syllabus claims {o.code.value}; the passport's matrix does not give it to the discipline ({me.code})",
                ),
            )
