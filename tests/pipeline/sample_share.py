"""A shared folder of ``data/samples`` syllabi for a test's night, and the (path, sha256) pairs
discovery gives for it (not a test module)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def sample_share(tmp_path: Path, names: Sequence[str], copies: Mapping[str, str] | None = None
                 ) -> tuple[Path, list[tuple[Path, str]]]:
    """``tmp_path/share`` holding the samples ``names`` (the test is skipped when one is missing)
    and, for each ``copies`` item (copy name -> sample name), a byte copy of that sample."""
    folder = tmp_path / "share"
    folder.mkdir()
    for name in names:
        if not (SAMPLES / name).exists():
            pytest.skip(f"{name} not in data/samples")
        shutil.copy(SAMPLES / name, folder / name)
    for copy, original in (copies or {}).items():
        shutil.copy(folder / original, folder / copy)
    files = [(p, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(folder.iterdir())]
    return folder, files
