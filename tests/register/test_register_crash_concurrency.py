"""A run is one transaction: an exception or a kill mid-run leaves the register as it was; two runs
at once do not interleave (the second refuses, naming the first, or waits)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from register_helpers import dump, finding, night, ref
from sqlalchemy import create_engine, text

from reports.register import open_register

WORKER = Path(__file__).with_name("register_worker.py")
R = ref()


class ExplodingRecords(Mapping):
    """Yields some records, then fails: a crash half-way through applying a run."""

    def __init__(self, records, after):
        self.records, self.after = records, after

    def __getitem__(self, key):
        return self.records[key]

    def __len__(self):
        return len(self.records)

    def __iter__(self):
        for i, key in enumerate(self.records):
            if i == self.after:
                raise RuntimeError("crash in the middle of the run")
            yield key

    def items(self):
        return ((k, self.records[k]) for k in self)


def seed(register):
    register.record_run("n1", [(finding(key=f"k{i}"), R) for i in range(5)], [R], night(2))


def test_exception_mid_run_leaves_register_unchanged(register, url, monkeypatch):
    import reports.register.build as build  # record_run takes build_records from there on each call

    seed(register)
    before = dump(url)
    original = build.build_records

    def exploding(*args, **kwargs):
        return ExplodingRecords(original(*args, **kwargs), after=4)

    monkeypatch.setattr(build, "build_records", exploding)
    # night 2: k0..k2 seen again, k3 gone (would be resolved), k5..k7 new (would be created)
    pairs = [(finding(key=f"k{i}"), R) for i in (0, 1, 2, 5, 6, 7)]
    with pytest.raises(RuntimeError, match="crash"):
        register.record_run("n2", pairs, [R], night(3))
    assert dump(url) == before
    monkeypatch.setattr(build, "build_records", original)
    out = register.record_run("n2", pairs, [R], night(3))  # the same run goes through afterwards
    assert out.counts()["new"] == 3 and out.counts()["resolved"] == 2


def spawn(url, run_id, mode, wait=0.0, n=200):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, str(WORKER), url, run_id, mode, str(wait), str(n)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def wait_ready(proc, timeout=60):
    deadline = time.monotonic() + timeout
    line = proc.stdout.readline()
    assert line.startswith("READY"), (line, proc.stderr.read() if proc.poll() is not None else "")
    assert time.monotonic() < deadline


def integrity(url):
    if url.startswith("sqlite"):
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        engine.dispose()


def test_kill_mid_run_leaves_register_unchanged(register, url):
    seed(register)
    before = dump(url)
    proc = spawn(url, "killed-night", "hang", n=300)
    try:
        wait_ready(proc)  # everything written and flushed, not committed
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    integrity(url)
    assert dump(url) == before
    # and the next night runs normally (the dead run's lock went with it)
    reg = open_register(url)
    out = reg.record_run("next-night", [(finding(key="k0"), R)], [R], night(4))
    reg.close()
    assert out.counts()["still_open"] == 1 and out.counts()["resolved"] == 4


def test_second_run_refuses_naming_the_first(register, url):
    seed(register)
    first = spawn(url, "night-A", "hang", n=100)
    try:
        wait_ready(first)
        second = spawn(url, "night-B", "normal", wait=0, n=100)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 3, (out, err)
        assert "night-A" in out and "busy" in out
        assert "started 20" in out  # the holder's start time (wording of a294560)
    finally:
        first.kill()
        first.wait(30)
    integrity(url)
    assert [r.id for r in register.runs()] == ["n1"]


def test_second_run_waits_then_both_are_recorded(register, url):
    seed(register)
    first = spawn(url, "night-A", "slow", n=150)
    wait_ready(first)
    second = spawn(url, "night-B", "normal", wait=60, n=150)
    out_a, err_a = first.communicate(timeout=120)
    out_b, err_b = second.communicate(timeout=120)
    assert first.returncode == 0, err_a
    assert second.returncode == 0, err_b
    assert "150 new" in out_a and "150 still open" in out_b  # B saw A's committed records
    integrity(url)
    ids = [nc.id for nc in register.list()]
    assert len(ids) == len(set(ids)) == 155
    assert {r.id for r in register.runs()} == {"n1", "night-A", "night-B"}


def test_many_waiting_runs_do_not_corrupt(register, url):
    procs = [spawn(url, f"night-{i}", "normal", wait=120, n=100 + 50 * i) for i in range(3)]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    integrity(url)
    ids = sorted(nc.id for nc in register.list())
    assert ids == [f"NC-2026-{i:04d}" for i in range(1, 201)]  # 200 distinct defects, no gaps, no doubles
    assert len(register.runs()) == 3
