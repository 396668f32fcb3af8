"""The console script's end: everything a process must do at exit, then nothing else.

A command that held a night's run (1,000 syllabi, their findings and records, the reports' rows:
millions of objects) spent most of a second after its last line freeing them one by one, for
memory the system takes back at once when the process ends: 0.45-0.5 s as the run went out of
scope, and 0.3 s more in the interpreter's own teardown (measured on a warm 1,000-file night,
issue 13). Compilers do the same for the same reason (GCC and Clang do not free their trees at
exit).

``console_main`` runs the command as ``syllabus-audit`` does, then ends the process the way the
interpreter would, minus the freeing: other threads are waited for as at a normal exit (if there
are any, the process simply exits as usual), the ``atexit`` handlers run (the logging handlers are
flushed and closed, temporary folders removed, multiprocessing's children joined), standard output
and error are flushed, and ``os._exit`` ends it with the command's status. Only the console
script ends this way: ``pipeline.cli.main`` itself, which the tests and the web interface call in
their own process, returns or raises as before.

``keep_until_exit`` is how a command leaves its result to the exit: held here, it is not freed
when the command returns. It holds nothing unless the process ends through ``console_main``, so a
process that runs commands in-process (the tests) keeps nothing.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import Any

_kept: list[Any] = []
_ending_here = False  # set by console_main: the process ends through it


def keep_until_exit(obj: Any) -> None:
    """Leave ``obj`` for the process's end to free (see the module), when it ends here."""
    if _ending_here:
        _kept.append(obj)


def exit_status(code: Any) -> int:
    """``SystemExit.code`` as the interpreter turns it into a process status: None is 0, an
    integer is itself, anything else is printed to standard error and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    try:
        sys.stderr.write(f"{code}\n")
    except (OSError, ValueError):
        pass
    return 1


def console_main(command, **kwargs: Any) -> None:
    """Run the click ``command`` as the console script (``standalone_mode``), then end the
    process without freeing what it holds (see the module)."""
    global _ending_here
    _ending_here = True
    try:
        command.main(**kwargs)
        code: Any = 0
    except SystemExit as stop:
        code = stop.code
    status = exit_status(code)
    if threading.active_count() > 1:  # a thread still running: the usual exit waits for it
        sys.exit(status)
    atexit._run_exitfuncs()  # what the interpreter runs at exit, before its teardown
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (``| head``): nothing more can be said
            pass
    os._exit(status)
