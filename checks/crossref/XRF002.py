from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.crossref.common import match_items, ordinal, plan_topics
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class XRF002(Rule):
    """Each assessed practical / laboratory work matches the plan topic of the same number.

    "5 практикалық жұмыс" in a rating period must carry the title of practical topic 5 of the
    thematic plan. A work whose title is that of another topic (the numbering has shifted), or
    of no topic at all, is a finding.

    **Anti-pattern**: "5 практикалық жұмыс. ...: түсті және асыл металдар", the title of plan
    topic 6.

    **Best practice**: "5 практикалық жұмыс. ...: қара металдар", the title of plan topic 5.
    """

    code = "XRF002"
    needs = ("plan", "assessment")
    name = "crossref.assessed-match-plan"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "crossref", "assessment", "plan")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (assessment of every type of academic work)"
    cause_rank = 20
    topic = "assessment_vs_plan"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        matches = match_items(syllabus, ctx.policy.matching.title_threshold)
        if matches is None:
            return
        for m in matches:
            k = m.item.practical_number
            act = m.activity.value
            lab = act == "labs"
            kind_kk = "зертханалық" if lab else "практикалық"
            kind_ru = "Лабораторная" if lab else "Практическая"
            kind_en = "Lab" if lab else "Practical"
            refs = [f"assessment/{act}", f"assessment/{act}/{k}"]
            if m.topic is None:
                yield self.finding(
                    syllabus,
                    location=f"assessment/{act}/{k}",
                    source=m.item.title,
                    expected="a plan topic",
                    actual="none",
                    refs=refs,
                    message=M(
                        kk=f"Бағалау кестесіндегі {k}-{kind_kk} жұмыс тақырыптық жоспардың ешбір тақырыбына сәйкес келмейді",
                        ru=f"{kind_ru} работа {k} из таблицы оценивания не соответствует ни одной теме тематического плана",
                        en=f"{kind_en} work {k} in the assessment matches no topic of the thematic plan",
                    ),
                )
                continue
            topics = plan_topics(syllabus, m.activity)
            n = ordinal(topics, m.topic)
            if n == k:
                continue
            yield self.finding(
                syllabus,
                location=f"assessment/{act}/{k}",
                source=m.item.title,
                expected=k,
                actual=n,
                refs=[*refs, f"plan/{act}/{n}"],
                message=M(
                    kk=f"Бағалау кестесіндегі {k}-{kind_kk} жұмыстың атауы жоспардың {n}-тақырыбына сәйкес: нөмірлеу ығысқан",
                    ru=f"{kind_ru} работа {k} в таблице оценивания носит название темы {n} плана: нумерация сдвинута",
                    en=f"{kind_en} work {k} in the assessment has the title of plan topic {n}: the numbering is shifted",
                ),
            )
