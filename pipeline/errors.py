"""Fault-isolation outcomes: a file that hangs, kills or exhausts the process reading it.

They are ``ExtractionError`` subclasses, so the run treats them like any unreadable file: the
checks turn each into a document-level "unreadable" finding naming the file (their codes are
not in ``checks.document_findings.ERROR_TEXTS``, so they fall back to the rule declaring
'unreadable'), and the rest of the run goes on. Each keeps the ``(path, detail)`` constructor of
its base, which is what makes them picklable across worker processes and Dask.
"""

from __future__ import annotations

import signal

from extractors.errors import ExtractionError


class TimedOut(ExtractionError):
    code = "timed-out"
    title = "Reading the file took too long and was stopped"

    @classmethod
    def after(cls, path: str, seconds: float) -> "TimedOut":
        return cls(path, f"reading the file took longer than {seconds:g} s")


class WorkerCrashed(ExtractionError):
    code = "worker-crashed"
    title = "The process reading the file died"

    @classmethod
    def with_exitcode(cls, path: str, exitcode: int | None) -> "WorkerCrashed":
        return cls(path, describe_exit(exitcode))


class MemoryExceeded(ExtractionError):
    code = "memory-exceeded"
    title = "Reading the file needed more memory than the limit allows"

    @classmethod
    def over(cls, path: str, limit_mb: int | None) -> "MemoryExceeded":
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
