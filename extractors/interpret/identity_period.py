"""The year (course) of study and the semester the syllabus is for, read by their labels.

Labels (``label.study_year``, ``label.semester``, ``label.study_period`` in data/vocabulary.toml)
are found by the field finder wherever the title page or the header table puts them ("Курс: 3",
a "СЕМЕСТР:" cell with "7" under it or beside it, "Период обучения (курс, семестр) | 2 курс, 3
семестр"). The value is then read by what its words say, never by where a number stands:

- a number tagged by its own word ("3 курс", "3-курс", "5-семестр", "Семестр: 5", "2nd year")
  is that word's value, wherever it stands in the value;
- the untagged numbers are the label's: one for a label of one thing ("Курс: 3"), two in the
  label's own order for a combined one ("Курс/семестр: 2/3", "Семестр/курс: 3/2");
- an academic year ("2022-2023", "2023 ж.") is not a year of study and is set aside first.

A value that names two years or semesters ("2-4", "1-курс 2-сем … 2-курс 4-сем" for two entry
bases), a word instead of a number ("весенний"), or a number out of range (year 1-7, semester
1-14) is not read: the field stays empty and the rules that compare it say nothing, since the
reader's doubt is never the document's defect.

Coverage (part ``study_period``): *read* when a year or a semester was read; *not read* when a
label of the period was seen with a value that could not be told (a blank, a word, a range) and
what it speaks for was read nowhere else, with where that label stands, so that the doubt is
reported as "not verified" (checks/coverage.py says when); *absent* otherwise. Only a label
made of the period's own words ("Семестр", "Курс обучения", "Период обучения (курс, семестр)")
counts as seen: "Курс бойынша жалпы: 100" (the course total) is another use of the word. And
"Курс" alone names the course as often as the year: with a value that holds no year-sized
number ("Курс: Философия", "Year: 2023") it is not the period either; with a blank it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Identity, PartRead, ReadStatus, Source, Sourced
from ..raw import Block, RawTable
from ..text import CYRILLIC_TO_LATIN, fold
from ..vocabulary import Vocabulary
from .fields import Field, Grid, find_fields, is_placeholder

CONCEPTS = ("label.study_year", "label.semester", "label.study_period")
YEAR, SEMESTER = "year", "semester"
LIMITS = {YEAR: 7, SEMESTER: 14}  # the longest programmes (medicine): 7 years, 14 semesters

# The words that tag a number, in kk, ru and en (case aside): "курс", "курса", "курсы";
# "семестр", "семестрі", "сем."; "year", "semester".
_TAG = re.compile(
    r"(?<![^\W\d_])(?:(?P<year>курс\w{0,3}|year)|(?P<semester>семестр\w{0,3}|сем\.?|semester|sem\.?))(?![^\W\d_])",
    re.IGNORECASE,
)
# A number, arabic or roman ("III курс", Kazakh І typed for I), with an ordinal ending
# ("2-го", "3-ші", "2nd").
_NUMBER = re.compile(
    r"(?<!\w)(?<!\d[.,])(?P<n>\d{1,2}|[IVXІХ]{1,4})(?:\s*-?\s*(?:го|й|ой|ый|ий|ші|шы|st|nd|rd|th)(?![^\W\d_]))?"
    r"(?!\w)(?![.,]\d)"
)
_ACADEMIC_YEAR = re.compile(r"(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}(?!\d)|(?<!\d)(?:19|20)\d{2}(?!\d)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
          "XI": 11, "XII": 12, "XIII": 13, "XIV": 14}
_HYPHEN_FORM = re.compile(r"^\s*-\s*$")  # "3-курс", "5 - семестр"
_SEPARATOR_FORM = re.compile(r"^\s*[:：–—]\s*$")  # "Семестр: 5", "Курс — 3"
_SPACE_FORM = re.compile(r"^\s*$")  # "3 курс", "Семестр 5"


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _ROMAN.get(text.translate(CYRILLIC_TO_LATIN))


def parse_period(value: str, implicit: tuple[str, ...]) -> dict[str, int]:
    """The year and semester a label's value states: {"year": 3, "semester": 5}, or less.

    ``implicit``: what the label's untagged numbers are, in the label's order ((YEAR,) for
    "Курс", (SEMESTER,) for "Семестр", (YEAR, SEMESTER) for "Курс/семестр")."""
    text = _ACADEMIC_YEAR.sub(" ", value)
    items: list[tuple[str, str | int, int, int]] = []  # (kind, what, start, end) in text order
    for m in _TAG.finditer(text):
        items.append(("tag", YEAR if m.group("year") else SEMESTER, m.start(), m.end()))
    for m in _NUMBER.finditer(text):
        n = _number(m.group("n").upper())
        if n is not None:
            items.append(("num", n, m.start(), m.end()))
    items.sort(key=lambda i: i[2])
    found: dict[str, set[int]] = {YEAR: set(), SEMESTER: set()}
    used: set[int] = set()

    def pair(tag: int, num: int, gap: re.Pattern[str]) -> None:
        if 0 <= num < len(items) and tag not in used and num not in used and items[num][0] == "num":
            a, b = sorted((tag, num))
            if gap.match(text[items[a][3]: items[b][2]]):
                found[str(items[tag][1])].add(int(items[num][1]))
                used.update((tag, num))

    tags = [i for i, item in enumerate(items) if item[0] == "tag"]
    # Bound first: "1-курс", "5-семестр" (a hyphen), "Семестр: 5" (a separator). Then by spaces
    # alone, in the text's own style: "2 курс, 3 семестр" (number first), "Year 2, semester 3"
    # (word first), so that "3 Семестр: 5" gives the 5 to the semester and the 3 to the label.
    for i in tags:
        pair(i, i - 1, _HYPHEN_FORM)
    for i in tags:
        pair(i, i + 1, _SEPARATOR_FORM)
    word_first = bool(items) and items[0][0] == "tag"
    for step in ((1, -1) if word_first else (-1, 1)):
        for i in tags:
            pair(i, i + step, _SPACE_FORM)
    untagged = [int(n) for i, (kind, n, _, _) in enumerate(items) if kind == "num" and i not in used]
    open_concepts = [c for c in implicit if not found[c]]
    if untagged and len(untagged) == len(open_concepts):
        for concept, n in zip(open_concepts, untagged):
            found[concept].add(n)
    elif untagged and open_concepts:
        # more numbers than the label has things ("Семестр: 2-4"): which is which is not said
        for concept in open_concepts:
            found[concept].add(-1)
    return {c: next(iter(v)) for c, v in found.items() if len(v) == 1 and 1 <= next(iter(v)) <= LIMITS[c]}


def _order(label_text: str, concept: str) -> tuple[str, ...]:
    """What a label's untagged numbers are, in the order its words name them."""
    if concept == "label.study_year":
        return (YEAR,)
    if concept == "label.semester":
        return (SEMESTER,)
    tags = [YEAR if m.group("year") else SEMESTER for m in _TAG.finditer(label_text)]
    order = tuple(dict.fromkeys(tags))
    return order if len(order) == 2 else ()  # "Период обучения" alone: only tagged numbers count


def read_study_period(vocab: Vocabulary, file: str, blocks: list[Block], ident: Identity,
                      coverage: dict[str, PartRead] | None = None) -> None:
    """Fill ``ident.study_year`` and ``ident.semester`` from the first label that states each;
    ``coverage``, when given, receives the part ``study_period`` (see the module's docstring)."""
    doubts: list[tuple[frozenset[str], Source]] = []  # (what a label speaks for, where) not told
    first: tuple[Source, str] | None = None  # where the first value was read, and how
    for found in find_fields(vocab, file, blocks, CONCEPTS):
        if ident.study_year is not None and ident.semester is not None:
            break
        value = found.value.strip()
        label_text = found.label.text
        head = label_text[: len(label_text) - len(value)] if found.how in ("same_cell", "same_paragraph") \
            and label_text.endswith(value) else label_text
        order = _order(head, found.concept)
        # the quote a finding or a note shows: the label with its value ("СЕМЕСТР: 2"), not a bare "2"
        quote = label_text if value in label_text else f"{label_text} {value}"
        if not value or is_placeholder(vocab, value):
            if _own_words(vocab, head):
                doubts.append((_speaks_for(found.concept, order), found.label.model_copy(update={"text": quote})))
            continue
        got = parse_period(value, order)
        source, how = found.source.model_copy(update={"text": quote}), found.how
        if not got and found.how == "cell_right":
            # "Семестр | Зачётные единицы | …" over "1 | 2 | …": a column's header, its value under it
            below = _below(blocks, found)
            if below is not None:
                got = parse_period(below[0], order)
                source = below[1].model_copy(update={"text": f"{label_text} {below[0].strip()}"})
                how = "cell_below"
        if not got and _own_words(vocab, head) and _is_the_period(found.concept, value):
            doubts.append((_speaks_for(found.concept, order), found.label.model_copy(update={"text": quote})))
        if YEAR in got and ident.study_year is None:
            ident.study_year = Sourced(value=got[YEAR], source=source)
        if SEMESTER in got and ident.semester is None:
            ident.semester = Sourced(value=got[SEMESTER], source=source)
        if got and first is None:
            first = (source, how)
    if coverage is not None:
        coverage["study_period"] = _coverage(ident, doubts, first)


def _coverage(ident: Identity, doubts: list[tuple[frozenset[str], Source]],
              first: tuple[Source, str] | None) -> PartRead:
    """A label not told whose year or semester no other label gave makes the part not read,
    even when the other one was read: the rule that compares them cannot vouch for it."""
    read = {YEAR} if ident.study_year is not None else set()
    read |= {SEMESTER} if ident.semester is not None else set()
    for speaks, where in doubts:
        if speaks - read:
            return PartRead(status=ReadStatus.not_read, where=where)
    if first is not None:
        return PartRead(status=ReadStatus.read, where=first[0], how=first[1])
    return PartRead(status=ReadStatus.absent)


def _speaks_for(concept: str, order: tuple[str, ...]) -> frozenset[str]:
    if concept == "label.study_year":
        return frozenset({YEAR})
    if concept == "label.semester":
        return frozenset({SEMESTER})
    return frozenset(order or (YEAR, SEMESTER))


def _is_the_period(concept: str, value: str) -> bool:
    """Whether a value not told is the period's: a semester's or a period's label always is; a
    bare "Курс" only when a year-sized number stands in its value ("Курс: 2-4", not "Курс:
    Философия", "Курс: 100" or "Year: 2023")."""
    if concept != "label.study_year":
        return True
    text = _ACADEMIC_YEAR.sub(" ", value)
    numbers = (_number(m.group("n").upper()) for m in _NUMBER.finditer(text))
    return any(n is not None and 1 <= n <= LIMITS[YEAR] for n in numbers)


@lru_cache(maxsize=8)
def _period_words(vocab: Vocabulary) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words of the period's labels in every language (whole words, and the stems of terms
    ending in '*': "обучени*")."""
    words: set[str] = set()
    stems: set[str] = set()
    for concept in CONCEPTS:
        for term in vocab.concepts.get(concept, ()):
            for word in _WORD.findall(fold(term)):
                words.add(word)
            if term.endswith("*"):
                stems.add(_WORD.findall(fold(term))[-1])
    return frozenset(words), tuple(sorted(stems))


_WORD = re.compile(r"[^\W\d_]+")


def _own_words(vocab: Vocabulary, label: str) -> bool:
    """A label made only of the period's words ("СЕМЕСТР:", "Оқу курсы / Курс обучения",
    "Период обучения (курс, семестр)"), not a longer label that begins with one ("Курс бойынша
    жалпы:", "Семестр бойынша апта саны:")."""
    words, stems = _period_words(vocab)
    found = _WORD.findall(fold(label))
    return bool(found) and all(w in words or w.startswith(stems) for w in found)


def _below(blocks: list[Block], found: Field) -> tuple[str, Source] | None:
    """The text and source of the cell under a label's cell, when the label stands in a table."""
    label = found.label
    if label.table is None or label.row is None or label.column is None:
        return None
    for block in blocks:
        if isinstance(block, RawTable) and block.index == label.table:
            grid = Grid(block)
            cell = grid.at(label.row, label.column)
            under = grid.below(cell) if cell is not None else None
            if under is None or not under.text.strip():
                return None
            return under.text, grid.source(file=label.file, cell=under)
    return None
