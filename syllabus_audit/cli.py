"""The ``syllabus-audit`` console script's target, one name for both layouts: this import is
``pipeline.cli`` in the checkout and is rewritten to ``syllabus_audit.pipeline.cli`` in the wheel
with every other import (tools/wheel_layout.py). It is ``pipeline.cli.console_main``: the click
group ``pipeline.cli.main`` run as a command line, ending the process without freeing what the
command held (``pipeline.process_exit``)."""

from pipeline.cli import console_main as main

__all__ = ["main"]
