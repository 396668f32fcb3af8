"""A text with no letter is not cut by spaCy when no phrase can start in it
(``Vocabulary._matches``): its answer is the one the full match gives."""

from __future__ import annotations

import textwrap

import pytest

from extractors.vocabulary import Vocabulary, default_vocabulary

TEXTS = ["15", "3,5", "0.25", "1-4", "12.09.2025", "— / —", "%", "100 %", "100%-н", "№ 5", "ⅲ", "Ⅻ %", ""]


def full_match(vocab: Vocabulary, text: str):
    """The match as it was before the shortcut: every text cut and matched."""
    kept = vocab._letterless_first
    vocab._letterless_first = ("",)  # "" is in every text: the shortcut never applies
    try:
        return vocab._matches(text)
    finally:
        vocab._letterless_first = kept


@pytest.mark.parametrize("text", TEXTS)
def test_the_default_vocabulary_answers_as_the_full_match(text):
    vocab = default_vocabulary()
    assert vocab._matches(text) == full_match(vocab, text)


def test_a_phrase_that_starts_without_a_letter_is_still_found(tmp_path):
    path = tmp_path / "vocabulary.toml"
    path.write_text(textwrap.dedent("""
        [unit.percent]
        ru = ["% от", "процент*"]
        [unit.number]
        en = ["№"]
    """), encoding="utf-8")
    vocab = Vocabulary(path, use_cache=False)
    assert set(vocab._letterless_first) == {"%", "№"}
    assert [m.concept for m in vocab._matches("№")] == ["unit.number"]
    assert [m.concept for m in vocab._matches("20 % от")] == ["unit.percent"]  # letters: cut as always
    assert vocab._matches("20 %") == full_match(vocab, "20 %") == ()
    assert vocab._matches("15") == ()
