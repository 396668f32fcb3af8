"""Labelled fields anywhere in the document: find a label, then pair it with its value.

A label is found by the vocabulary wherever it stands: at the start of a paragraph line or of a
line in a table cell. Its value is looked for by a small set of relations, tried in order, and
the relation that paired them is recorded (it becomes the part's ``PartRead.how``):

- ``same_cell`` / ``same_paragraph``: after the label on its line ("ПРЕРЕКВИЗИТЫ: Нет"), or on
  the next lines of the same cell ("КОД И НАЗВАНИЕ ДИСЦИПЛИНЫ:\\nFil 1104\\nФилософия");
- ``cell_right``: the next non-empty cell to the right, through merged cells (a value cell that
  spans several rows is found from any of them);
- ``cell_below``: the cell under the label;
- ``next_paragraph``: the paragraph after a label that stands alone.

A label with none of these is an empty field: the document has the field and left it blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Source
from ..raw import Block, RawCell, RawParagraph, RawTable
from ..text import KAZAKH_OCR_LOOKALIKES, clean, fold
from ..vocabulary import Vocabulary
from .context import cell_lines

# What may stand before a label: section numbers ("1.5"), bullets, opening quotes.
_LEAD = re.compile(r"^(?:\s*(?:\d+(?:\.\d+)*\.?(?=\s)|[«\"“„'(•▪●*\-–—]))*\s*")
# What may stand between a label and its value on one line.
_SEPARATOR = re.compile(r"^[\s:：\-–—.]*")
# The same label repeated in the other languages after a slash, up to the colon or the line's end.
_OTHER_LANGUAGES = re.compile(r"^(?:\s*[/|]\s*[^/|:：\n]{1,60})+(?=[:：]|\s*$)")
# A label a few words longer than the vocabulary's ("Пререквизиты курса:"): words, then a colon.
_LONGER_LABEL = re.compile(r"^[^:：.;!?\d]{1,40}[:：]")
_PARENTHETICAL = re.compile(r"^\s*\([^)]*\)\s*")
# A value that is only a blank to fill: underscores, dots, ellipses, dashes of a form.
_BLANK = re.compile(r"^[\s_.…·\-–—/\\|]*$")
_TEMPLATE = re.compile(r"\{\s*[\w .-]+\s*\}|\[\s*[\w .-]+\s*\]|<\s*[\w .-]+\s*>")
_MAX_LABEL_LINE = 200


@dataclass
class Field:
    concept: str  # the vocabulary concept of the label, e.g. "heading.prerequisites"
    label: Source  # where the label stands (text = the label's line)
    value: str  # the value as written ('' for an empty field); lines joined by '\n'
    source: Source  # where the value stands (the label's place for an empty field)
    how: str  # same_cell, same_paragraph, cell_right, cell_below, next_paragraph, empty


def is_blank(text: str) -> bool:
    """Nothing but a form's blank ('_____', '…..', '« »')."""
    return bool(_BLANK.match(re.sub(r"[«»\"“”]", "", text or "")))


@lru_cache(maxsize=50_000)
def is_placeholder(vocab: Vocabulary, text: str) -> bool:
    """A blank or a template's stand-in ('ФИО', 'ТАӘ', 'Name/Surname', '{ dean_of_school_center }')."""
    text = clean(text)
    if is_blank(text) or _TEMPLATE.search(text):
        return True
    return any(m.concept.startswith("placeholder.") for m in vocab.matches(text))


# Cached (bounded): every field finder, the identity and the workload readers try the same lines.
@lru_cache(maxsize=100_000)
def label_at(vocab: Vocabulary, text: str, concepts: tuple[str, ...]) -> tuple[str, str] | None:
    """(concept, rest of the line) when the line begins with a label of one of ``concepts``.

    The rest must be empty or set off from the label (colon, dash, line end, parenthesis):
    "Дисциплина «X» изучает…" is prose, not the label "Дисциплина".
    """
    text = clean(text)
    if not text or len(text) > _MAX_LABEL_LINE:
        return None
    lead = _LEAD.match(text).end()
    body = text[lead:]
    if not body or body[:1].islower():  # a label begins its line; "дисциплины" continues a header
        return None
    if not might_start(vocab, body, concepts):
        return None
    end = _label_end(vocab, body, concepts)
    if end is None:
        return None
    concept, stop = end
    rest = body[stop:]
    paren = _PARENTHETICAL.match(rest)
    if paren:  # "Со-реквизиты (по необходимости)", "Пререквизиты (при наличии):"
        rest = rest[paren.end():]
    rest = _OTHER_LANGUAGES.sub("", rest, count=1)  # "Пән коды / Код дисциплины / Course code"
    rest = rest.strip()
    if not rest:
        return concept, ""
    longer = _LONGER_LABEL.match(rest)
    if longer:  # "Пререквизиты дисциплины: Физика", "Prerequisites for the course: none"
        return concept, rest[longer.end():].strip()
    if re.match(r"^[:：\-–—_]", rest):  # a colon, a dash, or the signature line itself
        return concept, _SEPARATOR.sub("", rest, count=1).strip()
    # "Пререквизиты Нет" is a value after the label; "Пререквизиты дисциплины …" is prose.
    return (concept, rest) if _short_value(rest) else None


_PREFIXES: dict[tuple[int, tuple[str, ...]], frozenset[str]] = {}
_WORD_SPLIT = re.compile(r"[\s\-/(:,.]+")


@lru_cache(maxsize=100_000)
def _first_word(text: str) -> str:
    word = _WORD_SPLIT.split(text.lstrip()[:40], maxsplit=1)[0]
    return fold(word).rstrip("*") if word else ""


def might_start(vocab: Vocabulary, text: str, concepts: tuple[str, ...]) -> bool:
    """A cheap test before the matcher: could the text begin with a term of ``concepts``
    (concept names, or family prefixes ending in '.')? Compares the first word's first four
    letters with those of every term's first word (a superset of what the matcher accepts)."""
    key = (id(vocab), concepts)
    prefixes = _PREFIXES.get(key)
    if prefixes is None:
        words = {_first_word(term) for concept, terms in vocab.concepts.items()
                 if concept in concepts or any(c.endswith(".") and concept.startswith(c) for c in concepts)
                 for term in terms}
        # as typed and as OCR may read it (the vocabulary matches both: ``KAZAKH_OCR_LOOKALIKES``)
        prefixes = _PREFIXES[key] = frozenset(p for w in words if w
                                              for p in (w[:4], w.translate(KAZAKH_OCR_LOOKALIKES)[:4]))
    word = _first_word(text)
    return bool(word) and word[:4] in prefixes


def _short_value(rest: str) -> bool:
    words = rest.split()
    return 0 < len(words) <= 2 and not any(w[:1].islower() for w in words)


def _label_end(vocab: Vocabulary, body: str, concepts: tuple[str, ...]) -> tuple[str, int] | None:
    """(concept, character offset where the label ends) for the longest label at the start."""
    matches = [m for m in vocab.matches(body) if m.start == 0 and m.concept in concepts]
    if not matches:
        return None
    best = max(matches, key=lambda m: m.length)
    # Token offsets → character offsets: the folded text has the cleaned text's length.
    doc = vocab.tokens(fold(body))  # same tokens as the matcher
    last = doc[best.end - 1]
    return best.concept, last.idx + len(last.text)


class Grid:
    """A raw table with its merges resolved: which cell a grid position belongs to."""

    def __init__(self, table: RawTable):
        self.table = table
        self.rows = table.rows

    def at(self, r: int, c: int) -> RawCell | None:
        if r < 0 or r >= len(self.rows) or c < 0 or c >= len(self.rows[r]):
            return None
        cell = self.rows[r][c]
        if cell.covered_by is not None:
            r0, c0 = cell.covered_by
            if 0 <= r0 < len(self.rows) and 0 <= c0 < len(self.rows[r0]):
                return self.rows[r0][c0]
        return cell

    def span(self, cell: RawCell) -> tuple[int, int]:
        """(last row, last column) the cell covers."""
        r, c = cell.row, cell.col
        last_col = c
        while self.at(r, last_col + 1) is cell:
            last_col += 1
        last_row = r
        while self.at(last_row + 1, c) is cell:
            last_row += 1
        return last_row, last_col

    def right_of(self, cell: RawCell) -> RawCell | None:
        """The next non-empty cell to the right, on any row the cell spans."""
        last_row, last_col = self.span(cell)
        for r in range(cell.row, last_row + 1):
            c = last_col + 1
            while c < len(self.rows[r]):
                other = self.at(r, c)
                if other is not None and other is not cell and clean(other.text):
                    return other
                c += 1
        return None

    def has_right(self, cell: RawCell) -> bool:
        """Is there any grid position right of the cell (empty or not)?"""
        _, last_col = self.span(cell)
        return any(self.at(r, last_col + 1) is not None for r in range(cell.row, self.span(cell)[0] + 1))

    def left_of(self, cell: RawCell) -> RawCell | None:
        """The nearest non-empty cell to the left on the cell's first row."""
        c = cell.col - 1
        while c >= 0:
            other = self.at(cell.row, c)
            if other is not None and other is not cell and clean(other.text):
                return other
            c -= 1
        return None

    def below(self, cell: RawCell) -> RawCell | None:
        last_row, _ = self.span(cell)
        other = self.at(last_row + 1, cell.col)
        return other if other is not None and other is not cell else None

    def source(self, file: str, cell: RawCell, text: str | None = None) -> Source:
        return Source(file=file, page=cell.page, table=self.table.index, row=cell.row, column=cell.col,
                      text=clean(cell.text) if text is None else text)


def _starts_anew(previous: str, line: str) -> bool:
    """Does a line of a cell begin a new statement, rather than continue a heading or sentence
    that wrapped ("… ПО ОСВОЕНИЮ\nДИСЦИПЛИНЫ (МОДУЛЯ)")?"""
    if line[:1].islower():
        return False
    return bool(re.search(r"[.:;!?]\s*$", previous)) or ":" in line[:80]


def _lines(text: str) -> list[str]:
    return [clean(part) for part in (text or "").split("\n") if clean(part)]


@lru_cache(maxsize=50_000)
def _is_other_label(vocab: Vocabulary, text: str) -> bool:
    """Is the text itself a label or heading (so it is not the value of the label before it)?"""
    first = _lines(text)[:1]
    if not first:
        return False
    line = first[0]
    if len(line) <= 60 and re.search(r"[:：]\s*$", line):  # "ФОРМАТ ОБУЧЕНИЯ:" - a label we do not know
        return True
    if len(line) > 80:
        return False
    body = line[_LEAD.match(line).end():]
    concept = vocab.best(body, "label", leading=True) or vocab.best(body, "heading", leading=True)
    if concept is None or concept == "requisites_none":  # "Нет" is a value
        return False
    label = body.partition(":")[0]
    return ":" in body[:80] or len(label.split()) <= 6


@lru_cache(maxsize=50_000)
def _first_label(vocab: Vocabulary, text: str, concepts: tuple[str, ...]) -> tuple[int, str, str, tuple[str, ...]] | None:
    """(line number, concept, rest, lines) of the first line of ``text`` that begins anew with a
    label of ``concepts``. The field finders stop at that line whatever follows, and the identity,
    the workload and the text sections each run them over every cell of the document: once per
    distinct text, the lines are split and tried once."""
    lines = cell_lines(text)
    for i, line in enumerate(lines):
        if i and not _starts_anew(lines[i - 1], line):
            continue
        hit = label_at(vocab, line, concepts)
        if hit is not None:
            return i, hit[0], hit[1], lines
    return None


def find_fields(vocab: Vocabulary, file: str, blocks: list[Block], concepts: tuple[str, ...],
                tables: bool = True, paragraphs: bool = True) -> list[Field]:
    """Every labelled field of ``concepts`` in document order, each paired with its value."""
    found: list[Field] = []
    blocks = list(blocks)
    for position, block in enumerate(blocks):
        if isinstance(block, RawParagraph) and paragraphs:
            first = _first_label(vocab, block.text, concepts)
            if first is None:
                continue
            i, concept, rest, lines = first
            line = lines[i]
            label = Source(file=file, page=block.page, paragraph=block.index, text=line)
            if rest:
                found.append(Field(concept, label, rest, label, "same_paragraph"))
            elif i + 1 < len(lines):
                value = "\n".join(lines[i + 1:])
                found.append(Field(concept, label, value, label.model_copy(update={"text": value}),
                                   "same_paragraph"))
            else:
                found.append(_next_paragraph(vocab, file, blocks, position, concept, label))
        elif isinstance(block, RawTable) and tables:
            grid = Grid(block)
            for row in block.rows:
                for cell in row:
                    if cell.covered_by is not None or not cell.text:  # no label in them: not asked
                        continue
                    if _first_label(vocab, cell.text, concepts) is None:
                        continue  # what _cell_field asks first (cached): most cells, a call less
                    field = _cell_field(vocab, file, grid, cell, concepts)
                    if field is not None:
                        found.append(field)
    return found


def _cell_field(vocab: Vocabulary, file: str, grid: Grid, cell: RawCell,
                concepts: tuple[str, ...]) -> Field | None:
    first = _first_label(vocab, cell.text, concepts)
    if first is None:
        return None
    i, concept, rest, lines = first
    line = lines[i]
    left = grid.left_of(cell)
    if left is not None and re.search(r"[:：]\s*$", clean(left.text)):
        return None  # the value of the label beside it ("Блок: | Дисциплины (модули)")
    label = grid.source(file, cell, line)
    if rest:
        value = "\n".join((rest, *lines[i + 1:]))
        return Field(concept, label, value, grid.source(file, cell, value), "same_cell")
    if i + 1 < len(lines):
        value = "\n".join(lines[i + 1:])
        return Field(concept, label, value, grid.source(file, cell, value), "same_cell")
    right = grid.right_of(cell)
    if right is not None and not _is_other_label(vocab, right.text):
        return Field(concept, label, "\n".join(_lines(right.text)), grid.source(file, right), "cell_right")
    # The cell below is the value of a label heading a column ("Пререквизиты | Постреквизиты"
    # over their values, or a label alone in its row), never of a label whose own value cell
    # beside it is blank (an "indicator | value" table's next row is the next indicator).
    below = grid.below(cell) if right is not None or not grid.has_right(cell) else None
    if below is not None and clean(below.text) and not _is_other_label(vocab, below.text):
        return Field(concept, label, "\n".join(_lines(below.text)), grid.source(file, below), "cell_below")
    return Field(concept, label, "", label, "empty")


def _next_paragraph(vocab: Vocabulary, file: str, blocks: list[Block], position: int, concept: str,
                    label: Source) -> Field:
    for block in blocks[position + 1: position + 3]:
        if not isinstance(block, RawParagraph):
            break
        text = "\n".join(_lines(block.text))
        if not text:
            continue
        if _is_other_label(vocab, text):
            break
        return Field(concept, label, text, Source(file=file, page=block.page, paragraph=block.index, text=text),
                     "next_paragraph")
    return Field(concept, label, "", label, "empty")
