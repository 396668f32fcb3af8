"""Finding the syllabus of a course named in another syllabus (not a rule module)."""

from __future__ import annotations

from checks.text import codes_in, normalise_code, similarity


def names_course(text: str, syllabus, threshold: float) -> bool:
    """Does ``text`` (a prerequisite / postrequisite entry) name the course of ``syllabus``?"""
    ident = syllabus.identity
    code = normalise_code(ident.course_code.value) if ident.course_code else ""
    if code and code in codes_in(text):
        return True
    return ident.course_title is not None and similarity(text, ident.course_title.value) >= threshold


def find_syllabus(text: str, syllabi, threshold: float, exclude=None):
    for s in syllabi:
        if s is not exclude and names_course(text, s, threshold):
            return s
    return None


def label(syllabus) -> str:
    ident = syllabus.identity
    parts = [ident.course_code.value if ident.course_code else "", ident.course_title.value if ident.course_title else ""]
    return " ".join(p for p in parts if p) or syllabus.file
