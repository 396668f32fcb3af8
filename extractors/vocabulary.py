"""Recognising what a piece of syllabus text names, in kk, ru or en.

The terms live in ``data/vocabulary.toml``. They are compiled into one spaCy ``PhraseMatcher``
over a blank multi-language pipeline (spaCy ships no Kazakh language class; its multi-language
tokenizer splits Kazakh Cyrillic correctly). Text is folded first (case, ё/е, Latin look-alikes
inside Cyrillic words). A term word ending in ``*`` matches by prefix, which is how Russian and
Kazakh inflections are covered.

A Kazakh word read by OCR may lose its letters' marks ("Косымша" for "Қосымша"): each word of a
term with Kazakh letters also matches as OCR gives it without them (``text.KAZAKH_OCR_LOOKALIKES``),
word by word, so a heading with one letter misread is found as surely as one read right. A test
checks that no such spelling is a term of another concept of the same family.

How prefixes are matched: before matching, each token's NORM is set to the longest vocabulary
stem the token starts with. A token starts with stem S exactly when that longest stem starts with
S, so a prefix word expands to the few stems that extend it, and the whole vocabulary becomes
plain phrases on NORM. (The token ``Matcher`` with REGEX or IN patterns did the same job at
200-300 µs per short text; the phrase matcher takes a few µs.)

Those phrases (each term cut by spaCy's tokenizer, folded, its prefix words expanded to stems) are
the same in every process until the vocabulary, this code or spaCy changes, and making them took
about half of the vocabulary's start-up. They are kept as JSON in the user's cache folder
(``extractors.kept``), named by a digest of all three; a missing, unreadable or foreign file
is rebuilt, never trusted. JSON rather than a pickled matcher: a cache file must never be able to
run code. The matcher itself is always made here, from those phrases, by spaCy.
"""

from __future__ import annotations

import bisect
import itertools
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import LOWER, NORM
from spacy.lang.xx import MultiLanguage
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab as SpacyVocab

from . import kept
from . import text as folding  # its source is part of the kept phrases' digest
from .text import KAZAKH_OCR_LOOKALIKES, fold

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "data" / "vocabulary.toml"
PATTERN_FAMILIES = ("outcome_code", "outcome_verb")
CACHE_FORMAT = "1"  # bump when the kept phrases' layout changes


@dataclass(frozen=True)
class Match:
    concept: str  # e.g. "activity.lectures"
    start: int  # token offsets in the folded text
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


class Vocabulary:
    def __init__(self, path: Path = VOCABULARY_PATH, *, cache_dir: Path | None = None, use_cache: bool = True):
        """``cache_dir``: where the built phrases are kept (default: the user's cache folder);
        ``use_cache=False`` builds them without reading or writing any file."""
        data = Path(path).read_bytes()
        raw = tomllib.loads(data.decode())
        # The blank multi-language pipeline (what spacy.blank("xx") makes) from its class: the
        # same tokenizer, without filling and validating a whole pipeline config first. Its
        # lexemes get the one attribute read here, LOWER (NORM is set on every token before
        # matching, and nothing reads a token's other attributes): spaCy computes each of its 22
        # default ones (shape, like_url, like_num, ...) for every new word a document brings, and
        # a new lexeme took 7.5 µs with them, 1.6 µs without.
        self._nlp = MultiLanguage(vocab=SpacyVocab(lex_attr_getters={LOWER: str.lower}))
        self.concepts: dict[str, list[str]] = {}
        # Families of patterns, not phrases (outcome codes), or words only one rule reads (outcome
        # verbs): kept for their own readers, out of the matcher every line of every document meets.
        self.patterns = {f: raw.pop(f) for f in PATTERN_FAMILIES if f in raw}
        for family, members in raw.items():
            for name, by_lang in members.items():
                self.concepts[f"{family}.{name}"] = [t for terms in by_lang.values() for t in terms]

        kept_at = _cache_file(data, cache_dir) if use_cache else None
        built = _read_kept(kept_at, self.concepts) if kept_at is not None else None
        if built is None:
            built = self._build()
            if kept_at is not None:
                kept.keep(kept_at, built)
        self._stems = set(built["stems"])
        self._max_stem = max(map(len, self._stems), default=0)
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="NORM")
        # Every phrase's first word: a text none of whose words is one cannot match anything.
        self._first_norms: set[str] = set()
        for concept, phrases in built["phrases"].items():
            docs = []
            for words in phrases:
                self._first_norms.update(words[:1])
                docs.append(self._doc(words))
            self._matcher.add(concept, docs)
        # Bounded caches: a worker reads thousands of files. A document's words and lines recur
        # (the bundle finder, the headings, the field finder and the coverage all ask about the
        # same lines), and a word's stem is looked up once per distinct word.
        self.matches = lru_cache(maxsize=100_000)(self._matches)
        self._strings = self._nlp.vocab.strings
        self._first_norm_ids = {self._strings.add(w) for w in self._first_norms}
        # The phrases' first words that have no letter ("%"): a text with no letter (a cell of
        # hours or points, a date, a page number) that holds none of them matches nothing.
        self._letterless_first = tuple(w for w in self._first_norms if not any(ch.isalpha() for ch in w))
        self._stem_id_of = lru_cache(maxsize=200_000)(self._stem_id)
        self.has = lru_cache(maxsize=200_000)(self._has)
        self.best = lru_cache(maxsize=200_000)(self._best)

    def _build(self) -> dict:
        """Every concept's phrases, as lists of NORM strings, and the stems they were cut to."""
        # Terms as token lists of (text, is_prefix); stems are every prefix word's last token.
        parsed = {c: [self._tokens(t) for t in terms] for c, terms in self.concepts.items()}
        # a prefix word's stem, and the stem as OCR may read it (the same string when it has no
        # Kazakh letter)
        self._stems = {stem for terms in parsed.values() for term in terms for tok, pre in term if pre
                       for stem in (tok, tok.translate(KAZAKH_OCR_LOOKALIKES))}
        self._max_stem = max(map(len, self._stems), default=0)
        self._sorted_stems = sorted(self._stems)
        phrases = {concept: [list(words) for term in terms for words in self._expand(term)]
                   for concept, terms in parsed.items()}
        return {"stems": self._sorted_stems, "phrases": phrases}

    def tokens(self, text: str) -> Doc:
        """The text's tokens, cut as the matcher cuts it (its match offsets count these). Their
        lexemes carry LOWER only: a token's text, offset and lower case are right, its flags
        (``is_punct``, ``like_num``, ...) are not computed."""
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
        options = []
        for tok, prefix in term:
            spellings = dict.fromkeys((tok, tok.translate(KAZAKH_OCR_LOOKALIKES)))  # as typed, as OCR reads it
            norms = (self._extending(t) if prefix else [self._norm(t)] for t in spellings)
            options.append(list(dict.fromkeys(n for found in norms for n in found)))
        return itertools.product(*options)

    def _extending(self, prefix: str) -> list[str]:
        """The stems that start with ``prefix``, in order: a run of the sorted stems."""
        stems = self._sorted_stems
        i = j = bisect.bisect_left(stems, prefix)
        while j < len(stems) and stems[j].startswith(prefix):
            j += 1
        return stems[i:j]

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
        folded = fold(text)
        if not any(ch.isalpha() for ch in folded):
            # A token's NORM is its lower-case text or a stem that text starts with, so in a text
            # with no letter only a first word without one can start a phrase, and only where
            # the text holds it. Not cut by spaCy then: most of a table's distinct cells.
            lower = folded.lower()
            if not any(w in lower for w in self._letterless_first):
                return ()
        doc = self._nlp.make_doc(folded)
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


def _cache_file(data: bytes, folder: Path | None) -> Path | None:
    """Where the phrases built from ``data`` are kept: named by a digest of what they depend on
    (the vocabulary, the code that cuts and folds it, spaCy's tokenizer, Unicode's tables)."""
    try:
        parts = [CACHE_FORMAT.encode(), spacy.__version__.encode(), unicodedata.unidata_version.encode(),
                 Path(__file__).read_bytes(), Path(folding.__file__).read_bytes(), data]
    except OSError:  # sources not readable: build every time
        return None
    return kept.kept_file("vocabulary", parts, folder)


def _read_kept(file: Path, concepts: dict[str, list[str]]) -> dict[str, Any] | None:
    """The kept phrases, or None when the file is missing, unreadable or not what was written."""
    def valid(value: Any) -> bool:
        stems, phrases = value["stems"], value["phrases"]
        return (isinstance(stems, list) and all(isinstance(s, str) for s in stems)
                and isinstance(phrases, dict) and list(phrases) == list(concepts)
                and all(isinstance(p, list) and all(isinstance(w, str) for w in p)
                        for ps in phrases.values() for p in ps))

    value = kept.read(file, valid)
    return None if value is None else {"stems": value["stems"], "phrases": value["phrases"]}


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return Vocabulary()
