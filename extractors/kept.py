"""Data built from the project's own files, kept as JSON in the user's cache folder between processes.

Every command starts a new process, and some start-up work gives the same answer until a data file
or the code that reads it changes: the vocabulary's phrases (``extractors.vocabulary``), the label
catalogue (``reports.labels``). Such a result is kept in a file named by a digest of everything it
depends on, so a change of any of them names another file and nothing stale is ever read.

JSON, never a pickle: a file in a user-writable folder must not be able to run code. A missing,
unreadable or malformed file is rebuilt by the caller (``read`` returns None), and a folder that
cannot be written only means building again next time: this is a speed-up, never a source of truth.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .cache_home import cache_home


def kept_file(name: str, parts: Iterable[bytes], folder: Path | None = None) -> Path | None:
    """Where the result built from ``parts`` is kept: ``<folder>/<name>-<digest>.json``, or None
    when there is no home folder to keep it in."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))  # lengths first: no two part lists hash alike
        digest.update(part)
    try:
        return (folder or cache_home()) / f"{name}-{digest.hexdigest()[:32]}.json"
    except RuntimeError:  # Path.home() with no HOME and no password entry
        return None


def read(file: Path, valid: Callable[[Any], bool]) -> Any | None:
    """The kept value, or None when the file is missing, unreadable, or not what ``valid`` accepts."""
    try:
        value = json.loads(file.read_bytes())
    except (OSError, ValueError):
        return None
    try:
        return value if valid(value) else None
    except (KeyError, TypeError, AttributeError):
        return None


def keep(file: Path, value: Any) -> None:
    """Write the value atomically: another process may be reading or writing the same file."""
    import tempfile  # only when writing: reading a kept file is every command's start-up

    tmp = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=file.parent, prefix=f".{file.stem}-",
                                         suffix=".tmp", delete=False) as fh:
            tmp = fh.name
            json.dump(value, fh, ensure_ascii=False)
        os.replace(tmp, file)
        tmp = None
    except (OSError, TypeError, ValueError):
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
