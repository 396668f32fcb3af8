"""extractors.convert ends a LibreOffice that hangs as a whole process group: at its own timeout,
and through ``kill_conversions`` (what a worker stopped by the per-file time limit calls)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from extractors import convert
from extractors.errors import ConversionFailed

# soffice as a script whose child (as oosplash starts soffice.bin) holds its output pipes open
HANGING_SOFFICE = """#!/bin/sh
sleep 600 &
echo "$$ $!" > "$FAKE_SOFFICE_PIDS"
wait
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@pytest.fixture
def hanging_soffice(tmp_path, monkeypatch):
    """The pids the fake soffice writes (read once it has started); they are killed afterwards
    should the code under test have left them."""
    bin_dir, pids_file = tmp_path / "bin", tmp_path / "soffice.pids"
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text(HANGING_SOFFICE)
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids_file))
    pids: list[int] = []

    def started() -> list[int]:
        deadline = time.monotonic() + 60
        while not pids_file.exists() or len(pids_file.read_text().split()) < 2:
            assert time.monotonic() < deadline, "the fake soffice never started"
            time.sleep(0.05)
        pids[:] = [int(p) for p in pids_file.read_text().split()]
        return pids

    yield started
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _gone(pids: list[int]) -> bool:
    deadline = time.monotonic() + 60  # a bound, not a measure: the group is killed at once
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_alive(p) for p in pids)


def _doc(tmp_path: Path) -> Path:
    source = tmp_path / "course.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return source


def test_a_conversion_past_its_timeout_is_ended_with_all_it_started(tmp_path, hanging_soffice):
    with pytest.raises(ConversionFailed, match="took longer than 1 s"):
        convert.convert(_doc(tmp_path), "docx", tmp_path / "out", timeout_s=1)
    assert _gone(hanging_soffice())
    assert not convert._running


def test_kill_conversions_ends_a_running_conversion_whole(tmp_path, hanging_soffice):
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            convert.convert(_doc(tmp_path), "docx", tmp_path / "out", timeout_s=600)
        except BaseException as exc:  # whatever it is, the test looks at it
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    pids = hanging_soffice()
    convert.kill_conversions()
    worker.join(60)
    assert not worker.is_alive()
    assert _gone(pids)
    assert len(outcome) == 1 and isinstance(outcome[0], ConversionFailed), outcome
