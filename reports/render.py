"""``render_reports``: write one run's reports into one folder through the writer registry."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reports.run_report import RunReport
from reports.writers.registry import renderers


def available_formats() -> list[str]:
    return sorted(renderers())


def render_reports(report: RunReport, out_dir: Path | str, formats: Iterable[str] | None = None) -> list[Path]:
    """Render ``report`` in each of ``formats`` (default: every registered one) into ``out_dir``.

    Returns the paths written, in the order of ``formats``. Unknown formats raise ``ValueError``
    before anything is written.
    """
    registry = renderers()
    chosen = list(formats) if formats is not None else sorted(registry)
    unknown = [f for f in chosen if f not in registry]
    if unknown:
        raise ValueError(f"unknown report format(s) {', '.join(unknown)}; available: {', '.join(sorted(registry))}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in chosen:
        result = registry[name]["render"](report, out)
        if isinstance(result, Path):
            written.append(result)
        else:
            written.extend(result)
    return written
