"""The audit over several simulated nights: records, exit statuses and reports as a QA office
would see them (new → still open → resolved → recurrence; unreadable files; renamed files)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.audit import AuditSettings, run_audit, serial_extract
from reports.register import open_register
from tests.fixtures.generator.docx_writer import write_docx
from tests.fixtures.generator.specs import SPECS

CORPUS = Path(__file__).parents[1] / "corpus"


def _files(folder: Path) -> list[tuple[Path, str]]:
    return [(p, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(folder.iterdir())]


def _seed_with_dated_approval(path: Path) -> Path:
    """The seed as its department would correct it: the approval date filled in, nothing else."""
    seed = SPECS["seed_kk"]
    approval = dataclasses.replace(seed.identity.approval, date_text="29.08.2022 ж.", date=date(2022, 8, 29))
    fixed = dataclasses.replace(seed, identity=dataclasses.replace(seed.identity, approval=approval))
    return write_docx(fixed, path)


@pytest.fixture
def night(tmp_path):
    folder = tmp_path / "syllabi"
    folder.mkdir()
    register = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    out = tmp_path / "reports"
    counter = iter(range(1, 100))

    def run(lang: str = "kk"):
        n = next(counter)
        settings = AuditSettings(paths=[folder], out=out, register=register, lang=lang, run_id=f"night-{n:02d}")
        return run_audit(settings, _files(folder), extract_many=serial_extract, now=datetime(2026, 11, n, 2, 0))

    run.folder, run.register = folder, register
    return run


def test_nights_new_still_open_resolved_recurred(night):
    shutil.copy(CORPUS / "seed_kk.docx", night.folder / "GMRK3301.docx")
    shutil.copy(CORPUS / "clean_en.docx", night.folder / "AGph3306.docx")

    first = night()
    assert first.exit_code == 1
    assert len(first.records.new) == 13 and not first.records.resolved
    assert first.verdicts == {"to_revise": 1, "accepted": 1}
    names = {p.name for p in first.report_paths}
    assert {"findings.kk.csv", "report.kk.xlsx", "report.json", "report.kk.html", "index.html"} <= names
    assert any(n.startswith("plan_") and n.endswith(".kk.docx") for n in names)

    second = night()  # nothing changed
    assert second.exit_code == 0 and not second.records.new and len(second.records.still_open) == 13

    # The department fills in the approval date and saves under a new name: one record resolves,
    # the others are the same records (the fingerprint follows the defect, not the file name).
    (night.folder / "GMRK3301.docx").unlink()
    _seed_with_dated_approval(night.folder / "GMRK3301 (corrected).docx")
    third = night()
    assert third.exit_code == 0
    assert len(third.records.resolved) == 1 and len(third.records.still_open) == 12 and not third.records.new
    with open_register(night.register) as reg:
        resolved = reg.get(third.records.resolved[0])
    assert resolved.rule == "HYG001" and resolved.status.value == "resolved"

    # The blank date comes back: the same record is reopened as a recurrence (clause 17).
    (night.folder / "GMRK3301 (corrected).docx").unlink()
    shutil.copy(CORPUS / "seed_kk.docx", night.folder / "GMRK3301.docx")
    fourth = night()
    assert fourth.exit_code == 1 and fourth.records.recurred == [resolved.id] and not fourth.records.new
    with open_register(night.register) as reg:
        again = reg.get(resolved.id)
    assert again.status.value == "reopened" and again.recurrences == 1
    assert [(h.from_status, h.to_status) for h in again.history][-2:] == [("open", "resolved"), ("resolved", "reopened")]

    report = json.loads((fourth.out_dir / "report.json").read_text(encoding="utf-8"))
    changes = {r["id"]: r["change"] for r in report["records"]}
    assert changes[resolved.id] == "recurred"


def test_unreadable_file_is_a_record_and_resolves_when_the_file_is_repaired(night):
    (night.folder / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    first = night()
    assert first.unreadable == 1 and first.exit_code == 1
    with open_register(night.register) as reg:
        (record,) = reg.list()
    assert record.rule.startswith("DOC") and "broken.docx" in record.syllabus.file

    shutil.copy(CORPUS / "clean_ru.docx", night.folder / "broken.docx")  # the real file, same name
    second = night()
    assert second.records.resolved == [record.id] and second.exit_code == 0


def test_second_run_on_the_same_register_refuses(night):
    from reports.register import RunLockHeld

    shutil.copy(CORPUS / "clean_en.docx", night.folder / "a.docx")
    with open_register(night.register) as reg, reg.run_lock("someone-else"), pytest.raises(RunLockHeld, match="someone-else"):
        night()


def test_report_renders_a_past_run_again_in_another_language(night, tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    shutil.copy(CORPUS / "seed_kk.docx", night.folder / "GMRK3301.docx")
    first = night(lang="kk")
    original = json.loads((first.out_dir / "report.json").read_text(encoding="utf-8"))
    out = tmp_path / "again"
    result = CliRunner().invoke(main, ["report", first.run_id, "--register", night.register, "--out", str(out),
                                       "--lang", "ru"])
    assert result.exit_code == 0, result.output
    again = json.loads((out / first.run_id / "report.json").read_text(encoding="utf-8"))
    # the same records and verdicts, from the register alone; only the language differs
    assert sorted(r["id"] for r in again["records"]) == sorted(r["id"] for r in original["records"])
    assert again["report"]["syllabi"] == original["report"]["syllabi"]
    assert again["report"]["language"] == "ru"
    html = (out / first.run_id / "report.ru.html").read_text(encoding="utf-8")
    assert "Несоответств" in html or "несоответств" in html

    missing = CliRunner().invoke(main, ["report", "no-such-run", "--register", night.register, "--out", str(out)])
    assert missing.exit_code == 2 and "no-such-run" in missing.stderr and "Traceback" not in missing.output


def test_deleted_syllabus_keeps_its_records_open_and_says_so(night):
    """A file gone from the folder is not evidence that its defects were fixed: its records stay
    open, marked as not audited, and nothing new is reported."""
    shutil.copy(CORPUS / "seed_kk.docx", night.folder / "GMRK3301.docx")
    shutil.copy(CORPUS / "clean_en.docx", night.folder / "AGph3306.docx")
    first = night()
    assert len(first.records.new) == 13
    (night.folder / "GMRK3301.docx").unlink()
    second = night()
    assert second.exit_code == 0 and not second.records.new and not second.records.resolved
    assert sorted(second.records.unaudited) == sorted(first.records.new)
    with open_register(night.register) as reg:
        assert all(r.status.value == "open" for r in reg.list())
    assert "13 on syllabi not audited tonight" in "\n".join(second.summary_lines("en"))
