"""Find the syllabi under the given paths, and count identical files once.

Recursive; a file is a candidate by its suffix (``extractors.api.SUPPORTED_SUFFIXES``, any
case). Skipped: Office lock files (``~$name.docx``), hidden files and hidden directories
(``.name``), and directories already visited through a symlink (loops). Each file's content is
hashed (sha256, streamed), and a file whose content was already seen is listed as a duplicate
of the first one (in sorted order) instead of being audited twice.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from extractors.api import SUPPORTED_SUFFIXES

CHUNK = 1 << 20


class DiscoveryError(ValueError):
    """A path given on the command line or in the config that cannot be searched."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class FoundFile:
    path: Path
    sha256: str
    size: int


@dataclass
class Discovery:
    files: list[FoundFile] = field(default_factory=list)
    duplicates: dict[str, list[Path]] = field(default_factory=dict)
    """sha256 -> the *other* paths with that content (the kept one is in ``files``)."""
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    """Files found but not hashable (permission denied...): (path, reason). The run should
    report them as unreadable rather than silently skip them."""

    def by_sha(self) -> dict[str, FoundFile]:
        return {f.sha256: f for f in self.files}

    def duplicate_lines(self) -> list[str]:
        """'3 identical copies counted once: a.docx = b/a.docx = c/a.docx', one per group."""
        kept = self.by_sha()
        lines = []
        for sha, others in self.duplicates.items():
            names = [str(kept[sha].path), *(str(p) for p in others)]
            lines.append(f"{len(names)} identical copies counted once: " + " = ".join(names))
        return lines


def is_candidate(name: str) -> bool:
    if name.startswith(("~$", ".")):
        return False
    return os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES


def _walk(root: Path, seen_dirs: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        st = root.stat()
    except OSError:
        return
    ident = (st.st_dev, st.st_ino)
    if ident in seen_dirs:  # a symlink loop, or the same folder reached twice
        return
    seen_dirs.add(ident)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            continue
        if is_dir:
            yield from _walk(Path(entry.path), seen_dirs)
        elif is_candidate(entry.name):
            try:
                if entry.is_file(follow_symlinks=True):
                    yield Path(entry.path)
            except OSError:
                continue


def sha256_file(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def discover(paths: Sequence[Path | str]) -> Discovery:
    """Every supported file under ``paths`` (files given directly are taken even if hidden, as
    long as their suffix is supported). Raises ``DiscoveryError`` for a path that does not exist
    or a file given directly that is not a supported format."""
    candidates: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise DiscoveryError(str(p), "no such file or folder")
        if p.is_dir():
            candidates.extend(_walk(p, seen_dirs))
        elif p.suffix.lower() in SUPPORTED_SUFFIXES:
            candidates.append(p)
        else:
            supported = ", ".join(sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES))
            raise DiscoveryError(str(p), f"not a supported file (supported: {supported})")
    unique: dict[Path, None] = {}
    for c in candidates:  # the same file named twice (a folder and a file in it) is one file
        unique.setdefault(Path(os.path.normpath(c)), None)
    result = Discovery()
    first: dict[str, FoundFile] = {}
    for path in sorted(unique, key=lambda q: str(q)):
        try:
            sha, size = sha256_file(path)
        except OSError as exc:
            result.unreadable.append((path, exc.strerror or str(exc)))
            continue
        if sha in first:
            result.duplicates.setdefault(sha, []).append(path)
        else:
            first[sha] = FoundFile(path=path, sha256=sha, size=size)
            result.files.append(first[sha])
    return result
