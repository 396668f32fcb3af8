"""``pipeline.preload`` holds the garbage collector off while it imports, and gives it back as it
found it: on in ``extract`` (a run's collections are the run's business), off in ``audit``, whose
coordinator pauses it for the whole night (``pipeline.audit.paused_gc``). Also when loading fails."""

from __future__ import annotations

import gc
import importlib

import pytest

from pipeline import preload


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_state_is_given_back(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert preload.preload(["a.pdf"]) == ["extractors.pdf_reader", "extractors.interpret"]
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_collector_is_off_while_loading_and_back_after_a_failure(monkeypatch) -> None:
    seen = []

    def failing_import(name):
        seen.append(gc.isenabled())
        raise ImportError(f"no module named {name}")

    monkeypatch.setattr(importlib, "import_module", failing_import)
    was = gc.isenabled()
    gc.enable()
    try:
        preload.preload(["a.pdf"])  # the failure is left to the first file, which names itself
        assert seen == [False]
        assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()
