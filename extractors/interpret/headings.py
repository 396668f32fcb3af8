"""Is a line of running text a section heading, and which one?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import clean
from ..vocabulary import Vocabulary
from .fields import might_start

SECTION_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)+\.?|\d+\.?)\s+")
MULTI_LEVEL = re.compile(r"^\s*\d+\.\d+(?:\.\d+)*\.?\s+\S")
_HEADING_STYLE = re.compile(r"^(heading|заголовок|title|тақырып)\b", re.I)


@dataclass(frozen=True)  # frozen: heading_of's answers are cached and shared
class Heading:
    concept: str | None  # heading.* concept name, None for a numbered heading of another section
    inline: str = ""  # content after "Label:" on the same line


def heading_of(vocab: Vocabulary, text: str) -> Heading | None:
    """Is this paragraph a section heading? Which one?

    A section number before a known heading is dropped whatever its form ("1.5 Пререквизиты",
    "10. Список литературы", "6.3.1. Основная литература")."""
    return _heading_of(vocab, text)


# The requisite sections and the literature reader ask about the same lines; bounded, as a
# worker reads thousands of files.
@lru_cache(maxsize=50_000)
def _heading_of(vocab: Vocabulary, text: str) -> Heading | None:
    text = clean(text)
    if not text or len(text) > 160:
        return None
    numbered = SECTION_NUMBER.match(text)
    bodies = [text]
    if numbered and (MULTI_LEVEL.match(text) or is_caps_heading(text) or len(text) <= 80):
        bodies.insert(0, text[numbered.end():])
    for body in bodies:
        label, _, rest = body.partition(":")
        if not might_start(vocab, label, ("heading.",)):
            continue
        concept = vocab.best(label, "heading", leading=True)
        if concept and len(label) <= 80:
            return Heading(concept, rest.strip())
    if MULTI_LEVEL.match(text) and len(text) <= 120:
        return Heading(None)
    if is_caps_heading(text):
        return Heading(None)
    return None


def is_caps_heading(text: str) -> bool:
    m = SECTION_NUMBER.match(text)
    if not m or len(text) > 120:
        return False
    letters = [c for c in text[m.end():] if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def is_heading_style(style: str | None) -> bool:
    """Word's built-in heading styles ('Heading 1', 'heading 2', 'Заголовок 1', 'Title')."""
    return bool(style and _HEADING_STYLE.match(style.strip()))
