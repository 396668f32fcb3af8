"""Recognising what a piece of syllabus text names, in kk, ru or en.

The terms live in ``data/vocabulary.toml``. They are compiled into one spaCy ``PhraseMatcher``
over a blank multi-language pipeline (spaCy ships no Kazakh language class; its multi-language
tokenizer splits Kazakh Cyrillic correctly). Text is folded first (case, ё/е, Latin look-alikes
inside Cyrillic words). A term word ending in ``*`` matches by prefix, which is how Russian and
Kazakh inflections are covered.

How prefixes are matched: before matching, each token's NORM is set to the longest vocabulary
stem the token starts with. A token starts with stem S exactly when that longest stem starts with
S, so a prefix word expands to the few stems that extend it, and the whole vocabulary becomes
plain phrases on NORM. (The token ``Matcher`` with REGEX or IN patterns did the same job at
200-300 µs per short text; the phrase matcher takes a few µs.)
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import LOWER, NORM
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .text import fold

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "data" / "vocabulary.toml"
PATTERN_FAMILIES = ("outcome_code", "outcome_verb")


@dataclass(frozen=True)
class Match:
    concept: str  # e.g. "activity.lectures"
    start: int  # token offsets in the folded text
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


class Vocabulary:
    def __init__(self, path: Path = VOCABULARY_PATH):
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
        self._nlp = spacy.blank("xx")
        self.concepts: dict[str, list[str]] = {}
        # Families of patterns, not phrases (outcome codes), or words only one rule reads (outcome
        # verbs): kept for their own readers, out of the matcher every line of every document meets.
        self.patterns = {f: raw.pop(f) for f in PATTERN_FAMILIES if f in raw}
        for family, members in raw.items():
            for name, by_lang in members.items():
                self.concepts[f"{family}.{name}"] = [t for terms in by_lang.values() for t in terms]

        # Terms as token lists of (text, is_prefix); stems are every prefix word's last token.
        parsed = {c: [self._tokens(t) for t in terms] for c, terms in self.concepts.items()}
        self._stems = {tok for terms in parsed.values() for term in terms for tok, pre in term if pre}
        self._max_stem = max(map(len, self._stems), default=0)
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="NORM")
        # Every phrase's first word: a text none of whose words is one cannot match anything.
        self._first_norms: set[str] = set()
        for concept, terms in parsed.items():
            phrases = []
            for term in terms:
                for words in self._expand(term):
                    self._first_norms.update(words[:1])
                    phrases.append(self._doc(words))
            self._matcher.add(concept, phrases)
        # Bounded caches: a worker reads thousands of files. A document's words and lines recur
        # (the bundle finder, the headings, the field finder and the coverage all ask about the
        # same lines), and a word's stem is looked up once per distinct word.
        self.matches = lru_cache(maxsize=100_000)(self._matches)
        self._strings = self._nlp.vocab.strings
        self._first_norm_ids = {self._strings.add(w) for w in self._first_norms}
        self._stem_id_of = lru_cache(maxsize=200_000)(self._stem_id)
        self.has = lru_cache(maxsize=200_000)(self._has)
        self.best = lru_cache(maxsize=200_000)(self._best)

    def tokens(self, text: str) -> Doc:
        """The text's tokens, cut as the matcher cuts it (its match offsets count these)."""
        return self._nlp.make_doc(text)

    def _tokens(self, term: str) -> list[tuple[str, bool]]:
        tokens: list[tuple[str, bool]] = []
        for word in term.split():
            prefix = word.endswith("*")
            parts = [t.text for t in self._nlp.make_doc(fold(word.rstrip("*")))]
            tokens.extend((p, prefix and i == len(parts) - 1) for i, p in enumerate(parts))
        return tokens

    def _norm(self, word: str) -> str:
        # No stem is longer than _max_stem: longer prefixes of the word need no look-up.
        return next((word[:k] for k in range(min(len(word), self._max_stem), 0, -1) if word[:k] in self._stems), word)

    def _expand(self, term: list[tuple[str, bool]]):
        options = [
            sorted(s for s in self._stems if s.startswith(tok)) if prefix else [self._norm(tok)]
            for tok, prefix in term
        ]
        return itertools.product(*options)

    def _stem_id(self, lower_id: int) -> int:
        """The string-store id of the NORM for a token of lower-case form ``lower_id``."""
        return self._strings.add(self._norm(self._strings[lower_id]))

    def _doc(self, norms) -> Doc:
        doc = Doc(self._nlp.vocab, words=list(norms))
        for token in doc:
            token.norm_ = token.text
        return doc

    def _matches(self, text: str) -> tuple[Match, ...]:
        if not text:
            return ()
        doc = self._nlp.make_doc(fold(text))
        # Token attributes as arrays of string ids: no Token object per token (iterating the
        # tokens was most of the cost of a text's first match).
        stem_id_of = self._stem_id_of
        norms = [stem_id_of(lower) for lower in doc.to_array(LOWER).tolist()]
        if self._first_norm_ids.isdisjoint(norms):
            return ()  # a third of a document's lines: no phrase can start anywhere in them
        doc.from_array([NORM], numpy.array(norms, dtype=numpy.uint64).reshape(-1, 1))
        found = {Match(self._strings[mid], start, end) for mid, start, end in self._matcher(doc)}
        return tuple(sorted(found, key=lambda m: (m.start, -m.length, m.concept)))

    def _has(self, text: str, concept: str) -> bool:
        """Does the text mention the concept (or, for "family.", any concept of the family)?"""
        return any(
            m.concept == concept or (concept.endswith(".") and m.concept.startswith(concept))
            for m in self.matches(text)
        )

    def _best(self, text: str, family: str, leading: bool = False) -> str | None:
        """The family's concept with the longest match in the text (earliest on ties).

        ``leading``: only matches that start at the text's first word.
        """
        candidates = [m for m in self.matches(text) if m.concept.startswith(family + ".")]
        if leading:
            candidates = [m for m in candidates if m.start == 0]
        if not candidates:
            return None
        top = max(candidates, key=lambda m: (m.length, -m.start))
        return top.concept.split(".", 1)[1]


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return Vocabulary()
