"""Matching assessed practical/lab works to thematic-plan topics (not a rule module)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checks.text import normalise, similarity
from extractors.model_enums import Activity

if TYPE_CHECKING:
    from extractors.model import AssessmentItem, PlanSection, Syllabus, Topic

_LAB = re.compile(r"зертханал|лаборатор|\blab", re.IGNORECASE)


@dataclass
class Match:
    item: AssessmentItem
    activity: Activity
    topic: Topic | None  # the plan topic the item assesses; None when it matches none
    by_title: bool  # True when matched on the title, False when only the number was available


def topic_number(topic: Topic, index: int) -> int:
    """The number printed in the plan's № column (the position when there is none)."""
    return topic.number.value if topic.number is not None else index + 1


def ordinal(topics: list[Topic], topic: Topic) -> int:
    """The topic's number among this activity's topics, as practical works are numbered: the
    printed number when the section is numbered 1..n, else its position (plans that number
    practicals on from the lectures, 16, 17, ..., still have practical work 1, 2, ...)."""
    printed = [topic_number(t, i) for i, t in enumerate(topics)]
    index = next(i for i, t in enumerate(topics) if t is topic)
    return printed[index] if printed == list(range(1, len(topics) + 1)) else index + 1


def match_items(syllabus: Syllabus, threshold: float) -> list[Match] | None:
    """Each assessed item that names a practical/lab work, matched to its plan topic.

    None when the syllabus does not assess practical works one by one (no item carries a
    practical number) or the plan has no practical/lab topics: then nothing can be cross-checked.
    An item with a title is matched to the plan topic whose title is most similar (so that
    renumbering is detected); an item with only a number is matched by number."""
    items = [i for p in syllabus.assessment.periods for i in p.items if i.practical_number is not None]
    if not items:
        return None
    sections: dict[Activity, PlanSection] = {s.activity: s for s in syllabus.plan if s.activity in (Activity.practicals, Activity.labs) and s.topics}
    if not sections:
        return None
    out = []
    for item in items:
        if _LAB.search(item.title.value) and Activity.labs in sections:
            act = Activity.labs
        else:
            act = Activity.practicals if Activity.practicals in sections else next(iter(sections))
        topics = sections[act].topics
        if len(normalise(item.title.value).split()) >= 2:
            scored = [(similarity(item.title.value, t.title.value, partial=True), t) for t in topics]
            best_score, best = max(scored, key=lambda s: s[0])
            out.append(Match(item, act, best if best_score >= threshold else None, True))
        else:
            by_num = next((t for t in topics if ordinal(topics, t) == item.practical_number), None)
            out.append(Match(item, act, by_num, False))
    return out


_PRACTICAL = re.compile(r"практика|практическ|practical|семинар|seminar", re.IGNORECASE)


def assessed_as_a_whole(syllabus: Syllabus, activity: Activity) -> bool:
    """An item without a work number that names practical (lab) works in general ("Практикалық
    жұмыстарды қорғау"): it may cover any topic, so unmatched topics are not reported."""
    rx = _LAB if activity == Activity.labs else _PRACTICAL
    return any(
        i.practical_number is None and rx.search(i.title.value)
        for p in syllabus.assessment.periods
        for i in p.items
    )


def plan_topics(syllabus: Syllabus, activity: Activity) -> list[Topic]:
    s = syllabus.plan_section(activity)
    return s.topics if s else []
