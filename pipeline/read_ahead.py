"""Reading the first files while the pool's workers are not yet forked.

Before the local executor forks its workers it imports, once, what they will need (``pipeline
.preload``): spaCy and the vocabulary, 0.5-0.6 s of one core, while the other cores wait. A file's
raw reading (pdfplumber, python-docx) needs none of it. So a process forked before that import,
the read-ahead, reads the raw documents of the first files meanwhile, each one claimed before it
is read. When the pool starts, the read-ahead is told to claim no more; the files it has not
claimed go to the workers as usual, and each claimed one goes to a worker as its raw reading, to
be interpreted and checked there (``work.extract_read_ahead``), as soon as it arrives. The outcome
is the one the worker would have made from the file: the same reader ran on the same private
copy, in a process with the same memory limit.

What goes wrong in the read-ahead is never the file's outcome: a file it could not read (an error,
the memory limit, a crash of the process) is read again by a worker from the start, which reports
what it finds. Only the time limit is enforced here: a claimed file whose reading has not arrived
``timeout_s`` after the pool started is reported as timed out, and the read-ahead is killed.

Only PDF and DOCX files are read ahead: a .doc, .odt or .rtf starts LibreOffice, whose process
the pool's workers know how to stop (``executors._die_with_what_it_started``).
"""

from __future__ import annotations

import gc
import queue
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, InvalidStateError
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from pipeline import work

READ_AHEAD_SUFFIXES = {".pdf", ".docx"}
# The work units whose first half can be done ahead, and the unit that does their second half.
SECOND_HALF: dict[Callable, Callable] = {
    work.extract_one: work.extract_read_ahead,
    work.extract_and_check: work.extract_read_ahead_and_check,
}

Schedule = Callable[[Callable, tuple], Future]
ENDED = "the read-ahead process ended"


def can_read_ahead(fn: Callable, tasks: Sequence[Any]) -> bool:
    """Whether some of ``tasks`` (``executors.Task``) of ``fn`` can be read ahead."""
    return fn in SECOND_HALF and any(Path(t.path).suffix.lower() in READ_AHEAD_SUFFIXES for t in tasks)


def _read_ahead_main(paths: list[str], limits: list, next_index, conn, init: Callable[[], None]) -> None:
    """The read-ahead process: claim the next file (under the shared counter's lock, which the
    coordinator sets past the end to stop it), read it, send ``(index, work.RawReading | None)``."""
    # Ctrl-C reaches the whole process group: the coordinator stops this process itself, and
    # a KeyboardInterrupt here would print a traceback the person did not ask for. SIGTERM (systemd
    # stops the whole control group) ends it at once: the coordinator's handler, inherited, would
    # raise RunStopped here, with that traceback; it has started nothing to stop, and the private
    # copy it leaves is swept by a worker of a later run (work._sweep_copies_of_dead_workers).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.enable()  # the coordinator holds its collector off during a run (see _init_worker)
    init()
    try:
        while True:
            with next_index.get_lock():
                index = next_index.value
                if index >= len(paths):
                    return
                next_index.value = index + 1
            conn.send((index, work.read_ahead(paths[index], limits[index])))
    except (OSError, EOFError):  # the coordinator is gone or stopped listening
        return
    finally:
        conn.close()


class ReadAhead:
    """The read-ahead process of one ``map`` and the placeholders of the files it claimed."""

    def __init__(self, context, fn: Callable, tasks: Sequence[Any], timeout_s: float | None, init: Callable[[], None]):
        self._fn, self._timeout_s = fn, timeout_s
        self._tasks = [t for t in tasks if Path(t.path).suffix.lower() in READ_AHEAD_SUFFIXES]
        self._next = context.Value("i", 0)
        self._conn, child_conn = context.Pipe(duplex=False)
        limits = [t.args[1] if len(t.args) > 1 else None for t in self._tasks]
        self._process = context.Process(
            target=_read_ahead_main, args=([t.path for t in self._tasks], limits, self._next, child_conn, init),
            name="syllabus-audit-read-ahead", daemon=True,
        )
        self._process.start()
        child_conn.close()
        # Received as soon as sent, while this process is still preloading: a reading is larger
        # than the pipe's buffer (64 KB), and a process waiting to send one would read no more.
        self._received: queue.SimpleQueue = queue.SimpleQueue()
        self._receiver = threading.Thread(target=self._receive, name="read-ahead receiver", daemon=True)
        self._receiver.start()
        self._thread: threading.Thread | None = None
        self._closing = False
        self._stopped_at: int | None = None  # how many it had claimed when told to claim no more

    def _receive(self) -> None:
        try:
            while True:
                self._received.put(self._conn.recv())
        except (OSError, EOFError):  # the process ended (done, dead or stopped)
            self._received.put(ENDED)

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def exitcode(self) -> int | None:
        return self._process.exitcode

    def finished(self, timeout_s: float | None = None) -> bool:
        """Wait up to ``timeout_s`` for the process to end (done with its files, dead or stopped);
        whether it has. For tests: the pool claims what was claimed by then, not a fixed number."""
        self._process.join(timeout_s)
        return not self._process.is_alive()

    def all_claimed(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for the process to have claimed every file; whether it has
        (for tests, as ``finished``: until the delivery starts, it may wait to send a reading)."""
        deadline = time.monotonic() + timeout_s
        while self._claimed_count() < len(self._tasks) and time.monotonic() < deadline and self._process.is_alive():
            time.sleep(0.01)
        return self._claimed_count() >= len(self._tasks)

    def unclaimed(self, tasks: Sequence[Any]) -> list[Any]:
        """Those of ``tasks`` not claimed so far. Until ``claimed()`` stops it, the process goes on
        claiming: a file named here may still be claimed; one not named here goes to a worker as
        its reading (or, when the read-ahead fails on it, to be read from the start)."""
        taken = {id(t) for t in self._tasks[: self._claimed_count()]}
        return [t for t in tasks if id(t) not in taken]

    def claimed(self) -> list[Any]:
        """Stop claiming; the tasks claimed so far (the last one may still be being read)."""
        with self._next.get_lock():
            if self._stopped_at is None:
                self._stopped_at = min(self._next.value, len(self._tasks))
                self._next.value = len(self._tasks)  # past the end: the process claims no more
        return self._tasks[: self._stopped_at]

    def _claimed_count(self) -> int:
        if self._stopped_at is not None:
            return self._stopped_at
        with self._next.get_lock():
            return min(self._next.value, len(self._tasks))

    def deliver(self, claimed: list[Any], schedule: Schedule) -> dict[Future, Any]:
        """A placeholder future for each claimed task, completed with the outcome of the worker
        that gets its reading (``schedule(fn, args)`` submits to the pool) or, when the reading
        did not come, of the worker that reads the file from the start. The readings that came
        already are scheduled before this returns: ahead of the files not read, which the caller
        schedules next."""
        placeholders = {Future(): task for task in claimed}
        waiting = dict(enumerate(placeholders))
        while waiting:
            try:
                received = self._received.get_nowait()
            except queue.Empty:
                break
            if received is ENDED:
                self._received.put(ENDED)  # for the delivery thread, which settles what is left
                break
            self._hand_over(received, claimed, waiting, schedule)
        self._thread = threading.Thread(
            target=self._deliver, args=(claimed, waiting, schedule), name="read-ahead delivery", daemon=True
        )
        self._thread.start()
        return placeholders

    def _hand_over(self, received: tuple, claimed: list[Any], waiting: dict[int, Future], schedule: Schedule) -> None:
        index, ahead = received
        task = claimed[index]
        if ahead is None:  # the read-ahead could not read it: a worker reads it from the start
            _chain(schedule, self._fn, task.args, waiting.pop(index))
        else:
            _chain(schedule, SECOND_HALF[self._fn], (ahead, *task.args[1:]), waiting.pop(index))

    def _deliver(self, claimed: list[Any], waiting: dict[int, Future], schedule: Schedule) -> None:
        deadline = None if self._timeout_s is None else time.monotonic() + self._timeout_s
        while waiting and not self._closing:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                received = self._received.get(timeout=remaining)
            except queue.Empty:  # the time limit: the reading is too slow
                self._stop_process()
                for placeholder in waiting.values():
                    _settle(placeholder, exception=FutureTimeout())
                return
            if received is ENDED:  # the process died (a crash, the memory limit) or was stopped
                break
            self._hand_over(received, claimed, waiting, schedule)
        for index, placeholder in waiting.items():  # the process died: from the start, by a worker
            if self._closing:
                _settle(placeholder, cancel=True)
            else:
                _chain(schedule, self._fn, claimed[index].args, placeholder)

    def _stop_process(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join(timeout=5)

    def close(self) -> None:
        """Stop the process (done with its files, it has ended already) and the delivery."""
        self._closing = True
        self.claimed()
        self._stop_process()
        self._receiver.join(timeout=5)
        self._received.put(ENDED)  # a delivery waiting for a reading that will not come
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._conn.close()


def _chain(schedule: Schedule, fn: Callable, args: tuple, placeholder: Future) -> None:
    """``schedule(fn, args)``'s result, exception or cancellation, passed on to ``placeholder``."""
    try:
        future = schedule(fn, args)
    except Exception as exc:  # the pool was stopped meanwhile
        _settle(placeholder, exception=exc)
        return

    def done(f: Future) -> None:
        if f.cancelled():
            _settle(placeholder, cancel=True)
        elif f.exception() is not None:
            _settle(placeholder, exception=f.exception())
        else:
            _settle(placeholder, result=f.result())

    future.add_done_callback(done)


def _settle(placeholder: Future, *, result: Any = None, exception: BaseException | None = None, cancel: bool = False) -> None:
    """Complete a placeholder once; one the caller cancelled (a run stopped early) stays so."""
    try:
        if cancel:
            if placeholder.cancel():
                placeholder.set_running_or_notify_cancel()  # wakes as_completed, as the pool's do
        elif exception is not None:
            placeholder.set_exception(exception)
        else:
            placeholder.set_result(result)
    except InvalidStateError:
        pass
