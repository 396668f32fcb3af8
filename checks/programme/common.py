"""What the programme rules share (not a rule module): the requirement they cite, finding the
discipline in the passport, and how a value from a programme document is quoted."""

from __future__ import annotations

from checks.norms import MES_563, MES_604
from checks.registry import fmt
from checks.text import normalise, similarity

PASSPORT_REQUIREMENT = MES_604 + " (the syllabus implements the educational programme)"
CURRICULUM_REQUIREMENT = MES_563 + " (the syllabus implements the working curriculum)"


def from_file(value, file: str, row: int) -> str:
    """A document's value with where it is: '5 (passport.csv, row 12)', so a reader can find it."""
    return f"{fmt(value)} ({file}, row {row})"


def own_discipline(syllabus, passport, threshold: float):
    """The passport's row for this syllabus's discipline: by course code, else by title."""
    ident = syllabus.identity
    hit = passport.discipline(ident.course_code.value) if ident.course_code else None
    if hit is None and ident.course_title is not None and normalise(ident.course_title.value):
        scored = [(similarity(ident.course_title.value, d.title), d) for d in passport.disciplines.values() if d.title]
        if scored:
            score, best = max(scored, key=lambda s: s[0])
            hit = best if score >= threshold else None
    return hit


def language(syllabus) -> str:
    lang = getattr(syllabus.language, "value", syllabus.language)
    return lang if lang in ("kk", "ru", "en") else ""


def in_language(texts: dict[str, str], lang: str) -> str | None:
    """The text given in the syllabus's language, else the one given without a language."""
    return texts.get(lang) or texts.get("")


def same_text(a: str | None, b: str | None) -> bool:
    return normalise(a, strip_numbering=False) == normalise(b, strip_numbering=False)
