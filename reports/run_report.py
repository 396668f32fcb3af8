"""``RunReport``: the one input every report writer takes.

One audit run gives one ``RunReport``: the run's identity and report language, every nonconformity
record the run touched together with what happened to it in this run (new, still open, resolved,
recurred), one summary per syllabus read (including those with no finding and those that could
not be read), and the trend series over past runs from the register.

Writers read it through two seams only:

* ``as_records()`` — flattened rows of builtin types (codes, not labels): JSON and tests;
* ``record_table()`` / ``summary_tables()`` / ``coverage_table()`` — the cells, with localised
  headers and values (plain ``Table``s: text, numbers, dates): CSV, XLSX and HTML share them, so the
  three always show the same rows. ``to_frame()`` / ``summary_frames()`` / ``coverage_frame()`` are
  the same cells as pandas frames, for whoever computes with them; no writer needs pandas, whose
  import alone is 0.6 s of a nightly run that otherwise reads everything from its cache.

How it is filled (``reports.assemble.build_run_report``, for the audit and for ``syllabus-audit
report`` alike): ``entries`` from the register's records and what this run did to each
(``Change`` per record), ``syllabi`` from what the run recorded of each syllabus it read
(``Register.syllabi_of_run``), ``trend`` from the register's per-run counts (oldest first, this
run last).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from checks.coverage import PARTS, PartCoverage
from checks.finding import Severity, Verdict
from extractors.errors import NotASyllabus, TablesNotFound
from extractors.model import ReadStatus
from reports.departments import alias_index, canonical
from reports.labels import Labels
from reports.location import location_words, one_based, section_heading
from reports.records import Nonconformity
from reports.status import overdue_deadlines

if TYPE_CHECKING:
    import pandas as pd

# While reports are rendered (``computed_once``): per report object, the views several writers ask
# for (the sorted entries, the flattened records), made once. Keyed by the object itself, not kept
# on it: ``model_copy`` (a department's view) copies a model's private state, and a view's records
# differ from the whole run's (its root causes and syllabi are its own).
_ONCE: ContextVar[dict[int, tuple[Any, dict[str, Any]]] | None] = ContextVar("run_report_once", default=None)


@contextmanager
def computed_once() -> Iterator[None]:
    """Within this block each report's sorted entries and flattened records are computed once and
    shared by every writer (the JSON, CSV, HTML and XLSX of one night build the same rows). The
    reports must not be changed inside the block."""
    token = _ONCE.set({})
    try:
        yield
    finally:
        _ONCE.reset(token)


def _once(report: Any, name: str, make: Callable[[], Any]) -> Any:
    memo = _ONCE.get()
    if memo is None:
        return make()
    slot = memo.get(id(report))
    if slot is None or slot[0] is not report:  # the object is held in the slot, so its id is not reused
        slot = memo[id(report)] = (report, {})
    if name not in slot[1]:
        slot[1][name] = make()
    return slot[1][name]


class Change(str, Enum):
    """What this run did to a record (the register decides; the report only shows it)."""

    new = "new"  # first found in this run
    still_open = "still_open"  # found before, found again, not closed in between
    resolved = "resolved"  # open before, not found by this run
    recurred = "recurred"  # closed/resolved before, found again: the corrective action did not work

    @property
    def is_current(self) -> bool:
        """The defect is present in the audited syllabus in this run."""
        return self is not Change.resolved


class ReportEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    record: Nonconformity
    change: Change


class SyllabusSummary(BaseModel):
    """One syllabus read by this run, whether or not it has findings."""

    model_config = ConfigDict(extra="forbid")
    file: str
    course_code: str | None = None
    course_title: str | None = None
    programme: str | None = None
    department: str | None = None
    language: str | None = Field(None, description="the syllabus's own language (kk/ru/en), not the report's")
    verdict: Verdict | None = Field(None, description="None when the document could not be read")
    findings: int = 0
    major: int = 0
    minor: int = 0
    observation: int = 0
    error: str | None = Field(None, description="why the document could not be read, if it could not")
    coverage: dict[str, PartCoverage] = Field(
        default_factory=dict,
        description="the reader's status per part (read, not_read, empty, absent), with where a part not read "
        "was seen (counted from 1) and the rules that did not run; empty when the reader gave none",
    )
    copies: list[str] = Field(default_factory=list, description="the files of this one syllabus the run saw "
                              "(its DOCX, PDF, .doc...), primary first; empty when it was one file")

    @property
    def status(self) -> str:
        """What the run made of it: its verdict's code, or why it has none: ``not_a_syllabus`` (read,
        and not a syllabus), ``tables_not_found``, ``unreadable`` (the file could not be read), or
        ``none`` (not audited). A document that is not a syllabus asks nothing of the department;
        an unreadable file asks for a readable copy: the QA office must tell them apart."""
        if self.verdict is not None:
            return self.verdict.value
        if not self.error:
            return "none"
        for error, code in ((NotASyllabus, "not_a_syllabus"), (TablesNotFound, "tables_not_found")):
            if f": {error.title}" in self.error:
                return code
        return "unreadable"

    @property
    def not_verified(self) -> list[str]:
        """The parts seen but not read: not verified by the tool, to be checked by hand."""
        return [p for p, c in self.coverage.items() if c.status is ReadStatus.not_read]


class TrendPoint(BaseModel):
    """One past (or this) run's counts, as the register reports them."""

    model_config = ConfigDict(extra="forbid")
    run_id: str
    date: date
    new: int = 0
    resolved: int = 0
    recurred: int = 0
    open: int = Field(0, description="records open after the run")


# Canonical columns of the flattened record, in report order. Headers come from column.<name>.
RECORD_COLUMNS: tuple[str, ...] = (
    "id",
    "root_cause_id",
    "change",
    "status",
    "severity",
    "kind",
    "department",
    "course_code",
    "course_title",
    "programme",
    "file",
    "rule",
    "rule_name",
    "description",
    "requirement",
    "expected",
    "actual",
    "location",
    "page",
    "paragraph",
    "table",
    "row",
    "quote",
    "detected_on",
    "review_deadline",
    "cause_analysis_deadline",
    "recurrences",
    "corrective_actions",
    "responsible",
    "due",
    "result_mark",
    "fingerprint",
)
NUMERIC_COLUMNS: frozenset[str] = frozenset({"page", "paragraph", "table", "row", "recurrences"})
DATE_COLUMNS: frozenset[str] = frozenset({"detected_on", "review_deadline", "cause_analysis_deadline"})
# Enumerated columns: their values are codes in as_records() and labels in to_frame().
ENUM_COLUMNS: dict[str, str] = {"change": "change", "status": "status", "severity": "severity", "kind": "kind"}

SEVERITY_ORDER = {s.value: i for i, s in enumerate(Severity)}


class Table(NamedTuple):
    """A sheet's cells: its headers and its rows (text, ``int`` or ``None`` in the numeric columns,
    ``datetime.date`` or ``None`` in the date columns), as the writers put them in their files."""

    columns: list[str]
    rows: list[list[Any]]

    def column(self, name: str) -> list[Any]:
        """The values of the column headed ``name``."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]


def plan_row(record: Nonconformity) -> dict[str, str]:
    """Appendix 1 columns 3-6 from the record's corrective actions (blank when none assigned)."""
    actions = record.corrective_actions
    responsible = []
    for a in actions:
        person = a.responsible
        if a.co_executors:
            person += " (" + ", ".join(a.co_executors) + ")"
        responsible.append(person)
    return {
        "corrective_actions": "\n".join(a.action for a in actions),
        "responsible": "\n".join(responsible),
        "due": "\n".join(a.due.isoformat() for a in actions if a.due),
        "result_mark": "\n".join(a.result_mark for a in actions if a.result_mark),
    }


class RunReport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    run_id: str
    run_date: date
    language: Literal["kk", "ru", "en"] = "en"
    institution: str | None = None
    entries: list[ReportEntry] = Field(default_factory=list)
    syllabi: list[SyllabusSummary] = Field(default_factory=list)
    trend: list[TrendPoint] = Field(default_factory=list)
    departments: dict[str, list[str]] = Field(
        default_factory=dict, description="settings [departments]: canonical name -> its variants; the report "
        "shows every variant under its canonical name")
    department: str | None = Field(None, description="the department this report is the view of (None: all)")
    # the report a department's view was made from (``for_department``): its flattened rows, once
    # made (``computed_once``), are the view's own wherever they cannot differ (``_records``)
    _view_of: RunReport | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _one_name_per_department(self) -> RunReport:
        if not self.departments:
            return self
        index = alias_index(self.departments)
        for e in self.entries:
            ref = e.record.syllabus
            name = canonical(ref.department, self.departments, index)
            if name != ref.department:
                ref.department = name
        for s in self.syllabi:
            s.department = canonical(s.department, self.departments, index)
        return self

    def department_names(self) -> list[str | None]:
        """The departments of this run (canonical names), None last for records without one."""
        names = {e.record.syllabus.department for e in self.entries} | {s.department for s in self.syllabi}
        return sorted(names, key=lambda d: (d is None, d or ""))

    def for_department(self, department: str | None) -> RunReport:
        """The view of one department, for the head who must act: its records and syllabi only."""
        view = self.model_copy(update={
            "entries": [e for e in self.entries if e.record.syllabus.department == department],
            "syllabi": [s for s in self.syllabi if s.department == department],
            "department": department if department is not None else "",
        })
        view._view_of = self
        return view
    collisions: list[dict[str, Any]] = Field(default_factory=list, description="different syllabi that claimed one course "
                                   "identity, kept apart: {identity, syllabi: [[files]], keys}")

    # ----- views -------------------------------------------------------------------------------
    @property
    def labels(self) -> Labels:
        return Labels(self.language)

    def root_of(self, entry: ReportEntry, index: dict[str, ReportEntry] | None = None) -> ReportEntry | None:
        """The entry this one follows from (its root cause) when that is in the report, else None.

        One defect can break several rules (a dropped practical work: XRF001 and four XRF002);
        the follow-ons are shown under their root cause and counted once, as it."""
        by_fp = self._by_fingerprint() if index is None else index
        seen = {entry.record.fingerprint}
        root = None
        current = entry
        while (fp := current.record.root_cause_fingerprint) and fp not in seen and fp in by_fp:
            seen.add(fp)
            current = root = by_fp[fp]  # a chain leads to its first cause
        return root

    def _by_fingerprint(self) -> dict[str, ReportEntry]:
        return {e.record.fingerprint: e for e in self.entries}

    def follow_ons(self, entry: ReportEntry) -> list[ReportEntry]:
        """The entries that follow from ``entry`` (empty for a follow-on itself)."""
        index = self._by_fingerprint()
        return [e for e in self.entries if self.root_of(e, index) is entry]

    def sorted_entries(self) -> list[ReportEntry]:
        """Current defects first, then by severity, department, course, rule; each root cause is
        followed by the findings that follow from it."""
        return list(_once(self, "sorted_entries", self._sorted_entries))

    def _sorted_entries(self) -> list[ReportEntry]:
        def key(e: ReportEntry) -> tuple[bool, int, str, str, str, str, str]:
            return (
                not e.change.is_current,
                SEVERITY_ORDER.get(e.record.severity.value, 99),
                e.record.syllabus.department or "",
                e.record.syllabus.course_code or "",
                e.record.syllabus.file,
                e.record.rule,
                e.record.id or "",
            )

        index = self._by_fingerprint()
        roots = {id(e): self.root_of(e, index) for e in self.entries}
        children: dict[int, list[ReportEntry]] = {}
        for e in self.entries:
            if roots[id(e)] is not None:
                children.setdefault(id(roots[id(e)]), []).append(e)
        out: list[ReportEntry] = []
        for e in sorted((e for e in self.entries if roots[id(e)] is None), key=key):
            out.append(e)
            out.extend(sorted(children.get(id(e), []), key=key))
        return out

    def root_causes(self, entries: Iterable[ReportEntry] | None = None) -> list[ReportEntry]:
        """Of ``entries`` (default: the current ones), those that are not follow-ons of another."""
        chosen = list(self.current_entries() if entries is None else entries)
        index = self._by_fingerprint()
        return [e for e in chosen if self.root_of(e, index) is None]

    def current_entries(self) -> list[ReportEntry]:
        return [e for e in self.sorted_entries() if e.change.is_current]

    def overdue(self, record: Nonconformity) -> list[str]:
        """Which of the record's deadlines have passed on the run date with the work not done:
        ``review`` (clause 38: nobody acted), ``cause_analysis`` (clause 39: no cause recorded),
        ``due`` (a corrective action's date with no mark on the result)."""
        return overdue_deadlines(record.status, record.corrective_actions, record.root_cause,
                                 record.review_deadline, record.cause_analysis_deadline, self.run_date)

    def open_records_by_department(self) -> dict[str | None, list[Nonconformity]]:
        """Records whose status is open (open, action planned, reopened), per department."""
        out: dict[str | None, list[Nonconformity]] = {}
        for e in self.sorted_entries():
            if e.record.status.is_open:
                out.setdefault(e.record.syllabus.department, []).append(e.record)
        return dict(sorted(out.items(), key=lambda kv: (kv[0] is None, kv[0] or "")))

    def change_counts(self) -> dict[str, int]:
        counts = Counter(e.change.value for e in self.entries)
        return {c.value: counts.get(c.value, 0) for c in Change}

    def incomplete_count(self) -> int:
        """Syllabi with parts not read (whatever their verdict): the tool's verdict on them is not complete."""
        return sum(1 for s in self.syllabi if s.not_verified)

    def coverage_parts(self) -> list[str]:
        """The parts any syllabus of the run has a read status for, in report order."""
        seen = {p for s in self.syllabi for p in s.coverage}
        return [p for p in PARTS if p in seen] + sorted(seen - set(PARTS))

    def coverage_frame(self, localised: bool = True) -> pd.DataFrame:
        """``coverage_table`` as a pandas frame."""
        import pandas as pd

        table = self.coverage_table(localised)
        return pd.DataFrame(table.rows, columns=table.columns)

    def coverage_table(self, localised: bool = True) -> Table:
        """Syllabus × part → read status (the XLSX 'Coverage' sheet). A part not read shows where it
        was seen; the last columns list the parts not verified and the rules that did not run."""
        labels = self.labels
        parts = self.coverage_parts()
        rows = []
        for s in self.syllabi:
            row = {"file": s.file, "course_code": s.course_code or "", "course_title": s.course_title or ""}
            for p in parts:
                c = s.coverage.get(p)
                if c is None:
                    row[p] = ""
                elif not localised:
                    row[p] = c.status.value
                else:
                    text = labels.value("read_status", c.status)
                    where = labels.seen_at(c.seen_at)
                    row[p] = f"{text} ({where})" if c.status is ReadStatus.not_read and where else text
            missed = s.not_verified
            row["not_verified"] = ", ".join(labels(f"part.{p}") if localised and f"part.{p}" in labels else p for p in missed)
            row["rules_not_run"] = ", ".join(sorted({r for p in missed for r in s.coverage[p].rules_not_run}))
            rows.append(row)
        columns = ["file", "course_code", "course_title", *parts, "not_verified", "rules_not_run"]
        headers = ([labels(f"part.{c}") if c in parts and f"part.{c}" in labels else labels.column(c) for c in columns]
                   if localised else columns)
        return Table(headers, [[row[c] for c in columns] for row in rows])

    def verdict_counts(self) -> dict[str, int]:
        """Per verdict code, plus ``"none"`` for documents that could not be read."""
        counts = Counter(s.verdict.value if s.verdict else "none" for s in self.syllabi)
        out = {v.value: counts.get(v.value, 0) for v in Verdict}
        out["none"] = counts.get("none", 0)
        return out

    # ----- the record seam ---------------------------------------------------------------------
    def record_row(self, entry: ReportEntry, index: dict[str, ReportEntry] | None = None,
                   by_file: dict[str, SyllabusSummary] | None = None) -> dict[str, Any]:
        """One flattened record, builtin types only, enum values as codes."""
        r = entry.record
        ev = r.evidence or {}
        labels = self.labels
        row = {
            "id": r.id or "",
            "root_cause_id": (root.record.id or "") if (root := self.root_of(entry, index)) is not None else "",
            "change": entry.change.value,
            "status": r.status.value,
            "severity": r.severity.value,
            "kind": r.kind.value,
            "department": r.syllabus.department or "",
            "course_code": r.syllabus.course_code or "",
            "course_title": r.syllabus.course_title or "",
            "programme": r.syllabus.programme or "",
            "file": r.syllabus.file,
            "rule": r.rule,
            # the rule's title, requirement and values in the report language (codes and numbers stay)
            "rule_name": labels.rule_title(r.rule, r.rule_name),
            "description": r.description.get(self.language),
            "requirement": labels.requirement(r.requirement),
            "expected": labels.value_text(r.expected if r.expected is not None else (ev.get("expected") or "")),
            "actual": labels.value_text(r.actual if r.actual is not None else (ev.get("actual") or "")),
            # in words of the report language; numbers counted from 1 (the evidence counts
            # paragraphs, tables and rows from 0, as the reader's Source does)
            "location": self._location(ev, r.syllabus.file, labels, by_file),
            "page": one_based(ev, "page"),
            "paragraph": one_based(ev, "paragraph"),
            "table": one_based(ev, "table"),
            "row": one_based(ev, "row"),
            "quote": ev.get("quote") or "",
            "detected_on": r.detected_on.isoformat(),
            "review_deadline": r.review_deadline.isoformat(),
            "cause_analysis_deadline": r.cause_analysis_deadline.isoformat(),
            "recurrences": r.recurrences,
            **plan_row(r),
            "fingerprint": r.fingerprint,
        }
        return {c: row[c] for c in RECORD_COLUMNS}

    def _location(self, ev: dict[str, Any], file: str, labels: Labels,
                  by_file: dict[str, SyllabusSummary] | None = None) -> str:
        """Where, in words; with no page number (a DOCX), the heading of the section it falls under."""
        words = location_words(ev, labels)
        if ev.get("page") is None:
            summary = (by_file.get(file) if by_file is not None
                       else next((s for s in self.syllabi if s.file == file), None))
            heading = section_heading(ev.get("location"), summary.coverage if summary else None)
            if heading:
                words += f" ({labels('where.section').format(n=heading)})"
        return words

    def as_records(self) -> list[dict[str, Any]]:
        # copies: a writer may add to its rows without changing another writer's
        return [dict(row) for row in _once(self, "records", self._records)]

    def _records(self) -> list[dict[str, Any]]:
        index = self._by_fingerprint()
        by_file = self._summary_by_file()
        made, whole_by_file = self._rows_of_whole()
        rows = []
        for e in self.sorted_entries():
            known = made.get(id(e))
            if known is not None and known[0] is e:
                # the whole run's row of this entry, unless one of the two things a view can make
                # differ does: its root cause (a view holds only its own entries) and the summary
                # its location's section heading is read from
                root = self.root_of(e, index)
                row = known[1]
                file = e.record.syllabus.file
                if (row["root_cause_id"] == ((root.record.id or "") if root is not None else "")
                        and by_file.get(file) is whole_by_file.get(file)):
                    rows.append(row)
                    continue
            rows.append(self.record_row(e, index, by_file))
        return rows

    def _summary_by_file(self) -> dict[str, SyllabusSummary]:
        by_file: dict[str, SyllabusSummary] = {}
        for s in self.syllabi:
            by_file.setdefault(s.file, s)
        return by_file

    def _rows_of_whole(self) -> tuple[dict[int, tuple[ReportEntry, dict[str, Any]]], dict[str, SyllabusSummary]]:
        """For a department's view, the rows the whole run's report has made already in this
        ``computed_once`` block, by entry (with the entry, so its id is not another's), and its
        summaries by file; nothing otherwise (nothing is made for the view's sake: one department's
        report needs only its own rows)."""
        whole = self._view_of
        memo = _ONCE.get()
        if whole is None or memo is None:
            return {}, {}
        slot = memo.get(id(whole))
        if slot is None or slot[0] is not whole or "records" not in slot[1]:
            return {}, {}
        made = {id(e): (e, row) for e, row in zip(whole.sorted_entries(), slot[1]["records"], strict=True)}
        return made, whole._summary_by_file()

    def record_table(self, localised: bool = True) -> Table:
        """Flattened records; with ``localised`` the headers and enum values are in the report language.

        Numeric columns hold ``int`` or ``None`` and dates ``datetime.date`` or ``None``, so that
        spreadsheet writers keep them as numbers and dates: the cells of ``to_frame``, without pandas."""
        labels = self.labels
        rows = []
        for record in self.as_records():
            row = []
            for col in RECORD_COLUMNS:
                v = record[col]
                if col in NUMERIC_COLUMNS:
                    v = None if v is None else int(v)
                elif col in DATE_COLUMNS:
                    v = date.fromisoformat(v) if v else None
                elif localised and col in ENUM_COLUMNS:
                    v = labels.value(ENUM_COLUMNS[col], v)
                row.append(v)
            rows.append(row)
        headers = [labels.column(c) for c in RECORD_COLUMNS] if localised else list(RECORD_COLUMNS)
        return Table(headers, rows)

    def to_frame(self, localised: bool = True) -> pd.DataFrame:
        """Flattened records; with ``localised`` the headers and enum values are in the report language.

        Numeric columns are nullable integers (``Int64``) and dates are ``datetime.date``, as in
        ``record_table`` (whose cells these are).
        """
        import pandas as pd

        rows = self.as_records()
        frame = pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
        for col in NUMERIC_COLUMNS:
            frame[col] = frame[col].astype("Int64")
        for col in DATE_COLUMNS:
            frame[col] = frame[col].map(lambda v: date.fromisoformat(v) if v else None).astype(object)
        if localised:
            labels = self.labels
            for col, table in ENUM_COLUMNS.items():
                frame[col] = frame[col].map(lambda v, t=table: labels.value(t, v)).astype(object)
            frame.columns = [labels.column(c) for c in frame.columns]
        return frame

    def summary_frames(self, localised: bool = True) -> dict[str, pd.DataFrame]:
        """``summary_tables`` as pandas frames."""
        import pandas as pd

        return {name: pd.DataFrame(t.rows, columns=t.columns) for name, t in self.summary_tables(localised).items()}

    def summary_tables(self, localised: bool = True) -> dict[str, Table]:
        """The summaries, keyed by name: by_rule, by_severity, by_department, by_syllabus, trend."""
        labels = self.labels
        current = self.current_entries()

        roots = {id(e) for e in self.root_causes(current)}

        def tally(key: Callable[[ReportEntry], Any]) -> dict[Any, Counter[str]]:
            out: dict[Any, Counter[str]] = {}
            for e in current:
                k = key(e)
                c = out.setdefault(k, Counter())
                c["findings"] += 1
                c["root_causes"] += id(e) in roots
                c[e.change.value] += 1
                c[e.record.severity.value] += 1
            return out

        by_rule = tally(lambda e: (e.record.rule, labels.rule_title(e.record.rule, e.record.rule_name)))
        rule_rows = [
            {"rule": r, "rule_name": n, "findings": c["findings"], "root_causes": c["root_causes"], "new": c["new"],
             "recurred": c["recurred"]}
            for (r, n), c in sorted(by_rule.items(), key=lambda kv: (-kv[1]["findings"], kv[0]))
        ]
        by_sev = tally(lambda e: e.record.severity.value)
        sev_rows = [
            {
                "severity": labels.value("severity", s) if localised else s.value,
                "findings": by_sev.get(s.value, Counter())["findings"],
                "root_causes": by_sev.get(s.value, Counter())["root_causes"],
                "new": by_sev.get(s.value, Counter())["new"],
                "recurred": by_sev.get(s.value, Counter())["recurred"],
            }
            for s in Severity
        ]
        by_dep = tally(lambda e: e.record.syllabus.department)
        syllabi_per_dep = Counter(s.department for s in self.syllabi)
        resolved_per_dep = Counter(e.record.syllabus.department for e in self.entries if e.change is Change.resolved)
        deps = sorted(set(by_dep) | set(syllabi_per_dep) | set(resolved_per_dep), key=lambda d: (d is None, d or ""))
        dep_rows = []
        for d in deps:
            c = by_dep.get(d, Counter())
            dep_rows.append(
                {
                    "department": d if d is not None else (labels("department.none") if localised else ""),
                    "syllabi": syllabi_per_dep.get(d, 0),
                    "findings": c["findings"],
                    "root_causes": c["root_causes"],
                    "major": c["major"],
                    "minor": c["minor"],
                    "observation": c["observation"],
                    "new": c["new"],
                    "resolved": resolved_per_dep.get(d, 0),
                    "recurred": c["recurred"],
                }
            )
        syl_rows = [
            {
                "file": s.file,
                "course_code": s.course_code or "",
                "course_title": s.course_title or "",
                "department": s.department or "",
                "language": (labels.value("language", s.language) if localised else s.language) or "",
                "verdict": ((labels.value("verdict", s.verdict) if s.verdict else labels(f"syllabus_status.{s.status}"))
                            if localised else s.status),
                "findings": s.findings,
                "major": s.major,
                "minor": s.minor,
                "observation": s.observation,
                "not_verified": len(s.not_verified),
                "error": (labels.error_text(s.error) if localised else s.error) or "",
                # the files of this one syllabus (DOCX, PDF, .doc...), as the HTML card lists them
                "copies": "\n".join(s.copies),
            }
            for s in self.syllabi
        ]
        trend_rows = [
            {"run": p.run_id, "date": p.date, "new": p.new, "resolved": p.resolved, "recurred": p.recurred, "open": p.open}
            for p in self.trend
        ]
        columns = {
            "by_rule": ["rule", "rule_name", "findings", "root_causes", "new", "recurred"],
            "by_severity": ["severity", "findings", "root_causes", "new", "recurred"],
            "by_department": ["department", "syllabi", "findings", "root_causes", "major", "minor", "observation", "new", "resolved", "recurred"],
            "by_syllabus": ["file", "course_code", "course_title", "department", "language", "verdict", "findings", "major",
                            "minor", "observation", "not_verified", "error", "copies"],
            "trend": ["run", "date", "new", "resolved", "recurred", "open"],
        }
        data = {"by_rule": rule_rows, "by_severity": sev_rows, "by_department": dep_rows, "by_syllabus": syl_rows, "trend": trend_rows}
        tables = {}
        for name, rows in data.items():
            headers = [labels.column(c) for c in columns[name]] if localised else list(columns[name])
            tables[name] = Table(headers, [[row[c] for c in columns[name]] for row in rows])
        return tables
