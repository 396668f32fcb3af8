"""Which file a SQLite database URL names: one answer for the register's commands and the cache
(``pipeline.cache.default_folder``), so "is this register a file, and which one" cannot be judged
two ways."""

from __future__ import annotations

from pathlib import Path


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database at ``url``, resolved; None for other databases, in-memory
    ones and ``file:`` URIs (whose path SQLite itself interprets)."""
    from sqlalchemy.engine import make_url  # here, not above: the commands' options import this module

    parsed = make_url(url)
    db = parsed.database
    if parsed.get_backend_name() != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db).expanduser().resolve()
