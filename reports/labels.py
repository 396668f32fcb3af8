"""Report labels in the three languages of the user interface (kk, ru, en).

The labels live in ``data/labels.toml`` as ``[table] key = { kk = ..., ru = ..., en = ... }`` and are
addressed as ``"table.key"``. The report language is chosen by the user (``--lang``) and never
follows the syllabus language. A missing label is an error, not a silent fallback: the test suite
checks that every key has all three languages.
"""

from __future__ import annotations

import re
import tomllib
from enum import Enum
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from extractors import kept

if TYPE_CHECKING:  # labels are imported by every command: the model only for the annotation
    from checks.coverage import SeenAt

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")

# The data package beside this one: "data" in the checkout, "syllabus_audit.data" in the installed
# wheel, which keeps every package under syllabus_audit (README, "Layout").
_DATA_PACKAGE = ".".join([*__package__.split(".")[:-1], "data"])


# Bump when the flattened catalogue's layout changes: the kept copy is named by it and the file.
_KEPT_FORMAT = b"labels 1"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All labels, flattened to ``{"table.key": {"kk": ..., "ru": ..., "en": ...}}``.

    Parsing the 90 KB of TOML took 26-44 ms of every command's start-up (issue 13), JSON of the
    same catalogue 2 ms: the flattened catalogue is kept in the user's cache folder, named by a
    digest of the file, and parsed from the TOML again whenever that copy is missing or not sound.
    """
    data = catalogue_source()
    kept_at = kept.kept_file("labels", [_KEPT_FORMAT, data])
    flat = kept.read(kept_at, _is_catalogue) if kept_at is not None else None
    if flat is None:
        flat = _flatten(tomllib.loads(data.decode("utf-8")))
        if kept_at is not None:
            kept.keep(kept_at, flat)
    return flat


def catalogue_source() -> bytes:
    """The catalogue's file, ``data/labels.toml``, as it is on disk."""
    return resources.files(_DATA_PACKAGE).joinpath("labels.toml").read_bytes()


def _flatten(raw: dict[str, Any]) -> dict[str, dict[str, str]]:
    flat: dict[str, dict[str, str]] = {}
    for table, entries in raw.items():
        for key, texts in entries.items():
            flat[f"{table}.{key}"] = dict(texts)
    return flat


def _is_catalogue(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(texts, dict)
        and all(isinstance(lang, str) and isinstance(text, str) for lang, text in texts.items())
        for key, texts in value.items())


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return lang


class Labels:
    """Labels of one language: ``Labels("kk")("column.id")``, ``labels.value(Severity.major)``."""

    def __init__(self, lang: str) -> None:
        self.lang = check_language(lang)

    def __call__(self, key: str) -> str:
        try:
            return catalogue()[key][self.lang]
        except KeyError:
            raise KeyError(f"no {self.lang!r} label for {key!r} in data/labels.toml") from None

    def value(self, table: str, value: str | Enum | None) -> str:
        """The label of an enumerated value, e.g. ``value("severity", Severity.major)``.

        ``None`` maps to the table's ``none`` entry; an unknown value is shown as is rather than
        dropped, so a new enum member never blanks a report cell.
        """
        if isinstance(value, Enum):
            value = value.value
        key = f"{table}.{'none' if value is None else value}"
        if key in catalogue():
            return self(key)
        return "" if value is None else str(value)

    def column(self, name: str) -> str:
        return self(f"column.{name}")

    def __contains__(self, key: str) -> bool:
        return key in catalogue()

    def seen_at(self, seen: SeenAt | dict[str, Any] | None) -> str:
        """Where a part was seen, as people count (from 1): "5-бет, 2-кесте, 1-жол", "стр. 5,
        таблица 2, строка 1", "p. 5, table 2, row 1". ``seen``: a ``SeenAt`` or its dict; None gives ""."""
        if seen is None:
            return ""
        data = seen if isinstance(seen, dict) else seen.model_dump()
        places = ("page", "table", "row", "column") if data.get("table") is not None else ("page", "paragraph")
        return ", ".join(self(f"where.{p}").format(n=data[p]) for p in places if data.get(p) is not None)


    # ----- texts the rules and readers write in English, in the report language -----------------
    def rule_title(self, code: str, fallback: str = "") -> str:
        """A rule's title ("Every practical / laboratory topic ... is assessed"), never its code
        name; an unknown rule shows its code (the fallback only in English)."""
        key = f"rule.{code}"
        if key in catalogue():
            return self(key)
        return fallback if self.lang == "en" and fallback else code

    def requirement(self, text: str | None) -> str:
        """The requirement a rule enforces: its norm, the norm's item in brackets and the policy
        keys, each translated ("...; institution policy: hours.split" → "...; ұйым саясаты: hours.split")."""
        if not text or self.lang == "en":
            return text or ""
        norms = _by_english("norm")
        items = _by_english("norm_item")
        out = []
        for piece in text.split("; "):
            policy = norms.get("institution policy")
            if policy and piece.startswith("institution policy: "):
                out.append(f"{self(policy)}: {piece[len('institution policy: '):]}")
                continue
            done = piece
            for en_text in sorted(norms, key=len, reverse=True):
                if piece.startswith(en_text):
                    rest = piece[len(en_text):]
                    m = re.fullmatch(r" \((.+)\)", rest)
                    if not rest:
                        done = self(norms[en_text])
                    elif m and m.group(1) in items:
                        done = f"{self(norms[en_text])} ({self(items[m.group(1)])})"
                    break
            out.append(done)
        return "; ".join(out)

    def value_text(self, text: str | None) -> str:
        """An expected or actual value as the rules write it: numbers, codes and quotes stay,
        words ("assessed", "a date", "gap 49-50", "main") are translated."""
        if text is None or text == "" or self.lang == "en":
            return text or ""
        values = _by_english("value")
        if text in values:
            return self(values[text])
        for key, pattern in _patterns():
            m = pattern.fullmatch(text)
            if m:
                return self(f"value_pattern.{key}").format(**m.groupdict())
        if ", " in text:
            pieces = text.split(", ")
            if any(p in values for p in pieces):
                return ", ".join(self(values[p]) if p in values else p for p in pieces)
        # "3 (main)": a literature list named in brackets
        return re.sub(r"\((main|additional)\)", lambda m: f"({self(values[m.group(1)])})", text)

    def error_text(self, text: str | None) -> str:
        """Why a document could not be read, from the reader's error ("path: Title: detail"):
        the title in the report language. The technical detail is English and kept only in en."""
        if not text:
            return ""
        if self.lang == "en":
            return text
        errors = _by_english("error")
        for en_text in sorted(errors, key=len, reverse=True):
            if en_text in text:
                return self(errors[en_text])
        return self("error.unreadable")


@cache
def _by_english(table: str) -> dict[str, str]:
    """English text → key, for a table whose entries are matched by the English they translate."""
    return {texts["en"]: key for key, texts in catalogue().items() if key.startswith(table + ".")}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for key, texts in catalogue().items():
        if key.startswith("value_pattern."):
            rx = re.escape(texts["en"])
            rx = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>.+?)", rx)
            out.append((key.split(".", 1)[1], re.compile(rx)))
    return out


def t(key: str, lang: str) -> str:
    return Labels(lang)(key)
