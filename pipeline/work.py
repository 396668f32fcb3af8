"""The units of work the executors run, one file at a time, in a worker process.

Every unit returns its outcome instead of raising: a typed ``ExtractionError`` comes back as a
value, and any other exception becomes a plain ``ExtractionError`` ("unreadable") naming the
file and the exception type, so one bad file is a record, never a traceback that stops the run.

Everything passed in and returned is picklable (``Limits`` is a frozen dataclass, ``Syllabus``
and the policy are pydantic models, errors rebuild through ``ExtractionError.__reduce__``).
Workers get a ``CheckSpec`` holding the policy the coordinator loaded (never re-read, so a file
edited mid-run cannot split a night between two policies) and naming the curriculum and passport
files, which they load, with the rules, once per process.
"""

from __future__ import annotations

import copy as copy_module
import functools
import hashlib
import os
import re
import shutil
import stat
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors.api import extract_file, read_raw, syllabus_of
from extractors.errors import ExtractionError, TooLarge
from extractors.limits import Limits
from extractors.model import Syllabus
from extractors.raw import RawDocument
from pipeline.discovery import CHUNK, name_text
from pipeline.errors import MemoryExceeded

if TYPE_CHECKING:
    from checks.policy import Policy

# Set by the executor's worker initialiser: the memory limit in force, for the error's wording.
MEMORY_LIMIT_MB: int | None = None


def extract_one(path: str, limits: Limits | None = None) -> Syllabus | ExtractionError:
    """Extract one file; never raises (except for ``KeyboardInterrupt``/``SystemExit``).

    The bytes parsed are the bytes hashed: the file is read once, into a private copy, while
    its sha256 is computed, and the copy is what the reader parses. A file rewritten while the
    night reads it can then never be cached under a hash of other bytes: the outcome carries the
    hash of what was parsed (``parsed_sha256``), and the run caches it only under that hash.

    The outcome names the file by ``name_text(path)`` (undecodable bytes of its name as ``\\xe9``),
    everywhere a ``file`` is named, so it can be sent as JSON and stored."""
    limits = limits or Limits()
    text = name_text(path)
    _sweep_copies_of_dead_workers(os.getpid())  # per process: forked workers inherit the cache
    try:
        with tempfile.TemporaryDirectory(prefix=f"{COPY_PREFIX}{os.getpid()}-") as tmp:
            try:
                copy, sha = _private_copy(Path(path), Path(tmp), limits)
            except _Unreadable as why:
                return why.error(text)
            return _parsed(text, str(copy), sha, lambda: extract_file(copy, limits))
    except MemoryError:
        return MemoryExceeded.over(text, MEMORY_LIMIT_MB)
    except Exception as exc:  # a bug or a hostile file must not stop the run
        return unexpected(text, exc)


def _parsed(text: str, copy: str, sha: str, parse: Callable[[], Syllabus]) -> Syllabus | ExtractionError:
    """``parse()``'s syllabus or typed error, as ``_as_parsed`` names it."""
    try:
        outcome: Syllabus | ExtractionError = parse()
    except ExtractionError as err:
        outcome = err
    except MemoryError:
        # here, not in the caller: leaving this frame frees the reader's frames first, so removing
        # the copy (which needs memory too) cannot fail and pass the limit off as "unreadable"
        return MemoryExceeded.over(text, MEMORY_LIMIT_MB)
    return _as_parsed(outcome, copy, text, sha)


@dataclass(frozen=True)
class RawReading:
    """A file's raw reading, made by the executor's read-ahead process while the pool's workers
    were not yet forked (``pipeline.executors``): the file as the task names it, the private copy
    that was read (the name the reading's errors and sources carry) and the sha256 of its bytes."""

    path: str
    copy: str
    sha: str
    raw: RawDocument


def read_ahead(path: str, limits: Limits | None = None) -> RawReading | None:
    """``extract_one``'s first half: the private copy, its hash and the reader's raw document.
    None when anything at all goes wrong (an unreadable or hostile file, the memory limit): the
    file is then read by a worker from the start, which reports what it finds, as without this."""
    limits = limits or Limits()
    try:
        with tempfile.TemporaryDirectory(prefix=f"{COPY_PREFIX}{os.getpid()}-") as tmp:
            copy, sha = _private_copy(Path(path), Path(tmp), limits)
            return RawReading(path, str(copy), sha, read_raw(copy, limits))
    except Exception:  # MemoryError included
        return None


def extract_read_ahead(ahead: RawReading, limits: Limits | None = None) -> Syllabus | ExtractionError:
    """``extract_one`` of a file whose raw reading was made ahead: the same outcome, from its
    second half (the interpreter); never raises. ``limits`` is the task's, which the reading
    was made under: the interpreter reads none."""
    text = name_text(ahead.path)
    try:
        return _parsed(text, ahead.copy, ahead.sha, lambda: syllabus_of(ahead.raw, ahead.copy))
    except MemoryError:
        return MemoryExceeded.over(text, MEMORY_LIMIT_MB)
    except Exception as exc:  # a bug or a hostile file must not stop the run
        return unexpected(text, exc)


COPY_PREFIX = "syllabus-audit-copy-"


@functools.lru_cache(maxsize=1)
def _sweep_copies_of_dead_workers(pid: int) -> None:
    """Remove the private copies a killed worker left (a time-out or the memory limit kills it
    before it can clean up), once per worker process: a replacement worker sweeps on its first
    file, so the temporary folder does not fill night after night. A folder whose process still
    runs (or whose number was reused) is left alone."""
    try:
        with os.scandir(tempfile.gettempdir()) as entries:
            stale = [e.path for e in entries if e.name.startswith(COPY_PREFIX)]
    except OSError:
        return
    for folder in stale:
        owner = os.path.basename(folder)[len(COPY_PREFIX):].partition("-")[0]
        if not owner.isdigit() or int(owner) == pid:
            continue
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # another user's process: alive, not ours to judge
            continue


def parsed_sha256(outcome: Any) -> str | None:
    """The sha256 of the bytes an ``extract_one`` outcome was parsed from; None when unknown (an
    outcome made elsewhere: a time-out, a crash)."""
    if isinstance(outcome, Syllabus):
        return outcome.document.sha256
    return getattr(outcome, "parsed_sha256", None)


class _Unreadable(Exception):
    """The file could not be read (or is not a file): the outcome is an "unreadable" error."""

    def __init__(self, detail: str, error: type[ExtractionError] = ExtractionError, sha: str | None = None):
        super().__init__(detail)
        self.detail, self.cls, self.sha = detail, error, sha

    def error(self, text: str) -> ExtractionError:
        err = self.cls(text, self.detail)
        if self.sha is not None:
            err.parsed_sha256 = self.sha
        return err


def _private_copy(path: Path, folder: Path, limits: Limits) -> tuple[Path, str]:
    """Copy ``path`` into ``folder`` (same suffix), hashing what is copied: (copy, its sha256)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if os.path.isdir(path):  # a folder the search could not list (mode 000, say)
            raise _Unreadable(_folder_reason(path)) from None
        raise _Unreadable(f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as src:
        mode = os.fstat(fd)
        if stat.S_ISDIR(mode.st_mode):  # a folder the search could not list
            raise _Unreadable(_folder_reason(path))
        if not stat.S_ISREG(mode.st_mode):  # never wait on a FIFO or a device
            raise _Unreadable("not a regular file (a FIFO or a device): not opened")
        os.set_blocking(fd, True)
        too_large = mode.st_size > limits.max_file_bytes
        copy = folder / _copy_name(path)
        h = hashlib.sha256()
        # A failure to write the copy (a full temporary folder) is the run's, not the file's: it
        # propagates and becomes an "unexpected" outcome, which is never cached.
        with open(os.devnull if too_large else copy, "wb") as dst:
            while True:
                try:
                    chunk = src.read(CHUNK)
                except OSError as exc:  # EIO on a failing disk or share, say
                    raise _Unreadable(f"cannot be read ({exc.strerror or exc})") from None
                if not chunk:
                    break
                h.update(chunk)
                dst.write(chunk)
    if too_large:  # the reader's own wording; hashed, not copied, so it is cached under its bytes
        raise _Unreadable(f"{mode.st_size / 1e6:.1f} MB, limit {limits.max_file_bytes / 1e6:.0f} MB", TooLarge,
                          h.hexdigest())
    return copy, h.hexdigest()


def _folder_reason(path: Path) -> str:
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"the folder cannot be read ({exc.strerror or exc}): the syllabi in it were not audited"
    return "the folder could not be read when the syllabi were searched: the syllabi in it were not audited"


def _copy_name(path: Path) -> str:
    """The copy's name: the file's own (as text, so messages that quote it stay readable) when
    the file system takes it, else ``document`` with the suffix (which tells the reader the format)."""
    name = name_text(path.name)
    if "/" in name or len(name.encode("utf-8")) > 200:
        return "document" + path.suffix.lower()
    return name


def _as_parsed(outcome: Syllabus | ExtractionError, copy: str, text: str, sha: str) -> Syllabus | ExtractionError:
    """The outcome of parsing the copy, naming the file (``text``) instead, with the parsed hash."""
    if isinstance(outcome, Syllabus):
        data = _retarget(outcome.model_dump(mode="json"), copy, text)
        data["document"]["sha256"] = sha  # the file's bytes (for .doc/.odt/.rtf: not the converted copy's)
        syllabus = Syllabus.model_validate(data)
        syllabus.file = text
        return syllabus
    detail = outcome.detail.replace(copy, text) if isinstance(outcome.detail, str) else outcome.detail
    err = copy_module.copy(outcome)
    ExtractionError.__init__(err, text, detail)
    err.parsed_sha256 = sha
    return err


def _retarget(data: Any, old: str, new: str) -> Any:
    """Replace every ``"file": old`` in nested data by ``new``."""
    if isinstance(data, dict):
        return {k: (new if k == "file" and v == old else _retarget(v, old, new)) for k, v in data.items()}
    if isinstance(data, list):
        return [_retarget(v, old, new) for v in data]
    return data


def unexpected(path: str, exc: BaseException) -> ExtractionError:
    """An exception nobody anticipated, as an 'unreadable' outcome naming the file and where."""
    remote = getattr(exc, "traceback", None)  # pebble attaches the worker's traceback text
    places = re.findall(r'File "([^"]+)", line (\d+)', remote) if isinstance(remote, str) else []
    if not places:
        places = [(f.filename, f.lineno) for f in traceback.extract_tb(exc.__traceback__)]
    where = f" (in {Path(places[-1][0]).name}:{places[-1][1]})" if places else ""
    return ExtractionError(path, f"{type(exc).__name__}: {exc}{where}")


# --------------------------------------------------------------------------- checks in a worker


@dataclass(frozen=True)
class CheckSpec:
    """What a worker needs to check a syllabus the way the coordinator would: the policy itself
    (None: the default one), the rule selection, and the curriculum and passport files."""

    policy: Policy | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    curriculum_file: str | None = None
    today: date = field(default_factory=date.today)
    passport_file: str | None = None


def _check_setup(spec: CheckSpec):
    """The rules and context of ``spec``, made once per process for each content of its curriculum
    and passport files: a process that audits twice (the web interface, the tests, the coordinator
    checking cached syllabi) reads an edited passport again instead of keeping the first one."""
    from pipeline.cache import file_hash  # the check fingerprint's hash of the same files

    return _check_setup_of(spec, file_hash(spec.curriculum_file), file_hash(spec.passport_file))


@functools.lru_cache(maxsize=4)
def _check_setup_of(spec: CheckSpec, _curriculum_digest: str | None, _passport_digest: str | None):
    from checks.curriculum import load_curriculum
    from checks.passport import load_passport
    from checks.policy import load_policy
    from checks.registry import CheckContext
    from checks.runner import selected_rules

    policy = spec.policy if spec.policy is not None else load_policy()
    rules = selected_rules(policy, spec.select, spec.ignore)
    curriculum = load_curriculum(spec.curriculum_file) if spec.curriculum_file else None
    passport = load_passport(spec.passport_file) if spec.passport_file else None
    return rules, CheckContext(policy=policy, curriculum=curriculum, passport=passport, today=spec.today)


def check_one(syllabus: Syllabus, spec: CheckSpec) -> dict[str, Any]:
    """The per-syllabus (non-batch) findings as ``Finding.as_record()`` dicts, and the rules that
    crashed (``{"rule", "file", "error"}``), for the coordinator to merge.

    Batch rules, root-cause grouping, waivers and verdicts need every syllabus and stay in the
    coordinating process (``checks.runner.audit``)."""
    from checks.runner import check_syllabus

    rules, ctx = _check_setup(spec)
    failures: list = []
    findings = check_syllabus(syllabus, rules, ctx, failures)
    return {
        "findings": [f.as_record() for f in findings],
        "failures": [{"rule": f.rule, "file": f.file, "error": f.error} for f in failures],
    }


def extract_and_check(path: str, limits: Limits | None, spec: CheckSpec | None) -> tuple[Any, dict | None]:
    """Both stages in one task, so a Dask worker does not ship the syllabus back and forth:
    ``(Syllabus | ExtractionError, check_one(...) | None)``."""
    return _with_checks(extract_one(path, limits), spec)


def extract_read_ahead_and_check(ahead: RawReading, limits: Limits | None, spec: CheckSpec | None) -> tuple[Any, dict | None]:
    """``extract_and_check`` of a file whose raw reading was made ahead."""
    return _with_checks(extract_read_ahead(ahead, limits), spec)


def _with_checks(outcome: Syllabus | ExtractionError, spec: CheckSpec | None) -> tuple[Any, dict | None]:
    if spec is None or isinstance(outcome, ExtractionError):
        return outcome, None
    try:
        return outcome, check_one(outcome, spec)
    except Exception as exc:  # a broken policy file is the coordinator's to report
        return outcome, {"findings": None, "failures": [], "error": f"{type(exc).__name__}: {exc}"}
