"""Faults of the run itself: a kill -9 in the register write, SIGTERM while the workers read, a
report folder that cannot be written, and a file that changes under the night. Nothing recorded
is lost or corrupted, a failure says so with status 2, and the cache never holds a wrong answer."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import hostile_builders as b
import hostile_harness as h
import pytest

pytestmark = pytest.mark.hostile

DEFECTS_CODE = "GHM3305"
SEED_CODE = "GMRK3301"


def lock_files(register: Path) -> list[Path]:
    return [p for p in register.parent.iterdir() if p.name.startswith(register.name + ".runlock")]


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (its workers), from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_kill_9_in_the_register_write_loses_nothing(folder, audit, tmp_path):
    b.copy_sample("defects_ru.docx", folder / f"{DEFECTS_CODE}.docx")
    first = audit()
    h.assert_sound(first, entries=2)
    open_before = len(first.records())
    assert open_before > 0
    before = h.register_dump(first.register)
    # night 2 brings a second defective syllabus (new records): killed before its commit
    b.copy_sample("seed_kk.docx", folder / f"{SEED_CODE}.docx")
    marker = tmp_path / "in-register-write"
    proc = h.start(["audit", "--no-progress", folder, "--register", first.register, "--out", first.out,
                    "--workers", "1"], tmp_path, env={"HOSTILE_PAUSE": "register", "HOSTILE_MARKER": str(marker)})
    try:
        h.wait_for(marker, proc)
    finally:
        h.kill_group(proc)  # SIGKILL to the command and its workers
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert h.sqlite_integrity(first.register) == "ok"
    assert h.register_dump(first.register) == before
    # the next night runs as if the killed one never happened (the dead run's lock went with it)
    third = audit()
    h.assert_sound(third, entries=3)
    changes = third.report()["summary"]["changes"]
    assert changes["still_open"] == open_before and changes["new"] > 0, changes
    ids = [r["id"] for r in third.records()]
    assert len(ids) == len(set(ids)) == open_before + changes["new"]
    assert h.sqlite_integrity(third.register) == "ok"


def test_sigterm_stops_the_run_releases_the_lock_and_says_so(folder, tmp_path):
    b.copy_sample("defects_ru.docx", folder / f"{DEFECTS_CODE}.docx")
    b.copy_sample("clean_ru.docx", folder / "clean_ru.docx")
    register, out, marker = tmp_path / "register.sqlite3", tmp_path / "out", tmp_path / "first-file-read"
    proc = h.start(["audit", "--no-progress", folder, "--register", register, "--out", out, "--workers", "2"],
                   tmp_path, env={"HOSTILE_PAUSE": "extract", "HOSTILE_MARKER": str(marker)})
    try:
        h.wait_for(marker, proc)
        workers = children(proc.pid)
        os.kill(proc.pid, signal.SIGTERM)  # the command only, as `kill PID` or a timeout would
        done = h.finish(proc)
    finally:
        h.kill_group(proc)
    assert done.rc == 2, done.describe()
    assert "error:" in done.stderr
    night = h.Night(done, folder, out, register)
    h.assert_no_traceback(done.stdout, done.stderr, night.log())
    assert "error" in night.log().lower() or "SIGTERM" in night.log(), night.log()
    assert lock_files(register) == []
    if register.exists():
        assert h.sqlite_integrity(register) == "ok"
        assert h.register_dump(register).get("runs", []) == []
    deadline = time.monotonic() + 30  # workers get a moment to exit once told to
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [w for w in workers if alive(w)], "the run's workers outlived it"


def test_read_only_report_folder_fails_with_status_2(folder, audit, tmp_path):
    prefix = h.without_root_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: a mode-555 folder would not be read-only")
    out = tmp_path / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        night = audit(out=out, prefix=prefix)
    finally:
        out.chmod(0o755)
    assert night.rc == 2, night.describe()
    h.assert_no_traceback(night.done.stdout, night.done.stderr)
    errors = [line for line in night.done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(out) in errors[0], night.describe()


def test_file_rewritten_between_two_nights_is_audited_anew(folder, audit):
    course = folder / "course.docx"
    b.copy_sample("clean_ru.docx", course)
    first = audit()
    h.assert_sound(first, exit_codes=(0,), entries=2)
    assert first.entry("course.docx")["verdict"] == "accepted"
    shutil.copyfile(b.sample("defects_ru.docx"), course)
    second = audit()
    h.assert_sound(second, entries=2)
    entry = second.entry("course.docx")
    assert entry["course_code"] == DEFECTS_CODE and entry["verdict"] != "accepted", entry
    assert second.records_of("course.docx")


def test_file_replaced_while_the_night_reads_it_leaves_no_wrong_answer_in_the_cache(folder, audit, tmp_path):
    """Discovery hashes the defective file, then a colleague saves the clean version over it
    before it is parsed: whatever that night says, the cache must not keep the clean result
    under the defective content's hash, or the next night accepts the defective syllabus."""
    course = folder / "course.docx"
    b.copy_sample("defects_ru.docx", course)
    clean = b.copy_sample("clean_ru.docx", tmp_path / "clean_ru.docx")
    first = audit(env={"HOSTILE_SWAP": f"{course}::{clean}"})
    h.assert_sound(first, exit_codes=(0, 1), entries=2)
    shutil.copyfile(b.sample("defects_ru.docx"), course)  # the defective version is back
    second = audit()
    h.assert_sound(second, exit_codes=(0, 1), entries=2)
    entry = second.entry("course.docx")
    assert entry["course_code"] == DEFECTS_CODE and entry["verdict"] != "accepted", entry
    assert [r for r in second.records_of("course.docx") if r["status"] in ("open", "reopened")]


# A LibreOffice that never finishes: the script stands for soffice, the background sleep for the
# soffice.bin it starts (a grandchild of the worker); both pids are written for the test.
HANGING_SOFFICE = """#!/bin/sh
sleep 600 &
echo "$$ $!" > "$HOSTILE_SOFFICE_PIDS"
wait
"""


def test_a_doc_whose_conversion_outlasts_the_time_limit_leaves_no_libreoffice_behind(folder, audit, tmp_path):
    """The per-file time limit kills the worker converting a .doc: the converter and what it
    started die with it, instead of running on as orphans after the night."""
    bin_dir, pids_file = tmp_path / "bin", tmp_path / "soffice.pids"
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text(HANGING_SOFFICE)
    (bin_dir / "soffice").chmod(0o755)
    (folder / "old course.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "HOSTILE_SOFFICE_PIDS": str(pids_file)}
    # The converter hangs whatever the limit; the limit stays far above what the good sample beside
    # it takes even on a loaded machine (at 2 s, a loaded run could time the good sample out too).
    night = audit("--timeout", "20", "--no-cache", env=env)
    pids = [int(p) for p in pids_file.read_text().split()] if pids_file.exists() else []
    try:
        assert len(pids) == 2, "the fake soffice was not started: the .doc was not converted\n" + night.describe()
        deadline = time.monotonic() + 60  # a bound, not a measure: the kill is immediate
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in pids if alive(p)], "LibreOffice outlived the worker the time limit killed"
        h.assert_sound(night, entries=2)
        entry = night.entry("old course.doc")
        assert "took too long" in entry["error"], entry
    finally:
        for pid in pids:  # the processes this test's fake soffice started, should they be left
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
