from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.assessment.common import letter
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M, fmt
from extractors.model_enums import ReadStatus

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class ASM005(Rule):
    """The grading scale's letters, grade points and percentage ranges are the institution's.

    The scale must be one of the policy's accepted scales (``assessment.accepted_scales``: the
    standard scale A 4,0 95-100 ... FX 0,5 25-49, F 0 0-24, or the variant without FX). A
    different set of letters is one finding; a wrong grade point or range is one finding per row.
    A scale the reader saw but could not read (coverage ``scale`` not read) is not judged: a row
    it lost is not a letter missing. A row with no range is ASM004's gap, not a wrong range.

    **Anti-pattern**: "A- 3,5 90-94" (the standard gives A- 3,67).

    **Best practice**: "A- 3,67 90-94".
    """

    code = "ASM005"
    needs = ("scale",)
    name = "assessment.scale-policy"
    policy_keys = ("assessment.accepted_scales", "assessment.scales")
    groups = ("all", "assessment")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563 + " (letter grading system)", "assessment.scales", "assessment.accepted_scales")
    cause_rank = 20
    topic = "grade_scale_values"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        from checks.coverage import part_status  # pydantic models: not built when the rules are listed

        rows = syllabus.assessment.scale
        ap = ctx.policy.assessment
        # a row the reader lost is "not read", never a letter missing from the syllabus
        if not rows or not ap.accepted_scales or part_status(syllabus, "scale") is ReadStatus.not_read:
            return
        letters = [letter(r.letter.value) for r in rows]
        candidates = [(name, ctx.policy.scale(name)) for name in ap.accepted_scales]
        exact = [(n, s) for n, s in candidates if {b.letter.upper() for b in s} == set(letters) and len(s) == len(letters)]
        if not exact:
            name, scale = max(candidates, key=lambda c: len({b.letter.upper() for b in c[1]} & set(letters)))
            want = ", ".join(b.letter for b in scale)
            yield self.finding(
                syllabus,
                location="assessment/scale",
                source=rows[0].letter,
                expected=want,
                actual=", ".join(letters),
                key_values=["letters"],
                refs=["scale/letters"],
                message=M(
                    kk=f"Бағалау шкаласының әріптері ({', '.join(letters)}) саясатта қабылданған шкалаларға сәйкес келмейді "
                    f"(мысалы, «{name}»: {want})",
                    ru=f"Буквы шкалы оценок ({', '.join(letters)}) не совпадают ни с одной принятой политикой шкалой "
                    f"(например, «{name}»: {want})",
                    en=f"The grading scale's letters ({', '.join(letters)}) match no scale the policy accepts "
                    f"(e.g. '{name}': {want})",
                ),
            )
            return
        name, scale = exact[0]
        by_letter = {b.letter.upper(): b for b in scale}
        for r, L in zip(rows, letters):
            band = by_letter[L]
            problems = []
            if r.points is not None and abs(r.points.value - band.points) > 0.005:
                problems.append(("points", r.points, fmt(band.points), fmt(r.points.value)))
            if r.low is not None and r.high is not None:
                ok_low = abs(r.low.value - band.low) < 0.01
                ok_high = 0 <= r.high.value - band.high < 1
                if not (ok_low and ok_high):
                    problems.append(
                        ("range", r.low, f"{fmt(band.low)}-{fmt(band.high)}", f"{fmt(r.low.value)}-{fmt(r.high.value)}")
                    )
            for what, src, exp, act in problems:
                kk_what, ru_what, en_what = {
                    "points": ("балдық сандық эквиваленті", "цифровой эквивалент", "grade point"),
                    "range": ("пайыздық аралығы", "диапазон баллов", "percentage range"),
                }[what]
                yield self.finding(
                    syllabus,
                    location=f"assessment/scale/{L}",
                    source=src,
                    expected=exp,
                    actual=act,
                    key_values=[what],
                    refs=[f"scale/{L}"],
                    message=M(
                        kk=f"Бағалау шкаласы: {L} бағасының {kk_what} {fmt_kk(act)}, ал саясат бойынша {fmt_kk(exp)}",
                        ru=f"Шкала оценок: {ru_what} оценки {L} {fmt_kk(act)}, а по политике {fmt_kk(exp)}",
                        en=f"Grading scale: the {en_what} of {L} is {act}; policy ('{name}') gives {exp}",
                    ),
                )


def fmt_kk(text: str) -> str:
    """Decimal comma for kk/ru messages."""
    return text.replace(".", ",")
