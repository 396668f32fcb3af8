"""Test-only work functions that misbehave the ways a hostile or broken file can make a reader
misbehave. Module-level so pool processes and Dask workers can import them by name."""

from __future__ import annotations

import os
import signal
import time


def echo(path: str, value=None):
    return ("ok", path, value)


def hang(path: str):
    while True:
        time.sleep(0.05)


def segfault(path: str):
    os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(5)


def hard_exit(path: str):
    os._exit(3)


def hog(path: str, mb: int = 4096):
    """Allocates and touches ``mb`` MB; under the worker's limit this raises MemoryError."""
    block = bytearray(mb * 1024 * 1024)
    return len(block)


def boom(path: str):
    raise KeyError("no such cell")


def empty(path: str):
    return None


def by_name(path: str, limits=None):
    """Misbehaves as the file's name says (hang-, segfault-, exit-, hog-, boom-); reads anything
    else as a syllabus, so one run mixes real results with every kind of fault."""
    from pathlib import Path

    from pipeline.work import extract_one

    stem = Path(path).name.split("-")[0]
    actions = {"hang": hang, "segfault": segfault, "exit": hard_exit, "hog": hog, "boom": boom}
    if stem in actions:
        return actions[stem](path)
    return extract_one(path, limits)


def gc_state(path: str):
    """Whether the worker process runs with the cyclic garbage collector on."""
    import gc

    return gc.isenabled()
