"""Report labels in the three languages of the user interface (kk, ru, en).

The labels live in ``data/labels.toml`` as ``[table] key = { kk = ..., ru = ..., en = ... }`` and are
addressed as ``"table.key"``. The report language is chosen by the user (``--lang``) and never
follows the syllabus language. A missing label is an error, not a silent fallback: the test suite
checks that every key has all three languages.
"""

from __future__ import annotations

import tomllib
from enum import Enum
from functools import lru_cache
from importlib import resources

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All labels, flattened to ``{"table.key": {"kk": ..., "ru": ..., "en": ...}}``."""
    raw = tomllib.loads(resources.files("data").joinpath("labels.toml").read_text(encoding="utf-8"))
    flat: dict[str, dict[str, str]] = {}
    for table, entries in raw.items():
        for key, texts in entries.items():
            flat[f"{table}.{key}"] = dict(texts)
    return flat


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

    def seen_at(self, seen) -> str:
        """Where a part was seen, as people count (from 1): "5-бет, 2-кесте, 1-жол", "стр. 5,
        таблица 2, строка 1", "p. 5, table 2, row 1". ``seen``: a ``SeenAt`` or its dict; None gives ""."""
        if seen is None:
            return ""
        data = seen if isinstance(seen, dict) else seen.model_dump()
        places = ("page", "table", "row", "column") if data.get("table") is not None else ("page", "paragraph")
        return ", ".join(self(f"where.{p}").format(n=data[p]) for p in places if data.get(p) is not None)


def t(key: str, lang: str) -> str:
    return Labels(lang)(key)
