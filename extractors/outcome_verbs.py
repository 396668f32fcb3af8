"""Does an outcome statement use a measurable verb (``[outcome_verb.measurable]`` in
``data/vocabulary.toml``)?

Kept apart from ``extractors.vocabulary`` on purpose: these words are plain word sequences read
straight from the TOML, and the only reader of them is a check (LRN006), which runs in the
process that prints the findings. Reaching them through the spaCy vocabulary made that process
import spaCy (about 1.1 s) for a word list, even when the syllabus itself came from the cache and
nothing was read. The words are folded as the vocabulary folds every text (``extractors.text``).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from .text import fold

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "data" / "vocabulary.toml"
FAMILY = "outcome_verb"

_WORD = re.compile(r"\w+")

# (folded word, is a prefix) for each word of one term
Term = tuple[tuple[str, bool], ...]


@lru_cache(maxsize=8)
def verb_terms(path: Path = VOCABULARY_PATH) -> tuple[Term, ...]:
    """``[outcome_verb.*]`` of the vocabulary at ``path``, every language's terms, as word
    sequences; a word ending in ``*`` matches by its stem."""
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    terms = []
    for by_lang in raw.get(FAMILY, {}).values():
        for words in by_lang.values():
            for term in words:
                terms.append(tuple((fold(w.rstrip("*")), w.endswith("*")) for w in term.split()))
    return tuple(terms)


def has_measurable_verb(text: str, path: Path = VOCABULARY_PATH) -> bool:
    """Does ``text`` use a verb of ``[outcome_verb.measurable]`` ("примен*" is применять,
    применяет, применение)?"""
    words = _WORD.findall(fold(text))
    for term in verb_terms(path):
        n = len(term)
        for i in range(len(words) - n + 1):
            if all(words[i + k].startswith(w) if prefix else words[i + k] == w
                   for k, (w, prefix) in enumerate(term)):
                return True
    return False
