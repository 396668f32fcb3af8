"""Prerequisites and postrequisites wherever they are stated: a section of running text, or a
labelled field in a table ("ПРЕРЕКВИЗИТЫ:\\nНет" in a header cell, "Пререквизиты | Физика").

Three outcomes, kept apart because they mean different things to the checks:
- items: the courses named (each checked against the curriculum);
- stated none ("Нет", "No", "Жоқ", "–"): stated, nothing to check; no items, coverage
  ``how='stated_none'``;
- empty ("ПРЕРЕКВИЗИТЫ:" with nothing after it, or a blank to fill): the field is there and says
  nothing; coverage status ``empty``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import PartRead, ReadStatus, Source, Sourced
from ..text import clean, fold
from ..vocabulary import Vocabulary
from .fields import Field, is_placeholder

PARTS = ("prerequisites", "postrequisites")
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•·*▪●➢]|\d+[.)])\s*")
_DASH_ONLY = re.compile(r"^[\-–—]{1,2}$")  # "–" written in the field; a longer run is a blank


@dataclass
class Requisites:
    items: list[Sourced[str]] = field(default_factory=list)
    coverage: PartRead | None = None


def is_none_stated(vocab: Vocabulary, text: str) -> bool:
    """'Нет', 'No', 'Жоқ', 'не требуется', a lone dash: the field says there are none."""
    text = clean(text).strip(" .;,:")
    if not text:
        return False
    if _DASH_ONLY.match(text):
        return True
    words = fold(text).split()
    if len(words) > 4:
        return False
    matches = [m for m in vocab.matches(text) if m.concept == "label.requisites_none" and m.start == 0]
    if not matches:
        return False
    n_tokens = len(vocab.tokens(fold(text)))  # same tokens as the matcher
    return max(m.end for m in matches) >= n_tokens - (1 if fold(text)[-1:] in ".)" else 0)


def split_items(text: str) -> list[str]:
    """A value's course names: one per list line, or separated by ';' or ','."""
    lines = [clean(line) for line in text.split("\n") if clean(line)]
    if len(lines) > 1 and sum(bool(_LIST_MARKER.match(line)) for line in lines) >= len(lines) - 1:
        parts = lines
    else:
        parts = re.split(r"\s*[;,]\s*", " ".join(lines))
    items = []
    for part in parts:
        item = clean(_LIST_MARKER.sub("", part)).rstrip(".;,")
        if item:
            items.append(item)
    return items


def from_field(vocab: Vocabulary, found: Field) -> Requisites:
    """The items, stated-none or empty status of one labelled field."""
    value = found.value.strip()
    if is_none_stated(vocab, value):
        return Requisites(coverage=PartRead(status=ReadStatus.read, where=found.label, how="stated_none"))
    if not value or is_placeholder(vocab, value):
        return Requisites(coverage=PartRead(status=ReadStatus.empty, where=found.label, how=found.how))
    items = [Sourced(value=item, source=found.source) for item in split_items(value)]
    return Requisites(items=items, coverage=PartRead(status=ReadStatus.read, where=found.label, how=found.how))


def best_field(vocab: Vocabulary, fields: list[Field], concept: str) -> Requisites | None:
    """The first field of the concept that says something; else the first (empty) one."""
    results = [from_field(vocab, f) for f in fields if f.concept == concept]
    for result in results:
        if result.coverage.status == ReadStatus.read:
            return result
    return results[0] if results else None


def section_result(vocab: Vocabulary, items: list[Sourced[str]], label: Source, inline: str,
                   how: str) -> Requisites:
    """A running-text section's outcome: its items, or stated none / empty."""
    real = [i for i in items if not is_placeholder(vocab, i.value)]
    if len(real) == 1 and is_none_stated(vocab, real[0].value):
        return Requisites(coverage=PartRead(status=ReadStatus.read, where=label, how="stated_none"))
    if inline and is_none_stated(vocab, inline):
        return Requisites(coverage=PartRead(status=ReadStatus.read, where=label, how="stated_none"))
    if not real:
        return Requisites(coverage=PartRead(status=ReadStatus.empty, where=label, how=how))
    return Requisites(items=real, coverage=PartRead(status=ReadStatus.read, where=label, how=how))
