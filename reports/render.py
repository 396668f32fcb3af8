"""``render_reports``: write one run's reports into one folder through the writer registry."""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from reports.run_report import RunReport, computed_once
from reports.writers import format_names
from reports.writers.registry import Renderer, renderer, run_renderer

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


def available_formats() -> list[str]:
    """Every report format, without importing the writers (their libraries are paid by the
    formats a run writes, not by the command's options)."""
    return format_names()


def render_reports(report: RunReport, out_dir: Path | str, formats: Iterable[str] | None = None,
                   processes: int | None = None, kept_in: Path | None = None) -> list[Path]:
    """Render ``report`` in each of ``formats`` (default: every registered one) into ``out_dir``.

    Returns the paths written, in the order of ``formats``. Unknown formats raise ``ValueError``
    before anything is written. Several formats are written side by side, one process each, on
    up to ``processes`` cores (default: the cores this process may use: ``render_side_by_side``);
    a writer's error is raised here as it would be in this process. ``kept_in``: the folder where
    the writers that keep what they made from one night to the next keep it (``Renderer.keeps``:
    the HTML's rows and cards), the run's result cache; None keeps nothing.
    """
    chosen = list(formats) if formats is not None else available_formats()
    # the writers' imports (openpyxl, python-docx, jinja2) allocate as much as the writers do
    with _alive_left_out():
        # only the writers of the formats asked for are imported
        registry = {name: found for name in dict.fromkeys(chosen) if (found := renderer(name)) is not None}
        unknown = [f for f in chosen if f not in registry]
        if unknown:
            raise ValueError(f"unknown report format(s) {', '.join(unknown)}; available: {', '.join(available_formats())}")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        with computed_once():  # the rows every writer shares are made once
            by_name = render_side_by_side(report, out, list(registry.values()), processes, kept_in)
    written: list[Path] = []
    for name in chosen:  # a format asked for twice is written once, and listed as often as asked
        written.extend(by_name[name])
    return written


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on (a container's share)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _fork_context() -> Any:
    """multiprocessing's fork context, or None where a fork is not to be made: no fork on this
    system (Windows), or other threads running (a fork copies only the calling thread, and a lock
    another thread holds stays locked in the child for good)."""
    import multiprocessing

    if threading.active_count() > 1:
        return None
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _written(result: Path | Iterable[Path]) -> list[Path]:
    return [result] if isinstance(result, Path) else list(result)


def render_side_by_side(report: RunReport, out: Path, chosen: list[Renderer],
                        processes: int | None = None, kept_in: Path | None = None) -> dict[str, list[Path]]:
    """Run each renderer of ``chosen`` once; return the paths each wrote, by format name.

    The writers are independent of each other and take seconds each on a large night (1,000
    syllabi: HTML 2 s, XLSX and the plans about 1 s each), so with more than one core each
    format is written by a process of its own, forked from this one: it has the report as it
    is here, writes its files as it would here (each atomically: ``writers._atomic``) and sends
    back the paths written or the error it raised, which is raised here then, as if the writer had
    run here. Every format is attempted even when one fails (each one written is a whole,
    correct report); the error raised is that of the first format, in the order asked, that
    failed, and then the renderers that read the reports beside them are not run. Those
    (``reads_reports``: the index links the HTML pages it finds) run last, here, once every
    other format is written, so they find tonight's whatever the order asked (before, an index
    asked for before the HTML linked only the pages of an earlier rendering). In this process,
    one after another, as before: one format, one core, ``processes=1``, no fork (Windows) or
    other threads running.

    The fork has a price, paid by this process afterwards: the kernel write-protects all its
    pages at the fork, so its first write to each one later (freeing the run at its exit) is a
    page fault: 160,000 minor faults, 0.35-0.45 s, after a warm 1,000-file night (measured),
    against the 2-3 s the writers save on two cores. With no core free (the machine busy with
    other work) the writers save nothing and the price stays."""
    processes = _cores() if processes is None else processes
    done = _render_stage(report, out, [r for r in chosen if not r.get("reads_reports")], processes, kept_in)
    for r in chosen:
        if r.get("reads_reports"):
            done[r["name"]] = _written(run_renderer(r, report, out, kept_in))
    return done


def _render_stage(report: RunReport, out: Path, stage: list[Renderer], processes: int,
                  kept_in: Path | None = None) -> dict[str, list[Path]]:
    ctx = _fork_context() if processes > 1 and len(stage) > 1 else None
    if ctx is None:
        return {r["name"]: _written(run_renderer(r, report, out, kept_in)) for r in stage}
    # what several writers share is made once, here, before the fork: not once in each process
    report.sorted_entries()
    report.as_records()
    for stream in (sys.stdout, sys.stderr):  # what is buffered must not be written twice
        if stream is not None:
            stream.flush()
    # the longest first, so that the last ones to finish are short
    todo = sorted(stage, key=lambda r: -r.get("weight", 1.0))
    running: dict[Connection, tuple[Any, Renderer]] = {}  # a child's pipe's reading end -> (its process, its renderer)
    results: dict[str, tuple[str, Any]] = {}
    try:
        while todo or running:
            while todo and len(running) < processes:
                r = todo.pop(0)
                receive, send = ctx.Pipe(duplex=False)
                child = ctx.Process(target=_child, args=(send, r, report, out, kept_in), daemon=True,
                                    name=f"report writer {r['name']}")
                child.start()
                send.close()  # the child's end: at its exit the pipe says so (EOF), whatever the exit
                running[receive] = (child, r)
            from multiprocessing.connection import wait

            for ready in wait(list(running)):
                receive = cast("Connection", ready)  # wait() gives back the connections it was given
                child, r = running.pop(receive)
                try:
                    results[r["name"]] = receive.recv()
                except (EOFError, OSError):  # killed (the OOM killer, kill -9) before it could say anything
                    child.join()
                    results[r["name"]] = ("died", child.exitcode)
                receive.close()
                child.join()
    except BaseException:  # a stop signal here (``RunStopped``), or anything else: no writer left running
        for child, _r in running.values():
            child.terminate()  # SIGTERM: the writer's own clean-up removes its unfinished file
        for child, _r in running.values():
            child.join()
        raise
    return _collected(stage, results)


def _collected(stage: list[Renderer], results: dict[str, tuple[str, Any]]) -> dict[str, list[Path]]:
    errors: list[BaseException] = []
    done: dict[str, list[Path]] = {}
    for r in stage:  # in the order asked: the first failure is the one raised
        kind, value = results[r["name"]]
        if kind == "ok":
            done[r["name"]] = value
            continue
        if kind == "died":
            how = (f"killed by {signal.Signals(-value).name}" if isinstance(value, int) and value < 0
                   else f"exit status {value}")
            error: BaseException = RuntimeError(
                f"the {r['name']} report was not written: its writer process ended without finishing ({how})")
        else:
            error, child_traceback = value
            error.add_note(f"raised by the {r['name']} report writer, in its own process:\n{child_traceback}")
        errors.append(error)
    if errors:
        first = errors[0]
        for other in errors[1:]:
            first.add_note(f"and also: {other.__class__.__name__}: {other}")
        raise first
    return done


def _child(send: Connection, r: Renderer, report: RunReport, out: Path, kept_in: Path | None = None) -> None:
    """One format written in a forked process; what it sends back: ("ok", paths) or ("error",
    (the exception, its traceback as text)), the exception itself when it can be pickled, else a
    ``RuntimeError`` saying what it was. SIGINT (Ctrl-C reaches the whole process group) raises
    here as in the parent, whose handlers the child has."""
    # the parent stops a writer with SIGTERM (``Process.terminate``) when the run is stopped:
    # raised here as an exception, so the writer's unfinished file is removed on the way out
    signal.signal(signal.SIGTERM, _stopped)
    try:
        message: tuple[str, Any] = ("ok", _written(run_renderer(r, report, out, kept_in)))
    except BaseException as exc:
        text = "".join(traceback.format_exception(exc))
        try:
            pickle.loads(pickle.dumps(exc))
            portable: BaseException = exc
        except Exception:  # an exception that cannot cross to the parent: its type and message do
            portable = RuntimeError(f"{exc.__class__.__module__}.{exc.__class__.__qualname__}: {exc}")
        portable.__traceback__ = None
        message = ("error", (portable, text))
    try:
        try:
            send.send(message)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # say so, never nothing
            send.send(("error", (RuntimeError(f"the {r['name']} writer's result could not be sent back: {exc}"), "")))
    except OSError:  # the parent is gone or stopped listening (the run was stopped): nobody to tell
        pass
    send.close()


def _stopped(signum: int, _frame: object) -> NoReturn:
    raise KeyboardInterrupt(f"the report writer was stopped ({signal.Signals(signum).name})")


@contextmanager
def _alive_left_out() -> Iterator[None]:
    """Leave what is alive when rendering starts out of the cyclic collector's passes while the
    writers run (``gc.freeze``), then give it back (``gc.unfreeze``).

    Why: a night's reports are rendered with the whole run still in memory (every syllabus model,
    finding and record, hundreds of thousands of objects, none of them garbage), and collections
    the writers' imports (openpyxl, python-docx) and allocations trigger rescanned all of it. On a
    warm 300-file night (``gc.callbacks``): before the run's own pause ended by moving its objects
    unscanned into the oldest generation (``pipeline.audit.paused_gc``), one such pass inside the
    JSON writer was 0.66 s; since then, with every format, the collector's time is still 0.54 s
    without this freeze and 0.22 s with it. The collector keeps running for what the writers
    themselves make (openpyxl's cells and sheets hold reference cycles), so their garbage is still
    freed as they go; the objects frozen are only excluded from being rescanned, never from being freed when their last
    reference goes. Nothing is done when the collector is off (the caller's own pause) or something
    is frozen already (the executor freezes around forking its workers, and unfreezes that itself)."""
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
