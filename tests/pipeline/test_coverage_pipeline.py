"""Read coverage through the command line and the register (issue 9): ``check`` prints what the
tool could not verify in the user's language, the nightly summary counts syllabi checked
incompletely apart, and a past run renders from the register with the same coverage."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import extractors.api
import pipeline.work
from pipeline.audit import AuditSettings, run_audit
from pipeline.cli import main
from reports.assemble import build_run_report
from reports.labels import Labels
from reports.register import open_register
from tests.rules.base import patched_syllabus

HOURS_NOT_READ = {"*": "read", "hours": {"status": "not_read", "page": 5, "table": 1, "row": 0, "text": "Пәннің еңбек сыйымдылығы"}}
BEHAVIOURS = {
    # wrong СӨЖ hours in a table the reader could not read: not checked, not a finding
    "unread.docx": {"set": {"hours.siw.value": 45.0, "identity.course_code.value": "GMRK3302"}, "coverage": HOURS_NOT_READ},
    "clean.docx": {"coverage": {"*": "read"}},
    "legacy.docx": {"set": {"identity.course_code.value": "GMRK3303"}},  # a reader that gives no coverage
}


def fake_extract(path, limits=None):
    return patched_syllabus({**BEHAVIOURS[Path(path).name], "file": str(path)})


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setattr(extractors.api, "extract_file", fake_extract)
    monkeypatch.setattr(pipeline.work, "extract_file", fake_extract)  # check reads as audit does
    out = {}
    for name in BEHAVIOURS:
        p = tmp_path / name
        p.write_bytes(name.encode())
        out[name] = p
    return out


@pytest.mark.parametrize(
    "lang, label, rules_label, where",
    [
        ("kk", "Құрал тексермеді: қолмен тексеріңіз", "Орындалмаған тексерулер", "5-бет, 2-кесте, 1-жол"),
        ("ru", "Не проверено программой: проверьте вручную", "Невыполненные проверки", "стр. 5, таблица 2, строка 1"),
        ("en", "Not verified by the tool: check by hand", "Checks not run", "p. 5, table 2, row 1"),
    ],
)
def test_check_prints_what_was_not_verified(files, lang, label, rules_label, where):
    r = CliRunner().invoke(main, ["check", str(files["unread.docx"]), "--lang", lang, "--today", "2026-11-22"])
    assert r.exit_code == 0, r.output  # a part not read is not a finding
    words = Labels(lang)
    assert f"{words.column('verdict')}: {words.value('verdict', 'incomplete')}" in r.output
    assert label in r.output and where in r.output and "«Пәннің еңбек сыйымдылығы»" in r.output
    line = next(ln for ln in r.output.splitlines() if rules_label in ln)
    assert "HRS001" in line and "PLN003" in line
    if lang != "en":  # nothing English in what kk/ru users read, rule codes aside
        text = re.sub(r"[A-Z]{3}\d{3}", "", "\n".join(r.output.splitlines()[2:4]))
        assert not re.search(r"[A-Za-z]", text), text
    if lang == "en":
        assert "1 with parts not verified by the tool" in r.output


def test_check_json_has_notes_and_coverage(files):
    r = CliRunner().invoke(main, ["check", str(files["unread.docx"]), str(files["legacy.docx"]), "--format", "json",
                                  "--today", "2026-11-22"])
    assert r.exit_code == 0, r.output
    unread, legacy = json.loads(r.output)["verdicts"]
    assert unread["verdict"] == "incomplete"
    assert unread["not_verified"][0]["part"] == "hours"
    assert unread["not_verified"][0]["seen_at"]["table"] == 2
    assert unread["coverage"]["hours"]["status"] == "not_read"
    assert legacy["verdict"] == "accepted" and legacy["not_verified"] == [] and legacy["coverage"] == {}


def test_audit_summary_register_and_past_run_keep_the_coverage(files, tmp_path):
    register = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    settings = AuditSettings(paths=[tmp_path], out=tmp_path / "out", register=register, lang="ru", run_id="night-01",
                             formats=("json",))
    items = [(files[n], f"{i:064x}") for i, n in enumerate(BEHAVIOURS)]

    def extract_many(pairs):
        for path, _sha in pairs:
            yield path, fake_extract(path)

    outcome = run_audit(settings, items, extract_many=extract_many, now=datetime(2026, 11, 22, 2, 0))
    assert outcome.exit_code == 0
    assert outcome.verdicts == {"incomplete": 1, "accepted": 2}
    # the summary is in the run's language (ru here), and in any other asked for
    assert "Проверка неполная: в 1 силлабусах есть части, не проверенные программой (проверьте вручную)" in outcome.summary_lines()
    lines = outcome.summary_lines("en")
    assert "incomplete check: 1 syllabi with parts not verified by the tool (check by hand)" in lines
    payload = json.loads((outcome.out_dir / "report.json").read_text(encoding="utf-8"))
    by_file = {Path(s["file"]).name: s for s in payload["report"]["syllabi"]}
    assert by_file["unread.docx"]["verdict"] == "incomplete"
    assert by_file["unread.docx"]["coverage"]["hours"]["rules_not_run"][:2] == ["HRS001", "HRS002"]
    assert by_file["legacy.docx"]["coverage"] == {}
    with open_register(register) as reg:
        rows = {Path(r["file"]).name: r for r in reg.run_syllabi("night-01")}
        assert rows["unread.docx"]["coverage"]["hours"]["status"] == "not_read"
        assert rows["legacy.docx"]["coverage"] is None
        again = build_run_report(reg, "night-01", "ru")
    assert again.model_dump(mode="json")["syllabi"] == payload["report"]["syllabi"]


def test_rules_say_which_parts_they_need():
    out = CliRunner().invoke(main, ["rules", "--lang", "en"]).output
    block = out[out.index("HRS001  "):]
    block = block[: block.index("\n\n")]
    assert "needs: Credits, Workload (hours)" in block
    data = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)
    assert next(d for d in data if d["code"] == "PRQ005")["needs"] == ["postrequisites"]
