"""Settings of every command from a TOML file, so a cron line stays short.

The file is ``syllabus-audit.toml`` in the working folder, or the one named by ``--config``, and
every command reads the same one (``audit``, ``report``, ``register …``, ``check``, ``extract``,
``rules``): each takes from it the settings it has an option for (``register list`` its
``register`` and ``lang``, ``report`` its ``register``, ``out`` and ``lang``, ``check`` and
``extract`` their ``policy``, ``timeout`` and ``memory_mb``, so they read files under audit's
limits). Relative paths in it are taken relative to the file's own folder, so the same file works
whatever folder cron starts in.

Its keys are ``SETTINGS``: each is an option of ``audit`` (``memory_mb`` is ``--memory-mb``,
``paths`` its argument), declared once in ``pipeline.commands.common.AUDIT_SETTINGS`` (name,
type, range, choices, default, help): ``audit``'s click options and this file's check are both
built from that declaration, so a value the file accepts is one ``audit`` accepts on its command
line and the other way round, with an error naming the file and the key. ``cache = false`` is
``--no-cache``.

The values become each command's click ``default_map``: an option given on the command line wins
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

CONFIG_NAME = "syllabus-audit.toml"

NO_CACHE = "no-cache"  # ``cache = false`` means this flag
# Settings of the reports, not options of any command: the institution's name shown on every
# report, and the department names' variants, ``[departments]`` "canonical name" = [variants].
REPORT_SETTINGS = ("institution", "departments")


class ConfigError(ValueError):
    def __init__(self, file: str, key: str, problem: str):
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"config {file}: {key + ': ' if key else ''}{problem}")


def flag_of(key: str) -> str:
    return "--" + key.replace("_", "-")


def param_for(command: click.Command, key: str) -> click.Parameter | None:
    """The parameter of ``command`` that a settings key sets: the option spelled like the key
    (``memory_mb`` → ``--memory-mb``), or an argument of that name."""
    for p in command.params:
        if isinstance(p, click.Argument) and p.name == key:
            return p
        if isinstance(p, click.Option) and flag_of(key) in p.opts:
            return p
    return None


def declarations() -> dict:
    """The keys a settings file may have, each an option (or, for paths, the argument) of audit,
    as declared (imported here, late: the commands import this module)."""
    from pipeline.commands.common import AUDIT_SETTINGS

    return AUDIT_SETTINGS


def schema() -> dict[str, click.Parameter]:
    """Each setting's click parameter, made from its declaration as ``audit``'s own option is."""
    return {key: setting.parameter() for key, setting in declarations().items()}


def __getattr__(name: str) -> Any:
    # ``SETTINGS``, the keys in order, comes from the declarations when first asked for, so that
    # importing this module (every command does) does not load the commands' shared module
    if name == "SETTINGS":
        return tuple(declarations())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _range_words(kind: click.ParamType) -> str:
    """``a whole number of at least 64``: what a numeric option accepts, from its click type."""
    words = "a whole number" if isinstance(kind, click.types.IntParamType) else "a number"
    low = getattr(kind, "min", None)
    return words + (f" of at least {low:g}" if low is not None else "")


def _check(file: str, key: str, value: Any, param: click.Parameter, base: Path) -> Any:
    def fail(problem: str):
        raise ConfigError(file, key, problem)

    def as_path(v: Any, what: str) -> str:
        if not isinstance(v, str) or not v.strip():
            fail(f"{what} must be a non-empty string (a path), got {type(v).__name__} {v!r}")
        p = Path(v).expanduser()
        return str(p if p.is_absolute() else base / p)

    def convert(v: Any) -> Any:
        try:
            return param.type.convert(v, param, None)
        except click.BadParameter as exc:
            fail(exc.message)

    kind = param.type
    if key == "cache" and value is False:
        return None
    if isinstance(param, click.Argument) and param.nargs == -1:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            fail(f"must be a list of paths, got {type(value).__name__}")
        return [str(convert(as_path(v, f"item {i + 1}"))) for i, v in enumerate(value)]
    if getattr(kind, "name", "") == "url-or-path":  # --register: a URL as it is, a path from the file's folder
        if isinstance(value, str) and "://" in value:
            convert(value)
            return value
        return as_path(value, "value (a path or a database URL)")
    if isinstance(kind, click.Path):
        what = "value (or false to disable)" if key == "cache" else "value"
        return str(convert(as_path(value, what)))
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail(f"must be {_range_words(kind)}, got {value!r}")
        if isinstance(kind, click.types.IntParamType) and not isinstance(value, int):
            fail(f"must be {_range_words(kind)}, got {value!r}")
        try:
            return kind.convert(value, param, None)
        except click.BadParameter:
            fail(f"must be {_range_words(kind)}, got {value!r}")
    if isinstance(kind, click.Choice):
        if value not in kind.choices:
            fail(f"must be one of {', '.join(map(str, kind.choices))}, got {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        fail(f"must be a non-empty string, got {type(value).__name__} {value!r}")
    return convert(value)


def _check_report_setting(file: str, key: str, value: Any) -> Any:
    if key == "institution":
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(file, key, f"must be a non-empty string, got {type(value).__name__} {value!r}")
        return value.strip()
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and k.strip() and isinstance(v, list) and all(isinstance(a, str) and a.strip() for a in v)
            for k, v in value.items()):
        raise ConfigError(file, key, 'must be a table of "department" = ["variant", ...]')
    return {k.strip(): [a.strip() for a in v] for k, v in value.items()}


def report_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings the reports take (``institution``, ``departments``), for ``build_run_report``."""
    return {k: settings[k] for k in REPORT_SETTINGS if k in settings}


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
    params = schema()
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in REPORT_SETTINGS:
            out[key] = _check_report_setting(file, key, value)
            continue
        if key not in params:
            raise ConfigError(file, key, f"unknown key (expected one of: {', '.join(sorted(params))})")
        out[key] = _check(file, key, value, params[key], base)
    return out


def find_config(explicit: str | Path | None = None, cwd: str | Path | None = None) -> Path | None:
    """``explicit`` if given (it must exist), else ``syllabus-audit.toml`` in ``cwd`` if present."""
    if explicit is not None:
        return Path(explicit)
    candidate = Path(cwd or Path.cwd()) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def default_map(settings: dict[str, Any], names: dict[str, str] | None = None,
                command: click.Command | None = None) -> dict[str, Any]:
    """Settings as a click ``default_map``: for ``command``, only the settings it has a parameter
    for, under that parameter's name (``timeout`` → ``timeout_s``); without a command, under
    ``names`` or the key itself. ``cache = false`` maps to the ``--no-cache`` flag."""
    names = names or {}
    out: dict[str, Any] = {}
    for key, value in settings.items():
        if key == "cache" and value is None:
            key, value = NO_CACHE.replace("-", "_"), True
        if key in names:
            out[names[key]] = value
        elif command is not None:
            param = param_for(command, key)
            if param is not None and param.name:
                out[param.name] = value
        else:
            out[key] = value
    return out


def config_option(*, names: dict[str, str] | None = None, expose: bool = True) -> Callable:
    """A ``--config FILE`` option, for every command that has settings. It is eager, so it is
    handled before every other option: it reads the file (or ``syllabus-audit.toml`` in the
    working folder when there is one) into ``ctx.default_map`` (the settings this command has an
    option for), and click then lets the command line win. ``names`` is only needed for a
    parameter not spelled like its key; ``expose`` passes the file's path to the command as
    ``config``."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        path = find_config(value)
        if path is None:
            return None
        try:
            settings = load_config(path)
        except ConfigError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
        ctx.default_map = {**(ctx.default_map or {}), **default_map(settings, names, ctx.command)}
        # institution and departments have no option: the commands that write reports take them here
        ctx.meta["report_settings"] = report_settings(settings)
        # the whole file, for a command that derives a default from a setting it has no option
        # for (``check`` finds the night's result cache by the ``register``)
        ctx.meta["settings"] = settings
        return str(path)

    return click.option(
        "--config",
        "config",
        type=click.Path(dir_okay=False),
        default=None,
        is_eager=True,
        expose_value=expose,
        callback=callback,
        help=f"settings file (default: {CONFIG_NAME} in the working folder, if there is one); "
        "command-line options win over it",
    )
