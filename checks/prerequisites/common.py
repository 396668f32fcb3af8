"""Helpers shared by the prerequisite rules (not a rule module)."""

from __future__ import annotations

import re

from checks.text import normalise

_NONE = re.compile(
    r"^(жоқ|жок|нет|отсутству\w*|none|n/?a|not required|не предусмотрен\w*|қарастырылмаған|талап етілмейді)$"
)


def says_none(text: str) -> bool:
    """'жоқ' / 'нет' / 'none' / '—': the syllabus states there are no prerequisites."""
    t = normalise(text, strip_numbering=False)
    return (t == "" and bool(text.strip())) or bool(_NONE.match(t))


def stated(items) -> list:
    """Prerequisite entries that name a course (not 'none')."""
    return [p for p in items if not says_none(p.value)]


def own_course(syllabus, curriculum, threshold):
    ident = syllabus.identity
    hit = curriculum.by_code(ident.course_code.value) if ident.course_code else None
    if hit is None and ident.course_title is not None:
        hit = curriculum.by_title(ident.course_title.value, threshold)
    return hit


def left_empty(syllabus, part: str):
    """Is the prerequisites (or postrequisites) section there with nothing after it?

    Returns ``(True, where)`` when it is, with the ``Source`` of its label when the reader
    recorded one; ``(False, None)`` otherwise. With read coverage the reader's word decides
    (``empty``); a part ``absent`` is the required-sections rule's, one ``not_read`` no finding.
    Without coverage: the section was recognised and no entry was read from it."""
    from extractors.model import ReadStatus

    entry = syllabus.coverage.get(part)
    if entry is not None:
        return (True, entry.where) if entry.status is ReadStatus.empty else (False, None)
    items = getattr(syllabus, part)
    return (not items and part in syllabus.document.sections_found), None
