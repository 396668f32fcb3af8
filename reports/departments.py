"""One department under all its names: "ЖТҒМ", "Школа наук о Земле" and "School of Earth
Sciences" are one department when the settings' ``[departments]`` table says so.

The table maps each department's canonical name (the one the reports show) to its variants;
names are compared without regard to case, spacing, quotes or the Kazakh/Russian "кафедрасы" /
"кафедра" words around them being written or not. A name the table does not know is kept as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[\"'«»“”„]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .,;")


def alias_index(table: Mapping[str, Sequence[str]] | None) -> dict[str, str]:
    """Normalised variant (and canonical name) → canonical name."""
    out: dict[str, str] = {}
    for canonical, variants in (table or {}).items():
        for name in (canonical, *variants):
            out.setdefault(_norm(name), canonical)
    return out


def canonical(name: str | None, table: Mapping[str, Sequence[str]] | None, index: dict[str, str] | None = None) -> str | None:
    if not name:
        return name
    index = alias_index(table) if index is None else index
    return index.get(_norm(name), name)


def slug(name: str, limit: int = 60) -> str:
    """A file-name part for a department: letters and digits of any script, '_' between."""
    return re.sub(r"[^\w]+", "_", name, flags=re.UNICODE).strip("_")[:limit] or "department"
