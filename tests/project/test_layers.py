"""The layering of the design card, checked rather than hoped for: imports point one way,
pipeline -> reports -> checks -> extractors (contracts in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _lint_imports() -> Path:
    """import-linter's command beside this interpreter (its venv or installation), not whichever
    one PATH finds first: the contracts are checked with the packages these tests import."""
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.is_file():
        pytest.fail(f"lint-imports is not installed beside {sys.executable}: pip install -e '.[test]'")
    return exe


def test_import_layers_are_kept():
    exe = _lint_imports()
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_register_tables_and_sqlalchemy_stay_inside_the_register():
    """The commands, the web pages and the report writers use ``store.Register`` and its typed
    results only (issue 12); the contract must be there and kept, not merely absent."""
    exe = _lint_imports()
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)})
    assert "The register's tables and SQLAlchemy stay inside reports.register KEPT" in result.stdout, result.stdout[-3000:]
