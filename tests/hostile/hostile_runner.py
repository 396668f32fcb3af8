"""``syllabus-audit`` exactly as its entry point runs it (``syllabus_audit.cli:main``), with optional
fault points for the tests that must hit a run at a precise moment:

- ``HOSTILE_PAUSE=register``: inside the register transaction, once every record is written and
  flushed but not committed, create the file ``HOSTILE_MARKER`` and sleep (to be killed there);
- ``HOSTILE_PAUSE=extract``: after the first file has been read, while the workers still read the
  others, create ``HOSTILE_MARKER`` and sleep (to be sent SIGTERM there);
- ``HOSTILE_SWAP=TARGET::SOURCE``: once discovery has hashed the files, copy SOURCE over TARGET,
  as a colleague saving a new version while the night reads the share would;
- ``HOSTILE_NO_OCR=1``: the machine has no OCR (tesserocr cannot be imported), as on a server
  without Tesseract: the outcome of a glyph-only PDF does not then depend on the machine.

Without these variables it is the plain command.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

if os.environ.get("HOSTILE_NO_OCR"):
    # at import, not under __main__: a worker started by "spawn" imports this module too
    sys.modules["tesserocr"] = None  # "import tesserocr" raises ImportError


def _signal_ready() -> None:
    Path(os.environ["HOSTILE_MARKER"]).write_text(str(os.getpid()), encoding="utf-8")


def _install_hooks() -> None:
    pause = os.environ.get("HOSTILE_PAUSE")
    if pause == "register":
        import reports.register.lifecycle as lifecycle  # record_run takes apply_run from there on each call

        original = lifecycle.apply_run

        def paused(session, *args, **kwargs):
            outcome = original(session, *args, **kwargs)
            session.flush()
            _signal_ready()
            time.sleep(600)
            return outcome

        lifecycle.apply_run = paused
    elif pause == "extract":
        import pipeline.commands.audit as audit_command

        original_log = audit_command._log_file
        state = {"first": True}

        def paused_log(path, item):
            original_log(path, item)
            if state["first"]:
                state["first"] = False
                _signal_ready()
                time.sleep(600)

        audit_command._log_file = paused_log
    swap = os.environ.get("HOSTILE_SWAP")
    if swap:
        import pipeline.commands.audit as audit_command

        target, source = swap.split("::")
        original_discover = audit_command.discover

        def discover_then_replace(paths):
            found = original_discover(paths)
            shutil.copyfile(source, target)
            return found

        audit_command.discover = discover_then_replace


if __name__ == "__main__":
    _install_hooks()
    # the console script's own target: the night ends as cron's does (pipeline.process_exit)
    from syllabus_audit.cli import main

    sys.argv[0] = "syllabus-audit"
    main()
