"""Where a finding is, in words of the user's language: one function for ``check`` and every report.

A finding's evidence holds a *logical* location, a path such as ``assessment/rating2`` or
``plan/practicals/topic 5`` (stable across layouts, used in fingerprints, never shown), and the
*physical* place it was read: page (counted from 1 by the readers), paragraph, table, row and
column (counted from 0 by the readers, as the model's ``Source`` says). People count from 1, and
so does everything shown to them: ``check``, the HTML, CSV, XLSX and the plan.

* ``place_words("assessment/rating2", "ru")`` → "Оценивание, рубежный контроль 2";
* ``where_words(evidence, "kk")`` → "3-бет, 3-кесте, 6-жол" (1-based);
* ``location_words(evidence, lang)`` → both, joined with " — ".

The phrases are in ``data/labels.toml``: ``[place]`` for path segments, ``[place_n]`` for a
numbered item ("{n}-тақырып", "тема {n}", "topic {n}") and ``[where]`` for page, table, row.
A segment the catalogue does not know is left out rather than shown as an internal name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from reports.labels import Labels

# physical coordinates the readers count from 0 (``extractors.model.Source``); pages count from 1
ZERO_BASED = ("paragraph", "table", "row", "column")

_NUMBERED = re.compile(r"^(?P<word>[a-z_]+) (?P<n>\S+)$")  # "topic 5"
_NUMBER = re.compile(r"^\d+$")
# containers that add no words of their own: "sections/plan" is the plan, "topics/3" topic 3
SILENT = frozenset({"sections", "tables", "topics", "periods", "items"})


def one_based(evidence: Mapping[str, Any] | object, key: str) -> int | None:
    """The evidence's ``key`` as people count it (from 1), or None."""
    value = evidence.get(key) if isinstance(evidence, Mapping) else getattr(evidence, key, None)
    if value is None or value == "":
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n + 1 if key in ZERO_BASED else n


def _labels(lang: str | Labels) -> Labels:
    return lang if isinstance(lang, Labels) else Labels(lang)


def place_words(location: str | None, lang: str | Labels) -> str:
    """A logical location path in words: "plan/practicals/topic 5" → "Тақырыптық жоспар,
    практикалық сабақтар, 5-тақырып"."""
    labels = _labels(lang)
    if not location:
        return ""
    segments = [s for s in location.split("/") if s.strip()]
    phrases: list[str] = []
    pending: str | None = None  # a collection whose next segment is its item's number or name
    for seg in segments:
        seg = seg.strip()
        numbered = _NUMBERED.match(seg)
        is_word = (seg.replace("-", "_") in _known_words() or seg in SILENT or f"part.{seg}" in labels
                   or bool(numbered and f"place_n.{numbered['word']}" in labels))
        if pending is not None and f"place_n.{pending}" in labels and not is_word:
            phrases[-1] = labels(f"place_n.{pending}").format(n=seg)
            pending = None
            continue
        pending = None
        m = numbered
        if m and f"place_n.{m['word']}" in labels:
            phrases.append(labels(f"place_n.{m['word']}").format(n=m["n"]))
            continue
        if seg in SILENT:
            phrases.append("")
            pending = seg
            continue
        if _NUMBER.match(seg):
            phrases.append(labels("place_n.item").format(n=seg))
            continue
        key = f"place.{seg.replace('-', '_')}"
        if phrases and f"{key}_of" in labels:  # "hours" of a topic or task, not the hours table
            key = f"{key}_of"
        if key in labels:
            phrases.append(labels(key))
            pending = seg.replace("-", "_")
        elif f"part.{seg}" in labels:
            phrases.append(labels(f"part.{seg}"))
            pending = seg
        # an unknown internal name is left out
    phrases = [p for p in phrases if p]
    # lower-case the first letter of every phrase but the first, abbreviations (СӨЖО) kept
    phrases = [p if i == 0 or p[1:2].isupper() else p[:1].lower() + p[1:] for i, p in enumerate(phrases)]
    text = ", ".join(phrases)
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Once, as the catalogue it is drawn from (``labels.catalogue``): built for every segment, it
    was 3.5 s of the reports of a 300-file night (310 records, each located in five writers)."""
    from reports.labels import catalogue

    return frozenset(k.split(".", 1)[1] for k in catalogue() if k.startswith("place."))


def where_words(evidence: Mapping[str, Any] | object | None, lang: str | Labels) -> str:
    """Page, table, row, column (or page, paragraph) in words, counted from 1."""
    if evidence is None:
        return ""
    labels = _labels(lang)
    has_table = one_based(evidence, "table") is not None
    places = ("page", "table", "row", "column") if has_table else ("page", "paragraph")
    out = []
    for p in places:
        n = one_based(evidence, p)
        if n is not None:
            out.append(labels(f"where.{p}").format(n=n))
    return ", ".join(out)


def location_words(evidence: Mapping[str, Any] | object | None, lang: str | Labels) -> str:
    """Logical place and physical place: "Оценивание, рубежный контроль 2 — стр. 3, таблица 3, строка 6"."""
    if evidence is None:
        return ""
    loc = evidence.get("location") if isinstance(evidence, Mapping) else getattr(evidence, "location", "")
    parts = [place_words(loc, lang), where_words(evidence, lang)]
    return " — ".join(p for p in parts if p)


# the part of the syllabus (``checks.coverage.PARTS``) a logical location falls under
_PART_OF = (
    ("identity/approval", "approval"), ("identity/credits", "credits"), ("identity", "identity"),
    ("assessment/formula", "formula"), ("assessment/points-formula", "formula"), ("assessment/scale", "scale"),
    ("assessment", "assessment"), ("hours", "hours"), ("plan", "plan"), ("independent_work", "independent_work"),
    ("literature", "literature"), ("prerequisites", "prerequisites"), ("postrequisites", "postrequisites"),
)


def part_of(location: str | None) -> str | None:
    """The part a location falls under: "plan/practicals/topic 5" → "plan"; "sections/plan" → "plan"."""
    if not location:
        return None
    loc = location.strip("/")
    for prefix in ("sections/", "tables/"):
        if loc.startswith(prefix):
            return loc[len(prefix):].split("/")[0] or None
    for prefix, part in _PART_OF:
        if loc == prefix or loc.startswith(prefix + "/"):
            return part
    return None


def section_heading(location: str | None, coverage: Mapping[str, Any] | None) -> str:
    """The heading, as the syllabus writes it, of the section a finding falls under ("2.1
    Тематический план"), from the reader's coverage of that part; "" when it was not seen as a
    heading paragraph. A DOCX has no pages: this is how a person finds the place in Word."""
    part = part_of(location)
    if not part or not coverage or part not in coverage:
        return ""
    c = coverage[part]
    seen = getattr(c, "seen_at", None) if not isinstance(c, Mapping) else c.get("seen_at")
    quote = getattr(c, "quote", "") if not isinstance(c, Mapping) else c.get("quote", "")
    paragraph = (seen.get("paragraph") if isinstance(seen, Mapping) else getattr(seen, "paragraph", None)) if seen else None
    quote = " ".join((quote or "").split())
    if paragraph is None or not quote or len(quote) > 80:
        return ""
    return quote
