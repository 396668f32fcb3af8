"""The language detector counts letters by UTF-8 bytes: the same counts as the regexes it replaced."""

from __future__ import annotations

import random
import re

from extractors.text import _script_counts, detect_language, unsupported_language

# every range the byte counting must tell apart: ASCII, Latin-1 and other two-byte characters next
# to Cyrillic (U+0370-U+03FF, U+0500-U+05FF), Cyrillic itself, three- and four-byte characters
_ALPHABET = ("aZz09 .,-\t\n" "éü«»\u00a0§" "ΩϿ" "\u0400абвёЁәғқңөұүһіӘІ\u04ff" "\u0500ԱՖ" "€\u2028\u3000" "😀")


def _regex_counts(text: str) -> tuple[int, int]:
    return len(re.findall(r"[\u0400-\u04ff]", text)), len(re.findall(r"[A-Za-z]", text))


def test_counts_equal_the_regex_counts_on_random_text():
    rng = random.Random(13)
    for _ in range(500):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 200)))
        assert _script_counts(text) == _regex_counts(text), text


def test_counts_on_the_edges_of_the_cyrillic_block():
    assert _script_counts("\u03ff\u0400\u04ff\u0500") == (2, 0)
    assert _script_counts("@AZ[`az{") == (0, 4)


def test_languages_still_told_apart():
    assert detect_language("Силлабус по дисциплине «Философия», 5 кредитов") == "ru"
    assert detect_language("Пәннің силлабусы: оқу жоспары, әдебиеттер тізімі, бағалау") == "kk"
    assert detect_language("Course syllabus: weekly plan and assessment") == "en"
    assert detect_language("12 345 — 678") is None
    assert unsupported_language("Окуу планы: өз алдынча иштөө, түшүнүү, үйрөнүү, өнүгүү") == "ky"
    assert unsupported_language("Пәннің оқу жоспары және өзіндік жұмыс") is None
