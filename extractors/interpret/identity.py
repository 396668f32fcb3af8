"""The title page and approval pages: course, programme, credits, approval block, protocol, authors."""

from __future__ import annotations

import re

from ..model import Approval, Credits, Identity, Protocol
from ..numbers import parse_date, parse_number
from ..vocabulary import Vocabulary
from .context import Line, Sources

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "a-zа-яёәғқңөұүһі"
# "Рахымбердина М.Е.", "Asylkhanova Zh.A.", "M.Ye. Rakhymberdina": romanised initials can be two
# letters (Zh, Ye, Sh, Ch, Yu, Ya).
_INITIAL = rf"[{_UP}][{_LOW}]?\."
_NAME = re.compile(
    rf"(?:[{_UP}][{_LOW}'’-]+(?:-[{_UP}][{_LOW}]+)?\s+{_INITIAL}\s?(?:{_INITIAL}|[{_UP}])?"
    rf"|{_INITIAL}\s?(?:{_INITIAL}\s?)?[{_UP}][{_LOW}'’-]+)\s*$"
)
_COURSE_CODE = re.compile(rf"[{_UP}A-Za-z]{{2,10}}\s?-?\d{{3,5}}[{_UP}]?")
_PROGRAMME_CODE = re.compile(r"\b[5-8][BВМMDД]\d{5}\b")
_YEAR_LINE = re.compile(r"^[^\d:;]{2,40},\s*(\d{4})\s*(?:ж\.?|г\.?|жыл|year)?\s*$")
_BLANK_DATE = re.compile(r"_{3,}|«\s*_+\s*»|\.{5,}")
_UNIVERSITY = re.compile(
    rf"(?i:университет|university|институт|institute|академи|academy|атындағы|имени)|\b[{_UP}]{{2,}}[УU]\b"
)
_HEAD_WORDS = re.compile(
    r"\b(деканы|декан|директоры|директор|меңгерушісі|заведующ\w*|басшысы|руководител\w*|dean|director|head|of)\b",
    re.I,
)


def name_in(text: str) -> str | None:
    m = _NAME.search(text.strip().strip("_").strip())
    return m.group(0).strip() if m else None


def concept_start(vocab: Vocabulary, text: str, family: str, concept: str, after: int = 1) -> int | None:
    """Offset of the first word (from word ``after`` on) where a phrase of ``family.concept``
    begins. Title pages read from PDF often arrive with two short lines run together."""
    for m in list(re.finditer(r"(?<=\s)\S", text))[after - 1:]:
        if vocab.best(text[m.start():], family, leading=True) == concept:
            return m.start()
    return None


def split_run_together(vocab: Vocabulary, lines: list[Line]) -> list[Line]:
    """'Білім беру бағдарламасы: 6B07204 … Пәндерінің коды: GMRK3301' → two lines, one per label."""
    out: list[Line] = []
    for line in lines:
        pending = line.text
        while pending.count(":") >= 2:
            cut = None
            for m in re.finditer(r"(?<=\s)(?=\S[^:]{0,60}:)", pending[pending.index(":") + 1:]):
                at = pending.index(":") + 1 + m.start()
                label = pending[at:].partition(":")[0]
                if vocab.best(label, "label", leading=True):
                    cut = at
                    break
            if cut is None:
                break
            out.append(Line(pending[:cut].strip(), line.source))
            pending = pending[cut:].strip()
        out.append(Line(pending, line.source) if pending != line.text else line)
    return out


def read_identity(vocab: Vocabulary, src: Sources, lines: list[Line]) -> Identity:
    ident = Identity()
    lines = split_run_together(vocab, lines)
    for i, line in enumerate(lines):
        text = line.text
        label, sep, value = text.partition(":")
        concept = vocab.best(label, "label", leading=True) if sep and len(label) <= 60 else None
        value = value.strip()
        if concept == "course_code" and ident.course_code is None and value:
            m = _COURSE_CODE.search(value)
            ident.course_code = src.line(line, m.group(0).replace(" ", "") if m else value)
        elif concept == "course_title" and ident.course_title is None and value:
            ident.course_title = src.line(line, value)
        elif concept == "credits" and ident.credits.ects is None and value:
            ident.credits = _credits(src, line, value)
        elif concept == "programme" and ident.programme_code is None and value:
            m = _PROGRAMME_CODE.search(value)
            if m:
                ident.programme_code = src.line(line, m.group(0))
                name = (value[: m.start()] + value[m.end():]).strip(" -–—:,")
                if name:
                    ident.programme_name = src.line(line, name)
            else:
                ident.programme_name = src.line(line, value)
        elif concept == "cycle" and ident.cycle is None and value:
            ident.cycle = src.line(line, value)
        elif concept == "component" and ident.component is None and value:
            ident.component = src.line(line, value)
        elif concept == "department" and ident.department is None and value:
            ident.department = src.line(line, value)
        if ident.year is None:
            m = _YEAR_LINE.match(text)
            if m:
                ident.year = src.line(line, int(m.group(1)))
        head = vocab.best(label if sep else text, "label", leading=True)
        if head == "authors" and not ident.authors:
            ident.authors = _names_from(src, lines, i, value)
        elif head == "chair" and ident.protocol.chair is None:
            names = _names_from(src, lines, i, value, limit=1)
            if names:
                ident.protocol.chair = names[0]
        if vocab.has(text, "label.protocol") and ident.protocol.number is None:
            _protocol(src, line, ident.protocol)
    _approval(vocab, src, lines, ident)
    _course_title(vocab, src, lines, ident)
    _university(vocab, src, lines, ident)
    if ident.department is None and ident.approval.position is not None:
        rest = _HEAD_WORDS.sub(" ", ident.approval.position.value).strip(" :,")
        rest = re.sub(r"\s+", " ", rest)
        if rest and len(rest) <= 60:
            ident.department = src.line(Line(ident.approval.position.source.text, ident.approval.position.source), rest)
    return ident


def _credits(src: Sources, line: Line, value: str) -> Credits:
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*\(\s*(\d+(?:[.,]\d+)?)\s*(?:ECTS|ЕCTS|ектс)\s*\)", value, re.I)
    if m:
        return Credits(
            national=src.line(line, float(m.group(1).replace(",", "."))),
            ects=src.line(line, float(m.group(2).replace(",", "."))),
        )
    number = parse_number(value)
    return Credits(ects=src.line(line, number)) if number is not None else Credits()


def _names_from(src: Sources, lines: list[Line], i: int, inline: str, limit: int = 20):
    names = []
    if inline:
        for part in re.split(r"[;,]\s*", inline):
            name = name_in(part)
            if name:
                names.append(src.line(lines[i], name))
        if names:
            return names[:limit]
    for line in lines[i + 1: i + 1 + limit + 2]:
        name = name_in(line.text)
        if name and len(line.text) <= len(name) + 40:
            names.append(src.line(line, name))
            if len(names) >= limit:
                break
        elif names:
            break
    return names


def _protocol(src: Sources, line: Line, protocol: Protocol) -> None:
    m = re.search(r"(?:№|\bNo\.?|\bN)\s*([\w/-]*\d[\w/-]*)", line.text)
    if m:
        protocol.number = src.line(line, m.group(1))
    when = parse_date(line.text)
    if when:
        protocol.date = src.line(line, when)


def _approval(vocab: Vocabulary, src: Sources, lines: list[Line], ident: Identity) -> None:
    start = next((i for i, l in enumerate(lines) if vocab.best(l.text, "heading", leading=True) == "approval"), None)
    if start is None:
        return
    approval = Approval(present=True)
    head_line = lines[start]
    rest = head_line.text.partition(":")[2].strip()
    candidates = ([Line(rest, head_line.source)] if rest else []) + lines[start + 1: start + 7]
    for line in candidates:
        text = line.text.strip()
        if not text:
            continue
        when = parse_date(text)
        name = name_in(text)
        if when and approval.date is None:
            approval.date = src.line(line, when)
            approval.date_text = src.line(line, text)
        elif _BLANK_DATE.search(text) and re.search(r"\d{4}|20_+|20\s*_", text) and not name and approval.date_text is None:
            approval.date_blank = True
            approval.date_text = src.line(line, text)
        elif name and approval.approver is None:
            approval.approver = src.line(line, name)
            before = text[: text.rfind(name)].strip(" :_\t")
            if before and approval.position is None:  # "Декан школы: Рахымбердина М.Е." on one line
                approval.position = src.line(line, before)
        elif approval.position is None and approval.approver is None and len(text) <= 120:
            approval.position = src.line(line, text.rstrip(":").strip())
        else:
            break
        if approval.approver is not None and approval.date_text is not None:
            break
    ident.approval = approval


def _course_title(vocab: Vocabulary, src: Sources, lines: list[Line], ident: Identity) -> None:
    if ident.course_title is not None:
        return
    for i, line in enumerate(lines[:80]):
        if len(line.text) > 200 or not vocab.has(line.text, "heading.syllabus"):
            continue
        start = concept_start(vocab, line.text, "heading", "syllabus")
        if start is not None and not _is_label(line.text[:start]):  # "TITLE Жұмыс оқу бағдарламасы"
            ident.course_title = src.line(line, line.text[:start].strip())
            return
        if i > 0 and len(line.text) <= 80:
            for prev in reversed(lines[max(0, i - 3): i]):
                if prev.text and not _is_label(prev.text) and len(prev.text) >= 3:
                    ident.course_title = src.line(prev, prev.text)
                    return
            return


def _is_label(text: str) -> bool:
    return ":" in text[:60]


def _university(vocab: Vocabulary, src: Sources, lines: list[Line], ident: Identity) -> None:
    for line in lines[:15]:
        if vocab.has(line.text, "label.ministry") or vocab.has(line.text, "heading.approval"):
            continue
        if _UNIVERSITY.search(line.text) and len(line.text) <= 150:
            ident.university = src.line(line, line.text)
            return
