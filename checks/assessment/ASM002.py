from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M, fmt
from extractors.model_enums import AssessmentScheme

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class ASM002(Rule):
    """The final-grade formula's weights sum to 1.

    In И = w₁·(P1 + P2)/2 + w₂·Э the weight of current performance and the weight of the exam
    must add up to 1 (60 % + 40 % = 100 %), or the final grade is not on the 0-100 scale.

    Not judged in the ``modules`` scheme, whose weights follow from the modules' points
    (ИЭ = (М1 + М2 + Э)/2) rather than being stated (ASM008 checks those points).

    **Anti-pattern**: И = 0,6·(P1 + P2)/2 + 0,5·Э.

    **Best practice**: И = 0,6·(P1 + P2)/2 + 0,4·Э.
    """

    code = "ASM002"
    needs = ("formula",)
    name = "assessment.formula-weights-sum"
    policy_keys = ("assessment.weight_tolerance",)
    groups = ("all", "assessment", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (final grade of the discipline)"
    cause_rank = 10
    topic = "formula_weights_sum"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        if syllabus.assessment.scheme in (AssessmentScheme.modules,):
            return
        f = syllabus.assessment.formula
        if f is None or f.current_weight is None or f.exam_weight is None:
            return
        cw, ew = f.current_weight.value, f.exam_weight.value
        s = cw + ew
        if abs(s - 1) <= ctx.policy.assessment.weight_tolerance:
            return
        yield self.finding(
            syllabus,
            location="assessment/formula",
            source=f.text or f.current_weight,
            expected=1,
            actual=round(s, 6),
            refs=["formula/current_weight", "formula/exam_weight"],
            message=M(
                kk=f"Қорытынды баға формуласындағы салмақтардың қосындысы {fmt(cw, 'kk')} + {fmt(ew, 'kk')} = "
                f"{fmt(round(s, 6), 'kk')}, 1 болуы керек",
                ru=f"Сумма весов в формуле итоговой оценки {fmt(cw, 'ru')} + {fmt(ew, 'ru')} = {fmt(round(s, 6), 'ru')}, должна быть 1",
                en=f"The final-grade formula's weights sum to {fmt(cw)} + {fmt(ew)} = {fmt(round(s, 6))}, not 1",
            ),
        )
