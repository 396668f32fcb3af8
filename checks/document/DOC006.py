from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.document.base import DocumentRule
from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS
from checks.rulekit import M, ru_plural

if TYPE_CHECKING:
    from checks.finding import Finding
    from checks.registry import CheckContext
    from extractors.model import Syllabus

SHOWN_TITLES = 3


class DOC006(DocumentRule):
    """The file holds one syllabus.

    A file that bundles several work programmes (a department's whole set of РПД exported as
    one DOCX) cannot be registered, approved or corrected course by course: only the first
    programme is read and checked, and the others are not audited at all. The finding names how
    many programmes the file holds and the first titles.

    **Anti-pattern**: "РПД.docx" with 73 programmes, each with its own title page "Рабочая
    программа дисциплины (модуля)".

    **Best practice**: one file per course: "Физическая культура и спорт.docx", "Философия.docx", ...
    """

    code = "DOC006"
    name = "document.bundle"
    groups = ("all", "document")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS + " (one syllabus per course)"
    topic = "multiple_syllabi_in_one_file"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        doc = syllabus.document
        n = doc.syllabi_in_file
        if n <= 1:
            return
        titles = [t.strip() for t in doc.bundle_titles if t and t.strip()]
        shown = "; ".join(f"«{t}»" for t in titles[:SHOWN_TITLES])
        more = len(titles) > SHOWN_TITLES
        tail = {
            "kk": f": {shown}{' және т.б.' if more else ''}" if shown else "",
            "ru": f": {shown}{' и др.' if more else ''}" if shown else "",
            "en": f": {shown.replace('«', chr(39)).replace('»', chr(39))}{', ...' if more else ''}" if shown else "",
        }
        yield self.finding(
            syllabus,
            location="document/bundle",
            expected=1,
            actual=n,
            refs=["document"],
            quote="; ".join(titles[:SHOWN_TITLES]),
            message=M(
                kk=f"Бір файлда {n} жұмыс бағдарламасы бар{tail['kk']}; тек біріншісі тексерілді, әр пәнге жеке файл қажет",
                ru=f"В одном файле {n} {ru_plural(n, 'рабочая программа', 'рабочие программы', 'рабочих программ')}"
                f"{tail['ru']}; проверена только первая, нужен отдельный файл на каждую дисциплину",
                en=f"The file holds {n} work programmes{tail['en']}; only the first was checked: one file per course is needed",
            ),
        )
