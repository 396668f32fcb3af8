"""The title page and approval pages: course, programme, credits, approval block, protocol, authors."""

from __future__ import annotations

import re
from functools import lru_cache, partial

from ..model import Credits, Identity, PartRead, Protocol, ReadStatus, Source, Sourced
from ..numbers import parse_date, parse_number
from ..raw import Block, RawParagraph, RawTable
from ..text import clean
from ..vocabulary import Vocabulary
from .approval import dates_in, is_blank_date, names_in, read_approval
from .context import Line, Sources, cell_lines
from .fields import Field, find_fields, is_placeholder
from .identity_period import read_study_period

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "a-zа-яёәғқңөұүһі"
# "Рахымбердина М.Е.", "Asylkhanova Zh.A.", "M.Ye. Rakhymberdina": romanised initials can be two
# letters (Zh, Ye, Sh, Ch, Yu, Ya).
_INITIAL = rf"[{_UP}][{_LOW}]?\."
_NAME = re.compile(
    rf"(?:[{_UP}][{_LOW}'’-]+(?:-[{_UP}][{_LOW}]+)?\s+{_INITIAL}\s?(?:{_INITIAL}|[{_UP}])?"
    rf"|{_INITIAL}\s?(?:{_INITIAL}\s?)?[{_UP}][{_LOW}'’-]+)\s*$"
)
_COURSE_CODE = re.compile(rf"[{_UP}{_LOW}]{{2,10}}\s?-?\d{{3,5}}[{_UP}]?")
# A code at the start of a "code and title" value: "FA1307 Research Methods", "Fil 1104 / Философия".
_LEADING_CODE = re.compile(rf"^\s*((?:[{_UP}{_LOW}]{{1,10}}\s?-?\d{{3,5}}[{_UP}]?|\d+(?:\.\d+)+\.?|\d{{4,8}}))(?=\s|$|[,;:/])")
_TRAILING_CODE = re.compile(rf"(?<=\s)([{_UP}{_LOW}]{{1,10}}\s?-?\d{{3,5}}[{_UP}]?)\s*$")
_WRAP_HYPHEN = re.compile(r"(\w)- (?!(?:и|или|и/или|және|немесе|and|or)\b)([a-zа-яёәғқңөұүһі])")
_PROGRAMME_CODE = re.compile(r"\b[5-8][BВМMDД]\d{5}\b")
_YEAR_LINE = re.compile(r"^[^\d:;]{2,40},\s*(\d{4})\s*(?:ж\.?|г\.?|жыл|year)?\s*$")
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


def _source_of(line: Line):
    """The line's own Source when asked for (the same object: the parts of a line share it)."""
    return lambda: line.source


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
            out.append(Line(pending[:cut].strip(), make=_source_of(line)))
            pending = pending[cut:].strip()
        out.append(Line(pending, make=_source_of(line)) if pending != line.text else line)
    return out


@lru_cache(maxsize=50_000)  # read_identity asks it of every line; boilerplate recurs
def _line_labels(vocab: Vocabulary, text: str) -> tuple[str, str, str | None, str | None, bool]:
    """What read_identity asks of a line's text, once per distinct text: its label and stripped
    value ('Label: value'), the label's concept (a label up to 60 characters before
    the colon), the concept the line opens with (its label's, or its own without a colon), and
    whether it names a protocol."""
    label, sep, value = text.partition(":")
    concept = vocab.best(label, "label", leading=True) if sep and len(label) <= 60 else None
    head = vocab.best(label if sep else text, "label", leading=True)
    return label, value.strip(), concept, head, vocab.has(text, "label.protocol")


def read_identity(vocab: Vocabulary, src: Sources, lines: list[Line], blocks: list[Block] | None = None,
                  coverage: dict[str, PartRead] | None = None) -> Identity:
    """The title page's facts. ``blocks`` (the document's paragraphs and tables) let labelled
    fields be paired through table cells and the approval block be read across cells; without
    them the running ``lines`` are read as paragraphs. ``coverage``, when given, receives the
    read status of 'identity' (course code and title), 'approval' and 'study_period'."""
    ident = Identity()
    if blocks is None:
        blocks = [RawParagraph(index=line.source.paragraph or 0, text=line.text, page=line.source.page) for line in lines]
    blocks = list(blocks)
    coverage = coverage if coverage is not None else {}
    _code_and_title(vocab, src, blocks, ident, coverage)
    read_study_period(vocab, src.file, _head_of(blocks), ident, coverage)
    lines = split_run_together(vocab, lines)
    for i, line in enumerate(lines):
        text = line.text
        label, value, concept, head, protocol = _line_labels(vocab, text)
        if concept in ("course_code", "course_title") and (i >= _TITLE_PAGE_LINES or not label.strip()[:1].isupper()):
            concept = None  # "…дисциплины «X» в вузе: …" inside a literature entry is no label
        if concept is None:
            pass  # most lines: none of the branches below, each of which wants its concept
        elif concept == "course_code" and ident.course_code is None and value and not is_placeholder(vocab, value):
            m = _COURSE_CODE.search(value)
            ident.course_code = src.line(line, m.group(0).strip() if m else value)
        elif concept == "course_title" and ident.course_title is None and value and not is_placeholder(vocab, value):
            ident.course_title = src.line(line, clean_title(value))
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
        if head == "authors" and not ident.authors:
            ident.authors = _names_from(src, lines, i, value)
        elif head == "chair" and ident.protocol.chair is None:
            names = _names_from(src, lines, i, value, limit=1)
            if names:
                ident.protocol.chair = names[0]
        if protocol and ident.protocol.number is None:
            _protocol(src, line, ident.protocol)
    approval = read_approval(vocab, src.file, blocks)
    ident.approval = approval.approval
    if approval.coverage is not None:
        coverage["approval"] = approval.coverage
    if ident.course_title is None:
        _course_title(vocab, src, _title_page_lines(src.file, blocks), ident, approval.block)
        if ident.course_title is not None and "identity" not in coverage:
            coverage["identity"] = PartRead(status=ReadStatus.read, where=ident.course_title.source, how="title_page")
    if ident.course_code is not None and coverage.get("identity", PartRead(status=ReadStatus.absent)).status != ReadStatus.read:
        coverage["identity"] = PartRead(status=ReadStatus.read, where=ident.course_code.source, how="same_line")
    _university(vocab, src, lines, ident)
    if (ident.department is None and ident.approval.position is not None
            and not is_placeholder(vocab, ident.approval.position.value)):
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


# An institution's name or abbreviation ("ВКТУ", "ШҚТУ"; not a title word such as "БАРЛАУ").
_INSTITUTION = re.compile(
    r"(?i:университет|university|институт|institute|академи|academy|атындағы|имени|колледж|college)"
)
_ABBREVIATION = re.compile(rf"\b[{_UP}]{{2,3}}[УU]\b")
_QUOTED = re.compile(r"[«\"“]([^»\"”]{2,200})[»\"”]")
# Lower-case connecting words around a quoted title ("по дисциплине", "пәні бойынша", "course"):
# what is left outside the quotes when they are removed must be nothing else.
_CONNECTOR_FREE = re.compile(r"(?<![^\W\d_])[a-zа-яёәғқңөұүһі][\w-]*|[\s.,:;()\-–—]")
_CODE_CONCEPTS = ("label.course_code_title", "label.course_code", "label.course_title")
_TITLE_PAGE_LINES = 120
_CITY_YEAR = re.compile(r"^[^\d]{2,30},?\s+(?:19|20)\d{2}\s*(?:ж\.?|г\.?|жыл|year)?\.?$")
_ACADEMIC_YEAR = re.compile(r"(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}")


def clean_title(text: str) -> str:
    """A title as shown: its lines joined, a word a line break hyphenated joined again
    ("Объектно- ориентированное"), outer quotes and trailing punctuation dropped."""
    title = clean(" ".join(part for part in text.split("\n")))
    title = _WRAP_HYPHEN.sub(r"\1-\2", title)
    title = title.strip(" .,;:")
    quoted = _QUOTED.search(title)
    if quoted and not re.search(r"[^\W\d_]", _CONNECTOR_FREE.sub("", title[: quoted.start()] + title[quoted.end():])):
        # "по дисциплине «Философия»", "«Қазақстан тарихы» пәні бойынша": the title is the quoted part
        title = quoted.group(1).strip()
    elif len(title) >= 2 and title[0] in "«\"“" and title[-1] in "»\"”" and title.count("«") <= 1:
        title = title[1:-1].strip()
    return title


def _code_and_title(vocab: Vocabulary, src: Sources, blocks: list[Block], ident: Identity,
                    coverage: dict[str, PartRead]) -> None:
    """Course code and title from labelled fields, in paragraphs or table cells (cell to the
    right or below, or the same cell after the label)."""
    empty: Field | None = None
    for found in find_fields(vocab, src.file, _head_of(blocks), _CODE_CONCEPTS):
        value = found.value.strip()
        if not value or is_placeholder(vocab, value) or is_blank_date(value):
            empty = empty or found
            continue
        first, _, _ = value.partition("\n")
        code = title = None
        if found.concept == "label.course_code_title":
            m = _LEADING_CODE.match(value)
            if m:
                code, title = m.group(1).strip(), value[m.end():].strip(" \n-–—/:,")
            else:
                m = _TRAILING_CODE.search(clean(value))
                if m:
                    code, title = m.group(1).strip(), clean(value)[: m.start()].strip(" -–—/:,")
                else:
                    title = value
        elif found.concept == "label.course_code":
            m = _LEADING_CODE.match(first) or _COURSE_CODE.search(first)
            code = m.group(1 if m.re is _LEADING_CODE else 0).strip() if m else first.strip()
        else:
            title = value
            m = _LEADING_CODE.match(value)
            if m and re.search(r"[^\W\d_]", m.group(1)) and value[m.end():].strip():
                # "SDT1005 Объектно-…" under a label a PDF line break cut to its title half
                # ("КОД И НАЗВАНИЕ / ДИСЦИПЛИНЫ:"): a code-shaped first word is the code
                code, title = m.group(1).strip(), value[m.end():].strip(" \n-–—/:,")
        set_any = False
        if code and ident.course_code is None and len(code) <= 40:
            ident.course_code = Sourced(value=code, source=found.source)
            set_any = True
        if title and ident.course_title is None and not is_placeholder(vocab, title):
            ident.course_title = Sourced(value=clean_title(title), source=found.source)
            set_any = True
        if set_any and "identity" not in coverage:
            coverage["identity"] = PartRead(status=ReadStatus.read, where=found.label, how=found.how)
        if ident.course_code is not None and ident.course_title is not None:
            break
    if empty is not None and "identity" not in coverage and ident.course_code is None and ident.course_title is None:
        coverage["identity"] = PartRead(status=ReadStatus.empty, where=empty.label, how=empty.how)


def _head_of(blocks: list[Block], limit: int = 150) -> list[Block]:
    """The blocks of the document's first pages (about ``limit`` non-empty paragraphs and cells):
    where the title page and the header table are. A course-title label deep in the document is
    a column or a sentence about the course, not its title."""
    out: list[Block] = []
    seen = 0
    for block in blocks:
        out.append(block)
        if isinstance(block, RawParagraph):
            seen += 1 if clean(block.text) else 0
        elif isinstance(block, RawTable):
            seen += sum(1 for row in block.rows for c in row if c.covered_by is None and clean(c.text))
        if seen >= limit:
            break
    return out


def _title_page_lines(file: str, blocks: list[Block]) -> list[Line]:
    """The first lines of the document: paragraph lines and table cells (a cell is one line:
    a title wrapped in its cell stays whole), data tables included (a title page may share a
    table with the hours)."""
    lines: list[Line] = []
    for block in blocks:
        if isinstance(block, RawParagraph):
            for text in cell_lines(block.text):  # its cleaned non-empty lines, once per distinct text
                # the Source when asked for: of these lines, the title is one
                lines.append(Line(text, make=partial(Source, file=file, page=block.page, paragraph=block.index,
                                                     text=text)))
        elif isinstance(block, RawTable):
            for r, row in enumerate(block.rows):
                for cell in row:
                    if cell.covered_by is not None or not cell.text:
                        continue  # no line: what cleaning their (absent) text gave
                    text = clean(" ".join(cell.text.split("\n")))
                    if text:
                        lines.append(Line(text, make=partial(Source, file=file, page=cell.page, table=block.index,
                                                             row=r, column=cell.col, text=text)))
                if len(lines) >= _TITLE_PAGE_LINES:
                    break  # lines past the limit are dropped: a long first table need not be walked
        if len(lines) >= _TITLE_PAGE_LINES:
            break
    return lines[:_TITLE_PAGE_LINES]


def _key(source: Source) -> tuple:
    return (source.paragraph, source.table, source.row, source.column, source.text)


def _is_kind_heading(vocab: Vocabulary, text: str) -> bool:
    body = text.strip(" («\"")
    if len(body) > 60:
        return False
    return (vocab.best(body, "heading", leading=True) == "syllabus"
            or vocab.best(body, "document", leading=True) == "kind")


def _title_candidate(vocab: Vocabulary, line: Line, block: set[tuple]) -> str | None:
    """Why a line next to the document-kind heading is not the title: it belongs to the approval
    block, is a date or blank, a label, a heading, an institution, a place and year, a person."""
    text = line.text
    if _key(line.source) in block or not (3 <= len(text) <= 200):
        return "approval" if _key(line.source) in block else "size"
    if sum(c.isalpha() for c in text) < 3 or re.fullmatch(r"\(.*\)", text):
        return "not_text"
    if is_placeholder(vocab, text) or is_blank_date(text) or dates_in(text) or "__" in text:
        return "blank"
    if _is_label(text) or vocab.best(text, "label", leading=True) in ("course_code", "course_title", "programme",
                                                                      "credits", "protocol", "authors"):
        return "label"
    if vocab.best(text.strip(" («\""), "heading", leading=True) or _is_kind_heading(vocab, text):
        return "heading"
    if vocab.best(text, "signoff", leading=True) or vocab.has(text, "label.ministry") or _INSTITUTION.search(text) or (
            _ABBREVIATION.search(text) and len(text.split()) <= 4):
        return "institution"
    if _CITY_YEAR.match(text) or _YEAR_LINE.match(text) or _ACADEMIC_YEAR.search(text):
        return "year"
    if names_in(vocab, text):
        return "person"
    return None


def _course_title(vocab: Vocabulary, src: Sources, lines: list[Line], ident: Identity,
                  approval_block: list[Source]) -> None:
    """The title beside the document-kind heading ("GIG3303 … / СИЛЛАБУС", "Рабочая программа
    дисциплины / Физическая культура и спорт"): the line before it, else the line after it."""
    block = {_key(s) for s in approval_block}
    for i, line in enumerate(lines):
        if len(line.text) > 200 or not (vocab.has(line.text, "heading.syllabus") or vocab.has(line.text, "document.kind")):
            continue
        start = concept_start(vocab, line.text, "heading", "syllabus")
        if start is None:
            start = concept_start(vocab, line.text, "document", "kind")
        if start is not None and not _is_label(line.text[:start]) and not _is_kind_heading(vocab, line.text):
            # "TITLE Жұмыс оқу бағдарламасы" (two title-page lines a PDF ran together)
            head = line.text[:start].strip()
            if _title_candidate(vocab, Line(head, line.source), block) is None:
                ident.course_title = src.line(Line(clean_title(head), line.source), clean_title(head))
                return
        if not _is_kind_heading(vocab, line.text):
            continue
        quoted = re.search(r"[«\"“]([^»\"”]{3,150})[»\"”]", line.text)
        if quoted:  # "Рабочая программа дисциплины «Физическая культура и спорт»"
            ident.course_title = src.line(line, clean_title(quoted.group(1)))
            return
        for prev in reversed(lines[max(0, i - 3): i]):
            why = _title_candidate(vocab, prev, block)
            if why is None:
                ident.course_title = src.line(prev, clean_title(prev.text))
                return
            if why in ("approval", "blank", "label", "institution", "heading"):
                break
        for nxt in lines[i + 1: i + 4]:
            if nxt.text[:1].islower() and len(nxt.text) <= 30 and not _QUOTED.search(nxt.text):
                continue  # "по дисциплине", "дисциплины": the words between the heading and the title
            why = _title_candidate(vocab, nxt, block)
            if why is None:
                ident.course_title = src.line(nxt, clean_title(nxt.text))
                return
            if why not in ("not_text", "heading"):
                break


def _is_label(text: str) -> bool:
    return ":" in text[:60]


def _university(vocab: Vocabulary, src: Sources, lines: list[Line], ident: Identity) -> None:
    for line in lines[:15]:
        if vocab.has(line.text, "label.ministry") or vocab.has(line.text, "heading.approval"):
            continue
        if _UNIVERSITY.search(line.text) and len(line.text) <= 150:
            ident.university = src.line(line, line.text)
            return
