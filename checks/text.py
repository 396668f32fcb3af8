"""Title normalisation and fuzzy matching for kk / ru / en course and topic titles.

Titles are compared after: Unicode NFKC + casefold, Kazakh/Russian letter variants folded (ё→е,
Latin look-alikes in Cyrillic words), numbering prefixes removed ("5 тақырып.", "Тема 3:",
"4 практикалық жұмыс."), punctuation dropped, and each word cut to a stem of at most
``STEM`` letters (short words lose their last two). Kazakh and Russian inflect by suffix, so a prefix stem is a cheap, language-agnostic
way to make "Қазақстанның геологиясы" meet "Қазақстан геологиясы" ("Общая геология" and
"Общей геологии"). rapidfuzz then scores the stemmed strings. No spaCy pipeline for kk/ru is
installed here, so no lemmatiser is used.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from extractors.text import CYRILLIC_TO_LATIN, LATIN_TO_CYRILLIC

STEM = 6

_FOLD = str.maketrans({"ё": "е", "й": "и"})

_NUMBERING = re.compile(
    r"^\s*(?:"
    r"\d+\s*[-.]?\s*(?:тақырып|тема|topic|практикалық\s+(?:жұмыс|сабақ)\w*|практическ\w+\s+(?:работа|занятие)|"
    r"зертханалық\s+жұмыс\w*|лабораторн\w+\s+работа|practical(?:\s+(?:work|class))?|lab(?:oratory)?(?:\s+work)?)"
    r"|(?:тақырып|тема|topic|practical(?:\s+(?:work|class))?|lab(?:oratory)?(?:\s+work)?|"
    r"практическ\w+\s+(?:работа|занятие)|лабораторн\w+\s+работа)\s*(?:№\s*)?\d+"
    r"|№?\s*\d+(?:\.\d+)*"
    r")\s*[.:)\-–—]*\s*",
    re.IGNORECASE,
)


def _is_cyrillic_word(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


@functools.lru_cache(maxsize=65536)
def normalise(text: str | None, *, strip_numbering: bool = True) -> str:
    """Casefolded, punctuation-free, numbering-free form of a title (words not stemmed).

    Memoised: the cross-table and batch rules compare the same titles pairwise."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    if strip_numbering:
        for _ in range(2):  # "1 тақырып. 1." style double prefixes
            text = _NUMBERING.sub("", text, count=1)
    words = re.findall(r"\w+", text)
    out = []
    for w in words:
        if _is_cyrillic_word(w):
            w = w.translate(LATIN_TO_CYRILLIC)  # Latin look-alikes copy-pasted into a Cyrillic word
        out.append(w.translate(_FOLD))
    return " ".join(out)


def _stem(word: str) -> str:
    if word.isdigit():
        return word
    return word[:STEM] if len(word) > STEM else word[: max(3, len(word) - 2)]


@functools.lru_cache(maxsize=65536)
def stems(text: str | None, *, strip_numbering: bool = True) -> str:
    return " ".join(_stem(w) for w in normalise(text, strip_numbering=strip_numbering).split())


def similarity(a: str | None, b: str | None, *, partial: bool = False) -> float:
    """0-100: how surely two titles name the same thing, tolerant of case, inflection, order.

    ``partial`` also scores a title contained in a longer one highly (a topic title with a
    subtitle appended); it is for picking the best of several candidates, never for deciding
    that two course names are one course ("Құрылымдық геология" is not "Құрылымдық геология
    және геологиялық карталау")."""
    sa, sb = stems(a), stems(b)
    if not sa or not sb:
        return 0.0
    if sa == sb:
        return 100.0
    # imported here: checks.text is loaded by every rule module, and `rules` never compares titles
    from rapidfuzz import fuzz

    # token_sort is order-tolerant but penalises extra words; a title with a subtitle appended
    # should still match, so partial token_set is taken when the shorter has 2+ words.
    score = fuzz.token_sort_ratio(sa, sb)
    shorter = min(sa, sb, key=len)
    if partial and len(shorter.split()) >= 2:
        score = max(score, fuzz.token_set_ratio(sa, sb) * 0.97)
    return float(score)


def same_title(a: str | None, b: str | None, threshold: float = 85.0) -> bool:
    return similarity(a, b) >= threshold


def normalise_code(code: str | None) -> str:
    """Course codes compare without case, spaces, dashes; Cyrillic look-alikes become Latin."""
    text = unicodedata.normalize("NFKC", code or "").upper()
    return re.sub(r"[\s\-_.]+", "", text.translate(CYRILLIC_TO_LATIN))


_CODE_IN_TEXT = re.compile(r"\b([A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүІі]{2,8})\s?-?(\d{3,5})\b")


def codes_in(text: str | None) -> list[str]:
    """Course codes written inside a text, e.g. 'GMRK3301 Геология' -> ['GMRK3301']."""
    return [normalise_code(a + b) for a, b in _CODE_IN_TEXT.findall(text or "")]


def slug(text: str | None, limit: int = 40) -> str:
    """A short stable token for a key: the normalised words, cut."""
    return normalise(text, strip_numbering=False).replace(" ", "-")[:limit]
