"""The run lock: two audit runs on one register never interleave.

A run's writes are one transaction anyway, so the database alone would never be left half-written;
the lock is about *order and clarity*: the second run is told who holds the register and since when,
and refuses (default) or waits up to a timeout, instead of failing later on a busy database.

- SQLite: an OS file lock (``filelock``) on ``<database>.runlock`` next to the database file, with
  the holder's run id, start time and pid in ``<database>.runlock.json``; both are removed when the
  run ends. The OS drops the lock when
  the holder dies (even on ``kill -9``), so a crashed run never blocks the next night. File locks
  work between processes on one machine; keep the SQLite register on a local disk (SQLite's WAL
  mode needs that as well).
- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a connection kept for
  the lock's lifetime. The holder labels its connection (``application_name``), so the refused
  run can name it from ``pg_stat_activity``. The server drops the lock when the holder's session ends.
- Other servers: no cross-process lock (logged); each run is still one transaction.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from reports.register.errors import RunLockHeld

log = logging.getLogger(__name__)

# pg_advisory_lock(int4, int4): a constant namespace for this application, then the lock's purpose
PG_LOCK_NAMESPACE = 0x5A11AB05 & 0x7FFFFFFF
PG_RUN_LOCK = 1
PG_MIGRATION_LOCK = 2
APP_PREFIX = "syllabus-audit run "


def sqlite_path(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).resolve()


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGTERM and SIGINT wait until the block is done, then arrive as usual: a run stopped while
    it takes or gives back the lock must not leave it half taken or half given back (a lock file
    without its holder, a holder's note without the lock).

    Python runs signal handlers in the main thread whichever thread the signal reached, so the
    handlers are swapped for one that notes the signal, and the noted ones are raised again once
    the real handlers are back (a thread's signal mask would not hold them: the pool's threads
    would take them)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread runs handlers, and only it may set them
        return
    noted: list[int] = []
    previous = {s: signal.signal(s, lambda signum, _frame: noted.append(signum)) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for signum in noted:
            signal.raise_signal(signum)


class RunLock:
    """Hold with ``with RunLock(engine, run_id, wait=0):``. ``wait`` is in seconds; 0 refuses at once."""

    def __init__(self, engine: Engine, run_id: str, wait: float = 0.0):
        self.engine = engine
        self.run_id = run_id
        self.wait = max(0.0, float(wait))
        self._file_lock: FileLock | None = None
        self._info_path: Path | None = None
        self._pg_conn: Connection | None = None

    # --- acquire / release
    def acquire(self) -> None:
        started = datetime.now().isoformat(timespec="seconds")
        if self.engine.dialect.name == "sqlite":
            path = sqlite_path(self.engine)
            if path is None:
                return  # an in-memory register lives in one process
            info_path = self._info_path = path.with_name(path.name + ".runlock.json")
            lock = self._acquire_file(path.with_name(path.name + ".runlock"))
            with _signals_held():  # taken: from here the lock and its note go together
                self._file_lock = lock
                info = {"run_id": self.run_id, "started": started, "pid": os.getpid(), "host": socket.gethostname()}
                try:
                    info_path.write_text(json.dumps(info), encoding="utf-8")
                except BaseException:
                    self.release()
                    raise
        elif self.engine.dialect.name == "postgresql":
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            label = (APP_PREFIX + f"{self.run_id} @ {started}")[:63]
            conn.execute(text("SELECT set_config('application_name', :n, false)"), {"n": label})
            deadline = time.monotonic() + self.wait
            while True:
                got = conn.execute(
                    text("SELECT pg_try_advisory_lock(:ns, :k)"), {"ns": PG_LOCK_NAMESPACE, "k": PG_RUN_LOCK}
                ).scalar()
                if got:
                    self._pg_conn = conn
                    return
                if time.monotonic() >= deadline:
                    holder = self._pg_holder(conn)
                    conn.close()
                    raise holder
                time.sleep(min(0.5, max(0.05, deadline - time.monotonic())))
        else:
            log.warning("no run lock for %s registers: concurrent runs are not serialised", self.engine.dialect.name)

    def _acquire_file(self, lock_path: Path) -> FileLock:
        """The OS lock on ``lock_path``, on the file that is there: the holder removes the file when
        it is done (no ``.runlock`` is left after a run), so a run that was waiting on the removed
        file's lock takes it again on the new one instead of holding a lock nobody else can see."""
        deadline = time.monotonic() + self.wait
        while True:
            lock = FileLock(str(lock_path), timeout=max(0.0, deadline - time.monotonic()))
            try:
                lock.acquire()
            except Timeout:
                raise self._sqlite_holder() from None
            try:
                fd = lock._context.lock_file_fd
                # no descriptor (None) or no such attribute in this filelock: cannot tell
                same = fd is None or os.path.samestat(os.fstat(fd), os.stat(lock_path))
            except FileNotFoundError:
                same = False  # removed by the holder that just finished: lock the new one
            except (OSError, AttributeError):
                same = True  # cannot tell: keep the lock as filelock gave it
            if same:
                return lock
            lock.release()

    def release(self) -> None:
        with _signals_held():
            self._release()

    def _release(self) -> None:
        if self._file_lock is not None:
            try:
                if self._info_path is not None:
                    self._info_path.unlink(missing_ok=True)
                # removed while held, so no other run can have locked this file meanwhile
                Path(self._file_lock.lock_file).unlink(missing_ok=True)
            finally:
                self._file_lock.release()
                self._file_lock = None
        if self._pg_conn is not None:
            try:
                self._pg_conn.execute(
                    text("SELECT pg_advisory_unlock(:ns, :k)"), {"ns": PG_LOCK_NAMESPACE, "k": PG_RUN_LOCK}
                )
            finally:
                self._pg_conn.close()
                self._pg_conn = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    # --- who holds it
    def _sqlite_holder(self) -> RunLockHeld:
        """Who holds the lock, from its holder's note (set by ``acquire`` before it waits)."""
        info: dict[str, Any] = {}
        try:
            if self._info_path is not None:  # None: no SQLite file, so no note and nobody to name
                info = json.loads(self._info_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        detail = f" (pid {info['pid']} on {info['host']})" if info.get("pid") else ""
        return RunLockHeld(info.get("run_id"), info.get("started"), detail)

    def _pg_holder(self, conn: Connection) -> RunLockHeld:
        row = conn.execute(
            text(
                "SELECT a.application_name, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :ns AND l.objid = :k"
            ),
            {"ns": PG_LOCK_NAMESPACE, "k": PG_RUN_LOCK},
        ).first()
        if row is None:
            return RunLockHeld(None, None)
        name = row.application_name or ""
        run_id, since = None, None
        if name.startswith(APP_PREFIX):
            run_id, _, since = name[len(APP_PREFIX):].partition(" @ ")
        return RunLockHeld(run_id or None, since or None, f" (server process {row.pid})")
