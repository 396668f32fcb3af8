"""Charts as inline SVG, drawn in Python: no chart library, no script, nothing fetched.

Every text that reaches the SVG is escaped here; the functions return ``Markup`` so the
autoescaping template inserts them as they are. No ``xmlns`` attribute: inline SVG in HTML does
not need one, and the report then holds no URL at all.
"""

from __future__ import annotations

from markupsafe import Markup
from markupsafe import escape as _html_escape

from reports.safe_text import shown


def escape(text: object) -> Markup:
    """HTML-escaped, and what HTML cannot show (control characters, undecodable bytes) as ``shown``."""
    return _html_escape(shown(text))


SEVERITY_COLOURS = {"major": "#b03a2e", "minor": "#d68910", "observation": "#2e86c1"}
VERDICT_COLOURS = {
    "accepted": "#239b56",
    "accepted_with_remarks": "#7dcea0",
    "incomplete": "#a569bd",
    "to_revise": "#e67e22",
    "rejected": "#b03a2e",
    "none": "#95a5a6",
}
CHANGE_COLOURS = {"new": "#2e86c1", "resolved": "#239b56", "recurred": "#b03a2e", "open": "#566573"}
DEFAULT_COLOUR = "#5d6d7e"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(title: str, items: list[tuple[str, int, str | None]], no_data: str, width: int = 480) -> Markup:
    """Horizontal bars: ``items`` are (label, value, colour or None)."""
    bar_h, gap, top, label_w, value_w = 20, 8, 8, 220, 40
    if not items or not any(v for _, v, _ in items):
        height = 40
        return Markup(
            f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}"><title>{escape(title)}</title>'
            f'<text x="8" y="24" class="muted">{escape(no_data)}</text></svg>'
        )
    height = top * 2 + len(items) * (bar_h + gap)
    peak = max(v for _, v, _ in items) or 1
    span = width - label_w - value_w - 8
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><title>{escape(title)}</title>'
    ]
    for i, (label, value, colour) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = max(round(span * value / peak), 2 if value else 0)
        parts.append(
            f'<g><title>{escape(label)}: {value}</title>'
            f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end">{escape(_short(label, 26))}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="2" fill="{colour or DEFAULT_COLOUR}"></rect>'
            f'<text x="{label_w + w + 6}" y="{y + bar_h - 5}">{value}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    title: str, x_labels: list[str], series: list[tuple[str, list[int], str]], no_data: str, width: int = 720
) -> Markup:
    """Lines over runs: ``series`` are (name, values, colour); a legend under the plot."""
    height, left, right, top, bottom = 260, 44, 48, 14, 70
    if not x_labels:
        return Markup(
            f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} 40" width="{width}" '
            f'height="40"><title>{escape(title)}</title><text x="8" y="24" class="muted">{escape(no_data)}</text></svg>'
        )
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([max(values) for _, values, _ in series if values] + [1])
    step = max(1, -(-peak // 4))  # four gridlines, whole numbers
    y_max = step * 4

    def x(i: int) -> float:
        return left + (plot_w / 2 if len(x_labels) == 1 else plot_w * i / (len(x_labels) - 1))

    def y(v: int) -> float:
        return top + plot_h - plot_h * v / y_max

    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><title>{escape(title)}</title>'
    ]
    for k in range(5):
        v = step * k
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"></line>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" class="axis">{v}</text>'
        )
    every = max(1, -(-len(x_labels) // 8))  # at most ~8 x labels
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == len(x_labels) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="axis">{escape(label)}</text>'
            )
    for name, values, colour in series:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"></polyline>')
        for i, v in enumerate(values):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(name)} · {escape(x_labels[i])}: {v}</title></circle>"
            )
    lx = left
    for name, _, colour in series:
        parts.append(
            f'<rect x="{lx}" y="{height - 22}" width="12" height="12" fill="{colour}"></rect>'
            f'<text x="{lx + 17}" y="{height - 12}">{escape(name)}</text>'
        )
        lx += 34 + 8 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))
