"""Fault-isolation outcomes: a file that hangs, kills or exhausts the process reading it.

They are ``ExtractionError`` subclasses, so the run treats them like any unreadable file: the
checks turn each into a document-level "unreadable" finding naming the file (their codes are
not in ``checks.document_findings.ERROR_TEXTS``, so they fall back to the rule declaring
'unreadable'), and the rest of the run goes on. Each keeps the ``(path, detail)`` constructor of
its base, which is what makes them picklable across worker processes and Dask.

``RunStopped`` is the other kind of stop: not one file's, the whole run's, when SIGTERM or
Ctrl-C arrives (``stop_on_signals``).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from extractors.errors import ExtractionError


class TimedOut(ExtractionError):
    code = "timed-out"
    title = "Reading the file took too long and was stopped"

    @classmethod
    def after(cls, path: str, seconds: float) -> TimedOut:
        return cls(path, f"reading the file took longer than {seconds:g} s")


class WorkerCrashed(ExtractionError):
    code = "worker-crashed"
    title = "The process reading the file died"

    @classmethod
    def with_exitcode(cls, path: str, exitcode: int | None) -> WorkerCrashed:
        return cls(path, describe_exit(exitcode))


class MemoryExceeded(ExtractionError):
    code = "memory-exceeded"
    title = "Reading the file needed more memory than the limit allows"

    @classmethod
    def over(cls, path: str, limit_mb: int | None) -> MemoryExceeded:
        return cls(path, f"over the limit of {limit_mb} MB" if limit_mb else "out of memory")


def describe_exit(exitcode: int | None) -> str:
    """'killed by signal 11 (SIGSEGV)' / 'exited with status 3' / 'died (no exit status)'."""
    if exitcode is None:
        return "the process died (no exit status)"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "unknown signal"
        return f"killed by signal {-exitcode} ({name})"
    return f"exited with status {exitcode}"


# --------------------------------------------------------------------------- the run stopped from outside


class RunStopped(KeyboardInterrupt):
    """SIGTERM (systemd, ``kill``) or SIGINT (Ctrl-C) arrived: the run stops where it is.

    A ``KeyboardInterrupt``, so it goes through every ``except Exception`` of the run untouched
    and every ``with`` and ``finally`` on its way out runs: the worker pool is stopped, the
    register's transaction rolled back and its run lock released, and the command says why."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        """``SIGTERM`` / ``SIGINT (Ctrl-C)``, as the message says it."""
        name = signal.Signals(self.signum).name
        return f"{name} (Ctrl-C)" if self.signum == signal.SIGINT else name


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def stop_on_signals() -> Iterator[list[int]]:
    """Within the block, SIGTERM and SIGINT raise ``RunStopped`` in the main thread.

    Only the first one raises: a second Ctrl-C while the run is stopping is noted (the list the
    block gets) but must not cut short the clean-up it would interrupt (the lock release, the
    rollback). ``kill -9`` still ends everything, and then the OS releases the lock. Outside the
    main thread (signals cannot be set there) the block runs with the handlers as they were."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def handler(signum, _frame):
        received.append(signum)
        if len(received) == 1:
            raise RunStopped(signum)

    previous = {s: signal.signal(s, handler) for s in STOP_SIGNALS}
    try:
        yield received
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
