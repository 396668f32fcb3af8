"""Finding the syllabus of a course named in another syllabus (not a rule module)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from checks.text import codes_in, normalise_code, similarity, stems

if TYPE_CHECKING:
    from extractors.model import Sourced, Syllabus


def names_course(text: str, syllabus: Syllabus, threshold: float) -> bool:
    """Does ``text`` (a prerequisite / postrequisite entry) name the course of ``syllabus``?"""
    ident = syllabus.identity
    code = normalise_code(ident.course_code.value) if ident.course_code else ""
    if code and code in codes_in(text):
        return True
    return ident.course_title is not None and similarity(text, ident.course_title.value) >= threshold


class CourseIndex:
    """All syllabi of a run, indexed once, so that looking a named course up is not a scan of
    every syllabus (which made the batch rules quadratic: 600 syllabi took 48 s, measured).

    Same matching as ``names_course``: a course code named in the text, else titles whose stems
    score at least ``threshold`` on rapidfuzz's token-sort ratio; the best-scoring one wins."""

    def __init__(self, syllabi: Sequence[Syllabus], threshold: float) -> None:
        self.threshold = threshold
        self.by_code: dict[str, list[Syllabus]] = {}
        self.by_stems: dict[str, list[Syllabus]] = {}
        self.titles: list[str] = []
        self.owners: list[Syllabus] = []
        # rapidfuzz's answer for a text depends on the text alone: a night's copies and the
        # syllabi of one programme name the same courses, so each distinct text is asked once
        # (4,121 look-ups of a 1,000-file night were 2.1 s of its CPU, profiled)
        self._near: dict[str, list[tuple[str, float, int]]] = {}
        for s in syllabi:
            ident = s.identity
            if ident.course_code:
                self.by_code.setdefault(normalise_code(ident.course_code.value), []).append(s)
            if ident.course_title is not None:
                key = stems(ident.course_title.value)
                if key:
                    self.by_stems.setdefault(key, []).append(s)
                    self.titles.append(key)
                    self.owners.append(s)

    def find(self, text: str, exclude: Syllabus | None = None) -> Syllabus | None:
        for code in codes_in(text):
            match = next((s for s in self.by_code.get(code, []) if s is not exclude), None)
            if match is not None:
                return match
        key = stems(text)
        if not key:
            return None
        exact = next((s for s in self.by_stems.get(key, []) if s is not exclude), None)
        if exact is not None:
            return exact
        best: tuple[float, Syllabus] | None = None
        for _title, score, i in self._nearest(key):
            if self.owners[i] is not exclude and (best is None or score > best[0]):
                best = (score, self.owners[i])
        return best[1] if best else None

    def _nearest(self, key: str) -> list[tuple[str, float, int]]:
        """The three titles nearest ``key`` at ``threshold`` or above: (title, score, index)."""
        near = self._near.get(key)
        if near is None:
            # imported here, as in checks.text: every batch rule module imports this one, and `rules` matches nothing
            from rapidfuzz import fuzz, process

            near = self._near[key] = process.extract(key, self.titles, scorer=fuzz.token_sort_ratio,
                                                     score_cutoff=self.threshold, limit=3)
        return near


def unreciprocated(
    syllabi: Sequence[Syllabus],
    threshold: float,
    named: Callable[[Syllabus], Sequence[Sourced[str]]],
    named_back: Callable[[Syllabus], Sequence[Sourced[str]]],
) -> Iterator[tuple[Syllabus, Sourced[str], Syllabus]]:
    """``(a, entry, b)`` for each course ``b`` that syllabus ``a`` names in ``named(a)`` and whose
    own syllabus is in the run, states a ``named_back(b)`` list, and leaves ``a`` out of it."""
    index = CourseIndex(syllabi, threshold)
    for a in syllabi:
        for entry in named(a):
            b = index.find(entry.value, exclude=a)
            if b is None:
                continue
            back = named_back(b)
            if back and not any(names_course(p.value, a, threshold) for p in back):
                yield a, entry, b


def label(syllabus: Syllabus) -> str:
    ident = syllabus.identity
    parts = [ident.course_code.value if ident.course_code else "", ident.course_title.value if ident.course_title else ""]
    return " ".join(p for p in parts if p) or syllabus.file
