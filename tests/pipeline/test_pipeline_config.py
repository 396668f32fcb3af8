"""syllabus-audit.toml: values applied, the command line wins (click's default_map), bad files
refused naming the file and the key."""

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.config import CONFIG_NAME, ConfigError, config_option, default_map, load_config


@click.command()
@config_option(expose=True)
@click.argument("paths", nargs=-1)
@click.option("--out")
@click.option("--register")
@click.option("--workers", type=int, default=None)
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local")
@click.option("--timeout", type=float, default=300.0)
@click.option("--lang", default="auto")
@click.option("--no-cache", is_flag=True)
def audit_like(config, paths, out, register, workers, executor, timeout, lang, no_cache):
    click.echo(repr(dict(config=config, paths=list(paths), out=out, register=register, workers=workers,
                         executor=executor, timeout=timeout, lang=lang, no_cache=no_cache)))


def _run(args, cwd: Path):
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=cwd) as d:
        result = runner.invoke(audit_like, args, catch_exceptions=False)
    return result, Path(d)


def _write(folder: Path, text: str, name: str = CONFIG_NAME) -> Path:
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_values_from_the_file_in_the_working_folder(tmp_path, monkeypatch):
    _write(tmp_path, 'paths = ["syllabi"]\nregister = "qa/register.sqlite3"\nworkers = 3\ntimeout = 60\nlang = "kk"\n')
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(audit_like, [])
    assert r.exit_code == 0, r.output
    got = eval(r.output)
    assert got["paths"] == [str(tmp_path / "syllabi")]  # relative to the file's folder
    assert got["register"] == str(tmp_path / "qa/register.sqlite3")
    assert (got["workers"], got["timeout"], got["lang"], got["executor"]) == (3, 60.0, "kk", "local")


def test_command_line_wins(tmp_path, monkeypatch):
    _write(tmp_path, 'paths = ["syllabi"]\nworkers = 3\nexecutor = "dask"\ncache = false\n')
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(audit_like, ["other", "--workers", "1", "--executor", "local"])
    got = eval(r.output)
    assert (got["paths"], got["workers"], got["executor"], got["no_cache"]) == (["other"], 1, "local", True)


def test_explicit_config_file_from_anywhere(tmp_path, monkeypatch):
    (tmp_path / "etc").mkdir()
    conf = _write(tmp_path / "etc", 'out = "reports"\n', "nightly.toml")
    monkeypatch.chdir(tmp_path)
    got = eval(CliRunner().invoke(audit_like, ["--config", str(conf)]).output)
    assert got["out"] == str(tmp_path / "etc" / "reports") and got["config"] == str(conf)


def test_no_file_means_the_commands_own_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    got = eval(CliRunner().invoke(audit_like, ["x"]).output)
    assert got["config"] is None and got["workers"] is None and got["timeout"] == 300.0


@pytest.mark.parametrize(
    "text, key, words",
    [
        ('wokers = 3\n', "wokers", "unknown key"),
        ('workers = "four"\n', "workers", "whole number"),
        ('workers = 0\n', "workers", "whole number"),
        ('timeout = -1\n', "timeout", "number of at least 1"),
        ('timeout = 0.5\n', "timeout", "number of at least 1"),  # audit's own --timeout range
        ('memory_mb = 10\n', "memory_mb", "whole number of at least 64"),
        ('lang = "auto"\n', "lang", "one of kk, ru, en"),  # passed the file once, failed --lang
        ('cache = true\n', "cache", "or false"),
        ('executor = "spark"\n', "executor", "one of local, dask"),
        ('paths = [1]\n', "paths", "item 1"),
        ('register = 5\n', "register", "path"),
        ('workers = [\n', "", "not valid TOML"),
    ],
)
def test_bad_files_name_file_and_key(tmp_path, text, key, words):
    conf = _write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_config(conf)
    assert e.value.file == str(conf) and e.value.key == key and words in str(e.value)


def test_bad_file_is_a_usage_error_not_a_traceback(tmp_path, monkeypatch):
    _write(tmp_path, "wokers = 3\n")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(audit_like, [])
    assert r.exit_code == 2 and "wokers" in r.output and CONFIG_NAME in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(audit_like, ["--config", str(tmp_path / "missing.toml")])
    assert r.exit_code == 2 and "file not found" in r.output


def test_default_map_renames():
    assert default_map({"timeout": 5.0, "cache": None}, {"timeout": "timeout_s"}) == {"timeout_s": 5.0, "no_cache": True}


# --------------------------------------------------------------------------- one definition per setting


def _described(param: click.Parameter) -> dict:
    """What a person and a settings file see of a parameter: its flags, name, type with its
    range and choices, default, help and environment variable."""
    kind = param.type
    return {"class": type(param).__name__, "opts": param.opts, "name": param.name, "nargs": param.nargs,
            "type": type(kind).__name__, "choices": tuple(getattr(kind, "choices", ()) or ()),
            "range": (getattr(kind, "min", None), getattr(kind, "max", None)),
            "path": tuple(getattr(kind, a, None) for a in ("file_okay", "dir_okay", "type")),
            "default": param.default, "help": getattr(param, "help", None), "envvar": param.envvar}


def test_each_setting_is_the_audit_option_of_its_name():
    """The settings file is checked by audit's own options: one declaration makes both, and the
    two agree in names, types, ranges, choices, defaults and help."""
    from pipeline.commands.audit import audit_command
    from pipeline.commands.common import AUDIT_ONLY_OPTIONS, AUDIT_SETTINGS
    from pipeline.config import SETTINGS, param_for, schema

    params = schema()
    assert list(params) == list(SETTINGS) == list(AUDIT_SETTINGS)
    for key, param in params.items():
        option = param_for(audit_command, key)
        assert option is not None, f"setting {key!r} is not an option of audit"
        assert _described(param) == _described(option), key
    # and the other way round: every option of audit is a setting, or said not to be one
    settings = {p.name for p in params.values()}
    others = [p.name for p in audit_command.params if p.name not in settings]
    assert sorted(others) == sorted(AUDIT_ONLY_OPTIONS)
    lang = params["lang"]
    assert isinstance(lang.type, click.Choice) and lang.name == "lang" and lang.default == "kk"


def test_the_agreement_test_has_teeth():
    """A setting whose option drifted (another choice, another range) is told apart."""
    from pipeline.commands.common import AUDIT_SETTINGS

    lang = AUDIT_SETTINGS["lang"].parameter()
    assert _described(lang) != _described(click.Option(["--lang"], type=click.Choice(["kk", "ru", "en", "auto"]),
                                                       default="kk", help=lang.help))
    memory = AUDIT_SETTINGS["memory_mb"].parameter()
    assert _described(memory) != _described(click.Option(["--memory-mb"], type=click.IntRange(min=32), help=memory.help))


def test_every_value_the_file_accepts_the_command_line_accepts(tmp_path, monkeypatch):
    """The drift of issue 12: lang = "auto" passed the file and failed --lang; now one check."""
    from pipeline.commands.audit import audit_command
    from pipeline.config import schema

    for choice in schema()["lang"].type.choices:
        _write(tmp_path, f'lang = "{choice}"\n')
        assert load_config(tmp_path / CONFIG_NAME)["lang"] == choice
    _write(tmp_path, 'lang = "auto"\n')
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(audit_command, [])
    assert r.exit_code == 2 and "lang: must be one of kk, ru, en" in r.output and CONFIG_NAME in r.output


def test_register_may_be_a_url_or_a_path_from_the_files_folder(tmp_path):
    _write(tmp_path, 'register = "postgresql+psycopg://audit@db/audit"\n')
    assert load_config(tmp_path / CONFIG_NAME)["register"] == "postgresql+psycopg://audit@db/audit"
    _write(tmp_path, 'register = "qa/register.sqlite3"\n')
    assert load_config(tmp_path / CONFIG_NAME)["register"] == str(tmp_path / "qa" / "register.sqlite3")


def test_each_command_takes_the_settings_it_has_an_option_for(tmp_path, monkeypatch):
    from pipeline.commands.check import check_command
    from pipeline.commands.register import list_command
    from pipeline.commands.report import report_command

    settings = {"paths": ["/s"], "register": "/qa/r.sqlite3", "out": "/qa/out", "policy": "/qa/p.toml",
                "lang": "ru", "workers": 2, "cache": None}
    assert default_map(settings, command=list_command) == {"url": "/qa/r.sqlite3", "lang": "ru"}
    assert default_map(settings, command=report_command) == {"url": "/qa/r.sqlite3", "out": "/qa/out", "lang": "ru"}
    # cache = false is --no-cache for check too: it reads the night's cache, never another
    assert default_map(settings, command=check_command) == {"policy_file": "/qa/p.toml", "lang": "ru", "no_cache": True}
    assert default_map({**settings, "cache": "/qa/c"}, command=check_command) == {
        "policy_file": "/qa/p.toml", "lang": "ru", "cache_dir": "/qa/c"}


def test_check_reads_the_policy_from_the_settings_file(tmp_path, monkeypatch):
    from pipeline.cli import main

    _write(tmp_path, 'policy = "qa/missing-policy.toml"\n')
    monkeypatch.chdir(tmp_path)
    sample = Path(__file__).resolve().parent.parent / "corpus" / "clean_en.docx"
    r = CliRunner().invoke(main, ["check", str(sample)])
    assert r.exit_code == 2 and "missing-policy.toml" in r.output, r.output
    r = CliRunner().invoke(main, ["rules"])
    assert r.exit_code == 2 and "missing-policy.toml" in r.output, r.output


def test_library_cache_default_is_beside_the_register_as_the_cli(tmp_path, monkeypatch):
    """AuditSettings without cache_dir (a library caller) keeps the cache where the CLI does, beside
    the register, not in the report folder a nightly cron line renames every night."""
    from pipeline.audit import AuditSettings
    from pipeline.cache import default_folder

    url = f"sqlite:///{tmp_path / 'qa' / 'register.sqlite3'}"
    night = AuditSettings(paths=[tmp_path], out=tmp_path / "reports" / "2026-03-01", register=url)
    assert night.cache_folder() == default_folder(url) == tmp_path / "qa" / "register.sqlite3.cache"
    assert AuditSettings(paths=[tmp_path], out=tmp_path / "other-night", register=url).cache_folder() == night.cache_folder()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SYLLABUS_AUDIT_REGISTER", raising=False)
    assert AuditSettings(paths=[tmp_path]).cache_folder() == tmp_path.resolve() / "register.sqlite3.cache"
    assert AuditSettings(paths=[tmp_path], cache_dir=tmp_path / "c").cache_folder() == tmp_path / "c"
    assert AuditSettings(paths=[tmp_path], use_cache=False).cache_folder() is None


def _all_commands():
    """Every command of the CLI, sub-commands of groups included, by their full name."""
    from pipeline.cli import main

    ctx = click.Context(main)
    out = {}

    def walk(group, prefix):
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if isinstance(command, click.Group):
                walk(command, f"{prefix}{name} ")
            elif command is not None:
                out[f"{prefix}{name}"] = command

    walk(main, "")
    return out


def test_every_command_accepts_every_value_the_file_gives_it():
    """The settings file is read by every command (each takes the settings it has an option for):
    whatever the file accepts for a key, that command's option of the key accepts too, so one
    settings file never breaks a command that reads it (``check --lang`` may add ``auto``)."""
    from pipeline.config import param_for, schema

    params = schema()
    commands = _all_commands()
    assert {"audit", "check", "register list", "report"} <= set(commands)
    seen = 0
    for name, command in commands.items():
        for key, declared in params.items():
            option = param_for(command, key)
            if option is None:
                continue
            seen += 1
            want, got = declared.type, option.type
            assert type(got) is type(want) or (isinstance(want, click.Path) and isinstance(got, click.Path)), (name, key)
            if isinstance(want, click.Choice):
                assert set(want.choices) <= set(got.choices), (name, key)
            for bound in ("min", "max"):
                if getattr(got, bound, None) is not None:
                    assert getattr(want, bound, None) is not None, (name, key, bound)
            if getattr(got, "min", None) is not None:
                assert got.min <= want.min, (name, key)
    assert seen > len(params)  # more commands than audit read the file
