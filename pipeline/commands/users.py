"""``syllabus-audit users add|passwd|remove|list``: who may use the register in a browser.

Roles: ``qa`` (QA officer: everything), ``head`` (department head: their department's records;
read, plan corrective actions, record root causes), ``viewer`` (read only). Passwords are asked
twice without echo (or read from standard input with ``--password-stdin``, for scripts) and
stored as argon2 hashes only. Refusals print ``refused: …`` and exit with status 2.
"""

from __future__ import annotations

import sys

import click

from pipeline.commands.common import existing_register, register_option
from pipeline.commands.register import handled
from pipeline.config import config_option
from pipeline.web import accounts
from reports.departments import alias_index, canonical


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("password", hide_input=True, confirmation_prompt=True)


@click.group("users")
def users() -> None:
    """Accounts of the register in a browser ('syllabus-audit serve')."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True,
              help="qa: everything; head: one department; viewer: read only")
@click.option("--department", default=None, help="a head's department, as the syllabi (or [departments]) name it")
@click.option("--name", "full_name", default=None, help="the person's name, shown in the history")
@click.option("--lang", type=click.Choice(accounts.LANGUAGES), default="kk", show_default=True,
              help="the pages' language until the user switches it")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@register_option
@config_option(expose=False)
@handled
def add_command(username, role, department, full_name, lang, password_stdin, url) -> None:
    """Add a user."""
    with existing_register(url) as reg:
        with reg.read() as session:  # refuse before asking for a password
            if accounts.find(session, username) is not None:
                raise accounts.InvalidInput(f"user {username!r} already exists (change the password with 'users passwd')")
        password = _password(password_stdin)
        with reg.write() as session:
            user = accounts.add_user(session, username, password, role, department=department,
                                     full_name=full_name, language=lang)
        known = _department_known(reg, user.department) if user.department else True
    click.echo(f"user {user.username} added ({user.role}{', ' + user.department if user.department else ''})")
    if not known:
        # not refused: the department's syllabi may come with the next run; but a typo would show nothing
        click.echo(f"note: no record or syllabus in the register names the department {user.department!r} "
                   "yet; check the spelling (or [departments] in syllabus-audit.toml)", err=True)


def _department_known(reg, department: str) -> bool:
    """Whether the register names the department, as the web application matches it (``Scope``)."""
    table = click.get_current_context().meta.get("report_settings", {}).get("departments") or {}
    index = alias_index(table)
    names = reg.department_names()
    return canonical(department, table, index) in {canonical(n, table, index) for n in names if n}


@users.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@register_option
@config_option(expose=False)
@handled
def passwd_command(username, password_stdin, url) -> None:
    """Set a user's password (their open sessions end)."""
    with existing_register(url) as reg:
        with reg.read() as session:
            if accounts.find(session, username) is None:
                raise accounts.InvalidInput(f"no user {username!r}")
        password = _password(password_stdin)
        with reg.write() as session:
            accounts.set_password(session, username, password)
    click.echo(f"password of {username} changed")


@users.command("remove")
@click.argument("username")
@register_option
@config_option(expose=False)
@handled
def remove_command(username, url) -> None:
    """Remove a user (the history keeps their name on what they did)."""
    with existing_register(url) as reg, reg.write() as session:
        accounts.remove_user(session, username)
    click.echo(f"user {username} removed")


@users.command("list")
@register_option
@config_option(expose=False)
@handled
def list_command(url) -> None:
    """List the users and their roles."""
    with existing_register(url) as reg, reg.read() as session:
        rows = accounts.list_users(session)
    if not rows:
        click.echo("no users")
    for u in rows:
        click.echo(f"{u.username:<20} {u.role:<7} {u.department or '-':<30} {u.full_name or ''}")
