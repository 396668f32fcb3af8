"""Report writers, one module per format. Each module registers itself with
``reports.writers.registry.register`` when imported; ``load_all`` imports them all."""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        if info.name != "registry" and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
