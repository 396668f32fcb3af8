from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M, fmt
from extractors.model_enums import AssessmentScheme

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class ASM003(Rule):
    """The final-grade formula's weights are the institution's.

    Policy ``assessment.current_weight`` and ``assessment.exam_weight`` (0.6 and 0.4 by default)
    fix how much current performance and the exam count.

    The policy's weights belong to the ``periods_of_100`` scheme (and to a formula of weights
    only); under course points (ASM007) or modules (ASM008) the weights follow from the points,
    so they are not compared with the policy.

    **Anti-pattern**: И = 0,5·(P1 + P2)/2 + 0,5·Э where policy says 0,6 / 0,4.

    **Best practice**: И = 0,6·(P1 + P2)/2 + 0,4·Э.
    """

    code = "ASM003"
    needs = ("formula",)
    name = "assessment.formula-policy"
    policy_keys = ("assessment.current_weight", "assessment.exam_weight", "assessment.weight_tolerance")
    groups = ("all", "assessment")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563, "assessment.current_weight", "assessment.exam_weight")
    cause_rank = 20
    topic = "formula_weights_policy"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        if syllabus.assessment.scheme in (AssessmentScheme.modules, AssessmentScheme.course_points_100):
            return
        f = syllabus.assessment.formula
        if f is None or f.current_weight is None or f.exam_weight is None:
            return
        ap = ctx.policy.assessment
        cw, ew = f.current_weight.value, f.exam_weight.value
        tol = ap.weight_tolerance
        if abs(cw - ap.current_weight) <= tol and abs(ew - ap.exam_weight) <= tol:
            return
        exp = f"{fmt(ap.current_weight)}/{fmt(ap.exam_weight)}"
        act = f"{fmt(cw)}/{fmt(ew)}"
        yield self.finding(
            syllabus,
            location="assessment/formula",
            source=f.text or f.current_weight,
            expected=exp,
            actual=act,
            refs=["formula/current_weight", "formula/exam_weight"],
            message=M(
                kk=f"Қорытынды баға формуласында ағымдағы үлгерім мен емтиханның салмақтары {fmt(cw, 'kk')} және "
                f"{fmt(ew, 'kk')}, ал саясат бойынша {fmt(ap.current_weight, 'kk')} және {fmt(ap.exam_weight, 'kk')}",
                ru=f"В формуле итоговой оценки веса текущей успеваемости и экзамена {fmt(cw, 'ru')} и {fmt(ew, 'ru')}, "
                f"а по политике {fmt(ap.current_weight, 'ru')} и {fmt(ap.exam_weight, 'ru')}",
                en=f"The final-grade formula weighs current performance and exam {fmt(cw)} and {fmt(ew)}; "
                f"policy sets {fmt(ap.current_weight)} and {fmt(ap.exam_weight)}",
            ),
        )
