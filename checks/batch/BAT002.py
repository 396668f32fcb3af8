from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from checks.batch.common import label, unreciprocated
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M, stated
from checks.text import slug

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class BAT002(Rule):
    """A prerequisite's syllabus lists this course among its postrequisites.

    The reverse of BAT001: when course A names course B as a prerequisite and B's syllabus is in
    the run, B should name A as a postrequisite. Postrequisite lists are often incomplete, so this
    is an observation. Not judged when B states no postrequisites.

    **Anti-pattern**: GMRK3301's prerequisite "Жалпы және тарихи геология" has a syllabus whose
    postrequisites omit GMRK3301.

    **Best practice**: the prerequisite's syllabus names GMRK3301 among its postrequisites.
    """

    code = "BAT002"
    needs = ("prerequisites",)
    name = "batch.prerequisite-reciprocal"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "batch", "prerequisites")
    severity = Severity.observation
    kind = Kind.potential
    requirement = MES_563 + " (prerequisites and postrequisites of the educational programme)"
    batch = True
    cause_rank = 30

    def check_batch(self, syllabi: Sequence[Syllabus], ctx: CheckContext) -> Iterator[Finding]:
        thr = ctx.policy.matching.title_threshold
        for a, pre, b in unreciprocated(syllabi, thr, lambda s: stated(s.prerequisites), lambda s: s.postrequisites):
            yield self.finding(
                a,
                location="prerequisites",
                key_values=[slug(pre.value)],
                source=pre,
                expected=f"{label(b)} lists {label(a)} as a postrequisite",
                actual="not listed",
                refs=[f"prerequisite/{slug(pre.value)}"],
                message=M(
                    kk=f"«{pre.value}» пәні пререквизит ретінде көрсетілген, бірақ оның силлабусында ({b.file}) бұл пән "
                    f"постреквизиттер арасында жоқ",
                    ru=f"Дисциплина «{pre.value}» указана как пререквизит, но в её силлабусе ({b.file}) данный курс "
                    f"не указан среди постреквизитов",
                    en=f"'{pre.value}' is listed as a prerequisite, but its syllabus ({b.file}) does not list this "
                    f"course among its postrequisites",
                ),
            )
