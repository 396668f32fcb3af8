"""Sections of running text: prerequisites, postrequisites and the literature lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Literature, LiteratureEntry, Sourced
from ..numbers import last_year
from ..raw import RawParagraph
from ..text import clean
from ..vocabulary import Vocabulary
from .context import Sources

_SECTION_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)+\.?|\d+\.?)\s+")
_MULTI_LEVEL = re.compile(r"^\s*\d+\.\d+(?:\.\d+)*\.?\s+\S")
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•·*▪●]|\d+\))\s*")
_ENTRY_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s+(?=\S)")


@dataclass
class Heading:
    concept: str | None  # heading.* concept name, None for a numbered heading of another section
    inline: str = ""  # content after "Label:" on the same line


def heading_of(vocab: Vocabulary, text: str) -> Heading | None:
    """Is this paragraph a section heading? Which one?"""
    text = clean(text)
    if not text or len(text) > 160:
        return None
    body = _SECTION_NUMBER.sub("", text, count=1) if _MULTI_LEVEL.match(text) or _is_caps_heading(text) else text
    label, _, rest = body.partition(":")
    concept = vocab.best(label, "heading", leading=True)
    if concept and len(label) <= 80:
        return Heading(concept, rest.strip())
    if _MULTI_LEVEL.match(text) and len(text) <= 120:
        return Heading(None)
    if _is_caps_heading(text):
        return Heading(None)
    return None


def _is_caps_heading(text: str) -> bool:
    m = _SECTION_NUMBER.match(text)
    if not m or len(text) > 120:
        return False
    letters = [c for c in text[m.end():] if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= 0.8


@dataclass
class TextSections:
    prerequisites: list[Sourced[str]] = field(default_factory=list)
    postrequisites: list[Sourced[str]] = field(default_factory=list)
    literature: Literature = field(default_factory=Literature)
    found: set[str] = field(default_factory=set)


def read_text_sections(vocab: Vocabulary, src: Sources, paragraphs: list[RawParagraph]) -> TextSections:
    out = TextSections()
    current: str | None = None
    literature_list = "main"
    for para in paragraphs:
        text = clean(para.text)
        if not text:
            continue
        heading = heading_of(vocab, text)
        if heading is not None:
            concept = heading.concept
            if concept in ("prerequisites", "postrequisites"):
                current = concept
                out.found.add(concept)
                if heading.inline:
                    for item in re.split(r"[;,]\s*", heading.inline):
                        _add_item(out, concept, src, para, item)
                continue
            if concept in ("literature", "literature_main", "literature_additional"):
                current = "literature"
                out.found.add("literature")
                literature_list = "additional" if concept == "literature_additional" else "main"
                continue
            current = None
            continue
        if current in ("prerequisites", "postrequisites"):
            for item in re.split(r";\s*", text):
                _add_item(out, current, src, para, item)
        elif current == "literature":
            _add_entry(out.literature, literature_list, src, para, text)
    _number_unnumbered(out.literature)
    return out


def _add_item(out: TextSections, concept: str, src: Sources, para: RawParagraph, item: str) -> None:
    item = clean(_LIST_MARKER.sub("", item)).rstrip(".;,")
    if item:
        getattr(out, concept).append(src.paragraph(para, item))


def _add_entry(literature: Literature, list_name: str, src: Sources, para: RawParagraph, text: str) -> None:
    entries = getattr(literature, list_name)
    m = _ENTRY_NUMBER.match(text)
    numbered = any(e.number is not None for e in entries)
    if m is None and entries and numbered:
        # A numbered list's entry that a page or column break cut in two.
        last = entries[-1]
        joined = f"{last.text.value} {text}"
        last.text = src.paragraph(para, joined, joined)
        year = last_year(joined)
        last.year = src.paragraph(para, year, joined) if year else None
        return
    body = clean(text[m.end():]) if m else clean(_LIST_MARKER.sub("", text))
    year = last_year(body)
    entries.append(
        LiteratureEntry(
            list_name=list_name,
            number=src.paragraph(para, int(m.group(1)), text) if m else None,
            text=src.paragraph(para, body, text),
            year=src.paragraph(para, year, text) if year else None,
        )
    )


def _number_unnumbered(literature: Literature) -> None:
    """Word's automatic numbering is not in the text: number such lists by position, as shown."""
    for entries in (literature.main, literature.additional):
        if entries and all(e.number is None for e in entries):
            for i, entry in enumerate(entries, start=1):
                entry.number = Sourced(value=i, source=entry.text.source)
