"""What a forked worker would otherwise load for itself, loaded once in the process that forks it.

gunicorn's ``preload_app``: before the local executor forks its worker processes, the coordinator
imports the readers the task list needs (the PDF reader only for PDFs, the DOCX reader only for
the formats read as DOCX), the interpreter, and builds the default vocabulary with what is cheap
to share: spaCy's lexemes for the vocabulary's own words (made by matching its terms) and the
patterns the interpreter derives from the vocabulary. Each worker then starts with all of it,
copy-on-write, instead of importing and building it again before its first file (measured: two
workers each paid about 1.3 s of CPU for it on a four-PDF ``extract``; see docs/benchmarks.md).

Only for forked workers: a spawned worker (or a Dask worker) starts from nothing and would gain
nothing. Nothing here changes what a file reads as: the modules are the ones the worker would
import, and the caches filled hold pure functions' results, keyed by their arguments. A failure
here is never the run's: it is left to the first file, which reports it naming itself.

The memory limit (``RLIMIT_DATA``, set in each worker) counts a forked worker's inherited private
pages, which is what the worker would have allocated itself to load the same things; loading a
reader the tasks do not need would count pages the worker never uses, hence the choice by format.
"""

from __future__ import annotations

import gc
import importlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)

# Which reader each suffix reaches (extractors.api.read_raw): .doc/.odt/.rtf are converted to DOCX.
_READERS = {
    ".pdf": "extractors.pdf_reader",
    ".docx": "extractors.docx_reader",
    ".doc": "extractors.docx_reader",
    ".odt": "extractors.docx_reader",
    ".rtf": "extractors.docx_reader",
}
_CONVERTED = {".doc", ".odt", ".rtf"}
INTERPRETER = "extractors.interpret"
# The interpreter's patterns built from the vocabulary, once per process (lru_cached by vocabulary).
_VOCABULARY_PATTERNS = (
    ("extractors.interpret.outcomes", "_patterns"),
    ("extractors.interpret.identity_period", "_period_words"),
)


def modules_for(paths: Iterable[str]) -> list[str]:
    """The modules the work on ``paths`` imports, by the files' suffixes (no file is opened: the
    reader sniffs the bytes, a renamed file costs its worker one import, as it would anyway)."""
    suffixes = {Path(p).suffix.lower() for p in paths}
    needed = sorted({_READERS[s] for s in suffixes if s in _READERS})
    if suffixes & _CONVERTED:
        needed.append("extractors.convert")
    if needed:
        needed.append(INTERPRETER)
    return needed


def preload(paths: Iterable[str], unread: Callable[[], Iterable[str]] | None = None) -> list[str]:
    """Import and build, in this process, what the work on ``paths`` will need; returns the modules
    imported (none when no path has a suffix a reader takes: nothing is loaded for nothing).

    ``unread()``, asked once the interpreter and the vocabulary are loaded, names the paths whose
    reader the workers still need: the read-ahead (``pipeline.read_ahead``) has read the others
    meanwhile, and their workers only interpret them. A `check` of one DOCX then does not import
    python-docx here (0.1 s) while the read-ahead, on the other core, already has."""
    paths = list(paths)
    modules = modules_for(paths)
    if not modules:
        return []
    # The collector held off meanwhile, as for a forking server (Python's gc.freeze docs): the
    # imports make hundreds of thousands of long-lived objects, and the collections their
    # allocations trigger walked them again and again for nothing (measured: 1.44-1.66 s instead
    # of 1.65-1.80 s of CPU, six runs each, before a worker could start). What the imports leave
    # as cyclic garbage (about 2,800 objects) is what the executor then freezes with the rest.
    collecting = gc.isenabled()
    gc.disable()
    readers_imported: list[str] = []
    try:
        importlib.import_module(INTERPRETER)
        warm_vocabulary()
        readers = [m for m in modules_for(paths if unread is None else unread()) if m != INTERPRETER]
        for name in readers:
            importlib.import_module(name)
            readers_imported.append(name)
    except Exception as exc:  # the first file that needs it reports it, naming itself
        log.debug("preloading the readers failed (%s: %s); the workers load them", type(exc).__name__, exc)
    finally:
        if collecting:
            gc.enable()
    return [*readers_imported, INTERPRETER]


def warm_vocabulary() -> None:
    """The default vocabulary's matcher, and what its first documents would make: the lexemes
    (spaCy makes one per distinct word, in Python, the first time it meets it) and stems of the
    vocabulary's own terms, which are the words syllabi's headings and labels are made of, and the
    patterns the interpreter derives from the vocabulary."""
    from extractors.vocabulary import default_vocabulary

    vocab = default_vocabulary()
    for terms in vocab.concepts.values():
        for term in terms:
            vocab.matches(term.replace("*", ""))
    for module, name in _VOCABULARY_PATTERNS:
        getattr(importlib.import_module(module), name)(vocab)
