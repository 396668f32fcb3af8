"""Opening a register: engine set-up, schema migration to head, sessions, and the ``Register`` facade.

- URL: any SQLAlchemy URL; ``None`` means ``$SYLLABUS_AUDIT_REGISTER``, else
  ``sqlite:///register.sqlite3`` (a file in the working directory, no set-up).
- Every open brings the schema to head with ``alembic upgrade head`` (the alembic Config built in
  code; no alembic.ini), so an existing register survives upgrades of the tool. The revision is
  read with one query first (``current_revision``): a register already at ``SCHEMA_HEAD`` is
  opened without importing alembic at all. Concurrent opens serialise the migration
  (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory transaction lock).
- SQLite: WAL journal (readers never block the writer), a busy timeout (a writer waits for another
  instead of failing at once), foreign keys on, and SQLAlchemy emits BEGIN itself so a transaction
  really covers its SELECTs (the sqlite3 driver's legacy mode would not). Write transactions start
  with ``BEGIN IMMEDIATE``: they take the write lock up front, so two writers queue rather than
  deadlock on a lock upgrade.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import create_engine, event, func, insert, inspect, or_, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.elements import ColumnElement

from reports.register.api import Record, RecordQuery, Run, RunSyllabus, record_from
from reports.register.convert import to_model, to_record, to_run, to_run_syllabus
from reports.register.defaults import BUSY_TIMEOUT_S, DEFAULT_URL, ENV_VAR, SCHEMA_HEAD, resolve_url
from reports.register.errors import InvalidInput, UnknownRecord, database_failures
from reports.register.schema import CorrectiveActionRow, NonconformityRow, RunRow, RunSyllabusRow, StatusHistoryRow
from reports.status import Status

if TYPE_CHECKING:
    from alembic.config import Config

    from checks.finding import Finding
    from reports.records import Nonconformity, SyllabusRef
    from reports.register.accounts import User
    from reports.register.build import Deadlines
    from reports.register.lifecycle import RunOutcome
    from reports.register.lock import RunLock
    from reports.register.xlsx_roundtrip import ImportResult

Guard = Callable[[Record], None]
_KEEP: Any = object()  # plan(): leave the root cause as it is

__all__ = ["BUSY_TIMEOUT_S", "DEFAULT_URL", "ENV_VAR", "SCHEMA_HEAD", "Register", "alembic_config",
           "current_revision", "head_revision", "make_engine", "open_register", "resolve_url", "upgrade"]

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"  # alembic's default, which env.py keeps
_FULL = (selectinload(NonconformityRow.actions), selectinload(NonconformityRow.history))


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
    from alembic.config import Config  # alembic only when a migration is run or listed

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The newest revision of ``migrations/versions``, read by alembic (``SCHEMA_HEAD`` says it cheaply)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # only a wheel built without reports/register/migrations/versions
        raise RuntimeError(f"no register migrations found in {MIGRATIONS}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The register's schema revision, as alembic keeps it (``None``: no register tables), read
    with one query rather than alembic's migration context, so opening a register that is up to
    date never imports alembic."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        versions = list(conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    if len(versions) > 1:  # branches: never made by this tool's linear history; let alembic say
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return versions[0] if versions else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the register's schema to ``revision`` in one transaction, serialised between processes."""
    from alembic import command

    from reports.register.lock import PG_LOCK_NAMESPACE, PG_MIGRATION_LOCK

    cfg = alembic_config()
    with engine.execution_options(register_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:ns, :k)"), {"ns": PG_LOCK_NAMESPACE, "k": PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _conditions(q: RecordQuery) -> builtins.list[ColumnElement[bool]]:
    """The SQL conditions of a ``RecordQuery`` (but ``first_run_after``, which needs the run): one
    per field given, so every filter is written once, next to its field."""
    nc = NonconformityRow
    like = f"%{(q.course or '').lower()}%"
    given: builtins.list[tuple[object, Callable[[], ColumnElement[bool]]]] = [
        (q.statuses, lambda: nc.status.in_(sorted(Status(s).value for s in q.statuses))),
        (q.departments is not None, lambda: nc.department.in_(sorted(q.departments or ()))),
        (q.severities, lambda: nc.severity.in_(sorted(q.severities))),
        (q.rule, lambda: nc.rule == (q.rule or "").upper()),
        (q.course, lambda: or_(func.lower(nc.course_code).like(like), func.lower(nc.course_title).like(like))),
        (q.fingerprint is not None, lambda: nc.fingerprint == q.fingerprint),
        (q.root_cause_fingerprint is not None, lambda: nc.root_cause_fingerprint == q.root_cause_fingerprint),
        (q.ids is not None, lambda: nc.id.in_(sorted(q.ids or ()))),
    ]
    return [make() for wanted, make in given if wanted]


def _records_of(session: Session, stmt: Any) -> builtins.list[Record]:
    """The ``Record`` of each ``nonconformities`` row ``stmt`` selects (a select of the table, not
    of the mapped class), with its corrective actions and history in id order, as
    ``selectinload`` gives a mapped row's: the same columns through the same column types, read as
    plain rows. Why: making a mapped object of every row, action and history entry only to convert
    it (``to_record``) was most of reading the records for a night's report."""
    rows = session.execute(stmt).all()
    ids = [r.id for r in rows]
    actions: dict[str, builtins.list[Any]] = {}
    history: dict[str, builtins.list[Any]] = {}
    for table, into in ((CorrectiveActionRow.__table__, actions), (StatusHistoryRow.__table__, history)):
        for i in range(0, len(ids), 500):  # selectinload's chunk: under every database's parameter limit
            chunk = select(table).where(table.c.nonconformity_id.in_(ids[i : i + 500])).order_by(table.c.id)
            for child in session.execute(chunk):
                into.setdefault(child.nonconformity_id, []).append(child)
    return [record_from(r, actions.get(r.id, ()), history.get(r.id, ())) for r in rows]


def _insert_run_syllabi(session: Session, run_id: str, syllabi: Iterable[Mapping[str, Any]]) -> None:
    """The run's ``run_syllabi`` rows, in the order given, in one bulk ``INSERT`` (SQLAlchemy's ORM
    bulk insert: the same column defaults, ``None`` in a JSON column stored as JSON ``null`` and a
    key left out as SQL ``NULL``, as when each row was added as an object). Why: making and
    flushing a mapped object per syllabus was a quarter of ``record_run`` on a warm night.
    A key that is not a column is refused as the mapped class refuses it (the bulk insert would
    drop it silently)."""
    columns = set(RunSyllabusRow.__table__.columns.keys())
    rows = []
    for given in syllabi:
        row = dict(given)
        if "run_id" in row:
            raise TypeError(f"{RunSyllabusRow.__name__}() got multiple values for keyword argument 'run_id'")
        unknown = [k for k in row if k not in columns]
        if unknown:
            raise TypeError(f"{unknown[0]!r} is an invalid keyword argument for {RunSyllabusRow.__name__}")
        row["run_id"] = run_id
        rows.append(row)
    if rows:
        session.execute(insert(RunSyllabusRow), rows)


class Register:
    """A nonconformity register: the one interface to it. Use ``open_register(url)``.

    Commands and pages use the typed methods: ``records``/``record`` (``api.Record``), ``runs``
    (``api.Run``), ``syllabi_of_run`` (``api.RunSyllabus``), ``department_names``, ``rules``;
    ``assign``, ``plan``, ``close_record``, ``verify_record`` (``close()`` closes the register itself);
    ``export_xlsx``, ``import_xlsx``; the web's accounts (``user``, ``authenticate``,
    ``set_user_language``, ``session_secret``); the audit's ``record_run``. Each is one transaction
    and returns detached results, never a row or a session. ``database_failures()`` turns a
    failure of the database into ``errors.RegisterUnusable``, for a command that handles only the
    register's own errors.

    Why here: this class holds the engine, and a method's transaction is the unit every caller
    needs; ``api`` (its result types) is kept apart so that a command can build its options and
    ``--help`` from it without importing SQLAlchemy.
    A changing method takes ``guard``: called with the record as it is under the write lock, before
    anything changes, it may raise to refuse (a form filled in against an older ``version``, a
    record outside what the user may change); the transaction is then rolled back.

    ``read()``/``write()`` (sessions over ``schema``'s rows) are for the register's own modules
    (``human``, ``lifecycle``, ``xlsx_roundtrip``) and its tests.
    """

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

    @contextmanager
    def database_failures(self) -> Iterator[None]:
        """Inside the block, a failure of the database is ``errors.RegisterUnusable`` (its
        ``cause`` the original): for a command that handles the register's errors only, and so
        need not import SQLAlchemy to tell a broken database from a bug."""
        with database_failures():
            yield

    # --- the run lock
    @contextmanager
    def run_lock(self, run_id: str, wait: float = 0.0) -> Iterator[None]:
        """Hold the register for a whole audit run (extraction included), so a second run refuses
        early. ``record_run`` inside the block reuses it."""
        if self._held is not None:
            yield
            return
        from reports.register.lock import RunLock

        lock = RunLock(self.engine, run_id, wait)
        with lock:
            self._held = lock
            try:
                yield
            finally:
                self._held = None

    # --- the audit's entry point (build, lifecycle and the run lock are imported in it: reading pays for none)
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
        from reports.register.build import build_records, course_key_of
        from reports.register.lifecycle import apply_run

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
            _insert_run_syllabi(session, run_id, syllabi)
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
        """What a run made of each syllabus it read, as dicts in the order it recorded them."""
        return [s.as_dict() for s in self.syllabi_of_run(run_id, order="recorded")]

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

    def runs(self) -> builtins.list[Run]:
        """Every recorded run, oldest first."""
        with self.read() as session:
            return [to_run(r) for r in session.scalars(select(RunRow).order_by(RunRow.started))]

    def syllabi_of_run(self, run_id: str, departments: Iterable[str] | None = None, *,
                       order: Literal["course", "recorded"] = "course") -> builtins.list[RunSyllabus]:
        """What a run made of each syllabus it read (only those of ``departments``, if given), by
        course code and file, or (``order="recorded"``) in the order the run recorded them, which
        the run's reports keep."""
        with self.read() as session:
            stmt = select(RunSyllabusRow).where(RunSyllabusRow.run_id == run_id)
            if departments is not None:
                stmt = stmt.where(RunSyllabusRow.department.in_(list(departments)))
            if order == "recorded":
                stmt = stmt.order_by(RunSyllabusRow.id)
            else:
                stmt = stmt.order_by(RunSyllabusRow.course_code, RunSyllabusRow.file)
            return [to_run_syllabus(r) for r in session.scalars(stmt)]

    # --- records, typed
    def record(self, nc_id: str) -> Record:
        """One record (``UnknownRecord`` if there is none with that id, in any case)."""
        with self.read() as session:
            row = session.get(NonconformityRow, (nc_id or "").strip().upper(), options=_FULL)
            if row is None:
                raise UnknownRecord((nc_id or "").strip().upper())
            return to_record(row)

    def records(self, query: RecordQuery | None = None) -> builtins.list[Record]:
        """The records ``query`` lets through, in id order."""
        q = query or RecordQuery()
        with self.read() as session:
            stmt = select(NonconformityRow.__table__).where(*_conditions(q))
            if q.first_run_after:
                run = session.get(RunRow, q.first_run_after)
                if run is None:
                    raise InvalidInput(f"no run {q.first_run_after!r} in the register")
                stmt = stmt.where(NonconformityRow.first_run.in_(select(RunRow.id).where(RunRow.started > run.started)))
            return _records_of(session, stmt.order_by(NonconformityRow.id))

    def department_names(self) -> set[str]:
        """Every department name the register's records and runs' syllabi are written with."""
        with self.read() as session:
            names = set(session.scalars(select(NonconformityRow.department).distinct()))
            names |= set(session.scalars(select(RunSyllabusRow.department).distinct()))
        return {n for n in names if n is not None}

    def rules(self) -> builtins.list[str]:
        """The rules the register has records of."""
        with self.read() as session:
            return sorted(session.scalars(select(NonconformityRow.rule).distinct()))

    # --- what people do (``human``), each one transaction
    @contextmanager
    def _change(self, nc_id: str, guard: Guard | None) -> Iterator[tuple[Session, NonconformityRow]]:
        from reports.register import human

        with self.write() as session:
            row = human.load(session, nc_id)
            if guard is not None:
                guard(to_record(row))
            yield session, row

    def assign(self, nc_id: str, *, action: str, responsible: str, due: date | str, co_executors: Sequence[str] = (),
               result_mark: str | None = None, by: str, when: datetime | None = None,
               guard: Guard | None = None) -> Record:
        """Plan a corrective action (``human.assign``); the record as it is afterwards."""
        return self.plan(nc_id, action=action, responsible=responsible, due=due, co_executors=co_executors,
                         result_mark=result_mark, by=by, when=when, guard=guard)

    def plan(self, nc_id: str, *, by: str, when: datetime | None = None, action: str | None = None,
             responsible: str = "", due: date | str = "", co_executors: Sequence[str] = (),
             result_mark: str | None = None, root_cause: str | None = _KEEP, guard: Guard | None = None) -> Record:
        """A corrective action (when ``action`` is not ``None``: ``human.assign``) and/or the root
        cause (when given: ``human.set_root_cause``), in one transaction."""
        from reports.register import human

        when = when or datetime.now()
        with self._change(nc_id, guard) as (session, row):
            if action is not None:
                human.assign(session, row.id, action=action, responsible=responsible, due=due,
                             co_executors=co_executors, result_mark=result_mark, by=by, when=when)
            if root_cause is not _KEEP:
                human.set_root_cause(row, root_cause, by=by, when=when)
            session.flush()
            return to_record(row)

    def close_record(self, nc_id: str, *, comment: str, by: str, when: datetime | None = None,
              guard: Guard | None = None) -> Record:
        """Close a record (``human.close``)."""
        from reports.register import human

        with self._change(nc_id, guard) as (session, row):
            human.close(session, row.id, comment=comment, by=by, when=when)
            session.flush()
            return to_record(row)

    def verify_record(self, nc_id: str, *, comment: str, by: str, when: datetime | None = None,
               guard: Guard | None = None) -> Record:
        """Record that the corrective action was effective (``human.verify``, clause 17)."""
        from reports.register import human

        with self._change(nc_id, guard) as (session, row):
            human.verify(session, row.id, comment=comment, by=by, when=when)
            session.flush()
            return to_record(row)

    # --- the accounts of the register in a browser (``accounts``), each one transaction
    def user(self, user_id: int) -> User | None:
        """The user with this id, if there still is one."""
        from reports.register import accounts

        with self.read() as session:
            return accounts.get_user(session, user_id)

    def authenticate(self, username: str, password: str, ip: str, now: datetime | None = None) -> User | None:
        """The user if the password is right (``accounts.authenticate``: failures counted, and
        ``TooManyAttempts`` once there were too many)."""
        from reports.register import accounts

        with self.write() as session:
            return accounts.authenticate(session, username, password, ip, now)

    def set_user_language(self, user_id: int, language: str) -> None:
        from reports.register import accounts

        with self.write() as session:
            accounts.set_language(session, user_id, language)

    def session_secret(self) -> str:
        """The key that signs the web's session cookies, made once and kept in the register."""
        from reports.register import accounts

        with self.write() as session:
            return accounts.secret_key(session)

    # --- the Excel round trip
    def export_xlsx(self, path: str | Path, *, statuses: Iterable[str] | None = None, department: str | None = None,
                    lang: str = "kk", ids: Iterable[str] | None = None) -> int:
        """Write records to a spreadsheet (``xlsx_roundtrip.export_xlsx``; no ``statuses``: the open ones)."""
        from reports.register import xlsx_roundtrip  # openpyxl: only the Excel round trip needs it

        kwargs: dict[str, Any] = {"statuses": statuses} if statuses else {}
        with self.read() as session:
            return xlsx_roundtrip.export_xlsx(session, path, department=department, lang=lang, ids=ids, **kwargs)

    def import_xlsx(self, path: str | Path, *, by: str, when: datetime | None = None) -> ImportResult:
        """Read a filled-in export back: all of it in one transaction, or (``ImportRefused``) nothing."""
        from reports.register import xlsx_roundtrip

        with self.write() as session:
            return xlsx_roundtrip.import_xlsx(session, path, by=by, when=when)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_register(url: str | None = None, *, migrate: bool = True, busy_timeout_s: float = BUSY_TIMEOUT_S) -> Register:
    """Open (creating if need be) the register at ``url`` and bring its schema to the current head."""
    engine = make_engine(resolve_url(url), busy_timeout_s)
    # SCHEMA_HEAD first: a register already at it is not migrated, and alembic is not even imported
    if migrate:
        revision = current_revision(engine)
        if revision != SCHEMA_HEAD and revision != head_revision():
            upgrade(engine)
    return Register(engine)


if __name__ == "__main__":  # python -m reports.register.store upgrade [URL]
    if len(sys.argv) >= 2 and sys.argv[1] == "upgrade":
        eng = make_engine(resolve_url(sys.argv[2] if len(sys.argv) > 2 else None))
        upgrade(eng)
        print("register schema at", current_revision(eng))
    else:
        print("usage: python -m reports.register.store upgrade [URL]")
