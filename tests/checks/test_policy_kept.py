"""The policy's ``[rules]`` table kept for ``syllabus-audit rules`` (checks.policy_kept, issue 13):
the kept table gives what validating gives, any change of the files is validated again, a bad
policy is refused every time, and a kept file that is not sound is never trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import checks.policy as policy_module
from checks import policy_kept
from checks.policy import PolicyError, load_policy
from checks.policy_kept import PolicyRules, policy_rules
from checks.registry import rules_chosen, selected_rules
from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[2]

SELECTING = """name = "strict"
[rules]
select = ["hours", "DOC001"]
ignore = ["HRS002"]
[rules.severity]
hours = "minor"
HRS001 = "observation"
"""
IGNORING = """[rules]
ignore = ["core"]
[rules.severity]
all = "observation"
"""
OTHER_TABLE = """[hours]
tolerance = 0.5
"""
POLICIES = {"selecting": SELECTING, "ignoring": IGNORING, "other table": OTHER_TABLE}


def _kept(folder: Path) -> list[Path]:
    return sorted(folder.glob("policy-rules-*.json"))


def _validate_no_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, validating a policy fails the test: what follows must come from a kept table."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the policy was validated again")

    monkeypatch.setattr(policy_module, "policy_from_bytes", refuse)
    monkeypatch.setattr(policy_module, "load_policy", refuse)


def _same_as_validated(rules: PolicyRules, user_file: Path | None) -> None:
    policy = load_policy(user_file)
    assert (rules.select, rules.ignore, dict(rules.severity)) == (
        policy.rules.select, policy.rules.ignore, dict(policy.rules.severity))
    assert list(rules.severity) == list(policy.rules.severity)  # order: the first matching group wins
    assert rules.source == policy.sources[-1]
    chosen = [(r.code, r.effective_severity) for r in rules_chosen(rules, rules.source)]
    assert chosen == [(r.code, r.effective_severity) for r in selected_rules(policy)]


@pytest.mark.parametrize("text", [None, *POLICIES.values()], ids=["default", *POLICIES])
def test_the_kept_table_is_the_validated_one(tmp_path, monkeypatch, text):
    user = None
    if text is not None:
        user = tmp_path / "mine.toml"
        user.write_text(text, encoding="utf-8")
    folder = tmp_path / "cache"
    validated = policy_rules(user, folder=folder)
    assert len(_kept(folder)) == 1
    _same_as_validated(validated, user)
    _validate_no_more(monkeypatch)
    assert policy_rules(user, folder=folder) == validated


@pytest.mark.parametrize("args", [["--lang", "kk"], ["--lang", "ru"], ["--lang", "en"], ["--format", "json"]])
@pytest.mark.parametrize("text", [None, SELECTING, IGNORING], ids=["default", "selecting", "ignoring"])
def test_rules_prints_the_same_from_a_kept_table(tmp_path, monkeypatch, args, text):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if text is not None:
        user = tmp_path / "mine.toml"
        user.write_text(text, encoding="utf-8")
        args = [*args, "--policy", str(user)]
    validated = CliRunner().invoke(main, ["rules", *args])
    assert validated.exit_code == 0, validated.output
    assert _kept(tmp_path / "cache" / "syllabus-audit")
    _validate_no_more(monkeypatch)
    from_kept = CliRunner().invoke(main, ["rules", *args])
    assert (from_kept.exit_code, from_kept.output) == (0, validated.output)


def test_an_edited_policy_is_validated_again_and_a_bad_edit_refused(tmp_path):
    user = tmp_path / "mine.toml"
    folder = tmp_path / "cache"
    user.write_text(SELECTING, encoding="utf-8")
    assert policy_rules(user, folder=folder).select == ("hours", "DOC001")
    user.write_text(SELECTING.replace('"DOC001"', '"DOC002"'), encoding="utf-8")
    assert policy_rules(user, folder=folder).select == ("hours", "DOC002")
    user.write_text(SELECTING.replace("select =", "selct ="), encoding="utf-8")
    for _ in range(2):  # never kept: refused each time, with load_policy's words
        with pytest.raises(PolicyError) as kept_path:
            policy_rules(user, folder=folder)
        with pytest.raises(PolicyError) as validating:
            load_policy(user)
        assert str(kept_path.value) == str(validating.value)
        assert "rules.selct: unknown key" in str(kept_path.value)
    assert len(_kept(folder)) == 2  # the two valid versions


def test_a_check_across_keys_is_refused_every_time(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text("[assessment]\ncurrent_weight = 0.9\n", encoding="utf-8")
    folder = tmp_path / "cache"
    for _ in range(2):
        with pytest.raises(PolicyError, match="exam_weight: current_weight"):
            policy_rules(user, folder=folder)
    assert _kept(folder) == []


def test_a_changed_default_policy_is_validated_again(tmp_path, monkeypatch):
    default = tmp_path / "policy.toml"
    default.write_bytes(policy_module.DEFAULT_POLICY_PATH.read_bytes())
    folder = tmp_path / "cache"
    monkeypatch.setattr(policy_kept, "DEFAULT_POLICY_PATH", default)
    first = policy_rules(None, folder=folder)
    default.write_text(default.read_text(encoding="utf-8").replace("ignore = []", 'ignore = ["DOC001"]', 1),
                       encoding="utf-8")
    again = policy_rules(None, folder=folder)
    assert first.ignore == () and again.ignore == ("DOC001",)
    assert len(_kept(folder)) == 2


def test_changed_code_or_versions_name_another_file(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    policy_rules(None, folder=folder)
    before = _kept(folder)
    other_code = tmp_path / "policy.py"
    other_code.write_text(policy_kept._SCHEMA_SOURCES[1].read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(policy_kept, "_SCHEMA_SOURCES", (*policy_kept._SCHEMA_SOURCES[:1], other_code,
                                                         *policy_kept._SCHEMA_SOURCES[2:]))
    policy_rules(None, folder=folder)
    monkeypatch.setattr(policy_kept, "_pydantic_version", lambda: b"VERSION = '9.9'")
    policy_rules(None, folder=folder)
    monkeypatch.setattr(policy_kept, "_KEPT_FORMAT", b"policy-rules 0")
    policy_rules(None, folder=folder)
    assert len(_kept(folder)) == 4 and set(before) < set(_kept(folder))


@pytest.mark.parametrize("content", [
    b"", b"{not json", b"[]", b'{"select": [], "ignore": []}',
    b'{"select": [], "ignore": [], "severity": {"HRS001": "critical"}}',
    b'{"select": [1], "ignore": [], "severity": {}}',
    b'{"select": [], "ignore": [], "severity": {"HRS001": ["major"]}}',
    b'{"select": [], "ignore": [], "severity": {}, "extra": 1}',
    "{\"select\": [\"\u00e9\"]".encode("latin-1"),
], ids=["empty", "not json", "a list", "no severity", "unknown severity", "not text", "unhashable",
        "extra key", "not utf-8"])
def test_a_kept_file_that_is_not_sound_is_ignored_and_replaced(tmp_path, content):
    user = tmp_path / "mine.toml"
    user.write_text(SELECTING, encoding="utf-8")
    folder = tmp_path / "cache"
    validated = policy_rules(user, folder=folder)
    (kept_at,) = _kept(folder)
    kept_at.write_bytes(content)
    assert policy_rules(user, folder=folder) == validated
    assert json.loads(kept_at.read_bytes()) == validated.as_record()


def test_a_cache_home_that_cannot_be_written_still_works(tmp_path, monkeypatch):
    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")  # a file where the folder would be: even root cannot write there
    user = tmp_path / "mine.toml"
    user.write_text(IGNORING, encoding="utf-8")
    for _ in range(2):
        _same_as_validated(policy_rules(user, folder=blocked / "cache"), user)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    out = CliRunner().invoke(main, ["rules", "--policy", str(user), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert {r["code"]: r["selected"] for r in json.loads(out.output)}["HRS001"] is False  # a core rule, ignored


def test_no_home_folder_validates_every_time(tmp_path, monkeypatch):
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr("extractors.kept.cache_home", no_home)
    _same_as_validated(policy_rules(None), None)


@pytest.mark.parametrize("make", [
    lambda p: None,  # missing
    lambda p: p.mkdir(),  # a folder
    lambda p: p.write_text("[rules\n", encoding="utf-8"),
    lambda p: p.write_bytes(b'name = "x\xff"\n'),
    lambda p: p.write_text('[rules.severity]\nHRS001 = "critical"\n', encoding="utf-8"),
], ids=["missing", "a folder", "not toml", "not utf-8", "bad value"])
def test_a_bad_file_gets_load_policys_error(tmp_path, make):
    user = tmp_path / "mine.toml"
    make(user)
    with pytest.raises(PolicyError) as validating:
        load_policy(user)
    with pytest.raises(PolicyError) as kept_path:
        policy_rules(user, folder=tmp_path / "cache")
    assert str(kept_path.value) == str(validating.value)
    assert str(validating.value).startswith(f"policy {user}")
    assert _kept(tmp_path / "cache") == []


def test_a_table_naming_no_rule_is_refused_though_kept(tmp_path, monkeypatch):
    """The rule set is not part of the kept file's name: the registry resolves the table each time."""
    user = tmp_path / "mine.toml"
    user.write_text('[rules]\nselect = ["NOPE999"]\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for _ in range(2):
        out = CliRunner().invoke(main, ["rules", "--policy", str(user)])
        assert out.exit_code == 2
        assert out.output == f"error: policy {user} [rules]: no rule, rule name or group called 'NOPE999'\n"


def test_rules_imports_no_pydantic_once_the_table_is_kept(tmp_path):
    """The point of keeping it (issue 13): a fresh ``rules`` process with a kept table. Nor
    rapidfuzz, which the rule modules import only when they first compare titles."""
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('pydantic' in sys.modules, 'checks.policy' in sys.modules,"
            " 'rapidfuzz' in sys.modules))\n"
            "from pipeline.cli import main\n"
            "main(prog_name='syllabus-audit')\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code, "rules", "--format", "json"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    first, second = (r.stdout.splitlines() for r in runs)
    assert first[-1] == "True True False"  # nothing kept yet: validated by pydantic
    assert second[-1] == "False False False"
    assert first[:-1] == second[:-1]
