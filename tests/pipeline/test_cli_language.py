"""What the command line prints for people is in the user's language: ``check``, ``rules``,
``audit``'s summary and ``register list/show`` in kk and ru have no Latin-script word that is not
a code, a file name, a rule selector or text from a syllabus or a person (the approach of
tests/reports/test_report_language.py, whose word test is reused). The language defaults to the
settings file's ``lang`` (else kk), as ``audit``'s does; locations are in words, counted from 1.
Also: the busy-register message as the command line prints it, and one SQLite-file test."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import extractors.api
import pipeline.work
from checks.finding import Messages
from checks.registry import load_rules
from extractors.errors import CorruptFile
from pipeline.cli import main
from reports.labels import Labels
from tests.rules.base import patched_syllabus

sys.path.insert(0, str(Path(__file__).parents[1] / "reports"))
from test_report_language import LATIN_WORD, is_code  # one definition of "an English word"

# Defects whose findings carry numbers, words ("a date") and table/row places: СӨЖ 65 h against
# 75 (HRS002 with HRS001, PLN003 under it), and an approval date left blank.
DEFECTS = {
    "defective.docx": {"set": {"hours.siw.value": 65.0}},
    "undated.docx": {"set": {"identity.approval.date": None, "identity.approval.date_blank": True}},
    "corrupt.docx": CorruptFile,  # a document finding whose reader detail is English
}
# What --select takes: rule names and groups are selectors, typed as they are, like codes.
SELECTORS = sorted({m.name for m in load_rules().manifests()} | {g for m in load_rules().manifests() for g in m.groups},
                   key=len, reverse=True)


def english_words(text: str, allowed=(), tokens=()) -> list[str]:
    """Latin-script words of ``text`` that are not codes; ``allowed`` texts (file names, syllabus
    text) are taken out first, ``tokens`` (selectors) only where one is a whole word."""
    for a in sorted((a for a in allowed if a), key=len, reverse=True):
        text = text.replace(a, " ")
    text = re.sub(r"«[^»]*»", " ", text)  # quoted syllabus text
    return sorted({w for w in LATIN_WORD.findall(text) if not is_code(w) and w not in set(tokens)})


def invoke(*args, **kwargs):
    result = CliRunner().invoke(main, [str(a) for a in args], **kwargs)
    assert "Traceback" not in result.output + result.stderr
    return result


@pytest.fixture
def files(tmp_path, monkeypatch):
    def fake_extract(path, limits=None):
        defect = DEFECTS[Path(path).name]
        if defect is CorruptFile:
            raise CorruptFile(str(path), "malformed XML inside the package: unexpected end of data")
        return patched_syllabus({**defect, "file": str(path)})

    monkeypatch.setattr(extractors.api, "extract_file", fake_extract)
    monkeypatch.setattr(pipeline.work, "extract_file", fake_extract)  # the forked readers' name for it
    for name in DEFECTS:
        (tmp_path / name).write_bytes(b"x")
    return [tmp_path / name for name in DEFECTS]


def _syllabus_texts(data: dict) -> list[str]:
    out = [str(p) for p in data.get("files", [])]
    for f in data["findings"]:
        out += [f["evidence"]["file"], f.get("course_code") or "", f["evidence"].get("quote") or ""]
    return out


def test_the_test_catches_english():
    assert english_words("Қорытынды: expected 150, verdict to_revise") == ["expected", "verdict"]
    assert english_words("HRS001 GMRK3301 hours.split ECTS «Total hours» base.docx") == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_check_text_has_no_english(files, lang):
    r = invoke("check", *files, "--lang", lang)
    assert r.exit_code == 1, r.output
    data = json.loads(invoke("check", *files, "--format", "json").stdout)
    assert {f["rule"] for f in data["findings"]} >= {"HRS001", "HRS002", "DOC001"}
    labels = Labels(lang)
    assert labels.column("expected") in r.output and labels.value("verdict", "to_revise") in r.output
    assert english_words(r.stdout, [*map(str, files), *_syllabus_texts(data)]) == []


def test_english_check_text_would_fail(files):
    """The check has teeth: the same run in English is full of words it rejects."""
    r = invoke("check", *files, "--lang", "en")
    assert len(english_words(r.stdout, map(str, files))) > 10


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_check_places_are_counted_from_1_as_in_the_reports(files, lang):
    data = json.loads(invoke("check", files[0], "--format", "json").stdout)
    text = invoke("check", files[0], "--lang", lang).stdout
    labels = Labels(lang)
    placed = [f for f in data["findings"] if f["evidence"].get("table") is not None]
    assert placed, "no finding with a table place to look at"
    for f in placed:
        ev = f["evidence"]
        table = labels("where.table").format(n=ev["table"] + 1)  # the reader counts from 0, people from 1
        assert table in text, (f["rule"], table)
        if ev.get("row") is not None:
            assert f"{table}, {labels('where.row').format(n=ev['row'] + 1)}" in text
    assert "hours/" not in text and "plan/" not in text  # never the internal path


def test_json_output_is_unchanged_by_the_language(files):
    a = json.loads(invoke("check", *files, "--format", "json", "--lang", "kk").stdout)
    b = json.loads(invoke("check", *files, "--format", "json", "--lang", "en").stdout)
    assert a == b and set(a) == {"findings", "verdicts", "waivers", "failures"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_rules_text_has_no_english(lang):
    r = invoke("rules", "--lang", lang)
    assert r.exit_code == 0
    for m in load_rules().manifests():
        assert m.code in r.stdout and Labels(lang).rule_title(m.code) in r.stdout
    assert english_words(r.stdout, tokens=SELECTORS) == []


def test_english_rules_text_would_fail():
    assert len(english_words(invoke("rules", "--lang", "en").stdout, tokens=SELECTORS)) > 50


# --------------------------------------------------------------------------- audit's summary


def _audit(files, tmp_path, *args):
    for i, f in enumerate(files):  # three different files, not one file and two identical copies
        f.write_bytes(b"x%d" % i)
    # the register and the reports outside the audited folder, so a second run audits the same files
    return invoke("audit", files[0].parent, "--register", tmp_path / "qa" / "register.sqlite3", "--out",
                  tmp_path / "qa" / "out", "--workers", "1", "--no-progress", "--no-cache", *args)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_audit_summary_has_no_english(files, tmp_path, lang):
    (tmp_path / "qa").mkdir()
    r = _audit(files, tmp_path, "--lang", lang)
    assert r.exit_code == 1, r.output
    labels = Labels(lang)
    lines = r.stdout.splitlines()
    (run,) = [p.name for p in (tmp_path / "qa" / "out").iterdir() if p.is_dir()]
    assert lines[0] == labels("audit_summary.files").format(run=run, files=3, syllabi=2, copies="", not_syllabi=0,
                                                              tables_not_found=0, unreadable=1)
    assert labels("audit_summary.reports").format(out=tmp_path / "qa" / "out" / run) in lines
    assert labels.value("syllabus_status", "unreadable") in r.stdout  # corrupt.docx, by its label
    assert english_words(r.stdout, [str(tmp_path / "qa" / "out"), *map(str, files)]) == []


def test_english_audit_summary_would_fail_and_the_settings_file_chooses(files, tmp_path, monkeypatch):
    (tmp_path / "qa").mkdir()
    r = _audit(files, tmp_path, "--lang", "en")
    assert len(english_words(r.stdout, [str(tmp_path / "qa" / "out"), *map(str, files)])) > 15
    monkeypatch.chdir(tmp_path)
    (tmp_path / "syllabus-audit.toml").write_text('lang = "ru"\n', encoding="utf-8")
    ru = _audit(files, tmp_path).stdout  # no --lang: the settings file's
    assert Labels("ru")("audit_summary.verdicts").split(":")[0] in ru
    assert english_words(ru, [str(tmp_path / "qa" / "out"), *map(str, files)]) == []


def _every_summary_line(lang: str):
    """A run whose summary has every kind of line: identical copies, one syllabus in two files,
    an identity collision, records on syllabi not audited, a rule that crashed."""
    from checks.runner import AuditResult, DocumentResult, RuleFailure
    from pipeline.audit import AuditRun
    from reports.records import SyllabusRef
    from reports.register import RunOutcome
    from reports.register.identity import Collision, SyllabusGroup

    docs = [DocumentResult("a.docx", None, CorruptFile("a.docx", "unexpected end of data")),
            DocumentResult("a.pdf", None, CorruptFile("a.pdf", "unexpected end of data"))]
    ref = SyllabusRef(course_title="file a.docx", file="a.docx", copies=["a.docx", "a.pdf"])
    run = AuditRun(run_id="20261201-020000-000", out_dir=Path("out/20261201-020000-000"), files=3,
                   duplicates={"0" * 64: [Path("a.docx"), Path("a copy.docx")]},
                   checks=AuditResult(docs, failures=[RuleFailure("HRS001", "a.docx", "KeyError: 'hours'")]),
                   records=RunOutcome("20261201-020000-000", new=["NC-2026-0001"], unaudited=["NC-2026-0002"]),
                   report_paths=[], seconds=1.25, groups=[SyllabusGroup([0, 1], ref)],
                   collisions=[Collision("code:abc101", [["a.docx"], ["b.docx"]])], lang=lang)
    return run.summary_lines()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_audit_summary_line_is_in_the_language(lang):
    lines = _every_summary_line(lang)
    assert len(lines) == 9 and lines[-1].startswith(Labels(lang)("audit_summary.failure").split("{")[0])
    assert english_words("\n".join(lines), ["a copy.docx", "out/20261201-020000-000"]) == []


def test_every_english_audit_summary_line_is_as_it_was():
    lines = _every_summary_line("en")
    assert lines[:2] == ["run 20261201-020000-000: 3 file(s): 0 syllabi audited, 0 not a syllabus, "
                         "0 with tables not found, 2 unreadable",
                         "identical copies counted once: a.docx, a copy.docx"]
    assert lines[2:] == [
        "one syllabus in 2 files: a.docx = a.pdf",
        "identity collision: 2 different syllabi claim 'code:abc101' (a.docx; b.docx); their records are kept apart",
        "verdicts: unreadable 1",
        "nonconformities: 1 new, 0 still open, 0 resolved, 0 recurred, 1 on syllabi not audited tonight",
        "reports: out/20261201-020000-000",
        "time: 1.2 s",
        "TOOL FAILURE: rule HRS001 failed on a.docx: KeyError: 'hours'",
    ]


# --------------------------------------------------------------------------- register list / show


@pytest.fixture
def register_file(tmp_path):
    """A register with real rules' findings (so their requirements are the catalogue's), one
    corrective action, a closing and a recurrence: every kind of history entry."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "register"))
    from register_helpers import finding, night, ref

    from reports.register import human, open_register

    manifests = {m.code: m for m in load_rules().manifests()}
    R = ref()

    def real(code: str, key: str, **kw):
        f = finding(code, key=key, **kw)
        return f.model_copy(update={"name": manifests[code].name, "requirement": manifests[code].requirement,
                                    "message": Messages(kk="Сағаттар сәйкес емес", ru="Часы не сходятся",
                                                        en="The hours do not add up")})

    path = tmp_path / "qa" / "register.sqlite3"
    url = f"sqlite:///{path}"
    hours = real("HRS001", "hours/total", page=3)
    plan = real("PLN003", "plan/practicals/topic 5", page=4, expected="a date", actual="none")
    with open_register(url) as reg:
        reg.record_run("n1", [(hours, R), (plan, R)], [R], night(2))
        with reg.write() as s:
            human.assign(s, "NC-2026-0001", action="Сағаттарды қайта санау", responsible="Кафедра меңгерушісі",
                         due="2026-03-27", by="qa", when=datetime(2026, 3, 3, 9))
            human.close(s, "NC-2026-0001", comment="түзетілді", by="qa", when=datetime(2026, 3, 4, 9))
        reg.record_run("n2", [(hours, R)], [R], night(5))
    return path, R, [hours, plan]


def _register_texts(R, findings) -> list[str]:
    return [R.file, R.course_code, R.course_title, R.department, R.programme, "qa", "Кафедра меңгерушісі",
            "Сағаттарды қайта санау", "түзетілді", R.file_sha256[:12],
            *(f.evidence.quote for f in findings)]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_register_list_and_show_have_no_english(register_file, lang):
    path, R, findings = register_file
    labels = Labels(lang)
    listed = invoke("register", "list", "--register", path, "--lang", lang)
    assert listed.exit_code == 0, listed.output
    assert labels.column("status") in listed.stdout and labels.value("status", "reopened") in listed.stdout
    assert english_words(listed.stdout, _register_texts(R, findings)) == []
    for nc_id in ("NC-2026-0001", "NC-2026-0002"):
        shown = invoke("register", "show", nc_id, "--register", path, "--lang", lang)
        assert shown.exit_code == 0, shown.output
        assert english_words(shown.stdout, _register_texts(R, findings)) == [], nc_id
    shown = invoke("register", "show", "NC-2026-0002", "--register", path, "--lang", lang).stdout
    assert labels.value_text("a date") in shown and labels("where.page").format(n=4) in shown


def test_english_register_show_would_fail(register_file):
    path, R, findings = register_file
    shown = invoke("register", "show", "NC-2026-0001", "--register", path, "--lang", "en").stdout
    assert len(english_words(shown, _register_texts(R, findings))) > 20


def test_the_language_comes_from_the_settings_file_as_for_audit(register_file, files, tmp_path, monkeypatch):
    path, _R, _f = register_file
    monkeypatch.chdir(tmp_path)
    ru = Labels("ru")
    assert Labels("kk")("cli.records").format(n=2) in invoke("register", "list", "--register", path).stdout  # no file: kk
    (tmp_path / "syllabus-audit.toml").write_text(f'lang = "ru"\nregister = "{path}"\n', encoding="utf-8")
    assert ru("cli.records").format(n=2) in invoke("register", "list").stdout
    assert ru.value("status", "reopened") in invoke("register", "show", "NC-2026-0001").stdout
    assert ru.column("requirement") in invoke("rules").stdout
    assert ru.column("verdict") in invoke("check", files[0]).stdout
    assert Labels("en").column("verdict") in invoke("check", files[0], "--lang", "en").stdout  # the command line wins


# --------------------------------------------------------------------------- busy register, SQLite file


def test_a_busy_register_says_wait_seconds_in_plain_words(tmp_path, monkeypatch):
    from reports.register import RunLockHeld, open_register
    from reports.register.lock import RunLock
    from reports.register.store import make_engine

    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    open_register(url).close()
    (tmp_path / "syllabi").mkdir()
    (tmp_path / "syllabi" / "a.docx").write_bytes(b"x")
    engine = make_engine(url)
    try:
        with RunLock(engine, "night-A") as lock:
            held = lock._sqlite_holder()
            result = invoke("audit", tmp_path / "syllabi", "--register", url, "--out", tmp_path / "out", "--no-progress")
    finally:
        engine.dispose()
    assert isinstance(held, RunLockHeld)
    assert result.exit_code == 2
    printed = next(ln for ln in result.stderr.splitlines() if ln.startswith("error:"))
    assert printed.endswith(str(held))  # what the register says is what the person reads
    assert "--wait SECONDS" in printed and "run again with a wait time" not in printed
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", printed)  # a time as people write it, not ISO's "T"


def test_one_sqlite_file_test_for_every_command():
    from pipeline.commands import common
    from reports.register.sqlite_file import sqlite_file

    assert common.sqlite_file is sqlite_file
    assert sqlite_file("sqlite:///qa/r.sqlite3") == Path("qa/r.sqlite3").resolve()
    assert sqlite_file("sqlite://") is None and sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("postgresql+psycopg://u@h/db") is None
