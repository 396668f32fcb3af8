"""Format conversion through LibreOffice headless (.doc/.odt/.rtf -> .docx, .docx -> .pdf/.doc).

Each conversion runs in its own throw-away LibreOffice profile so that parallel conversions do
not fight over one user profile (a known cause of silent soffice failures), and under a timeout
so that a file that hangs LibreOffice cannot hang the audit.

LibreOffice is more than one process (the soffice script, oosplash, soffice.bin), so each
conversion runs in a process group of its own, and is ended as a group: at its timeout here, and
by ``kill_conversions`` when the worker waiting for it is stopped (the per-file time limit,
``pipeline.executors``). Killing only the process started would leave soffice.bin running.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ConversionFailed, ConverterMissing

# LibreOffice filter names by target extension.
_FILTERS = {
    "docx": "docx:MS Word 2007 XML",
    "pdf": "pdf:writer_pdf_Export",
    "doc": "doc:MS Word 97",
    "odt": "odt",
}


# Process groups of the conversions running in this process (each led by the process started).
_running: set[int] = set()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _kill_group(pgid: int) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(pgid, signal.SIGKILL)
        else:  # Windows has no process groups to signal: the process started, at least
            os.kill(pgid, signal.SIGTERM)
    except OSError:  # already gone
        pass


def kill_conversions() -> None:
    """SIGKILL every conversion this process has running, each with all it started. Safe in a
    signal handler: the group leaders are still this process's unreaped children, so their group
    ids cannot have been reused."""
    for pgid in list(_running):
        _kill_group(pgid)


def convert(source: Path, target_ext: str, out_dir: Path, timeout_s: float = 120.0) -> Path:
    """Convert ``source`` to ``target_ext`` in ``out_dir``; return the new file's path."""
    source = Path(source)
    exe = soffice_path()
    if exe is None:
        raise ConverterMissing(str(source))
    if target_ext not in _FILTERS:
        raise ValueError(f"cannot convert to {target_ext!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            _FILTERS[target_ext],
            "--outdir",
            str(out_dir),
            str(source),
        ]
        # start_new_session: a group of its own, so it can be ended whole (and a Ctrl-C on the
        # terminal reaches the audit, which stops its workers and their conversions, not soffice)
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True) as proc:
            _running.add(proc.pid)
            try:
                stdout, stderr = proc.communicate(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                _kill_group(proc.pid)  # before the leader is reaped: its group id is still its own
                proc.communicate()
                raise ConversionFailed(str(source), f"LibreOffice took longer than {timeout_s:.0f} s") from None
            except BaseException:
                _kill_group(proc.pid)
                raise
            finally:
                _running.discard(proc.pid)
    target = out_dir / (source.stem + "." + target_ext)
    if proc.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        detail = (stderr or stdout or "").strip().splitlines()
        raise ConversionFailed(str(source), detail[-1] if detail else f"exit status {proc.returncode}")
    return target
