from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.document.base import DocumentRule
from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS, policy_key
from checks.rulekit import M

if TYPE_CHECKING:
    from checks.finding import Finding
    from checks.registry import CheckContext
    from extractors.model import Syllabus


class DOC002(DocumentRule):
    """The PDF has no usable text layer.

    A scanned PDF (pictures of pages) or one whose fonts map to unreadable '(cid:NN)' glyphs
    cannot be checked: every number would be a guess.

    **Anti-pattern**: a syllabus printed, signed, scanned and uploaded as the only copy.

    **Best practice**: the PDF exported from the DOCX (text selectable), with the signed scan
    kept alongside if the office needs it.
    """

    code = "DOC002"
    name = "document.no-text-layer"
    policy_keys = ("document.max_unreadable_glyphs",)
    groups = ("all", "document")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS + "; " + policy_key("document.max_unreadable_glyphs")
    error_codes = ("no-text-layer",)

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        doc = syllabus.document
        if not doc.has_text_layer:
            yield self.finding(
                syllabus,
                location="document",
                expected="text layer",
                actual="none",
                key_values=["no-text-layer"],
                refs=["document"],
                quote="",
                message=M(
                    kk="PDF файлында мәтін қабаты жоқ (сканерленген құжат): мәтінді тану (OCR) немесе DOCX түрінде ұсыну қажет",
                    ru="В PDF нет текстового слоя (скан): нужно распознать текст (OCR) или предоставить DOCX",
                    en="The PDF has no text layer (a scan); it must be OCR'd or supplied as DOCX",
                ),
            )
        limit = ctx.policy.document.max_unreadable_glyphs
        if doc.unreadable_glyphs > limit:
            n = doc.unreadable_glyphs
            yield self.finding(
                syllabus,
                location="document/glyphs",
                expected=f"<= {limit}",
                actual=n,
                key_values=["glyphs"],
                refs=["document"],
                quote="(cid:NN)",
                message=M(
                    kk=f"PDF мәтінінде оқылмайтын {n} таңба бар '(cid:NN)' (рұқсат етілгені — {limit}): мәтін қабаты жарамсыз",
                    ru=f"В тексте PDF {n} нечитаемых символов '(cid:NN)' (допускается {limit}): текстовый слой непригоден",
                    en=f"The PDF text has {n} unreadable '(cid:NN)' glyphs (policy allows {limit}): the text layer is unusable",
                ),
            )
