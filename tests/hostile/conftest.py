"""Fixtures of the hostile suite: one good sample per session, a folder per test holding it, and
``audit`` to run one night on that folder (the harness itself is hostile_harness.py)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hostile_builders import sample
from hostile_harness import GOOD_NAME, Night, cli


@pytest.fixture(scope="session")
def good_sample(tmp_path_factory) -> Path:
    """The one good syllabus every folder gets (read once per session)."""
    path = tmp_path_factory.mktemp("good") / GOOD_NAME
    shutil.copyfile(sample("clean_en.docx"), path)
    return path


@pytest.fixture
def folder(tmp_path, good_sample) -> Path:
    syllabi = tmp_path / "syllabi"
    syllabi.mkdir()
    shutil.copyfile(good_sample, syllabi / GOOD_NAME)
    return syllabi


@pytest.fixture
def audit(tmp_path, folder):
    """``audit(*extra, paths=None, env=None, prefix=(), out=None)`` runs one night on ``folder``
    (or ``paths``) with this test's register and report folder."""
    register = tmp_path / "register.sqlite3"

    def run(*extra, paths=None, env=None, prefix=(), out=None) -> Night:
        out = out or tmp_path / "out"
        args = ["audit", "--no-progress", *(paths or [folder]), "--register", register, "--out", out,
                "--workers", "1", *extra]
        return Night(cli(args, tmp_path, env, prefix), folder, out, register)

    return run
