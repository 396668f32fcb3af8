"""What the programme rules share (not a rule module): their bases (a rule runs only when its
programme document is given, and on the discipline's row of it), the requirement they cite,
finding the discipline in the passport, and how a value from a programme document is quoted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.norms import MES_563, MES_604
from checks.registry import Rule
from checks.rulekit import fmt, own_course
from checks.text import normalise, similarity

if TYPE_CHECKING:
    from checks.curriculum import Course, Curriculum
    from checks.finding import Finding
    from checks.passport import Discipline, Passport
    from checks.registry import CheckContext
    from extractors.model import Syllabus

PASSPORT_REQUIREMENT = MES_604 + " (the syllabus implements the educational programme)"
CURRICULUM_REQUIREMENT = MES_563 + " (the syllabus implements the working curriculum)"


def from_file(value: object, file: str, row: int) -> str:
    """A document's value with where it is: '5 (passport.csv, row 12)', so a reader can find it."""
    return f"{fmt(value)} ({file}, row {row})"


def own_discipline(syllabus: Syllabus, passport: Passport, threshold: float) -> Discipline | None:
    """The passport's row for this syllabus's discipline: by course code, else by title."""
    ident = syllabus.identity
    hit = passport.discipline(ident.course_code.value) if ident.course_code else None
    if hit is None and ident.course_title is not None and normalise(ident.course_title.value):
        scored = [(similarity(ident.course_title.value, d.title), d) for d in passport.disciplines.values() if d.title]
        if scored:
            score, best = max(scored, key=lambda s: s[0])
            hit = best if score >= threshold else None
    return hit


def language(syllabus: Syllabus) -> str:
    lang = getattr(syllabus.language, "value", syllabus.language)
    return lang if lang in ("kk", "ru", "en") else ""


def in_language(texts: dict[str, str], lang: str) -> str | None:
    """The text given in the syllabus's language, else the one given without a language."""
    return texts.get(lang) or texts.get("")


def same_text(a: str | None, b: str | None) -> bool:
    return normalise(a, strip_numbering=False) == normalise(b, strip_numbering=False)


class PassportRule(Rule, register=False):
    """Base of the rules that compare the syllabus with the programme's passport (not itself a
    rule): they run only when a passport is given (``--passport``, or ``passport`` in
    syllabus-audit.toml); without one they have nothing to compare and say nothing."""

    requirement = PASSPORT_REQUIREMENT

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.passport is not None:
            yield from self.check_passport(syllabus, ctx, ctx.passport)

    def check_passport(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport) -> Iterator[Finding]:
        raise NotImplementedError


class DisciplineRule(PassportRule, register=False):
    """Base of the passport rules that read the discipline's own row of the passport (found by
    course code, else by title within policy ``matching.title_threshold``)."""

    def check_passport(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport) -> Iterator[Finding]:
        me = own_discipline(syllabus, pp, ctx.policy.matching.title_threshold)
        if me is None:
            yield from self.not_listed(syllabus, ctx, pp)
        else:
            yield from self.check_discipline(syllabus, ctx, pp, me)

    def not_listed(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport) -> Iterator[Finding]:
        """A discipline the passport does not list: one rule (PRG002) says so, the others are silent."""
        return iter(())

    def check_discipline(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport, me: Discipline) -> Iterator[Finding]:
        raise NotImplementedError


class CurriculumRule(Rule, register=False):
    """Base of the rules that compare the syllabus with the working curriculum (not itself a rule):
    they run when a curriculum is given (``--curriculum``) and lists the course (by code, else by
    title within policy ``matching.title_threshold``); a course it does not list is PRQ's."""

    requirement = CURRICULUM_REQUIREMENT

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        cur = ctx.curriculum
        if cur is None:
            return
        me = own_course(syllabus, cur, ctx.policy.matching.title_threshold)
        if me is not None:
            yield from self.check_course(syllabus, ctx, cur, me)

    def applies(self, syllabus: Syllabus, ctx: CheckContext) -> bool:
        """Whether there is a curriculum row to compare with: a part only this rule reads, not
        read, is "not verified" only then (checks/coverage.py ``RULE_PARTS``)."""
        cur = ctx.curriculum
        return cur is not None and own_course(syllabus, cur, ctx.policy.matching.title_threshold) is not None

    def check_course(self, syllabus: Syllabus, ctx: CheckContext, cur: Curriculum, me: Course) -> Iterator[Finding]:
        raise NotImplementedError
