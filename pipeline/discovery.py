"""Find the syllabi under the given paths, and count identical files once.

Recursive; a file is a candidate by its suffix (``extractors.api.SUPPORTED_SUFFIXES``, any
case). Skipped: Office lock files (``~$name.docx``), hidden files and hidden directories
(``.name``), directories already visited through a symlink (loops), and anything that is not a
regular file (a FIFO or a device would block the run that opened it: it is never opened, only
named in the log). Each file's content is hashed (sha256, streamed), and a file whose content was
already seen is listed as a duplicate of the one kept instead of being audited twice: the copy
whose suffix fits its content (a DOCX named .pdf does not hide the real .docx), else the first in
sorted order. Empty files are never taken for copies of one another: each is its own empty file.

A file or a folder that cannot be read (no permission, an I/O error) is not dropped: it stays in
``Discovery.files`` with no hash (``sha256 is None``), so the run gives it an "unreadable" record
(``pipeline.work.extract_one`` names the reason), and it is listed in ``Discovery.unreadable``.

File names are taken as the system gives them (``os.fsdecode``: bytes that are not UTF-8 survive
as lone surrogates, so the file can still be opened). Where a name becomes text that is stored or
shown (a record, the cache, a log line), it is written with ``name_text``: such bytes as ``\\xe9``
and control characters as ``\\x07`` (``reports.safe_text.shown``, the convention every report
uses), since neither UTF-8 nor SQLite can hold a lone surrogate.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractors.api import SUPPORTED_SUFFIXES
from extractors.sniff import HEAD_BYTES, fitting_suffixes
from reports.safe_text import shown

CHUNK = 1 << 20
log = logging.getLogger("syllabus_audit")


class DiscoveryError(ValueError):
    """A path given on the command line or in the config that cannot be searched."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{name_text(path)}: {problem}")


@dataclass(frozen=True)
class FoundFile:
    path: Path
    sha256: str | None
    """None: the file (or folder) could not be read; its reason is in ``Discovery.unreadable``."""
    size: int
    fits: bool = True
    """Whether the suffix fits the first bytes (False: a DOCX named .pdf, say)."""


@dataclass
class Discovery:
    files: list[FoundFile] = field(default_factory=list)
    duplicates: dict[str, list[Path]] = field(default_factory=dict)
    """sha256 -> the *other* paths with that content (the kept one is in ``files``)."""
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    """Files and folders found but not readable (permission denied, I/O error...): (path,
    reason). They are in ``files`` too (without a hash), so they get a record."""
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    """What was deliberately not opened (a FIFO, a device): (path, why), also logged."""
    misnamed: dict[Path, str] = field(default_factory=dict)
    """Copies whose suffix does not fit their content -> the suffix that would."""

    def by_sha(self) -> dict[str, FoundFile]:
        return {f.sha256: f for f in self.files if f.sha256 is not None}

    def duplicate_lines(self) -> list[str]:
        """'3 identical copies counted once: a.docx = b/a.docx = c/a.docx', one per group."""
        kept = self.by_sha()
        lines = []
        for sha, others in self.duplicates.items():
            names = [name_text(kept[sha].path),
                     *(name_text(p) + (f" ({self.misnamed[p]})" if p in self.misnamed else "")
                       for p in others)]
            lines.append(f"{len(names)} identical copies counted once: " + " = ".join(names))
        return lines


def name_text(path: str | bytes | os.PathLike) -> str:
    """A file name as text that can be stored and shown: undecodable bytes as ``\\xe9``, control
    characters (tab and line feed included) as ``\\x07`` (``reports.safe_text.shown``, whose
    ``unshown`` gives the name back). Escaping twice changes nothing."""
    raw = os.fspath(path)
    text = shown(os.fsdecode(raw) if isinstance(raw, bytes) else raw)
    # a report keeps tab and line feed as text; in a name they are only a way to forge a line
    return text.replace("\t", "\\x09").replace("\n", "\\x0a") if "\t" in text or "\n" in text else text


def is_candidate(name: str) -> bool:
    if name.startswith(("~$", ".")):
        return False
    return os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _link_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link that leads back to itself (a loop): no file behind it"
    if exc.errno == errno.ENOENT:
        return "a symbolic link to a file that does not exist"
    return f"a symbolic link that cannot be followed: {_reason(exc)}"


def _not_regular(mode: int) -> str:
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"skipped: {kind}, not a file (never opened)"


def _walk(root: Path, seen_dirs: set[tuple[int, int]], result: Discovery) -> Iterator[Path]:
    """Candidate files under ``root``; a folder that cannot be listed is yielded itself (it is then
    recorded as unreadable), things that are not files are noted in ``result.skipped``."""
    try:
        st = root.stat()
    except OSError as exc:
        if exc.errno != errno.ENOENT:  # vanished since it was listed: nothing to say about it
            result.unreadable.append((root, _reason(exc)))
            yield root
        return
    ident = (st.st_dev, st.st_ino)
    if ident in seen_dirs:  # a symlink loop, or the same folder reached twice
        return
    seen_dirs.add(ident)
    try:
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        result.unreadable.append((root, _reason(exc)))
        yield root
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:  # a link to itself (ELOOP) and the like: neither a folder nor a file
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), seen_dirs, result)
            continue
        if not is_candidate(entry.name):
            continue
        try:
            mode = entry.stat(follow_symlinks=True).st_mode
        except OSError as exc:
            # a link that loops or points nowhere still names a syllabus someone expects to be there
            result.unreadable.append((Path(entry.path), _link_reason(exc) if entry.is_symlink() else _reason(exc)))
            yield Path(entry.path)
            continue
        if stat.S_ISREG(mode):
            yield Path(entry.path)
        else:
            _skip(result, Path(entry.path), _not_regular(mode))


def _skip(result: Discovery, path: Path, why: str) -> None:
    result.skipped.append((path, why))
    log.warning("%s: %s", name_text(path), why)


def _open_regular(path: Path) -> int:
    """A descriptor for ``path``, refused (``IsADirectoryError``/``_NotAFile``) unless it is a
    regular file. O_NONBLOCK: opening a FIFO that replaced the file since it was listed must not
    wait for a writer."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise _NotAFile(_not_regular(mode))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


class _NotAFile(Exception):
    pass


def _hash(path: Path) -> tuple[str, int, bytes]:
    h = hashlib.sha256()
    size = 0
    head = b""
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if not size:
                head = chunk[:HEAD_BYTES]  # what extractors.sniff reads a format from
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size, head


def content_sha256(path: Path) -> str | None:
    """The sha256 of a regular file's bytes, hashed as discovery hashes them (streamed, never
    waiting on a FIFO); None for anything that is not a readable regular file."""
    try:
        return _hash(path)[0]
    except (OSError, _NotAFile):
        return None


def discover(paths: Sequence[Path | str]) -> Discovery:
    """Every supported file under ``paths`` (files given directly are taken even if hidden, as
    long as their suffix is supported). Raises ``DiscoveryError`` for a path that does not exist
    or cannot be looked at, a folder given that cannot be listed, or a file given directly that is
    not a supported format. A FIFO or a device given directly is skipped (logged), never opened."""
    candidates: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    result = Discovery()
    for raw in paths:
        p = Path(raw)
        try:
            mode = p.stat().st_mode
        except FileNotFoundError:
            raise DiscoveryError(str(p), "no such file or folder") from None
        except OSError as exc:
            raise DiscoveryError(str(p), f"cannot be looked at ({_reason(exc)})") from None
        if stat.S_ISDIR(mode):
            try:
                os.scandir(p).close()
            except OSError as exc:  # the audited folder itself: nothing could be audited at all
                raise DiscoveryError(str(p), f"the folder cannot be read ({_reason(exc)})") from None
            candidates.extend(_walk(p, seen_dirs, result))
        elif not stat.S_ISREG(mode):
            _skip(result, p, _not_regular(mode))
        elif p.suffix.lower() in SUPPORTED_SUFFIXES:
            candidates.append(p)
        else:
            supported = ", ".join(sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES))
            raise DiscoveryError(str(p), f"not a supported file (supported: {supported})")
    unique: dict[Path, None] = {}
    for c in candidates:  # the same file named twice (a folder and a file in it) is one file
        unique.setdefault(Path(os.path.normpath(c)), None)
    unreadable = {path for path, _ in result.unreadable}
    groups: dict[str, list[FoundFile]] = {}
    for path in sorted(unique, key=lambda q: str(q)):
        if path in unreadable:  # a folder that could not be listed, a file that could not be looked at
            result.files.append(FoundFile(path=path, sha256=None, size=0))
            continue
        try:
            sha, size, head = _hash(path)
        except _NotAFile as why:  # replaced by a FIFO or a device since it was listed
            _skip(result, path, str(why))
            continue
        except OSError as exc:
            if isinstance(exc, FileNotFoundError):  # gone since it was listed: not in the folder
                continue
            result.unreadable.append((path, _reason(exc)))
            result.files.append(FoundFile(path=path, sha256=None, size=0))
            continue
        suffixes = fitting_suffixes(head)
        found = FoundFile(path=path, sha256=sha, size=size, fits=not suffixes or path.suffix.lower() in suffixes)
        if not found.fits:
            result.misnamed[path] = f"named {path.suffix}, but its content is that of a {' or '.join(suffixes)} file"
        if size == 0:  # empty files share a hash but are different files, each to be fixed
            result.files.append(found)
        else:
            groups.setdefault(sha, []).append(found)
    for sha, same in groups.items():
        kept = next((f for f in same if f.fits), same[0])
        result.files.append(kept)
        if len(same) > 1:
            result.duplicates[sha] = [f.path for f in same if f is not kept]
    result.files.sort(key=lambda f: str(f.path))
    result.misnamed = {p: s for p, s in result.misnamed.items()
                       if any(p in others for others in result.duplicates.values())}
    return result
