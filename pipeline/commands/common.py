"""Options and failures shared by every command, defined once (so --register means the same
everywhere and every command fails the same way).

Exit statuses, in every command: 0 success (nothing to report), 1 something to read (findings,
new nonconformities, files that could not be read), 2 the tool or the register failed (bad
settings, a register that is missing, busy, unreachable or newer than this tool, a report folder
that cannot be written). ``ToolFailure`` is that status 2 with a one-line message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

# ToolFailure is defined where pipeline.cli can import it without SQLAlchemy and the register
from pipeline.commands import LANGUAGES, ToolFailure

# SQLAlchemy and the register's store only when a command runs: building the options (--help) needs neither
from reports.register.defaults import DEFAULT_URL, ENV_VAR, SCHEMA_HEAD
from reports.register.errors import RegisterUnusable, RunLockHeld, database_failures
from reports.register.sqlite_file import sqlite_file
from reports.register.urls import BadRegisterURL, check_url, shown_register

if TYPE_CHECKING:
    from reports.register.sqlite_read import SQLiteReader
    from reports.register.store import Register

T = TypeVar("T")
log = logging.getLogger("syllabus_audit")


# --------------------------------------------------------------------------- the register


def register_url(value: str | None) -> str:
    """The register's SQLAlchemy URL: a plain file path (``qa/register.sqlite3``, from the command
    line or syllabus-audit.toml) is a SQLite file; ``None`` is ``$SYLLABUS_AUDIT_REGISTER`` (click
    reads it) or ``register.sqlite3`` in the working folder."""
    value = (value or "").strip() or DEFAULT_URL
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


class RegisterParam(click.ParamType):
    """``--register``: a database URL or a plain path to a SQLite file."""

    name = "url-or-path"

    def convert(self, value, param, ctx):
        if not isinstance(value, str) or not value.strip():
            self.fail(f"must be a database URL or a path, got {value!r}", param, ctx)
        from reports.register.sqlite_read import plain_sqlite_path  # sqlite3: when an option is given, not for --help

        url = register_url(value)
        if plain_sqlite_path(url) is not None:  # a plain file: nothing for SQLAlchemy to check (issue 13)
            return url
        try:
            check_url(url)
        except BadRegisterURL as exc:
            self.fail(f"{value!r} is not a database URL or a path ({exc})", param, ctx)
        return url


def register_option(f):
    return AUDIT_SETTINGS["register"].option()(f)


def _shown(url: str) -> str:
    """The register as a person wrote it: the file for SQLite, the URL without a password."""
    return shown_register(url)


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from reports.register.store import alembic_config

    return {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def check_register(url: str | None, *, create: bool = False) -> str:
    """The register's URL once it is known to be usable, else ``ToolFailure``.

    A register that does not exist is created only when ``create`` (the audit, which starts it);
    every other command refuses it instead of silently starting an empty one. A register whose
    schema is newer than this tool (written by a later version) is refused before anything
    touches it."""
    from reports.register.store import current_revision, make_engine

    url = register_url(url)
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        if create:
            return url
        raise ToolFailure(f"no register at {path}: check --register (or 'register' in syllabus-audit.toml), "
                          "or run 'syllabus-audit audit' first to start one")
    try:
        with database_failures():
            engine = make_engine(url)
            try:
                revision = current_revision(engine)
            finally:
                engine.dispose()
    except RegisterUnusable as exc:
        raise ToolFailure(unusable(exc.cause, url)) from None
    if revision is None and not create:
        raise ToolFailure(f"{_shown(url)} is not a register (no register tables in it): check --register, "
                          "or run 'syllabus-audit audit' first to start one")
    if revision is not None and revision != SCHEMA_HEAD and revision not in known_revisions():
        raise ToolFailure(f"the register {_shown(url)} has schema version {revision}, newer than this "
                          "syllabus-audit knows: upgrade syllabus-audit (pip install -U syllabus-audit)")
    return url


def unusable(exc: BaseException, url: str | None = None) -> str:
    where = f" {_shown(url)}" if url else ""
    first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
    return f"the register{where} could not be used: {exc.__class__.__name__}: {first}"


@contextmanager
def existing_register(url: str | None) -> Iterator[Register]:
    """Open a register that must already exist (every command but ``audit``)."""
    from reports.register.store import open_register

    url = check_register(url)
    try:
        with database_failures():
            register = open_register(url)
    except RegisterUnusable as exc:
        raise ToolFailure(unusable(exc.cause, url)) from None
    with register:
        yield register


@contextmanager
def register_to_read(url: str | None) -> Iterator[Register | SQLiteReader]:
    """A register that must exist, for a command that only reads its records (``records``,
    ``record``): a SQLite file already at the schema head is read without SQLAlchemy
    (``sqlite_read``, a third of a second less to start, issue 13); any other is
    ``existing_register``'s, with its checks and refusals."""
    from reports.register.sqlite_read import open_reader

    reader = open_reader(register_url(url))
    if reader is None:
        with existing_register(url) as register:
            yield register
        return
    with reader:
        yield reader


# --------------------------------------------------------------------------- waiting for a busy register


def wait_option(f):
    return click.option(
        "--wait", "wait_s", type=click.FloatRange(min=0), default=0.0, show_default=True, metavar="SECONDS",
        help="when another run holds the register, wait up to SECONDS for it instead of refusing",
    )(f)


POLL_S = 2.0


def busy_message(exc: RunLockHeld, waited: float = 0.0) -> str:
    """The register's own words (``RunLockHeld`` names ``--wait SECONDS``), after how long was waited."""
    return (f"waited {waited:g} s; " if waited else "") + str(exc)


def while_busy(call: Callable[[], T], wait_s: float, *, poll_s: float = POLL_S,
               sleep: Callable[[float], None] = time.sleep) -> T:
    """``call()``, again every ``poll_s`` while another run holds the register, for up to
    ``wait_s`` seconds; then ``ToolFailure`` naming the holder and ``--wait``. The run lock is
    taken before anything is read or written, so a refused attempt leaves nothing behind."""
    deadline = time.monotonic() + wait_s
    told = False
    while True:
        try:
            return call()
        except RunLockHeld as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ToolFailure(busy_message(exc, wait_s)) from None
            if not told:
                log.info("%s; waiting up to %g s (--wait)", str(exc).split(". ")[0], wait_s)
                told = True
            sleep(min(poll_s, left))


# --------------------------------------------------------------------------- report options


def lang_option(f):
    return AUDIT_SETTINGS["lang"].option()(f)


def report_formats_option(f):
    from reports.render import available_formats  # the writers: only commands that write reports load them

    return click.option(
        "--report-format", "formats", multiple=True, type=click.Choice(available_formats()),
        help="report formats to write (repeatable; default: all)",
    )(f)


# --------------------------------------------------------------------------- audit's settings, declared once

F = TypeVar("F", bound=Callable[..., object])  # a command function, as click's decorators take and give it


@dataclass(frozen=True)
class Setting:
    """An option of ``audit`` that the settings file may set too, declared once: the command's
    click option (``option()``) and the settings file's check (``pipeline.config.schema``, which
    converts the file's value with ``parameter()``) are both built from it, so the two cannot
    drift apart in name, type, range, choices, default or help (a file once passed ``lang =
    "auto"`` that ``--lang`` refused). The key is the flag without its dashes (``memory_mb`` is
    ``--memory-mb``); ``paths`` is the command's argument."""

    key: str
    type: Callable[[], click.ParamType]  # made when the option is: a fresh type per parameter
    help: str | None = None
    default: object = None
    dest: str | None = None  # the command's parameter name, when it is not the key
    show_default: bool | None = None
    envvar: str | None = None
    argument: bool = False

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")

    @property
    def name(self) -> str:
        return self.dest or self.key

    def _kwargs(self) -> dict[str, object]:
        return {"type": self.type(), "default": self.default, "help": self.help, "show_default": self.show_default,
                "envvar": self.envvar, "show_envvar": self.envvar is not None}

    def option(self) -> Callable[[F], F]:
        """The click decorator of this setting's option (or argument)."""
        if self.argument:
            return click.argument(self.name, nargs=-1, type=self.type())
        return click.option(self.flag, self.name, **self._kwargs())

    def parameter(self) -> click.Parameter:
        """The click parameter the decorator makes, for checking a settings file's value."""
        if self.argument:
            return click.Argument([self.name], nargs=-1, type=self.type())
        return click.Option([self.flag, self.name], **self._kwargs())


def _file() -> click.Path:
    return click.Path(path_type=Path, dir_okay=False)


AUDIT_SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("paths", lambda: click.Path(path_type=Path), argument=True),
    Setting("out", lambda: click.Path(path_type=Path), "folder that receives one sub-folder of reports per run",
            default=Path("audit-reports"), show_default=True),
    Setting("register", RegisterParam, "the register: a path to a SQLite file or a database URL (default "
            "register.sqlite3)", dest="url", envvar=ENV_VAR),
    Setting("policy", _file, "institution policy (TOML) over the default"),
    Setting("curriculum", _file, "curriculum (CSV/XLSX) for prerequisite rules"),
    Setting("passport", _file, "programme passport (CSV/XLSX) for the programme rules"),
    Setting("waivers", _file, "waivers file (TOML/CSV)"),
    Setting("lang", lambda: click.Choice(LANGUAGES), "language of the reports and of what the command prints "
            "(independent of the syllabi's language)", default=LANGUAGES[0], show_default=True),
    Setting("workers", lambda: click.IntRange(min=1), "parallel processes (default: number of cores)"),
    Setting("executor", lambda: click.Choice(["local", "dask"]),
            "where the files are read: local processes, or a Dask cluster (--scheduler)", default="local",
            show_default=True),
    Setting("scheduler", lambda: click.STRING, "Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask)"),
    Setting("timeout", lambda: click.FloatRange(min=1), "seconds one file may take (default: policy [limits] "
            "file_timeout_s)", dest="timeout_s"),
    Setting("memory_mb", lambda: click.IntRange(min=64), "memory one file may use (default: policy [limits] "
            "file_memory_mb)"),
    Setting("cache", lambda: click.Path(path_type=Path, file_okay=False),
            "result cache folder (default: beside the register, REGISTER.cache/)", dest="cache_dir"),
)}
# The options of ``audit`` that no settings file sets: what one night asks (rules, formats, a wait,
# a bar), the file itself, and ``--no-cache`` (``cache = false``). A new option is one or the other.
AUDIT_ONLY_OPTIONS = ("config", "no_cache", "select", "ignore", "formats", "wait_s", "progress")


def setting_option(key: str) -> Callable[[F], F]:
    """The option (or argument) of one of ``AUDIT_SETTINGS``, for a command's decorators."""
    return AUDIT_SETTINGS[key].option()
