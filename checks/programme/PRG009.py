from __future__ import annotations

from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.programme.common import CurriculumRule, from_file
from checks.registry import M
from checks.rulekit import stated
from checks.text import codes_in, normalise_code, similarity, slug

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.curriculum import Course, Curriculum
    from checks.finding import Finding
    from checks.registry import CheckContext
    from extractors.model import Syllabus


def _names(one: str, other: str, threshold: float) -> bool:
    """Do two prerequisite entries name the same course: a shared code, else a like title."""
    a, b = {normalise_code(c) for c in codes_in(one)}, {normalise_code(c) for c in codes_in(other)}
    if a & b:
        return True
    return similarity(one, other) >= threshold


class PRG009(CurriculumRule):
    """The prerequisites are the curriculum's.

    Runs when a curriculum file with a ``prerequisites`` column is given and the course is found
    in it (by code, else title; policy ``matching.title_threshold``). Both ways: each
    prerequisite the curriculum lists is named in the syllabus, and each the syllabus names is
    one the curriculum lists (entries match by a course code in them, else by title).

    **Anti-pattern**: the curriculum's prerequisites of GIG3303 are "Общая и историческая
    геология; Физика"; the syllabus names "Общая и историческая геология; Химия".

    **Best practice**: the syllabus names "Общая и историческая геология; Физика".
    """

    code = "PRG009"
    needs = ("prerequisites",)
    name = "programme.curriculum-prerequisites"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "programme", "curriculum", "prerequisites")
    severity = Severity.minor
    kind = Kind.nonconformity
    cause_rank = 15

    def check_course(self, syllabus: Syllabus, ctx: CheckContext, cur: Curriculum, me: Course) -> Iterator[Finding]:
        thr = ctx.policy.matching.title_threshold
        if me.prerequisites is None:
            return
        given = stated(syllabus.prerequisites)
        listed = "; ".join(me.prerequisites) or "none"
        for p in given:
            if any(_names(p.value, q, thr) for q in me.prerequisites):
                continue
            yield self.finding(
                syllabus,
                location="prerequisites",
                key_values=[slug(p.value), "extra"],
                source=p,
                expected=from_file(listed, cur.file, me.row),
                actual=p.value,
                refs=[f"prerequisite/{slug(p.value)}"],
                message=M(
                    kk=f"Оқу жоспары бұл пәннің ({me.label}) пререквизиттері ретінде «{p.value}» пәнін көрсетпейді",
                    ru=f"Учебный план не указывает «{p.value}» среди пререквизитов дисциплины ({me.label})",
                    en=f"The curriculum does not list '{p.value}' among the prerequisites of {me.label}",
                ),
            )
        named = ", ".join(p.value for p in given) or "none"
        first = given[0] if given else None
        for q in me.prerequisites:
            if any(_names(p.value, q, thr) for p in given):
                continue
            yield self.finding(
                syllabus,
                location="prerequisites",
                key_values=[slug(q), "missing"],
                source=first,
                expected=from_file(q, cur.file, me.row),
                actual=named,
                refs=[f"prerequisite/{slug(q)}"],
                message=M(
                    kk=f"Оқу жоспары бойынша «{q}» осы пәннің ({me.label}) пререквизиті, ал силлабус оны көрсетпейді",
                    ru=f"По учебному плану «{q}» — пререквизит дисциплины ({me.label}), а силлабус его не указывает",
                    en=f"The curriculum lists '{q}' as a prerequisite of {me.label}; the syllabus does not name it",
                ),
            )
