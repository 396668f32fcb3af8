"""The programme passport reader (issue 16, second part): the documented one-table layout, in
CSV or XLSX, and a clear error naming the file, row and column for a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.passport import PassportError, load_passport
from extractors.api import extract_file

DATA = Path(__file__).resolve().parents[2] / "data"
HEADER = "kind,code,text,lang,cycle,component,credits,discipline\n"


def write(tmp_path, body: str, name: str = "passport.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_the_sample_passport_matches_the_bundled_syllabi():
    passport = load_passport(DATA / "passport.sample.csv")
    assert passport.code == "6B07204" and set(passport.names) == {"kk", "ru", "en"}
    for name in ("seed_kk", "clean_ru", "clean_en"):
        s = extract_file(DATA / "samples" / f"{name}.docx")
        assert s.identity.programme_code.value == passport.code
        assert s.identity.programme_name.value == passport.names[s.language.value]
        d = passport.discipline(s.identity.course_code.value)
        assert (d.cycle, d.component, d.credits) == (s.identity.cycle.value, s.identity.component.value,
                                                     s.identity.credits.ects.value)
        assert passport.outcomes_of(d.code) == {o.key for o in s.outcomes.declared}
        for o in s.outcomes.declared:
            assert passport.outcomes[o.key].wording[s.language.value] == o.text.value


def test_look_alike_codes_are_one_outcome(tmp_path):
    p = load_passport(write(tmp_path, "programme,6B07204,Геология,ru,,,,\noutcome,РО1,Оценивать,ru,,,,\n"
                                      "matrix,PO1,,,,,,GIG3303\n"))
    assert p.outcomes_of("GIG3303") == {next(iter(p.outcomes))}


def test_xlsx_reads_as_csv(tmp_path):
    import pandas as pd

    csv = write(tmp_path, "programme,6B07204,Геология,kk,,,,\ndiscipline,GMRK3301,Геология,,КП,ЖК,\"5,0\",\n")
    xlsx = tmp_path / "passport.xlsx"
    pd.read_csv(csv, dtype=str, keep_default_na=False).to_excel(xlsx, index=False)
    assert load_passport(xlsx).discipline("gmrk 3301").credits == 5.0


@pytest.mark.parametrize("body, problem", [
    ("programme,6B07204,Геология,kk,,,,\nfoo,X,,,,,,\n", "row 3, column kind: 'foo' is not one of"),
    ("programme,6B07204,Геология,kz,,,,\n", "row 2, column lang: 'kz'"),
    ("programme,6B07204,Геология,kk,,,,\ndiscipline,GMRK3301,Геология,,КП,ЖК,five,\n", "row 3, column credits: 'five'"),
    ("programme,6B07204,Геология,kk,,,,\nmatrix,PO9,,,,,,GMRK3301\n", "does not list: РО9"),
    ("programme,6B07204,Геология,kk,,,,\nmatrix,PO9,,,,,,\n", "row 3, column discipline"),
    ("outcome,PO1,Оценивать,ru,,,,\n", "no programme row"),
    ("programme,6B07204,Геология,kk,,,,\nprogramme,6B07205,Другая,ru,,,,\n", "row 3: a second programme"),
])
def test_a_bad_passport_is_named_with_its_row(tmp_path, body, problem):
    path = write(tmp_path, body)
    with pytest.raises(PassportError) as err:
        load_passport(path)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_missing_columns_file_and_type(tmp_path):
    bad = tmp_path / "p.csv"
    bad.write_text("kind,code\nprogramme,6B07204\n", encoding="utf-8")
    with pytest.raises(PassportError, match="missing column"):
        load_passport(bad)
    with pytest.raises(PassportError, match="file not found"):
        load_passport(tmp_path / "none.csv")
    other = tmp_path / "p.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(PassportError, match="unsupported file type"):
        load_passport(other)
