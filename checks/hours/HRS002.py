from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.hours.common import SPLIT_NAMES, credit_norm, parts
from checks.norms import MES_563, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import CONTACT_PARTS, M, close, delta_ref, fmt, ru_plural, sentence_start
from extractors.model_enums import Activity

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class HRS002(Rule):
    """The hours of each activity follow the institution's split for the course's credits.

    Policy ``hours.split`` gives, per number of credits, the hours of lectures, practical/lab
    classes, СӨЖО/СРОП and СӨЖ/СРО (for 5 credits: 15 / 30 / 30 / 75), when the policy has a split
    for that many credits; an activity the table does not list counts as 0 hours. When the rows do
    not add up to credits × hours per credit, a deviation is reported only if one activity alone
    accounts for the whole difference (СРО 80 instead of 75 in a table of 155 h): that row is the
    cause, and HRS003's wrong sum hangs under it. Several rows off at once leave no single cause,
    and HRS001/HRS003 report the table as a whole.

    **Anti-pattern**: 5 credits split 30 / 15 / 30 / 75 (lectures and practicals swapped).

    **Best practice**: 5 credits split 15 / 30 / 30 / 75.
    """

    code = "HRS002"
    needs = ("credits", "hours")
    name = "hours.split-policy"
    policy_keys = ("hours.hours_per_credit", "hours.hours_per_ze", "hours.split", "hours.tolerance")
    groups = ("all", "hours")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563, "hours.split")
    cause_rank = 10
    topic = "hours_split_vs_norm"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        hp = ctx.policy.hours
        norm = credit_norm(syllabus, hp)
        p = parts(syllabus)
        if norm is None or norm.unit == "ze" or Activity.siw not in p or not any(a in p for a in CONTACT_PARTS):
            return
        cr = norm.credits
        if float(cr.value) != int(cr.value):
            return
        split = hp.split.get(int(cr.value))
        if split is None:
            return
        groups = {
            "lectures": [Activity.lectures],
            "practicals": [Activity.practicals],
            "labs": [Activity.labs],
            "practicals_labs": [Activity.practicals, Activity.labs],
            "siwt": [Activity.siwt],
            "siw": [Activity.siw],
        }
        deviations = []
        for key, expected in split.items():
            acts = groups[key]
            actual = sum(p[a].value for a in acts if a in p)
            if not close(actual, expected, hp.tolerance):
                deviations.append((key, expected, actual))
        surplus = sum(v.value for v in p.values()) - norm.expected_hours
        if not close(surplus, 0, hp.tolerance) and (
            len(deviations) != 1 or not close(deviations[0][2] - deviations[0][1], surplus, hp.tolerance)
        ):
            return
        for key, expected, actual in deviations:
            acts = groups[key]
            src = next((p[a] for a in acts if a in p), None)
            kk, ru, en = SPLIT_NAMES[key]
            yield self.finding(
                syllabus,
                location=f"hours/{key}",
                source=src if src is not None else syllabus.hours.total if syllabus.hours is not None else None,
                expected=expected,
                actual=actual,
                refs=[*(f"hours/{a.value}" for a in acts), delta_ref(expected, actual)],
                message=M(
                    kk=f"{sentence_start(kk)}: {fmt(actual, 'kk')} сағ, ал {fmt(cr.value, 'kk')} кредиттік пән үшін "
                    f"саясат бойынша {fmt(expected, 'kk')} сағ болуы керек",
                    ru=f"{sentence_start(ru)}: {fmt(actual, 'ru')} ч, а по политике для дисциплины в "
                    f"{fmt(cr.value, 'ru')} {ru_plural(cr.value, 'кредит', 'кредита', 'кредитов')} должно быть {fmt(expected, 'ru')} ч",
                    en=f"{sentence_start(en)}: {fmt(actual)} h, but policy for a {fmt(cr.value)}-credit course "
                    f"sets {fmt(expected)} h",
                ),
            )
