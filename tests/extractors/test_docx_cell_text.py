"""A cell's text is its paragraphs' normalised texts, the empty ones dropped: the reader joins
them without normalising the join again, which must give what normalising it gave."""

from __future__ import annotations

import random

from extractors.docx_reader import _normalise

# what _normalise treats specially (invisible characters, horizontal spaces, line boundaries)
# and what it leaves (letters, the whitespace str.strip knows but _normalise does not)
_PIECES = ["a", "б", " ", "  ", "\t", "\u00a0", "\u2007", "\u3000", "\u200b", "\u00ad", "\ufeff", "\n", "\r\n",
           "\x0b", "\x1c", "\u2028", "\x85", "\x1f", "\u1680", "x y"]


def test_joining_normalised_paragraphs_is_normalising_their_join():
    rng = random.Random(13)
    for _ in range(2000):
        paragraphs = ["".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 8)))
                      for _ in range(rng.randrange(1, 5))]
        lines = [_normalise(p) for p in paragraphs]
        joined = lines[0] if len(lines) == 1 else "\n".join(line for line in lines if line)
        assert joined == _normalise("\n".join(lines)), paragraphs


def test_normalise_is_idempotent():
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 12)))
        once = _normalise(text)
        assert _normalise(once) == once, text
