"""Run a work unit over many files in parallel, with each file isolated from the others.

``LocalExecutor`` runs tasks in a ``pebble.ProcessPool``: a per-task time limit (the worker is
killed, with the LibreOffice it was waiting for, and replaced when it is exceeded), a dead worker (segfault, ``os._exit``, the OOM killer)
replaced and its task reported, and a memory limit set in each worker (``RLIMIT_DATA``: the
private memory a worker and the converters it starts may allocate). ``DaskExecutor`` submits the
same tasks to a Dask distributed cluster; on each Dask worker the task again runs in a one-process
pebble pool, so a hanging or crashing file costs a pool process, not the Dask worker.

Whatever happens, ``map`` yields one ``(task, result)`` per task: the work function's return
value, or an ``ExtractionError`` naming the task's file (``TimedOut``, ``WorkerCrashed``,
``MemoryExceeded``, or "unreadable" for an exception the function let out). Local tasks start
largest file first (``longest_first``); results come in completion order; a ``progress`` callback
is called once per completed task.
"""

from __future__ import annotations

import functools
import gc
import importlib
import logging
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, as_completed
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Protocol

import pebble
from pydantic import BaseModel

from extractors.errors import ExtractionError
from pipeline import work
from pipeline.errors import MemoryExceeded, TimedOut, WorkerCrashed
from pipeline.read_ahead import ReadAhead, can_read_ahead

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class Task:
    """One file's work: ``fn(*args)``; ``path`` is the file the outcome is reported against."""

    path: str
    args: tuple = ()


ProgressHook = Callable[[Task, Any], None]


# --------------------------------------------------------------------------- results on the wire


@dataclass(frozen=True)
class _ModelWire:
    """A pydantic model crossing a process boundary as its JSON. Parametrised generics inside
    the model (``Sourced[float]``) cannot be pickled, and JSON is the model's stable form anyway."""

    cls: str
    json: str


def _encode(value: Any) -> Any:
    if isinstance(value, BaseModel):
        cls = type(value)
        return _ModelWire(f"{cls.__module__}:{cls.__qualname__}", value.model_dump_json())
    if type(value) is tuple:
        return tuple(_encode(v) for v in value)
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, _ModelWire):
        module, _, qualname = value.cls.partition(":")
        return getattr(importlib.import_module(module), qualname).model_validate_json(value.json)
    if type(value) is tuple:
        return tuple(_decode(v) for v in value)
    return value


def _call(fn: Callable, args: tuple) -> Any:
    """Runs in the pool process: the work function, its result made picklable."""
    return _encode(fn(*args))


class Executor(Protocol):
    def map(self, fn: Callable, tasks: Iterable[Task], *, progress: ProgressHook | None = None) -> Iterator[tuple[Task, Any]]:
        """Run ``fn(*task.args)`` for every task; yield ``(task, result-or-ExtractionError)`` as each
        completes. ``fn`` must be a module-level function (it is pickled by reference)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc) -> None: ...


def extract_tasks(paths: Iterable[str], limits=None, spec: work.CheckSpec | None = None, *, check: bool = False) -> list[Task]:
    """Tasks for ``work.extract_one`` (or ``work.extract_and_check`` when ``check``)."""
    if check:
        return [Task(str(p), (str(p), limits, spec)) for p in paths]
    return [Task(str(p), (str(p), limits)) for p in paths]


def longest_first(tasks: list[Task]) -> list[Task]:
    """The tasks in the order to start them: the largest files first (a file's size is the
    cheapest guess at its reading time), so that the last file to start is a short one and the
    workers finish together; with the largest started last, one worker would read it alone while
    the others wait. Ties, and files that cannot be sized, keep their order (``sorted`` is
    stable); results come in completion order whatever the order of starting."""

    def size(task: Task) -> int:
        try:
            return os.stat(task.path).st_size
        except (OSError, ValueError):  # gone, unreadable, or a name with a NUL: read (and named) later
            return 0

    return sorted(tasks, key=size, reverse=True)


# --------------------------------------------------------------------------- worker side


def _die_with_what_it_started() -> None:
    """When pebble stops this worker (the per-file time limit, a cancelled task, the pool's stop)
    it sends SIGTERM: kill the conversions in progress, each LibreOffice process group whole, and
    any other process the work started, then exit as pebble's own handler does. Orphaned, they
    would run on after the night (a hanging soffice for hours)."""
    from extractors.convert import kill_conversions

    previous = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum: int, frame: Any) -> None:
        kill_conversions()
        kill_descendants([os.getpid()])
        if callable(previous):
            previous(signum, frame)
        else:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, on_sigterm)


def _init_worker(memory_mb: int | None) -> None:
    """Runs once in each pool process: what it starts made to die with it, the garbage collector
    on, the memory limit, and the vocabulary loaded before the first file (so it is not counted in
    that file's time limit)."""
    _die_with_what_it_started()
    # A forked worker inherits the coordinator's collector state, and the coordinator holds it
    # off during a run (pipeline.audit.paused_gc). Readers leave reference cycles (lxml, python-
    # docx) that only the collector frees: without it, 762 of 1,000 files ran a worker into its
    # memory limit (measured).
    gc.enable()
    _limit_memory(memory_mb)
    try:
        from extractors.vocabulary import default_vocabulary

        default_vocabulary()
    except Exception:  # the first file will report it, naming itself
        pass


def _limit_memory(memory_mb: int | None) -> None:
    """The memory limit of a process that reads files (a pool worker, the read-ahead)."""
    work.MEMORY_LIMIT_MB = memory_mb
    if memory_mb:
        _one_malloc_arena()
        limit = int(memory_mb) * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


M_ARENA_MAX = -8  # glibc's malloc.h


def _one_malloc_arena() -> None:
    """Keep glibc's malloc to one arena in a worker that has a memory limit.

    At the limit, every failed allocation made glibc try a new arena: a 128 MB mapping, refused,
    unmapped, then the next allocation the same. A reader that ran out of memory then crawled
    through its clean-up instead of ending with ``MemoryError`` in seconds, until the time limit
    stopped it, and the file was reported as too slow, with the advice to raise ``--timeout``
    (measured: ``check`` of tests/pipeline/test_check_limits.py's bloated DOCX under 800 MB timed
    out at 300 s in three runs of three; with one arena it was stopped by the memory limit in 7 s).
    ``mallopt(M_ARENA_MAX, 1)`` is the call ``MALLOC_ARENA_MAX=1`` makes; a worker reads one file
    at a time, so it loses nothing by sharing one arena. Other C libraries have no such call."""
    try:
        import ctypes

        mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    except OSError:
        return
    if mallopt is not None:
        mallopt(M_ARENA_MAX, 1)


def _preload(fn: Callable, tasks: list[Task], ahead: ReadAhead | None = None) -> None:
    """Before the pool forks: load here, once, what each worker of ``work``'s units would load
    for itself (``pipeline.preload``), and, for checks, the rules and context of the spec."""
    # psutil is what each worker's SIGTERM handler imports when the pool is stopped, one worker
    # after the other, and what close() imports here: imported once before the fork, the three
    # imports (8-11 ms each) are one, and closing a pool of two took 12-29 ms instead of 38-45.
    try:
        import psutil  # noqa: F401
    except ImportError:
        pass
    if fn not in (work.extract_one, work.extract_and_check):
        return  # another unit's needs are not known here
    from pipeline.preload import preload

    if ahead is None:
        preload(t.path for t in tasks)
    else:  # the readers of the files the read-ahead has not claimed by then
        preload((t.path for t in tasks), unread=lambda: [t.path for t in ahead.unclaimed(tasks)])
    if fn is work.extract_and_check:
        specs = {t.args[2] for t in tasks if len(t.args) > 2 and t.args[2] is not None}
        for spec in specs:
            try:
                work._check_setup(spec)
            except Exception:  # a broken curriculum file: each worker reports it, as before
                pass
        if specs:
            from extractors.outcome_verbs import verb_terms

            try:
                verb_terms()  # LRN006's word list, parsed once here rather than in every worker
            except Exception:  # the rule reports it where it runs
                pass


def _outcome(future, task: Task, timeout_s: float | None, memory_mb: int | None) -> Any:
    """The task's result, or the typed error standing in for it."""
    try:
        return _decode(future.result())
    except FutureTimeout:
        return TimedOut.after(task.path, timeout_s or 0)
    except pebble.ProcessExpired as exc:
        return WorkerCrashed.with_exitcode(task.path, exc.exitcode)
    except MemoryError:
        return MemoryExceeded.over(task.path, memory_mb)
    except ExtractionError as err:
        return err
    except CancelledError:
        return WorkerCrashed(task.path, "the task was cancelled (the pool was shut down)")
    except Exception as exc:  # the function let something out, or pebble broke
        return work.unexpected(task.path, exc)


# How often pebble's pool threads look at the workers (its ``CONSTS.sleep_unit``, 0.1 s by
# default): a file's time limit is enforced, and a stopped pool's threads notice, at most this late.
# Closing a pool waits for two of those looks: at 0.1 s that was 0.05-0.13 s of a 1.6 s
# ``extract`` of four PDFs. The looks cost this process 3.6 ms of CPU a second at 0.02 s (1.9 at
# 0.1, 6.5 at 0.01; measured over two workers' 5 s tasks), a third of a percent of one core.
POOL_POLL_S = 0.02


def _new_pool(workers: int, memory_mb: int | None, context) -> pebble.ProcessPool:
    pebble.CONSTS.sleep_unit = POOL_POLL_S
    return pebble.ProcessPool(max_workers=workers, initializer=_init_worker, initargs=(memory_mb,), context=context)


# --------------------------------------------------------------------------- local processes


class LocalExecutor:
    """Worker processes on this machine. ``workers`` defaults to the number of cores; ``workers=1``
    still runs each file in a separate process, so a bad file never takes the run down."""

    def __init__(
        self,
        workers: int | None = None,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        memory_mb: int | None = DEFAULT_MEMORY_MB,
        *,
        start_method: str = "fork" if os.name == "posix" else "spawn",
        read_ahead: bool = True,
    ):
        self.workers = max(1, int(workers or os.cpu_count() or 1))
        if timeout_s is not None and timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        if memory_mb is not None and memory_mb <= 0:
            raise ValueError("memory_mb must be positive")
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self._context = multiprocessing.get_context(start_method)
        # the first files' raw reading meanwhile the workers' preload (pipeline.read_ahead)
        self.read_ahead = read_ahead
        self._pool: pebble.ProcessPool | None = None

    def _get_pool(self) -> pebble.ProcessPool:
        if self._pool is None or not self._pool.active:
            # processes that are not the pool's: their children are none of close()'s business
            self._not_ours = {p.pid for p in multiprocessing.active_children()}
            self._pool = _new_pool(self.workers, self.memory_mb, self._context)
            # Reading ``active`` starts the pool: its workers are forked here, while map holds the
            # collector frozen, not at the first schedule, which may come later from the read-ahead.
            if not self._pool.active:
                raise RuntimeError("the pool of worker processes did not start")
        return self._pool

    def map(self, fn: Callable, tasks: Iterable[Task], *, progress: ProgressHook | None = None) -> Iterator[tuple[Task, Any]]:
        tasks = list(tasks)
        if not tasks:  # a warm night, every file from the cache: no worker is started
            return
        forking = self._forks() and (self._pool is None or not self._pool.active)
        ordered = longest_first(tasks)
        ahead: ReadAhead | None = None
        if forking and self.read_ahead and can_read_ahead(fn, ordered):
            # before the preload, which the read-ahead does not need (pipeline.read_ahead)
            ahead = ReadAhead(self._context, fn, ordered, self.timeout_s, functools.partial(_limit_memory, self.memory_mb))
        try:
            if forking:
                _preload(fn, tasks, ahead)
                # Frozen, what this process holds is left out of the workers' collections (gc.enable
                # in _init_worker): a collection that walked it would write to each object and copy
                # every inherited page (Python's gc.freeze docs).
                gc.freeze()
            try:
                pool = self._get_pool()
                claimed = ahead.claimed() if ahead is not None else []
                # the readings that came first, then the files not read ahead
                pending = ahead.deliver(claimed, self._schedule_on(pool)) if ahead is not None else {}
                unread = ahead.unclaimed(ordered) if ahead is not None else ordered
                pending.update({pool.schedule(_call, args=(fn, t.args), timeout=self.timeout_s): t for t in unread})
            finally:
                if forking:  # back to this process's own collections (a replacement worker walks them)
                    gc.unfreeze()
            yield from self._completed(pending, progress)
        finally:
            if ahead is not None:
                ahead.close()

    def _schedule_on(self, pool: pebble.ProcessPool) -> Callable[[Callable, tuple], Any]:
        return lambda fn, args: pool.schedule(_call, args=(fn, args), timeout=self.timeout_s)

    def _completed(self, pending: dict, progress: ProgressHook | None) -> Iterator[tuple[Task, Any]]:
        try:
            for future in as_completed(pending):
                task = pending.pop(future)
                result = _outcome(future, task, self.timeout_s, self.memory_mb)
                if progress is not None:
                    progress(task, result)
                yield task, result
        finally:
            if pending:  # the caller stopped early (an exception, SIGTERM, Ctrl-C)
                # first, while the busy workers are still there to be asked: cancelling a running
                # task makes pebble kill its worker, orphaning what the worker started
                self._kill_what_workers_started()
            for future in pending:
                future.cancel()

    def _forks(self) -> bool:
        """Whether the workers are forked from this process, and so start with what it loaded."""
        return self._context.get_start_method() == "fork"

    def _kill_what_workers_started(self) -> None:
        """A converter (LibreOffice) a worker was waiting for would outlive it as an orphan."""
        kill_descendants(p.pid for p in multiprocessing.active_children() if p.pid not in self._not_ours)

    def close(self) -> None:
        """Stop the workers, busy ones included (a run stopped by SIGTERM or Ctrl-C gets here with
        files still being read), and what they started."""
        if self._pool is not None:
            self._kill_what_workers_started()
            self._pool.stop()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def kill_descendants(pids: Iterable[int]) -> int:
    """SIGKILL every process started by ``pids``, their children's children included; returns how
    many. Through ``psutil`` where it is installed (it guards against a reused pid), else from
    ``/proc`` (Linux); elsewhere nothing is found."""
    pids = list(pids)
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        found = []
        for pid in pids:
            try:
                found.extend(psutil.Process(pid).children(recursive=True))
            except psutil.Error:
                continue
        for proc in found:
            try:
                proc.kill()
            except psutil.Error:
                continue
        return len(found)
    found = _proc_descendants(pids)
    for pid in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            continue
    return len(found)


def _proc_descendants(pids: list[int]) -> list[int]:
    children: dict[int, list[int]] = {}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return []
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # "pid (name) state ppid ...": the name may hold spaces and parentheses, so after the last ")"
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], list(pids)
    while todo:
        kids = children.get(todo.pop(), [])
        found.extend(kids)
        todo.extend(kids)
    return found


# --------------------------------------------------------------------------- Dask

_dask_pool: pebble.ProcessPool | None = None
_dask_pool_lock = threading.Lock()


def _dask_run(fn: Callable, args: tuple, path: str, timeout_s: float | None, memory_mb: int | None) -> Any:
    """Runs on a Dask worker: ``fn(*args)`` in this worker's own one-process pebble pool, with the
    same time and memory limits and typed outcomes as a local run. A worker started as a daemon
    process (Dask's default) may not have children; there the task runs in the worker itself,
    guarded only by the worker's ``--memory-limit`` (the README says how to start workers)."""
    global _dask_pool
    task = Task(path, args)
    if multiprocessing.current_process().daemon:
        try:
            return _encode(fn(*args))
        except MemoryError:
            return MemoryExceeded.over(path, memory_mb)
        except ExtractionError as err:
            return err
        except Exception as exc:
            return work.unexpected(path, exc)
    with _dask_pool_lock:
        if _dask_pool is None or not _dask_pool.active:
            # spawn: a Dask worker runs threads, and forking a threaded process is unsafe
            _dask_pool = _new_pool(1, memory_mb, multiprocessing.get_context("spawn"))
        pool = _dask_pool
    # decoded here and re-encoded for the trip to the client (the same class of problem twice)
    return _encode(_outcome(pool.schedule(_call, args=(fn, args), timeout=timeout_s), task, timeout_s, memory_mb))


def _only_critical(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.CRITICAL


def _quiet_dask_logs() -> None:
    """From here on Dask's own log (its stderr handler) says only what is critical. A filter on
    the handler, as the levels are put back by the cluster's close, and children propagate to it."""
    for handler in logging.getLogger("distributed").handlers:
        if _only_critical not in handler.filters:
            handler.addFilter(_only_critical)


class DaskExecutor:
    """Tasks on a Dask distributed cluster. ``scheduler`` is its address (``tcp://host:8786``);
    None starts a ``LocalCluster`` of ``n_workers`` single-threaded worker processes (tests, or
    one machine). The register and reports stay with the caller: only results come back."""

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        memory_mb: int | None = DEFAULT_MEMORY_MB,
        n_workers: int = 2,
    ):
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise RuntimeError("the Dask executor needs the 'dask' extra: pip install 'syllabus-audit[dask]'") from exc
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self._cluster = None
        self._stopped_early = False
        # processes that are not the local cluster's (see close)
        self._not_ours = {p.pid for p in multiprocessing.active_children()}
        if scheduler is None:
            # Non-daemon workers may start the isolating pool process (see _dask_run).
            with dask.config.set({"distributed.worker.daemon": False}):
                self._cluster = LocalCluster(
                    n_workers=n_workers, processes=True, threads_per_worker=1, dashboard_address=None
                )
            self.client = Client(self._cluster)
        else:
            self.client = Client(scheduler)

    def map(self, fn: Callable, tasks: Iterable[Task], *, progress: ProgressHook | None = None) -> Iterator[tuple[Task, Any]]:
        from distributed import as_completed as dask_as_completed

        pending = {}
        for t in tasks:
            fut = self.client.submit(_dask_run, fn, t.args, t.path, self.timeout_s, self.memory_mb, pure=False)
            pending[fut] = t
        try:
            for future in dask_as_completed(list(pending)):
                task = pending.pop(future)
                result = self._result(future, task)
                if progress is not None:
                    progress(task, result)
                yield task, result
        finally:
            self._stopped_early = bool(pending)
            for future in pending:
                future.cancel()

    @staticmethod
    def _result(future, task: Task) -> Any:
        from distributed import KilledWorker

        try:
            return _decode(future.result())
        except KilledWorker as exc:
            return WorkerCrashed(task.path, f"the Dask worker running it died repeatedly ({exc})")
        except MemoryError:
            return MemoryExceeded.over(task.path, None)
        except ExtractionError as err:
            return err
        except Exception as exc:
            return work.unexpected(task.path, exc)

    def close(self) -> None:
        """Close the client, and the local cluster if this executor started it. A run stopped with
        files still being read (SIGTERM, Ctrl-C) first kills what the cluster's workers started: a
        worker's isolating pool process and its converter outlive the worker otherwise (a remote
        cluster's workers drop the cancelled tasks at their own time limit)."""
        if self._cluster is not None and self._stopped_early:
            _quiet_dask_logs()  # the comms of the workers killed here close uncleanly
            workers = [p for p in multiprocessing.active_children() if p.pid not in self._not_ours]
            kill_descendants(p.pid for p in workers)
            for worker in workers:  # or a worker's pool starts a new process as the cluster closes
                worker.kill()
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            # Closing a LocalCluster puts back the log levels it lowered on start, while its
            # loop may still report the comms of the workers just stopped (INFO lines with a
            # CommClosedError traceback): the person would see a traceback for a clean stop.
            _quiet_dask_logs()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_executor(kind: str = "local", *, workers: int | None = None, scheduler: str | None = None,
                  timeout_s: float | None = DEFAULT_TIMEOUT_S, memory_mb: int | None = DEFAULT_MEMORY_MB) -> Executor:
    """'local' or 'dask', from the command's options."""
    if kind == "local":
        return LocalExecutor(workers, timeout_s, memory_mb)
    if kind == "dask":
        return DaskExecutor(scheduler, timeout_s=timeout_s, memory_mb=memory_mb, n_workers=workers or 2)
    raise ValueError(f"unknown executor {kind!r} (expected 'local' or 'dask')")
