"""A process that ran an audit skips the collector's last full pass at its exit (``gc.freeze`` in
an ``atexit`` handler): after a night that pass scanned every syllabus, finding and report still
alive, for memory the system takes back anyway."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path

    class Cycle:
        # only the collector frees an object in a reference cycle; its __del__ says when it did
        def __init__(self):
            self.me = self

        def __del__(self):
            Path({mark!r}).write_text("freed by the last pass")

    if sys.argv[1] == "audited":
        from pipeline import audit
        audit._leave_the_run_to_the_exit()
        audit._leave_the_run_to_the_exit()  # a second run in the same process: one handler
    Cycle()
""")


def _run(tmp_path: Path, how: str) -> bool:
    mark = tmp_path / f"{how}.txt"
    code = PROGRAM.format(root=str(ROOT), mark=str(mark))
    subprocess.run([sys.executable, "-c", code, how], check=True, cwd=tmp_path)
    return mark.exists()


def test_the_last_pass_at_exit_is_skipped_once_a_run_was_made(tmp_path):
    assert _run(tmp_path, "plain")  # the pass the hook skips: without it, Python frees the cycle at exit
    assert not _run(tmp_path, "audited")


def test_the_handler_is_registered_once_per_process(monkeypatch):
    from pipeline import audit

    registered = []
    monkeypatch.setattr(audit.atexit, "register", registered.append)
    audit._leave_the_run_to_the_exit.cache_clear()  # as in a new process
    try:
        audit._leave_the_run_to_the_exit()
        audit._leave_the_run_to_the_exit()
    finally:
        audit._leave_the_run_to_the_exit.cache_clear()  # the next run here registers the real one
    assert registered == [audit._no_final_scan]
