"""A run's ``RunReport`` from the register: what the run did to each record, what it made of each
syllabus, and the trend over all runs. The audit renders its reports from this, and ``syllabus-audit
report`` renders any past run's reports the same way, so the two can never disagree.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from reports.records import OPEN_STATUSES, Nonconformity, Status
from reports.register.api import RunSyllabus
from reports.run_report import Change, ReportEntry, RunReport, SyllabusSummary, TrendPoint

if TYPE_CHECKING:  # the register is the caller's, open already: its SQLAlchemy is not this module's import
    from reports.register import Register


# The columns of a run's syllabus that its summary shows, read off the row itself: not through
# ``RunSyllabus.as_dict`` (``dataclasses.asdict``), whose deep copy of every coverage dict was
# most of the report's assembly on a warm 300-file night, for values the summary's validation
# copies anyway (new dicts, new PartCoverage models).
_SUMMARY_FIELDS = tuple(f.name for f in dataclasses.fields(RunSyllabus) if f.name in SyllabusSummary.model_fields)


def _summary(row: RunSyllabus) -> SyllabusSummary:
    values = {k: getattr(row, k) for k in _SUMMARY_FIELDS}
    # a row from before revision 0004 (or of an unreadable file) has no coverage: None, not {}
    # a row from before revision 0005 (or of a syllabus in one file) has no copies: None, not []
    for k in ("coverage", "copies"):
        if values[k] is None:
            del values[k]
    return SyllabusSummary(**values)


class UnknownRun(LookupError):
    def __init__(self, run_id: str, known: list[str]):
        self.run_id = run_id
        tail = ", ".join(known[-5:]) if known else "none yet"
        super().__init__(f"run {run_id!r} is not in the register (latest runs: {tail})")


def change_in_run(record: Nonconformity, run_id: str, finished: datetime | None) -> Change | None:
    """What run ``run_id`` did to the record, read from its status history."""
    by = f"run:{run_id}"
    mine = [h for h in record.history if h.by == by]
    if any(h.from_status is None for h in mine):
        return Change.new
    if any(h.to_status == Status.reopened for h in mine):
        return Change.recurred
    if any(h.to_status == Status.resolved for h in mine):
        return Change.resolved
    if record.first_run == run_id:
        return Change.new
    # Not changed by the run: still open if it was open when the run finished.
    status = None
    for h in sorted(record.history, key=lambda h: h.at):
        if finished is not None and h.at > finished:
            break
        status = h.to_status
    return Change.still_open if status in OPEN_STATUSES else None


def build_run_report(register: Register, run_id: str, language: Literal["kk", "ru", "en"], institution: str | None = None,
                     departments: dict[str, list[str]] | None = None) -> RunReport:
    """``institution`` and ``departments`` (canonical name -> variants) are the settings file's."""
    runs = register.runs()
    run = next((r for r in runs if r.id == run_id), None)
    if run is None:
        raise UnknownRun(run_id, [r.id for r in runs])
    entries = []
    for record in (r.nonconformity() for r in register.records()):
        change = change_in_run(record, run_id, run.finished)
        if change is not None:
            entries.append(ReportEntry(record=record, change=change))
    # in the order the run recorded them, as the reports have always listed them
    syllabi = [_summary(row) for row in register.syllabi_of_run(run_id, order="recorded")]
    trend = []
    for r in runs:
        if r.started > run.started:
            break
        trend.append(TrendPoint(run_id=r.id, date=r.started.date(), new=r.new, resolved=r.resolved,
                                recurred=r.recurred, open=r.new + r.still_open + r.recurred + r.unaudited))
    return RunReport(run_id=run_id, run_date=run.started.date(), language=language, institution=institution,
                     entries=entries, syllabi=syllabi, trend=trend, collisions=run.collisions or [],
                     departments=departments or {})
