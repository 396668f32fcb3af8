"""``check`` and ``extract`` read files under the same limits as ``audit`` (policy ``[limits]``,
``--timeout``, ``--memory-mb``, the settings file): a file stopped by a limit is named, said to be
stopped by that limit (never "damaged"), and the command exits 2.

The hostile inputs really cannot finish: a DOCX of a million paragraphs (2.5 MB on disk, 39 MB of
XML) that needs gigabytes to parse (measured: past 2 GB and still reading after 10 minutes
without a limit), and a reader that waits for ever. No test depends on the machine's speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.work
from pipeline.cli import main
from tests.docx_builders import W_NS, new_document, rewrite_zip, save

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
LIMIT_MB = 800  # a real syllabus reads well within it (checked below); the hostile one cannot
PARAGRAPHS = 1_000_000


@pytest.fixture(scope="module")
def bloated(tmp_path_factory) -> Path:
    """A small DOCX whose document.xml is huge by repetition, each paragraph numbered so that the
    package compresses only ~16-fold and passes the zip-bomb check: only the memory limit stops it."""
    path = tmp_path_factory.mktemp("hostile") / "bloated.docx"
    save(new_document(), path)
    body = "".join(f"<w:p><w:r><w:t>{i}</w:t></w:r></w:p>" for i in range(PARAGRAPHS))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    rewrite_zip(path, {"word/document.xml": xml.encode()})
    assert path.stat().st_size < 5 * 1024 * 1024
    return path


@pytest.fixture
def genuine() -> Path:
    path = CORPUS / "clean_en.docx"
    if not path.exists():
        pytest.skip(f"corpus not generated ({path}); python -m tests.fixtures.generator.build")
    return path


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output + result.stderr
    return result


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args, cwd: Path | None = None) -> Ran:
    """The command in a process of its own, as a user starts it. The memory limit counts what a
    forked worker inherits, so in the test run's own process (its caches grown by every test
    before: in CI it passed the 800 MB by itself) a genuine file could no longer be read."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", "from syllabus_audit.cli import main; main()", *map(str, args)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return Ran(done.returncode, done.stdout, done.stderr)


def stopped_by_memory(result, path: Path) -> None:
    assert result.exit_code == 2, result.output
    line = next(ln for ln in result.stderr.splitlines() if ln.startswith("error:") and path.name in ln)
    assert "more memory than the limit allows" in line and f"{LIMIT_MB} MB" in line and "--memory-mb" in line
    assert "damaged" not in result.output + result.stderr


@pytest.mark.parametrize("command", ["check", "extract"])
def test_a_file_over_the_memory_limit_is_named_and_exit_2(command, bloated, genuine):
    result = run_cli(command, bloated, genuine, "--memory-mb", LIMIT_MB)
    stopped_by_memory(result, bloated)
    if command == "check":  # the genuine file was still read and checked under the same limit
        assert genuine.name in result.stdout and "DOC001" not in result.stdout
    else:
        assert json.loads(result.stdout)[0]["identity"]["course_code"]["value"]


def test_the_settings_file_and_the_policy_set_the_memory_limit(bloated, tmp_path):
    (tmp_path / "syllabus-audit.toml").write_text(f"memory_mb = {LIMIT_MB}\n", encoding="utf-8")
    stopped_by_memory(run_cli("check", bloated, "--format", "json", cwd=tmp_path), bloated)
    (tmp_path / "syllabus-audit.toml").unlink()
    (tmp_path / "policy.toml").write_text(f"[limits]\nfile_memory_mb = {LIMIT_MB}\n", encoding="utf-8")
    stopped_by_memory(run_cli("extract", bloated, "--policy", tmp_path / "policy.toml", cwd=tmp_path), bloated)


def _never_returns(path, limits=None):
    threading.Event().wait()  # a reader that cannot finish, whatever the machine's speed


@pytest.mark.parametrize("command", ["check", "extract"])
def test_a_file_over_the_time_limit_is_named_and_exit_2(command, tmp_path, monkeypatch):
    stuck = tmp_path / "stuck.docx"
    stuck.write_bytes(b"PK")
    monkeypatch.setattr(pipeline.work, "extract_file", _never_returns)  # forked workers inherit it
    result = invoke(command, stuck, "--timeout", "1")
    assert result.exit_code == 2, result.output
    line = next(ln for ln in result.stderr.splitlines() if ln.startswith("error:") and "stuck.docx" in ln)
    assert "took longer than 1 s" in line and "--timeout" in line
    assert "damaged" not in result.output + result.stderr


def test_json_output_of_check_keeps_its_form_for_a_stopped_file(bloated):
    data = json.loads(run_cli("check", bloated, "--format", "json", "--memory-mb", LIMIT_MB).stdout)
    assert set(data) == {"findings", "verdicts", "waivers", "failures"}
    assert [(f["rule"], Path(f["file"]).name) for f in data["failures"]] == [("extract", "bloated.docx")]
    assert data["findings"] == []


def test_the_limits_policy_lives_with_the_limits_and_agrees_with_them():
    """``[limits]`` is validated by ``extractors.limits.LimitsPolicy`` (extractors import nothing
    of checks); with no policy at all, a file is read under the same limits as under the default."""
    import dataclasses
    import pickle

    from extractors.limits import Limits, LimitsPolicy

    assert dataclasses.asdict(LimitsPolicy().extraction_limits()) == dataclasses.asdict(Limits())
    custom = LimitsPolicy(max_file_mb=1.5, max_pages=7)
    assert custom.extraction_limits().max_file_bytes == 1572864 and custom.extraction_limits().max_pages == 7
    assert pickle.loads(pickle.dumps(custom)) == custom
    with pytest.raises(ValueError, match="max_pages"):
        LimitsPolicy(max_pages=0)
