"""``syllabus-audit register ...``: the QA office's work on the nonconformity register.

Every command takes ``--register URL-OR-PATH`` (or ``$SYLLABUS_AUDIT_REGISTER``, or ``register``
in syllabus-audit.toml; default ``register.sqlite3``), which must already exist: these commands
never start an empty register (``audit`` does). Commands that change a record take ``--by NAME``
(default: the login name), which goes into the record's history. A refusal (unknown ID, bad date,
a transition the procedure does not allow, a spreadsheet with problems) prints ``refused: …``; a
register that is missing, unreachable or newer than this tool prints ``error: …``; both exit with
status 2, as every command's failures do.
"""

from __future__ import annotations

import functools
import getpass
import json
import sys
from datetime import date

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from pipeline.commands.common import LANGUAGES, ToolFailure, existing_register, register_option, unusable
from pipeline.config import config_option
from reports.records import Status
from reports.register import RegisterError
from reports.register import human
from reports.register.convert import to_model
from reports.register.schema import NonconformityRow
from reports.register.xlsx_roundtrip import export_xlsx, import_xlsx


class Refused(click.ClickException):
    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"refused: {self.format_message()}", err=True)



def _default_by() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def by_option(f):
    return click.option("--by", default=_default_by, show_default="your login name",
                        help="who does this (goes into the history)")(f)


def handled(f):
    """Refusals and database trouble become a message and exit status 2."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except RegisterError as exc:
            raise Refused(str(exc)) from None
        except SQLAlchemyError as exc:
            raise ToolFailure(unusable(exc)) from None

    return wrapper


def _date(_ctx, _param, value):
    if value is None:
        return None
    try:
        return human.parse_date(value, "--due")
    except RegisterError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group("register")
def register() -> None:
    """The nonconformity register: list and show records, plan corrective actions, close and
    verify them, and fill the plan in Excel (export-xlsx / import-xlsx)."""


STATUS_CHOICE = click.Choice([s.value for s in Status] + ["open-all"])


@register.command("list")
@click.option("--status", "statuses", multiple=True, type=STATUS_CHOICE,
              help="only these statuses (repeatable); 'open-all' = open, action_planned, reopened")
@click.option("--department", default=None, help="only this department (as written in the syllabi)")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@register_option
@config_option(expose=False)
@handled
def list_command(statuses, department, fmt, url) -> None:
    """List records (newest ids last)."""
    wanted: set[str] = set()
    for s in statuses:
        wanted |= {x.value for x in Status if x.is_open} if s == "open-all" else {s}
    with existing_register(url) as reg, reg.read() as session:
        stmt = select(NonconformityRow).options(selectinload(NonconformityRow.actions),
                                                 selectinload(NonconformityRow.history))
        if wanted:
            stmt = stmt.where(NonconformityRow.status.in_(sorted(wanted)))
        if department:
            stmt = stmt.where(NonconformityRow.department == department)
        rows = list(session.scalars(stmt.order_by(NonconformityRow.id)))
        if fmt == "json":
            out = []
            for row in rows:
                rec = to_model(row).as_record()
                rec["unaudited_since_run"] = row.unaudited_since_run
                out.append(rec)
            click.echo(json.dumps(out, ensure_ascii=False, indent=2))
            return
        if not rows:
            click.echo("no records")
            return
        click.echo(f"{'ID':<14} {'status':<15} {'course':<12} {'rule':<8} {'sev':<6} {'review by':<10} {'due':<10} description")
        for row in rows:
            due = row.actions[-1].due.isoformat() if row.actions and row.actions[-1].due else "-"
            note = f" [syllabus not audited since {row.unaudited_since_run}]" if row.unaudited_since_run else ""
            rec = f" [recurred {row.recurrences}x]" if row.recurrences else ""
            click.echo(f"{row.id:<14} {row.status:<15} {(row.course_code or '-'):<12} {row.rule:<8} "
                       f"{row.severity[:5]:<6} {row.review_deadline.isoformat():<10} {due:<10} "
                       f"{row.description_en[:60]}{rec}{note}")
        click.echo(f"{len(rows)} record(s)")


@register.command("show")
@click.argument("nc_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@register_option
@config_option(expose=False)
@handled
def show_command(nc_id, fmt, url) -> None:
    """Everything about one record: the defect, deadlines, actions and history."""
    with existing_register(url) as reg, reg.read() as session:
        row = session.get(NonconformityRow, nc_id.strip().upper(),
                          options=[selectinload(NonconformityRow.actions), selectinload(NonconformityRow.history)])
        if row is None:
            raise Refused(f"no nonconformity {nc_id!r} in the register (see 'syllabus-audit register list')")
        nc = to_model(row)
        if fmt == "json":
            rec = nc.as_record()
            rec["unaudited_since_run"] = row.unaudited_since_run
            click.echo(json.dumps(rec, ensure_ascii=False, indent=2))
            return
        s = nc.syllabus
        lines = [
            f"{nc.id}  [{nc.status.value}]" + (f"  recurred {nc.recurrences} time(s)" if nc.recurrences else ""),
            f"  kind:        {nc.kind.value}, severity {nc.severity.value}",
            f"  course:      {s.course_code or '-'}  {s.course_title or ''}",
            f"  programme:   {s.programme or '-'}",
            f"  department:  {s.department or '-'}",
            f"  file:        {s.file}  (sha256 {(s.file_sha256 or '-')[:12]})",
            f"  rule:        {nc.rule} {nc.rule_name}",
            f"  requirement: {nc.requirement}",
            f"  description: {nc.description.en}",
            f"               {nc.description.kk}",
            f"               {nc.description.ru}",
            f"  expected:    {nc.expected or '-'}    actual: {nc.actual or '-'}",
            f"  detected:    {nc.detected_on} in run {nc.first_run}; last seen in run {nc.last_seen_run}",
            f"  deadlines:   review by {nc.review_deadline} (clause 38), cause analysis by "
            f"{nc.cause_analysis_deadline} (clause 39)",
        ]
        if row.unaudited_since_run:
            lines.append(f"  note:        syllabus not audited since run {row.unaudited_since_run} (missing or unreadable)")
        lines.append(f"  correction:  {nc.correction or '-'}")
        lines.append(f"  root cause:  {nc.root_cause or '-'}")
        lines.append("  corrective actions:" + ("" if nc.corrective_actions else " none"))
        for i, a in enumerate(nc.corrective_actions, 1):
            co = f"; with {', '.join(a.co_executors)}" if a.co_executors else ""
            mark = f"; result: {a.result_mark}" if a.result_mark else ""
            lines.append(f"    {i}. {a.action} — {a.responsible}{co}; due {a.due or '-'}{mark}")
        lines.append("  history:")
        for h in nc.history:
            frm = h.from_status.value if h.from_status else "-"
            lines.append(f"    {h.at:%Y-%m-%d %H:%M}  {frm} → {h.to_status.value}  by {h.by}"
                         + (f": {h.comment}" if h.comment else ""))
        click.echo("\n".join(lines))


@register.command("assign")
@click.argument("nc_id")
@click.option("--action", required=True, help="the corrective action (removes the cause)")
@click.option("--responsible", required=True, help="responsible executor")
@click.option("--co-executor", "co_executors", multiple=True, help="co-executor (repeatable)")
@click.option("--due", required=True, callback=_date, help="deadline, YYYY-MM-DD or DD.MM.YYYY")
@register_option
@config_option(expose=False)
@by_option
@handled
def assign_command(nc_id, action, responsible, co_executors, due: date, url, by) -> None:
    """Plan a corrective action: what, who (and with whom), by when."""
    with existing_register(url) as reg, reg.write() as session:
        human.assign(session, nc_id, action=action, responsible=responsible, due=due,
                     co_executors=co_executors, by=by)
        status = human.load(session, nc_id).status
    click.echo(f"{nc_id.upper()}: corrective action planned, due {due.isoformat()} ({status})")


@register.command("close")
@click.argument("nc_id")
@click.option("--comment", required=True, help="what was done")
@register_option
@config_option(expose=False)
@by_option
@handled
def close_command(nc_id, comment, url, by) -> None:
    """Close a record (the nonconformity was corrected)."""
    with existing_register(url) as reg, reg.write() as session:
        human.close(session, nc_id, comment=comment, by=by)
    click.echo(f"{nc_id.upper()}: closed")


@register.command("verify")
@click.argument("nc_id")
@click.option("--comment", required=True, help="how effectiveness was checked")
@register_option
@config_option(expose=False)
@by_option
@handled
def verify_command(nc_id, comment, url, by) -> None:
    """Record that the corrective action was effective (clause 17)."""
    with existing_register(url) as reg, reg.write() as session:
        human.verify(session, nc_id, comment=comment, by=by)
    click.echo(f"{nc_id.upper()}: verified")


@register.command("export-xlsx")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--status", "statuses", multiple=True, type=click.Choice([s.value for s in Status]),
              help="statuses to export (default: open, action_planned, reopened)")
@click.option("--department", default=None)
@click.option("--lang", type=click.Choice(LANGUAGES), default="kk", show_default=True,
              help="language of the description column")
@register_option
@config_option(expose=False)
@handled
def export_command(out, statuses, department, lang, url) -> None:
    """Write the open records to a spreadsheet for the QA office to fill in."""
    with existing_register(url) as reg, reg.read() as session:
        kwargs = {"statuses": statuses} if statuses else {}
        n = export_xlsx(session, out, department=department, lang=lang, **kwargs)
    click.echo(f"{n} record(s) written to {out}")


@register.command("import-xlsx")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@register_option
@config_option(expose=False)
@by_option
@handled
def import_command(file, url, by) -> None:
    """Read a filled-in export back: all of it, or (on any problem) nothing."""
    with existing_register(url) as reg, reg.write() as session:
        result = import_xlsx(session, file, by=by)
    click.echo(result.summary())


if __name__ == "__main__":
    sys.exit(register())
