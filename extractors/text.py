"""Text normalisation shared by the readers and the interpreter."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")
_SOFT = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"), None)

# Latin letters that look like Cyrillic ones: the one list every reader and check folds by. Real
# syllabi mix them ("026-II-2021" typed with Cyrillic І, "A" grades typed with Cyrillic А, "PO1"
# typed in Latin for РО1, Latin "o" inside a Cyrillic title); labels, titles, course and outcome
# codes and grade letters are compared after folding to one script. Position i of one string is
# the look-alike of position i of the other. A user that also wants letters that are no look-alikes
# (the grade letters' Д for D, the transliterated N of "ON5") adds them to a copy of the table.
LOOKALIKE_LATIN = "aceopxyikmABCEHKMOPTXI"
LOOKALIKE_CYRILLIC = "асеорхуікмАВСЕНКМОРТХІ"
LATIN_TO_CYRILLIC = str.maketrans(LOOKALIKE_LATIN, LOOKALIKE_CYRILLIC)  # for str.translate
CYRILLIC_TO_LATIN = str.maketrans(LOOKALIKE_CYRILLIC, LOOKALIKE_LATIN)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=50_000)  # bounded: a worker reads thousands of files
def clean(text: str | None) -> str:
    """Collapse whitespace runs to one space and drop soft hyphens/zero-width characters."""
    # The interpreter's readers look at the same cells many times (each reader, the coverage, the
    # workload pass): cleaning once per distinct text made it the profile's top line. The cache
    # is the function itself: called some 2,000 times a document, a wrapper before the cache
    # was a Python call each time for nothing.
    if not text:
        return ""
    return _WS.sub(" ", unicodedata.normalize("NFC", text).translate(_SOFT)).strip()


def fold(text: str) -> str:
    """Lower-cased, ё→е, look-alike Latin letters inside Cyrillic words folded to Cyrillic."""
    text = clean(text).lower().replace("ё", "е")
    if not (_CYRILLIC.search(text) and _LATIN.search(text)):
        return text  # one script only: no word mixes them (the sub below was fold's whole cost)
    return re.sub(r"\w+", _fold_word, text)


def _fold_word(match: re.Match) -> str:
    word = match.group(0)
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(LATIN_TO_CYRILLIC)
    return word


def to_latin_lookalikes(text: str) -> str:
    """Cyrillic look-alikes to Latin: for grade letters ('А-' typed in Cyrillic)."""
    return text.translate(CYRILLIC_TO_LATIN)


_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

# Kazakh letters as OCR reads them when it misses their mark: the Russian letter each is drawn
# from. Seen: a 150-dpi scan's heading "Қосымша әдебиеттер" came back as "Косымша эдебиеттер"
# from Tesseract 5.5 (kaz+rus+eng); ғ ң ө ұ ү are the same kind, a letter with its stroke, tail or
# bar missed. Left out: і, whose look-alike is the Latin i that ``fold`` already turns into it, and
# һ, which looks like no Russian letter. Lower case: what ``fold`` gives.
KAZAKH_OCR_LOOKALIKES = str.maketrans("әғқңөұү", "эгкноуу")


_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_KAZAKH_LETTER = re.compile("[" + "".join(sorted(_KAZAKH_LETTERS)) + "]")


# Counting letters by findall made a list of one-letter strings per call, 20 000 of them for a
# document's sample, twice per document (detect_language and unsupported_language): the two
# were 7 % of the interpreter. In UTF-8 every character U+0400-U+04FF, and only those, begins
# with a byte D0-D3, and the bytes of ASCII letters are those letters alone (every byte of a
# non-ASCII character is 80 or above), so deleting those bytes counts the same letters in C.
_CYRILLIC_LEAD_BYTES = bytes(range(0xD0, 0xD4))
_ASCII_LETTER_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))


def _count_bytes(encoded: bytes, which: bytes) -> int:
    return len(encoded) - len(encoded.translate(None, which))


@lru_cache(maxsize=4)  # the two functions below ask about the same sample, one after the other
def _script_counts(text: str) -> tuple[int, int]:
    """(Cyrillic letters U+0400-U+04FF, Latin letters A-Z a-z) in ``text``: the counts of
    ``_CYRILLIC_LETTER.findall`` and ``_LATIN_LETTER.findall``."""
    encoded = text.encode("utf-8", "surrogatepass")
    return _count_bytes(encoded, _CYRILLIC_LEAD_BYTES), _count_bytes(encoded, _ASCII_LETTER_BYTES)


def detect_language(text: str) -> str | None:
    """kk when Kazakh-only letters are frequent among Cyrillic ones, else ru; en for Latin text."""
    cyr, lat = _script_counts(text)
    if cyr == 0 and lat == 0:
        return None
    if cyr >= lat:
        # Kazakh running text has these letters in several percent of its letters; a Russian text
        # quoting a Kazakh name or title stays far below one percent.
        return "kk" if len(_KAZAKH_LETTER.findall(text)) / cyr > 0.015 else "ru"
    return "en"


# Kyrgyz writes ө, ү, ң like Kazakh but never ә, ғ, қ, ұ, һ, і.
_SHARED_TURKIC_LETTER = re.compile("[өүңӨҮҢ]")
_KAZAKH_ONLY_LETTER = re.compile("[әғқұһіӘҒҚҰҺІ]")


def unsupported_language(text: str) -> str | None:
    """'ky' for Kyrgyz running text (the letters it shares with Kazakh are frequent, the letters
    only Kazakh has are not); None for the languages the tool reads."""
    cyr = _script_counts(text)[0]
    shared = len(_SHARED_TURKIC_LETTER.findall(text))
    if cyr and shared / cyr > 0.015 and len(_KAZAKH_ONLY_LETTER.findall(text)) < 0.1 * shared:
        return "ky"
    return None
