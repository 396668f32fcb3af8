"""PDF reader: DOCX files built here, exported by LibreOffice the way real syllabus PDFs are made,
read back and compared with the words that went in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors.convert import convert, soffice_path
from extractors.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    NoTextLayer,
    TooLarge,
    WrongFormat,
)
from extractors.limits import Limits
from extractors.pdf_reader import read_pdf
from extractors.raw import RawTable
from tests import pdf_builders as b

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed"),
]


def words(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pdfs")
    syllabus = convert(b.build_syllabus_docx(d / "syllabus.docx"), "pdf", d)
    plain = convert(b.build_plain_docx(d / "plain.docx"), "pdf", d)
    hyphen = convert(b.build_hyphen_docx(d / "hyphen.docx"), "pdf", d)
    merge_break = convert(b.build_merge_across_break_docx(d / "merge_break.docx"), "pdf", d)
    return {
        "syllabus": syllabus,
        "plain": plain,
        "docx": d / "syllabus.docx",
        "hyphen": hyphen,
        "merge_break": merge_break,
        "rotated": b.rotate_pages(syllabus, d / "rotated.pdf", {1: 90, 2: 270, 3: 180}),
        "encrypted": b.encrypt(syllabus, d / "encrypted.pdf"),
        # a readable page, then the syllabus with its (shared) font's /ToUnicode map removed
        "cid": b.append_pdf(plain, b.drop_tounicode(syllabus, d / "nomap.pdf", [1]), d / "cid.pdf"),
        "scan": b.image_pdf(d / "scan.pdf", pages=2),
        "half_scan": b.append_pdf(plain, b.image_pdf(d / "one_scan.pdf"), d / "half_scan.pdf"),
        "dir": d,
    }


@pytest.fixture(scope="session")
def syllabus(pdfs):
    return read_pdf(pdfs["syllabus"])


def test_format_hash_and_pages(syllabus, pdfs):
    import hashlib

    assert syllabus.format == "pdf"
    assert syllabus.sha256 == hashlib.sha256(pdfs["syllabus"].read_bytes()).hexdigest()
    assert syllabus.pages == 6
    assert syllabus.has_text_layer and syllabus.unreadable_glyphs == 0 and syllabus.warnings == []


def test_paragraphs_in_order_with_pages(syllabus):
    got = [(p.page, p.text) for p in syllabus.paragraphs]
    assert got == [
        (1, "ҚАЗАҚСТАННЫҢ ГЕОЛОГИЯСЫ ЖӘНЕ МИНЕРАЛДЫҚ РЕСУРСТАРЫ"),
        # short lines with no gap between them stay separate
        (1, "Кредиттер саны: 5"),
        (1, "Цикл: КП"),
        (1, "Компонент: ЖК"),
        # a paragraph wrapped over three lines is one paragraph
        (1, b.LONG_PARAGRAPH),
        # a bullet wrapped over three lines is one paragraph, the next bullet another
        (1, b.BULLETS[0]),
        (1, b.BULLETS[1]),
        (1, "1.7 Пәннің еңбек сыйымдылығы"),
        (1, "2.1 Тақырыптық жоспар"),
        (5, "5 ҰСЫНЫЛАТЫН ӘДЕБИЕТТЕР ТІЗІМІ"),
        (5, "5.1 Негізгі әдебиет"),
        # literature entries wrap over two or three lines; one wraps at "2014. –" / "128 б."
        (5, b.MAIN_LIT[0]),
        (5, b.MAIN_LIT[1]),
        (5, "5.2 Қосымша әдебиеттер"),
        (5, b.EXTRA_LIT[0]),
        (5, b.EXTRA_LIT[1]),
        (6, b.EXTRA_LIT[2]),
    ]
    assert [p.index for p in syllabus.paragraphs] == list(range(17))


def test_blocks_interleave_tables_and_paragraphs(syllabus):
    kinds = ["T" if isinstance(x, RawTable) else x.text[:3] for x in syllabus.blocks]
    assert kinds[7:11] == ["1.7", "T", "2.1", "T"]
    assert kinds[11] == "5 Ұ"
    assert [t.index for t in syllabus.tables] == [0, 1]


def test_page_header_kept_apart_once(syllabus):
    assert syllabus.header_texts == [
        f"{b.UNIVERSITY}\t\t1 бет 6\n{b.QMS}\t{b.QMS_CODE}"
    ]
    for t in syllabus.tables:
        for row in t.rows:
            for c in row:
                assert "бет" not in c.text and "СЕРІКБАЕВ" not in c.text and b.QMS not in c.text
    assert all("СЕРІКБАЕВ" not in p.text for p in syllabus.paragraphs)


def test_merged_cells_are_covered_not_duplicated(syllabus):
    t = syllabus.tables[0]
    assert t.texts() == [
        [b.HOURS_HEADING, "", ""],
        ["Аудиториялық", "Дәрістер", "15"],
        ["", "Практикалық жұмыстар", "30"],
        ["Өздік", "СӨЖО", "30"],
        ["", "СӨЖ", "75"],
    ]
    cover = [[c.covered_by for c in row] for row in t.rows]
    assert cover == [
        [None, (0, 0), (0, 0)],  # heading merged across all columns
        [None, None, None],
        [(1, 0), None, None],  # "Аудиториялық" merged down
        [None, None, None],
        [(3, 0), None, None],
    ]
    assert all(c.row == r and c.col == k for r, row in enumerate(t.rows) for k, c in enumerate(row))


def test_table_across_pages_is_stitched(syllabus):
    t = syllabus.tables[1]
    # every row once, header not repeated, rows split by page breaks joined back word for word
    assert [[words(c.text) for c in row] for row in t.rows] == [b.PLAN_HEADER] + b.plan_rows()
    assert [row[0].page for row in t.rows] == [1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 5, 5, 5]
    assert t.page == 1
    assert all(c.row == r for r, row in enumerate(t.rows) for c in row)
    assert not any(c.is_covered for row in t.rows for c in row)


def test_split_row_was_really_split(pdfs):
    """Guard for the stitching test: LibreOffice must have broken row 7 over pages 2-4 and
    row 3 over pages 1-2, or the join above proves nothing."""
    import pdfplumber

    with pdfplumber.open(pdfs["syllabus"]) as pdf:
        text = [p.extract_text() for p in pdf.pages]
    assert "жол01" in text[1] and "жол20" in text[2] and "жол50" in text[3]
    row3_page1 = text[0].split("3 тақырып.")[1]
    assert "геофизикалық" in row3_page1 and "бөлім" not in row3_page1
    assert "зерттеудің тарихы\nмен негізгі\nкезеңдері, бөлім\n3." in text[1]


def test_merge_down_first_column_goes_on_across_page_break(pdfs):
    (t,) = read_pdf(pdfs["merge_break"]).tables
    assert [row[0].page for row in t.rows] == [2] * 7 + [3, 3]  # guard: rows 7-8 moved on whole
    assert t.rows[1][0].text == "1-й аралық бақылау"
    assert [row[0].covered_by for row in t.rows[2:]] == [(1, 0)] * 7
    assert [words(row[1].text).split()[:2] for row in t.rows[1:]] == [[str(r), "практикалық"] for r in range(1, 9)]


def test_cell_text_wrapped_words_come_back_whole(syllabus):
    cell = syllabus.tables[1].rows[1][1].text
    assert cell.split() == b.plan_rows()[0][1].split()  # "геологиялық-" + "геофизикалық" joined
    assert "\n" in cell  # lines of a wrapped cell are kept as lines


def test_hyphenation_breaks_resolved(pdfs):
    import pdfplumber

    with pdfplumber.open(pdfs["hyphen"]) as pdf:  # guard: the narrow cell really breaks there
        text = pdf.pages[0].extract_text()
    assert "сипат-\nтамасы" in text and "тау-\nкендік" in text
    doc = read_pdf(pdfs["hyphen"])
    # the soft hyphen's "-" goes (the word occurs unbroken in the paragraph); real hyphens stay
    assert doc.tables[0].rows[0][0].text.split() == ["Пәннің", "сипаттамасы", "тау-кендік", "ісі"]
    assert doc.paragraphs[0].text == b.HYPHEN_PARAGRAPH


def test_rotated_pages_read_like_upright_ones(pdfs, syllabus):
    rotated = read_pdf(pdfs["rotated"])
    assert [(x.page, x.text) for x in rotated.paragraphs] == [(x.page, x.text) for x in syllabus.paragraphs]
    assert [t.texts() for t in rotated.tables] == [t.texts() for t in syllabus.tables]
    assert rotated.header_texts == syllabus.header_texts


def test_unreadable_glyphs_counted_and_named(pdfs):
    doc = read_pdf(pdfs["cid"])
    assert doc.unreadable_glyphs > 100
    assert len(doc.warnings) == 1 and "on pages 2-7:" in doc.warnings[0]
    assert doc.paragraphs[0].text == "Кредиттер саны: 5"


def test_scan_raises_no_text_layer(pdfs):
    # without OCR (Tesseract absent); tests/extractors/test_ocr.py reads scans with it
    with pytest.raises(NoTextLayer) as e:
        read_pdf(pdfs["scan"], Limits(ocr=None))
    assert str(pdfs["scan"]) in str(e.value) and "2 pages" in str(e.value)


def test_partly_scanned_warns_with_page(pdfs):
    doc = read_pdf(pdfs["half_scan"], Limits(ocr=None))
    assert doc.warnings[0].startswith("pages without a text layer (scanned?): 2")
    assert [p.text for p in doc.paragraphs] == ["Кредиттер саны: 5"]


def test_encrypted(pdfs):
    with pytest.raises(EncryptedFile) as e:
        read_pdf(pdfs["encrypted"])
    assert e.value.path == str(pdfs["encrypted"])


def test_empty_file(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(EmptyFile):
        read_pdf(p)


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated(pdfs, tmp_path, cut):
    data = pdfs["syllabus"].read_bytes()
    p = tmp_path / "truncated.pdf"
    p.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(CorruptFile) as e:
        read_pdf(p)
    assert e.value.path == str(p)


def test_garbage_after_header(tmp_path):
    p = tmp_path / "garbage.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(CorruptFile):
        read_pdf(p)


def test_docx_renamed_pdf(pdfs, tmp_path):
    p = tmp_path / "really_docx.pdf"
    shutil.copy(pdfs["docx"], p)
    with pytest.raises(WrongFormat, match=r"extension \.pdf but is a Word document \(\.docx\)"):
        read_pdf(p)


def test_text_renamed_pdf(tmp_path):
    p = tmp_path / "notes.pdf"
    p.write_text("Кредиттер саны: 5\n", encoding="utf-8")
    with pytest.raises(WrongFormat, match="plain text"):
        read_pdf(p)


def test_too_many_pages(pdfs):
    with pytest.raises(TooLarge, match="6 pages"):
        read_pdf(pdfs["syllabus"], Limits(max_pages=5))
    assert read_pdf(pdfs["syllabus"], Limits(max_pages=6)).pages == 6


def test_file_too_big(pdfs):
    size = pdfs["syllabus"].stat().st_size
    with pytest.raises(TooLarge, match=f"{size} bytes"):
        read_pdf(pdfs["syllabus"], Limits(max_file_bytes=size - 1))
