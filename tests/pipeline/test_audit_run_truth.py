"""Runs that tell the truth: an empty folder (an unmounted share) fails the night, a failed run
says why in its log, a clean run leaves no lock file behind."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from reports.register import open_register

CORPUS = Path(__file__).parents[1] / "corpus"


@pytest.fixture
def audit(tmp_path):
    register = tmp_path / "qa" / "register.sqlite3"
    out = tmp_path / "out"

    def run(folder: Path, *extra: str):
        old = os.getcwd()
        os.chdir(tmp_path)
        try:
            return CliRunner().invoke(main, ["audit", "--no-progress", str(folder), "--register", f"sqlite:///{register}",
                                             "--out", str(out), "--workers", "1", "--no-cache", "--lang", "en", *extra])
        finally:
            os.chdir(old)

    run.register, run.out = register, out
    return run


def _logs(out: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(out.glob("*/audit.log"))]


def test_an_empty_folder_is_a_failed_night_not_a_clean_one(audit, tmp_path):
    share = tmp_path / "share"
    share.mkdir()  # the mount point, with nothing mounted on it
    result = audit(share)
    assert result.exit_code == 2, result.output
    assert "no syllabus files found in" in result.stderr and "mounted" in result.stderr
    assert "Traceback" not in result.output
    [log] = _logs(audit.out)
    assert "run failed: no syllabus files found" in log  # the run's folder says why it has no reports
    with open_register(f"sqlite:///{audit.register}") as reg:
        assert reg.runs() == []


def test_the_policy_sets_the_least_number_of_files_expected(audit, tmp_path):
    folder = tmp_path / "syllabi"
    folder.mkdir()
    shutil.copy(CORPUS / "clean_en.docx", folder / "AGph3306.docx")
    (tmp_path / "policy.toml").write_text("[limits]\nmin_files = 3\n", encoding="utf-8")
    result = audit(folder, "--policy", str(tmp_path / "policy.toml"))
    assert result.exit_code == 2 and "only 1 file(s) found" in result.stderr and "min_files" in result.stderr

    (tmp_path / "policy.toml").write_text("[limits]\nmin_files = 0\n", encoding="utf-8")
    (folder / "AGph3306.docx").unlink()
    empty_allowed = audit(folder, "--policy", str(tmp_path / "policy.toml"))
    assert empty_allowed.exit_code == 0, empty_allowed.output


def test_a_clean_run_leaves_no_lock_file(audit, tmp_path):
    folder = tmp_path / "syllabi"
    folder.mkdir()
    shutil.copy(CORPUS / "clean_en.docx", folder / "AGph3306.docx")
    result = audit(folder)
    assert result.exit_code == 0, result.output
    assert "1 syllabi audited" in result.stdout
    left = sorted(p.name for p in audit.register.parent.iterdir() if "runlock" in p.name)
    assert left == []


def test_a_failed_run_writes_why_into_its_log(audit, tmp_path, monkeypatch):
    folder = tmp_path / "syllabi"
    folder.mkdir()
    shutil.copy(CORPUS / "clean_en.docx", folder / "AGph3306.docx")

    with open_register(f"sqlite:///{audit.register}") as reg, reg.run_lock("someone-else"):
        busy = audit(folder)
    assert busy.exit_code == 2 and "someone-else" in busy.stderr
    log = _logs(audit.out)[-1]
    assert "run failed:" in log and "someone-else" in log

    def crash(*_a, **_k):
        raise RuntimeError("a bug in the tool")

    monkeypatch.setattr("pipeline.commands.audit.run_audit", crash)
    crashed = audit(folder)
    assert crashed.exit_code == 2 and "a bug in the tool" in crashed.stderr and "Traceback" not in crashed.output
    log = _logs(audit.out)[-1]
    assert "Traceback" in log and "RuntimeError: a bug in the tool" in log and "run failed:" in log
