"""Opening a register: engine set-up, schema migration to head, sessions, and the ``Register`` facade.

- URL: any SQLAlchemy URL; ``None`` means ``$SYLLABUS_AUDIT_REGISTER``, else
  ``sqlite:///register.sqlite3`` (a file in the working directory, no set-up).
- Every open runs ``alembic upgrade head`` (build the alembic Config in code; no alembic.ini), so
  an existing register survives upgrades of the tool. Concurrent opens serialise the migration
  (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory transaction lock).
- SQLite: WAL journal (readers never block the writer), a busy timeout (a writer waits for another
  instead of failing at once), foreign keys on, and SQLAlchemy emits BEGIN itself so a transaction
  really covers its SELECTs (the sqlite3 driver's legacy mode would not). Write transactions start
  with ``BEGIN IMMEDIATE``: they take the write lock up front, so two writers queue rather than
  deadlock on a lock upgrade.
"""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, selectinload

from checks.finding import Finding
from reports.records import Nonconformity, Status, SyllabusRef
from reports.register.build import Deadlines, build_records, course_key_of
from reports.register.convert import to_model
from reports.register.errors import UnknownRecord
from reports.register.lifecycle import RunOutcome, apply_run
from reports.register.lock import PG_LOCK_NAMESPACE, PG_MIGRATION_LOCK, RunLock
from reports.register.schema import NonconformityRow, RunRow, RunSyllabusRow

ENV_VAR = "SYLLABUS_AUDIT_REGISTER"
DEFAULT_URL = "sqlite:///register.sqlite3"
MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_S = 60.0


def resolve_url(url: str | None) -> str:
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def make_engine(url: str, busy_timeout_s: float = BUSY_TIMEOUT_S) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)

    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": busy_timeout_s})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see module doc)
        cursor = dbapi_connection.cursor()
        try:
            if database and database != ":memory:":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("register_write") else "BEGIN")

    return engine


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # only a wheel built without reports/register/migrations/versions
        raise RuntimeError(f"no register migrations found in {MIGRATIONS}")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the register's schema to ``revision`` in one transaction, serialised between processes."""
    cfg = alembic_config()
    with engine.execution_options(register_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:ns, :k)"), {"ns": PG_LOCK_NAMESPACE, "k": PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


class Register:
    """A nonconformity register. Use ``open_register(url)``."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._write_engine = engine.execution_options(register_write=True)
        self._held: RunLock | None = None

    # --- sessions
    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back entirely on any exception."""
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    # --- the run lock
    @contextmanager
    def run_lock(self, run_id: str, wait: float = 0.0) -> Iterator[None]:
        """Hold the register for a whole audit run (extraction included), so a second run refuses
        early. ``record_run`` inside the block reuses it."""
        if self._held is not None:
            yield
            return
        lock = RunLock(self.engine, run_id, wait)
        with lock:
            self._held = lock
            try:
                yield
            finally:
                self._held = None

    # --- the audit's entry point
    def record_run(
        self,
        run_id: str,
        findings_with_syllabi: Iterable[tuple[Finding, SyllabusRef]],
        audited_courses: Iterable[SyllabusRef | str],
        when: datetime | None = None,
        *,
        policy: Deadlines = None,
        tool_version: str | None = None,
        policy_version: str | None = None,
        started: datetime | None = None,
        lock_wait: float = 0.0,
        syllabi: Iterable[Mapping[str, Any]] = (),
        syllabi_audited: int | None = None,
        collisions: list[dict[str, Any]] | None = None,
    ) -> RunOutcome:
        """Record one audit run: new findings become records, findings seen again are updated,
        records whose syllabus was audited and whose finding is gone are resolved, resolved/closed
        records whose finding is back are reopened as recurrences. See ``lifecycle.apply_run``.

        ``findings_with_syllabi``: every finding of the run with the syllabus it was found in.
        ``audited_courses``: every syllabus that was read and checked in this run (with or without
        findings); a record is resolved only if its course is among them.
        ``policy``: the deadlines, the policy's ``[procedure]`` (``checks.policy.ProcedurePolicy``).
        ``syllabi``: what the run made of each syllabus (columns of ``run_syllabi``), kept so that the
        run's reports can be rendered again later. ``syllabi_audited``, ``collisions``: see ``apply_run``.
        All of it is one transaction under the run lock: a crash leaves the register as it was.
        """
        when = when or datetime.now()
        records = build_records(findings_with_syllabi, run_id, when, policy)
        keys = {c if isinstance(c, str) else course_key_of(c) for c in audited_courses}
        with self.run_lock(run_id, wait=lock_wait), self.write() as session:
            outcome = apply_run(
                session,
                run_id,
                records,
                keys,
                when,
                policy=policy,
                tool_version=tool_version,
                policy_version=policy_version,
                started=started,
                syllabi_audited=syllabi_audited,
                collisions=collisions,
            )
            session.add_all(RunSyllabusRow(run_id=run_id, **dict(s)) for s in syllabi)
            return outcome

    # --- reading
    def get(self, nc_id: str) -> Nonconformity:
        with self.read() as session:
            row = session.get(
                NonconformityRow, nc_id, options=[selectinload(NonconformityRow.actions), selectinload(NonconformityRow.history)]
            )
            if row is None:
                raise UnknownRecord(nc_id)
            return to_model(row)

    def list(self, statuses: Iterable[Status | str] | None = None, department: str | None = None) -> list[Nonconformity]:
        with self.read() as session:
            stmt = select(NonconformityRow).options(
                selectinload(NonconformityRow.actions), selectinload(NonconformityRow.history)
            )
            if statuses:
                stmt = stmt.where(NonconformityRow.status.in_([Status(s).value for s in statuses]))
            if department:
                stmt = stmt.where(NonconformityRow.department == department)
            return [to_model(r) for r in session.scalars(stmt.order_by(NonconformityRow.id))]

    def run_syllabi(self, run_id: str) -> builtins.list[dict[str, Any]]:
        """What a run made of each syllabus it read, as recorded by ``record_syllabi``."""
        with self.read() as session:
            rows = session.scalars(select(RunSyllabusRow).where(RunSyllabusRow.run_id == run_id).order_by(RunSyllabusRow.id))
            return [{c.name: getattr(r, c.name) for c in RunSyllabusRow.__table__.columns if c.name not in ("id", "run_id")}
                    for r in rows]

    def files_by_course_key(self, keys: Iterable[str]) -> dict[str, set[str]]:
        """For each key, the files its records were last seen in (for ``identity.assign_identities``)."""
        keys = sorted(set(keys))
        out: dict[str, set[str]] = {}
        with self.read() as session:
            for i in range(0, len(keys), 500):
                stmt = select(NonconformityRow.course_key, NonconformityRow.file).where(
                    NonconformityRow.course_key.in_(keys[i : i + 500]))
                for key, file in session.execute(stmt):
                    out.setdefault(key, set()).add(file)
        return out

    def runs(self) -> builtins.list[RunRow]:
        with self.read() as session:
            return list(session.scalars(select(RunRow).order_by(RunRow.started)))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_register(url: str | None = None, *, migrate: bool = True, busy_timeout_s: float = BUSY_TIMEOUT_S) -> Register:
    """Open (creating if need be) the register at ``url`` and bring its schema to the current head."""
    engine = make_engine(resolve_url(url), busy_timeout_s)
    if migrate and current_revision(engine) != head_revision():
        upgrade(engine)
    return Register(engine)


if __name__ == "__main__":  # python -m reports.register.store upgrade [URL]
    if len(sys.argv) >= 2 and sys.argv[1] == "upgrade":
        eng = make_engine(resolve_url(sys.argv[2] if len(sys.argv) > 2 else None))
        upgrade(eng)
        print("register schema at", current_revision(eng))
    else:
        print("usage: python -m reports.register.store upgrade [URL]")
