"""The literature lists, in running text or in table rows.

The document is read as one stream of units: paragraphs, and table rows (a row of one cell is a
line; "1. | | Author. Title…" is a numbered entry; "Учебники | 1. … 2. …" is a heading cell with
its list). A literature heading opens a list: the general one ("Список литературы"), main
("Основная / Обязательная литература", "Учебники", "Қажетті әдебиет", "Basic literature") or
additional. A list ends at any other heading: an internet-resources heading (that list is not
counted), the next section's heading (known to the vocabulary, numbered, in capitals or in a
heading style, or a short line that no entry would be), or a table row of another kind.

Entries are kept as written: a heading is not entry 1, a placeholder ('…..', '1. ____') is no
entry, written numbers are kept (numbering continued across lists stays 4, 5, 6), an entry a
line break cut in two ("…, 2-е издание," / "«Питер», 2017") is one entry.

Once a main and an additional list have both been read, later literature headings are not read:
files that bundle several programmes, or repeat the literature in an appendix, do not add their
lists to the first programme's. Before that, a second main list ("Электронные учебники" and
"Учебники (библиотека)") adds to the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial

from ..model import Literature, LiteratureEntry, PartRead, ReadStatus, Source, Sourced
from ..numbers import last_year
from ..raw import Block, RawParagraph, RawTable
from ..text import clean
from ..vocabulary import Vocabulary
from .context import cell_lines
from .fields import Grid, is_placeholder, label_at
from .headings import heading_of, is_heading_style

LITERATURE_HEADINGS = {"literature": None, "literature_main": "main", "literature_additional": "additional"}
_ENTRY_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s+(?=\S)|^\s*(\d{1,3})\s*[.)](?=\S)|^\s*\[(\d{1,3})\]\s*(?=\S)")
_CELL_ENTRY_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(?=\S)")
_NUMBER_CELL = re.compile(r"^\s*\[?(\d{1,3})\s*[.)\]]?\s*$")
_LIST_MARKER = re.compile(r"^\s*[-–—•·*▪●➢]\s*")
_UNFINISHED = re.compile(r"[,:;/(–—-]\s*$")
_RUNNING_HEADER = re.compile(r"^(?:стр|с|page|p|бет)\.?\s*\d+(?:\s*(?:из|of|/)\s*\d+)?$|^\d+\s*(?:бет|стр)\.?$", re.I)


@dataclass
class Unit:
    text: str
    # Makes the unit's Source when it is asked for: the stream holds every paragraph and table
    # row of the document, and few of them become literature entries.
    make_source: Callable[[], Source]
    kind: str  # "line" (paragraph or one-cell row), "entry" (numbered row), "other" (a row of another table)
    style: str | None = None
    number: int | None = None
    # Makes the units of the cells beside a head cell when they are asked for: only a literature
    # heading's are, and making every table row's was a third of the literature reader's time.
    make_beside: Callable[[], list[Unit]] = field(default=list, repr=False, compare=False)
    _source: Source | None = field(default=None, repr=False, compare=False)

    @property
    def source(self) -> Source:
        if self._source is None:
            self._source = self.make_source()
        return self._source

    @cached_property
    def beside(self) -> list[Unit]:
        """A head cell's list in the cells beside it."""
        return self.make_beside()


@dataclass
class LiteratureRead:
    literature: Literature = field(default_factory=Literature)
    coverage: PartRead | None = None
    found: bool = False


def units(vocab: Vocabulary, file: str, blocks: list[Block]) -> Iterator[Unit]:
    for block in blocks:
        if isinstance(block, RawParagraph):
            lines = list(cell_lines(block.text))  # its cleaned non-empty lines, once per distinct text
            if not lines:
                continue
            source = partial(Source, file=file, page=block.page, paragraph=block.index)
            if len(lines) == 1:
                yield Unit(lines[0], partial(source, text=clean(block.text)), "line", style=block.style)
            else:  # a paragraph with line breaks: a heading and its list in one paragraph
                for text in _chunks(vocab, lines):
                    yield Unit(text, partial(source, text=text), "line", style=block.style)
        elif isinstance(block, RawTable):
            yield from _table_units(vocab, file, block)


def _table_units(vocab: Vocabulary, file: str, table: RawTable) -> Iterator[Unit]:
    grid = Grid(table)
    for row in table.rows:
        # every row of every table passes here: covered and empty cells (most of a wide plan's)
        # are told by their fields, without cleaning their text
        cells = [c for c in row if c.covered_by is None and c.text and clean(c.text)]
        if not cells:
            continue
        if any(map(_is_running_header, [c.text for c in cells])):  # the cached test, no generator frame
            continue  # the page header a table repeats ("УП: … | стр. 13")
        if len(cells) == 1:
            yield from _cell_units(vocab, file, grid, cells[0])
            continue
        first = clean(cells[0].text)
        number = _NUMBER_CELL.match(first)
        if number:
            text = clean(" ".join(c.text for c in cells[1:]))
            yield Unit(text, partial(grid.source, file, cells[1], text), "entry", number=int(number.group(1)))
            continue
        # A heading cell with its list beside it ("Учебники (библиотека) | 1. … 2. …"), or a row of
        # another table: the reader decides by the first cell's words.
        yield Unit(first.split("\n")[0] if "\n" in first else first, partial(grid.source, file, cells[0]), "head_cell",
                   make_beside=partial(_units_beside, vocab, file, grid, cells[1:]))


def _units_beside(vocab: Vocabulary, file: str, grid: Grid, cells: list) -> list[Unit]:
    return [u for cell in cells for u in _cell_units(vocab, file, grid, cell)]


@lru_cache(maxsize=50_000)  # asked of every non-empty cell of every table
def _is_running_header(text: str) -> bool:
    return _RUNNING_HEADER.match(clean(text)) is not None


def _cell_units(vocab: Vocabulary, file: str, grid: Grid, cell) -> Iterator[Unit]:
    lines = list(cell_lines(cell.text))
    for text in _chunks(vocab, lines):
        yield Unit(text, partial(grid.source, file, cell, text), "line")


def _is_list_heading(vocab: Vocabulary, line: str) -> bool:
    heading = heading_of(vocab, line)
    return heading is not None and (heading.concept in LITERATURE_HEADINGS or heading.concept == "internet_resources")


def _chunks(vocab: Vocabulary, lines: list[str]) -> list[str]:
    """The lines of one cell (or one paragraph with line breaks) as headings and entries.

    "Basic literature:\n1. …\n2. …\nAdditional literature:\n1. …": each heading is its own
    line; a numbered list's entries begin at "1.", "2." … in sequence (an entry's wrapped lines
    and a stray "874 с." join the entry); unnumbered lines between headings are one text (a
    title wrapped in its cell) unless each is an entry of its own (a year or a link on each)."""
    groups: list[tuple[bool, list[str]]] = []  # (is heading, lines)
    for line in lines:
        if _is_list_heading(vocab, line):
            groups.append((True, [line]))
        elif groups and not groups[-1][0]:
            groups[-1][1].append(line)
        else:
            groups.append((False, [line]))
    out: list[str] = []
    for is_heading, group in groups:
        if is_heading:
            out.extend(group)
            continue
        numbered: list[int] = []  # lines that begin the next entry of a numbered list
        for i, line in enumerate(group):
            m = _CELL_ENTRY_NUMBER.match(line)
            if m and int(m.group(1)) == len(numbered) + 1:
                numbered.append(i)
        if len(numbered) >= 2 or (numbered and numbered[0] == 0 and len(group) > 1):
            chunks: list[str] = []
            for i, line in enumerate(group):
                if i in numbered or not chunks:
                    chunks.append(line)
                else:
                    chunks[-1] = f"{chunks[-1]} {line}"
            out.extend(chunks)
        elif len(group) > 1 and all(re.search(r"https?://|www\.|(?<!\d)(?:19|20)\d{2}(?!\d)", line) for line in group):
            out.extend(group)  # one entry (a link, a dated reference) per line
        else:
            out.append(" ".join(group))
    return out


def _short_subheading(vocab: Vocabulary, unit: Unit) -> str | None:
    """'Основная:' / 'Дополнительная:' / 'Қосымша' as a line of its own inside a literature section."""
    if unit.kind not in ("line", "head_cell") or len(unit.text) > 60:
        return None
    hit = label_at(vocab, unit.text, ("literature.main_short", "literature.additional_short"))
    if hit is None or hit[1]:
        return None
    return "main" if hit[0] == "literature.main_short" else "additional"


def _entry_like(unit: Unit | None) -> bool:
    """A line that reads as a reference: a year or a link, not a paragraph of prose."""
    if unit is None or unit.kind not in ("line", "entry") or len(unit.text) > 400:
        return False
    return bool(re.search(r"https?://|www\.|(?<!\d)(?:19|20)\d{2}(?!\d)", unit.text))


def _looks_like_other_heading(unit: Unit) -> bool:
    """A line no literature entry would be: a heading style, or a short line with no year, number,
    link or bibliographic punctuation ("Политика академической честности и использование ИИ")."""
    if is_heading_style(unit.style):
        return True
    text = unit.text
    if len(text) > 100 or re.search(r"\d|https?:|www\.|[./:,;«»\"“”]", text):
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and text[:1].isupper()


def read_literature(vocab: Vocabulary, file: str, blocks: list[Block]) -> LiteratureRead:
    out = LiteratureRead()
    lit = out.literature
    current: str | None = None  # "main", "additional" or None (outside a counted list)
    provisional = False  # entries under the general heading, before any main/additional heading
    in_section = False  # inside a literature section (its short sub-headings are recognised)
    closed: set[str] = set()
    heading_at: Source | None = None
    placeholders = 0
    last_number = 0  # the last entry number written in the current list (placeholders too)
    header_rows = 0  # table header rows skipped between a heading and its first entry

    def close() -> None:
        if current is not None and getattr(lit, current):
            closed.add(current)

    def end() -> None:  # the literature section is over
        nonlocal current, in_section
        close()
        current, in_section = None, False

    stream = list(units(vocab, file, blocks))
    i = 0
    while i < len(stream):
        unit = stream[i]
        i += 1
        heading = heading_of(vocab, unit.text) if unit.kind in ("line", "head_cell") else None
        if unit.kind == "head_cell" and heading is not None and heading.concept in LITERATURE_HEADINGS:
            if len(unit.beside) > 1 and any(u.source.column != unit.beside[0].source.column for u in unit.beside):
                heading = None  # a table's header row ("Литература | № п/п | Автор, заглавие …")
                unit.kind = "other"
            else:
                stream[i:i] = unit.beside  # "Учебники (библиотека) | 1. … 2. …": the list beside its heading
        if heading is not None and heading.concept in LITERATURE_HEADINGS:
            out.found = in_section = True
            heading_at = heading_at or unit.source
            target = LITERATURE_HEADINGS[heading.concept]
            if target == "main" and provisional and current == "main":
                lit.main.clear()  # what stood under the general heading was an introduction
            close()
            if target is None:  # the general heading: a list follows, or main/additional headings
                current = None if "main" in closed else "main"
                provisional = current is not None
            elif {"main", "additional"} <= closed:
                current = None  # a whole literature section was read: this is an appendix's or a later programme's
            else:
                current, provisional = target, False
            last_number = header_rows = 0
            if heading.inline and current is not None:
                _add(lit, current, unit, heading.inline)
            continue
        if heading is not None:  # another section: internet resources, or anything else
            end()
            continue
        short = _short_subheading(vocab, unit) if in_section else None
        if short is not None:
            if short == "main" and provisional and current == "main":
                lit.main.clear()  # what stood under the general heading was an introduction
            close()
            current = None if {"main", "additional"} <= closed else short
            provisional = False
            last_number = header_rows = 0
            continue
        if current is None:
            continue
        if unit.kind in ("other", "head_cell"):
            if not getattr(lit, current) and header_rows < 2:
                header_rows += 1  # a literature table's header row ("№ | Автор, название | Год")
                continue
            end()
            continue
        if (unit.kind == "line" and _looks_like_other_heading(unit) and not is_placeholder(vocab, unit.text)
                and (is_heading_style(unit.style) or not _entry_like(stream[i] if i < len(stream) else None))):
            # A short plain line followed by what is no entry: the next section's heading. (Followed
            # by a dated or linked line it is an entry without punctuation: "Clean Code by R. Martin".)
            end()
            continue
        numbered = _ENTRY_NUMBER.match(unit.text) if unit.kind == "line" else None
        if numbered and _number(numbered) != last_number + 1 and _looks_like_other_heading(
                Unit(unit.text[numbered.end():], unit.make_source, "line")):
            end()  # "11. Глоссарий": the next numbered section, not entry 11
            continue
        if numbered:
            last_number = _number(numbered)
        elif unit.number is not None:
            last_number = unit.number
        if not _add(lit, current, unit, unit.text):
            placeholders += 1
    close()
    _number_unnumbered(lit)
    if lit.main or lit.additional:
        out.coverage = PartRead(status=ReadStatus.read, where=heading_at, how="list")
    elif out.found:
        status = ReadStatus.empty if placeholders else ReadStatus.not_read
        out.coverage = PartRead(status=status, where=heading_at, how="placeholders" if placeholders else "")
    return out


def _add(lit: Literature, list_name: str, unit: Unit, text: str) -> bool:
    """Add an entry (or the continuation of the last one); False for a placeholder."""
    entries = getattr(lit, list_name)
    number = unit.number
    body = text
    if number is None:
        m = _ENTRY_NUMBER.match(text)
        if m:
            number = _number(m)
            body = text[m.end():]
    body = clean(_LIST_MARKER.sub("", body))
    if not re.search(r"\w", body.replace("_", "")) or is_placeholder_text(body):
        return False
    if entries and number is None and unit.kind == "line":
        last = entries[-1]
        if _UNFINISHED.search(last.text.value) or any(e.number is not None for e in entries):
            # An entry a line, page or column break cut in two.
            joined = f"{last.text.value} {body}"
            last.text = Sourced(value=joined, source=last.text.source.model_copy(update={"text": joined}))
            year = last_year(joined)
            last.year = Sourced(value=year, source=last.text.source) if year else None
            return True
    year = last_year(body)
    source = unit.source
    entries.append(
        LiteratureEntry(
            list_name=list_name,
            number=Sourced(value=number, source=source) if number is not None else None,
            text=Sourced(value=body, source=source),
            year=Sourced(value=year, source=source) if year else None,
        )
    )
    return True


def _number(m: re.Match) -> int:
    return int(next(g for g in m.groups() if g))


def is_placeholder_text(text: str) -> bool:
    return not re.sub(r"[\s_.…·\-–—]", "", text)


def _number_unnumbered(literature: Literature) -> None:
    """Word's automatic numbering is not in the text: number such lists by position, as shown."""
    for entries in (literature.main, literature.additional):
        if entries and all(e.number is None for e in entries):
            for i, entry in enumerate(entries, start=1):
                entry.number = Sourced(value=i, source=entry.text.source)
