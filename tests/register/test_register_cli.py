"""``syllabus-audit register ...`` through click's CliRunner: output, exit status 2 for refusals, no tracebacks."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from register_helpers import finding, night, ref

from pipeline.commands.register import register as group
from reports.register.xlsx_roundtrip import KEYS, SHEET

R = ref()


@pytest.fixture
def cli(register, url):
    register.record_run("n1", [(finding(key="hours/total"), R), (finding("PLN001", key="plan/topic 5"), R)], [R], night(2))
    runner = CliRunner()

    def run(*args, env_url=True):
        env = {"SYLLABUS_AUDIT_REGISTER": url} if env_url else {}
        return runner.invoke(group, list(args), env=env, catch_exceptions=False)

    return run


def refused(result, text):
    assert result.exit_code == 2, result.output
    assert text in result.output
    assert "Traceback" not in result.output


def test_list_and_show(cli):
    out = cli("list", "--lang", "en")
    assert out.exit_code == 0 and "NC-2026-0001" in out.output and "2 record(s)" in out.output
    data = json.loads(cli("list", "--format", "json", "--status", "open").output)
    assert [d["id"] for d in data] == ["NC-2026-0001", "NC-2026-0002"]
    assert data[0]["syllabus"]["course_code"] == "GMRK3301"
    assert json.loads(cli("list", "--format", "json", "--department", "nowhere").output) == []
    shown = cli("show", "nc-2026-0002", "--lang", "en")
    assert shown.exit_code == 0
    assert "PLN001" in shown.output and "Review by (clause 38): 2026-03-09" in " ".join(shown.output.split()) and "run:n1" in shown.output


def test_register_option_overrides_env(cli, url):
    out = CliRunner().invoke(group, ["list", "--register", url], env={"SYLLABUS_AUDIT_REGISTER": "sqlite:////nonexistent/dir/x.db"})
    assert out.exit_code == 0 and "NC-2026-0001" in out.output


def test_assign_close_verify(cli, register):
    out = cli("assign", "NC-2026-0001", "--action", "Recount hours", "--responsible", "Head of department",
              "--co-executor", "A. Author", "--co-executor", "B. Methodist", "--due", "2026-03-27", "--by", "qa.officer")
    assert out.exit_code == 0, out.output
    assert "action_planned" in out.output
    assert cli("close", "NC-2026-0001", "--comment", "syllabus fixed", "--by", "qa.officer").exit_code == 0
    refused(cli("verify", "NC-2026-0001", "--comment", "did not recur", "--by", "qa.head"), "after the next run")
    later = datetime.now() + timedelta(minutes=1)  # the next night audits the corrected syllabus
    register.record_run("n2", [(finding("PLN001", key="plan/topic 5"), R)], [R], later)
    assert cli("verify", "NC-2026-0001", "--comment", "did not recur", "--by", "qa.head").exit_code == 0
    shown = cli("show", "NC-2026-0001", "--lang", "en").output
    assert "[Verified]" in shown and "A. Author, B. Methodist" in shown
    assert "Closed → Verified  by: qa.head: did not recur" in shown
    data = json.loads(cli("show", "NC-2026-0001", "--format", "json").output)
    assert data["corrective_actions"][0]["due"] == "2026-03-27"


def test_refusals_exit_2_without_traceback(cli):
    refused(cli("show", "NC-2026-0999"), "no nonconformity 'NC-2026-0999'")
    refused(cli("assign", "NC-2026-0999", "--action", "a", "--responsible", "b", "--due", "2026-03-20"), "NC-2026-0999")
    refused(cli("assign", "NC-2026-0001", "--action", "a", "--responsible", "b", "--due", "20.13.2026"), "is not a date")
    refused(cli("verify", "NC-2026-0001", "--comment", "x"), "cannot be verified")
    refused(cli("close", "NC-2026-0001", "--comment", ""), "comment")
    missing = cli("close", "NC-2026-0001")
    assert missing.exit_code == 2 and "--comment" in missing.output


def test_unreachable_register_exits_2(cli):
    """A register failure is status 2 in every command (status 1 means 'something to read')."""
    out = CliRunner().invoke(group, ["list", "--register", "postgresql+psycopg://nobody@127.0.0.1:9/none"])
    assert out.exit_code == 2 and "could not be used" in out.output and "Traceback" not in out.output


def test_xlsx_round_trip_through_the_cli(cli, tmp_path):
    path = tmp_path / "plan.xlsx"
    out = cli("export-xlsx", str(path), "--lang", "ru")
    assert out.exit_code == 0 and "2 record(s)" in out.output
    wb = load_workbook(path)
    ws = wb[SHEET]
    ws.cell(2, KEYS.index("action") + 1, "Recount hours")
    ws.cell(2, KEYS.index("responsible") + 1, "Head")
    ws.cell(2, KEYS.index("due") + 1, "2026-03-27")
    ws.cell(3, KEYS.index("rule") + 1, "XXX")  # read-only: refused
    wb.save(path)
    refused(cli("import-xlsx", str(path), "--by", "qa"), "row 3 (NC-2026-0002)")
    assert "Corrective actions: No corrective action assigned" in cli("show", "NC-2026-0001", "--lang", "en").output
    ws.cell(3, KEYS.index("rule") + 1, "PLN001")
    wb.save(path)
    out = cli("import-xlsx", str(path), "--by", "qa")
    assert out.exit_code == 0 and "1 corrective action(s) added" in out.output
    assert "Recount hours — Head" in cli("show", "NC-2026-0001").output
