"""The programme rules (checks/programme/) end to end: ``check --passport --curriculum`` on the
bundled samples (they pass with data/passport.sample.csv and data/curriculum.sample.csv) and on a
syllabus built as a DOCX with one defect for each rule."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.fixtures.generator.docx_writer import write_docx
from tests.fixtures.generator.spec import TitleLine
from tests.fixtures.generator.specs_ru import CLEAN_RU

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
PASSPORT = ROOT / "data" / "passport.sample.csv"
CURRICULUM = ROOT / "data" / "curriculum.sample.csv"
PROGRAMME_RULES = {f"PRG{i:03d}" for i in range(1, 11)}


def invoke(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    assert "Traceback" not in result.output
    return result


def check(*files, lang="en", fmt="json", documents=True):
    extra = ["--passport", PASSPORT, "--curriculum", CURRICULUM] if documents else []
    return invoke("check", *files, *extra, "--select", "programme", "--format", fmt, "--lang", lang)


def defective_spec():
    """CLEAN_RU (GIG3303) with one defect for each programme rule."""
    base = CLEAN_RU
    identity = dataclasses.replace(
        base.identity,
        programme_code="6B07205",  # PRG001 (code)
        programme_name="Геология",  # PRG001 (name)
        cycle="БД", component="ОК",  # PRG002
        credits_text="4", credits_ects=4.0, credits_national=None,  # PRG003
        department="Кафедра геологии",  # PRG007
        extra_lines=(TitleLine("Курс", "2"), TitleLine("Семестр", "3")),  # PRG010: the curriculum's 3 and 5
    )
    pos = base.outcomes
    outcomes = (
        dataclasses.replace(pos[0], programme_outcome="PO11 - Изучать подземные воды."),  # PRG004
        dataclasses.replace(pos[1], programme_outcome="PO12 - Process and interpret field data with modern software."),
    )  # PO12 is not GIG3303's (PRG005), PO13 is no longer served (PRG006)
    hours = dataclasses.replace(base.hours, rows=tuple(
        dataclasses.replace(r, value="80") if r.activity == "siw" else r for r in base.hours.rows))  # PRG008
    return dataclasses.replace(base, name="programme_defects", identity=identity, outcomes=outcomes, hours=hours,
                               prerequisites=("Общая и историческая геология", "Химия"))  # PRG009


@pytest.fixture(scope="module")
def defective(tmp_path_factory):
    return write_docx(defective_spec(), tmp_path_factory.mktemp("prg") / "programme_defects.docx")


@pytest.mark.parametrize("name", ["seed_kk.docx", "clean_ru.docx", "clean_en.docx", "clean_en.pdf"])
def test_bundled_samples_pass(name):
    r = check(SAMPLES / name)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["findings"] == []


def test_defective_syllabus_shows_each_finding(defective):
    r = check(defective)
    assert r.exit_code == 1, r.output
    findings = json.loads(r.output)["findings"]
    assert {f["rule"] for f in findings} == PROGRAMME_RULES
    by = {(f["rule"], f["evidence"]["location"]): f["evidence"] for f in findings}
    assert by[("PRG001", "identity/programme_code")]["expected"] == f"6B07204 ({PASSPORT}, row 2)"
    assert by[("PRG001", "identity/programme_code")]["actual"] == "6B07205"
    assert by[("PRG002", "identity/cycle")]["expected"] == f"ПД ({PASSPORT}, row 12)"
    assert by[("PRG003", "identity/credits")]["expected"] == f"5 ({PASSPORT}, row 12)"
    assert by[("PRG004", "outcomes/PO11")]["actual"] == "Изучать подземные воды."
    assert by[("PRG005", "outcomes/PO12")]["expected"] == f"PO11, PO13 ({PASSPORT})"
    assert by[("PRG006", "outcomes")]["expected"].startswith("PO13 (")
    assert by[("PRG007", "identity/department")]["expected"] == f"Школа наук о Земле ({CURRICULUM}, row 3)"
    assert (by[("PRG008", "hours/siw")]["expected"], by[("PRG008", "hours/siw")]["actual"]) == (f"75 ({CURRICULUM}, row 3)", "80")
    assert (by[("PRG010", "identity/study_year")]["expected"], by[("PRG010", "identity/study_year")]["actual"]) == (
        f"3 ({CURRICULUM}, row 3)", "2")
    assert by[("PRG010", "identity/semester")]["expected"] == f"5 ({CURRICULUM}, row 3)"
    assert by[("PRG010", "identity/semester")]["quote"] == "Семестр: 3"
    prq = [f["evidence"] for f in findings if f["rule"] == "PRG009"]
    assert {e["actual"] for e in prq} == {"Химия", "Общая и историческая геология, Химия"}
    for f in findings:  # every finding says where in the syllabus, not only what
        e = f["evidence"]
        assert e["file"] == str(defective) and e["expected"] and e["actual"]
    assert all(f["evidence"]["quote"] for f in findings if f["rule"] != "PRG006")


def test_year_and_semester_as_in_the_curriculum_pass(tmp_path):
    """The clean syllabus saying the curriculum's year and semester: read, compared, no finding."""
    identity = dataclasses.replace(CLEAN_RU.identity, extra_lines=(TitleLine("Курс", "3"), TitleLine("Семестр", "5")))
    path = write_docx(dataclasses.replace(CLEAN_RU, name="year_semester", identity=identity), tmp_path / "ys.docx")
    r = check(path)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["findings"] == []
    r = invoke("extract", path)
    ident = json.loads(r.output)["identity"]
    assert (ident["study_year"]["value"], ident["semester"]["value"]) == (3, 5)


def test_without_the_documents_the_rules_say_nothing(defective):
    r = check(defective, documents=False)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["findings"] == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_findings_in_the_users_language(defective, lang):
    r = check(defective, lang=lang, fmt="text")
    assert r.exit_code == 1
    assert " row " not in r.output and "passport (" not in r.output
    assert ("строка" if lang == "ru" else "-жол") in r.output


def test_a_bad_passport_is_the_tools_failure(tmp_path):
    bad = tmp_path / "passport.csv"
    bad.write_text("kind,code,text\nprogramme,6B07204,X\nsomething,PO1,Y\n", encoding="utf-8")
    r = invoke("check", SAMPLES / "clean_ru.docx", "--passport", bad)
    assert r.exit_code == 2
    assert str(bad) in r.output and "row 3, column kind" in r.output


def test_the_nightly_audit_reads_the_passport_from_the_settings_file(defective, tmp_path):
    """``passport`` in syllabus-audit.toml (or --passport) reaches the rules in the workers, and a
    changed passport re-checks the cached syllabus: the cache fingerprint holds the passport."""
    folder = tmp_path / "share"
    folder.mkdir()
    (folder / defective.name).write_bytes(defective.read_bytes())
    passport = tmp_path / "passport.csv"
    passport.write_text(PASSPORT.read_text(encoding="utf-8"), encoding="utf-8")
    settings = tmp_path / "syllabus-audit.toml"
    settings.write_text(f'passport = "{passport}"\n', encoding="utf-8")
    register, out = tmp_path / "register.sqlite3", tmp_path / "out"

    def night():
        r = invoke("audit", "--no-progress", "--config", settings, folder, "--register", register, "--out", out,
                   "--select", "programme", "--report-format", "json", "--workers", "1")
        run = sorted(p for p in out.iterdir() if p.is_dir())[-1]
        report = json.loads((run / "report.json").read_text(encoding="utf-8"))["report"]
        return r, {e["record"]["rule"] for e in report["entries"] if e["record"]["status"] == "open"}

    r, rules = night()
    assert r.exit_code == 1, r.output
    assert {"PRG001", "PRG002", "PRG004", "PRG005", "PRG006"} <= rules  # the curriculum rules need --curriculum
    passport.write_text("kind,code,text\nprogramme,6B07205,Геология\n", encoding="utf-8")  # now it says 6B07205
    r, rules = night()
    assert "PRG001" not in rules, r.output  # re-checked against the new passport, not taken from the cache


def test_rules_doc_maps_our_rules_onto_the_peers_56_tests():
    """docs/rules.md 'Against the peer checker's 56 tests': each peer test once, suite by suite,
    naming only rules that exist, with totals that add up; every PRG and LRN rule is placed."""
    import re

    from checks.registry import load_rules

    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Against the peer checker's 56 tests"):]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in section.splitlines()
            if re.match(r"\| [A-Z]{2,3}-\d{3} \|", line)]
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)) == 56
    suites = {s: sum(i.startswith(s + "-") for i in ids) for s in ("STR", "FMT", "OP", "RUP", "INT", "TXT")}
    assert suites == {"STR": 5, "FMT": 4, "OP": 10, "RUP": 6, "INT": 26, "TXT": 5}
    registered = {m.code for m in load_rules().manifests()}
    named = {code for r in rows for code in re.findall(r"[A-Z]{3}\d{3}", r[2])}
    assert named <= registered, named - registered
    kinds = [r[3].split(" ")[0].rstrip(":") for r in rows]
    assert all((k == "—") == (r[2] == "—") for k, r in zip(kinds, rows))
    counts = (kinds.count("full"), kinds.count("partial"), kinds.count("—"))
    assert f"Totals: {counts[0]} full, {counts[1]} partial, {counts[2]} not covered." in section
    placed = set(re.findall(r"[A-Z]{3}\d{3}", section))
    ranges = re.findall(r"([A-Z]{3})(\d{3})-[A-Z]{3}(\d{3})", section)
    placed |= {f"{p}{n:03d}" for p, a, b in ranges for n in range(int(a), int(b) + 1)}
    assert {c for c in registered if c[:3] in ("PRG", "LRN")} <= placed
