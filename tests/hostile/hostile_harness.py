"""The hostile suite's harness (the fixtures are in conftest.py): each test builds its folder in ``tmp_path`` (one good sample plus
the hostile input), runs the real ``syllabus-audit`` command in a subprocess under a time bound
(so a hang fails the test instead of the suite), and checks the night the way the QA office
would find it in the morning: the exit status, no traceback anywhere, an intact register with the
records expected, and reports that open.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("hostile_runner.py")
# A bound, not a measure: a normal night here takes seconds; only a hang comes near it.
HANG_S = 240
TRACEBACK = "Traceback (most recent call last)"
GOOD_NAME = "AGph3306 good.docx"  # data/samples/clean_en.docx: accepted, no findings
GOOD_CODE = "AGph3306"


def cli_env(extra: dict | None = None) -> dict:
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **(extra or {})}


def without_root_override() -> list[str] | None:
    """A prefix that makes permission bits apply: root reads a mode-000 file anyway, so under
    root the command runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (util-linux setpriv),
    as the unprivileged cron user it is in production. None when that cannot be done (root
    without setpriv): the permission cases are then skipped."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        return None
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def decode(data: bytes) -> str:
    # surrogateescape keeps every byte the command wrote (an ESC stays an ESC) without failing
    return data.decode("utf-8", "surrogateescape")


@dataclass
class Done:
    rc: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        return f"exit {self.rc}\n--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}"


def start(args: list, cwd: Path, env: dict | None = None, prefix: list[str] = ()) -> subprocess.Popen:
    return subprocess.Popen([*prefix, sys.executable, str(RUNNER), *args], cwd=cwd, env=cli_env(env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def kill_group(proc: subprocess.Popen) -> None:
    """End the process group this test started (the command and its workers), nothing else."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def finish(proc: subprocess.Popen, timeout: float = HANG_S) -> Done:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = proc.communicate()
        pytest.fail(f"the command hung (no end after {timeout} s)\n{decode(out)[-2000:]}\n{decode(err)[-2000:]}")
    return Done(proc.returncode, decode(out), decode(err))


def cli(args: list, cwd: Path, env: dict | None = None, prefix: list[str] = ()) -> Done:
    return finish(start(args, cwd, env, prefix))


def wait_for(marker: Path, proc: subprocess.Popen) -> None:
    """Until the fault point is reached (the runner writes ``marker``) or the command ends."""
    deadline = time.monotonic() + HANG_S
    while not marker.exists():
        if proc.poll() is not None:
            done = finish(proc)
            pytest.fail("the command ended before the fault point\n" + done.describe())
        if time.monotonic() > deadline:
            kill_group(proc)
            pytest.fail("the fault point was never reached")
        time.sleep(0.1)


def sqlite_integrity(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def records(path: Path) -> list[dict]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("SELECT * FROM nonconformities ORDER BY id")]
    finally:
        con.close()


def register_dump(path: Path) -> dict:
    """Every row of every table: the register "as it was"."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        con.close()


@dataclass
class Night:
    """One ``audit`` run and what it left."""

    done: Done
    folder: Path
    out: Path
    register: Path
    base: Path | None = None  # a shared night's own folder (later commands run there)
    cases: dict[str, str] = field(default_factory=dict)  # case -> its file, relative to ``folder``
    denied: bool = False  # permission bits applied to the run (see without_root_override)

    @property
    def rc(self) -> int:
        return self.done.rc

    def describe(self) -> str:
        return self.done.describe()

    def run_dirs(self) -> list[Path]:
        if not self.out.is_dir():
            return []
        return sorted(p for p in self.out.iterdir() if p.is_dir() and not p.name.startswith("."))

    @property
    def run_dir(self) -> Path:
        dirs = self.run_dirs()
        assert dirs, "no run folder in --out\n" + self.describe()
        return dirs[-1]

    def log(self) -> str:
        path = self.run_dir / "audit.log"
        return decode(path.read_bytes()) if path.exists() else ""

    def report(self) -> dict:
        return json.loads((self.run_dir / "report.json").read_text(encoding="utf-8"))

    def entries(self) -> list[dict]:
        """One per syllabus (or file that stood in for one): the report's lines."""
        return self.report()["report"]["syllabi"]

    def entry(self, fragment: str) -> dict:
        hits = [e for e in self.entries() if fragment in e["file"]]
        assert len(hits) == 1, (fragment, [e["file"] for e in self.entries()])
        return hits[0]

    def records(self) -> list[dict]:
        return records(self.register)

    def records_of(self, fragment: str) -> list[dict]:
        return [r for r in self.records() if fragment in r["file"]]

    def all_text(self) -> str:
        """stdout, stderr, and every file the run wrote (reports, log), as text."""
        parts = [self.done.stdout, self.done.stderr]
        for path in self.out.rglob("*"):
            if path.is_file():
                parts.append(decode(path.read_bytes()))
        return "\n".join(parts)


def assert_no_traceback(*texts: str) -> None:
    for text in texts:
        assert TRACEBACK not in text, text[-4000:]


def assert_reports_open(run_dir: Path, lang: str = "kk") -> None:
    """The night's reports are there and open: the HTML, the workbook (openpyxl), the CSV."""
    from openpyxl import load_workbook

    html = run_dir / f"report.{lang}.html"
    assert html.is_file() and "</html>" in html.read_text(encoding="utf-8").lower()
    workbook = load_workbook(run_dir / f"report.{lang}.xlsx")
    assert workbook.sheetnames
    rows = list(csv.reader(io.StringIO((run_dir / f"findings.{lang}.csv").read_text(encoding="utf-8-sig"))))
    assert rows and rows[0]
    json.loads((run_dir / "report.json").read_text(encoding="utf-8"))


def assert_sound(night: Night, exit_codes=(1,), entries: int | None = None) -> None:
    """The night went through: the expected status, no traceback in its output or its log, an
    intact register, the reports written, and the good sample audited beside the hostile input."""
    assert night.rc in exit_codes, night.describe()
    assert_no_traceback(night.done.stdout, night.done.stderr, night.log())
    assert sqlite_integrity(night.register) == "ok"
    assert_reports_open(night.run_dir)
    good = [e for e in night.entries() if e["course_code"] == GOOD_CODE]
    assert len(good) == 1 and good[0]["error"] is None and good[0]["verdict"] == "accepted", night.entries()
    if entries is not None:
        assert len(night.entries()) == entries, [e["file"] for e in night.entries()]


def followups_work(night: Night, tmp_path: Path, import_back: bool = False) -> Path:
    """Every later command on this register still works: the night's reports rendered again
    (XLSX and the plan), the Excel export, and (``import_back``) the import of that untouched
    export. Returns the export."""
    from docx import Document
    from openpyxl import load_workbook

    tmp_path.mkdir(parents=True, exist_ok=True)
    again = tmp_path / "again"
    done = cli(["report", "--register", night.register, "--out", again, "--report-format", "xlsx",
                "--report-format", "plan-docx"], tmp_path)
    assert done.rc == 0, done.describe()
    assert_no_traceback(done.stdout, done.stderr)
    run = next(p for p in again.iterdir() if p.is_dir())
    load_workbook(next(run.glob("*.xlsx")))
    plans = list(run.glob("plan_*.docx"))
    assert plans, sorted(p.name for p in run.iterdir())
    for plan in plans:
        Document(plan)
    exported = tmp_path / "plan.xlsx"
    done = cli(["register", "export-xlsx", exported, "--register", night.register], tmp_path)
    assert done.rc == 0, done.describe()
    assert_no_traceback(done.stdout, done.stderr)
    load_workbook(exported)
    if import_back:
        done = cli(["register", "import-xlsx", exported, "--register", night.register], tmp_path)
        assert done.rc == 0, done.describe()  # the QA office's untouched export goes back in
        assert_no_traceback(done.stdout, done.stderr)
    return exported
