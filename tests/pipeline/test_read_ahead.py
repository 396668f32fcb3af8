"""The read-ahead (pipeline.read_ahead): a file read ahead has the outcome a worker reading it
from the start would make; whatever goes wrong in the read-ahead falls back to such a worker; a
reading that does not come is timed out; no process outlives the run."""

import multiprocessing
import os
import signal
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pytest

from extractors.errors import ExtractionError
from extractors.model import Syllabus
from pipeline import work
from pipeline.executors import LocalExecutor, Task, extract_tasks
from pipeline.read_ahead import ReadAhead, can_read_ahead
from pipeline.work import CheckSpec, extract_and_check, extract_one

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
WAIT_S = 120.0  # for a reading that always comes: generous, no test depends on the machine's speed
FORK = multiprocessing.get_context("fork")


def _files(tmp_path: Path) -> list[str]:
    junk = tmp_path / "notes.docx"
    junk.write_bytes(b"not a zip at all")
    return [str(SAMPLES / "clean_ru.pdf"), str(SAMPLES / "seed_kk.docx"), str(junk)]


def _comparable(outcome):
    if isinstance(outcome, Syllabus):
        return ("syllabus", outcome.model_dump(mode="json"))
    assert isinstance(outcome, ExtractionError), outcome
    return (type(outcome).__name__, outcome.code, outcome.path, outcome.detail)


class InProcess:
    """A ``schedule`` that runs the unit here, recording which unit each file went to."""

    def __init__(self):
        self.units: dict[str, str] = {}

    def __call__(self, fn, args) -> Future:
        first = args[0]
        self.units[first.path if isinstance(first, work.RawReading) else first] = fn.__name__
        future: Future = Future()
        future.set_result(fn(*args))
        return future


def _read_all(tasks, fn=extract_one, *, dies=False):
    """Every task claimed by the read-ahead (or, when it ``dies``, what it claimed before), then
    delivered."""
    ahead = ReadAhead(FORK, fn, tasks, WAIT_S, init=lambda: None)
    try:
        assert ahead.finished(WAIT_S) if dies else ahead.all_claimed(WAIT_S)
        claimed = ahead.claimed()
        schedule = InProcess()
        placeholders = ahead.deliver(claimed, schedule)
        results = {}
        for placeholder, task in placeholders.items():
            try:
                results[task.path] = placeholder.result(WAIT_S)
            except FutureTimeout:
                results[task.path] = "timed out"
        return claimed, schedule.units, results
    finally:
        ahead.close()


def test_a_file_read_ahead_has_the_outcome_of_a_worker_reading_it(tmp_path):
    paths = _files(tmp_path)
    claimed, units, results = _read_all(list(extract_tasks(paths)))
    assert [t.path for t in claimed] == paths  # given the time, it claims every PDF and DOCX
    assert units[paths[0]] == units[paths[1]] == "extract_read_ahead"  # the interpreter only, here
    assert units[paths[2]] == "extract_one"  # what it could not read, a worker reads from the start
    for path in paths:
        assert _comparable(results[path]) == _comparable(extract_one(path))
    assert results[paths[0]].file == paths[0] and results[paths[0]].identity.course_title.source.file == paths[0]
    assert work.parsed_sha256(results[paths[1]]) == work.parsed_sha256(extract_one(paths[1]))


def test_checks_of_a_file_read_ahead_are_those_of_a_worker_reading_it(tmp_path):
    path = str(SAMPLES / "defects_ru.docx")
    spec = CheckSpec()
    _, units, results = _read_all([Task(path, (path, None, spec))], fn=extract_and_check)
    assert units[path] == "extract_read_ahead_and_check"
    syllabus, checked = results[path]
    expected_syllabus, expected_checks = extract_and_check(path, None, spec)
    assert _comparable(syllabus) == _comparable(expected_syllabus)
    assert checked == expected_checks and checked["findings"]  # the defects are found


def _crash(path, limits=None):
    os._exit(7)


def _hang(path, limits=None):
    while True:
        time.sleep(0.05)


def test_a_read_ahead_that_dies_leaves_its_files_to_the_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(work, "read_ahead", _crash)  # forked: the process sees it
    paths = _files(tmp_path)[:2]
    claimed, units, results = _read_all(list(extract_tasks(paths)), dies=True)
    assert [t.path for t in claimed] == paths[:1]  # it died on its first file
    assert units == {paths[0]: "extract_one"}
    assert _comparable(results[paths[0]]) == _comparable(extract_one(paths[0]))


def test_a_reading_that_does_not_come_is_timed_out_and_its_process_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(work, "read_ahead", _hang)
    path = str(SAMPLES / "clean_en.pdf")
    ahead = ReadAhead(FORK, extract_one, [Task(path, (path, None))], 0.5, init=lambda: None)
    try:
        # not asked to stop claiming: it claims its one file, now or soon, and never sends it
        placeholders = ahead.deliver([Task(path, (path, None))], InProcess())
        (placeholder,) = placeholders
        with pytest.raises(FutureTimeout):
            placeholder.result(WAIT_S)
        assert ahead.finished(WAIT_S)  # killed, not waited out
    finally:
        ahead.close()


def test_only_pdf_and_docx_of_the_extract_units_are_read_ahead():
    assert can_read_ahead(extract_one, [Task("a.PDF", ("a.PDF", None))])
    assert can_read_ahead(extract_and_check, [Task("a.doc", ("a.doc",)), Task("b.docx", ("b.docx",))])
    assert not can_read_ahead(extract_one, [Task("a.doc", ("a.doc",)), Task("b.odt", ("b.odt",))])
    assert not can_read_ahead(work.check_one, [Task("a.pdf", ("a.pdf",))])


def _read_ahead_processes() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "syllabus-audit-read-ahead"]


@pytest.mark.parametrize("fn", [extract_one, extract_and_check])
def test_a_run_has_the_same_outcome_with_and_without_the_read_ahead(tmp_path, fn):
    paths = [*_files(tmp_path), str(SAMPLES / "defects_ru.pdf"), str(SAMPLES / "clean_kk.docx")]
    paths = [p for p in paths if Path(p).exists()]
    tasks = [Task(p, (p, None) if fn is extract_one else (p, None, CheckSpec())) for p in paths]
    outcomes = []
    for read_ahead in (True, False):
        with LocalExecutor(workers=2, timeout_s=WAIT_S, read_ahead=read_ahead) as ex:
            out = dict(ex.map(fn, tasks))
        outcomes.append({t.path: (_comparable(r) if fn is extract_one else (_comparable(r[0]), r[1]))
                         for t, r in out.items()})
    assert outcomes[0] == outcomes[1] and len(outcomes[0]) == len(paths)
    assert not _read_ahead_processes()


def test_a_run_stopped_early_leaves_no_read_ahead_behind(tmp_path):
    paths = [str(SAMPLES / n) for n in ("clean_ru.pdf", "defects_ru.pdf", "seed_kk.pdf", "clean_en.pdf")]
    with LocalExecutor(workers=1, timeout_s=WAIT_S) as ex:
        for _ in ex.map(extract_one, list(extract_tasks(paths))):
            break  # the caller stops at the first result (an exception, SIGTERM, Ctrl-C)
        assert not _read_ahead_processes()


def test_sigterm_ends_the_read_ahead_quietly_under_the_runs_handler(monkeypatch):
    from pipeline.errors import stop_on_signals

    monkeypatch.setattr(work, "read_ahead", _hang)
    path = str(SAMPLES / "clean_en.pdf")
    with stop_on_signals():  # the coordinator's handler, which the process inherits
        ahead = ReadAhead(FORK, extract_one, [Task(path, (path, None))], WAIT_S, init=lambda: None)
    try:
        assert ahead.all_claimed(WAIT_S)  # busy with its file
        os.kill(ahead.pid, signal.SIGTERM)
        assert ahead.finished(WAIT_S)
        # killed by the signal, not exit status 1 after printing RunStopped's traceback
        assert ahead.exitcode == -signal.SIGTERM
    finally:
        ahead.close()


def test_the_files_not_claimed_are_those_whose_readers_the_workers_need(tmp_path):
    paths = _files(tmp_path)[:2]
    tasks = [*extract_tasks(paths), Task("old.doc", ("old.doc", None))]
    ahead = ReadAhead(FORK, extract_one, tasks, WAIT_S, init=lambda: None)
    try:
        assert ahead.all_claimed(WAIT_S)
        assert ahead.unclaimed(tasks) == tasks[2:]  # a .doc is never read ahead
    finally:
        ahead.close()
