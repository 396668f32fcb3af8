"""What a shared drive holds besides files: names that are not UTF-8 or carry terminal escapes,
files and folders the run may not read, FIFOs, symlink loops, and names that collide. Each still
costs only itself: it has its record and its report line, and the night goes on.

Two nights: one over the hostile names (then the later commands on its register), one over the
odd corners of a share.
"""

from __future__ import annotations

import errno
import os
import shutil
import time

import hostile_builders as b
import hostile_harness as h
import pytest

from extractors import errors as E

pytestmark = pytest.mark.hostile

DEFECTS_CODE = "GHM3305"  # data/samples/defects_ru.*: a syllabus with real defects (records)
SEED_CODE = "GMRK3301"  # data/samples/seed_kk.*: the real syllabus, with its real defects
LATIN1_NAME = b"\xe9t\xe9 " + DEFECTS_CODE.encode() + b".docx"  # "été" in Latin-1: not UTF-8
ESCAPE_NAME = b"evil\x1b[31mred\x1b]0;title\x07\ttab\r\nline " + SEED_CODE.encode() + b".docx"
EMPTY_NAMES = ["a.pdf", "b.docx", "c.pdf", "d.docx", "e.docx"]


@pytest.fixture(scope="module")
def names(tmp_path_factory, good_sample):
    base = tmp_path_factory.mktemp("names-night")
    folder = base / "syllabi"
    folder.mkdir()
    shutil.copyfile(good_sample, folder / h.GOOD_NAME)
    for name, source in ((LATIN1_NAME, "defects_ru.docx"), (ESCAPE_NAME, "seed_kk.docx")):
        with open(b.bytes_name(folder, name), "wb") as fh:
            fh.write(b.sample(source).read_bytes())
    register, out = base / "register.sqlite3", base / "out"
    done = h.cli(["audit", "--no-progress", folder, "--register", register, "--out", out, "--workers", "1"], base)
    night = h.Night(done, folder, out, register)
    night.base = base
    return night


def test_names_night_is_sound(names):
    h.assert_sound(names, entries=3)


def test_name_not_utf8_is_audited_and_kept(names):
    assert names.entry(DEFECTS_CODE)["error"] is None
    assert names.records_of(DEFECTS_CODE)


def test_control_characters_in_a_name_reach_no_terminal(names):
    assert names.entry(SEED_CODE)["error"] is None
    assert names.records_of(SEED_CODE)
    for text in (names.done.stdout, names.done.stderr, names.log()):
        assert "\x1b" not in text and "\x07" not in text, repr(text[-2000:])


def test_hostile_names_break_no_later_command(names):
    h.followups_work(names, names.base / "later")


def finish_unless_fifo_read(proc, fifos) -> h.Done:
    """Wait for the command, failing as soon as it opens one of the FIFOs for reading (it would
    wait on it for ever): a writer can open a FIFO without blocking only while a reader has it
    open."""
    while proc.poll() is None:
        for fifo in fifos:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                assert exc.errno == errno.ENXIO, exc  # no reader: the command has not opened it
            else:
                os.close(fd)
                h.kill_group(proc)
                proc.communicate()
                pytest.fail(f"the command opened the FIFO {fifo} for reading")
        time.sleep(0.05)
    return h.finish(proc)


@pytest.fixture(scope="module")
def corners(tmp_path_factory, good_sample):
    """One night over: a damaged file of one name in two folders, five empty files, a folder
    symlink looping back, a file symlink to itself, a FIFO in the folder and one named on the
    command line, a mode-000 file and a mode-000 folder (run without root's override of
    permission bits, as the cron user would)."""
    base = tmp_path_factory.mktemp("corners-night")
    folder = base / "syllabi"
    folder.mkdir()
    shutil.copyfile(good_sample, folder / h.GOOD_NAME)
    for i, sub in enumerate(("geology", "physics")):
        (folder / sub).mkdir()
        b.random_bytes(folder / sub / "Силлабус.pdf", seed=100 + i)
    (folder / "empties").mkdir()
    for name in EMPTY_NAMES:
        (folder / "empties" / name).write_bytes(b"")
    (folder / "loop").mkdir()
    (folder / "loop" / "back").symlink_to(folder, target_is_directory=True)
    (folder / "self.pdf").symlink_to(folder / "self.pdf")
    fifos = [folder / "pipe.docx", base / "pipe.pdf"]
    for fifo in fifos:
        os.mkfifo(fifo)
    locked = b.copy_sample("clean_ru.docx", folder / "locked.docx")
    sealed = folder / "sealed"
    sealed.mkdir()
    b.copy_sample("defects_ru.docx", sealed / "inside.docx")
    prefix = h.without_root_override()
    locked.chmod(0)
    sealed.chmod(0)
    register, out = base / "register.sqlite3", base / "out"
    try:
        proc = h.start(["audit", "--no-progress", folder, fifos[1], "--register", register, "--out", out,
                        "--workers", "1"], base, prefix=prefix or ())
        done = finish_unless_fifo_read(proc, fifos)
    finally:
        locked.chmod(0o644)
        sealed.chmod(0o755)
    night = h.Night(done, folder, out, register)
    night.denied = prefix is not None  # permission bits applied to the run
    return night


def test_corners_night_is_sound_and_audits_the_good_file_once(corners):
    h.assert_sound(corners)  # the folder loop did not make the good syllabus two


def test_same_damaged_name_in_two_folders_is_two_records(corners):
    for sub in ("geology", "physics"):
        assert corners.entry(f"{sub}/Силлабус.pdf")["error"]
    records = corners.records_of("Силлабус.pdf")
    assert len(records) == 2 and len({r["file"] for r in records}) == 2, [r["file"] for r in corners.records()]


def test_five_empty_files_are_five_records(corners):
    for name in EMPTY_NAMES:
        records = [r for r in corners.records() if r["file"].endswith(f"empties/{name}")]
        assert len(records) == 1, (name, [r["file"] for r in corners.records()])
    empty = [e for e in corners.entries() if e["error"] and E.EmptyFile.title in e["error"]]
    assert len(empty) == 5, [e["file"] for e in corners.entries()]


def test_symlink_loop_of_a_file_is_reported(corners):
    assert corners.entry("self.pdf")["error"]
    assert len(corners.records_of("self.pdf")) == 1


def test_fifo_in_the_folder_is_not_waited_on(corners):
    assert not [e for e in corners.entries() if "pipe.docx" in e["file"] and e["error"] is None]


def test_fifo_named_on_the_command_line_is_skipped_with_a_message(corners):
    assert "pipe.pdf" in corners.done.stderr + corners.log()
    assert not [e for e in corners.entries() if "pipe.pdf" in e["file"] and e["error"] is None]


def denied(corners):
    if not corners.denied:
        pytest.skip("running as root without setpriv: permission bits did not apply to the run")
    return corners


def test_unreadable_file_gets_a_record(corners):
    night = denied(corners)
    assert night.entry("locked.docx")["error"]
    assert len(night.records_of("locked.docx")) == 1


def test_unreadable_subfolder_gets_a_record(corners):
    night = denied(corners)
    assert night.entry("sealed")["error"]
    assert len(night.records_of("sealed")) == 1
