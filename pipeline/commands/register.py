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
from typing import TYPE_CHECKING

import click

from pipeline.commands.common import (
    LANGUAGES,
    ToolFailure,
    existing_register,
    register_option,
    register_to_read,
    unusable,
)
from pipeline.config import config_option
from reports.register.errors import RegisterError
from reports.status import OPEN_ALL, Status

if TYPE_CHECKING:
    from reports.labels import Labels
    from reports.register.api import Record

# The register itself (SQLAlchemy, or sqlite3 for a read) is imported when a command runs, inside
# ``existing_register``/``register_to_read``, and so are the labels and the record types: building
# the options and --help needs none of them (issue 13).


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
        except Exception as exc:
            sa_exc = sys.modules.get("sqlalchemy.exc")  # loaded if the register was opened at all
            if sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError):
                raise ToolFailure(unusable(exc)) from None
            # a register read without SQLAlchemy (``register_to_read``): the same words, which name
            # the driver's error class as SQLAlchemy's wrapper does (OperationalError: database is locked)
            sqlite = sys.modules.get("sqlite3")
            if sqlite is not None and isinstance(exc, sqlite.Error):
                raise ToolFailure(unusable(exc)) from None
            raise

    return wrapper


def _date(_ctx, _param, value):
    if value is None:
        return None
    from reports.register import human

    try:
        return human.parse_date(value, "--due")
    except RegisterError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group("register")
def register() -> None:
    """The nonconformity register: list and show records, plan corrective actions, close and
    verify them, and fill the plan in Excel (export-xlsx / import-xlsx)."""


STATUS_CHOICE = click.Choice([s.value for s in Status] + [OPEN_ALL])


def lang_choice(f):
    return click.option("--lang", type=click.Choice(LANGUAGES), default=LANGUAGES[0], show_default=True,
                        help="language of the text output (default: 'lang' in syllabus-audit.toml, as for audit)")(f)


@register.command("list")
@click.option("--status", "statuses", multiple=True, type=STATUS_CHOICE,
              help=f"only these statuses (repeatable); '{OPEN_ALL}' = {', '.join(Status.open_values())}")
@click.option("--department", default=None, help="only this department (as written in the syllabi)")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_choice
@register_option
@config_option(expose=False)
@handled
def list_command(statuses, department, fmt, lang, url) -> None:
    """List records (newest ids last)."""
    wanted = Status.wanted(statuses)
    from reports.labels import Labels
    from reports.register.api import RecordQuery

    query = RecordQuery(statuses=sorted(wanted), departments=[department] if department else None)
    with register_to_read(url) as reg:
        rows = reg.records(query)
    if fmt == "json":
        click.echo(json.dumps([row.as_record() for row in rows], ensure_ascii=False, indent=2))
        return
    click.echo(render_list(rows, Labels(lang)))


def render_list(rows: list[Record], labels: Labels) -> str:
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
                      row.description(labels.lang)[:60] + marks])
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
    from reports.labels import Labels
    from reports.register.errors import UnknownRecord

    with register_to_read(url) as reg:
        try:
            row = reg.record(nc_id)
        except UnknownRecord:
            raise Refused(f"no nonconformity {nc_id!r} in the register (see 'syllabus-audit register list')") from None
    if fmt == "json":
        click.echo(json.dumps(row.as_record(), ensure_ascii=False, indent=2))
        return
    click.echo(render_show(row, Labels(lang)))


def _by(by: str, labels: Labels) -> str:
    return labels("cli.by_run").format(run=by[len("run:"):]) if by.startswith("run:") else by


def render_show(row: Record, labels: Labels) -> str:
    """A record for a person, in ``labels``' language: every label, status and value translated,
    the location in words counted from 1; what came from the syllabus or a person as written.
    Read from the ``Record`` itself, not its pydantic ``Nonconformity``: the text needs none of the
    models, and ``register show`` starts without them (issue 13)."""
    from reports.location import location_words
    from reports.register.history_words import history_text

    L, col = labels, labels.column
    evidence = row.evidence or {}
    fields: list[tuple[str, str]] = [
        (col("kind"), f"{L.value('kind', row.kind)}, {col('severity').lower()}: {L.value('severity', row.severity)}"),
        (col("course_code"), f"{row.course_code or '-'}  {row.course_title or ''}".rstrip()),
        (col("programme"), row.programme or "-"),
        (col("department"), row.department or "-"),
        (col("file"), f"{row.file}  (sha256 {(row.file_sha256 or '-')[:12]})"),
        (col("rule"), f"{row.rule} {L.rule_title(row.rule, row.rule_name)}"),
        (col("requirement"), L.requirement(row.requirement)),
        # the description in the language asked for, as written (even empty), as the report shows it
        (col("description"), getattr(row, f"description_{L.lang}")),
        (col("expected"), L.value_text(row.expected) or "-"),
        (col("actual"), L.value_text(row.actual) or "-"),
        (col("location"), location_words(evidence, L) or "-"),
        (col("detected_on"), L("cli.detected").format(date=row.detected_on.isoformat(), run=row.first_run,
                                                     last=row.last_seen_run)),
        (L("register.review_by"), row.review_deadline.isoformat()),
        (L("register.cause_by"), row.cause_analysis_deadline.isoformat()),
    ]
    if evidence.get("quote"):
        fields.append((col("quote"), f"«{evidence['quote']}»"))
    if row.unaudited_since_run:
        fields.append((L("cli.note"), f"{L('cli.not_audited_since').format(run=row.unaudited_since_run)} "
                                      f"({L('cli.not_audited_why')})"))
    fields.append((L("cli.correction"), row.correction or "-"))
    fields.append((L("register.root_cause"), row.root_cause or "-"))
    width = max(len(k) for k, _ in fields) + 1
    title = f"{row.id}  [{L.value('status', row.status)}]"
    if row.recurrences:
        title += f"  {L('register.recurred').format(n=row.recurrences)}"
    lines = [title, *(f"  {(k + ':').ljust(width)} {v}" for k, v in fields)]
    lines.append(f"  {col('corrective_actions')}:" + ("" if row.actions else f" {L('register.no_action')}"))
    for i, a in enumerate(row.actions, 1):
        co = f"; {L('cli.co_executors')}: {', '.join(a.co_executors)}" if a.co_executors else ""
        mark = f"; {col('result_mark').lower()}: {a.result_mark}" if a.result_mark else ""
        lines.append(f"    {i}. {a.action} — {a.responsible}{co}; {col('due').lower()}: {a.due or '-'}{mark}")
    lines.append(f"  {L('cli.history')}:")
    for h in row.history:
        frm = L.value("status", h.from_status) if h.from_status else "-"
        comment = history_text(h.comment, L)
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
    with existing_register(url) as reg:
        status = reg.assign(nc_id, action=action, responsible=responsible, due=due, co_executors=co_executors,
                            by=by).status
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
    with existing_register(url) as reg:
        reg.close_record(nc_id, comment=comment, by=by)
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
    with existing_register(url) as reg:
        reg.verify_record(nc_id, comment=comment, by=by)
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
    with existing_register(url) as reg:
        n = reg.export_xlsx(out, statuses=statuses or None, department=department, lang=lang)
    click.echo(f"{n} record(s) written to {out}")


@register.command("import-xlsx")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@register_option
@config_option(expose=False)
@by_option
@handled
def import_command(file, url, by) -> None:
    """Read a filled-in export back: all of it, or (on any problem) nothing."""
    with existing_register(url) as reg:
        result = reg.import_xlsx(file, by=by)
    click.echo(result.summary())


if __name__ == "__main__":
    sys.exit(register())
