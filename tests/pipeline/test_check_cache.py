"""``check`` and the result cache (``pipeline.commands.check_cache``): a file whose bytes the
cache has is not read again, and the answer is the one a reading gives; an edited file, a failed
reading or ``--no-cache`` is read; the night's cache is found by the settings' register and is
never pruned by ``check``."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.work
from pipeline.cli import main
from tests.rules.base import patched_syllabus

ROOT = Path(__file__).resolve().parents[2]

# СРО 65 h where the policy's split says 75: HRS002 with HRS001 and PLN003 under it
BEHAVIOURS = {
    "clean.docx": {"set": {"identity.course_code.value": "GMRK3302"}},
    "defective.docx": {"set": {"hours.siw.value": 65.0}},
    "crash.docx": RuntimeError,
}


@pytest.fixture
def files(tmp_path, monkeypatch):
    """Files whose 'reading' is a patched base syllabus, each reading logged (the worker is a
    forked process: the log is a file)."""
    log = tmp_path / "reads.log"

    def fake_extract(path, limits=None):
        name = Path(path).name
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(name + "\n")
        b = BEHAVIOURS[name]
        if isinstance(b, type):
            raise b("extractor bug")
        return patched_syllabus({**b, "file": str(path)})

    monkeypatch.setattr(pipeline.work, "extract_file", fake_extract)
    monkeypatch.delenv("SYLLABUS_AUDIT_REGISTER", raising=False)
    monkeypatch.chdir(tmp_path)  # no settings file but the tests' own
    for name in BEHAVIOURS:
        (tmp_path / name).write_bytes(name.encode())  # the cache is keyed by the bytes
    return tmp_path


def reads(folder: Path) -> list[str]:
    log = folder / "reads.log"
    return log.read_text(encoding="utf-8").split() if log.exists() else []


def invoke(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    assert "Traceback" not in result.output, result.output
    return result


def test_a_file_checked_again_is_answered_by_the_cache(files):
    cache = files / "cache"
    first = invoke("check", files / "defective.docx", "--lang", "en", "--cache", cache)
    assert first.exit_code == 1 and "HRS002" in first.output
    assert reads(files) == ["defective.docx"]
    again = invoke("check", files / "defective.docx", "--lang", "en", "--cache", cache)
    assert reads(files) == ["defective.docx"]  # not read again
    assert (again.exit_code, again.output) == (first.exit_code, first.output)
    as_json = [json.loads(invoke("check", files / "defective.docx", "--format", "json", *opts).output)
               for opts in (("--cache", cache), ("--no-cache",))]
    assert as_json[0] == as_json[1]  # the cache's answer is the reading's, finding for finding


def test_an_edited_file_is_read_again(files):
    cache = files / "cache"
    invoke("check", files / "defective.docx", "--cache", cache)
    (files / "defective.docx").write_bytes(b"edited")
    invoke("check", files / "defective.docx", "--cache", cache)
    assert reads(files) == ["defective.docx", "defective.docx"]


def test_a_moved_file_is_named_where_it_is_now(files):
    cache = files / "cache"
    invoke("check", files / "defective.docx", "--cache", cache, "--lang", "en")
    (files / "elsewhere").mkdir()
    moved = (files / "defective.docx").rename(files / "elsewhere" / "defective.docx")
    r = invoke("check", moved, "--cache", cache, "--lang", "en", "--format", "json")
    assert reads(files) == ["defective.docx"]
    data = json.loads(r.output)
    assert {f["evidence"]["file"] for f in data["findings"]} == {str(moved)}
    assert [v["file"] for v in data["verdicts"]] == [str(moved)]


def test_another_policy_checks_the_cached_syllabus_again_without_reading_it(files):
    cache = files / "cache"
    default = json.loads(invoke("check", files / "defective.docx", "--cache", cache, "--format", "json").output)
    (files / "policy.toml").write_text("[hours.split.5]\nlectures = 15\npracticals_labs = 30\nsiwt = 40\nsiw = 65\n", encoding="utf-8")
    other = invoke("check", files / "defective.docx", "--cache", cache, "--policy", files / "policy.toml",
                   "--format", "json")
    fresh = invoke("check", files / "defective.docx", "--no-cache", "--policy", files / "policy.toml",
                   "--format", "json")
    assert json.loads(other.output) == json.loads(fresh.output) != default
    assert reads(files) == ["defective.docx", "defective.docx"]  # the first run and the --no-cache one


def test_a_severity_override_is_never_answered_with_the_default_severities(files):
    cache = files / "cache"
    default = json.loads(invoke("check", files / "defective.docx", "--cache", cache, "--format", "json").output)
    minor = json.loads(invoke("check", files / "defective.docx", "--cache", cache, "--format", "json",
                              "--severity", "HRS002=observation").output)
    by_rule = {f["rule"]: f["severity"] for f in minor["findings"]}
    assert by_rule["HRS002"] == "observation"
    assert {f["rule"]: f["severity"] for f in default["findings"]}["HRS002"] != "observation"
    assert reads(files) == ["defective.docx"]


def test_a_failed_reading_is_not_kept(files):
    cache = files / "cache"
    for _ in range(2):
        r = invoke("check", files / "crash.docx", "--cache", cache)
        assert r.exit_code == 2 and "extractor bug" in r.output
    assert reads(files) == ["crash.docx", "crash.docx"]


def test_no_cache_reads_every_time_and_keeps_nothing(files):
    for _ in range(2):
        invoke("check", files / "clean.docx", "--no-cache")
    assert reads(files) == ["clean.docx", "clean.docx"]
    assert not (files / "cache").exists()


def test_without_settings_there_is_no_cache(files):
    for _ in range(2):
        assert invoke("check", files / "clean.docx").exit_code == 0
    assert reads(files) == ["clean.docx", "clean.docx"]
    assert [p.name for p in files.iterdir() if p.is_dir()] == []  # nothing left behind


def test_the_settings_register_names_the_nights_cache(files):
    (files / "qa").mkdir()
    (files / "syllabus-audit.toml").write_text('register = "qa/register.sqlite3"\n', encoding="utf-8")
    invoke("check", files / "clean.docx")
    assert not (files / "qa" / "register.sqlite3.cache").exists()  # no night yet: none is made
    (files / "qa" / "register.sqlite3.cache").mkdir()  # what audit makes on its first night
    invoke("check", files / "clean.docx")
    invoke("check", files / "clean.docx")
    assert reads(files) == ["clean.docx", "clean.docx"]
    assert (files / "qa" / "register.sqlite3.cache" / "cache.sqlite3").is_file()
    (files / "syllabus-audit.toml").write_text('register = "qa/register.sqlite3"\ncache = false\n', encoding="utf-8")
    invoke("check", files / "clean.docx")
    assert reads(files)[-1:] == ["clean.docx"] and len(reads(files)) == 3


def test_check_never_prunes_the_nights_entries(files):
    cache = files / "cache"
    invoke("check", files / "clean.docx", "--cache", cache)
    db = sqlite3.connect(cache / "cache.sqlite3")
    with db:
        db.execute("INSERT INTO extraction (sha, fp, path, value, stored) VALUES ('a', 'other', 'x', 'S{}', 0)")
        db.execute("INSERT INTO checks (sha, fp, cfp, path, value, stored) VALUES ('a', 'other', 'o', 'x', '[]', 0)")
    invoke("check", files / "clean.docx", "--cache", cache, "--select", "HRS001")
    assert db.execute("SELECT count(*) FROM extraction WHERE fp = 'other'").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM checks WHERE fp = 'other'").fetchone() == (1,)
    db.close()


def test_a_damaged_cache_is_no_cache(files):
    cache = files / "cache"
    cache.mkdir()
    (cache / "cache.sqlite3").write_bytes(b"not a database" * 100)
    r = invoke("check", files / "defective.docx", "--cache", cache, "--lang", "en")
    assert r.exit_code == 1 and "HRS002" in r.output
    assert reads(files) == ["defective.docx"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_not_waited_on_when_its_bytes_are_hashed(tmp_path, monkeypatch):
    """Hashing a named pipe for the cache would wait for a writer for ever: it is hashed as
    discovery hashes (never opened blocking), and the reader says what it is."""
    monkeypatch.chdir(tmp_path)
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-c", "from syllabus_audit.cli import main; main()", "check", str(fifo),
                           "--cache", str(tmp_path / "cache"), "--lang", "en"],
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "DOC001" in done.stdout and "not a regular file" in done.stdout
