"""The ``syllabus-audit`` console script's target, one name for both layouts: this import is
``pipeline.cli`` in the checkout and is rewritten to ``syllabus_audit.pipeline.cli`` in the wheel
with every other import (tools/wheel_layout.py)."""

from pipeline.cli import main

__all__ = ["main"]
