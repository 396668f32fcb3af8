"""The cache never holds a wrong answer (issue 11): a result is cached under the hash of the bytes
that were parsed, never under the hash discovery took of bytes that have since been replaced."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import work
from pipeline.audit import AuditSettings, run_audit
from pipeline.cache import DB_NAME
from pipeline.cli import main
from pipeline.discovery import discover

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
DEFECTIVE = (SAMPLES / "defects_ru.docx").read_bytes()
CLEAN = (SAMPLES / "clean_ru.docx").read_bytes()

pytestmark = pytest.mark.hostile  # part of the reliability suite (issue 11)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cached_shas(cache: Path) -> set[str]:
    with sqlite3.connect(cache / DB_NAME) as db:
        return {sha for (sha,) in db.execute("SELECT sha FROM extraction")}


def _verdicts(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith("verdicts:"))


@pytest.fixture
def audit(tmp_path):
    cache = tmp_path / "cache"

    def run(folder: Path):
        result = CliRunner().invoke(main, ["audit", "--no-progress", str(folder), "--register",
                                           f"sqlite:///{tmp_path / 'register.sqlite3'}", "--out", str(tmp_path / "out"),
                                           "--workers", "1", "--cache", str(cache), "--lang", "en"])
        assert result.exit_code in (0, 1), result.output
        return result

    run.cache = cache
    return run


def test_a_file_replaced_while_the_run_reads_it_leaves_no_wrong_answer(audit, tmp_path, monkeypatch):
    folder = tmp_path / "share"
    folder.mkdir()
    target = folder / "syllabus.docx"
    target.write_bytes(DEFECTIVE)
    copy = work._private_copy

    def saved_over_mid_read(path, folder, limits):
        copied = copy(path, folder, limits)
        target.write_bytes(CLEAN)  # the department saves its corrected syllabus while the night reads
        return copied

    # copied, hashed, then replaced before it is parsed; the processes that read files (the pool's
    # workers, the read-ahead) are forked: they see this
    monkeypatch.setattr(work, "_private_copy", saved_over_mid_read)
    first = audit(folder)
    monkeypatch.undo()
    defective_verdict = _verdicts(first.stdout)
    assert "accepted 1" not in defective_verdict  # it audited the bytes it hashed: the defective ones
    assert _cached_shas(audit.cache) == {_sha(DEFECTIVE)}

    second = audit(folder)  # the file now holds the corrected syllabus: that is what is audited
    assert _verdicts(second.stdout) == "verdicts: accepted 1"
    assert _cached_shas(audit.cache) == {_sha(DEFECTIVE), _sha(CLEAN)}

    target.write_bytes(DEFECTIVE)  # the defective version comes back: the cache answers for it truly
    third = audit(folder)
    assert _verdicts(third.stdout) == defective_verdict
    assert "nonconformities: 0 new" in third.stdout  # its records are the first night's, still open


def test_a_file_changed_after_discovery_is_not_cached_under_its_old_hash(tmp_path, caplog):
    folder = tmp_path / "share"
    folder.mkdir()
    target = folder / "syllabus.docx"
    target.write_bytes(DEFECTIVE)
    cache = tmp_path / "cache"
    settings = AuditSettings(paths=[folder], out=tmp_path / "out", register=f"sqlite:///{tmp_path / 'r.sqlite3'}",
                             workers=1, cache_dir=cache)

    found = discover([folder])  # hashed while defective...
    shutil.copy(SAMPLES / "clean_ru.docx", target)  # ...replaced before its worker reads it
    with caplog.at_level(logging.WARNING, logger="syllabus_audit"):
        first = run_audit(settings, [(f.path, f.sha256) for f in found.files], now=datetime(2026, 11, 1, 2, 0))
    assert first.verdicts == {"accepted": 1}  # audited as read
    assert "changed while the run read it" in caplog.text
    assert _cached_shas(cache) == set()  # under neither hash: the bytes parsed are not the bytes hashed

    found = discover([folder])
    settings.run_id = None
    second = run_audit(settings, [(f.path, f.sha256) for f in found.files], now=datetime(2026, 11, 2, 2, 0))
    assert second.verdicts == {"accepted": 1}
    assert _cached_shas(cache) == {_sha(CLEAN)}


def test_the_outcome_carries_the_hash_of_the_bytes_parsed(tmp_path):
    good = tmp_path / "a.docx"
    good.write_bytes(CLEAN)
    broken = tmp_path / "b.docx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    syllabus = work.extract_one(str(good))
    assert work.parsed_sha256(syllabus) == _sha(CLEAN) and syllabus.file == str(good)
    assert all(s.file == str(good) for s in [syllabus.identity.course_title.source] if s is not None)
    error = work.extract_one(str(broken))
    assert work.parsed_sha256(error) == _sha(b"PK\x03\x04 truncated") and error.path == str(broken)
    assert str(tmp_path) in str(error) and "syllabus-audit-" not in str(error)  # names the file, not the copy


def test_copies_left_by_a_killed_worker_are_swept(tmp_path, monkeypatch):
    import subprocess
    import sys
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f"{work.COPY_PREFIX}{int(dead.stdout)}-abc"  # what a worker killed mid-parse leaves
    left.mkdir()
    (left / "syllabus.docx").write_bytes(CLEAN)
    alive = tmp_path / f"{work.COPY_PREFIX}{os.getppid()}-def"  # a running process's: left alone
    alive.mkdir()
    work._sweep_copies_of_dead_workers.cache_clear()
    (tmp_path / "a.docx").write_bytes(CLEAN)
    work.extract_one(str(tmp_path / "a.docx"))
    assert not left.exists() and alive.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(work.COPY_PREFIX)] == [alive.name]  # its own is gone
