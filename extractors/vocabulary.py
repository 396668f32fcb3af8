"""Recognising what a piece of syllabus text names, in kk, ru or en.

The terms live in ``data/vocabulary.toml``. Texts and terms are cut into tokens as spaCy's blank
multi-language pipeline cuts them (spaCy ships no Kazakh language class; its multi-language
tokenizer splits Kazakh Cyrillic correctly), by ``extractors.tokenizer``, which runs spaCy's
algorithm on spaCy's rules without importing spaCy (1.5-1.8 s, most of a one-file ``check``).
Text is folded first (case, ё/е, Latin look-alikes
inside Cyrillic words). A term word ending in ``*`` matches by prefix, which is how Russian and
Kazakh inflections are covered.

How prefixes are matched: before matching, each token's NORM is set to the longest vocabulary
stem the token starts with. A token starts with stem S exactly when that longest stem starts with
S, so a prefix word expands to the few stems that extend it, and the whole vocabulary becomes
plain phrases of stems: a dict from a phrase's stems to its concepts, looked up at every token
that begins some phrase. (This is what spaCy's ``PhraseMatcher`` on NORM did, which this module
used before; its token ``Matcher`` with REGEX or IN patterns took 200-300 µs per short text.)
"""

from __future__ import annotations

import bisect
import itertools
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import fold
from .tokenizer import Token, xx_tokenizer

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
        self._tokenizer = xx_tokenizer()
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
        # Phrase (its words' stems) → the concepts it names; the lengths of the phrases by first
        # word: a text none of whose words begins a phrase cannot match anything.
        self._phrases: dict[tuple[str, ...], set[str]] = {}
        self._lengths: dict[str, set[int]] = {}
        for concept, terms in parsed.items():
            for term in terms:
                for words in self._expand(term):
                    if words:
                        self._phrases.setdefault(tuple(words), set()).add(concept)
                        self._lengths.setdefault(words[0], set()).add(len(words))
        # Bounded caches: a worker reads thousands of files. A document's words and lines recur
        # (the bundle finder, the headings, the field finder and the coverage all ask about the
        # same lines), and a word's stem is looked up once per distinct word.
        self.matches = lru_cache(maxsize=100_000)(self._matches)
        self._stem_of = lru_cache(maxsize=200_000)(self._norm)
        self.has = lru_cache(maxsize=200_000)(self._has)
        self.best = lru_cache(maxsize=200_000)(self._best)

    def tokens(self, text: str) -> list[Token]:
        """The tokens of (already folded) text, as the matcher counts them."""
        return self._tokenizer(text)

    def _tokens(self, term: str) -> list[tuple[str, bool]]:
        tokens: list[tuple[str, bool]] = []
        for word in term.split():
            prefix = word.endswith("*")
            parts = self._tokenizer.words(fold(word.rstrip("*")))
            tokens.extend((p, prefix and i == len(parts) - 1) for i, p in enumerate(parts))
        return tokens

    def _norm(self, word: str) -> str:
        # No stem is longer than _max_stem: longer prefixes of the word need no look-up.
        return next((word[:k] for k in range(min(len(word), self._max_stem), 0, -1) if word[:k] in self._stems), word)

    def _expand(self, term: list[tuple[str, bool]]):
        options = [self._extending(tok) if prefix else [self._norm(tok)] for tok, prefix in term]
        return itertools.product(*options)

    def _extending(self, prefix: str) -> list[str]:
        """The stems that start with ``prefix``, in order: a run of the sorted stems."""
        if not hasattr(self, "_sorted_stems"):
            self._sorted_stems = sorted(self._stems)
        i = bisect.bisect_left(self._sorted_stems, prefix)
        out = []
        while i < len(self._sorted_stems) and self._sorted_stems[i].startswith(prefix):
            out.append(self._sorted_stems[i])
            i += 1
        return out

    def _matches(self, text: str) -> tuple[Match, ...]:
        if not text:
            return ()
        stem_of = self._stem_of
        # A token's NORM was its lower-case form's stem (spaCy's LOWER is str.lower()).
        norms = [stem_of(word.lower()) for word in self._tokenizer.words(fold(text))]
        lengths, phrases, count = self._lengths, self._phrases, len(norms)
        found = {
            Match(concept, start, start + n)
            for start, norm in enumerate(norms) if norm in lengths
            for n in lengths[norm] if start + n <= count
            for concept in phrases.get(tuple(norms[start:start + n]), ())
        }
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
