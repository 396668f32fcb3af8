from __future__ import annotations

from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.programme.common import DisciplineRule, from_file, same_text
from checks.registry import M

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.finding import Finding
    from checks.passport import Discipline, Passport
    from checks.registry import CheckContext
    from extractors.model import Syllabus


class PRG002(DisciplineRule):
    """The discipline's cycle and component are the passport's.

    Runs when the programme's passport is given. The discipline is found in the passport by its
    course code, else by its title (policy ``matching.title_threshold``); a discipline the
    passport does not list at all is a finding too. Cycle (БД/ПД/КП…) and component (ОК/ВК/ЖК…)
    are compared as text, case aside.

    **Anti-pattern**: "Цикл: БД, компонент: ОК" when the passport lists the course as ПД / ВК.

    **Best practice**: "Цикл: ПД, компонент: ВК", as the passport lists it.
    """

    code = "PRG002"
    needs = ("identity",)
    name = "programme.passport-cycle"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "programme", "passport")
    severity = Severity.major
    kind = Kind.nonconformity
    cause_rank = 10

    def not_listed(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport) -> Iterator[Finding]:
        ident = syllabus.identity
        where = ident.course_code or ident.course_title
        if where is not None:
            yield self.finding(
                syllabus,
                location="identity/course_code",
                source=where,
                expected=f"a discipline of the passport ({pp.file})",
                actual=where.value,
                refs=["identity/course"],
                message=M(
                    kk=f"«{where.value}» пәні бағдарлама паспортында жоқ",
                    ru=f"Дисциплины «{where.value}» нет в паспорте программы",
                    en=f"The passport does not list the discipline '{where.value}'",
                ),
            )

    def check_discipline(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport, me: Discipline) -> Iterator[Finding]:
        ident = syllabus.identity
        for part, got, want, names in (
            ("cycle", ident.cycle, me.cycle, ("циклі", "цикл", "cycle")),
            ("component", ident.component, me.component, ("компоненті", "компонент", "component")),
        ):
            if got is None or not want or same_text(got.value, want):
                continue
            yield self.finding(
                syllabus,
                location=f"identity/{part}",
                source=got,
                expected=from_file(want, pp.file, me.row),
                actual=got.value,
                refs=[f"identity/{part}"],
                message=M(
                    kk=f"Силлабустағы пән {names[0]} {got.value}, ал паспортта ({me.code}) {want}",
                    ru=f"{names[1].capitalize()} дисциплины в силлабусе {got.value}, а в паспорте ({me.code}) {want}",
                    en=f"The syllabus gives the {names[2]} {got.value}; the passport ({me.code}) gives {want}",
                ),
            )
