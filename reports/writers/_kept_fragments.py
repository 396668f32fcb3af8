"""Rendered fragments of a report kept from one night to the next, in the run's result-cache folder.

A warm night renders the HTML report of a run much like the night before: most findings are still
open with the same state, most syllabi read the same. Rendering a finding's row and a syllabus's
card through the template was most of the HTML writer's time (on a warm 1,000-file night 0.7 s of
its 2 s of CPU), for fragments that were rendered, byte for byte, the night before.

A fragment is kept under a digest of everything it is made of (``html_writer.Shared``'s key: its
macro and its item, builtin types through ``repr``), in a file named by a digest of everything that
renders it (the template, the writer's code, the text filters, the labels, Jinja's and MarkupSafe's
versions: ``sources``): a change to any of them names another file, and nothing made by other code
is ever used. Each night's file holds the fragments that night showed, so it does not grow with the
nights; files of other code are removed when one is written.

JSON, like every kept file (``extractors.kept``): it cannot run code. It holds markup that goes into
the report as it is, so it is kept only where the run keeps its cached syllabi and findings (the
same trust, the same folder; ``--no-cache`` keeps nothing), and a file that is missing, unreadable
or not what was written is not read: the fragments are rendered again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extractors import kept


def _is_fragments(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(digest, str) and isinstance(parts, list) and all(isinstance(p, str) for p in parts)
        for digest, parts in value.items())


class KeptFragments:
    """One report's fragments of the night before (``get``) and of tonight (``put``), saved at the
    end (``save``) when they differ."""

    def __init__(self, file: Path | None, earlier: dict[str, list[str]] | None = None) -> None:
        self.file = file
        self._earlier = earlier or {}
        self._tonight: dict[str, list[str]] = {}

    @classmethod
    def open(cls, folder: Path, name: str, sources: Iterable[bytes]) -> KeptFragments:
        """The fragments kept in ``folder`` for the code ``sources`` are (none when there are none)."""
        file = kept.kept_file(name, sources, folder)
        earlier = kept.read(file, _is_fragments) if file is not None else None
        return cls(file, earlier)

    @staticmethod
    def digest(key: str) -> str:
        # surrogatepass: a key is a repr, whose text may hold an escaped file name's lone surrogate
        return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()

    def get(self, key: str) -> list[str] | None:
        """The fragment kept for ``key`` the night before, or None; one got is kept for tomorrow."""
        digest = self.digest(key)
        parts = self._earlier.get(digest)
        if parts is not None:
            self._tonight[digest] = parts
        return parts

    def put(self, key: str, parts: list[str]) -> None:
        self._tonight[self.digest(key)] = parts

    def save(self) -> bool:
        """Keep tonight's fragments for tomorrow, unless they are the night before's (nothing is
        written then); the files of other code beside it are removed. Whether a file was written."""
        if self.file is None or self._tonight.keys() == self._earlier.keys():
            return False
        kept.keep(self.file, self._tonight)
        stem = self.file.stem.rsplit("-", 1)[0]
        try:
            for other in self.file.parent.glob(f"{stem}-*.json"):
                if other != self.file:
                    other.unlink(missing_ok=True)
        except OSError:  # a folder that cannot be listed or written: only a speed-up lost
            pass
        return True
