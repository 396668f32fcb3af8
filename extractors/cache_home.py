"""The user's cache folder for syllabus-audit: ``$XDG_CACHE_HOME/syllabus-audit`` (``~/.cache/…``).

One answer for every layer: the result cache of a register on a database server lives under it
(``pipeline.cache.default_folder``), and so does the vocabulary's built phrase list
(``extractors.vocabulary``). Here, in the lowest layer, so the readers need not import the
pipeline to know it.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "syllabus-audit"
