"""One page over all runs, so the QA office opens one file: ``index.html`` in the folder that holds
the run folders (``audit-reports/index.html`` beside ``audit-reports/<run>/``).

Latest run first, each with its counts and links to the reports written for it in each language
(and to its department pages); the trend chart on top. The runs' counts are kept in
``index.json`` beside it and merged run by run, so re-rendering an old run never drops the later
ones. Self-contained like the run report: inline CSS allowed by its hash, no script, links only
to the files beside it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from urllib.parse import quote

from jinja2 import DictLoader, Environment, StrictUndefined, select_autoescape
from markupsafe import Markup

from reports.labels import Labels
from reports.run_report import RunReport, TrendPoint
from reports.safe_text import json_safe
from reports.writers._atomic import write_text
from reports.writers._html_assets import CSS
from reports.writers._svg import CHANGE_COLOURS, line_chart
from reports.writers.html_writer import finalize
from reports.writers.registry import register

FILENAME = "index.html"
STATE = "index.json"

TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>{{ L('index.title') }}</title>
<style>{{ css }}</style>
</head>
<body>
<header class="top" id="top">
  <h1>{{ L('index.title') }}</h1>
  <div class="meta">
    {% if institution %}<span>{{ institution }}</span>{% endif %}
    <span>{{ L('index.runs') }}: {{ runs | length }}</span>
  </div>
</header>
<main>
<section id="trend">
  <h2>{{ L('section.trend') }}</h2>
  <figure><figcaption>{{ L('chart.trend') }}</figcaption>{{ chart }}</figure>
</section>
<section id="runs">
  <h2>{{ L('index.runs') }}</h2>
  <table>
    <thead><tr><th>{{ C('date') }}</th><th>{{ C('run') }}</th><th>{{ C('new') }}</th><th>{{ C('resolved') }}</th>
      <th>{{ C('recurred') }}</th><th>{{ C('open') }}</th><th>{{ L('index.reports') }}</th></tr></thead>
    <tbody>
    {% for r in runs %}
      <tr{% if loop.first %} class="latest"{% endif %}>
        <td class="nowrap">{{ r.day }}</td><td class="nowrap">{{ r.run_id }}</td>
        <td class="num">{{ r.new }}</td><td class="num">{{ r.resolved }}</td><td class="num">{{ r.recurred }}</td><td class="num">{{ r.open }}</td>
        <td>{% for text, href in r.links %}<a href="{{ href }}">{{ text }}</a>{% if not loop.last %} · {% endif %}{% else %}—{% endfor %}</td>
      </tr>
    {% endfor %}
    </tbody>
  </table>
</section>
</main>
</body>
</html>
"""

_env = Environment(loader=DictLoader({"index.html": TEMPLATE}), finalize=finalize,
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = "; ".join(["default-src 'none'", f"style-src {_sha256(CSS)}", "img-src data:", "base-uri 'none'", "form-action 'none'"])


def merged_trend(root: Path, report: RunReport) -> list[TrendPoint]:
    """The runs known to ``index.json`` updated with this report's trend (which is authoritative
    for the runs it covers), oldest first."""
    known: dict[str, TrendPoint] = {}
    state = root / STATE
    if state.exists():
        try:
            for item in json.loads(state.read_text(encoding="utf-8")).get("runs", []):
                p = TrendPoint.model_validate(item)
                known[p.run_id] = p
        except (ValueError, TypeError):
            known = {}  # a damaged state file is rebuilt from this run's trend
    for p in report.trend:
        known[p.run_id] = p
    if report.run_id not in known:
        known[report.run_id] = TrendPoint(run_id=report.run_id, date=report.run_date)
    return sorted(known.values(), key=lambda p: (p.date, p.run_id))


def _links(root: Path, run_id: str, labels: Labels) -> list[tuple[str, str]]:
    """The HTML reports written for a run, one link per language, then its department pages."""
    folder = root / run_id
    if not folder.is_dir():
        return []
    out = []
    for lang in ("kk", "ru", "en"):
        if (folder / f"report.{lang}.html").exists():
            out.append((labels.value("language", lang), f"{quote(run_id)}/report.{lang}.html"))
    return out


def render_index(report: RunReport, root: Path) -> str:
    labels = report.labels
    trend = merged_trend(root, report)
    chart = line_chart(
        labels("chart.trend"),
        [p.date.strftime("%d.%m.%Y") for p in trend],
        [(labels.column(n), [getattr(p, n) for p in trend], CHANGE_COLOURS[n]) for n in ("new", "resolved", "recurred", "open")],
        labels("trend.empty"),
    )
    runs = [{**p.model_dump(), "day": p.date.strftime("%d.%m.%Y"), "links": _links(root, p.run_id, labels)}
            for p in reversed(trend)]
    return _env.get_template("index.html").render(
        lang=report.language, csp=CSP, css=Markup(CSS), L=labels, C=labels.column, runs=runs, chart=chart,
        institution=report.institution)


def render(report: RunReport, out_dir: Path) -> list[Path]:
    root = Path(out_dir).resolve().parent
    trend = merged_trend(root, report)
    write_text(root / STATE, json_safe(json.dumps({"runs": [p.model_dump(mode="json") for p in trend]},
                                                  ensure_ascii=False, indent=1)))
    path = root / FILENAME
    write_text(path, render_index(report, root))
    return [path]


register("index", ".html", render, "one page over all runs (latest first, with the trend), beside the run folders",
         reads_reports=True)
