"""``syllabus-audit rules``: every rule with its documentation, its severity and selection under the
policy (``--policy``, or ``policy`` in syllabus-audit.toml).

A module of its own, apart from ``check``: listing the rules needs the rules and the policy, not
the reader, the curriculum, the passport, the waivers and the report helpers that checking a file
needs, and ``rules`` is one of the commands meant to start at once (issue 13).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.commands import LANGUAGES  # not .common: listing the rules needs no register
from pipeline.config import config_option
from pipeline.terminal_text import shown

if TYPE_CHECKING:
    from checks.registry import RuleManifest
    from reports.labels import Labels

# The rules, the policy and the labels are imported when the command runs: ``rules --help`` needs
# none of them (nor pydantic, which the rules' models are written with, and which ``rules`` itself
# imports only to validate a policy it has not validated before: checks.policy_kept).


@click.command("rules")
@config_option(expose=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--policy", "policy_file", type=click.Path(path_type=Path), help="Show severities and selection under this policy.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=LANGUAGES[0], show_default=True,
              help="Language of the text output (default: 'lang' in syllabus-audit.toml, as for audit).")
def rules_command(fmt: str, policy_file: Path | None, lang: str) -> None:
    """List every rule with its documentation (the examples in English, with --lang en)."""
    # the policy's [rules] table, kept from its last validation when the files and the code are the
    # same: not checks.policy, whose pydantic models cost more than the rest of the command
    from checks.policy_kept import PolicyError, policy_rules
    from checks.registry import UnknownRuleError, load_rules, rules_chosen  # not checks.runner: no syllabus model
    from reports.labels import Labels

    try:
        table = policy_rules(policy_file)
        active = {r.code: r for r in rules_chosen(table, table.source)}
    except (PolicyError, UnknownRuleError) as exc:
        click.echo(shown(f"error: {exc}"), err=True)
        raise SystemExit(2) from None
    manifests = load_rules().manifests()
    if fmt == "json":
        records = []
        for m in manifests:
            rec = m.as_record()
            rec["selected"] = m.code in active
            rec["effective_severity"] = active[m.code].effective_severity.value if m.code in active else None
            records.append(rec)
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    click.echo(render_rules(manifests, active, Labels(lang)))


def render_rules(manifests: tuple[RuleManifest, ...], active: dict, labels: Labels) -> str:
    """Each rule: code, title, severity under the policy, kind; its selectors (name and groups, what
    --select takes), the requirement, the parts it needs, the policy keys it reads. The docstring
    (anti-pattern, best practice) is English, so it is shown in English only."""
    out: list[str] = []
    for m in manifests:
        sev = labels.value("severity", active[m.code].effective_severity) if m.code in active else labels("cli.off")
        out.append(f"{m.code}  {labels.rule_title(m.code, m.title)}  [{sev}, {labels.value('kind', m.kind)}]")
        out.append(f"    {m.name}; {labels('cli.groups')}: {', '.join(m.groups)}")
        out.append(f"    {labels.column('requirement')}: {labels.requirement(m.requirement)}")
        if m.needs:
            parts = ", ".join(labels.value("part", n) for n in m.needs)
            out.append(f"    {labels('cli.needs')}: {parts} ({labels('cli.needs_note')})")
        if m.policy_keys:
            # dotted keys of the policy file, as written there: the one place to change the rule's figures
            out.append(f"    {labels('cli_rules.policy_keys')}: {', '.join(m.policy_keys)}")
        if labels.lang == "en":
            out.extend(f"    {line}".rstrip() for line in m.description.splitlines())
        out.append("")
    return "\n".join(out)
