"""``pipeline.work._check_setup`` is made once per content of the passport and curriculum files: a
process that audits twice (the web interface, the tests, the coordinator checking cached syllabi
on a night whose findings missed) reads an edited passport again."""

from __future__ import annotations

from pipeline import work
from pipeline.work import CheckSpec

PASSPORT = "kind,code,text\nprogramme,6B07201,Геология\n"
EDITED = "kind,code,text\nprogramme,6B07205,Геология\n"


def test_an_edited_passport_is_read_again_and_an_unchanged_one_is_not(tmp_path):
    passport = tmp_path / "passport.csv"
    passport.write_text(PASSPORT, encoding="utf-8")
    spec = CheckSpec(passport_file=str(passport))
    first = work._check_setup(spec)
    assert work._check_setup(spec) is first  # the same bytes: made once
    passport.write_text(EDITED, encoding="utf-8")
    edited = work._check_setup(spec)
    assert edited is not first
    assert edited[1].passport != first[1].passport
    assert work._check_setup(spec) is edited


def test_no_files_is_one_setup(tmp_path):
    spec = CheckSpec()
    assert work._check_setup(spec) is work._check_setup(spec)
