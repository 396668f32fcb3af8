"""The console script ends the process without freeing what the command held
(``pipeline.process_exit``), and says and leaves exactly what the ordinary exit does."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import click
import pytest

from pipeline import process_exit

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "clean_en.docx"
CONSOLE = "from syllabus_audit.cli import main; main()"  # the console script's own target
IN_PROCESS = "from pipeline.cli import main; main(prog_name='syllabus-audit')"  # the ordinary exit


def run(code: str, *args, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("code, expected", [(None, 0), (0, 0), (1, 1), (2, 2)])
def test_exit_status_of_a_code(code, expected):
    assert process_exit.exit_status(code) == expected


def test_a_message_is_said_and_is_status_1(capsys):
    assert process_exit.exit_status("stopped") == 1
    assert capsys.readouterr().err == "stopped\n"


def test_nothing_is_kept_in_a_process_that_does_not_end_there():
    process_exit.keep_until_exit(object())
    assert process_exit._kept == []


def test_with_another_thread_running_the_usual_exit_waits_for_it(monkeypatch):
    """A thread still running (the web server's, a library's): no os._exit under it."""
    monkeypatch.setattr(process_exit, "_ending_here", False)
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    ended = []
    monkeypatch.setattr(os, "_exit", ended.append)

    @click.command()
    def command():
        click.echo("done")
        sys.exit(1)

    try:
        with pytest.raises(SystemExit) as stop:
            process_exit.console_main(command, args=[])
        assert stop.value.code == 1 and ended == []
    finally:
        release.set()
        worker.join()
        process_exit._kept.clear()


def test_usage_and_version_as_before(tmp_path):
    for args in (["--version"], ["--help"], ["no-such-command"]):
        fast, usual = run(CONSOLE, *args, cwd=tmp_path), run(IN_PROCESS, *args, cwd=tmp_path)
        assert (fast.returncode, fast.stdout, fast.stderr) == (usual.returncode, usual.stdout, usual.stderr)
    assert run(CONSOLE, "no-such-command", cwd=tmp_path).returncode == 2


def test_an_audit_ends_with_its_status_output_log_and_reports(tmp_path):
    """What a night leaves, through a pipe as cron reads it: the same exit status, the same
    summary on stdout, the whole log and every report, nothing half-written."""
    folder = tmp_path / "syllabi"
    folder.mkdir()
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    done = {}
    for name, code in (("fast", CONSOLE), ("usual", IN_PROCESS)):
        work = tmp_path / name
        work.mkdir()
        done[name] = run(code, "audit", folder, "--register", work / "register.sqlite3", "--out", work / "out",
                         "--workers", "1", "--no-progress", "--lang", "en", cwd=work)
        assert "Traceback" not in done[name].stderr, done[name].stderr
    fast, usual = done["fast"], done["usual"]
    assert fast.returncode == usual.returncode
    assert fast.returncode in (0, 1)

    def lines(text: str) -> list[str]:  # without the run id and the time taken
        return [ln for ln in text.splitlines() if not ln.lower().startswith(("reports:", "time:", "run "))]

    assert lines(fast.stdout) == lines(usual.stdout) and "time:" in fast.stdout.lower()
    assert lines(fast.stdout)  # the rest of the summary: files, verdicts, records
    for name in done:
        (run_dir,) = [p for p in (tmp_path / name / "out").iterdir() if p.is_dir()]
        written = sorted(p.name for p in run_dir.iterdir())
        assert "audit.log" in written and not [p for p in written if p.endswith(".part")]
        log = (run_dir / "audit.log").read_text(encoding="utf-8")
        assert "time:" in log.splitlines()[-1].lower()  # the last summary line reached the file
        done[name] = written
    assert done["fast"] == done["usual"]
