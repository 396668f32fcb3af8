"""Errors the register raises for things a person can fix. Each message is meant to be shown as is
to QA staff: it says what is wrong and what to do; none needs a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class RegisterError(Exception):
    """Base class: a refusal with a message for a person."""


class RegisterUnusable(RegisterError):
    """The database behind the register failed (unreachable, locked, damaged): raised by
    ``store.Register.database_failures`` so that a command reports it without importing the
    database layer. ``cause`` is the database library's own error, for the message."""

    def __init__(self, cause: Exception):
        super().__init__(str(cause))
        self.cause = cause


class UnknownRecord(RegisterError):
    def __init__(self, nc_id: str):
        super().__init__(f"no nonconformity {nc_id!r} in the register (see 'syllabus-audit register list')")
        self.nc_id = nc_id


class ForbiddenTransition(RegisterError):
    pass


class InvalidInput(RegisterError):
    pass


class RunAlreadyRecorded(RegisterError):
    def __init__(self, run_id: str):
        super().__init__(f"run {run_id!r} is already in the register; each run is recorded once")
        self.run_id = run_id


class RunLockHeld(RegisterError):
    """Another run holds the register."""

    def __init__(self, holder_run: str | None, since: str | None, detail: str = ""):
        who = f"run {holder_run!r}" if holder_run else "another run"
        # the lock stores an ISO timestamp ("2026-03-01T02:00:05"): shown as people write it
        when = f", started {since.replace('T', ' ')}" if since else ""
        super().__init__(
            f"the register is busy: {who}{when}{detail} is still writing to it. "
            f"Wait for it to finish, or run again with --wait SECONDS to wait up to that many seconds for it."
        )
        self.holder_run = holder_run
        self.since = since


class ImportRefused(RegisterError):
    """A spreadsheet import found problems; nothing was applied."""

    def __init__(self, problems: list[str]):
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"import refused, nothing was changed ({len(problems)} problem(s)):\n{lines}")
        self.problems = problems


def database_errors() -> tuple[type[Exception], ...]:
    """The exception types the database behind the register raises (SQLAlchemy's base error), for
    an ``except`` clause or an error handler outside the register package, which does not import
    the database library itself (an import-linter contract). Imported on call: a command's
    ``--help`` pays nothing."""
    from sqlalchemy.exc import SQLAlchemyError

    return (SQLAlchemyError,)


@contextmanager
def database_failures() -> Iterator[None]:
    """Inside the block, a failure of the database is ``RegisterUnusable`` (its ``cause`` the
    original), also where no ``Register`` is open yet (checking or opening one)."""
    try:
        yield
    except database_errors() as exc:
        raise RegisterUnusable(exc) from exc
