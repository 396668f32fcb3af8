"""The ``syllabus-audit`` command: a thin layer over the library. Each command lives in its own
module under ``pipeline/commands`` and is registered here.

Exit status 1 means "something to read" (findings, new nonconformities), so a failure of the tool
itself must never end with Python's own status 1: whatever a command did not turn into a message
(a report folder that is read-only or full, a database error, a bug) ends here as ``error: …`` and
status 2 — with the traceback too for a bug, so it can be reported. So does SIGTERM or Ctrl-C:
the command stops (its ``with`` blocks release what they hold) and exits 2 saying so.
"""

from __future__ import annotations

import importlib
import sys
import traceback

import click
from click.utils import make_default_short_help

from pipeline.commands import ToolFailure
from pipeline.errors import RunStopped, stop_on_signals
from pipeline.terminal_text import shown

# Each command's module is imported only when that command runs (click's "lazily loading
# subcommands"): ``syllabus-audit --help`` or ``rules`` must not pay for spaCy, pandas,
# pdfplumber, SQLAlchemy and the report writers that other commands need. The summary is the
# first paragraph of the command's help, shown by ``--help`` without importing it
# (tests/pipeline/test_cli_lazy.py keeps each summary equal to its command's own). The modules are named
# relative to this package, so the table holds in the installed wheel too, where the package is
# syllabus_audit.pipeline (README, "Layout").
COMMANDS: dict[str, tuple[str, str]] = {
    "audit": (".commands.audit:audit_command",
              "Audit every syllabus under PATHS: extract, check, update the register, write the reports."),
    "check": (".commands.check:check_command",
              "Check syllabi against the rules and print the findings."),
    "extract": (".commands.extract:extract_command",
                "Read syllabi (PDF, DOCX, DOC, ODT, RTF) and print what was extracted."),
    "register": (".commands.register:register",
                 "The nonconformity register: list and show records, plan corrective actions, close and "
                 "verify them, and fill the plan in Excel (export-xlsx / import-xlsx)."),
    "report": (".commands.report:report_command",
               "Render the reports of RUN_ID (default: the latest run) from the register, in any language."),
    "rules": (".commands.rules:rules_command",
              "List every rule with its documentation (the examples in English, with --lang en)."),
    "serve": (".commands.serve:serve_command",
              "Serve the register in a browser: runs, records with filters, one record's evidence, history "
              "and forms, each department's page. Users: 'syllabus-audit users add'. Stop with Ctrl-C."),
    "users": (".commands.users:users",
              "Accounts of the register in a browser ('syllabus-audit serve')."),
}


def os_error_message(exc: OSError) -> str:
    """``/srv/qa/reports/…/report.html: No space left on device``."""
    if exc.filename and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc) or type(exc).__name__


def _sqlalchemy_error(exc: Exception) -> bool:
    """Whether ``exc`` is SQLAlchemy's, without importing SQLAlchemy for commands that never did."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError)


class Main(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, attr = COMMANDS[name][0].split(":")
            self.commands[name] = getattr(importlib.import_module(module, __package__), attr)
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's own, with the summaries of commands not yet imported taken from ``COMMANDS``."""
        names = [n for n in self.list_commands(ctx) if n in self.commands or n in COMMANDS]
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            cmd = self.commands.get(name)
            if cmd is not None:
                if cmd.hidden:
                    continue
                rows.append((name, cmd.get_short_help_str(limit)))
            else:
                rows.append((name, make_default_short_help(COMMANDS[name][1], limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            with stop_on_signals():
                return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except click.ClickException as exc:
            # a message may name a file: its escape sequences are shown, never sent to the terminal
            exc.message = shown(exc.message, keep_newlines=True)
            raise
        except RunStopped as exc:  # ``audit`` says more (what was recorded) before it gets here
            raise ToolFailure(f"stopped by {exc.name} before the command finished") from None
        except KeyboardInterrupt:  # Ctrl-C where the handler could not be set (not the main thread)
            raise ToolFailure("stopped by SIGINT (Ctrl-C) before the command finished") from None
        except OSError as exc:
            raise ToolFailure(shown(os_error_message(exc))) from None
        except Exception as exc:
            if _sqlalchemy_error(exc):  # the register's trouble, said in one line
                from pipeline.commands.common import unusable

                raise ToolFailure(shown(unusable(exc))) from None
            # a bug: say so, keep the traceback for the report, exit 2 not 1
            sys.stderr.write(shown(traceback.format_exc(), keep_newlines=True))
            raise ToolFailure(f"internal error ({type(exc).__name__}: {shown(exc)}); please report it with the "
                              "traceback above") from None


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="syllabus-audit")
def main() -> None:
    """Audit course syllabi against the credit-system rules and institutional policy.

    \b
    Exit status of every command:
      0  done, nothing to report
      1  something to read: findings, new or recurred nonconformities, unreadable files
      2  the tool or the register failed (bad settings, register missing, busy,
         unreachable or newer than this tool, a folder that cannot be written)
    """


def console_main() -> None:
    """The ``syllabus-audit`` console script (``syllabus_audit.cli:main``): ``main`` as a command
    line runs it, ending the process without freeing what the command held
    (``pipeline.process_exit``)."""
    from pipeline.process_exit import console_main as run

    run(main, prog_name="syllabus-audit")
