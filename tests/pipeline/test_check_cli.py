"""``syllabus-audit check`` / ``rules`` through click's CliRunner: output and exit status
(0 no findings, 1 findings, 2 the tool failed), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import extractors.api
import pipeline.work
from checks.registry import load_rules
from extractors.errors import ConverterMissing, CorruptFile
from pipeline.cli import main
from tests.rules.base import patched_syllabus

# СРО 65 h where the policy's split and the SIW tasks say 75: one defect, rooted at the split
# rule (HRS002, the cell and its right value), with the total (HRS001) and the task sum (PLN003)
# hanging under it.
DEFECTIVE = {"set": {"hours.siw.value": 65.0}}


@pytest.fixture
def files(tmp_path, monkeypatch):
    """Files whose 'extraction' is a patched base syllabus (or an error), by name."""
    behaviours = {
        "clean.docx": {"set": {"identity.course_code.value": "GMRK3302"}},
        "defective.docx": DEFECTIVE,
        "corrupt.docx": CorruptFile,
        "needs-libreoffice.doc": ConverterMissing,
        "crash.docx": RuntimeError,
    }

    def fake_extract(path, limits=None):
        b = behaviours[Path(path).name]
        if isinstance(b, type):
            raise b(str(path)) if b is not RuntimeError else b("extractor bug")
        return patched_syllabus({**b, "file": str(path)})

    monkeypatch.setattr(extractors.api, "extract_file", fake_extract)
    monkeypatch.setattr(pipeline.work, "extract_file", fake_extract)  # check reads as audit does
    for name in behaviours:
        (tmp_path / name).write_bytes(b"x")
    return tmp_path


def invoke(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    assert "Traceback" not in result.output
    return result


def test_clean_syllabus_exits_0(files):
    r = invoke("check", files / "clean.docx")  # in kk, as audit's reports, unless told otherwise
    assert r.exit_code == 0, r.output
    assert "Қорытынды: Қабылданды" in r.output and "сәйкессіздіктер: 0" in r.output


def test_findings_exit_1_and_are_listed_with_root_first(files):
    r = invoke("check", files / "defective.docx", "--lang", "en")
    assert r.exit_code == 1
    lines = r.output.splitlines()
    root = next(i for i, line in enumerate(lines) if "HRS002" in line)
    deps = [i for i, line in enumerate(lines) if "HRS001" in line or "PLN003" in line]
    assert len(deps) == 2 and all(root < d and lines[d].lstrip().startswith("↳") for d in deps)
    assert "Verdict: To revise" in r.output
    assert "Expected: 150, Actual: 140" in r.output


def test_json_output(files):
    r = invoke("check", files / "defective.docx", files / "clean.docx", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.output)
    assert {f["rule"] for f in data["findings"]} == {"HRS001", "HRS002", "PLN003"}
    assert [v["verdict"] for v in data["verdicts"]] == ["to_revise", "accepted"]
    hrs = next(f for f in data["findings"] if f["rule"] == "HRS001")
    assert hrs["root_cause"] == "HRS002:hours/siw"
    assert set(hrs["message"]) == {"kk", "ru", "en"}


def test_select_and_ignore(files):
    assert invoke("check", files / "defective.docx", "--select", "HRS001,PLN003", "--ignore", "plan").exit_code == 1
    r = invoke("check", files / "defective.docx", "--ignore", "hours", "--ignore", "plan.independent-work-hours")
    assert r.exit_code == 0, r.output  # a group ("hours") and a name select rules too


def test_unreadable_file_is_a_finding(files):
    r = invoke("check", files / "corrupt.docx", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.output)
    assert [f["rule"] for f in data["findings"]] == ["DOC001"]
    assert data["verdicts"][0]["verdict"] == "rejected"


def test_missing_libreoffice_is_a_tool_failure(files):
    r = invoke("check", files / "needs-libreoffice.doc")
    assert r.exit_code == 2
    assert "LibreOffice" in r.output


def test_extractor_crash_is_a_tool_failure_and_other_files_are_still_checked(files):
    r = invoke("check", files / "crash.docx", files / "defective.docx")
    assert r.exit_code == 2
    assert "extractor bug" in r.output and "HRS001" in r.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--select", "NOPE999"], "NOPE999"),
        (["--policy", "{bad_policy}"], "hours.hours_per_credit"),
        (["--curriculum", "{bad_curriculum}"], "missing column"),
        (["--waivers", "{missing}"], "file not found"),
    ],
)
def test_bad_inputs_exit_2_with_a_clear_message(files, args, message):
    (files / "bad_policy.toml").write_text("[hours]\nhours_per_credit = 0\n", encoding="utf-8")
    (files / "bad_curriculum.csv").write_text("code,title\nA,B\n", encoding="utf-8")
    args = [a.format(bad_policy=files / "bad_policy.toml", bad_curriculum=files / "bad_curriculum.csv", missing=files / "nope.toml") for a in args]
    r = invoke("check", files / "clean.docx", *args)
    assert r.exit_code == 2
    assert message in r.output and r.output.startswith("error:")


def test_nonexistent_input_is_a_usage_error(files):
    assert invoke("check", files / "no-such-file.docx").exit_code == 2


def test_waivers_in_the_listing(files):
    (files / "w.toml").write_text(
        '[[waiver]]\ncourse = "GMRK3301"\nrule = "HRS001"\njustification = "j"\napprover = "A"\nexpires = 2099-01-01\n'
        '[[waiver]]\ncourse = "GMRK3301"\nrule = "HRS002"\njustification = "j"\napprover = "A"\nexpires = 2099-01-01\n'
        '[[waiver]]\ncourse = "GMRK3301"\nrule = "ASM001"\njustification = "j"\napprover = "A"\nexpires = 2099-01-01\n',
        encoding="utf-8",
    )
    r = invoke("check", files / "defective.docx", "--waivers", files / "w.toml", "--lang", "en")
    assert r.exit_code == 1  # PLN003 is not waived
    assert "[waived]" in r.output and "waiver stale: GMRK3301/ASM001" in r.output
    r = invoke("check", files / "defective.docx", "--waivers", files / "w.toml", "--ignore", "PLN003")
    assert r.exit_code == 0, r.output


def test_policy_file_changes_the_outcome(files):
    (files / "p.toml").write_text("[rules]\nignore = ['HRS001', 'HRS002', 'PLN003']\n", encoding="utf-8")
    assert invoke("check", files / "defective.docx", "--policy", files / "p.toml").exit_code == 0


def test_rules_lists_every_rule_with_its_documentation():
    r = invoke("rules", "--lang", "en")  # the examples are English
    assert r.exit_code == 0
    for m in load_rules().manifests():
        assert m.code in r.output and m.name in r.output
    assert r.output.count("**Anti-pattern**") == len(load_rules().manifests())
    data = json.loads(invoke("rules", "--format", "json").output)
    assert {d["code"] for d in data} == {m.code for m in load_rules().manifests()}
    assert all(d["selected"] and d["requirement"] for d in data)


def test_severity_override_on_the_command_line(files):
    r = invoke("check", files / "defective.docx", "--severity", "HRS001=observation,HRS002=observation,plan=minor", "--format", "json")
    data = json.loads(r.output)
    assert {f["rule"]: f["severity"] for f in data["findings"]} == {
        "HRS001": "observation", "HRS002": "observation", "PLN003": "minor"}
    assert data["verdicts"][0]["verdict"] == "accepted_with_remarks"
    bad = invoke("check", files / "defective.docx", "--severity", "HRS001=critical")
    assert bad.exit_code == 2 and "RULE=major|minor|observation" in bad.output
