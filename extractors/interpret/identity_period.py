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
1-14) is not read: the field stays empty and the rules that compare it say nothing ("not
verified"), since the reader's doubt is never the document's defect.
"""

from __future__ import annotations

import re

from ..model import Identity, Source, Sourced
from ..raw import Block, RawTable
from ..text import CYRILLIC_TO_LATIN
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


def read_study_period(vocab: Vocabulary, file: str, blocks: list[Block], ident: Identity) -> None:
    """Fill ``ident.study_year`` and ``ident.semester`` from the first label that states each."""
    for found in find_fields(vocab, file, blocks, CONCEPTS):
        if ident.study_year is not None and ident.semester is not None:
            return
        value = found.value.strip()
        if not value or is_placeholder(vocab, value):
            continue
        label_text = found.label.text
        head = label_text[: len(label_text) - len(value)] if found.how in ("same_cell", "same_paragraph") \
            and label_text.endswith(value) else label_text
        got = parse_period(value, _order(head, found.concept))
        # the quote a finding shows: the label with its value ("СЕМЕСТР: 2"), not a bare "2"
        quote = label_text if value in label_text else f"{label_text} {value}"
        source = found.source.model_copy(update={"text": quote})
        if not got and found.how == "cell_right":
            # "Семестр | Зачётные единицы | …" over "1 | 2 | …": a column's header, its value under it
            below = _below(blocks, found)
            if below is not None:
                got = parse_period(below[0], _order(head, found.concept))
                source = below[1].model_copy(update={"text": f"{label_text} {below[0].strip()}"})
        if YEAR in got and ident.study_year is None:
            ident.study_year = Sourced(value=got[YEAR], source=source)
        if SEMESTER in got and ident.semester is None:
            ident.semester = Sourced(value=got[SEMESTER], source=source)


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
