"""Where the result cache lives (issue 10): beside the register, not in the report folder, so a
cron line that writes each night into a new ``--out`` folder still re-reads nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cache import DB_NAME, default_folder
from pipeline.cli import main

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_beside_a_sqlite_register(tmp_path):
    assert default_folder(f"sqlite:///{tmp_path / 'qa' / 'register.sqlite3'}") == tmp_path / "qa" / "register.sqlite3.cache"
    assert default_folder("sqlite:///register.sqlite3") == Path.cwd().resolve() / "register.sqlite3.cache"


def test_one_per_server_register_under_the_users_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    a = default_folder("postgresql+psycopg://audit:secret@db/audit")
    assert a.parent == tmp_path / "syllabus-audit" and "secret" not in str(a)
    assert a == default_folder("postgresql+psycopg://audit:other-password@db/audit")  # the password is not the register
    assert a != default_folder("postgresql+psycopg://audit@db/audit_test")


def _audit(*args):
    return CliRunner().invoke(main, ["audit", "--no-progress", "--workers", "1", *args],
                              env={"SYLLABUS_AUDIT_REGISTER": None})


@pytest.fixture
def office(tmp_path, monkeypatch):
    folder = tmp_path / "syllabi"
    folder.mkdir()
    shutil.copy(CORPUS / "clean_en.docx", folder / "AGph3306.docx")
    shutil.copy(CORPUS / "seed_kk.docx", folder / "GMRK3301.docx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_new_out_folder_each_night_reads_nothing_again(office, monkeypatch):
    (office / "syllabus-audit.toml").write_text('paths = ["syllabi"]\nregister = "qa/register.sqlite3"\n',
                                                encoding="utf-8")
    first = _audit("--out", "reports/night-1")
    assert first.exit_code == 1, first.output
    assert (office / "qa" / "register.sqlite3.cache" / DB_NAME).is_file()
    assert not (office / "reports" / "night-1" / ".cache").exists()
    # the HTML report's rows and cards are kept with the cached syllabi, never among the reports
    assert len(list((office / "qa" / "register.sqlite3.cache").glob("html-fragments-*.json"))) == 1
    assert not list((office / "reports").rglob("html-fragments-*"))

    def no_reading(*_a, **_k):
        raise AssertionError("a file was read again")

    monkeypatch.setattr("pipeline.executors.make_executor", no_reading)
    second = _audit("--out", "reports/night-2")
    assert second.exit_code == 0, second.output


def test_cache_dir_and_no_cache_still_work(office):
    assert _audit("syllabi", "--cache", "mine").exit_code == 1
    assert (office / "mine" / DB_NAME).is_file() and not (office / "register.sqlite3.cache").exists()
    assert len(list((office / "mine").glob("html-fragments-*.json"))) == 1
    assert _audit("syllabi", "--no-cache", "--register", "other.sqlite3").exit_code == 1
    assert not (office / "other.sqlite3.cache").exists()
    # --no-cache keeps nothing, the HTML's fragments included
    assert [p.parent for p in office.rglob("html-fragments-*")] == [office / "mine"]
