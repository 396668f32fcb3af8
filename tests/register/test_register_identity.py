"""Two different syllabi never share a record, and the copies of one syllabus are one syllabus.

A folder of syllabi whose titles were all read as "Course" (no course code) once filed every
finding under the first file's records; here each file keeps its own records, night after night,
and the collision is reported. The DOCX, PDF and .doc of one syllabus are one syllabus: counted
once, one row, one card, one set of records, its copies listed."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from extractors.errors import CorruptFile, NotASyllabus, TablesNotFound
from pipeline.audit import AuditSettings, run_audit, serial_extract
from reports.assemble import build_run_report
from reports.register import build_records, open_register
from reports.writers import html_writer
from tests.fixtures.generator.docx_writer import write_docx
from tests.fixtures.generator.specs import SPECS

CORPUS = Path(__file__).parents[1] / "corpus"


def _files(folder: Path) -> list[tuple[Path, str]]:
    return [(p, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(folder.rglob("*")) if p.is_file()]


def weak(name: str, path: Path, title: str = "Course", code: str = "", topics_suffix: str = "") -> Path:
    """The generated syllabus ``name`` with a weak title and no course code (``topics_suffix``:
    another course built on the same template, with the same defects and other topics)."""
    spec = SPECS[name]
    if topics_suffix:
        plan = tuple(dataclasses.replace(sec, topics=tuple(dataclasses.replace(t, title=t.title + topics_suffix)
                                                            for t in sec.topics)) for sec in spec.plan)
        spec = dataclasses.replace(spec, plan=plan)
    return write_docx(dataclasses.replace(spec, identity=dataclasses.replace(spec.identity, course_title=title,
                                                                              course_code=code)), path)


@pytest.fixture
def night(tmp_path):
    folder = tmp_path / "syllabi"
    folder.mkdir()
    register = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    counter = iter(range(1, 100))

    def run(extract_many=serial_extract):
        n = next(counter)
        settings = AuditSettings(paths=[folder], out=tmp_path / "reports", register=register, lang="en",
                                 run_id=f"night-{n:02d}", formats=("json", "xlsx", "html"))
        return run_audit(settings, _files(folder), extract_many=extract_many, now=datetime(2026, 11, n, 2, 0))

    run.folder, run.register = folder, register
    return run


def own_defects(outcome) -> dict[str, set[tuple[str, str]]]:
    """Per file, the distinct defects (rule, key) the run found in it."""
    return {d.file: {(f.rule, f.key) for f in d.findings if not f.waived} for d in outcome.checks.documents}


def records_by_file(register: str) -> dict[str, set[tuple[str, str]]]:
    with open_register(register) as reg:
        out: dict[str, set] = {}
        for nc in reg.list():
            out.setdefault(nc.syllabus.file, set()).add((nc.rule, nc.evidence.get("location") or ""))
        return out


def test_syllabi_with_one_weak_title_keep_one_set_of_records_each(night):
    for name in ("clean_ru", "defects_ru", "seed_kk", "clean_en"):
        weak(name, night.folder / f"{name}.docx")
    weak("seed_kk", night.folder / "Fall 2022.docx", topics_suffix=" (advanced)")  # same defects, other course
    weak("long_plan_kk", night.folder / "sub" / "plan.docx", title="1. The PDF")
    weak("transposed_ru", night.folder / "sub" / "other.docx", title="1. The PDF")

    seen: list[logging.LogRecord] = []
    catcher = logging.Handler(logging.WARNING)
    catcher.emit = seen.append
    logging.getLogger("syllabus_audit").addHandler(catcher)  # the run's log, whatever propagates
    try:
        first = night()
    finally:
        logging.getLogger("syllabus_audit").removeHandler(catcher)
    defects = own_defects(first)
    findings = sum(len(v) for v in defects.values())
    assert findings >= 25 and sum(1 for v in defects.values() if v) >= 3
    # one record per defect of each file: nothing merged
    assert len(first.records.new) == findings
    with open_register(night.register) as reg:
        records = reg.list()
    per_file = Counter(nc.syllabus.file for nc in records)
    assert per_file == Counter({f: len(v) for f, v in defects.items() if v})
    assert not any("also_found_in" in nc.evidence for nc in records)
    # every record's evidence is from its own file
    assert all(nc.evidence["file"] == nc.syllabus.file for nc in records)
    # a record says which key it was kept apart by
    assert {nc.syllabus.identity for nc in records if Path(nc.syllabus.file).name == "Fall 2022.docx"} == {
        "title:course@fall 2022"}

    # the old fingerprint (course identity alone) would have merged them
    old = build_records([(f, ref.model_copy(update={"identity": None})) for f, ref in _pairs(first)], "x", datetime.now())
    print(f"records: {len(old)} under the course identity alone, {len(first.records.new)} kept apart")
    assert len(old) < findings

    # the collisions are told: summary, log, report.json
    assert len(first.collisions) == 2
    lines = "\n".join(first.summary_lines())
    assert "identity collision: 5 different syllabi claim 'title:course'" in lines
    assert "identity collision: 2 different syllabi claim 'title:1 the pdf'" in lines
    assert any("identity collision" in r.getMessage() for r in seen)
    report = json.loads((first.out_dir / "report.json").read_text(encoding="utf-8"))
    claimed = {c["identity"]: c for c in report["report"]["collisions"]}
    assert set(claimed) == {"title:course", "title:1 the pdf"}
    assert sorted(Path(s[0]).name for s in claimed["title:course"]["syllabi"]) == [
        "Fall 2022.docx", "clean_en.docx", "clean_ru.docx", "defects_ru.docx", "seed_kk.docx"]
    assert len(set(claimed["title:course"]["keys"])) == 5
    assert first.syllabi == 7 and len(report["report"]["syllabi"]) == 7

    # nothing changed: the same records, none new, none lost
    second = night()
    assert not second.records.new and not second.records.resolved and not second.records.unaudited
    assert len(second.records.still_open) == findings

    # one of them is edited (its approval dated): its own record resolves, the others stay
    seed = SPECS["seed_kk"]
    approval = dataclasses.replace(seed.identity.approval, date_text="29.08.2022 ж.",
                                   date=datetime(2022, 8, 29).date())
    fixed = dataclasses.replace(seed, identity=dataclasses.replace(seed.identity, course_title="Course",
                                                                     course_code="", approval=approval))
    write_docx(fixed, night.folder / "seed_kk.docx")
    third = night()
    assert not third.records.new and len(third.records.resolved) == 1
    with open_register(night.register) as reg:
        gone = reg.get(third.records.resolved[0])
    assert gone.rule == "HYG001" and Path(gone.syllabus.file).name == "seed_kk.docx"


def _pairs(outcome):
    from pipeline.audit import _register_inputs

    return _register_inputs(outcome.checks, {}, outcome.groups)[0]


def test_a_second_syllabus_with_the_same_title_leaves_the_first_ones_records_alone(night):
    weak("seed_kk", night.folder / "a.docx")
    first = night()
    assert len(first.records.new) == 13 and not first.collisions

    weak("defects_ru", night.folder / "b.docx")  # another syllabus, misread the same way, appears
    second = night()
    assert len(second.collisions) == 1
    # the first file's records are still its own (not new, not unaudited); only b's are new
    assert len(second.records.still_open) == 13 and not second.records.resolved and not second.records.unaudited
    with open_register(night.register) as reg:
        new = [reg.get(i) for i in second.records.new]
    assert new and {Path(nc.syllabus.file).name for nc in new} == {"b.docx"}
    assert records_by_file(night.register).keys() == {str(night.folder / "a.docx"), str(night.folder / "b.docx")}


def test_docx_pdf_and_doc_of_one_syllabus_are_one_syllabus(night):
    for suffix in ("docx", "pdf", "doc"):
        shutil.copy(CORPUS / f"seed_kk.{suffix}", night.folder / f"GMRK3301.{suffix}")
    shutil.copy(CORPUS / "clean_en.docx", night.folder / "AGph3306.docx")
    first = night()
    assert first.files == 4 and first.read == 4 and first.syllabi == 2
    assert first.verdicts == {"to_revise": 1, "accepted": 1}
    lines = first.summary_lines()
    assert lines[0].startswith(f"run {first.run_id}: 4 file(s): 2 syllabi audited; 4 files read, copies counted once")
    docx, pdf, doc = (str(night.folder / f"GMRK3301.{s}") for s in ("docx", "pdf", "doc"))
    assert f"one syllabus in 3 files: {docx} = {doc} = {pdf}" in lines
    assert len(first.records.new) == 13

    with open_register(night.register) as reg:
        assert reg.runs()[-1].syllabi_audited == 2
        assert {nc.syllabus.file for nc in reg.list()} == {docx}
        report = build_run_report(reg, first.run_id, "en")
    [seed] = [s for s in report.syllabi if s.copies]
    assert seed.file == docx and seed.copies == [docx, doc, pdf] and seed.findings == 13
    assert len(report.syllabi) == 2

    # one card per syllabus, and the card's findings are the ones it counts
    sections = html_writer.context(report)["syllabi"]
    assert len(sections) == 2
    card = next(s for s in sections if s["file"] == docx)
    assert len(card["rows"]) == card["findings"] == 13
    html = html_writer.render_html(report)  # the card says which copies were seen
    assert f"{docx} = {doc} = {pdf}" in html and "Files of this syllabus" in html
    # one row on the XLSX syllabi sheet
    wb = load_workbook(next(first.out_dir.glob("report.*.xlsx")))  # report.<lang>.xlsx
    rows = list(wb["Syllabi"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2
    payload = json.loads((first.out_dir / "report.json").read_text(encoding="utf-8"))
    assert [s["copies"] for s in payload["report"]["syllabi"] if s["copies"]] == [[docx, doc, pdf]]

    # the PDF alone the next night: the same syllabus, the same records
    Path(docx).unlink()
    Path(doc).unlink()
    second = night()
    assert not second.records.new and len(second.records.still_open) == 13 and second.syllabi == 2


def test_the_summary_tells_unreadable_not_a_syllabus_and_tables_not_found_apart(night):
    for name in ("minutes.docx", "scan.docx", "broken.docx", "timetable.docx"):
        (night.folder / name).write_bytes(name.encode())
    shutil.copy(CORPUS / "clean_en.docx", night.folder / "AGph3306.docx")
    errors = {"minutes.docx": NotASyllabus, "timetable.docx": NotASyllabus, "scan.docx": TablesNotFound,
              "broken.docx": CorruptFile}

    def extract_many(files):
        for path, item in serial_extract([f for f in files if f[0].name not in errors]):
            yield path, item
        for path, _sha in files:
            if path.name in errors:
                yield path, errors[path.name](str(path))

    outcome = night(extract_many=extract_many)
    assert (outcome.syllabi, outcome.not_syllabi, outcome.tables_not_found, outcome.unreadable) == (1, 2, 1, 1)
    assert outcome.summary_lines()[0].endswith(
        "5 file(s): 1 syllabi audited, 2 not a syllabus, 1 with tables not found, 1 unreadable")
    assert outcome.verdicts == {"accepted": 1, "not_a_syllabus": 2, "tables_not_found": 1, "unreadable": 1}


def test_two_unreadable_files_of_one_name_are_kept_apart(night):
    (night.folder / "a").mkdir()
    (night.folder / "b").mkdir()
    (night.folder / "a" / "syllabus.docx").write_bytes(b"PK\x03\x04 truncated")
    (night.folder / "b" / "syllabus.docx").write_bytes(b"PK\x03\x04 truncated too")
    first = night()
    assert first.unreadable == 2 and not first.collisions  # keyed by their paths: no shared identity
    assert len(records_by_file(night.register)) == 2
    shutil.copy(CORPUS / "clean_ru.docx", night.folder / "a" / "syllabus.docx")  # one is repaired
    second = night()
    assert len(second.records.resolved) == 1 and not second.records.new
    with open_register(night.register) as reg:
        still = [nc for nc in reg.list() if nc.status.is_open]
    assert [Path(nc.syllabus.file).parent.name for nc in still] == ["b"]
