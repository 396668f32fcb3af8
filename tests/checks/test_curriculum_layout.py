"""The fuller curriculum layout (year, department, hours by activity, prerequisites) and the
passport built from rows: what the programme rules read."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from checks.curriculum import CurriculumError, load_curriculum
from checks.passport import PassportError, load_passport, passport_from_records

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_fuller_layout_read_from_both_formats(tmp_path, suffix):
    df = pd.DataFrame(
        [["GIG3303", "Гидрогеология", 5, 5, 150, 3, "Школа наук о Земле", 15, 30, "", 30, 75, "Физика; EG1101 Общая геология"]],
        columns=["Code", "Title", "Semester", "Credits", "Hours", "Year", "Department", "Lectures", "Practicals",
                 "Labs", "SIWT", "SIW", "Prerequisites"],
    )
    path = tmp_path / f"plan.{suffix}"
    df.to_csv(path, index=False) if suffix == "csv" else df.to_excel(path, index=False)
    c = load_curriculum(path).by_code("GIG3303")
    assert (c.year, c.department) == (3, "Школа наук о Земле")
    assert dict(c.activity_hours) == {"lectures": 15.0, "practicals": 30.0, "siwt": 30.0, "siw": 75.0}
    assert c.hours_of("labs") is None  # an empty cell is no figure, not 0
    assert c.prerequisites == ("Физика", "EG1101 Общая геология")


def test_five_column_file_reads_as_before(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("code,title,semester,credits,hours\nA1,X,1,5,150\n", encoding="utf-8")
    c = load_curriculum(path).courses[0]
    assert (c.year, c.department, c.activity_hours, c.prerequisites) == (None, None, (), None)


def test_a_bad_activity_figure_names_row_and_column(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("code,title,semester,credits,hours,siw\nA1,X,1,5,150,many\n", encoding="utf-8")
    with pytest.raises(CurriculumError, match=r"row 2, column siw: 'many' is not a number"):
        load_curriculum(path)


def test_samples_documents_load():
    pp = load_passport(DATA / "passport.sample.csv")
    assert set(pp.disciplines) >= {"GMRK3301", "GIG3303", "GHM3305", "AGPH3306"}
    assert {pp.outcomes[k].code for k in pp.outcomes_of("GHM3305")} == {"PO11", "PO13"}
    assert pp.name_rows == {"kk": 2, "ru": 3, "en": 4}
    cur = load_curriculum(DATA / "curriculum.sample.csv")
    assert cur.by_code("GMRK3301").prerequisites == ("Жалпы және тарихи геология",)


def test_passport_from_records_keeps_rows_per_language():
    pp = passport_from_records([
        {"kind": "programme", "code": "6B07204", "text": "Геология", "lang": "ru"},
        {"kind": "outcome", "code": "PO1", "text": "Знать", "lang": "ru"},
        {"kind": "outcome", "code": "РО1", "text": "Know", "lang": "en"},  # Cyrillic look-alikes: the same code
    ], "p.csv")
    (po,) = pp.outcomes.values()
    assert po.wording == {"ru": "Знать", "en": "Know"} and po.rows == {"ru": 3, "en": 4}
    with pytest.raises(PassportError, match=re.escape("p.csv: row 2, column code")):
        passport_from_records([{"kind": "programme", "code": "", "text": "x"}], "p.csv")
