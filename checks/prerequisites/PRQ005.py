from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.prerequisites.common import left_empty
from checks.registry import CheckContext, Rule
from checks.rulekit import M

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class PRQ005(Rule):
    """The postrequisites are stated.

    The Постреквизиттер / Постреквизиты section must name the courses that build on this one, or
    say explicitly that there are none ("жоқ", "нет", "none"). The rule fires only when the
    section was found and is empty ("ПОСТРЕКВИЗИТЫ:" with nothing after it), and quotes where its
    label is; a section that is missing altogether is reported by the required-sections rule, and
    one the reader could not interpret is not verified by the tool (the rule does not run).

    **Anti-pattern**: the heading "1.6 Постреквизиттер" followed directly by "2 Пәннің мазмұны".

    **Best practice**: "1.6 Постреквизиттер — Геотектоника және металлогения".
    """

    code = "PRQ005"
    needs = ("postrequisites",)
    name = "prerequisites.postrequisites-stated"
    groups = ("all", "prerequisites")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = MES_563 + " (postrequisites of the discipline)"
    cause_rank = 20

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        empty, where = left_empty(syllabus, "postrequisites")
        if not empty:
            return
        yield self.finding(
            syllabus,
            location="postrequisites",
            source=where,
            expected="stated",
            actual="empty",
            refs=["section/postrequisites"],
            message=M(
                kk="Постреквизиттер бөлімі бос: осы пәнге негізделетін пәндер көрсетілмеген (жоқ болса, «жоқ» деп жазылуы керек)",
                ru="Раздел «Постреквизиты» пуст: не указаны дисциплины, которые основаны на этом курсе (если их нет, следует написать «нет»)",
                en="The postrequisites section is empty: name the courses that build on this one, or state 'none'",
            ),
        )
