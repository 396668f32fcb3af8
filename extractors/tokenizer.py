"""spaCy's multi-language tokenizer, without importing spaCy.

The vocabulary matcher needs only the tokens of a text, cut exactly as spaCy's blank ``xx``
pipeline cuts them (its token offsets are what the readers' matches are counted in). Importing
spaCy costs 1.5-1.8 s on the machines here (its package ``__init__`` also imports its command
line, weasel, requests, thinc and pydantic schemas), which was most of ``syllabus-audit check``
of one file. So this module runs the same algorithm as ``spacy.tokenizer.Tokenizer.__call__``
(``_tokenize_affixes``, ``_split_affixes``, ``_attach_tokens``, then ``_apply_special_cases``),
ported line by line from spaCy 3.8's ``tokenizer.pyx``, on the rules spaCy's blank ``xx``
pipeline holds: the prefix, suffix, infix and URL expressions and the special cases, kept in
``tokenizer_xx.py`` (written by ``python -m extractors.tokenizer --write``, which needs spaCy).
``tests/test_tokenizer.py`` checks that the kept rules are still spaCy's and that the tokens are
spaCy's on every line of the sample and real corpora and on generated punctuation-heavy text.

What is left out changes no token: spaCy's per-span cache (every cached answer is the one
computed again) and ``token_match`` (None for ``xx``).
"""

from __future__ import annotations

import re
import sys
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

_MAX_CACHE = 50_000  # spans (spaCy's tokenizer keeps 10,000)


class Token(NamedTuple):
    text: str
    idx: int  # character offset in the text
    space: bool  # followed by one space that belongs to no token


# Runs of whitespace and of the rest: ``\s`` is exactly ``str.isspace()`` (both are CPython's
# Py_UNICODE_ISSPACE), which spaCy's loop over characters tests.
_RUNS = re.compile(r"\s+|\S+")


class Tokenizer:
    def __init__(self, prefix: str, suffix: str, infix: str, url: str,
                 rules: dict[str, tuple[str, ...]]):
        self._patterns = (prefix, suffix, infix, url)
        self._rules = rules
        self._cache: dict[str, tuple[str, ...]] = {}

    # Compiled on first use: together 60-80 ms, paid only by a process that tokenises.
    @cached_property
    def _prefix_search(self):
        return re.compile(self._patterns[0]).search

    @cached_property
    def _suffix_search(self):
        return re.compile(self._patterns[1]).search

    @cached_property
    def _infix_finditer(self):
        return re.compile(self._patterns[2]).finditer

    @cached_property
    def _url_match(self):
        return re.compile(self._patterns[3]).match

    @cached_property
    def _special_patterns(self) -> dict[str, set[tuple[str, ...]]]:
        """Special cases that affix splitting would cut, as token sequences by first token.

        spaCy (``add_special_case`` with ``faster_heuristics``) puts these in a phrase matcher
        over ORTH and merges their matches back after the affixes are split.
        """
        by_first: dict[str, set[tuple[str, ...]]] = {}
        for key in sorted(self._rules):
            if self._find_prefix(key) or self._find_infix(key) or self._find_suffix(key) or " " in key:
                orths = tuple(t[0] for t in self._tokenize_affixes(key, False))
                if orths:
                    by_first.setdefault(orths[0], set()).add(orths)
        return by_first

    def __call__(self, text: str) -> list[Token]:
        tokens = self._apply_special_cases(self._tokenize_affixes(text, True))
        out = []
        idx = 0
        for orth, space in tokens:
            out.append(Token(orth, idx, space))
            idx += len(orth) + space
        return out

    def words(self, text: str) -> list[str]:
        """The tokens' texts alone (what the matcher needs)."""
        return [orth for orth, _ in self._apply_special_cases(self._tokenize_affixes(text, True))]

    def _find_prefix(self, string: str) -> int:
        match = self._prefix_search(string)
        return match.end() - match.start() if match is not None else 0

    def _find_suffix(self, string: str) -> int:
        match = self._suffix_search(string)
        return match.end() - match.start() if match is not None else 0

    def _find_infix(self, string: str) -> list[re.Match[str]]:
        return list(self._infix_finditer(string))

    def _tokenize_affixes(self, string: str, with_special: bool) -> list[list]:
        """[orth, followed by a space] per token; spans are cut at whitespace like spaCy's."""
        tokens: list[list] = []
        if not string:
            return tokens
        start = 0
        # spaCy walks the characters and acts where whitespace begins or ends: at each run's
        # first character but the text's first.
        for run in _RUNS.finditer(string):
            i = run.start()
            if i == 0:
                continue
            if start < i:
                self._span(tokens, string[start:i], with_special)
            if string[i] == " ":
                tokens[-1][1] = True
                start = i + 1
            else:
                start = i
        if start < len(string):
            self._span(tokens, string[start:], with_special)
            tokens[-1][1] = string[-1] == " " and not string[-1].isspace()
        return tokens

    def _span(self, tokens: list[list], span: str, with_special: bool) -> None:
        # _try_specials_and_cache, then _tokenize
        if with_special and span in self._rules:
            tokens.extend([orth, False] for orth in self._rules[span])
            return
        # spaCy's cache: a span's tokens depend on the span alone (words recur all through a
        # document). Only the answers with special cases, the ones texts are cut with, are kept.
        cached = self._cache.get(span) if with_special else None
        if cached is None:
            core, prefixes, suffixes = self._split_affixes(span, with_special)
            new: list[list] = []
            self._attach_tokens(new, core, prefixes, suffixes, with_special)
            cached = tuple(orth for orth, _ in new)
            if with_special and len(self._cache) < _MAX_CACHE:
                self._cache[span] = cached
        tokens.extend([orth, False] for orth in cached)

    def _split_affixes(self, string: str, with_special: bool) -> tuple[str, list[str], list[str]]:
        rules = self._rules
        prefixes: list[str] = []
        suffixes: list[str] = []
        prefix = suffix = minus_pre = minus_suf = ""
        last_size = 0
        while string and len(string) != last_size:
            if with_special and string in rules:
                break
            last_size = len(string)
            pre_len = self._find_prefix(string)
            if pre_len != 0:
                prefix = string[:pre_len]
                minus_pre = string[pre_len:]
                if minus_pre and with_special and minus_pre in rules:
                    string = minus_pre
                    prefixes.append(prefix)
                    break
            suf_len = self._find_suffix(string[pre_len:])
            if suf_len != 0:
                suffix = string[-suf_len:]
                minus_suf = string[:-suf_len]
                if minus_suf and with_special and minus_suf in rules:
                    string = minus_suf
                    suffixes.append(suffix)
                    break
            if pre_len and suf_len and (pre_len + suf_len) <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        return string, prefixes, suffixes

    def _attach_tokens(self, tokens: list[list], string: str, prefixes: list[str],
                       suffixes: list[str], with_special: bool) -> None:
        tokens.extend([p, False] for p in prefixes)
        if string:
            if with_special and string in self._rules:
                tokens.extend([orth, False] for orth in self._rules[string])
            elif self._url_match(string):
                tokens.append([string, False])
            else:
                matches = self._find_infix(string)
                if not matches:
                    tokens.append([string, False])
                else:
                    start = 0
                    for match in matches:
                        infix_start, infix_end = match.start(), match.end()
                        if infix_start == 0:  # spaCy's start_before_infixes
                            continue
                        if infix_start != start:
                            tokens.append([string[start:infix_start], False])
                        if infix_start != infix_end:
                            tokens.append([string[infix_start:infix_end], False])
                        start = infix_end
                    if string[start:]:
                        tokens.append([string[start:], False])
        tokens.extend([s, False] for s in reversed(suffixes))

    def _apply_special_cases(self, tokens: list[list]) -> list[list]:
        by_first = self._special_patterns
        orths = [orth for orth, _ in tokens]
        if by_first.keys().isdisjoint(orths):
            return tokens
        spans = []
        for i, orth in enumerate(orths):
            for pattern in by_first.get(orth, ()):
                if tuple(orths[i:i + len(pattern)]) == pattern:
                    spans.append((i, i + len(pattern)))
        if not spans:
            return tokens
        # _filter_special_spans: longest first, then the earliest; a span whose first or last
        # token an earlier one took is dropped (and still marks its tokens as taken).
        spans.sort(key=lambda s: (s[1] - s[0], -s[0]))
        seen: set[int] = set()
        kept: dict[int, int] = {}
        for start, end in reversed(spans):
            if start not in seen and end - 1 not in seen:
                kept[start] = end
            seen.update(range(start, end))
        out: list[list] = []
        i = 0
        while i < len(tokens):
            end = kept.get(i)
            if end is None:
                out.append(tokens[i])
                i += 1
                continue
            span = tokens[i:end]
            text = "".join(o + (" " if s else "") for o, s in span[:-1]) + span[-1][0]
            rule = self._rules.get(text)
            if rule is None:
                out.extend(span)
            else:
                merged = [[orth, False] for orth in rule]
                merged[-1][1] = span[-1][1]
                out.extend(merged)
            i = end
        return out


def xx_tokenizer() -> Tokenizer:
    from . import tokenizer_xx as rules

    return Tokenizer(rules.PREFIX, rules.SUFFIX, rules.INFIX, rules.URL, rules.RULES)


def spacy_rules() -> dict:
    """The rules of spaCy's blank ``xx`` pipeline, as ``tokenizer_xx.py`` keeps them."""
    import spacy
    from spacy.attrs import ORTH

    tok = spacy.blank("xx").tokenizer
    if tok.token_match is not None:
        raise RuntimeError("spaCy's xx tokenizer has a token_match, which this port leaves out")
    return {
        "SPACY_VERSION": spacy.__version__,
        "PREFIX": tok.prefix_search.__self__.pattern,
        "SUFFIX": tok.suffix_search.__self__.pattern,
        "INFIX": tok.infix_finditer.__self__.pattern,
        "URL": tok.url_match.__self__.pattern,
        "RULES": {k: tuple(d[ORTH] for d in v) for k, v in sorted(tok.rules.items())},
    }


RULES_PATH = Path(__file__).with_name("tokenizer_xx.py")


def write_rules(path: Path = RULES_PATH) -> None:
    rules = spacy_rules()
    lines = [
        f'"""spaCy {rules["SPACY_VERSION"]}\'s blank xx tokenizer rules. Written by'
        ' ``python -m extractors.tokenizer --write``; do not edit."""',
        "",
        "# ruff: noqa: E501",
        f"SPACY_VERSION = {rules['SPACY_VERSION']!r}",
    ]
    for name in ("PREFIX", "SUFFIX", "INFIX", "URL"):
        lines.append(f"{name} = {rules[name]!r}")
    lines.append("RULES: dict[str, tuple[str, ...]] = {")
    lines += [f"    {k!r}: {v!r}," for k, v in rules["RULES"].items()]
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m extractors.tokenizer --write   (needs spaCy)")
    write_rules()
