from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from checks.batch.common import label, unreciprocated
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M
from checks.text import slug

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class BAT001(Rule):
    """A postrequisite's syllabus lists this course among its prerequisites.

    Over all syllabi of one run: when course A names course B as a postrequisite and B's syllabus
    is in the run, B must name A as a prerequisite. Reported on A, quoting A's entry. Not judged
    when B states no prerequisites at all (PRQ001's concern).

    **Anti-pattern**: GMRK3301 lists "Геотектоника және металлогения" as a postrequisite; the
    syllabus of Геотектоника және металлогения lists only "Минералогия" as its prerequisite.

    **Best practice**: the postrequisite's syllabus lists "Қазақстанның геологиясы және минералдық
    ресурстары" among its prerequisites.
    """

    code = "BAT001"
    needs = ("postrequisites",)
    name = "batch.postrequisite-reciprocal"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "batch", "prerequisites")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = MES_563 + " (prerequisites and postrequisites of the educational programme)"
    batch = True
    cause_rank = 30

    def check_batch(self, syllabi: Sequence[Syllabus], ctx: CheckContext) -> Iterator[Finding]:
        thr = ctx.policy.matching.title_threshold
        for a, post, b in unreciprocated(syllabi, thr, lambda s: s.postrequisites, lambda s: s.prerequisites):
            yield self.finding(
                a,
                location="postrequisites",
                key_values=[slug(post.value)],
                source=post,
                expected=f"{label(b)} lists {label(a)} as a prerequisite",
                actual="not listed",
                refs=[f"postrequisite/{slug(post.value)}"],
                message=M(
                    kk=f"«{post.value}» пәні постреквизит ретінде көрсетілген, бірақ оның силлабусында ({b.file}) бұл пән "
                    f"пререквизиттер арасында жоқ",
                    ru=f"Дисциплина «{post.value}» указана как постреквизит, но в её силлабусе ({b.file}) данный курс "
                    f"не указан среди пререквизитов",
                    en=f"'{post.value}' is listed as a postrequisite, but its syllabus ({b.file}) does not list this "
                    f"course among its prerequisites",
                ),
            )
