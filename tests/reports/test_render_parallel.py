"""render_reports writes several formats side by side, one forked process each: the same files as
one after another, each writer's error raised as it would be in the caller's process, nothing
half-written left behind, and the index written once the pages it links are."""

from __future__ import annotations

import errno
import os
import signal
import threading
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from reports.render import render_reports
from reports.writers import registry
from reports.writers._atomic import atomic_path, write_text

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the side-by-side writers need fork")


@pytest.fixture(autouse=True)
def _threads_left_by_other_tests_do_not_count(monkeypatch):
    """``render_reports`` writes in this process while other threads run (a fork would copy their
    locks held); a thread another test of the suite left behind (a Dask client's, a pool's) made
    every test here a one-process run, and the killed writer killed the test run itself (CI). Only
    the threads a test starts count here."""
    import reports.render as render

    before = set(threading.enumerate())
    monkeypatch.setattr(render, "threading", SimpleNamespace(
        active_count=lambda: 1 + len(set(threading.enumerate()) - before)))


def _contents(folder: Path) -> dict[str, object]:
    """Every file under ``folder``; DOCX and XLSX member by member, without their creation times."""
    out: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = str(path.relative_to(folder))
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as z:
                out[name] = {m: z.read(m) for m in z.namelist() if m != "docProps/core.xml"}
        else:
            out[name] = path.read_bytes()
    return out


def test_every_format_side_by_side_writes_what_one_after_another_writes(report_kk, tmp_path):
    one = render_reports(report_kk, tmp_path / "a" / "run", processes=1)
    two = render_reports(report_kk, tmp_path / "b" / "run", processes=2)
    assert [p.relative_to(tmp_path / "a") for p in one] == [p.relative_to(tmp_path / "b") for p in two]
    assert len(one) >= 9  # csv, 2 html pages at least, index, json, 4 plans, xlsx
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")
    assert not list(tmp_path.rglob(".*.part*"))


def _fake(monkeypatch, name: str, render, **extra) -> None:
    monkeypatch.setitem(registry._RENDERERS, name, {"name": name, "extension": ".txt", "description": "",
                                                    "render": render, **extra})


def _pid_writer(name: str):
    def render(report, out: Path) -> Path:
        return write_text(out / f"{name}.txt", str(os.getpid()))
    return render


def test_each_format_in_its_own_process_and_the_paths_in_the_order_asked(monkeypatch, report_kk, tmp_path):
    for name in ("one", "two", "three"):
        _fake(monkeypatch, name, _pid_writer(name))
    paths = render_reports(report_kk, tmp_path, ["three", "one", "two", "one"], processes=2)
    assert [p.name for p in paths] == ["three.txt", "one.txt", "two.txt", "one.txt"]
    pids = {(tmp_path / f"{n}.txt").read_text() for n in ("one", "two", "three")}
    assert len(pids) == 3 and str(os.getpid()) not in pids


@pytest.mark.parametrize("why", ["one core", "one format", "a thread running"])
def test_in_this_process_when_side_by_side_cannot_help_or_is_not_safe(monkeypatch, report_kk, tmp_path, why):
    _fake(monkeypatch, "one", _pid_writer("one"))
    _fake(monkeypatch, "two", _pid_writer("two"))
    formats, processes = ["one", "two"], 2
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    if why == "one core":
        processes = 1
    elif why == "one format":
        formats = ["one"]
    else:
        thread.start()
    try:
        render_reports(report_kk, tmp_path, formats, processes=processes)
    finally:
        stop.set()
        if thread.is_alive():
            thread.join()
    assert {(tmp_path / f"{n}.txt").read_text() for n in formats} == {str(os.getpid())}


def test_a_writers_error_is_raised_as_itself_naming_the_format_and_the_others_are_written(
        monkeypatch, report_kk, tmp_path):
    def full_disk(report, out: Path):
        with atomic_path(out / "broken.txt") as tmp:
            tmp.write_text("half")
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp))

    _fake(monkeypatch, "broken", full_disk)
    _fake(monkeypatch, "fine", _pid_writer("fine"))
    with pytest.raises(OSError) as caught:
        render_reports(report_kk, tmp_path, ["broken", "fine"], processes=2)
    assert caught.value.errno == errno.ENOSPC and "No space left" in str(caught.value)
    assert any("broken report writer" in note and "full_disk" in note for note in caught.value.__notes__)
    assert (tmp_path / "fine.txt").exists()  # a whole report, as any other night's
    assert not (tmp_path / "broken.txt").exists() and not list(tmp_path.glob(".*.part*"))


def test_the_first_failure_in_the_order_asked_is_raised_and_the_others_are_noted(monkeypatch, report_kk, tmp_path):
    def bad_value(report, out):
        raise ValueError("a value the writer cannot take")

    def slow_then_bad(report, out):
        time.sleep(0.3)  # finishes last: the order asked decides, not the order finished
        raise LookupError("a label is missing")

    _fake(monkeypatch, "first", slow_then_bad)
    _fake(monkeypatch, "second", bad_value)
    with pytest.raises(LookupError, match="a label is missing") as caught:
        render_reports(report_kk, tmp_path, ["first", "second"], processes=2)
    assert any("ValueError: a value the writer cannot take" in note for note in caught.value.__notes__)


def test_an_error_that_cannot_be_sent_back_is_told_by_its_type_and_message(monkeypatch, report_kk, tmp_path):
    class Local(Exception):  # a class defined in a function cannot be pickled
        pass

    def render(report, out):
        raise Local("what went wrong")

    _fake(monkeypatch, "local", render)
    _fake(monkeypatch, "fine", _pid_writer("fine"))
    with pytest.raises(RuntimeError, match=r"Local: what went wrong"):
        render_reports(report_kk, tmp_path, ["local", "fine"], processes=2)


def test_a_writer_killed_is_a_failure_naming_its_format(monkeypatch, report_kk, tmp_path):
    test_process = os.getpid()

    def killed(report, out):
        # never the test run's own process: were the writer run here, the test fails instead
        assert os.getpid() != test_process, "the writer ran in the test's own process"
        os.kill(os.getpid(), signal.SIGKILL)  # the OOM killer, as the parent sees it

    _fake(monkeypatch, "killed", killed)
    _fake(monkeypatch, "fine", _pid_writer("fine"))
    with pytest.raises(RuntimeError, match=r"the killed report was not written.*SIGKILL"):
        render_reports(report_kk, tmp_path, ["killed", "fine"], processes=2)
    assert (tmp_path / "fine.txt").exists()


def test_stopped_while_writing_leaves_no_writer_running_and_no_part_file(monkeypatch, report_kk, tmp_path):
    def slow(report, out: Path):
        with atomic_path(out / "slow.txt") as tmp:
            tmp.write_text("started")
            time.sleep(60)

    _fake(monkeypatch, "slow", slow)
    _fake(monkeypatch, "slower", slow)
    import multiprocessing.connection

    def stopped(conns, timeout=None):
        deadline = time.monotonic() + 20
        while len(list(tmp_path.glob(".slow.*.part.txt"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        raise KeyboardInterrupt  # SIGTERM's RunStopped, in the parent, while it waits

    monkeypatch.setattr(multiprocessing.connection, "wait", stopped)
    with pytest.raises(KeyboardInterrupt):
        render_reports(report_kk, tmp_path, ["slow", "slower"], processes=2)
    assert not multiprocessing.active_children()
    assert not list(tmp_path.glob(".*.part*")) and not (tmp_path / "slow.txt").exists()


def test_the_index_is_written_after_the_pages_it_links_whatever_the_order(report_kk, tmp_path):
    render_reports(report_kk, tmp_path / report_kk.run_id, ["index", "json", "html"], processes=2)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f"{report_kk.run_id}/report.kk.html" in index


def test_a_renderer_reading_the_reports_waits_for_the_others(monkeypatch, report_kk, tmp_path):
    seen: list[list[str]] = []

    def reader(report, out: Path) -> Path:
        seen.append(sorted(p.name for p in out.iterdir()))
        return write_text(out / "reader.txt", "")

    _fake(monkeypatch, "reader", reader, reads_reports=True)
    _fake(monkeypatch, "one", _pid_writer("one"))
    _fake(monkeypatch, "two", _pid_writer("two"))
    paths = render_reports(report_kk, tmp_path, ["reader", "one", "two"], processes=2)
    assert seen == [["one.txt", "two.txt"]]
    assert [p.name for p in paths] == ["reader.txt", "one.txt", "two.txt"]
