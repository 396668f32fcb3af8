"""``syllabus-audit audit`` as cron runs it: exit statuses, config file, discovery rules, a file
that exceeds its time limit, and the same records from the local and the Dask executor."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from reports.register import open_register

CORPUS = Path(__file__).parents[1] / "corpus"


def _run(args, cwd: Path):
    """Run the command from ``cwd``, as cron would from the QA office's folder."""
    import os

    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, ["audit", "--no-progress", *args])
    finally:
        os.chdir(old)


@pytest.fixture
def folder(tmp_path):
    syllabi = tmp_path / "syllabi"
    syllabi.mkdir()
    shutil.copy(CORPUS / "seed_kk.docx", syllabi / "GMRK3301.docx")
    shutil.copy(CORPUS / "clean_en.pdf", syllabi / "AGph3306.pdf")
    return syllabi


def _latest_report(out: Path) -> dict:
    run = sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))[-1]
    return json.loads((run / "report.json").read_text(encoding="utf-8"))


def test_exit_status_new_then_nothing_new(folder, tmp_path):
    args = [str(folder), "--register", f"sqlite:///{tmp_path / 'r.sqlite3'}", "--out", str(tmp_path / "out"),
            "--workers", "1", "--lang", "en"]
    first = _run(args, tmp_path)
    assert first.exit_code == 1, first.output
    assert "13 new" in first.stdout and "2 file(s)" in first.stdout
    second = _run(args, tmp_path)
    assert second.exit_code == 0, second.output
    assert "0 new, 13 still open" in second.stdout
    runs = sorted(p for p in (tmp_path / "out").iterdir() if p.is_dir() and not p.name.startswith("."))
    assert len(runs) == 2 and (runs[0] / "audit.log").read_text(encoding="utf-8")


def test_config_file_in_the_working_folder_and_the_command_line_wins(folder, tmp_path):
    (tmp_path / "syllabus-audit.toml").write_text(
        f'paths = ["{folder.name}"]\nregister = "qa/register.sqlite3"\nout = "reports"\nlang = "ru"\nworkers = 1\n',
        encoding="utf-8",
    )
    (tmp_path / "qa").mkdir()
    result = _run([], tmp_path)
    assert result.exit_code == 1, result.output
    assert (tmp_path / "qa" / "register.sqlite3").exists()
    assert _latest_report(tmp_path / "reports")["report"]["language"] == "ru"
    again = _run(["--lang", "en"], tmp_path)
    assert again.exit_code == 0, again.output
    assert _latest_report(tmp_path / "reports")["report"]["language"] == "en"


def test_copies_lock_files_and_hidden_files(folder, tmp_path):
    shutil.copy(folder / "GMRK3301.docx", folder / "GMRK3301 - copy.docx")
    (folder / "~$RK3301.docx").write_bytes(b"owner lock")
    (folder / ".hidden.docx").write_bytes(b"not a syllabus")
    result = _run([str(folder), "--register", f"sqlite:///{tmp_path / 'r.sqlite3'}", "--out", str(tmp_path / "out"),
                   "--workers", "1", "--lang", "en"], tmp_path)
    assert result.exit_code == 1, result.output
    assert "2 file(s)" in result.stdout and "identical copies counted once" in result.stdout


def test_bad_settings_exit_2_with_a_message(folder, tmp_path):
    missing = _run([str(tmp_path / "nowhere")], tmp_path)
    assert missing.exit_code == 2 and "nowhere" in missing.stderr and "Traceback" not in missing.output
    bad_policy = tmp_path / "policy.toml"
    bad_policy.write_text("[hours]\nhours_per_credit = -1\n", encoding="utf-8")
    result = _run([str(folder), "--policy", str(bad_policy), "--register", f"sqlite:///{tmp_path / 'r.sqlite3'}",
                   "--out", str(tmp_path / "out")], tmp_path)
    assert result.exit_code == 2 and "hours_per_credit" in result.stderr


# A LibreOffice that never finishes: the .doc it is asked to convert really hangs, so the file
# is over its limit on any machine, while the limit stays far above what the other two files
# take even on a loaded one (a second or two each, quiet). A big PDF read against a short limit
# raced the machine's speed: at load 12 another file went over it too.
HANGING_SOFFICE = """#!/bin/sh
exec sleep 600
"""


def test_a_file_over_its_time_limit_is_recorded_and_the_run_goes_on(folder, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text(HANGING_SOFFICE)
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    shutil.copy(CORPUS / "clean_kk.doc", folder / "old.doc")
    register = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    result = _run([str(folder), "--register", register, "--out", str(tmp_path / "out"), "--timeout", "30",
                   "--no-cache", "--workers", "2", "--lang", "en"], tmp_path)
    assert result.exit_code == 1, result.output
    assert "1 unreadable" in result.stdout
    with open_register(register) as reg:
        records = reg.list()
    timed_out = [r for r in records if r.syllabus.file.endswith("old.doc")]
    assert len(timed_out) == 1 and timed_out[0].rule == "DOC001"
    assert "30 s" in json.dumps(timed_out[0].evidence, ensure_ascii=False) or "30 s" in timed_out[0].description.en
    assert any(r.syllabus.course_code == "GMRK3301" for r in records)  # the other files were audited


@pytest.mark.slow
def test_dask_and_local_runs_give_the_same_records(folder, tmp_path):
    pytest.importorskip("distributed")
    from pipeline.audit import AuditSettings, run_audit

    fingerprints = {}
    for executor in ("local", "dask"):
        settings = AuditSettings(paths=[folder], out=tmp_path / executor, register=f"sqlite:///{tmp_path / executor}.db",
                                 executor=executor, workers=2, use_cache=False, run_id="night-1")
        from pipeline.discovery import discover

        found = discover([folder])
        outcome = run_audit(settings, [(f.path, f.sha256) for f in found.files])
        with open_register(settings.register) as reg:
            fingerprints[executor] = sorted((r.fingerprint, r.rule, r.status.value) for r in reg.list())
        assert outcome.exit_code == 1
    assert fingerprints["local"] == fingerprints["dask"] and len(fingerprints["local"]) == 13


def test_runs_started_within_one_second_get_distinct_ids():
    from datetime import datetime

    from pipeline.audit import new_run_id

    first, second = datetime(2026, 11, 22, 2, 30, 0, 100_000), datetime(2026, 11, 22, 2, 30, 0, 900_000)
    assert new_run_id(first) != new_run_id(second)
    assert sorted([new_run_id(second), new_run_id(first)]) == [new_run_id(first), new_run_id(second)]


def test_the_settings_files_institution_and_departments_reach_the_reports(folder, tmp_path):
    (tmp_path / "syllabus-audit.toml").write_text(
        'institution = "Д. Серікбаев атындағы ШҚТУ"\n'
        '[departments]\n"Жер туралы ғылымдар мектебі" = ["ЖТҒМ", "Школа наук о Земле", "School of Earth Sciences"]\n',
        encoding="utf-8")
    register = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    result = _run([str(folder), "--register", register, "--out", str(tmp_path / "out"), "--lang", "kk",
                   "--report-format", "html"], tmp_path)
    assert result.exit_code in (0, 1), result.output
    html = next((tmp_path / "out").glob("*/report.kk.html")).read_text(encoding="utf-8")
    assert "Д. Серікбаев атындағы ШҚТУ" in html
    report = CliRunner().invoke(main, ["report", "--register", register, "--lang", "ru", "--report-format", "html",
                                       "--out", str(tmp_path / "out"), "--config", str(tmp_path / "syllabus-audit.toml")])
    assert report.exit_code == 0, report.output
    assert "Д. Серікбаев атындағы ШҚТУ" in next((tmp_path / "out").glob("*/report.ru.html")).read_text(encoding="utf-8")
