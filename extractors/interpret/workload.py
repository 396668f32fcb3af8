"""Credits and hours stated as label-value text, wherever a template puts them.

Many templates have no hours table: the figures are a cell or paragraph of label-value segments
("КРЕДИТЫ ECTS И ЧАСЫ: 3 ECTS / Всего часов: 90 / Аудиторные часы: 30 часов / Самостоятельная
работа (СРОП, СРО): 60 часов"), a label cell with its value to the right ("Количество кредитов |
4", "Общая трудоемкость | 2 з.е."), or "4 credits, 6 ECTS". A statement is split into segments at
its numbers; each segment's label (the words before the number) and unit (the words after it) are
recognised by the vocabulary (``workload.*``, ``unit.*``, ``activity.*``), never by position.

Each figure keeps the relation that paired it with its label (``same_cell``, ``cell_right``,
``paragraph``) for the read coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Credits, CreditUnit, HoursTable, Source, Sourced
from ..raw import RawDocument, RawParagraph, RawTable
from ..text import clean
from ..vocabulary import Vocabulary

_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?(?![\d])")
_WORD = re.compile(r"\s*[(]?\s*([^\s\d/,;:()]+)")
_HOURS_FIELDS = ("lectures", "practicals", "labs", "siwt", "siw", "contact", "independent_total", "total")
_HEADING_HOURS = re.compile(r"\(\s*\d+(?:[.,]\d+)?\s*([^\d\s()]+)\.?\s*\)\s*$")
_MAX_STATEMENT = 400  # longer texts are prose, not a workload statement


@dataclass
class Segment:
    label: str
    value: float
    unit: str | None  # unit.* concept: hours, credits, ects, ze
    text: str  # the segment as written, for provenance


@dataclass
class Workload:
    """What the label-value statements said, with the relation that paired each figure."""

    credits: Credits = field(default_factory=Credits)
    hours: HoursTable = field(default_factory=HoursTable)
    seen: Source | None = None  # where the first workload label was seen
    how: str = ""  # the relation of the first statement read
    credits_how: str = ""  # ... of the first that gave credits
    hours_how: str = ""  # ... of the first that gave hours


_ZE = re.compile(r"\bз\.\s+е\.", re.IGNORECASE)


def segments(vocab: Vocabulary, text: str) -> list[Segment]:
    """Split a statement into (label, number, unit) segments."""
    text = _ZE.sub("з.е.", text)  # "2 з. е." is one unit word
    out: list[Segment] = []
    start = 0
    for m in _NUMBER.finditer(text):
        if m.start() < start:
            continue
        label = text[start:m.start()]
        end = m.end()
        unit = None
        # the unit is the run of unit words right after the number ("акад. час.", "ECTS", "з.е.")
        pos = end
        while True:
            w = _WORD.match(text, pos)
            if not w:
                break
            concept = vocab.best(w.group(1).rstrip("."), "unit", leading=True)
            if concept is None or (unit is not None and concept != unit):
                break  # "3 ECTS Сағаттар барлығы": the next label begins
            unit = concept
            pos = w.end()
            if pos < len(text) and text[pos] == ".":
                pos += 1
        if unit is not None:
            end = pos
        value = float(m.group(0).replace(",", "."))
        out.append(Segment(clean(label).strip(" :;,/-–—()"), value, unit, clean(text[start:end])))
        start = end
    return out


def _hours_field(vocab: Vocabulary, label: str) -> str | None:
    if not label:
        return None
    workload = vocab.best(label, "workload")
    if workload == "contact" and vocab.has(label, "workload.attestation"):
        return None  # "Контактная работа … в период промежуточной аттестации": not the contact total
    if workload in ("total", "contact"):
        return workload
    acts = {m.concept.split(".", 1)[1] for m in vocab.matches(label) if m.concept.startswith("activity.")}
    if {"siwt", "siw"} <= acts:
        return "independent_total"  # "Самостоятельная работа (СРОП, СРО)": one figure for both
    activity = vocab.best(label, "activity")
    return activity if activity in _HOURS_FIELDS else None


@lru_cache(maxsize=50_000)  # asked of every paragraph and cell outside the data tables
def _is_statement(vocab: Vocabulary, text: str) -> bool:
    if not text or len(text) > _MAX_STATEMENT or _NUMBER.search(text) is None:
        return False
    text = _ZE.sub("з.е.", text)
    if vocab.has(text, "workload.") or vocab.has(text, "unit.ects") or vocab.has(text, "unit.ze"):
        return True
    # a heading that states its part's hours: "План организации СРСП (12 часов)"
    m = _HEADING_HOURS.search(text)
    return m is not None and len(text) <= 100 and vocab.has(text[:m.start()], "heading.") \
        and vocab.best(m.group(1), "unit", leading=True) == "hours"


def read_statement(vocab: Vocabulary, text: str, source: Source, how: str, into: Workload) -> bool:
    """Read one statement into ``into``; True when it gave a figure."""
    segs = segments(vocab, text)
    credit_segs = [s for s in segs if s.unit in ("credits", "ects", "ze")
                   or (s.unit is None and vocab.best(s.label, "workload") == "credits")]
    got = got_credits = False
    has_ects = any(s.unit == "ects" or vocab.has(s.label, "unit.ects") for s in credit_segs)
    credits = into.credits
    previous_was_credit = False
    for seg in segs:
        src = Sourced(value=seg.value, source=source.model_copy(update={"text": seg.text}))
        if seg in credit_segs:
            previous_was_credit = True
            if seg.unit == "ze" or vocab.has(seg.label, "unit.ze"):
                if credits.national is None:
                    credits.national, credits.national_unit = src, CreditUnit.ze
                    got = got_credits = True
            elif seg.unit == "ects" or vocab.has(seg.label, "unit.ects"):
                if credits.ects is None:
                    credits.ects = src
                    got = got_credits = True
            elif has_ects:
                # "4 credits, 6 ECTS": the unqualified figure is the national credit
                if credits.national is None:
                    credits.national, credits.national_unit = src, CreditUnit.kz
                    got = got_credits = True
            elif credits.ects is None and credits.national is None:
                credits.ects = src
                got = got_credits = True
            continue
        name = _hours_field(vocab, seg.label)
        if name is None and seg.unit == "hours" and previous_was_credit and not seg.label:
            name = "total"  # "2 з.е. (72 акад. час.)"
        previous_was_credit = False
        if name is not None and seg.unit in (None, "hours") and getattr(into.hours, name) is None:
            setattr(into.hours, name, src)
            got = True
            into.hours_how = into.hours_how or how
    if got_credits:
        into.credits_how = into.credits_how or how
    if got and into.seen is None:
        into.seen, into.how = source.model_copy(update={"text": clean(text)[:200]}), how
    return got


def read_workload(vocab: Vocabulary, raw: RawDocument, skip_tables: set[int] = frozenset()) -> Workload:
    """Every label-value workload statement of the document, in document order (first wins)."""
    result = Workload()
    for block in raw.blocks:
        if isinstance(block, RawParagraph):
            text = clean(block.text)
            if _is_statement(vocab, text):
                read_statement(vocab, text, Source(file=raw.path, page=block.page, paragraph=block.index),
                               "paragraph", result)
        elif isinstance(block, RawTable) and block.index not in skip_tables:
            _read_table(vocab, raw.path, block, result)
    return result


@lru_cache(maxsize=50_000)  # asked, as _is_statement, of every cell outside the data tables
def _is_label(vocab: Vocabulary, text: str) -> bool:
    """A workload label without its figure ('Количество кредитов'): its value is elsewhere."""
    return _NUMBER.search(text) is None and len(text) <= 80 and vocab.best(text, "workload") is not None


def _read_table(vocab: Vocabulary, path: str, table: RawTable, into: Workload) -> None:
    for r, row in enumerate(table.rows):
        cells = [(c, clean(c.text)) for c in row if c.covered_by is None]  # is_covered, without the call
        for i, (cell, text) in enumerate(cells):
            if not text:
                continue
            if _is_statement(vocab, text):  # a Source for the cells that state something only
                source = Source(file=path, page=cell.page, table=table.index, row=r, column=cell.col)
                read_statement(vocab, text, source, "same_cell", into)
            elif _is_label(vocab, text):
                # a label cell: its value is the next non-empty cell to the right
                value = next((t for _, t in cells[i + 1:] if t), "")
                if value and len(value) <= 80 and _NUMBER.search(value):
                    right = next(c for c, t in cells[i + 1:] if t)
                    src = Source(file=path, page=right.page, table=table.index, row=r, column=right.col)
                    read_statement(vocab, f"{text}: {value}", src, "cell_right", into)
                elif not value:
                    _read_band(vocab, path, table, r, cell.col, text, into)


_BAND = 2  # rows above and below a label that still belong to its line of the form


def _read_band(vocab: Vocabulary, path: str, table: RawTable, r: int, col: int, label: str, into: Workload) -> None:
    """A label whose value stands to its right but a row or two off, as in PDFs of forms whose
    cells are centred vertically ('Количество / кредитов' beside a '4' drawn higher up)."""
    for offset in (-1, 1, -2, 2):
        if not 0 <= r + offset < len(table.rows):
            continue
        right = [c for c in table.rows[r + offset] if c.col > col and not c.is_covered and clean(c.text)]
        if right and re.fullmatch(r"\d+(?:[.,]\d+)?", clean(right[0].text)):
            cell = right[0]
            src = Source(file=path, page=cell.page, table=table.index, row=r + offset, column=cell.col)
            read_statement(vocab, f"{label}: {clean(cell.text)}", src, "cell_right_band", into)
            return


def merge_hours(table: HoursTable | None, stated: HoursTable) -> HoursTable | None:
    """The hours table's figures, completed with those stated as label-value text."""
    if table is None:
        return None if stated.is_empty() else stated
    for name in _HOURS_FIELDS:
        if getattr(table, name) is None and getattr(stated, name) is not None:
            setattr(table, name, getattr(stated, name))
    return table
