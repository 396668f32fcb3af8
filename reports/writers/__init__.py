"""Report writers, one module per format. Each module registers itself with
``reports.writers.registry.register`` when imported.

A writer module is named after its format: ``<format>_writer`` (``-`` in a format's name is ``_``
in the module's: ``plan-docx`` is ``plan_docx_writer``). A run then imports only the writers of the
formats it asks for (``load``), and the names of every format are known without importing any
(``format_names``): the XLSX writer alone brings XlsxWriter, the plan python-docx, the HTML Jinja.
A module of another name is still found: it is imported to learn what it registers."""

from __future__ import annotations

import importlib
import pkgutil

SUFFIX = "_writer"


def module_of(name: str) -> str:
    """The module of the writer of format ``name``."""
    return f"{__name__}.{name.replace('-', '_')}{SUFFIX}"


def _modules() -> list[str]:
    return [info.name for info in pkgutil.iter_modules(__path__)
            if info.name != "registry" and not info.name.startswith("_")]


def format_names() -> list[str]:
    """Every format a writer module provides, sorted; imports only modules not named by format."""
    from reports.writers.registry import registered

    names = set(registered())
    for module in _modules():
        if module.endswith(SUFFIX):
            names.add(module[: -len(SUFFIX)].replace("_", "-"))
        else:
            importlib.import_module(f"{__name__}.{module}")
            names.update(registered())
    return sorted(names)


def load(name: str) -> None:
    """Import the writer of format ``name`` (once); every writer when no module is named after it."""
    if f"{name.replace('-', '_')}{SUFFIX}" in _modules():
        importlib.import_module(module_of(name))
    else:
        load_all()


def load_all() -> None:
    for module in _modules():
        importlib.import_module(f"{__name__}.{module}")
