"""Text taken from a syllabus runs nowhere and breaks no writer: a course title that is a
spreadsheet formula stays text in every workbook, and a control character in a PDF's text is
stored (losslessly) and shown by every report and by the register's commands.

Both syllabi share one night, and the later commands run once on its register.
"""

from __future__ import annotations

import shutil

import hostile_builders as b
import hostile_harness as h
import pytest

pytestmark = pytest.mark.hostile

DEFECTS_CODE = "GHM3305"  # data/samples/defects_ru.*: a syllabus with real defects (records)
SEED_CODE = "GMRK3301"
SEED_TITLE = "ҚАЗАҚСТАННЫҢ ГЕОЛОГИЯСЫ ЖӘНЕ МИНЕРАЛДЫҚ РЕСУРСТАРЫ"  # its title heading
FORMULA = "=cmd|' /C calc'!A0"
FORMULA_FILE = "=1+1.docx"
CONTROL_FILE = f"{DEFECTS_CODE}.pdf"


@pytest.fixture(scope="module")
def night(tmp_path_factory, good_sample):
    base = tmp_path_factory.mktemp("text-night")
    folder = base / "syllabi"
    folder.mkdir()
    shutil.copyfile(good_sample, folder / h.GOOD_NAME)
    # the seed syllabus (its own course and defects) with a formula for its title
    b.retitled_docx(b.sample("seed_kk.docx"), folder / FORMULA_FILE, SEED_TITLE, FORMULA)
    # "ГЕОХИМИЯ" reads "ГЕО\x07ИМИЯ": every Х of the text layer became a BEL
    b.remap_pdf_text(b.sample("defects_ru.pdf"), folder / CONTROL_FILE, "Х", "\x07")
    register = base / "register.sqlite3"
    done = h.cli(["audit", "--no-progress", folder, "--register", register, "--out", base / "out",
                  "--workers", "1"], base)
    result = h.Night(done, folder, base / "out", register)
    result.base = base
    return result


def formula_cells(path) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    return [f"{ws.title}!{cell.coordinate}: {cell.value}" for ws in workbook.worksheets
            for row in ws.iter_rows() for cell in row if cell.data_type == "f"]


def test_text_night_is_sound(night):
    h.assert_sound(night, entries=3)


def test_formula_course_title_stays_text_in_the_audit_workbook(night):
    entry = night.entry("1+1.docx")
    assert entry["course_code"] == SEED_CODE and entry["course_title"] == FORMULA, entry
    assert night.records_of("1+1.docx")
    assert formula_cells(night.run_dir / "report.kk.xlsx") == []


@pytest.fixture(scope="module")
def exported(night):
    """The later commands, once: `report` (xlsx, plan-docx), `register export-xlsx`, and
    `register import-xlsx` of that untouched export; the export."""
    return h.followups_work(night, night.base / "later", import_back=True)


def test_formula_course_title_stays_text_in_the_export_and_goes_back_in(exported):
    assert formula_cells(exported) == []


def test_control_character_in_pdf_text_is_kept_and_breaks_no_writer(night, exported):
    entry = night.entry(CONTROL_FILE)
    assert entry["error"] is None and entry["course_code"] == DEFECTS_CODE, entry
    records = night.records_of(CONTROL_FILE)
    assert records
    title = records[0]["course_title"]
    # stored as read, or escaped: never dropped
    assert title.startswith("ГЕО") and title.endswith("ИМИЯ") and title != "ГЕОИМИЯ", title
    # and every later command went through with it in the register (the `exported` fixture)
