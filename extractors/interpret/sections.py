"""Sections of running text and labelled fields: prerequisites, postrequisites, literature.

Each part comes back with its read status (``TextSections.coverage``): read (with how: the
section's list, a cell relation, or ``stated_none`` for "Нет"/"No"/"Жоқ"), empty (the label is
there with nothing after it) or not read (a heading whose content was not understood).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Literature, PartRead, Source, Sourced
from ..raw import Block, RawParagraph, RawTable
from ..text import clean
from ..vocabulary import Vocabulary
from .context import Sources
from .fields import find_fields
from .headings import Heading, heading_of, is_caps_heading, is_heading_style  # noqa: F401 - re-exported
from .literature import read_literature
from .requisites import PARTS, Requisites, best_field, section_result

_LIST_MARKER = re.compile(r"^\s*(?:[-–—•·*▪●➢]|\d+\))\s*")
_PROSE = 300  # a paragraph this long is running prose, not a requisite's name
_MAX_ITEMS = 15


@dataclass
class TextSections:
    prerequisites: list[Sourced[str]] = field(default_factory=list)
    postrequisites: list[Sourced[str]] = field(default_factory=list)
    literature: Literature = field(default_factory=Literature)
    found: set[str] = field(default_factory=set)
    coverage: dict[str, PartRead] = field(default_factory=dict)


def read_text_sections(vocab: Vocabulary, src: Sources, blocks: list[Block]) -> TextSections:
    """``blocks``: the document's blocks (paragraphs and tables); paragraphs alone also work."""
    blocks = list(blocks)
    out = TextSections()
    sections = _requisite_sections(vocab, src, blocks)
    fields = find_fields(vocab, src.file, blocks, tuple(f"heading.{p}" for p in PARTS), paragraphs=False)
    for part in PARTS:
        chosen = _choose(sections.get(part), best_field(vocab, fields, f"heading.{part}"))
        if chosen is None:
            continue
        out.found.add(part)
        setattr(out, part, chosen.items)
        out.coverage[part] = chosen.coverage
    lit = read_literature(vocab, src.file, blocks)
    out.literature = lit.literature
    if lit.found:
        out.found.add("literature")
    if lit.coverage is not None:
        out.coverage["literature"] = lit.coverage
    return out


def _choose(*results: Requisites | None) -> Requisites | None:
    """What says something wins over an empty field; else the first seen."""
    present = [r for r in results if r is not None]
    for result in present:
        if result.coverage.status.value == "read":
            return result
    return present[0] if present else None


def _requisite_sections(vocab: Vocabulary, src: Sources, blocks: list[Block]) -> dict[str, Requisites]:
    """Requisites as running-text sections: a heading ("1.5 Пререквизиты", "ПРЕРЕКВИЗИТЫ: Нет"),
    its items on the same line or in the paragraphs after it, up to the next heading."""
    results: dict[str, Requisites] = {}
    current: str | None = None
    label: Source | None = None
    items: list[Sourced[str]] = []

    def finish() -> None:
        if current is not None and current not in results:
            results[current] = section_result(vocab, items, label, "", "next_paragraph")

    for block in blocks:
        if isinstance(block, RawTable):
            finish()
            current = None
            continue
        if not isinstance(block, RawParagraph):
            continue
        text = clean(block.text)
        if not text:
            continue
        heading = heading_of(vocab, text)
        if heading is not None:
            finish()
            current = None
            if heading.concept in PARTS and heading.concept not in results:
                source = Source(file=src.file, page=block.page, paragraph=block.index, text=text)
                if heading.inline:
                    inline = [src.paragraph(block, item) for item in _items(heading.inline, r"[;,]\s*")]
                    results[heading.concept] = section_result(vocab, inline, source, heading.inline,
                                                              "same_paragraph")
                else:
                    current, label, items = heading.concept, source, []
            continue
        if current is None:
            continue
        if len(text) > _PROSE or is_heading_style(block.style) or len(items) >= _MAX_ITEMS:
            finish()
            current = None
            continue
        items.extend(src.paragraph(block, item) for item in _items(text, r";\s*"))
    finish()
    return results


def _items(text: str, separators: str) -> list[str]:
    out = []
    for item in re.split(separators, text):
        item = clean(_LIST_MARKER.sub("", item)).rstrip(".;,")
        if item:
            out.append(item)
    return out
