from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from checks.assessment.common import letter
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M, fmt
from extractors.model_enums import ReadStatus

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import GradeRow, Sourced, Syllabus


def _integral(x: float) -> bool:
    return abs(x - round(x)) < 1e-9


@dataclass(frozen=True)
class _Band:
    """A scale row with both bounds read: the rows whose coverage of 0-100 is judged."""

    letter: Sourced[str]
    low: Sourced[float]
    high: Sourced[float]


class ASM004(Rule):
    """The grading scale covers 0-100 points with no gap and no overlap.

    Every score from 0 to 100 must fall in exactly one letter grade. With whole-number bounds the
    next band starts one above the previous one's top (90-94, 95-100); with decimal bounds it
    starts at most 0.1 above (90-94.9, 95-100).

    A letter row with no range at all ("FX | 0 |" with the percentage cell empty) covers
    nothing: the scores it should cover are a gap, and the finding names the row. A scale the
    reader could not read (coverage ``scale`` not read) is not judged.

    **Anti-pattern**: "B 80-84", "B+ 86-89" (85 has no grade) or "F 0-25", "FX 25-49" (25 has two);
    "D 50-54", "FX" with no range, "F 0-24" (25-49 not covered).

    **Best practice**: "F 0-24", "FX 25-49", "D 50-54", ... "A 95-100".
    """

    code = "ASM004"
    needs = ("scale",)
    name = "assessment.scale-coverage"
    groups = ("all", "assessment", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (letter grading system)"
    cause_rank = 10
    topic = "grade_scale_gap"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        from checks.coverage import part_status  # pydantic models: not built when the rules are listed

        rows = syllabus.assessment.scale
        if not rows or part_status(syllabus, "scale") is ReadStatus.not_read:
            return
        # a row with one bound read and not the other was not understood: nothing is judged
        if any((r.low is None) != (r.high is None) for r in rows):
            return
        no_range = [r for r in rows if r.low is None]
        bands = [_Band(r.letter, r.low, r.high) for r in rows if r.low is not None and r.high is not None]
        if not bands:
            return
        for r in bands:
            if r.low.value > r.high.value:
                L = letter(r.letter.value)
                yield self.finding(
                    syllabus,
                    location=f"assessment/scale/{L}",
                    source=r.low,
                    expected="low <= high",
                    actual=f"{fmt(r.low.value)}-{fmt(r.high.value)}",
                    key_values=["inverted"],
                    refs=[f"scale/{L}"],
                    message=M(
                        kk=f"Бағалау шкаласы: {L} бағасының аралығы {fmt(r.low.value, 'kk')}-{fmt(r.high.value, 'kk')} кері жазылған",
                        ru=f"Шкала оценок: диапазон оценки {L} {fmt(r.low.value, 'ru')}-{fmt(r.high.value, 'ru')} записан наоборот",
                        en=f"Grading scale: the range of {L}, {fmt(r.low.value)}-{fmt(r.high.value)}, is inverted",
                    ),
                )
        gaps = 0
        ordered = sorted(bands, key=lambda r: (r.low.value, r.high.value))
        lo, hi = ordered[0], max(ordered, key=lambda r: r.high.value)
        if lo.low.value > 0:
            gaps += 1
            yield self._gap(syllabus, None, lo, 0, lo.low.value, no_range)
        if hi.high.value < 100:
            gaps += 1
            yield self._gap(syllabus, hi, None, hi.high.value, 100, no_range)
        for a, b in pairwise(ordered):
            step = 1.0 if _integral(a.high.value) and _integral(b.low.value) else 0.1
            diff = b.low.value - a.high.value
            if diff <= 1e-9:
                yield self._overlap(syllabus, a, b)
            elif diff > step + 1e-9:
                gaps += 1
                yield self._gap(syllabus, a, b, a.high.value, b.low.value, no_range)
        if no_range and not gaps:
            first = no_range[0]
            L = letter(first.letter.value)
            names = ", ".join(letter(x.letter.value) for x in no_range)
            yield self.finding(
                syllabus,
                location=f"assessment/scale/{L}",
                source=first.letter,
                expected="a range",
                actual="no range",
                key_values=["no-range"],
                refs=[f"scale/{letter(x.letter.value)}" for x in no_range],
                message=M(
                    kk=f"Бағалау шкаласында {names} бағасының балл аралығы көрсетілмеген",
                    ru=f"В шкале оценок для {names} не указан диапазон баллов",
                    en=f"The grading scale gives no score range for {names}",
                ),
            )

    def _gap(
        self,
        syllabus: Syllabus,
        below: _Band | None,
        above: _Band | None,
        start: float,
        end: float,
        no_range: Sequence[GradeRow] = (),
    ) -> Finding:
        # the uncovered scores lie strictly between ``start`` and ``end`` (inclusive at 0 / 100)
        lo = start if below is None else start + (1 if _integral(start) else 0)
        hi = end if above is None else end - (1 if _integral(end) else 0)
        span = f"{fmt(lo)}-{fmt(hi)}" if lo != hi else fmt(lo)
        row = above if above is not None else below
        if row is None:  # callers pass the band on at least one side of the gap
            raise ValueError("a gap of the grading scale lies next to no band")
        L = letter(row.letter.value)
        source: Sourced[float] | Sourced[str] = row.low if above is not None else row.high
        names = [letter(r.letter.value) for r in (below, above) if r is not None]
        if len(names) == 2:
            near = {"kk": f"{names[0]} және {names[1]} арасында", "ru": f"между {names[0]} и {names[1]}", "en": f"between {names[0]} and {names[1]}"}
        else:
            near = {"kk": f"шеткі баға: {names[0]}", "ru": f"крайняя оценка: {names[0]}", "en": f"next to {names[0]}"}
        empty = {"kk": "", "ru": "", "en": ""}
        refs = [f"scale/{n}" for n in names]
        if no_range:
            # the row that should cover the gap is there without a range: it is where to fix it
            blank = ", ".join(letter(r.letter.value) for r in no_range)
            L, source = letter(no_range[0].letter.value), no_range[0].letter
            refs += [f"scale/{letter(r.letter.value)}" for r in no_range]
            empty = {"kk": f"; {blank} бағасының аралығы көрсетілмеген", "ru": f"; у оценки {blank} не указан диапазон",
                     "en": f"; {blank} has no range"}
        return self.finding(
            syllabus,
            location=f"assessment/scale/{L}",
            source=source,
            expected="no gap",
            actual=f"gap {span}",
            key_values=["gap"],
            refs=refs,
            message=M(
                kk=f"Бағалау шкаласында олқылық бар: {span} балға ешбір баға сәйкес келмейді ({near['kk']}){empty['kk']}",
                ru=f"В шкале оценок разрыв: баллам {span} не соответствует ни одна оценка ({near['ru']}){empty['ru']}",
                en=f"The grading scale has a gap: scores {span} get no grade ({near['en']}){empty['en']}",
            ),
        )

    def _overlap(self, syllabus: Syllabus, a: _Band, b: _Band) -> Finding:
        La, Lb = letter(a.letter.value), letter(b.letter.value)
        lo, hi = b.low.value, min(a.high.value, b.high.value)
        span = f"{fmt(lo)}-{fmt(hi)}" if lo != hi else fmt(lo)
        return self.finding(
            syllabus,
            location=f"assessment/scale/{Lb}",
            source=b.low,
            expected="no overlap",
            actual=f"overlap {span}",
            key_values=["overlap", La],
            refs=[f"scale/{La}", f"scale/{Lb}"],
            message=M(
                kk=f"Бағалау шкаласында қабаттасу бар: {span} балл әрі {La}, әрі {Lb} бағасына сәйкес келеді",
                ru=f"В шкале оценок перекрытие: баллы {span} относятся и к {La}, и к {Lb}",
                en=f"The grading scale overlaps: scores {span} fall in both {La} and {Lb}",
            ),
        )
