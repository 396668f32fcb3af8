from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus

SCHEME_NAMES = {
    # kk, ru, en
    "periods_of_100": ("100 балдық екі рейтинг кезеңі", "два рейтинга по 100 баллов", "two rating periods of 100 points"),
    "course_points_100": ("бүкіл курсқа 100 балл (емтиханмен қоса)", "100 баллов за весь курс (вместе с экзаменом)",
                          "100 points over the whole course, exam included"),
    "modules": ("модульдік балдар (М1, М2)", "баллы модулей (М1, М2)", "module points (M1, M2)"),
    "other": ("тек салмақтар, сынақ немесе басқа жүйе", "только веса, зачёт или иная система",
              "weights only, pass/fail or another system"),
}


class ASM006(Rule):
    """The syllabus assesses by a scheme the institution allows.

    Policy ``assessment.schemes`` lists the ways of combining marks the institution accepts:
    two rating periods of 100 points with И = 0,6·(Р1+Р2)/2 + 0,4·Э (``periods_of_100``),
    points or percent over the whole course summing to 100 (``course_points_100``), module
    points with their own maxima (``modules``), and ``other`` (weights only, pass/fail). The
    default allows all four; an institution narrows the list to its own. A syllabus whose scheme
    was not recognised is not judged.

    **Anti-pattern**: "ИО = ОРД × 0,6 + ОПА × 0,4" with no points anywhere, where the policy
    allows only point schemes.

    **Best practice**: "Рейтинг 1 (0-100), Рейтинг 2 (0-100), Емтихан (0-100); И = 0,6·(Р1+Р2)/2 + 0,4·Э".
    """

    code = "ASM006"
    needs = ("assessment",)
    name = "assessment.scheme-allowed"
    policy_keys = ("assessment.schemes",)
    groups = ("all", "assessment")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563 + " (rating of current performance and final grade)", "assessment.schemes")
    cause_rank = 5
    topic = "assessment_scheme_not_allowed"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        a = syllabus.assessment
        allowed = ctx.policy.assessment.schemes
        if a.scheme is None or a.scheme.value in allowed:
            return
        used = SCHEME_NAMES[a.scheme.value]
        allow = {lang: "; ".join(SCHEME_NAMES[s][k] for s in allowed) or "—" for k, lang in enumerate(("kk", "ru", "en"))}
        f = a.formula
        source = (f.text if f is not None else None) or (a.periods[0].name if a.periods else None) or a.course_total
        yield self.finding(
            syllabus,
            location="assessment/scheme",
            source=source,
            expected=", ".join(allowed),
            actual=a.scheme.value,
            key_values=[a.scheme.value],
            refs=["assessment/scheme"],
            message=M(
                kk=f"Бағалау жүйесі «{used[0]}» саясатта рұқсат етілмеген; рұқсат етілгені: {allow['kk']}",
                ru=f"Система оценивания «{used[1]}» не разрешена политикой; разрешены: {allow['ru']}",
                en=f"The assessment scheme '{used[2]}' is not one the policy allows; allowed: {allow['en']}",
            ),
        )
