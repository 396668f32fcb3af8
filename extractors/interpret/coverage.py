"""The read coverage: for each part of the syllabus, read, not read, empty or absent.

A part is *read* when the model holds its content. Otherwise the whole text is searched for the
part's headings and labels in every language of the vocabulary: where one is seen, the part is
*not read* (the document has it, the reader did not understand it) and the place is recorded;
only where none is seen anywhere is the part *absent*. Checks report a missing part only when it
is absent, so a reader's failure never becomes the document's defect.
"""

from __future__ import annotations

from functools import lru_cache

from ..model import PartRead, ReadStatus, Source, Syllabus
from ..raw import RawDocument
from ..vocabulary import Vocabulary
from .assessment import assessment_labels_seen
from .assessment_formula import DocLine, document_lines

# The concepts whose mention shows that the part is in the document.
PART_LABELS: dict[str, tuple[str, ...]] = {
    "credits": ("workload.credits", "label.credits"),
    "hours": ("heading.hours", "workload.total", "workload.contact"),
    "plan": ("heading.plan",),
    "independent_work": ("heading.independent_work",),
    "assessment": ("heading.assessment", "period.rating", "period.exam"),
    "formula": ("heading.formula",),
    "scale": ("heading.scale", "col.letter", "col.numeric_equivalent"),
    "prerequisites": ("heading.prerequisites",),
    "postrequisites": ("heading.postrequisites",),
    "literature": ("heading.literature", "heading.literature_main", "heading.literature_additional"),
    "approval": ("heading.approval",),
    "learning_outcomes": ("heading.outcomes",),
    "identity": ("label.course_code", "label.course_title"),
}
# The parts whose status only their own reader can tell, kept as it gave them: a label's word
# alone says nothing ("Курс" names the course as often as the year of study), so the whole text
# is not searched for them; the reader pairs each label with its value and judges both
# (study_period: extractors/interpret/identity_period.py, which also says why a year read beside
# a semester not told is still "not read").
READER_PARTS: tuple[str, ...] = ("study_period",)
_MAX_LABEL_LINE = 200  # a label sits in a heading, a cell or a short line, not inside prose


def _has_content(syllabus: Syllabus, part: str) -> bool:
    a = syllabus.assessment
    credits = syllabus.identity.credits
    return {
        "credits": credits.ects is not None or credits.national is not None,
        "hours": syllabus.hours is not None and not syllabus.hours.is_empty(),
        "plan": any(s.topics for s in syllabus.plan),
        "independent_work": bool(syllabus.independent_work),
        # a weights-only or pass/fail scheme has no items, but it was read
        "assessment": any(p.items for p in a.periods) or a.scheme is not None,
        "formula": a.formula is not None and (a.formula.current_weight is not None or a.formula.exam_weight is not None),
        "scale": bool(a.scale),
        "prerequisites": bool(syllabus.prerequisites),
        "postrequisites": bool(syllabus.postrequisites),
        "literature": bool(syllabus.literature.main or syllabus.literature.additional),
        "approval": syllabus.identity.approval.present,
        "learning_outcomes": bool(syllabus.learning_outcomes),
        "identity": syllabus.identity.course_title is not None or syllabus.identity.course_code is not None,
    }[part]


def labels_seen(vocab: Vocabulary, raw: RawDocument, lines: list[DocLine] | None = None) -> dict[str, Source]:
    """part → the first place one of its headings or labels is mentioned.

    ``lines``: ``document_lines(raw)`` when the caller has them already."""
    seen: dict[str, Source] = {}
    for line in document_lines(raw) if lines is None else lines:
        parts = _parts_named(vocab, line.text)
        if not parts:
            continue  # seen is unchanged: it cannot have become full on this line
        for part in parts:
            if part not in seen:
                seen[part] = line.source(raw.path)
        if len(seen) == len(PART_LABELS):
            break
    return seen


_WANTED = {c: part for part, concepts in PART_LABELS.items() for c in concepts}


@lru_cache(maxsize=50_000)  # every line of the document is asked; boilerplate recurs
def _parts_named(vocab: Vocabulary, text: str) -> tuple[str, ...]:
    """The parts whose headings or labels the text names, in the order of its matches (a part
    may repeat: the caller keeps the first place)."""
    if len(text) > _MAX_LABEL_LINE:
        return ()
    return tuple(part for match in vocab.matches(text) if (part := _WANTED.get(match.concept)) is not None)


def read_coverage(vocab: Vocabulary, raw: RawDocument, syllabus: Syllabus,
                  known: dict[str, PartRead] | None = None,
                  relations: dict[str, str] | None = None,
                  lines: list[DocLine] | None = None) -> dict[str, PartRead]:
    """Coverage of every part; ``known`` entries (a reader's own, e.g. 'empty') take precedence
    over what this module can tell, except that content in the model always means read.
    ``relations`` says how a read part was paired with its label (table, same_cell, ...)."""
    known = known or {}
    relations = relations or {}
    seen = labels_seen(vocab, raw, lines)
    # the assessment reader knows more signs of its parts (formula-shaped lines, letter rows)
    for part, source in assessment_labels_seen(vocab, raw, lines).items():
        seen.setdefault(part, source)
    coverage: dict[str, PartRead] = {}
    for part in PART_LABELS:
        mine = known.get(part)
        if _has_content(syllabus, part):
            coverage[part] = mine if mine is not None and mine.status == ReadStatus.read else PartRead(
                status=ReadStatus.read, where=seen.get(part), how=relations.get(part, ""))
        elif mine is not None:
            coverage[part] = mine
        elif part in seen:
            coverage[part] = PartRead(status=ReadStatus.not_read, where=seen[part])
        else:
            coverage[part] = PartRead(status=ReadStatus.absent)
    for part in READER_PARTS:
        if part in known:
            coverage[part] = known[part]
    return coverage
