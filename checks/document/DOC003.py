from __future__ import annotations

from checks.document.base import DocumentRule
from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS


class DOC003(DocumentRule):
    """The document is not a syllabus.

    The file was read, but it has none of a syllabus's parts (hours table, thematic plan,
    assessment): an order, a timetable or a wrong attachment was submitted in its place.

    **Anti-pattern**: the department's teaching-load spreadsheet exported to PDF and uploaded as
    the syllabus of a course.

    **Best practice**: the course's syllabus (Жұмыс оқу бағдарламасы (силлабус) / Рабочая
    учебная программа (силлабус)) on the university template.
    """

    code = "DOC003"
    name = "document.not-a-syllabus"
    groups = ("all", "document")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS
    error_codes = ("not-a-syllabus",)
