"""Output renderers register themselves here (datasette style), so adding a format never touches
the command that runs the audit: drop a module into ``reports/writers/`` that calls ``register``.

A renderer is a ``Renderer``: its name, file extension, a one-line description and
``render(report, out_dir) -> Path | list[Path]``; one that writes several files (one plan per
department) returns all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NotRequired, TypedDict

if TYPE_CHECKING:
    from reports.run_report import RunReport

RenderResult = Path | Iterable[Path]
RenderFn = Callable[["RunReport", Path], RenderResult]


class Renderer(TypedDict):
    name: str
    extension: str
    description: str
    render: RenderFn
    # the renderer reads the reports written before it in the run's folder (the index links the
    # HTML pages it finds): it runs only once the formats before it are written
    reads_reports: NotRequired[bool]
    # its time relative to the others' on one night (JSON 2, HTML 3...): ``render_reports`` starts
    # the longest first when it renders formats side by side, so they finish together
    weight: NotRequired[float]
    # the renderer keeps what it made in a folder from one night to the next, to make less the next
    # night (the HTML's rows and cards): ``render(report, out_dir, kept_in=folder)``, where the run
    # keeps its result cache (``render_reports``'s ``kept_in``; None: nothing is kept)
    keeps: NotRequired[bool]


_RENDERERS: dict[str, Renderer] = {}


def register(name: str, extension: str, render: RenderFn, description: str = "", *,
             reads_reports: bool = False, weight: float = 1.0, keeps: bool = False) -> RenderFn:
    """Register ``render`` under ``name`` (the ``--report-format`` value). Names are unique.
    ``reads_reports``, ``weight`` and ``keeps``: as ``Renderer`` says."""
    if name in _RENDERERS and _RENDERERS[name]["render"] is not render:
        raise ValueError(f"a renderer named {name!r} is already registered")
    _RENDERERS[name] = {"name": name, "extension": extension, "description": description, "render": render,
                        "reads_reports": reads_reports, "weight": weight, "keeps": keeps}
    return render


def run_renderer(r: Renderer, report: RunReport, out_dir: Path, kept_in: Path | None = None) -> RenderResult:
    """``r``'s render of ``report`` into ``out_dir``; one that ``keeps`` is given ``kept_in``."""
    if r.get("keeps"):
        return r["render"](report, out_dir, kept_in=kept_in)  # type: ignore[call-arg]
    return r["render"](report, out_dir)


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
