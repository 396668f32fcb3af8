from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.document.base import DocumentRule
from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS
from checks.rulekit import M

if TYPE_CHECKING:
    from checks.finding import Finding
    from checks.registry import CheckContext
    from extractors.model import Syllabus

# ISO 639-1 code -> the language's name in kk, ru, en
LANGUAGE_NAMES = {
    "ky": ("қырғыз", "киргизский", "Kyrgyz"),
    "uz": ("өзбек", "узбекский", "Uzbek"),
    "tg": ("тәжік", "таджикский", "Tajik"),
    "tk": ("түрікмен", "туркменский", "Turkmen"),
    "tr": ("түрік", "турецкий", "Turkish"),
    "de": ("неміс", "немецкий", "German"),
    "fr": ("француз", "французский", "French"),
    "zh": ("қытай", "китайский", "Chinese"),
}


class DOC005(DocumentRule):
    """The syllabus is in a language the tool does not read.

    The audit reads Kazakh, Russian and English. A syllabus written in another language (a
    Kyrgyz one was seen) is a syllabus all the same, not a wrong document: its parts could not
    be interpreted, so what the rules did not report was not verified and must be checked by
    hand. Reported as a potential nonconformity, never as "not a syllabus".

    **Anti-pattern**: a syllabus in Kyrgyz ("Окуу программасы", "Кредиттердин саны") submitted to
    an audit configured for kk / ru / en.

    **Best practice**: the syllabus in (or also in) Kazakh, Russian or English.
    """

    code = "DOC005"
    name = "document.unsupported-language"
    groups = ("all", "document")
    severity = Severity.major
    kind = Kind.potential
    requirement = QMS_SYLLABUS + " (language of instruction: Kazakh, Russian or English)"
    topic = "unsupported_language"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        code = syllabus.document.unsupported_language
        if not code:
            return
        kk, ru, en = LANGUAGE_NAMES.get(code.lower(), (code, code, code))
        yield self.finding(
            syllabus,
            location="document/language",
            expected="kk, ru, en",
            actual=code,
            key_values=[code],
            refs=["document"],
            quote="",
            message=M(
                kk=f"Силлабус құрал оқымайтын тілде жазылған ({kk} тілі, {code}): мазмұны тексерілмеді, қолмен тексеру қажет",
                ru=f"Силлабус написан на языке, который инструмент не читает ({ru} язык, {code}): содержание не проверено, "
                f"нужна проверка вручную",
                en=f"The syllabus is written in a language the tool does not read ({en}, {code}): its content was not "
                f"checked and must be checked by hand",
            ),
        )
