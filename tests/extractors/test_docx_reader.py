"""read_docx: document order, merged cells, nested tables, content controls, text boxes, headers,
tracked changes, page metadata, and a typed error for every kind of bad file."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import time
import zipfile
from pathlib import Path

import pytest
from docx.shared import Cm

from extractors.docx_reader import read_docx
from extractors.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    ExtractionError,
    TooLarge,
    WrongFormat,
    ZipBomb,
)
from extractors.limits import Limits
from extractors.raw import RawParagraph, RawTable
from tests.docx_builders import (
    append_body_xml,
    compound_file,
    new_document,
    rewrite_zip,
    run,
    save,
    understate_entry_size,
    zip_of,
)


def outline(raw) -> list[tuple]:
    """Blocks as ("p", index, text) and ("t", index, paragraph_index, nested_in, texts)."""
    out = []
    for block in raw.blocks:
        if isinstance(block, RawParagraph):
            out.append(("p", block.index, block.text))
        else:
            out.append(("t", block.index, block.paragraph_index, block.nested_in, block.texts()))
    return out


def cells(table: RawTable) -> list[list[tuple]]:
    return [[(c.text, c.covered_by) for c in row] for row in table.rows]


def fill(table, texts: list[list[str | None]]):
    """Set cell texts row by row; None leaves a cell alone (a merged cell repeats in row.cells)."""
    for row, row_texts in zip(table.rows, texts):
        for cell, text in zip(row.cells, row_texts):
            if text is not None:
                cell.text = text
    return table


# --- order and text ---------------------------------------------------------------------------


def test_paragraphs_and_tables_keep_document_order_and_blank_paragraphs_are_dropped(tmp_path):
    doc = new_document()
    doc.add_paragraph("Кредиттер саны: 5")
    fill(doc.add_table(rows=2, cols=2), [["Дәрістер", "15"], ["СӨЖ", "75"]])
    doc.add_paragraph("   ")
    doc.add_paragraph("")
    doc.add_paragraph("Пререквизиттер")
    fill(doc.add_table(rows=1, cols=1), [["БАРЛЫҒЫ"]])

    raw = read_docx(save(doc, tmp_path / "order.docx"))

    assert outline(raw) == [
        ("p", 0, "Кредиттер саны: 5"),
        ("t", 0, 1, None, [["Дәрістер", "15"], ["СӨЖ", "75"]]),
        ("p", 1, "Пререквизиттер"),
        ("t", 1, 2, None, [["БАРЛЫҒЫ"]]),
    ]


def test_tabs_and_non_breaking_spaces_become_one_space_and_line_breaks_stay(tmp_path):
    doc = new_document()
    paragraph = doc.add_paragraph()
    first = paragraph.add_run("Балл\u00a0саны")
    first.add_tab()
    first.add_tab()
    first.add_text("(max)  ")
    first.add_break()
    paragraph.add_run("100")
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "0,6"
    cell.paragraphs[0].runs[0].add_break()
    cell.paragraphs[0].add_run("0,4")
    cell.add_paragraph("")
    cell.add_paragraph("\u00a0Э ")

    raw = read_docx(save(doc, tmp_path / "spaces.docx"))

    assert raw.paragraphs[0].text == "Балл саны (max)\n100"
    assert raw.tables[0].texts() == [["0,6\n0,4\nЭ"]]


def test_hyperlinks_and_field_results_are_text_but_field_codes_are_not(tmp_path):
    doc = new_document()
    append_body_xml(
        doc,
        "<w:p><w:hyperlink r:id='rId99' xmlns:r='http://schemas.openxmlformats.org/officeDocument/"
        "2006/relationships'>" + run("www.ektu.kz") + "</w:hyperlink>" + run(" | ")
        + "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText xml:space='preserve'> PAGE \\* MERGEFORMAT </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>" + run("3")
        + "<w:r><w:fldChar w:fldCharType='end'/></w:r>" + run(" бет ")
        + "<w:fldSimple w:instr=' NUMPAGES '>" + run("11") + "</w:fldSimple></w:p>",
    )

    raw = read_docx(save(doc, tmp_path / "fields.docx"))

    assert outline(raw) == [("p", 0, "www.ektu.kz | 3 бет 11")]


def test_paragraph_style_names_are_reported(tmp_path):
    doc = new_document()
    doc.add_heading("1 ПӘННІҢ СИПАТТАМАСЫ", level=1)
    doc.add_paragraph("body")

    raw = read_docx(save(doc, tmp_path / "styles.docx"))

    assert [(p.text, p.style) for p in raw.paragraphs] == [
        ("1 ПӘННІҢ СИПАТТАМАСЫ", "Heading 1"),
        ("body", "Normal"),
    ]


def test_math_fraction_and_brackets_keep_their_structure(tmp_path):
    doc = new_document()
    append_body_xml(
        doc,
        "<w:p>" + run("И = ") + "<m:oMath><m:r><m:t>0,6·</m:t></m:r>"
        "<m:f><m:num><m:d><m:e><m:r><m:t>P1+P2</m:t></m:r></m:e></m:d></m:num>"
        "<m:den><m:r><m:t>2</m:t></m:r></m:den></m:f>"
        "<m:r><m:t>+0,4·Э</m:t></m:r></m:oMath></w:p>",
    )

    raw = read_docx(save(doc, tmp_path / "math.docx"))

    assert raw.paragraphs[0].text == "И = 0,6·((P1+P2))/(2)+0,4·Э"


# --- merged cells -----------------------------------------------------------------------------


def test_horizontal_merge_keeps_text_once_and_covered_cells_point_at_origin(tmp_path):
    doc = new_document()
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Пәннің еңбек сыйымдылығы"
    table.cell(0, 2).text = "150"
    fill(table, [[], ["Дәрістер", "15", "1"]])

    raw = read_docx(save(doc, tmp_path / "gridspan.docx"))

    assert cells(raw.tables[0]) == [
        [("Пәннің еңбек сыйымдылығы", None), ("", (0, 0)), ("150", None)],
        [("Дәрістер", None), ("15", None), ("1", None)],
    ]


def test_vertical_merge_keeps_text_once_and_covered_cells_point_at_origin(tmp_path):
    doc = new_document()
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "1-й аралық бақылау"
    fill(table, [[None, "30"], [None, "30"], [None, "40"]])

    raw = read_docx(save(doc, tmp_path / "vmerge.docx"))

    assert cells(raw.tables[0]) == [
        [("1-й аралық бақылау", None), ("30", None)],
        [("", (0, 0)), ("30", None)],
        [("", (0, 0)), ("40", None)],
    ]


def test_block_merge_covers_every_position_with_the_same_origin(tmp_path):
    doc = new_document()
    table = doc.add_table(rows=3, cols=3)
    table.cell(1, 1).merge(table.cell(2, 2)).text = "merged"

    raw = read_docx(save(doc, tmp_path / "block.docx"))

    covered = [[c.covered_by for c in row] for row in raw.tables[0].rows]
    assert covered == [
        [None, None, None],
        [None, None, (1, 1)],
        [None, (1, 1), (1, 1)],
    ]
    assert [c.text for row in raw.tables[0].rows for c in row].count("merged") == 1


def test_grid_before_and_after_leave_vacant_positions_and_rows_are_padded(tmp_path):
    doc = new_document()
    append_body_xml(
        doc,
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr><w:tc><w:p>" + run("a") + "</w:p></w:tc><w:tc><w:p>" + run("b") + "</w:p></w:tc>"
        "<w:tc><w:p>" + run("c") + "</w:p></w:tc></w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>"
        "<w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr><w:p>" + run("d") + "</w:p></w:tc></w:tr>"
        "<w:tr><w:trPr><w:gridAfter w:val='2'/></w:trPr><w:tc><w:p>" + run("e") + "</w:p></w:tc></w:tr>"
        "</w:tbl>",
    )

    raw = read_docx(save(doc, tmp_path / "gridbefore.docx"))

    assert cells(raw.tables[0]) == [
        [("a", None), ("b", None), ("c", None)],
        [("", None), ("d", None), ("", (1, 1))],
        [("e", None), ("", None), ("", None)],
    ]


def test_vertical_continuation_with_text_adds_it_to_the_origin_and_deleted_rows_vanish(tmp_path):
    doc = new_document()
    append_body_xml(
        doc,
        "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>"
        "<w:tr><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr><w:p>" + run("top") + "</w:p></w:tc></w:tr>"
        "<w:tr><w:trPr><w:del w:id='1' w:author='x' w:date='2022-01-01T00:00:00Z'/></w:trPr>"
        "<w:tc><w:p>" + run("deleted row") + "</w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p>" + run("bottom") + "</w:p></w:tc></w:tr>"
        "</w:tbl>",
    )

    raw = read_docx(save(doc, tmp_path / "continuation.docx"))

    assert cells(raw.tables[0]) == [[("top\nbottom", None)], [("", (0, 0))]]


def test_absurd_grid_span_is_capped_instead_of_allocating_it(tmp_path):
    doc = new_document()
    append_body_xml(
        doc,
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='2000000000'/></w:tcPr><w:p>"
        + run("x") + "</w:p></w:tc></w:tr></w:tbl>",
    )

    raw = read_docx(save(doc, tmp_path / "span.docx"))

    assert raw.tables[0].n_cols == 1000
    assert raw.tables[0].rows[0][0].text == "x"
    assert raw.warnings


# --- nested tables ----------------------------------------------------------------------------


def test_nested_table_is_its_own_table_after_its_parent_and_not_in_the_parent_cell(tmp_path):
    doc = new_document()
    doc.add_paragraph("before")
    outer = fill(doc.add_table(rows=1, cols=2), [["Апта", "outer"]])
    inner_cell = outer.cell(0, 1)
    fill(inner_cell.add_table(rows=1, cols=2), [["Рейтинг 1", "100"]])
    inner_cell.add_paragraph("after inner")
    fill(doc.add_table(rows=1, cols=1), [["next"]])

    raw = read_docx(save(doc, tmp_path / "nested.docx"))

    assert outline(raw) == [
        ("p", 0, "before"),
        ("t", 0, 1, None, [["Апта", "outer\nafter inner"]]),
        ("t", 1, 1, 0, [["Рейтинг 1", "100"]]),
        ("t", 2, 1, None, [["next"]]),
    ]


# --- content controls and text boxes ----------------------------------------------------------


def test_content_controls_at_body_inline_row_and_cell_level_are_read(tmp_path):
    doc = new_document()
    doc.add_paragraph("first")
    append_body_xml(
        doc,
        "<w:sdt><w:sdtPr><w:alias w:val='Title'/></w:sdtPr><w:sdtContent>"
        "<w:p>" + run("in block control") + "</w:p></w:sdtContent></w:sdt>",
    )
    append_body_xml(
        doc,
        "<w:p>" + run("Кредиттер саны: ") + "<w:sdt><w:sdtPr><w:tag w:val='credits'/></w:sdtPr>"
        "<w:sdtContent>" + run("5") + "</w:sdtContent></w:sdt></w:p>",
    )
    append_body_xml(
        doc,
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:sdt><w:sdtContent><w:tr><w:tc><w:p>" + run("row in control") + "</w:p></w:tc>"
        "<w:sdt><w:sdtContent><w:tc><w:p>" + run("cell in control") + "</w:p></w:tc>"
        "</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt></w:tbl>",
    )

    raw = read_docx(save(doc, tmp_path / "sdt.docx"))

    assert outline(raw) == [
        ("p", 0, "first"),
        ("p", 1, "in block control"),
        ("p", 2, "Кредиттер саны: 5"),
        ("t", 0, 3, None, [["row in control", "cell in control"]]),
    ]


def test_unfilled_content_controls_contribute_no_placeholder_text(tmp_path):
    doc = new_document()
    append_body_xml(
        doc,
        "<w:p>" + run("Пререквизиттер: ") + "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr>"
        "<w:sdtContent>" + run("Click or tap here to enter text.") + "</w:sdtContent></w:sdt></w:p>",
    )
    append_body_xml(
        doc,
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        "<w:p>" + run("Мәтін енгізу үшін осы жерді басыңыз.") + "</w:p></w:sdtContent></w:sdt>",
    )

    raw = read_docx(save(doc, tmp_path / "placeholder.docx"))

    assert outline(raw) == [("p", 0, "Пререквизиттер:")]


TEXT_BOX_RUN = (
    "<w:r><mc:AlternateContent>"
    "<mc:Choice Requires='wps'><w:drawing><wp:anchor><a:graphic><a:graphicData>"
    "<wps:wsp><wps:txbx><w:txbxContent><w:p>" + run("ЖТҒМ деканы") + "</w:p>"
    "<w:p>" + run("Рахымбердина М.Е.") + "</w:p></w:txbxContent></wps:txbx></wps:wsp>"
    "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p>" + run("ЖТҒМ деканы") + "</w:p>"
    "<w:p>" + run("Рахымбердина М.Е.") + "</w:p></w:txbxContent></v:textbox></v:shape></w:pict>"
    "</mc:Fallback></mc:AlternateContent></w:r>"
)


def test_text_box_text_is_in_its_paragraph_once_not_twice_from_the_fallback(tmp_path):
    doc = new_document()
    append_body_xml(doc, "<w:p>" + run("БЕКІТЕМІН:") + TEXT_BOX_RUN + "</w:p>")

    raw = read_docx(save(doc, tmp_path / "textbox.docx"))

    assert outline(raw) == [("p", 0, "БЕКІТЕМІН:\nЖТҒМ деканы\nРахымбердина М.Е.")]


def test_legacy_vml_text_box_without_alternate_content_is_read(tmp_path):
    doc = new_document()
    append_body_xml(
        doc,
        "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p>" + run("VML only")
        + "</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
    )

    raw = read_docx(save(doc, tmp_path / "vml.docx"))

    assert outline(raw) == [("p", 0, "VML only")]


# --- headers and footers ----------------------------------------------------------------------


def test_page_header_table_and_footer_go_to_header_texts_never_to_blocks(tmp_path):
    doc = new_document()
    header = doc.sections[0].header
    header.paragraphs[0].text = ""
    header_table = header.add_table(rows=2, cols=3, width=Cm(16))
    fill(header_table, [["ШҚТУ", "", "1 бет 11"], ["Сапа менеджменті жүйесі", "026-ІІ-2021", ""]])
    doc.sections[0].footer.paragraphs[0].text = "Өскемен, 2022"
    doc.add_paragraph("body text")
    second = doc.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Сапа менеджменті жүйесі | 026-ІІ-2021"  # kept once
    second.header.add_paragraph("section 2 header")

    raw = read_docx(save(doc, tmp_path / "headers.docx"))

    assert raw.header_texts == [
        "ШҚТУ | 1 бет 11",
        "Сапа менеджменті жүйесі | 026-ІІ-2021",
        "Өскемен, 2022",
        "section 2 header",
    ]
    assert outline(raw) == [("p", 0, "body text")]


# --- tracked changes --------------------------------------------------------------------------

TRACK = "w:id='{}' w:author='Зимановская' w:date='2022-08-29T10:00:00Z'"


def test_tracked_changes_are_flagged_inserted_text_kept_and_deleted_text_dropped(tmp_path):
    doc = new_document()
    append_body_xml(
        doc,
        "<w:p>" + run("Кредиттер саны: ")
        + f"<w:del {TRACK.format(1)}><w:r><w:delText>4</w:delText></w:r></w:del>"
        + f"<w:ins {TRACK.format(2)}>" + run("5") + "</w:ins>"
        + f"<w:moveFrom {TRACK.format(3)}><w:r><w:delText> moved away</w:delText></w:r></w:moveFrom>"
        + "</w:p>",
    )

    raw = read_docx(save(doc, tmp_path / "tracked.docx"))

    assert raw.has_tracked_changes is True
    assert outline(raw) == [("p", 0, "Кредиттер саны: 5")]


@pytest.mark.parametrize(
    "change",
    [
        "<w:pPr><w:pPrChange {}><w:pPr/></w:pPrChange></w:pPr>",
        "<w:r><w:rPr><w:b/><w:rPrChange {}><w:rPr/></w:rPrChange></w:rPr><w:t>x</w:t></w:r>",
        "<w:moveTo {}><w:r><w:t>x</w:t></w:r></w:moveTo>",
    ],
)
def test_formatting_changes_and_moves_count_as_tracked_changes(tmp_path, change):
    doc = new_document()
    append_body_xml(doc, "<w:p>" + change.format(TRACK.format(7)) + run("y") + "</w:p>")

    assert read_docx(save(doc, tmp_path / "change.docx")).has_tracked_changes is True


def test_a_clean_document_has_no_tracked_changes(tmp_path):
    doc = new_document()
    doc.add_paragraph("clean")

    assert read_docx(save(doc, tmp_path / "clean.docx")).has_tracked_changes is False


# --- metadata ---------------------------------------------------------------------------------

APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
    "<Properties xmlns='http://schemas.openxmlformats.org/officeDocument/2006/extended-properties'>"
    "<Application>Microsoft Office Word</Application>{}</Properties>"
)


def test_page_count_comes_from_app_xml_when_present(tmp_path):
    doc = new_document()
    doc.add_paragraph("x")
    with_pages = rewrite_zip(
        save(doc, tmp_path / "pages.docx"),
        {"docProps/app.xml": APP_XML.format("<Pages>11</Pages>").encode()},
    )
    without_pages = rewrite_zip(
        save(doc, tmp_path / "nopages.docx"), {"docProps/app.xml": APP_XML.format("").encode()}
    )
    without_app = save(doc, tmp_path / "noapp.docx")
    package_rels = zipfile.ZipFile(without_app).read("_rels/.rels").decode()
    package_rels = re.sub(r"<Relationship [^>]*docProps/app\.xml[^>]*/>", "", package_rels)
    rewrite_zip(without_app, {"docProps/app.xml": None, "_rels/.rels": package_rels.encode()})

    assert read_docx(with_pages).pages == 11
    assert read_docx(without_pages).pages is None
    assert read_docx(without_app).pages is None


def test_format_path_and_sha256_of_the_file_bytes(tmp_path):
    doc = new_document()
    doc.add_paragraph("x")
    path = save(doc, tmp_path / "meta.docx")

    raw = read_docx(path)

    assert (raw.format, raw.path, raw.sha256) == (
        "docx",
        str(path),
        hashlib.sha256(path.read_bytes()).hexdigest(),
    )


# --- XML safety -------------------------------------------------------------------------------


def document_xml(doctype: str, text: str) -> bytes:
    return (
        f"<?xml version='1.0' encoding='UTF-8'?>{doctype}"
        f"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:sectPr/></w:body></w:document>"
    ).encode()


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doc = new_document()
    path = save(doc, tmp_path / "xxe.docx")
    doctype = f"<!DOCTYPE w:document [<!ENTITY xxe SYSTEM '{secret.as_uri()}'>]>"
    rewrite_zip(path, {"word/document.xml": document_xml(doctype, "before &xxe; after")})

    raw = read_docx(path)

    assert "TOP-SECRET" not in "".join(p.text for p in raw.paragraphs)


def test_entity_expansion_bomb_is_not_expanded(tmp_path):
    levels = ["<!ENTITY l0 'lol'>"] + [
        f"<!ENTITY l{i} '{f'&l{i - 1};' * 10}'>" for i in range(1, 10)
    ]
    doc = new_document()
    path = save(doc, tmp_path / "laughs.docx")
    doctype = f"<!DOCTYPE w:document [{''.join(levels)}]>"
    rewrite_zip(path, {"word/document.xml": document_xml(doctype, "&l9;")})

    started = time.perf_counter()
    try:
        raw = read_docx(path)
    except CorruptFile:
        raw = None  # refusing the file is as good as not expanding it
    assert time.perf_counter() - started < 2
    if raw is not None:
        assert sum(len(p.text) for p in raw.paragraphs) < 1000


# --- bad input: one typed error each, naming the file -----------------------------------------


def a_docx(tmp_path: Path, name: str = "good.docx") -> Path:
    doc = new_document()
    doc.add_paragraph("Силлабус")
    return save(doc, tmp_path / name)


def raises(error: type[ExtractionError], path: Path, limits: Limits = Limits()) -> ExtractionError:  # noqa: B008 - Limits is frozen
    with pytest.raises(error) as caught:
        read_docx(path, limits)
    assert type(caught.value) is error
    assert path.name in str(caught.value)
    return caught.value


def test_empty_file(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    raises(EmptyFile, path)


def test_file_over_the_size_limit(tmp_path):
    path = a_docx(tmp_path, "big.docx")
    raises(TooLarge, path, Limits(max_file_bytes=1000))


def test_truncated_docx(tmp_path):
    path = a_docx(tmp_path, "truncated.docx")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    raises(CorruptFile, path)


def test_random_binary_is_corrupt(tmp_path):
    path = tmp_path / "noise.docx"
    path.write_bytes(bytes(range(256)) * 8)
    raises(CorruptFile, path)


def test_zip_without_word_document_is_corrupt(tmp_path):
    path = zip_of(tmp_path / "nodoc.docx", {"readme.txt": b"hello"})
    error = raises(CorruptFile, path)
    assert "word/document.xml" in str(error)


def test_package_whose_document_part_is_missing_is_corrupt(tmp_path):
    path = rewrite_zip(a_docx(tmp_path, "missingpart.docx"), {"word/document.xml": None})
    raises(CorruptFile, path)


def test_malformed_xml_inside_is_corrupt(tmp_path):
    path = rewrite_zip(a_docx(tmp_path, "badxml.docx"), {"word/document.xml": b"<w:document><w:body>"})
    raises(CorruptFile, path)


@pytest.mark.parametrize(
    "content, detail",
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        ("Силлабус: жай мәтін\n".encode() * 20, "plain text"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"<html><body>syllabus</body></html>", "HTML"),
        ("Силлабус, кодировка cp1251\r\n".encode("cp1251") * 20, "plain text"),
        (compound_file(["WordDocument", "1Table"]), "Word 97-2003"),
    ],
)
def test_another_format_renamed_docx_is_wrong_format(tmp_path, content, detail):
    path = tmp_path / "renamed.docx"
    path.write_bytes(content)
    error = raises(WrongFormat, path)
    assert detail in str(error)


def test_spreadsheet_renamed_docx_is_wrong_format(tmp_path):
    path = zip_of(
        tmp_path / "sheet.docx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    )
    assert "Excel" in str(raises(WrongFormat, path))


def test_zip_with_password_protected_entries_is_encrypted(tmp_path):
    path = a_docx(tmp_path, "zipcrypto.docx")
    data = bytearray(path.read_bytes())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    central = archive.start_dir
    for _ in archive.infolist():  # set the "encrypted" flag bit in every central directory entry
        data[central + 8] |= 0x1
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, central + 28)
        central += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    raises(EncryptedFile, path)


def test_encrypted_docx(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(compound_file(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    raises(EncryptedFile, path)


def test_highly_compressed_entry_is_a_zip_bomb(tmp_path):
    path = rewrite_zip(a_docx(tmp_path, "ratio.docx"), {"word/padding.xml": b"\x00" * (8 * 1024 * 1024)})
    error = raises(ZipBomb, path)
    assert "word/padding.xml" in str(error)


def test_declared_total_over_the_limit_is_a_zip_bomb(tmp_path):
    path = a_docx(tmp_path, "total.docx")
    raises(ZipBomb, path, Limits(max_docx_uncompressed_bytes=10_000))


def test_entry_that_understates_its_size_is_a_zip_bomb(tmp_path):
    path = rewrite_zip(a_docx(tmp_path, "liar.docx"), {"word/document.xml": document_xml("", "x" * 200_000)})
    understate_entry_size(path, "word/document.xml", 500)
    error = raises(ZipBomb, path)
    assert "declared" in str(error)


def test_checksum_damage_without_a_size_lie_is_corrupt(tmp_path):
    path = a_docx(tmp_path, "crc.docx")
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    central = bytes(data).find(b"word/document.xml", bytes(data).find(b"PK\x01\x02")) - 46
    data[central + 16] ^= 0xFF  # CRC-32 in the central directory
    data[info.header_offset + 14] ^= 0xFF  # and in the local header
    path.write_bytes(bytes(data))
    raises(CorruptFile, path)


def test_a_missing_file_is_a_typed_error(tmp_path):
    # the same outcome and wording as through extract_file and the PDF reader (extractors/sniff.py)
    assert raises(ExtractionError, tmp_path / "absent.docx").detail == "file not found"
