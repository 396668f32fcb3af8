"""SIGTERM (systemd, ``kill``) and Ctrl-C stop an ``audit`` cleanly: exit 2 with the reason on
stderr and in the run's audit.log, no worker or converter left running, no lock file left, the
register exactly as it was (or, when the signal came after the commit, the run recorded whole
and said so), and no half-written reports.

Each case runs the real command in a separate process and stops it at a known point without
relying on timing: the run is made to block there (a file being read, the register write, the
report writing) and to say so in a marker file; only then is the signal sent.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SAMPLES = ROOT / "data" / "samples"
MARKER = "SYLLABUS_AUDIT_TEST_MARKER"

# The command line, with one point of the run made to block (``install``) before it starts.
RUNNER = f"""
import sys
sys.path[:0] = [{str(ROOT)!r}, {str(HERE)!r}]
import test_pipeline_signals as t
t.install(sys.argv[1])
# the console script's own target, so a stopped night ends as cron's does (pipeline.process_exit)
from syllabus_audit.cli import main
sys.argv[:] = ["syllabus-audit", *sys.argv[2:]]
main()
"""


# --------------------------------------------------------------------------- in the audit's processes


def _arrived(what: str) -> None:
    """Tell the test this point is reached (written whole, then renamed: never read half-written)."""
    marker = Path(os.environ[MARKER])
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(what, encoding="utf-8")
    os.replace(tmp, marker)


def _block() -> None:
    while True:
        time.sleep(0.05)


def blocking_extract_and_check(path, limits, spec):
    """The worker's task: ``block*`` files start a child (as LibreOffice would be started for a
    .doc) and never finish; the others are read for real."""
    if Path(path).name.startswith("block"):
        child = subprocess.Popen(["sleep", "600"])
        _arrived(f"{os.getpid()} {child.pid}")
        _block()
    from pipeline import work  # in a Dask worker, started afresh, nothing was replaced

    return globals().get("_real_extract_and_check", work.extract_and_check)(path, limits, spec)


def install(phase: str) -> None:
    """Make the run block while reading a file, inside the register's transaction, or while
    writing the reports."""
    global _real_extract_and_check
    if phase == "reading":
        from pipeline import work

        _real_extract_and_check = work.extract_and_check
        work.extract_and_check = blocking_extract_and_check  # the pool pickles it by this name
    elif phase == "recording":
        import reports.register.lifecycle as lifecycle  # record_run takes apply_run from there on each call

        original = lifecycle.apply_run

        def paused(session, *args, **kwargs):
            outcome = original(session, *args, **kwargs)
            session.flush()  # everything written, not committed
            _arrived("recording")
            _block()
            return outcome

        lifecycle.apply_run = paused
    elif phase == "reporting":
        import pipeline.audit as audit

        def partial(report, out_dir, formats=None, kept_in=None):
            out_dir = Path(out_dir)
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / "report.en.html").write_text("<html><body>half a rep", encoding="utf-8")
            _arrived("reporting")
            _block()

        audit.render_reports = partial


# --------------------------------------------------------------------------- the test's side


_started: list[int] = []


@pytest.fixture(autouse=True)
def _no_process_outlives_the_test():
    """After the test's own checks: whatever is left of an audit's process group (a failure's)."""
    yield
    while _started:
        try:
            os.killpg(_started.pop(), signal.SIGKILL)
        except ProcessLookupError:
            pass


def _audit(base: Path, folder: Path, phase: str = "none", executor: str = "local") -> subprocess.Popen:
    # HERE too: a Dask worker, a fresh process, imports the blocking task from this module
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)]), MARKER: str(base / "marker")}
    args = [sys.executable, "-c", RUNNER, phase, "audit", "--no-progress", str(folder),
            "--register", str(base / "register.sqlite3"), "--out", str(base / "out"), "--workers", "2",
            "--lang", "en", "--executor", executor]
    # its own process group, so that Ctrl-C can be sent the way a terminal sends it: to the group
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    _started.append(proc.pid)
    return proc


def _dump(register: Path) -> dict:
    """Every row of every table, in order: the register's whole content."""
    engine = create_engine(f"sqlite:///{register}")
    try:
        with engine.connect() as conn:
            return {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr)
                    for t in inspect(conn).get_table_names()}
    finally:
        engine.dispose()


def _run_ids(register: Path) -> set[str]:
    return {row[0] for row in _dump(register)["runs"]}


def _wait_for(marker: Path, proc: subprocess.Popen) -> str:
    deadline = time.monotonic() + 300  # a guard against a hang, not a measure of speed
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the audit ended (status {proc.returncode}) before the point to stop it at:\n{out}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the audit never reached the point to stop it at")
        time.sleep(0.05)
    return marker.read_text(encoding="utf-8")


def _gone(pid: int) -> bool:
    """Not running: no such process, or a zombie waiting for whoever adopted it to reap it."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except FileNotFoundError:
        return True
    return stat[stat.rindex(b")") + 2:].split()[0] in (b"Z", b"X")


def _stopped(base: Path, proc: subprocess.Popen, how: str) -> tuple[str, str]:
    if how == "SIGTERM":
        os.kill(proc.pid, signal.SIGTERM)  # kill PID / systemctl stop
    else:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
    # an orphaned worker would keep the pipes open and this waiting: the timeout ends that
    return proc.communicate(timeout=120)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A register with one night in it (and its warm cache), over three syllabi."""
    base = tmp_path_factory.mktemp("seeded")
    folder = base / "syllabi"
    folder.mkdir()
    for name in ("clean_en.docx", "defects_ru.docx", "seed_kk.docx"):
        shutil.copy(SAMPLES / name, folder / name)
    proc = _audit(base, folder)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode in (0, 1), (out, err)
    return base


@pytest.fixture
def night(seeded, tmp_path) -> Path:
    """A copy of the seeded register and folder, with one more file for tonight."""
    shutil.copy(seeded / "register.sqlite3", tmp_path / "register.sqlite3")
    for cache in seeded.glob("register.sqlite3.cache"):  # warm: tonight only block.docx is read
        shutil.copytree(cache, tmp_path / cache.name)
    shutil.copytree(seeded / "syllabi", tmp_path / "syllabi")
    (tmp_path / "syllabi" / "block.docx").write_bytes(b"PK\x03\x04 not read tonight " + os.urandom(16))
    return tmp_path


def _no_lock_left(base: Path) -> None:
    assert sorted(p.name for p in base.iterdir() if "runlock" in p.name) == []


def _only_the_log(base: Path) -> Path:
    """The night's folder holds its audit.log (saying why) and nothing else: no report."""
    runs = [p for p in (base / "out").iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(runs) == 1, runs
    assert sorted(p.name for p in runs[0].iterdir()) == ["audit.log"]
    return runs[0] / "audit.log"


@pytest.mark.parametrize("how, executor", [
    ("SIGTERM", "local"), ("SIGINT", "local"),
    pytest.param("SIGTERM", "dask", marks=pytest.mark.slow),  # a local cluster, its workers' pools
])
def test_stopped_while_reading_stops_the_workers_and_records_nothing(night, how, executor):
    before = _dump(night / "register.sqlite3")
    proc = _audit(night, night / "syllabi", "reading", executor)
    worker, child = map(int, _wait_for(night / "marker", proc).split())
    out, err = _stopped(night, proc, how)

    assert proc.returncode == 2, (out, err)
    said = f"stopped by {how}"
    assert said in err and "nothing from this run was recorded" in err, err
    assert "Traceback" not in err and "Aborted" not in err, err
    assert " - distributed." not in err, err  # Dask's own log of the comms of the workers stopped
    log = _only_the_log(night).read_text(encoding="utf-8")
    assert said in log and "nothing from this run was recorded" in log, log
    _no_lock_left(night)
    assert _dump(night / "register.sqlite3") == before
    # the worker and what it started (killed, not orphaned: the audit's end is after theirs)
    assert _gone(worker) and _gone(child), (worker, child)


def test_stopped_in_the_register_write_rolls_it_back(night):
    before = _dump(night / "register.sqlite3")
    proc = _audit(night, night / "syllabi", "recording")
    _wait_for(night / "marker", proc)
    out, err = _stopped(night, proc, "SIGTERM")

    assert proc.returncode == 2, (out, err)
    assert "stopped by SIGTERM; nothing from this run was recorded" in err, err
    assert "nothing from this run was recorded" in _only_the_log(night).read_text(encoding="utf-8")
    _no_lock_left(night)
    assert _dump(night / "register.sqlite3") == before


def test_stopped_after_the_commit_says_the_run_is_recorded_and_leaves_no_half_report(night):
    runs_before = _run_ids(night / "register.sqlite3")
    proc = _audit(night, night / "syllabi", "reporting")
    _wait_for(night / "marker", proc)
    out, err = _stopped(night, proc, "SIGTERM")

    assert proc.returncode == 2, (out, err)
    new = _run_ids(night / "register.sqlite3") - runs_before
    assert len(new) == 1  # recorded whole before the signal: nothing is undone, it is said
    run_id = new.pop()
    assert f"stopped by SIGTERM after run {run_id} was recorded" in err, err
    assert f"syllabus-audit report {run_id}" in err, err
    log = _only_the_log(night)  # the half-written report.en.html is gone
    assert f"after run {run_id} was recorded" in log.read_text(encoding="utf-8")
    _no_lock_left(night)


def test_a_signal_while_the_lock_is_given_back_waits_until_it_is(tmp_path, monkeypatch):
    """The signal that stops a run may come just as it ends: the lock file and the holder's note
    go together, never the one without the other."""
    from pipeline.errors import RunStopped, stop_on_signals
    from reports.register.lock import RunLock
    from reports.register.store import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    lock = RunLock(engine, "night")
    lock.acquire()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.sqlite3.runlock", "register.sqlite3.runlock.json"]
    unlink = Path.unlink

    def unlink_then_signal(self, *args, **kwargs):
        unlink(self, *args, **kwargs)
        if self.name.endswith(".runlock.json"):  # half-way through the release
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(Path, "unlink", unlink_then_signal)
    # another thread, as the worker pool's are: the signal may reach the process through it
    done = threading.Event()
    other = threading.Thread(target=done.wait, daemon=True)
    other.start()
    try:
        with pytest.raises(RunStopped), stop_on_signals():
            lock.release()
    finally:
        done.set()
        other.join()
    monkeypatch.undo()
    _no_lock_left(tmp_path)
    engine.dispose()


def test_any_command_stopped_by_a_signal_exits_2_saying_so(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from pipeline.cli import main
    from reports.register import open_register
    from reports.register.store import Register

    def stopped_while_reading(self):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises before this is over
        pytest.fail("SIGTERM did not stop the command")

    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    open_register(url).close()
    monkeypatch.setattr(Register, "runs", stopped_while_reading)
    result = CliRunner().invoke(main, ["report", "--register", url, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == "error: stopped by SIGTERM before the command finished"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the command's handler is gone after it


def test_the_first_night_stopped_says_nothing_was_recorded(tmp_path):
    """No register before the run: the one the run started holds nothing, and that is what is said."""
    (tmp_path / "syllabi").mkdir()
    (tmp_path / "syllabi" / "block.docx").write_bytes(b"PK\x03\x04 not read tonight")
    proc = _audit(tmp_path, tmp_path / "syllabi", "reading")
    _wait_for(tmp_path / "marker", proc)
    out, err = _stopped(tmp_path, proc, "SIGTERM")

    assert proc.returncode == 2, (out, err)
    assert "stopped by SIGTERM; nothing from this run was recorded" in err, err
    _no_lock_left(tmp_path)
    _only_the_log(tmp_path)
