"""What `pip install .` puts on a QA office's machine: every module and every data file.

Runs from the checkout, builds the wheel the way pip does and reads its contents."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pipeline", "extractors", "checks", "reports", "data")


def test_wheel_contains_every_module_and_data_file(tmp_path):
    # Built from a clean copy of the tracked files: setuptools reuses a build/ folder left in a
    # working tree, whose stale files would hide a package missing from the configuration.
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    source = tmp_path / "src"
    for name in tracked:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("syllabus_audit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = [p for p in tracked if p.split("/")[0] in PACKAGES and "__pycache__" not in p]
    missing = [p for p in wanted if p not in names]
    assert not missing, f"not in the wheel: {missing[:20]}"
