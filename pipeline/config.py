"""Settings of the ``audit`` command from a TOML file, so a cron line stays short.

The file is ``syllabus-audit.toml`` in the working folder, or the one named by ``--config``.
Its keys are the command's option names; values are checked (type, unknown key) with an error
naming the file and the key. Relative paths in it are taken relative to the file's own folder,
so the same file works whatever folder cron starts in.

The values become the command's click ``default_map``: an option given on the command line wins
over the file, and the file wins over the option's own default (click's precedence, not ours).

    # syllabus-audit.toml
    paths = ["//fileserver/syllabi/2025-26"]
    register = "qa/register.sqlite3"
    out = "reports/nightly"
    workers = 4
    timeout = 300
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import click

CONFIG_NAME = "syllabus-audit.toml"

LANGS = ("auto", "kk", "ru", "en")
EXECUTORS = ("local", "dask")


class ConfigError(ValueError):
    def __init__(self, file: str, key: str, problem: str):
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"config {file}: {key + ': ' if key else ''}{problem}")


@dataclass(frozen=True)
class _Key:
    kind: str  # path | str | int | number | list-of-paths | choice | path-or-false
    choices: tuple[str, ...] = ()


SCHEMA: dict[str, _Key] = {
    "out": _Key("path"),
    "register": _Key("path"),
    "policy": _Key("path"),
    "curriculum": _Key("path"),
    "waivers": _Key("path"),
    "lang": _Key("choice", LANGS),
    "workers": _Key("int"),
    "executor": _Key("choice", EXECUTORS),
    "scheduler": _Key("str"),
    "timeout": _Key("number"),
    "memory_mb": _Key("int"),
    "cache": _Key("path-or-false"),
    "paths": _Key("list-of-paths"),
}


def _check(file: str, key: str, value: Any, spec: _Key, base: Path) -> Any:
    def fail(problem: str):
        raise ConfigError(file, key, problem)

    def as_path(v: Any, what: str) -> str:
        if not isinstance(v, str) or not v.strip():
            fail(f"{what} must be a non-empty string (a path), got {type(v).__name__} {v!r}")
        p = Path(v).expanduser()
        return str(p if p.is_absolute() else base / p)

    if spec.kind == "path":
        return as_path(value, "value")
    if spec.kind == "path-or-false":
        if value is False:
            return None
        return as_path(value, "value (or false to disable)")
    if spec.kind == "str":
        if not isinstance(value, str) or not value.strip():
            fail(f"must be a non-empty string, got {type(value).__name__} {value!r}")
        return value
    if spec.kind == "choice":
        if value not in spec.choices:
            fail(f"must be one of {', '.join(spec.choices)}, got {value!r}")
        return value
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            fail(f"must be a whole number of at least 1, got {value!r}")
        return value
    if spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            fail(f"must be a positive number (seconds), got {value!r}")
        return float(value)
    if spec.kind == "list-of-paths":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            fail(f"must be a list of paths, got {type(value).__name__}")
        return [as_path(v, f"item {i + 1}") for i, v in enumerate(value)]
    raise AssertionError(spec.kind)


def load_config(path: str | Path) -> dict[str, Any]:
    """The file's settings, validated, with relative paths resolved against its folder."""
    path = Path(path)
    file = str(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(file, "", "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(file, "", f"not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(file, "", f"cannot be read ({exc.strerror})") from None
    base = path.resolve().parent
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in SCHEMA:
            raise ConfigError(file, key, f"unknown key (expected one of: {', '.join(sorted(SCHEMA))})")
        out[key] = _check(file, key, value, SCHEMA[key], base)
    return out


def find_config(explicit: str | Path | None = None, cwd: str | Path | None = None) -> Path | None:
    """``explicit`` if given (it must exist), else ``syllabus-audit.toml`` in ``cwd`` if present."""
    if explicit is not None:
        return Path(explicit)
    candidate = Path(cwd or Path.cwd()) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def default_map(settings: dict[str, Any], names: dict[str, str] | None = None) -> dict[str, Any]:
    """Settings as a click ``default_map`` for the ``audit`` command. ``names`` renames keys whose
    click parameter is called differently (``{"timeout": "timeout_s"}``). ``cache = false`` maps
    to ``no_cache = True``."""
    names = names or {}
    out: dict[str, Any] = {}
    for key, value in settings.items():
        if key == "cache" and value is None:
            out[names.get("no_cache", "no_cache")] = True
            continue
        out[names.get(key, key)] = value
    return out


def config_option(*, names: dict[str, str] | None = None) -> Callable:
    """A ``--config FILE`` option for the ``audit`` command. It is eager, so it is handled before
    every other option: it reads the file (or ``syllabus-audit.toml`` in the working folder when
    there is one) into ``ctx.default_map``, and click then lets the command line win."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        path = find_config(value)
        if path is None:
            return None
        try:
            settings = load_config(path)
        except ConfigError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
        ctx.default_map = {**(ctx.default_map or {}), **default_map(settings, names)}
        return str(path)

    return click.option(
        "--config",
        "config",
        type=click.Path(dir_okay=False),
        default=None,
        is_eager=True,
        expose_value=True,
        callback=callback,
        help=f"settings file (default: {CONFIG_NAME} in the working folder, if there is one); "
        "command-line options win over it",
    )
