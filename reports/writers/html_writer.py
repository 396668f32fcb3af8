"""One self-contained HTML report that opens offline: inline CSS, inline SVG charts drawn in
Python, a small inline script for filtering and sorting, and no URL of any kind.

Everything taken from a syllabus goes through Jinja2's autoescaping, after ``reports.safe_text.shown``
(control characters and undecodable bytes of file names as visible escapes); the CSS and the script are
the only raw inserts and are allowed by the Content-Security-Policy through their hashes, which
also forbids every network load (``default-src 'none'``).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from checks.finding import Severity
from reports.departments import slug
from reports.labels import Labels
from reports.records import Nonconformity
from reports.run_report import SEVERITY_ORDER, Change, RunReport, SyllabusSummary
from reports.safe_text import shown
from reports.writers._atomic import write_text
from reports.writers._html_assets import CSS, JS, TEMPLATE
from reports.writers._kept_fragments import KeptFragments
from reports.writers._svg import CHANGE_COLOURS, SEVERITY_COLOURS, VERDICT_COLOURS, bar_chart, line_chart
from reports.writers.registry import register

FILENAME = "report.{lang}.html"
DEPARTMENT_FILENAME = "department_{slug}.{lang}.html"  # the language in the name: a re-render in ru keeps the night's kk
NO_DEPARTMENT = "__none__"
_FRAGMENTS_FORMAT = b"html fragments 1"  # bump when what a kept fragment holds changes
CHANGE_ORDER = {c.value: i for i, c in enumerate([Change.recurred, Change.new, Change.still_open, Change.resolved])}

# (column key, sort type) of the main findings table
COLUMNS = [
    ("id", "text"),
    ("change", "text"),
    ("severity", "text"),
    ("department", "text"),
    ("course_title", "text"),
    ("rule", "text"),
    ("description", "text"),
    ("expected", "text"),
    ("actual", "text"),
    ("location", "number"),  # sorted by page number, blanks last; shown in words
    ("status", "text"),
]


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = "; ".join(
    [
        "default-src 'none'",
        f"style-src {_sha256(CSS)}",
        f"script-src {_sha256(JS)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)

def finalize(value: object) -> object:
    """Every value a template prints, as people can read it: markup built here (CSS, script,
    charts) as it is, text through ``shown`` before autoescaping."""
    if type(value) is str and value.isprintable():
        # Every character ``shown`` escapes is a control, format, separator, surrogate or
        # unassigned one, none of which ``isprintable`` passes (tests/reports/test_html_shared.py
        # checks each code point): most of a night's 96,000 values are settled without its search.
        return value
    return value if isinstance(value, Markup) else shown(value)


# Where a page's own anchor goes in a fragment several pages share: ``shown`` writes any NUL of
# a text as ``\x00``, so the only NUL in a rendered fragment is this one.
_PLACE = Markup("\x00")


class Shared:
    """The fragments of one night's pages, made once: a department's page shows the same records
    and syllabi as the run's, so a finding's row and a syllabus's card (macros of the template,
    ``macro(item, anchor)``) are rendered for the first page that shows them and reused by the
    others.

    A fragment is keyed by its macro and everything it is made of (``repr``: rows and cards hold
    builtin types only, and ``repr`` tells ``True`` from ``1`` and ``"1"``) except its syllabus's
    anchor, its place on its page, which is rendered as a placeholder and put in for each page.
    One ``Shared`` serves the pages of one language. With ``kept`` (``render_all``'s ``kept_in``),
    a fragment the night before rendered is taken from it, and tonight's are kept in it."""

    def __init__(self, language: str, kept: KeptFragments | None = None) -> None:
        self.language = language
        self.kept = kept
        self._made: dict[tuple[str, str], list[str]] = {}
        # each item's key by its id, with the item (so no id, nor an address a repr may show, is
        # given to another object while the pages are made): a row is keyed for the findings
        # table, then again as part of its syllabus's card
        self._keys: dict[int, tuple[dict[str, Any], str]] = {}
        # per syllabus (a department's view holds the run's own objects): its dump and its
        # coverage items, which every page builds its card from; the object is kept with them
        # so its id is not reused
        self.summaries: dict[int, tuple[SyllabusSummary, dict[str, Any], list[dict[str, str]]]] = {}
        # each record's row as the last page showed it, by the record's fingerprint: a page whose
        # row is equal shows that one object, whose key is known (comparing is cheaper than
        # ``repr``; equal rows of one record are made by the same code from the same values, so
        # their values are of the same types too, and have the same ``repr``)
        self.rows: dict[str, dict[str, Any]] = {}
        # the ``repr`` of each list or dict a card holds, by its id, with it: a card's largest parts
        # (its syllabus's coverage, its coverage items) are the same objects on every page
        self._reprs: dict[int, tuple[Any, str]] = {}

    def __call__(self, macro: Any, item: dict[str, Any], anchor: str) -> Markup:
        key = (macro.name, self._key(item))
        parts = self._made.get(key)
        if parts is None:
            kept_key = f"{macro.name}\x00{key[1]}"
            parts = self.kept.get(kept_key) if self.kept is not None else None
            if parts is None:
                # the parts are markup the macro made: joined as text (Markup.join would escape them)
                parts = str(macro(item, _PLACE)).split(_PLACE)
                if self.kept is not None:
                    self.kept.put(kept_key, parts)
            self._made[key] = parts
        return Markup(str(escape(finalize(anchor))).join(parts))

    def _key(self, item: dict[str, Any]) -> str:
        """``repr`` of ``item`` without its anchor, its ``rows`` by their own keys."""
        known = self._keys.get(id(item))
        if known is not None and known[0] is item:
            return known[1]
        if "rows" in item:  # a card: ``repr`` of the rest written out, to reuse its parts'
            key = "{" + ", ".join(f"{k!r}: {self._repr(v)}" for k, v in item.items() if k != "anchor" and k != "rows")
            key += "}rows[" + ",".join(self._key(r) if type(r) is dict else repr(r) for r in item["rows"]) + "]"
        else:
            key = repr({k: v for k, v in item.items() if k != "anchor"})
        self._keys[id(item)] = (item, key)
        return key

    def _repr(self, value: Any) -> str:
        """``repr(value)``; a list's or a dict's made once a night (the pages do not change them)."""
        if type(value) is not dict and type(value) is not list:
            return repr(value)
        known = self._reprs.get(id(value))
        if known is None or known[0] is not value:
            known = self._reprs[id(value)] = (value, repr(value))
        return known[1]


# every attribute a dict has: a name a template reads from a dict that is none of them is the dict's item
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        """``row.severity`` of a dict as Jinja reads it, without its first try, the attribute, which
        a dict has none of (its methods aside): that try raised and caught an AttributeError for
        each of a night's 53,000 reads of a row or a card."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


_env = _Environment(
    loader=DictLoader({"report.html": TEMPLATE}),
    finalize=finalize,
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _anchor(index: int) -> str:
    return f"syllabus-{index}"


def coverage_items(summary: SyllabusSummary, labels: Labels) -> list[dict[str, str]]:
    """A syllabus's read coverage for its card: each part with its status, and for a part not read
    where it was seen (counted from 1) and the checks that did not run."""
    items = []
    for part, c in summary.coverage.items():
        key = f"part.{part}"
        items.append({
            "part": labels(key) if key in labels else part,
            "status": c.status.value,
            "status_label": labels.value("read_status", c.status),
            "where": labels.seen_at(c.seen_at),
            "quote": c.quote,
            "rules": ", ".join(c.rules_not_run),
        })
    return items


def day(d: date | None) -> str:
    """Dates as the QA office writes them: 01.04.2025."""
    return d.strftime("%d.%m.%Y") if d else ""


def register_state(report: RunReport, record: Nonconformity) -> dict[str, Any]:
    """What the register says of a record: status, corrective actions with their responsible and
    due dates, the clause 38/39 deadlines, which are overdue, and a recurrence with the action
    that did not work."""
    overdue = set(report.overdue(record))
    actions = [{"action": a.action, "responsible": a.responsible + (", " + ", ".join(a.co_executors) if a.co_executors else ""),
                "due": day(a.due), "overdue": bool(a.due and a.due < report.run_date and not a.result_mark and record.status.is_open),
                "result": a.result_mark or ""} for a in record.corrective_actions]
    recurred = record.recurrences > 0 or record.status.value == "reopened"
    return {
        "status": record.status.value,
        "actions": actions,
        "review_deadline": day(record.review_deadline),
        "cause_analysis_deadline": day(record.cause_analysis_deadline),
        "review_overdue": "review" in overdue,
        "cause_overdue": "cause_analysis" in overdue,
        "overdue": bool(overdue),
        "recurrences": max(record.recurrences, 1) if recurred else 0,
        "earlier_action": actions[-1]["action"] if recurred and actions else "",
        "root_cause": record.root_cause or "",
    }


def context(report: RunReport, shared: Shared | None = None) -> dict[str, Any]:
    """What the template shows of ``report``; ``shared``: the fragments already made for another
    page of the same night (``render_all``), none by default."""
    labels = report.labels
    if shared is None or shared.language != report.language:
        shared = Shared(report.language)
    records = report.as_records()

    # one section per syllabus read in this run, then any syllabus a record names that was not read
    sections: list[dict[str, Any]] = []
    by_file: dict[str, dict[str, Any]] = {}
    for s in report.syllabi:
        known = shared.summaries.get(id(s))
        if known is None or known[0] is not s:
            known = shared.summaries[id(s)] = (s, s.model_dump(mode="json"), coverage_items(s, labels))
        sec = {**known[1], "in_run": True, "rows": [], "coverage_items": known[2]}
        sec["error"] = labels.error_text(s.error) or None
        sec["not_read_items"] = [c for c in sec["coverage_items"] if c["status"] == "not_read"]
        by_file.setdefault(s.file, sec)
        sections.append(sec)
    for e in report.sorted_entries():
        ref = e.record.syllabus
        if ref.file not in by_file:
            sec = {**ref.model_dump(mode="json"), "language": None, "verdict": None, "error": None,
                   "in_run": False, "rows": [], "coverage_items": [], "not_read_items": []}
            by_file[ref.file] = sec
            sections.append(sec)
    for i, sec in enumerate(sections, start=1):
        sec["anchor"] = _anchor(i)

    state = {e.record.id or e.record.fingerprint: register_state(report, e.record) for e in report.entries}
    follow_counts: dict[str, int] = {}
    for rec in records:
        if rec["root_cause_id"]:
            follow_counts[rec["root_cause_id"]] = follow_counts.get(rec["root_cause_id"], 0) + 1
    rows = []
    for rec in records:
        row = {
            **rec,
            "follows_from": labels("summary.follows_from").format(id=rec["root_cause_id"]) if rec["root_cause_id"] else "",
            "follow_count": follow_counts.get(rec["id"], 0) if rec["id"] else 0,
            "state": state[rec["id"] or rec["fingerprint"]],
            "department_key": rec["department"] or NO_DEPARTMENT,
            "severity_rank": SEVERITY_ORDER.get(rec["severity"], 99),
            "change_rank": CHANGE_ORDER.get(rec["change"], 99),
        }
        shown_before = shared.rows.get(rec["fingerprint"])
        if shown_before is not None and shown_before == row:
            row = shown_before  # the run's page's row on its department's: keyed once
        else:
            shared.rows[rec["fingerprint"]] = row
        rows.append(row)
        by_file[rec["file"]]["rows"].append(row)

    departments = sorted({r["department"] for r in rows if r["department"]})
    dept_options = [(d, d) for d in departments]
    if any(not r["department"] for r in rows):
        dept_options.append((NO_DEPARTMENT, labels("department.none")))
    selects = [
        ("severity", labels.column("severity"), [(s.value, labels.value("severity", s)) for s in Severity]),
        ("department", labels.column("department"), dept_options),
        ("change", labels.column("change"), [(c.value, labels.value("change", c)) for c in Change]),
    ]

    no_data = labels("chart.no_data")
    verdicts = report.verdict_counts()
    tables = report.summary_tables(localised=False)
    by_rule = {c: tables["by_rule"].column(c) for c in ("rule", "rule_name", "findings")}
    by_sev = {c: tables["by_severity"].column(c) for c in ("severity", "findings")}
    by_dep = {c: tables["by_department"].column(c) for c in ("department", "findings")}
    charts = [
        (labels("chart.verdicts"), bar_chart(
            labels("chart.verdicts"),
            [(labels.value("verdict", None if v == "none" else v), n, VERDICT_COLOURS[v])
             for v, n in verdicts.items() if n or v != "none"],
            no_data)),
        (labels("chart.by_severity"), bar_chart(
            labels("chart.by_severity"),
            [(labels.value("severity", s), int(n), SEVERITY_COLOURS[s]) for s, n in zip(by_sev["severity"], by_sev["findings"])],
            no_data)),
        (labels("chart.by_rule"), bar_chart(
            labels("chart.by_rule"),
            [(f"{r} {n}", int(c), None) for r, n, c in zip(by_rule["rule"], by_rule["rule_name"], by_rule["findings"])],
            no_data)),
        (labels("chart.by_department"), bar_chart(
            labels("chart.by_department"),
            [(d or labels("department.none"), int(c), None) for d, c in zip(by_dep["department"], by_dep["findings"])],
            no_data)),
    ]
    trend = report.trend
    trend_chart = line_chart(
        labels("chart.trend"),
        [p.date.isoformat() for p in trend],
        [
            (labels.column(name), [getattr(p, name) for p in trend], CHANGE_COLOURS[name])
            for name in ("new", "resolved", "recurred", "open")
        ],
        labels("trend.empty"),
    )
    department_links = []
    if report.department is None:
        for d in report.department_names():
            department_links.append((d or labels("department.none"), department_filename(d, report)))
    return {
        "report": report,
        "shared": shared,
        "department_links": department_links,
        "department_title": (report.department or labels("department.none")) if report.department is not None else None,
        "main_file": FILENAME.format(lang=report.language),
        "lang": report.language,
        "csp": CSP,
        "css": Markup(CSS),
        "js": Markup(JS),
        "L": labels,
        "C": labels.column,
        "V": labels.value,
        "rows": rows,
        "anchors": {file: sec["anchor"] for file, sec in by_file.items()},
        "columns": COLUMNS,
        "selects": selects,
        "syllabi": sections,
        "charts": charts,
        "trend_chart": trend_chart,
        "changes": report.change_counts(),
        "current_count": sum(1 for e in report.entries if e.change.is_current),
        "root_count": len(report.root_causes()),
        "overdue_count": sum(1 for v in state.values() if v["overdue"]),
        "day": day,
        "unread": sum(1 for s in report.syllabi if s.verdict is None),
        "incomplete": report.incomplete_count(),
    }


def render_html(report: RunReport, shared: Shared | None = None) -> str:
    return _env.get_template("report.html").render(**context(report, shared))


def department_filename(department: str | None, report: RunReport) -> str:
    """``department_<name>.<lang>.html``, beside the run's report."""
    return DEPARTMENT_FILENAME.format(slug=slug(department or report.labels("department.none")), lang=report.language)


def render(report: RunReport, out_dir: Path) -> Path:
    """The run's report; with it, one page per department (``render_all``)."""
    return render_all(report, out_dir)[0]


def render_all(report: RunReport, out_dir: Path, kept_in: Path | None = None) -> list[Path]:
    """The run's page and one page per department. ``kept_in``: the folder where the rows and cards
    rendered the night before are kept (``_kept_fragments``), and tonight's are kept for the next."""
    path = Path(out_dir) / FILENAME.format(lang=report.language)
    kept = (KeptFragments.open(Path(kept_in), f"html-fragments-{report.language}", fragment_sources())
            if kept_in is not None else None)
    shared = Shared(report.language, kept)  # the department pages reuse the run page's rows and cards
    write_text(path, render_html(report, shared))
    written = [path]
    if report.department is None:
        for department in report.department_names():
            view = report.for_department(department)
            page = Path(out_dir) / department_filename(department, report)
            write_text(page, render_html(view, shared))
            written.append(page)
    if kept is not None:
        kept.save()
    return written


def fragment_sources() -> list[bytes]:
    """Everything a row or a card is rendered by besides its item: the template (with its macros),
    this module (the environment, ``finalize``), the text filters, the labels the macros print
    (their code and catalogue), and the versions of Jinja and MarkupSafe. Anything else a macro
    comes to read must be added here, or a change to it would not be seen by the kept fragments."""
    from importlib.metadata import version

    from reports import labels, safe_text

    files = [Path(__file__), Path(safe_text.__file__), Path(labels.__file__)]
    return [_FRAGMENTS_FORMAT, version("Jinja2").encode(), version("MarkupSafe").encode(), TEMPLATE.encode(),
            *(f.read_bytes() for f in files), labels.catalogue_source()]


register("html", ".html", render_all, "self-contained offline HTML report with charts, filters and trends, "
         "and one page per department for its head", weight=4.0, keeps=True)
