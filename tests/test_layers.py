"""The layering of the design card, checked rather than hoped for: imports point one way,
pipeline -> reports -> checks -> extractors (contracts in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_layers_are_kept():
    exe = shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports is not installed: pip install -e '.[test]'")
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_register_tables_and_sqlalchemy_stay_inside_the_register():
    """The commands, the web pages and the report writers use ``store.Register`` and its typed
    results only (issue 12); the contract must be there and kept, not merely absent."""
    exe = shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports is not installed: pip install -e '.[test]'")
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)})
    assert "The register's tables and SQLAlchemy stay inside reports.register KEPT" in result.stdout, result.stdout[-3000:]
