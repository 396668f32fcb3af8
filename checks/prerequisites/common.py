"""Helpers of the prerequisite rules only (not a rule module); the reading of prerequisite lists
that the batch and programme rules share (``stated``, ``own_course``) is in ``checks.rulekit``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.model_enums import ReadStatus

if TYPE_CHECKING:
    from extractors.model import Source, Syllabus


def left_empty(syllabus: Syllabus, part: str) -> tuple[bool, Source | None]:
    """Is the prerequisites (or postrequisites) section there with nothing after it?

    Returns ``(True, where)`` when it is, with the ``Source`` of its label when the reader
    recorded one; ``(False, None)`` otherwise. With read coverage the reader's word decides
    (``empty``); a part ``absent`` is the required-sections rule's, one ``not_read`` no finding.
    Without coverage: the section was recognised and no entry was read from it."""
    entry = syllabus.coverage.get(part)
    if entry is not None:
        return (True, entry.where) if entry.status is ReadStatus.empty else (False, None)
    items = getattr(syllabus, part)
    return (not items and part in syllabus.document.sections_found), None
