from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.assessment.common import at, numeric, period_points, where
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M, close, fmt
from extractors.model_enums import AssessmentScheme, PeriodKind

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class ASM008(Rule):
    """A module's (or period's) items sum to the maximum stated for it.

    Module schemes (М1, М2 with ИЭ = (М1 + М2 + Э)/2) and course-point schemes state a
    maximum for each module or half, often in two places: a heading "1 модуль (25 балл)" and a
    points map whose items add up to something else. The items' points must sum to the stated
    maximum, and two statements of one maximum must agree; the finding names both places. Periods
    of 100 are ASM001's.

    **Anti-pattern**: "1 модуль (25 балл)" in the header, and a points map of 10 + 8 + 16 + 16 = 50
    "до 50".

    **Best practice**: "1 модуль (50 балл)" and 10 + 8 + 16 + 16 = 50.
    """

    code = "ASM008"
    needs = ("assessment",)
    name = "assessment.module-maximum"
    policy_keys = ("assessment.period_max_points",)
    groups = ("all", "assessment")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (rating of current performance)"
    cause_rank = 10
    topic = "rating_period_sum"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        a = syllabus.assessment
        p100 = ctx.policy.assessment.period_max_points
        for period in a.periods:
            m = period.stated_max
            if period.kind == PeriodKind.exam or m is None:
                continue
            if a.scheme in (None, AssessmentScheme.periods_of_100) and close(m.value, p100, 1e-6):
                continue  # a period of 100: ASM001
            name = period.name.value.strip()
            here = {lang: at(m, m.source.text or fmt(m.value), lang) for lang in ("kk", "ru", "en")}
            pts = period_points(period)
            if pts is not None and not close(pts[0], m.value, 1e-6):
                s, terms = pts
                first = next(i.max_points for i in period.items if i.max_points is not None)
                there = {lang: where(first, lang) for lang in ("kk", "ru", "en")}
                there = {lang: f" ({v})" if v else "" for lang, v in there.items()}
                t = " + ".join(fmt(x) for x in terms)
                tc = " + ".join(fmt(x, "ru") for x in terms)
                yield self.finding(
                    syllabus,
                    location=f"assessment/{period.kind.value}",
                    source=m,
                    expected=m.value,
                    actual=s,
                    key_values=["items"],
                    refs=[f"assessment/{period.kind.value}"],
                    quote=f"{m.source.text} | {t}",
                    message=M(
                        kk=f"«{name}»: ең жоғары балы {fmt(m.value, 'kk')} деп көрсетілген ({here['kk']}), "
                        f"ал тапсырмаларының балдары {tc} = {fmt(s, 'kk')}{there['kk']}",
                        ru=f"«{name}»: максимум указан как {fmt(m.value, 'ru')} ({here['ru']}), "
                        f"а баллы заданий дают {tc} = {fmt(s, 'ru')}{there['ru']}",
                        en=f"'{name}': its maximum is stated as {fmt(m.value)} ({here['en']}), "
                        f"but its items sum to {t} = {fmt(s)}{there['en']}",
                    ),
                )
                continue
            st = period.stated_total
            other = numeric(st.value) if st is not None else None
            if st is not None and other is not None and not close(other, m.value, 1e-6):
                there = {lang: at(st, st.value, lang) for lang in ("kk", "ru", "en")}
                yield self.finding(
                    syllabus,
                    location=f"assessment/{period.kind.value}",
                    source=m,
                    expected=m.value,
                    actual=other,
                    key_values=["stated"],
                    refs=[f"assessment/{period.kind.value}"],
                    quote=f"{m.source.text} | {st.source.text or st.value}",
                    message=M(
                        kk=f"«{name}»: ең жоғары балы бір жерде {fmt(m.value, 'kk')} ({here['kk']}), "
                        f"басқа жерде {fmt(other, 'kk')} ({there['kk']})",
                        ru=f"«{name}»: максимум в одном месте {fmt(m.value, 'ru')} ({here['ru']}), "
                        f"в другом {fmt(other, 'ru')} ({there['ru']})",
                        en=f"'{name}': its maximum is {fmt(m.value)} in one place ({here['en']}) "
                        f"and {fmt(other)} in another ({there['en']})",
                    ),
                )
