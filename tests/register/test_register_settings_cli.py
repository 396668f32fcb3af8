"""Every command reads the same settings and fails the same way (issues 10 and 11): the
settings file applies to ``register …`` and ``report`` as to ``audit``, a plain path works for
``--register``, a register that does not exist is an error (never created) except for ``audit``,
a register of a newer schema and a report folder that cannot be written are status 2 with one
line, and a busy register names ``--wait SECONDS``, which ``audit`` has."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from register_helpers import finding, night, ref

from pipeline.cli import main
from pipeline.config import CONFIG_NAME
from reports.register import open_register

R = ref()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def run(*args):
    return CliRunner().invoke(main, list(args), env={"SYLLABUS_AUDIT_REGISTER": None})


def failed(result, *words):
    """Status 2, one ``error:`` line with these words, no traceback."""
    assert result.exit_code == 2, result.output
    for w in words:
        assert w in result.output, result.output
    assert "Traceback" not in result.output


@pytest.fixture
def qa(tmp_path, monkeypatch):
    """The QA office's folder: a settings file naming qa/register.sqlite3, which has one run."""
    (tmp_path / "qa").mkdir()
    reg = open_register(f"sqlite:///{tmp_path / 'qa' / 'register.sqlite3'}")
    reg.record_run("n1", [(finding(key="hours/total"), R), (finding("PLN001", key="plan/topic 5"), R)], [R], night(2))
    reg.close()
    (tmp_path / CONFIG_NAME).write_text('register = "qa/register.sqlite3"\nout = "qa/reports"\nlang = "ru"\n',
                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_register_list_beside_the_settings_file_uses_its_register(qa):
    out = run("register", "list")
    assert out.exit_code == 0, out.output
    assert "NC-2026-0001" in out.output and "Записей: 2" in out.output  # and the file's lang
    assert not (qa / "register.sqlite3").exists()  # no empty register started in the working folder


def test_report_reads_register_out_and_lang_from_the_settings_file(qa):
    out = run("report")
    assert out.exit_code == 0, out.output
    html = sorted((qa / "qa" / "reports" / "n1").glob("report*.html"))
    assert html and 'lang="ru"' in html[0].read_text(encoding="utf-8")


def test_the_command_line_wins_over_the_settings_file(qa, tmp_path):
    other = qa / "elsewhere.sqlite3"
    shutil.copy(qa / "qa" / "register.sqlite3", other)
    out = run("register", "show", "NC-2026-0001", "--register", str(other))
    assert out.exit_code == 0, out.output


def test_a_plain_path_works_for_register_everywhere(qa):
    (qa / CONFIG_NAME).unlink()
    assert run("register", "list", "--register", "qa/register.sqlite3").exit_code == 0
    assert run("register", "show", "NC-2026-0002", "--register", "qa/register.sqlite3").exit_code == 0
    out = run("report", "n1", "--register", "qa/register.sqlite3", "--out", "r", "--report-format", "json")
    assert out.exit_code == 0 and (qa / "r" / "n1" / "report.json").is_file(), out.output
    out = run("register", "export-xlsx", "plan.xlsx", "--register", "qa/register.sqlite3")
    assert out.exit_code == 0 and "2 record(s)" in out.output, out.output


@pytest.mark.parametrize("args", [
    ["register", "list"],
    ["register", "show", "NC-2026-0001"],
    ["register", "assign", "NC-2026-0001", "--action", "a", "--responsible", "b", "--due", "2026-03-20"],
    ["register", "close", "NC-2026-0001", "--comment", "fixed"],
    ["register", "verify", "NC-2026-0001", "--comment", "ok"],
    ["register", "export-xlsx", "plan.xlsx"],
    ["report"],
])
def test_a_missing_register_is_an_error_and_is_not_created(tmp_path, monkeypatch, args):
    (tmp_path / CONFIG_NAME).write_text('register = "qa/typo.sqlite3"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    failed(run(*args), "no register at", str(tmp_path / "qa" / "typo.sqlite3"))
    assert not (tmp_path / "qa").exists() and not (tmp_path / "register.sqlite3").exists()
    # and with no settings at all: the default register.sqlite3 is not started either
    (tmp_path / CONFIG_NAME).unlink()
    failed(run(*args), "no register at")
    assert not (tmp_path / "register.sqlite3").exists()


def test_a_database_that_is_not_a_register_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sqlite3.connect(tmp_path / "other.sqlite3").execute("CREATE TABLE t (x)").connection.close()
    failed(run("register", "list", "--register", "other.sqlite3"), "is not a register")


def _newer(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE alembic_version SET version_num = '9999'")
    db.commit()
    db.close()


def test_a_register_of_a_newer_schema_is_status_2_in_every_command(qa):
    _newer(qa / "qa" / "register.sqlite3")
    for args in (["register", "list"], ["report"], ["audit", str(qa)]):
        failed(run(*args), "schema version 9999", "newer", "upgrade syllabus-audit")


def test_an_unreachable_register_is_status_2(qa):
    failed(run("report", "--register", "postgresql+psycopg://nobody@127.0.0.1:9/none"), "could not be used")


def test_report_into_a_folder_that_cannot_be_written_is_status_2(qa):
    (qa / "blocked").write_text("a file, not a folder")
    failed(run("report", "--out", "blocked/reports"), "could not be written", "blocked")


def test_report_on_a_full_disk_is_status_2(qa, monkeypatch):
    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device", str(qa / "qa" / "reports" / "n1" / "report.html"))

    monkeypatch.setattr("pipeline.commands.report.render_reports", full)
    failed(run("report"), "No space left on device", "report.html")


def test_report_without_runs_is_status_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    open_register(f"sqlite:///{tmp_path / 'register.sqlite3'}").close()
    failed(run("report"), "no runs yet")


@pytest.fixture(params=["sqlite3", "sqlalchemy"])
def read_path(request, monkeypatch):
    """Where ``register show`` reads its record: through Python's sqlite3 (a SQLite register at the
    schema head, ``reports.register.sqlite_read``) or through SQLAlchemy (any other register):
    the name of the conversion a failure is injected into, and the database error that path raises."""
    if request.param == "sqlalchemy":
        from sqlalchemy.exc import OperationalError

        monkeypatch.setattr("reports.register.sqlite_read.open_reader", lambda _url: None)
        return "reports.register.store.to_record", OperationalError("SELECT", {}, Exception("disk I/O error"))
    return "reports.register.sqlite_read.record_from", sqlite3.OperationalError("disk I/O error")


def test_register_trouble_is_status_2_like_a_refusal(qa, monkeypatch, read_path):
    target, error = read_path

    def broken(*_a, **_k):
        raise error

    monkeypatch.setattr(target, broken)
    out = run("register", "show", "NC-2026-0001")
    failed(out, "the register could not be used: OperationalError: disk I/O error")


def test_register_trouble_while_a_report_is_built_is_status_2(qa, monkeypatch):
    """The report command names the register's failure (``RegisterUnusable``), not a traceback."""
    from sqlalchemy.exc import OperationalError

    def broken(*_a, **_k):
        raise OperationalError("SELECT", {}, Exception("disk I/O error"))

    # records() reads plain rows into api.Record (record_from); record() converts a mapped row (to_record)
    monkeypatch.setattr("reports.register.store.record_from", broken)
    monkeypatch.setattr("reports.register.store.to_record", broken)
    failed(run("report"), "could not be used", "register.sqlite3", "disk I/O error")


def test_a_bug_is_status_2_with_its_traceback(qa, monkeypatch, read_path):
    def bug(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr(read_path[0], bug)
    out = run("register", "show", "NC-2026-0001")
    assert out.exit_code == 2 and "internal error (RuntimeError: boom)" in out.output
    assert "Traceback" in out.output  # kept for the bug report


# --------------------------------------------------------------------------- audit


@pytest.fixture
def syllabi(tmp_path):
    folder = tmp_path / "syllabi"
    folder.mkdir()
    shutil.copy(CORPUS / "clean_en.docx", folder / "AGph3306.docx")
    return folder


def test_audit_into_a_folder_that_cannot_be_written_is_status_2(syllabi, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "blocked").write_text("a file, not a folder")
    out = run("audit", str(syllabi), "--no-progress", "--out", "blocked/reports")
    failed(out, "blocked")


def test_audit_on_a_full_disk_is_status_2(syllabi, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "audit-reports" / "report.html"))

    monkeypatch.setattr("pipeline.audit.render_reports", full)
    failed(run("audit", str(syllabi), "--no-progress", "--no-cache"), "No space left on device")


def test_a_busy_register_names_wait_and_wait_waits(syllabi, tmp_path, monkeypatch):
    from reports.register.lock import RunLock
    from reports.register.store import make_engine

    monkeypatch.chdir(tmp_path)
    open_register(f"sqlite:///{tmp_path / 'register.sqlite3'}").close()
    engine = make_engine(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    with RunLock(engine, "night-A"):
        out = run("audit", str(syllabi), "--no-progress")
        failed(out, "busy", "night-A", "--wait SECONDS")
        monkeypatch.setattr("pipeline.commands.common.POLL_S", 0.2)
        out = run("audit", str(syllabi), "--no-progress", "--wait", "0.5")
        failed(out, "waited 0.5 s", "night-A")
        assert "waiting up to 0.5 s" in out.output
    engine.dispose()
    assert open_register(f"sqlite:///{tmp_path / 'register.sqlite3'}").runs() == []  # nothing recorded


def test_audit_starts_a_register_that_does_not_exist(syllabi, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = run("audit", str(syllabi), "--no-progress", "--register", "qa/new.sqlite3")
    assert out.exit_code in (0, 1), out.output
    assert (tmp_path / "qa" / "new.sqlite3").is_file()


# --------------------------------------------------------------------------- extract, check


def test_extract_a_missing_libreoffice_is_status_2_an_unreadable_file_1(tmp_path, monkeypatch):
    from extractors.errors import ConverterMissing

    def no_office(path, limits=None):
        raise ConverterMissing(str(path), "soffice not found")

    (tmp_path / "a.doc").write_bytes(b"x")
    monkeypatch.setattr("pipeline.work.extract_file", no_office)  # extract reads as audit does
    failed(run("extract", str(tmp_path / "a.doc")), "soffice not found")
    monkeypatch.undo()
    out = run("extract", str(tmp_path / "missing.docx"))
    assert out.exit_code == 1 and "could not be read" in out.output
