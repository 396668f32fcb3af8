"""Hostile file contents: each file gets its line in the report and, when it cannot be read, its
record; the good syllabus beside them is audited; the night ends with status 1 (something to
read), never 2 or a hang.

These cases share one night (one folder, one sub-folder per case): each costs only its own file
when the product is right, and one night instead of fourteen keeps the suite within CI's budget.
The cases that can abort a whole night (names, permissions, faults) have nights of their own.
"""

from __future__ import annotations

import shutil

import hostile_builders as b
import hostile_harness as h
import pytest

from extractors import errors as E

pytestmark = pytest.mark.hostile

SEED_CODE = "GMRK3301"  # data/samples/seed_kk.*: the real Kazakh syllabus


def build_cases(root):
    """{case: (path of the hostile file relative to the folder)} — every case in its own folder."""
    cases = {}

    def at(case, name):
        (root / case).mkdir()
        cases[case] = f"{case}/{name}"
        return root / case / name

    b.zip_bomb_docx(at("zip_bomb", "BOMB1101.docx"), megabytes=300)
    b.billion_laughs_docx(at("billion_laughs", "LOL1101.docx"))
    b.xxe_docx(at("xxe", "XXE1101.docx"), "/etc/passwd")
    b.many_pages_pdf(at("pages_500", "PAGES500.pdf"), pages=500)
    b.rotated_pdf(at("rotated", "rotated.pdf"), "seed_kk.pdf")
    b.encrypted_pdf(at("encrypted", "locked.pdf"))
    b.truncated("defects_ru.docx", at("truncated_docx", "half.docx"))
    b.truncated("defects_ru.pdf", at("truncated_pdf", "half.pdf"))
    b.random_bytes(at("random_pdf", "noise.pdf"), seed=11)
    b.random_bytes(at("random_docx", "noise.docx"), seed=12)
    at("empty_pdf", "empty.pdf").write_bytes(b"")
    b.drop_tounicode_pdf(b.sample("defects_ru.pdf"), at("cid_glyphs", "glyphs.pdf"))
    # the misnamed copy sorts first, so it is the one discovery keeps of the identical pair
    b.copy_sample("clean_ru.docx", at("misnamed", "a copy.pdf"))
    b.copy_sample("clean_ru.docx", root / "misnamed" / "b real.docx")
    return cases


@pytest.fixture(scope="module")
def night(tmp_path_factory, good_sample):
    base = tmp_path_factory.mktemp("files-night")
    folder = base / "syllabi"
    folder.mkdir()
    shutil.copyfile(good_sample, folder / h.GOOD_NAME)
    cases = build_cases(folder)
    register = base / "register.sqlite3"
    # without OCR, so that the glyph-only PDF is not read as a scan (slow, and machine-dependent)
    done = h.cli(["audit", "--no-progress", folder, "--register", register, "--out", base / "out",
                  "--workers", "2"], base, env={"HOSTILE_NO_OCR": "1"})
    result = h.Night(done, folder, base / "out", register)
    result.cases = cases
    return result


def test_the_night_itself_is_sound(night):
    h.assert_sound(night)


def case_entry(night, case: str, errors: set[type] | None = None) -> dict:
    """The case's file has its line in the report (giving one of the ``errors``' titles when
    given) and, when it could not be read, exactly one record in the register."""
    name = night.cases[case]
    entry = night.entry(name)
    if errors is not None:
        assert entry["error"] and any(e.title in entry["error"] for e in errors), entry
    if entry["error"] is not None:
        assert len(night.records_of(name)) == 1, [r["file"] for r in night.records()]
    return entry


def test_zip_bomb_docx_is_refused_as_such(night):
    bomb = night.folder / night.cases["zip_bomb"]
    assert bomb.stat().st_size < 2_000_000  # 300 MB inside, a few hundred KB on disk
    case_entry(night, "zip_bomb", {E.ZipBomb, E.TooLarge})


def test_billion_laughs_is_not_expanded(night):
    case_entry(night, "billion_laughs")
    assert "lol" * 100 not in night.all_text()


def test_xxe_does_not_read_local_files(night):
    case_entry(night, "xxe")
    with open("/etc/passwd", encoding="utf-8") as fh:
        secret = fh.readline().strip()
    assert secret and secret not in night.all_text()
    assert not any(secret in repr(r) for r in night.records())


def test_500_page_pdf_is_refused_by_the_page_limit(night):
    case_entry(night, "pages_500", {E.TooLarge})


def test_rotated_pages_are_read_like_upright_ones(night):
    entry = case_entry(night, "rotated")
    assert entry["error"] is None and entry["course_code"] == SEED_CODE, entry
    assert night.records_of(night.cases["rotated"])  # the seed syllabus's real defects


def test_encrypted_pdf_is_reported_as_password_protected(night):
    case_entry(night, "encrypted", {E.EncryptedFile})


@pytest.mark.parametrize("case", ["truncated_docx", "truncated_pdf"])
def test_truncated_file_is_reported_damaged(night, case):
    case_entry(night, case, {E.CorruptFile})


@pytest.mark.parametrize("case", ["random_pdf", "random_docx"])
def test_random_bytes_are_reported_damaged(night, case):
    case_entry(night, case, {E.CorruptFile, E.WrongFormat})


def test_empty_file_is_reported_empty(night):
    case_entry(night, "empty_pdf", {E.EmptyFile})


def test_pdf_of_cid_glyphs_has_no_usable_text_layer(night):
    # (with Tesseract, its pages would be read by OCR instead: tests/extractors/test_pdf_glyphs.py)
    case_entry(night, "cid_glyphs", {E.NoTextLayer})


def test_docx_named_pdf_does_not_hide_the_real_docx(night):
    real = [e for e in night.entries() if "misnamed/" in e["file"] and e["error"] is None]
    assert len(real) == 1 and real[0]["verdict"] == "accepted", night.entries()
