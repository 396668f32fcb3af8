from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.crossref.common import assessed_as_a_whole, match_items, plan_topics, topic_number
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M, ru_plural

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class XRF001(Rule):
    """Every practical / laboratory topic of the thematic plan is assessed.

    When the assessment table lists practical (lab) works one by one, each practical topic of
    the plan must appear among them. Items are matched to topics by title (tolerant of case,
    inflection and numbering), so a work that was dropped is found even when the numbering
    hides it. Syllabi that assess practical works as a whole (no numbered works, or an item such
    as "Практикалық жұмыстарды қорғау") are not checked.

    **Anti-pattern**: nine practical topics in the plan, and rating periods that assess eight
    works: topic 5 "... қара металдар" is in none.

    **Best practice**: each of the nine practical topics is an item of rating 1 or rating 2.
    """

    code = "XRF001"
    needs = ("plan", "assessment")
    name = "crossref.practicals-assessed"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "crossref", "assessment", "plan")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (assessment of every type of academic work)"
    cause_rank = 10
    topic = "assessment_vs_plan"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        matches = match_items(syllabus, ctx.policy.matching.title_threshold)
        if matches is None:
            return
        for act in sorted({m.activity for m in matches}, key=lambda a: a.value):
            if assessed_as_a_whole(syllabus, act):
                continue
            topics = plan_topics(syllabus, act)
            mine = [m for m in matches if m.activity == act]
            assessed = {id(m.topic) for m in mine if m.topic is not None}
            for i, t in enumerate(topics):
                if id(t) in assessed:
                    continue
                n = topic_number(t, i)
                lab = act.value == "labs"
                yield self.finding(
                    syllabus,
                    location=f"plan/{act.value}/topic {n}",
                    source=t.title,
                    expected="assessed",
                    actual="not assessed",
                    refs=[f"assessment/{act.value}", f"plan/{act.value}/{n}"],
                    message=M(
                        kk=f"Тақырыптық жоспардағы {n}-{'зертханалық' if lab else 'практикалық'} сабақ тақырыбы бағаланбайды: "
                        f"жоспарда {len(topics)} тақырып, бағалау кестесінде {len(mine)} жұмыс",
                        ru=f"{'Лабораторное' if lab else 'Практическое'} занятие {n} тематического плана не оценивается: "
                        f"в плане {len(topics)} {ru_plural(len(topics), 'тема', 'темы', 'тем')}, в таблице оценивания "
                        f"{len(mine)} {ru_plural(len(mine), 'работа', 'работы', 'работ')}",
                        en=f"{'Lab' if lab else 'Practical'} topic {n} of the thematic plan is not assessed: the plan has "
                        f"{len(topics)} topics, the assessment lists {len(mine)} works",
                    ),
                )
