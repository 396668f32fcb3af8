"""``syllabus-audit audit``: the nightly job over a folder of syllabi."""

from __future__ import annotations

import logging
import shlex
import shutil
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click

from checks.policy import PolicyError
from extractors.errors import ExtractionError
from pipeline.audit import AuditSettings, new_run_id, run_audit
from pipeline.cache import default_folder
from pipeline.commands.common import (
    check_register,
    lang_option,
    register_option,
    report_formats_option,
    setting_option,
    sqlite_file,
    wait_option,
    while_busy,
)
from pipeline.config import config_option
from pipeline.discovery import DiscoveryError, discover
from pipeline.errors import RunStopped
from pipeline.process_exit import keep_until_exit
from pipeline.terminal_text import shown
from reports.register import RegisterError, RunLockHeld, open_register
from reports.register.errors import database_errors
from reports.register.store import current_revision, make_engine

log = logging.getLogger("syllabus_audit")


@click.command("audit")
@config_option()  # each setting to the option of its flag (--register: url), as declared
@setting_option("paths")
@setting_option("out")
@register_option
@setting_option("policy")
@setting_option("curriculum")
@setting_option("passport")
@setting_option("waivers")
@lang_option
@setting_option("workers")
@setting_option("executor")
@setting_option("scheduler")
@setting_option("timeout")
@setting_option("memory_mb")
@setting_option("cache")
@click.option("--no-cache", is_flag=True, help="parse every file again")
@click.option("--select", multiple=True, help="run only these rules (code, name or group; repeatable)")
@click.option("--ignore", multiple=True, help="skip these rules (code, name or group; repeatable)")
@report_formats_option
@wait_option
@click.option("--progress/--no-progress", default=None, help="progress bar (default: when on a terminal)")
def audit_command(config, paths, out, url, policy, curriculum, passport, waivers, lang, workers, executor, scheduler,
                  timeout_s, memory_mb, cache_dir, no_cache, select, ignore, formats, wait_s, progress) -> None:
    """Audit every syllabus under PATHS: extract, check, update the register, write the reports.

    \b
    Exit status:
      0  no new or recurred nonconformities
      1  new or recurred nonconformities (see the reports)
      2  the run itself failed (bad settings, register busy or unreachable, a rule crashed,
         stopped by SIGTERM or Ctrl-C)
    """
    if not paths:
        _fail("no folder given: syllabus-audit audit FOLDER... (or 'paths' in syllabus-audit.toml)")
    now = datetime.now()
    run_id = new_run_id(now)
    register = check_register(url, create=True)  # a plain path, missing (started here) or a newer schema
    settings = AuditSettings(
        paths=list(paths), out=Path(out), register=register, policy=policy, curriculum=curriculum,
        passport=passport, waivers=waivers, lang=lang, formats=formats or None, run_id=run_id, workers=workers,
        executor=executor, scheduler=scheduler, timeout_s=timeout_s, memory_mb=memory_mb,
        cache_dir=cache_dir or default_folder(register), use_cache=not no_cache, select=tuple(select), ignore=tuple(ignore),
        report=click.get_current_context().meta.get("report_settings", {}),
    )
    with run_log(Path(out) / run_id / "audit.log"):
        try:
            outcome = _run(settings, now, sys.stderr.isatty() if progress is None else progress, wait_s)
        except RunStopped as stop:  # the workers are stopped and the lock released by now
            _fail(_stopped_message(stop, settings))
    keep_until_exit(outcome)  # the run's objects are freed by the process's end, not one by one
    sys.exit(outcome.exit_code)


def _stopped_message(stop: RunStopped, settings: AuditSettings) -> str:
    """What a stopped run leaves, as it is: the run is one transaction, so either nothing of it
    is in the register or all of it is (the signal came after the commit, while the reports were
    being written; those written are removed, as a half-written set would pass for the night's)."""
    recorded = _recorded(settings)
    if recorded is None:
        return (f"stopped by {stop.name}; the register did not say whether run {settings.run_id} was recorded "
                f"(a run is recorded whole or not at all): 'syllabus-audit report {settings.run_id}' tells which")
    if not recorded:
        return f"stopped by {stop.name}; nothing from this run was recorded, the register is as it was before it"
    out_dir = Path(settings.out) / settings.run_id
    for item in out_dir.iterdir() if out_dir.is_dir() else ():
        if item.name == "audit.log":
            continue
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item)
        else:
            item.unlink(missing_ok=True)
    again = shlex.join(["syllabus-audit", "report", settings.run_id, "--out", str(settings.out), "--lang", settings.lang])
    return (f"stopped by {stop.name} after run {settings.run_id} was recorded in the register, before its "
            f"reports were written: write them with {again}")


def _recorded(settings: AuditSettings) -> bool | None:
    """Whether the register holds this run (None: the register cannot tell now)."""
    path = sqlite_file(settings.register)
    if path is not None and not path.is_file():  # stopped before it was started: and not now either
        return False
    try:
        engine = make_engine(settings.register)
        try:
            if current_revision(engine) is None:  # stopped before the new register was set up
                return False
        finally:
            engine.dispose()
        with open_register(settings.register, migrate=False) as register:
            return any(run.id == settings.run_id for run in register.runs())
    except Exception:  # a register that fails now is reported as "could not be checked"
        return None


def _run(settings: AuditSettings, now: datetime, show_bar: bool, wait_s: float = 0.0):
    try:
        found = discover(settings.paths)
    except DiscoveryError as exc:
        _fail(str(exc))
    for line in found.duplicate_lines():
        log.info(line)
    for path, reason in found.unreadable:
        log.warning("%s: cannot be read (%s)", path, reason)
    files = [(f.path, f.sha256) for f in found.files]
    log.info("run %s: %d file(s) to audit in %s", settings.run_id, len(files),
             ", ".join(str(p) for p in settings.paths))
    try:
        if show_bar:
            with click.progressbar(length=len(files), label="reading syllabi", file=sys.stderr) as bar:
                outcome = while_busy(lambda: run_audit(settings, files, found.duplicates, now=now,
                                    progress=lambda path, item: (bar.update(1), _log_file(path, item))), wait_s)
        else:
            outcome = while_busy(lambda: run_audit(settings, files, found.duplicates, now=now, progress=_log_file), wait_s)
    except RunLockHeld as exc:
        _fail(f"another audit is running on this register: {exc}")
    except (PolicyError, RegisterError, ValueError, OSError) as exc:
        _fail(str(exc))
    except database_errors() as exc:  # the database library's error, named by the register package
        _fail(f"the register could not be used: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
    except click.ClickException as exc:  # ToolFailure and the like: status 2 from the command line
        _fail(exc.format_message())
    except Exception as exc:  # a bug: the log keeps the traceback, the night is marked failed
        _to_file_log("the run failed", exc_info=sys.exc_info())
        _fail(f"the run failed: {exc.__class__.__name__}: {exc} (traceback in {_log_path()})")
    for line in outcome.summary_lines():
        log.info(line)
        click.echo(shown(line))
    return outcome


def _log_file(path: str, item) -> None:
    if isinstance(item, ExtractionError):
        log.warning("%s: %s", path, item.title + (f": {item.detail}" if item.detail else ""))
    else:
        log.info("%s: read", path)


class ShownFormatter(logging.Formatter):
    """Log lines with file names and document text escaped (``pipeline.terminal_text``), whoever
    logged them: one line per record, never an escape sequence, whatever the file was called."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return shown(super().formatMessage(record))

    def formatException(self, ei) -> str:
        return shown(super().formatException(ei), keep_newlines=True)

    def formatStack(self, stack_info: str) -> str:
        return shown(super().formatStack(stack_info), keep_newlines=True)


@contextmanager
def run_log(path: Path):
    """Plain log lines in the run's folder, and on stderr when it is not a terminal (cron)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [logging.FileHandler(path, encoding="utf-8")]
    handlers[0].setFormatter(ShownFormatter("%(asctime)s %(levelname)s %(message)s"))
    if not sys.stderr.isatty():
        handlers.append(logging.StreamHandler(sys.stderr))
        handlers[1].setFormatter(ShownFormatter("%(message)s"))
    for handler in handlers:
        log.addHandler(handler)
    level, propagate = log.level, log.propagate
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        yield
    finally:
        for handler in handlers:
            log.removeHandler(handler)
            handler.close()
        log.setLevel(level)
        log.propagate = propagate  # a later in-process run (tests) logs as before


def _log_path() -> str:
    files = [h.baseFilename for h in log.handlers if isinstance(h, logging.FileHandler)]
    return files[0] if files else "the run's audit.log"


def _to_file_log(message: str, exc_info=None) -> None:
    """An error line for the run's log file only (stderr gets the one-line ``error:``)."""
    for handler in log.handlers:
        if isinstance(handler, logging.FileHandler):
            handler.handle(log.makeRecord(log.name, logging.ERROR, __file__, 0, message, None, exc_info))


def _fail(message: str) -> None:
    """Exit 2 with the reason on stderr and in the run's log (when one is open), so a failed
    night's folder says why it has no reports."""
    _to_file_log(f"run failed: {message}")
    click.echo(f"error: {shown(message)}", err=True)
    sys.exit(2)
