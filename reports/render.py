"""``render_reports``: write one run's reports into one folder through the writer registry."""

from __future__ import annotations

from collections.abc import Iterable
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
