"""Imports point one way, pipeline -> reports -> checks -> extractors: no module under checks/
may import the CLI or the report writers."""

from __future__ import annotations

import ast
from pathlib import Path

CHECKS = Path(__file__).resolve().parents[2] / "checks"
FORBIDDEN = ("pipeline", "reports")


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_checks_do_not_import_upwards():
    offenders = [
        f"{p.relative_to(CHECKS.parent)} imports {m}"
        for p in sorted(CHECKS.rglob("*.py"))
        for m in imported_modules(p)
        if m.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []
