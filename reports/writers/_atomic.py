"""Reports appear whole or not at all.

A report folder on a full or failing disk used to keep a truncated DOCX or XLSX under the
report's own name, which Word and Excel then call damaged, and which replaced last night's good
file. Every writer writes to a temporary file beside the final one (same folder, so the rename
never crosses a file system) and renames it into place with ``os.replace`` only once it is
complete. On any failure the temporary file is removed and the error goes on to the caller, and
an earlier report of the same name is left as it was.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def temporary_name(path: Path) -> Path:
    # hidden, unique per write, and ending in the final suffix: pandas and openpyxl choose the
    # file format from it
    return path.with_name(f".{path.stem}.{secrets.token_hex(4)}.part{path.suffix}")


def _flush_to_disk(tmp: Path) -> None:
    # a full disk may only say so when the data reaches it (delayed allocation): ask now, while
    # the earlier report is still in place
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it becomes ``path``, on failure it is removed."""
    path = Path(path)
    tmp = temporary_name(path)
    try:
        yield tmp
        if not tmp.exists():  # a writer that wrote nothing must not pass for a written report
            raise FileNotFoundError(f"{tmp}: the report was not written")
        _flush_to_disk(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """``Path.write_text`` that never leaves a partial file."""
    path = Path(path)
    # newline="" : the text's own line ends are written as they are
    with atomic_path(path) as tmp, open(tmp, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
    return path
