"""What a folder on a shared drive really holds (issue 11): names that are not UTF-8 or hold
control characters, files and folders nobody may read, FIFOs and devices, damaged files of one
name, empty files, a DOCX named .pdf beside itself, symlink loops. Each test builds its hostile
input in ``tmp_path`` and runs the audit; one file never costs the night, and each one it could
not read is a record naming it."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.discovery import discover, name_text
from reports.register import open_register
from reports.safe_text import unshown

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"

pytestmark = pytest.mark.hostile  # part of the reliability suite (issue 11)


@pytest.fixture
def audit(tmp_path):
    register = tmp_path / "qa" / "register.sqlite3"
    out = tmp_path / "out"

    def run(*paths: Path, cache: bool = False):
        extra = [] if cache else ["--no-cache"]
        return CliRunner().invoke(main, ["audit", "--no-progress", *map(str, paths), "--register", f"sqlite:///{register}",
                                         "--out", str(out), "--workers", "1", "--lang", "en", *extra])

    run.register, run.out = f"sqlite:///{register}", out
    return run


def _bytes_path(folder: Path, name: bytes) -> bytes:
    return os.path.join(os.fsencode(folder), name)


def _write_raw(folder: Path, name: bytes, data: bytes) -> None:
    fd = os.open(_bytes_path(folder, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _records(register: str):
    with open_register(register) as reg:
        return reg.list(), reg.run_syllabi(reg.runs()[-1].id)


def _report(out: Path) -> dict:
    [path] = sorted(out.glob("*/report.json"))[-1:]
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- names


def test_a_name_that_is_not_utf8_or_holds_control_characters_is_audited_and_kept(audit, tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    shutil.copy(SAMPLES / "clean_en.docx", folder / "AGph3306.docx")
    latin1 = b"\xe9t\xe9.docx"  # a Latin-1 name copied from an old share
    control = b"plan\x07\x1b[2J.docx"  # a bell and a clear-screen escape
    _write_raw(folder, latin1, (SAMPLES / "clean_ru.docx").read_bytes())
    _write_raw(folder, control, (SAMPLES / "defects_ru.docx").read_bytes())

    for night in (1, 2):  # the second night from the cache, which must hold the names too
        result = audit(folder, cache=True)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        assert "3 file(s): 3 syllabi audited, 0 not a syllabus, 0 with tables not found, 0 unreadable" in result.stdout

        records, syllabi = _records(audit.register)
        files = sorted(s["file"] for s in syllabi)
        assert files == sorted(name_text(os.path.join(os.fsencode(folder), n)) for n in (b"AGph3306.docx", latin1, control))
        latin1_text = next(f for f in files if f.endswith(".docx") and "\\xe9" in f)
        assert Path(latin1_text).name == "\\xe9t\\xe9.docx"  # stored as the bytes `ls -b` shows
        # lossless: the stored text gives the name back, the file can be found from it
        assert os.fsencode(unshown(latin1_text)) == _bytes_path(folder, latin1)
        assert os.path.exists(os.fsencode(unshown(latin1_text)))
        control_text = next(f for f in files if "plan" in f)
        assert Path(control_text).name == "plan\\x07\\x1b[2J.docx"
        # the defective syllabus's records name its file, escaped, and nothing stored holds a raw control
        assert any(nc.syllabus.file == control_text for nc in records)
        assert all("\x07" not in nc.syllabus.file and "\x1b" not in nc.syllabus.file for nc in records)
        if night == 2:
            assert "0 new" in result.stdout


def test_name_text_is_escaped_text_and_unshown_gives_the_name_back():
    for raw in (b"\xe9t\xe9.docx", b"a\x07b\x1b[2J\tc\nd.pdf", b"\xd0\x9a\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b.docx", b"x\x85.pdf"):
        name = os.fsdecode(raw)
        text = name_text(name)
        text.encode("utf-8")  # storable in SQLite, sendable as JSON
        assert not any(ord(c) < 0x20 or 0xD800 <= ord(c) <= 0xDFFF for c in text)
        assert os.fsencode(unshown(text)) == raw
    assert name_text("Силлабус.pdf") == "Силлабус.pdf"
    assert name_text(name_text(os.fsdecode(b"\xe9.pdf"))) == "\\xe9.pdf"  # escaping twice changes nothing


# --------------------------------------------------------------------------- unreadable files and folders


@pytest.fixture
def deny(monkeypatch):
    """Make a path unreadable: mode 000, and, when the tests run as root (CI), for whom modes deny
    nothing, by refusing to open or list it (the run's workers are forked, so they refuse too)."""
    modes: dict[str, int] = {}
    refused: dict[bytes, OSError] = {}
    real_open, real_scandir = os.open, os.scandir

    def key(path) -> bytes:
        raw = os.fspath(path)
        return os.path.abspath(os.fsencode(raw) if isinstance(raw, str) else raw)

    def fake_open(path, *args, **kwargs):
        if not isinstance(path, int) and key(path) in refused:
            raise refused[key(path)]
        return real_open(path, *args, **kwargs)

    def fake_scandir(path="."):
        if not isinstance(path, int) and key(path) in refused:
            raise refused[key(path)]
        return real_scandir(path)

    def make(path: Path, error: int = errno.EACCES):
        if error == errno.EACCES:
            modes[str(path)] = path.stat().st_mode
            path.chmod(0)
        if os.geteuid() == 0 or error != errno.EACCES:
            refused[key(path)] = OSError(error, os.strerror(error), str(path))
            monkeypatch.setattr(os, "open", fake_open)
            monkeypatch.setattr(os, "scandir", fake_scandir)

    yield make
    for path, mode in modes.items():
        os.chmod(path, mode)


def test_unreadable_files_and_folders_are_records_and_report_lines(audit, tmp_path, deny):
    folder = tmp_path / "share"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(SAMPLES / "clean_en.docx", folder / "AGph3306.docx")
    shutil.copy(SAMPLES / "clean_ru.docx", folder / "locked" / "inside.docx")
    shutil.copy(SAMPLES / "clean_ru.docx", folder / "secret.docx")
    shutil.copy(SAMPLES / "clean_ru.pdf", folder / "failing-disk.pdf")
    deny(folder / "secret.docx")
    deny(folder / "locked")
    deny(folder / "failing-disk.pdf", errno.EIO)

    result = audit(folder)
    assert result.exit_code == 1, result.output  # new records to read, not a clean night, not a tool failure
    assert "Traceback" not in result.output
    assert "4 file(s): 1 syllabi audited, 0 not a syllabus, 0 with tables not found, 3 unreadable" in result.stdout

    records, syllabi = _records(audit.register)
    by_file = {nc.syllabus.file: nc for nc in records if nc.rule == "DOC001"}
    expected = {str(folder / "secret.docx"): "Permission denied", str(folder / "locked"): "Permission denied",
                str(folder / "failing-disk.pdf"): "Input/output error"}
    assert set(by_file) == set(expected)
    for file, reason in expected.items():
        text = json.dumps(by_file[file].model_dump(mode="json"), ensure_ascii=False)
        assert reason in text, text  # the record says why, in the OS's words
    assert "the folder cannot be read" in json.dumps(by_file[str(folder / "locked")].model_dump(mode="json"))
    errors = {s["file"]: s["error"] for s in syllabi}
    assert all(reason in errors[file] for file, reason in expected.items())
    # a line in the report for each
    report = json.dumps(_report(audit.out), ensure_ascii=False)
    for file in expected:
        assert file in report


def test_a_fifo_or_a_device_is_skipped_never_waited_on(tmp_path):
    """In a subprocess with a generous time-out: a run that opened the FIFO would block for ever."""
    folder = tmp_path / "share"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "clean_en.docx", folder / "AGph3306.docx")
    os.mkfifo(folder / "pipe.docx")
    os.mkfifo(tmp_path / "named.pdf")  # named on the command line
    (folder / "null.pdf").symlink_to("/dev/null")  # a character device
    (folder / "sub" / "loop").symlink_to("..")  # and a symlink loop, for good measure
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-c", "from pipeline.cli import main; main()", "audit", "--no-progress", str(folder),
           str(tmp_path / "named.pdf"), "--register", str(tmp_path / "register.sqlite3"), "--out", str(tmp_path / "out"),
           "--workers", "1", "--no-cache", "--lang", "en"]
    try:
        done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure this test exists for
        pytest.fail("the audit waited on a FIFO")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "1 file(s): 1 syllabi audited" in done.stdout
    for name, kind in (("pipe.docx", "FIFO"), ("named.pdf", "FIFO"), ("null.pdf", "device")):
        line = next((ln for ln in done.stderr.splitlines() if name in ln), "")
        assert "skipped" in line and kind in line, done.stderr


# --------------------------------------------------------------------------- keys of unreadable records


def test_unreadable_records_are_keyed_by_their_path_not_their_name(audit, tmp_path):
    folder = tmp_path / "share"
    for sub, data in (("geology", b"%PDF-1.4\n damaged one"), ("physics", b"%PDF-1.4\n damaged two")):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "Силлабус.pdf").write_bytes(data)
    for i in range(5):
        (folder / f"empty{i}.docx").write_bytes(b"")  # five different (empty) files

    first = audit(folder)
    assert first.exit_code == 1, first.output
    assert "7 file(s): 0 syllabi audited, 0 not a syllabus, 0 with tables not found, 7 unreadable" in first.stdout
    records, _ = _records(audit.register)
    assert len(records) == 7 and len({nc.syllabus.file for nc in records}) == 7

    # geology's is repaired; physics' is still damaged: one resolved, one still open, never swapped
    shutil.copy(SAMPLES / "clean_ru.pdf", folder / "geology" / "Силлабус.pdf")
    second = audit(folder)
    assert "1 resolved" in second.stdout and "0 new" in second.stdout, second.stdout
    records, _ = _records(audit.register)
    open_files = sorted(Path(nc.syllabus.file).relative_to(folder).as_posix() for nc in records if nc.status.is_open)
    assert open_files == ["empty0.docx", "empty1.docx", "empty2.docx", "empty3.docx", "empty4.docx", "physics/Силлабус.pdf"]


def test_a_damaged_file_of_another_folder_does_not_inherit_a_record_by_its_name(audit, tmp_path):
    folder = tmp_path / "share"
    (folder / "geology").mkdir(parents=True)
    (folder / "physics").mkdir()
    shutil.copy(SAMPLES / "clean_en.docx", folder / "AGph3306.docx")
    (folder / "geology" / "Силлабус.pdf").write_bytes(b"%PDF-1.4\n damaged")
    audit(folder)
    (folder / "geology" / "Силлабус.pdf").unlink()  # geology's is gone (fixed elsewhere)...
    (folder / "physics" / "Силлабус.pdf").write_bytes(b"%PDF-1.4\n also damaged")  # ...physics' is new
    second = audit(folder)
    assert "1 new" in second.stdout, second.stdout


# --------------------------------------------------------------------------- identical copies


def test_a_misnamed_identical_copy_does_not_hide_the_real_file(audit, tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    data = (SAMPLES / "clean_en.docx").read_bytes()
    (folder / "a-export.pdf").write_bytes(data)  # sorts first, but is a DOCX named .pdf
    (folder / "b-syllabus.docx").write_bytes(data)

    found = discover([folder])
    assert [f.path.name for f in found.files] == ["b-syllabus.docx"]
    [line] = found.duplicate_lines()
    assert "a-export.pdf (named .pdf, but its content is that of a .docx or .odt file)" in line

    result = audit(folder)
    assert result.exit_code == 0, result.output
    assert "1 file(s): 1 syllabi audited, 0 not a syllabus, 0 with tables not found, 0 unreadable" in result.stdout
    assert "verdicts: accepted 1" in result.stdout
    assert "a-export.pdf" in result.stdout  # mentioned as a copy


# --------------------------------------------------------------------------- symlink loops


def test_symlink_loops_neither_hang_nor_crash_discovery(tmp_path):
    folder = tmp_path / "share"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / "syllabus.docx").write_bytes(b"PK x")
    (folder / "a" / "b" / "up").symlink_to("../..")  # back to the top
    (folder / "a" / "again").symlink_to("b")  # the same folder twice
    (folder / "self.docx").symlink_to("self.docx")  # ELOOP
    (folder / "gone.pdf").symlink_to("nowhere.pdf")  # dangling
    found = discover([folder])
    names = sorted(f.path.relative_to(folder).as_posix() for f in found.files)
    assert names in (["a/again/syllabus.docx", "gone.pdf", "self.docx"], ["a/b/syllabus.docx", "gone.pdf", "self.docx"])
    # a link that loops or points nowhere is a syllabus someone expects: unreadable, with why
    assert sorted(p.name for p, _why in found.unreadable) == ["gone.pdf", "self.docx"]
    assert not found.duplicates


def test_an_audited_folder_that_cannot_be_read_fails_the_night(audit, tmp_path, deny):
    folder = tmp_path / "share"
    folder.mkdir()
    shutil.copy(SAMPLES / "clean_en.docx", folder / "AGph3306.docx")
    deny(folder)
    result = audit(folder)
    assert result.exit_code == 2, result.output  # nothing could be audited: not a clean night
    assert "the folder cannot be read (Permission denied)" in result.stderr
    assert "Traceback" not in result.output
