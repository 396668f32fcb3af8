from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M, ru_plural, sentence_start
from checks.text import slug

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import LiteratureEntry, Syllabus

LIST_NAMES = {"main": ("негізгі", "основной", "main"), "additional": ("қосымша", "дополнительной", "additional")}


_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_ACADEMIC_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*[-–—/_]\s*(20\d\d|\d\d)(?!\d)")
# "дата обращения 15.03.2015", "(accessed 3 May 2019)": when the page was read, not published
_ACCESS = re.compile(
    r"(дата\s+обращения|дата\s+доступа|дата\s+просмотра|обращено|қаралған\s+күні|қаралған\s+уақыты|"
    r"accessed|retrieved|viewed|last\s+visited)\s*[:\-–]?\s*[^)\];]*",
    re.IGNORECASE,
)


def academic_year(text: str | None) -> int | None:
    """'2024-2025', '2024/25', '2022_2023' -> the year the academic year starts (2024)."""
    for m in _ACADEMIC_YEAR.finditer(text or ""):
        first, second = int(m.group(1)), m.group(2)
        nxt = int(second) if len(second) == 4 else int(str(first)[:2] + second)
        if nxt == first + 1:
            return first
    return None


def _identity_texts(syllabus: Syllabus) -> Iterator[str]:
    ident = syllabus.identity
    for sv in (ident.course_title, ident.course_code, ident.programme_name, ident.university, ident.faculty,
               ident.department, ident.approval.date_text, ident.protocol.number):
        if sv is not None:
            yield sv.source.text
            if isinstance(sv.value, str):
                yield sv.value
    yield from syllabus.document.header_texts


def reference_year(syllabus: Syllabus) -> tuple[int, str] | None:
    """The syllabus's own year and where it came from: the title page's year, the approval or
    protocol date, a year written in the approval line ("«___» ______2024"), an academic year
    written in the document ("2024-2025"), and last the file's name ("Силлабус_2024-2025.docx").
    None when the syllabus never says: the audit date is not the syllabus's year."""
    ident = syllabus.identity
    if ident.year is not None:
        return ident.year.value, "year"
    for d in (ident.approval.date, ident.protocol.date):
        if d is not None:
            return d.value.year, "date"
    if ident.approval.date_text is not None:
        m = _YEAR.search(ident.approval.date_text.value)
        if m:
            return int(m.group(1)), "date"
    for text in _identity_texts(syllabus):
        y = academic_year(text)
        if y is not None:
            return y, "academic year"
    y = academic_year(Path(syllabus.file).stem)
    if y is not None:
        return y, "file"
    return None


def publication_year(entry: LiteratureEntry) -> int | None:
    """The entry's year, unless it is only the date a web page was accessed."""
    if entry.year is None:
        return None
    y = entry.year.value
    text = entry.text.value
    if _ACCESS.search(entry.year.source.text or ""):
        return None
    if _ACCESS.search(text) and str(y) not in _ACCESS.sub(" ", text):
        return None
    return y


class XRF004(Rule):
    """Literature is not older than the institution's threshold.

    Each entry whose year is more than ``literature.max_age_years`` (10 by default) before the
    syllabus's own year is an observation: the list may need newer editions. The syllabus's year
    is the one it states (title page, approval or protocol date, the year in the approval line,
    an academic year "2024-2025", last its file's name), never the date of the audit: a syllabus
    that states none is not judged. Entries without a readable year are not judged, nor is a
    year that is only when a web page was accessed ("дата обращения 15.03.2015").

    **Anti-pattern**: a 2022 syllabus whose additional literature is "Алматы: Ғылым, 1994".

    **Best practice**: main literature published within the last 10 years; classic older
    works waived with a justification.
    """

    code = "XRF004"
    needs = ("literature",)
    name = "crossref.literature-age"
    policy_keys = ("literature.max_age_years",)
    groups = ("all", "crossref", "literature")
    severity = Severity.observation
    kind = Kind.potential
    requirement = cite(QMS_SYLLABUS + " (currency of the recommended literature)", "literature.max_age_years")
    cause_rank = 50
    topic = "literature_old"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        found = reference_year(syllabus)
        if found is None:
            return
        ref = found[0]
        limit = ctx.policy.literature.max_age_years
        lit = syllabus.literature
        for lst in (lit.main, lit.additional):
            for i, e in enumerate(lst):
                year = publication_year(e)
                if year is None or e.year is None or ref - year <= limit:  # e.year: for mypy
                    continue
                age = ref - year
                n = e.number.value if e.number is not None else i + 1
                kk, ru, en = LIST_NAMES.get(e.list_name, (e.list_name,) * 3)
                yield self.finding(
                    syllabus,
                    location=f"literature/{e.list_name}/{n}",
                    key_location=f"literature/{e.list_name}",
                    key_values=[slug(e.text.value, 30), e.year.value],
                    source=e.year if e.year.source.text else e.text,
                    expected=f">= {ref - limit}",
                    actual=e.year.value,
                    refs=[f"literature/{e.list_name}/{n}"],
                    message=M(
                        kk=f"{sentence_start(kk)} әдебиеттің {n}-дереккөзі {e.year.value} жылы шыққан ({age} жыл бұрын; "
                        f"шегі {limit} жыл)",
                        ru=f"Источник {n} {ru} литературы издан в {e.year.value} году ({age} {ru_plural(age, 'год', 'года', 'лет')} "
                        f"назад; предел {limit} {ru_plural(limit, 'год', 'года', 'лет')})",
                        en=f"{sentence_start(en)} literature entry {n} is from {e.year.value} ({age} years old; the limit is {limit})",
                    ),
                )
