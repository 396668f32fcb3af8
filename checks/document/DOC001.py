from __future__ import annotations

from checks.document.base import DocumentRule
from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS


class DOC001(DocumentRule):
    """The file could not be read as a document.

    Empty, damaged, password-protected, mislabelled (a .docx that is really a PDF), unsupported,
    over the size limit, a zip bomb, or a .doc LibreOffice could not convert. Nothing in it can be
    checked, so the syllabus is rejected until a readable file is supplied.

    **Anti-pattern**: ``syllabus.docx`` that is a renamed PDF, or a 0-byte upload.

    **Best practice**: the syllabus saved by Word / LibreOffice as DOCX or exported as a PDF with
    a text layer, without a password.
    """

    code = "DOC001"
    name = "document.unreadable"
    groups = ("all", "document")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS + " (the syllabus is submitted as a readable electronic document)"
    error_codes = (
        "unreadable",
        "empty-file",
        "corrupt-file",
        "encrypted-file",
        "wrong-format",
        "unsupported-format",
        "too-large",
        "zip-bomb",
        "conversion-failed",
    )
