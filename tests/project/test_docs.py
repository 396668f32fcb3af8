"""The README documents every command and every option of the nightly job (datasette's practice:
tests keep the docs honest)."""

from pathlib import Path

import click

from pipeline.cli import main
from pipeline.commands.audit import audit_command

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


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


# ---- docs/rules.md: every rule with the policy keys it reads (issue 12) ------------------------

RULES_DOC = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")


def _table(heading: str) -> dict[str, list[str]]:
    """The rows of the markdown table under ``heading``: first cell -> the other cells."""
    section = RULES_DOC[RULES_DOC.index(heading):]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines()[1:]:
        if line.startswith("## "):
            break
        if line.startswith("|") and not line.startswith("|--"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1:]
    rows.pop("Rule", None)
    rows.pop("Policy key", None)
    return rows


def _keys(cell: str) -> list[str]:
    return [] if cell == "—" else [k.strip().strip("`") for k in cell.split(",")]


def test_rules_doc_lists_every_rule_with_its_policy_keys():
    from checks.registry import load_rules

    table = _table("## By rule")
    manifests = load_rules().manifests()
    extra = sorted(set(table) - {m.code for m in manifests})
    assert not extra, f"docs/rules.md lists rules that are not registered: {extra}"
    wrong = [
        f"| {m.code} | `{m.name}` | {', '.join(f'`{k}`' for k in m.policy_keys) or '—'} |"
        for m in manifests
        if m.code not in table or table[m.code][0].strip("`") != m.name or _keys(table[m.code][1]) != list(m.policy_keys)
    ]
    assert not wrong, "docs/rules.md 'By rule' rows missing or out of date; they should read:\n" + "\n".join(wrong)


def test_rules_doc_lists_every_policy_key_with_the_rules_that_read_it():
    from checks.registry import load_rules

    expected: dict[str, list[str]] = {}
    for m in load_rules().manifests():
        for key in m.policy_keys:
            expected.setdefault(key, []).append(m.code)
    got = {key: [c.strip() for c in cells[0].split(",")] for key, cells in _table("## By policy key").items()}
    assert got == expected, "docs/rules.md 'By policy key' out of date"
