"""Output renderers register themselves here (datasette style), so adding a format never touches
the command that runs the audit: drop a module into ``reports/writers/`` that calls ``register``.

A renderer is a ``Renderer``: its name, file extension, a one-line description and
``render(report, out_dir) -> Path | list[Path]``; one that writes several files (one plan per
department) returns all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from reports.run_report import RunReport

RenderResult = Path | Iterable[Path]
RenderFn = Callable[["RunReport", Path], RenderResult]


class Renderer(TypedDict):
    name: str
    extension: str
    description: str
    render: RenderFn


_RENDERERS: dict[str, Renderer] = {}


def register(name: str, extension: str, render: RenderFn, description: str = "") -> RenderFn:
    """Register ``render`` under ``name`` (the ``--report-format`` value). Names are unique."""
    if name in _RENDERERS and _RENDERERS[name]["render"] is not render:
        raise ValueError(f"a renderer named {name!r} is already registered")
    _RENDERERS[name] = {"name": name, "extension": extension, "description": description, "render": render}
    return render


def renderers() -> dict[str, Renderer]:
    """All registered renderers, after importing every module of the writers package."""
    from reports import writers

    writers.load_all()
    return dict(_RENDERERS)


def renderer(name: str) -> Renderer | None:
    """The renderer of format ``name``, importing its writer module only (None: no such format)."""
    if name not in _RENDERERS:
        from reports import writers

        writers.load(name)
    return _RENDERERS.get(name)


def registered() -> list[str]:
    """The formats registered so far (the writer modules imported), without importing any."""
    return list(_RENDERERS)
