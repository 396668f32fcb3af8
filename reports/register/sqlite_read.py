"""Reading the records of a SQLite register without SQLAlchemy, for the commands that only read
them (``register list``, ``register show``).

Why: importing SQLAlchemy (0.25 s on a quiet 2-core machine), its ORM (0.07 s) and declaring the
tables (``schema``) cost more than the whole start-up a listing may take (issue 13: ≤ 0.3 s);
Python's own ``sqlite3`` costs a few milliseconds. The SQL below is what ``store.Register.records`` and
``store.Register.record`` send (the same conditions, field by field, as ``store._conditions``), read
into the same ``api.Record`` through the same conversion (``api.record_from``), with each column
converted as SQLAlchemy's SQLite dialect converts it (dates and times by ``fromisoformat``, JSON by
``json.loads``). tests/register/test_sqlite_read.py holds the two paths equal on the same registers,
query by query, and the commands' output equal either way.

Only a plain SQLite file that is already a register at ``SCHEMA_HEAD`` is read here: ``open_reader``
returns ``None`` for anything else (a database server, which keeps using SQLAlchemy; a URL with
options or escapes this module does not parse; a missing file; a register at another revision,
which the SQLAlchemy path migrates or refuses), and the caller goes through ``store`` as before, so
every refusal keeps its one wording. Nothing here writes: the connection is set up as
``store.make_engine`` sets it up (same pragmas, same busy timeout) and reads in one transaction.
"""

from __future__ import annotations

import json
import numbers
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from reports.register.api import Record, RecordQuery, record_from
from reports.register.defaults import BUSY_TIMEOUT_S, SCHEMA_HEAD
from reports.register.errors import InvalidInput, UnknownRecord
from reports.status import Status

__all__ = ["SQLiteReader", "open_reader", "plain_sqlite_path"]

# "sqlite:///relative/file" or "sqlite:////absolute/file", with the default driver. Anything
# SQLAlchemy would read differently from the path as written (a query string, %-escapes, another
# driver, a host part, file: URIs, an in-memory database) is left to SQLAlchemy.
_PLAIN = re.compile(r"sqlite(?:\+pysqlite)?:///(?P<path>[^?%#]+)")


def plain_sqlite_path(url: str) -> Path | None:
    """The file a plain SQLite URL names, resolved as ``sqlite_file.sqlite_file`` resolves it, or
    ``None`` when ``url`` is not one this module reads without SQLAlchemy (which then parses it)."""
    m = _PLAIN.fullmatch(url)
    if m is None:
        return None
    db = m.group("path")
    if db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db).expanduser().resolve()


# --- columns, converted as SQLAlchemy's SQLite dialect converts them on reading


def _json(value: Any) -> Any:
    """``sqlalchemy.dialects.sqlite.JSON``: ``json.loads``, and a number SQLite's affinity already
    made a number is kept."""
    if value is None:
        return None
    try:
        return json.loads(value)
    except TypeError:
        if isinstance(value, numbers.Number):
            return value
        raise


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _datetime(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


# SQLAlchemy's storage format of a SQLite DATETIME, for a value bound in a comparison
_DATETIME_BOUND = "%Y-%m-%d %H:%M:%S.%f"

Converters = dict[str, Callable[[Any], Any]]
RECORD_COLUMNS: Converters = {
    "evidence": _json, "detected_on": _date, "review_deadline": _date, "cause_analysis_deadline": _date,
    "last_audited_at": _datetime,
}
ACTION_COLUMNS: Converters = {"co_executors": _json, "due": _date, "created_at": _datetime}
CHANGE_COLUMNS: Converters = {"at": _datetime}


def _row(row: sqlite3.Row, converters: Converters) -> SimpleNamespace:
    # a sqlite3.Row iterates over its values: its column names are keys()
    names = row.keys()
    return SimpleNamespace(**{k: converters[k](row[k]) if k in converters else row[k] for k in names})


def _conditions(q: RecordQuery) -> tuple[list[str], list[Any]]:
    """``store._conditions`` in SQL: one condition per field of ``q`` given, in the same order."""
    sql: list[str] = []
    params: list[Any] = []

    def among(column: str, values: list[Any]) -> None:
        # an empty list lets nothing through, as SQLAlchemy's empty IN does
        sql.append(f"{column} IN ({', '.join('?' * len(values))})" if values else "1 != 1")
        params.extend(values)

    if q.statuses:
        among("status", sorted(Status(s).value for s in q.statuses))
    if q.departments is not None:
        among("department", sorted(q.departments or ()))
    if q.severities:
        among("severity", sorted(q.severities))
    if q.rule:
        sql.append("rule = ?")
        params.append((q.rule or "").upper())
    if q.course:
        like = f"%{(q.course or '').lower()}%"
        sql.append("(lower(course_code) LIKE ? OR lower(course_title) LIKE ?)")
        params.extend([like, like])
    if q.fingerprint is not None:
        sql.append("fingerprint = ?")
        params.append(q.fingerprint)
    if q.root_cause_fingerprint is not None:
        sql.append("root_cause_fingerprint = ?")
        params.append(q.root_cause_fingerprint)
    if q.ids is not None:
        among("id", sorted(q.ids or ()))
    return sql, params


class SQLiteReader:
    """The read side of ``store.Register`` (``records``, ``record``) on one SQLite register file.
    Made by ``open_reader``, which has checked that the file is a register at ``SCHEMA_HEAD``."""

    def __init__(self, connection: sqlite3.Connection):
        self._conn = connection

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction, as ``store.Register.read``."""
        self._conn.execute("BEGIN")
        try:
            yield self._conn
        finally:
            self._conn.execute("COMMIT")

    def _records(self, conn: sqlite3.Connection, where: list[str], params: list[Any]) -> list[Record]:
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = [_row(r, RECORD_COLUMNS) for r in conn.execute(f"SELECT * FROM nonconformities{clause} ORDER BY id", params)]
        if not rows:
            return []
        chosen = f"SELECT id FROM nonconformities{clause}"
        actions: dict[str, list[SimpleNamespace]] = defaultdict(list)
        for r in conn.execute(f"SELECT * FROM corrective_actions WHERE nonconformity_id IN ({chosen}) ORDER BY id",
                              params):
            actions[r["nonconformity_id"]].append(_row(r, ACTION_COLUMNS))
        history: dict[str, list[SimpleNamespace]] = defaultdict(list)
        for r in conn.execute(f"SELECT * FROM status_history WHERE nonconformity_id IN ({chosen}) ORDER BY id", params):
            history[r["nonconformity_id"]].append(_row(r, CHANGE_COLUMNS))
        return [record_from(row, actions.get(row.id, ()), history.get(row.id, ())) for row in rows]

    def records(self, query: RecordQuery | None = None) -> list[Record]:
        """``store.Register.records``: the records ``query`` lets through, in id order."""
        q = query or RecordQuery()
        where, params = _conditions(q)
        with self._read() as conn:
            if q.first_run_after:
                run = conn.execute("SELECT started FROM runs WHERE id = ?", (q.first_run_after,)).fetchone()
                if run is None:
                    raise InvalidInput(f"no run {q.first_run_after!r} in the register")
                # the run's start as SQLAlchemy binds it: parsed, then written in its storage format
                where.append("first_run IN (SELECT id FROM runs WHERE started > ?)")
                params.append(_datetime(run["started"]).strftime(_DATETIME_BOUND))  # type: ignore[union-attr]
            return self._records(conn, where, params)

    def record(self, nc_id: str) -> Record:
        """``store.Register.record``: one record (``UnknownRecord`` if there is none with that id)."""
        wanted = (nc_id or "").strip().upper()
        with self._read() as conn:
            found = self._records(conn, ["id = ?"], [wanted])
        if not found:
            raise UnknownRecord(wanted)
        return found[0]

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SQLiteReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(path: Path, busy_timeout_s: float) -> sqlite3.Connection:
    """A connection set up as ``store.make_engine`` sets up SQLAlchemy's (WAL, busy timeout, foreign
    keys; transactions begun explicitly)."""
    conn = sqlite3.connect(str(path), timeout=busy_timeout_s, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        conn.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        conn.close()
        raise
    return conn


def open_reader(url: str, busy_timeout_s: float = BUSY_TIMEOUT_S) -> SQLiteReader | None:
    """A reader of the register at ``url`` when it is a plain SQLite file holding a register at
    ``SCHEMA_HEAD``; ``None`` otherwise, and also when SQLite fails to open or read it, so that the
    SQLAlchemy path checks it and says what is wrong in its own words."""
    path = plain_sqlite_path(url)
    if path is None or not path.is_file():
        return None
    try:
        conn = _connect(path, busy_timeout_s)
    except sqlite3.Error:
        return None
    try:
        has_versions = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
        versions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")] if has_versions else []
    except sqlite3.Error:
        conn.close()
        return None
    if versions != [SCHEMA_HEAD]:
        conn.close()
        return None
    return SQLiteReader(conn)
