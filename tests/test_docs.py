"""The README documents every command and every option of the nightly job (datasette's practice:
tests keep the docs honest)."""

from pathlib import Path

import click

from pipeline.cli import main
from pipeline.commands.audit import audit_command

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    names = main.list_commands(click.Context(main))  # commands are loaded lazily: not all in main.commands
    missing = [name for name in names if f"syllabus-audit {name}" not in README]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_every_audit_option_is_in_the_readme():
    options = [opt for p in audit_command.params for opt in getattr(p, "opts", []) if opt.startswith("--")]
    ignored = {"--help"}
    missing = [o for o in options if o not in ignored and o not in README]
    assert not missing, f"audit options not documented in README.md: {missing}"


def test_every_exit_status_of_the_audit_is_explained():
    for status in ("| 0 |", "| 1 |", "| 2 |"):
        assert status in README


def test_every_settings_key_is_in_the_readme():
    from pipeline.config import SETTINGS

    section = README[README.index("### Settings file"):README.index("### cron and systemd")]
    missing = [key for key in SETTINGS if f"`{key}`" not in section]
    assert not missing, f"settings keys not documented in README.md's Settings file section: {missing}"


def test_every_command_documents_the_common_exit_statuses():
    from click.testing import CliRunner

    text = CliRunner().invoke(main, ["--help"]).output
    assert all(f"{n}  " in text for n in ("0", "1", "2"))
