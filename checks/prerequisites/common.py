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
    return t == "" and bool(text.strip()) or bool(_NONE.match(t))


def stated(items) -> list:
    """Prerequisite entries that name a course (not 'none')."""
    return [p for p in items if not says_none(p.value)]


def own_course(syllabus, curriculum, threshold):
    ident = syllabus.identity
    hit = curriculum.by_code(ident.course_code.value) if ident.course_code else None
    if hit is None and ident.course_title is not None:
        hit = curriculum.by_title(ident.course_title.value, threshold)
    return hit
