"""The wheel's layout: every package of the checkout inside one top-level package, ``syllabus_audit``.

The checkout keeps the design card's top-level folders (pipeline/, extractors/, checks/, reports/,
data/) and their absolute imports (``from checks.policy import Policy``), and so does the editable
install used for development. Installed as such, a wheel would put modules named ``data``,
``checks``, ``reports``, ``pipeline`` and ``extractors`` at the top of site-packages, where they
collide with any other distribution's packages of those names (issue 12).

So the wheel build vendors them, the way pip vendors its dependencies under ``pip._vendor``: this
``build_py`` runs setuptools' own, then moves the five packages (modules and package data) under
``syllabus_audit/`` and rewrites their absolute imports of each other to ``syllabus_audit.<pkg>``.
The imports are found with :mod:`ast` and edited at the positions :mod:`tokenize` gives, so only
import statements change, nothing inside strings or comments, and every line keeps its number
(tracebacks from an installed copy point at the checkout's lines). Names given as strings are
relative in the source (``__package__``, ``__name__``), so nothing else needs rewriting.

The editable install (``pip install -e .``, setuptools' ``editable_wheel``) sets ``editable_mode``
and gets setuptools' behaviour unchanged. ``EggInfo`` leaves out the metadata's legacy
``top_level.txt``, which would name the five packages. An sdist is the checkout's files (MANIFEST.in ships this
module), so a wheel built from it goes through here too.
"""

from __future__ import annotations

import ast
import io
import shutil
import tokenize
from pathlib import Path

from setuptools.command.build_py import build_py
from setuptools.command.egg_info import egg_info

TOP = "syllabus_audit"
VENDORED = ("pipeline", "extractors", "checks", "reports", "data")


class WheelLayoutError(RuntimeError):
    """An import the rewrite cannot keep equivalent; the build stops instead of shipping it."""


def _char_col(line: str, byte_col: int) -> int:
    """ast counts columns in UTF-8 bytes, tokenize in characters (the sources hold Cyrillic)."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8"))


def rewrite_imports(source: str, filename: str = "<source>", packages: tuple[str, ...] = VENDORED) -> str:
    """``source`` with its absolute imports of ``packages`` moved under :data:`TOP`."""
    tree = ast.parse(source, filename)
    lines = source.splitlines(keepends=True)
    # Where each ``from`` keyword starts, and the name token after it (the module's first part).
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.NL, tokenize.COMMENT)]
    after_from = {tok.start: tokens[i + 1] for i, tok in enumerate(tokens[:-1]) if tok.string == "from"}

    edits: list[tuple[int, int, int, str]] = []  # (line, start col, end col, replacement), 1-based lines
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] not in packages:
                continue
            name = after_from[(node.lineno, _char_col(lines[node.lineno - 1], node.col_offset))]
            (row, col) = name.start
            edits.append((row, col, col, f"{TOP}."))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in packages:
                    continue
                if alias.asname is None and "." in alias.name:
                    # ``import checks.policy`` binds ``checks``; no one-line rewrite binds the same name.
                    raise WheelLayoutError(
                        f"{filename}:{alias.lineno}: write 'from {alias.name.rpartition('.')[0]} import "
                        f"{alias.name.rpartition('.')[2]}' or 'import {alias.name} as ...' instead of "
                        f"'import {alias.name}': the wheel moves {alias.name.split('.')[0]} under {TOP}"
                    )
                col = _char_col(lines[alias.lineno - 1], alias.col_offset)
                # ``import checks`` becomes ``import syllabus_audit.checks as checks``: the same name bound
                suffix = "" if alias.asname else f" as {alias.name}"
                end = col + len(alias.name)
                edits.append((alias.lineno, col, end, f"{TOP}.{alias.name}{suffix}"))

    # Right to left, so earlier columns on the same line stay valid.
    for row, start, end, text in sorted(edits, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + text + line[end:]
    result = "".join(lines)
    _check(result, filename, packages)
    return result


def _check(source: str, filename: str, packages: tuple[str, ...]) -> None:
    """The rewritten file parses and imports none of ``packages`` from the top level any more."""
    for node in ast.walk(ast.parse(source, filename)):
        names = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        left = [n for n in names if n.split(".")[0] in packages]
        if left:
            raise WheelLayoutError(f"{filename}:{node.lineno}: import of {left} left at the top level")


class BuildPy(build_py):
    """setuptools' ``build_py``, then the packages moved under ``syllabus_audit`` (not in editable mode)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or self.dry_run:
            return
        lib = Path(self.build_lib)
        top = lib / TOP
        if not (top / "__init__.py").is_file():
            raise WheelLayoutError(f"{top}/__init__.py was not built: is {TOP} in [tool.setuptools.packages.find]?")
        for package in VENDORED:
            target = top / package
            # A build/ folder left by an earlier build: its moved copy is stale, the fresh one is at the top.
            if target.exists():
                shutil.rmtree(target)
            if (lib / package).exists():
                shutil.move(str(lib / package), str(target))
        for path in sorted(top.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            new = rewrite_imports(text, str(path.relative_to(lib)))
            if new != text:
                path.write_text(new, encoding="utf-8")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        """The files where ``run`` leaves them (``install --record`` and friends read this)."""
        if getattr(self, "editable_mode", False):
            return super().get_outputs(include_bytecode)
        lib = Path(self.build_lib)
        moved = []
        for out in super().get_outputs(include_bytecode):
            rel = Path(out).relative_to(lib)
            if rel.parts and rel.parts[0] in VENDORED:
                rel = Path(TOP, *rel.parts)
            moved.append(str(lib / rel))
        return moved


class EggInfo(egg_info):
    """setuptools' ``egg_info`` without the legacy ``top_level.txt``.

    setuptools writes it from the checkout's packages, before ``build_py`` runs, so in the wheel it
    would claim ``checks``, ``data`` and the rest; ``importlib.metadata.packages_distributions()``
    reads it first, and without it infers the names from the files the wheel really installs
    (``syllabus_audit``). The metadata is the same for the editable install and the wheel (pip asks
    for it before either build), so the editable install goes without it too. Nothing in pip or
    setuptools reads it for a wheel."""

    def run(self) -> None:
        super().run()
        Path(self.egg_info, "top_level.txt").unlink(missing_ok=True)
