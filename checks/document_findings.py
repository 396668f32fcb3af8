"""An ``ExtractionError`` becomes a document-level finding, never a silent skip.

Which rule reports it is declared by the rules themselves (``error_codes`` on the DOC rules).
Errors that are faults of the installation rather than of the document (LibreOffice missing)
are not findings: ``is_tool_failure`` tells the CLI to stop with exit status 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, cast

from checks.finding import Finding, Messages
from extractors.errors import ExtractionError

if TYPE_CHECKING:
    from checks.registry import Rule


class _ReportsErrors(Protocol):
    """A rule that declares ``error_codes`` turns those errors into its finding
    (``checks.document.base.DocumentRule``, which this module cannot import: it imports this one)."""

    def from_error(self, error: ExtractionError) -> Finding: ...

TOOL_FAILURES = frozenset({"converter-missing"})

# What each extraction error means, in the users' languages (kk, ru); English is the error's title.
ERROR_TEXTS: dict[str, tuple[str, str]] = {
    "unreadable": ("Файлды оқу мүмкін болмады", "Файл не удалось прочитать"),
    "empty-file": ("Файл бос", "Файл пуст"),
    "corrupt-file": ("Файл зақымдалған немесе толық емес", "Файл повреждён или обрезан"),
    "encrypted-file": ("Файл құпиясөзбен қорғалған", "Файл защищён паролем"),
    "wrong-format": ("Файлдың мазмұны оның кеңейтіміне сәйкес келмейді", "Содержимое файла не соответствует его расширению"),
    "unsupported-format": ("Файлдың бұл түрі қолдау көрсетілмейді", "Этот тип файла не поддерживается"),
    "too-large": ("Файл саясатта белгіленген көлем шегінен асады", "Файл превышает предельный размер, установленный политикой"),
    "zip-bomb": (
        "DOCX файлы құжат сыя алмайтын көлемге дейін ашылады (zip-бомба болуы мүмкін)",
        "DOCX распаковывается в объём, невозможный для документа (возможна zip-бомба)",
    ),
    "conversion-failed": ("LibreOffice файлды түрлендіре алмады", "LibreOffice не смог преобразовать файл"),
    "no-text-layer": (
        "PDF файлында мәтін қабаты жоқ (сканерленген құжат): мәтінді тану (OCR) немесе DOCX түрінде ұсыну қажет",
        "В PDF нет текстового слоя (скан): нужно распознать текст (OCR) или предоставить DOCX",
    ),
    "not-a-syllabus": ("Құжат силлабусқа ұқсамайды", "Документ не похож на силлабус"),
    "tables-not-found": ("Силлабус кестелері табылмады", "Таблицы силлабуса не найдены"),
}


def is_tool_failure(error: ExtractionError) -> bool:
    return error.code in TOOL_FAILURES


def error_messages(error: ExtractionError) -> Messages:
    kk, ru = ERROR_TEXTS.get(error.code, ERROR_TEXTS["unreadable"])
    detail = f": {error.detail}" if error.detail else ""
    return Messages(kk=kk + detail, ru=ru + detail, en=error.title + detail)


def finding_for_error(error: ExtractionError, rules: Sequence[Rule]) -> Finding | None:
    """The finding of the selected rule that declares ``error.code``; an unknown code falls back
    to the rule declaring 'unreadable'. None when that rule is not selected."""
    if is_tool_failure(error):
        raise error
    fallback: _ReportsErrors | None = None
    for rule in rules:
        codes: tuple[str, ...] = getattr(rule, "error_codes", ())
        if error.code in codes:
            return cast("_ReportsErrors", rule).from_error(error)
        if "unreadable" in codes:
            fallback = cast("_ReportsErrors", rule)
    known = any(error.code in ERROR_TEXTS for _ in (0,))
    if fallback is not None and not known:
        return fallback.from_error(error)
    return None
