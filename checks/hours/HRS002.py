from __future__ import annotations

from checks.finding import Kind, Severity
from checks.hours.common import SPLIT_NAMES, close, credits, delta_ref, parts
from checks.norms import MES_563, cite
from checks.registry import M, Rule, fmt, ru_plural
from extractors.model import Activity


class HRS002(Rule):
    """The hours of each activity follow the institution's split for the course's credits.

    Policy ``hours.split`` gives, per number of credits, the hours of lectures, practical/lab
    classes, СӨЖО/СРОП and СӨЖ/СРО (for 5 credits: 15 / 30 / 30 / 75). The rule runs only when the
    table is complete (its rows add up to credits × hours per credit) and the policy has a split
    for that many credits; an activity the table does not list counts as 0 hours.

    **Anti-pattern**: 5 credits split 30 / 15 / 30 / 75 (lectures and practicals swapped).

    **Best practice**: 5 credits split 15 / 30 / 30 / 75.
    """

    code = "HRS002"
    name = "hours.split-policy"
    groups = ("all", "hours")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563, "hours.split")
    cause_rank = 10

    def check(self, syllabus, ctx):
        cr = credits(syllabus)
        p = parts(syllabus)
        if cr is None or not p or float(cr.value) != int(cr.value):
            return
        hp = ctx.policy.hours
        split = hp.split.get(int(cr.value))
        if split is None or not close(sum(v.value for v in p.values()), cr.value * hp.hours_per_credit, hp.tolerance):
            return
        groups = {
            "lectures": [Activity.lectures],
            "practicals": [Activity.practicals],
            "labs": [Activity.labs],
            "practicals_labs": [Activity.practicals, Activity.labs],
            "siwt": [Activity.siwt],
            "siw": [Activity.siw],
        }
        for key, expected in split.items():
            acts = groups[key]
            actual = sum(p[a].value for a in acts if a in p)
            if close(actual, expected, hp.tolerance):
                continue
            src = next((p[a] for a in acts if a in p), None)
            kk, ru, en = SPLIT_NAMES[key]
            yield self.finding(
                syllabus,
                location=f"hours/{key}",
                source=src if src is not None else syllabus.hours.total,
                expected=expected,
                actual=actual,
                refs=[*(f"hours/{a.value}" for a in acts), delta_ref(expected, actual)],
                message=M(
                    kk=f"{kk.capitalize()}: {fmt(actual, 'kk')} сағ, ал {fmt(cr.value, 'kk')} кредиттік пән үшін "
                    f"саясат бойынша {fmt(expected, 'kk')} сағ болуы керек",
                    ru=f"{ru.capitalize()}: {fmt(actual, 'ru')} ч, а по политике для дисциплины в "
                    f"{fmt(cr.value, 'ru')} {ru_plural(cr.value, 'кредит', 'кредита', 'кредитов')} должно быть {fmt(expected, 'ru')} ч",
                    en=f"{en.capitalize()}: {fmt(actual)} h, but policy for a {fmt(cr.value)}-credit course "
                    f"sets {fmt(expected)} h",
                ),
            )
