"""The ``syllabus-audit`` command: a thin layer over the library. Each command lives in its own
module under ``pipeline/commands`` and is registered here.

Exit status 1 means "something to read" (findings, new nonconformities), so a failure of the tool
itself must never end with Python's own status 1: whatever a command did not turn into a message
(a report folder that is read-only or full, a database error, a bug) ends here as ``error: …`` and
status 2 — with the traceback too for a bug, so it can be reported. So does SIGTERM or Ctrl-C:
the command stops (its ``with`` blocks release what they hold) and exits 2 saying so.
"""

from __future__ import annotations

import sys
import traceback

import click
from sqlalchemy.exc import SQLAlchemyError

from pipeline.commands.audit import audit_command
from pipeline.commands.check import check_command, rules_command
from pipeline.commands.common import ToolFailure, unusable
from pipeline.commands.extract import extract_command
from pipeline.commands.register import register as register_group
from pipeline.commands.report import report_command
from pipeline.commands.serve import serve_command
from pipeline.commands.users import users as users_group
from pipeline.errors import RunStopped, stop_on_signals
from pipeline.terminal_text import shown


def os_error_message(exc: OSError) -> str:
    """``/srv/qa/reports/…/report.html: No space left on device``."""
    if exc.filename and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc) or type(exc).__name__


class Main(click.Group):
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
        except SQLAlchemyError as exc:
            raise ToolFailure(shown(unusable(exc))) from None
        except Exception as exc:  # a bug: say so, keep the traceback for the report, exit 2 not 1
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


main.add_command(extract_command)
main.add_command(check_command)
main.add_command(rules_command)
main.add_command(register_group)
main.add_command(report_command)
main.add_command(audit_command)
main.add_command(serve_command)
main.add_command(users_group)
