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
from reports.labels import Labels
from reports.location import location_words
from reports.records import Status
from reports.register import RegisterError
from reports.register import human
from reports.register.convert import to_model
from reports.register.schema import NonconformityRow


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


def lang_choice(f):
    return click.option("--lang", type=click.Choice(LANGUAGES), default=LANGUAGES[0], show_default=True,
                        help="language of the text output (default: 'lang' in syllabus-audit.toml, as for audit)")(f)


@register.command("list")
@click.option("--status", "statuses", multiple=True, type=STATUS_CHOICE,
              help="only these statuses (repeatable); 'open-all' = open, action_planned, reopened")
@click.option("--department", default=None, help="only this department (as written in the syllabi)")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_choice
@register_option
@config_option(expose=False)
@handled
def list_command(statuses, department, fmt, lang, url) -> None:
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
        click.echo(render_list(rows, Labels(lang)))


def _description(row: NonconformityRow, lang: str) -> str:
    return getattr(row, f"description_{lang}") or row.description_en


def render_list(rows: list[NonconformityRow], labels: Labels) -> str:
    """One line a record, columns as wide as their widest cell, in ``labels``' language."""
    if not rows:
        return labels("cli.no_records")
    head = [labels.column(c) for c in ("id", "status", "course_code", "rule", "severity", "review_deadline", "due")]
    table = []
    for row in rows:
        due = row.actions[-1].due.isoformat() if row.actions and row.actions[-1].due else "-"
        marks = ""
        if row.recurrences:
            marks += f" [{labels('cli.recurred_times').format(n=row.recurrences)}]"
        if row.unaudited_since_run:
            marks += f" [{labels('cli.not_audited_since').format(run=row.unaudited_since_run)}]"
        table.append([row.id, labels.value("status", row.status), row.course_code or "-", row.rule,
                      labels.value("severity", row.severity), row.review_deadline.isoformat(), due,
                      _description(row, labels.lang)[:60] + marks])
    widths = [max(len(r[i]) for r in [head, *table]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return " ".join(c.ljust(w) for c, w in zip(cells, widths)) + " " + cells[-1]

    return "\n".join([line([*head, labels.column("description")]), *map(line, table),
                      labels("cli.records").format(n=len(rows))])


@register.command("show")
@click.argument("nc_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_choice
@register_option
@config_option(expose=False)
@handled
def show_command(nc_id, fmt, lang, url) -> None:
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
        click.echo(render_show(nc, row, Labels(lang)))


def _by(by: str, labels: Labels) -> str:
    return labels("cli.by_run").format(run=by[len("run:"):]) if by.startswith("run:") else by


def render_show(nc, row: NonconformityRow, labels: Labels) -> str:
    """A record for a person, in ``labels``' language: every label, status and value translated,
    the location in words counted from 1; what came from the syllabus or a person as written."""
    L, col = labels, labels.column
    s = nc.syllabus
    fields: list[tuple[str, str]] = [
        (col("kind"), f"{L.value('kind', nc.kind)}, {col('severity').lower()}: {L.value('severity', nc.severity)}"),
        (col("course_code"), f"{s.course_code or '-'}  {s.course_title or ''}".rstrip()),
        (col("programme"), s.programme or "-"),
        (col("department"), s.department or "-"),
        (col("file"), f"{s.file}  (sha256 {(s.file_sha256 or '-')[:12]})"),
        (col("rule"), f"{nc.rule} {L.rule_title(nc.rule, nc.rule_name)}"),
        (col("requirement"), L.requirement(nc.requirement)),
        (col("description"), nc.description.get(L.lang)),
        (col("expected"), L.value_text(nc.expected) or "-"),
        (col("actual"), L.value_text(nc.actual) or "-"),
        (col("location"), location_words(nc.evidence or {}, L) or "-"),
        (col("detected_on"), L("cli.detected").format(date=nc.detected_on.isoformat(), run=nc.first_run,
                                                     last=nc.last_seen_run)),
        (L("register.review_by"), nc.review_deadline.isoformat()),
        (L("register.cause_by"), nc.cause_analysis_deadline.isoformat()),
    ]
    if (nc.evidence or {}).get("quote"):
        fields.append((col("quote"), f"«{nc.evidence['quote']}»"))
    if row.unaudited_since_run:
        fields.append((L("cli.note"), f"{L('cli.not_audited_since').format(run=row.unaudited_since_run)} "
                                      f"({L('cli.not_audited_why')})"))
    fields.append((L("cli.correction"), nc.correction or "-"))
    fields.append((L("register.root_cause"), nc.root_cause or "-"))
    width = max(len(k) for k, _ in fields) + 1
    title = f"{nc.id}  [{L.value('status', nc.status)}]"
    if nc.recurrences:
        title += f"  {L('register.recurred').format(n=nc.recurrences)}"
    lines = [title, *(f"  {(k + ':').ljust(width)} {v}" for k, v in fields)]
    lines.append(f"  {col('corrective_actions')}:" + ("" if nc.corrective_actions else f" {L('register.no_action')}"))
    for i, a in enumerate(nc.corrective_actions, 1):
        co = f"; {L('cli.co_executors')}: {', '.join(a.co_executors)}" if a.co_executors else ""
        mark = f"; {col('result_mark').lower()}: {a.result_mark}" if a.result_mark else ""
        lines.append(f"    {i}. {a.action} — {a.responsible}{co}; {col('due').lower()}: {a.due or '-'}{mark}")
    lines.append(f"  {L('cli.history')}:")
    for h in nc.history:
        frm = L.value("status", h.from_status) if h.from_status else "-"
        comment = human.history_text(h.comment, L)
        lines.append(f"    {h.at:%Y-%m-%d %H:%M}  {frm} → {L.value('status', h.to_status)}  "
                     f"{L('cli.by')}: {_by(h.by, L)}" + (f": {comment}" if comment else ""))
    return "\n".join(lines)


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
    from reports.register.xlsx_roundtrip import export_xlsx  # openpyxl: only the Excel round trip needs it

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
    from reports.register.xlsx_roundtrip import import_xlsx

    with existing_register(url) as reg, reg.write() as session:
        result = import_xlsx(session, file, by=by)
    click.echo(result.summary())


if __name__ == "__main__":
    sys.exit(register())
