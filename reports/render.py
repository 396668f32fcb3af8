"""``render_reports``: write one run's reports into one folder through the writer registry."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reports.run_report import RunReport, computed_once
from reports.writers import format_names
from reports.writers.registry import renderer


def available_formats() -> list[str]:
    """Every report format, without importing the writers (their libraries are paid by the
    formats a run writes, not by the command's options)."""
    return format_names()


def render_reports(report: RunReport, out_dir: Path | str, formats: Iterable[str] | None = None) -> list[Path]:
    """Render ``report`` in each of ``formats`` (default: every registered one) into ``out_dir``.

    Returns the paths written, in the order of ``formats``. Unknown formats raise ``ValueError``
    before anything is written.
    """
    chosen = list(formats) if formats is not None else available_formats()
    # the writers' imports (openpyxl, python-docx, jinja2) allocate as much as the writers do
    with _alive_left_out():
        # only the writers of the formats asked for are imported
        registry = {name: found for name in dict.fromkeys(chosen) if (found := renderer(name)) is not None}
        unknown = [f for f in chosen if f not in registry]
        if unknown:
            raise ValueError(f"unknown report format(s) {', '.join(unknown)}; available: {', '.join(available_formats())}")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        with computed_once():  # the rows every writer shares are made once
            for name in chosen:
                result = registry[name]["render"](report, out)
                if isinstance(result, Path):
                    written.append(result)
                else:
                    written.extend(result)
    return written


@contextmanager
def _alive_left_out() -> Iterator[None]:
    """Leave what is alive when rendering starts out of the cyclic collector's passes while the
    writers run (``gc.freeze``), then give it back (``gc.unfreeze``).

    Why: a night's reports are rendered with the whole run still in memory (every syllabus model,
    finding and record, hundreds of thousands of objects, none of them garbage), and collections
    the writers' imports (openpyxl, python-docx) and allocations trigger rescanned all of it. On a
    warm 300-file night (``gc.callbacks``): before the run's own pause ended by moving its objects
    unscanned into the oldest generation (``pipeline.audit.paused_gc``), one such pass inside the
    JSON writer was 0.66 s; since then, with every format, the collector's time is still 0.54 s
    without this freeze and 0.22 s with it. The collector keeps running for what the writers
    themselves make (openpyxl's cells and sheets hold reference cycles), so their garbage is still
    freed as they go; the objects frozen are only excluded from being rescanned, never from being freed when their last
    reference goes. Nothing is done when the collector is off (the caller's own pause) or something
    is frozen already (the executor freezes around forking its workers, and unfreezes that itself)."""
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
