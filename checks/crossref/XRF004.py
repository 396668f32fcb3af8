from __future__ import annotations

from checks.finding import Kind, Severity
from checks.norms import QMS_SYLLABUS, cite
from checks.registry import M, Rule, ru_plural, sentence_start
from checks.text import slug

LIST_NAMES = {"main": ("негізгі", "основной", "main"), "additional": ("қосымша", "дополнительной", "additional")}


def reference_year(syllabus, ctx) -> int:
    ident = syllabus.identity
    if ident.year is not None:
        return ident.year.value
    for d in (ident.approval.date, ident.protocol.date):
        if d is not None:
            return d.value.year
    return ctx.today.year


class XRF004(Rule):
    """Literature is not older than the institution's threshold.

    Each entry whose year is more than ``literature.max_age_years`` (10 by default) before the
    syllabus's year is an observation: the list may need newer editions. Entries without a
    readable year are not judged.

    **Anti-pattern**: a 2022 syllabus whose additional literature is "Алматы: Ғылым, 1994".

    **Best practice**: main literature published within the last 10 years; classic older
    works waived with a justification.
    """

    code = "XRF004"
    needs = ("literature",)
    name = "crossref.literature-age"
    groups = ("all", "crossref", "literature")
    severity = Severity.observation
    kind = Kind.potential
    requirement = cite(QMS_SYLLABUS + " (currency of the recommended literature)", "literature.max_age_years")
    cause_rank = 50

    def check(self, syllabus, ctx):
        ref = reference_year(syllabus, ctx)
        limit = ctx.policy.literature.max_age_years
        lit = syllabus.literature
        for lst in (lit.main, lit.additional):
            for i, e in enumerate(lst):
                if e.year is None or ref - e.year.value <= limit:
                    continue
                age = ref - e.year.value
                n = e.number.value if e.number is not None else i + 1
                kk, ru, en = LIST_NAMES.get(e.list_name, (e.list_name,) * 3)
                yield self.finding(
                    syllabus,
                    location=f"literature/{e.list_name}/{n}",
                    key_location=f"literature/{e.list_name}",
                    key_values=[slug(e.text.value, 30), e.year.value],
                    source=e.year if e.year.source.text else e.text,
                    expected=f">= {ref - limit}",
                    actual=e.year.value,
                    refs=[f"literature/{e.list_name}/{n}"],
                    message=M(
                        kk=f"{sentence_start(kk)} әдебиеттің {n}-дереккөзі {e.year.value} жылы шыққан ({age} жыл бұрын; "
                        f"шегі {limit} жыл)",
                        ru=f"Источник {n} {ru} литературы издан в {e.year.value} году ({age} {ru_plural(age, 'год', 'года', 'лет')} "
                        f"назад; предел {limit} {ru_plural(limit, 'год', 'года', 'лет')})",
                        en=f"{sentence_start(en)} literature entry {n} is from {e.year.value} ({age} years old; the limit is {limit})",
                    ),
                )
