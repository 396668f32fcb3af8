"""Outcomes of extraction at the entry point and through the command: typed, named, no traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from extractors import convert as convert_module
from extractors.api import extract_file
from extractors.errors import (
    ConverterMissing,
    CorruptFile,
    EmptyFile,
    NotASyllabus,
    UnsupportedFormat,
    WrongFormat,
)
from pipeline.cli import main

CORPUS = Path(__file__).parents[1] / "corpus"


def _docx(path: Path, paragraphs: list[str]) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(path)
    return path


def test_empty_file(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile, match=re.escape("empty.docx")):
        extract_file(path)


def test_garbage_named_docx(tmp_path):
    path = tmp_path / "garbage.docx"
    path.write_bytes(b"\x00\x13garbage" * 100)
    with pytest.raises(CorruptFile, match=re.escape("garbage.docx")):
        extract_file(path)


def test_pdf_named_docx_is_reported_as_such(tmp_path):
    path = tmp_path / "renamed.docx"
    path.write_bytes(b"%PDF-1.7\n" + b"0" * 200)
    with pytest.raises(WrongFormat, match=re.escape("renamed.docx")):
        extract_file(path)


def test_unsupported_extension(tmp_path):
    path = tmp_path / "syllabus.txt"
    path.write_text("Силлабус")
    with pytest.raises(UnsupportedFormat, match=re.escape("syllabus.txt")):
        extract_file(path)


def test_document_that_is_not_a_syllabus(tmp_path):
    path = _docx(tmp_path / "letter.docx", ["Құрметті әріптестер!", "Жиналыс сейсенбі күні өтеді."])
    with pytest.raises(NotASyllabus, match=re.escape("letter.docx")):
        extract_file(path)


def test_a_title_page_alone_is_not_a_syllabus(tmp_path):
    path = _docx(tmp_path / "no_tables.docx", [
        "БЕКІТЕМІН:", "ЖТҒМ деканы:", "Рахымбердина М.Е.", "_____ 2022 ж.",
        "ГЕОЛОГИЯ", "Жұмыс оқу бағдарламасы (силлабус)",
        "Пәндерінің коды: GMRK3301", "Кредиттер саны: 5",
    ])
    with pytest.raises(NotASyllabus, match=re.escape("no_tables.docx")) as info:
        extract_file(path)
    assert "title page" in info.value.detail


def test_a_body_whose_tables_were_not_understood_is_audited_as_far_as_read(tmp_path):
    path = _docx(tmp_path / "odd_tables.docx", [
        "БЕКІТЕМІН:", "ЖТҒМ деканы:", "Рахымбердина М.Е.", "_____ 2022 ж.",
        "Пәндерінің коды: GMRK3301", "Кредиттер саны: 5",
        "Тақырыптық жоспар", "(жоспар қосымшада берілген)",
    ])
    syllabus = extract_file(path)
    assert syllabus.coverage["plan"].status.value == "not_read"
    assert syllabus.coverage["plan"].where.paragraph is not None


def test_a_syllabus_in_an_unsupported_language_is_not_called_not_a_syllabus(tmp_path):
    path = _docx(tmp_path / "kyrgyz.docx", [
        "Окуу планы боюнча студенттердин өз алдынча иштөөсү жана үй тапшырмалары көрсөтүлгөн.",
        "Сабактын максаты: студенттерге негизги түшүнүктөрдү үйрөтүү жана өнүктүрүү.",
    ])
    syllabus = extract_file(path)
    assert syllabus.document.unsupported_language == "ky"
    assert all(p.status.value != "absent" for p in syllabus.coverage.values())


def test_doc_without_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    monkeypatch.setattr(convert_module, "soffice_path", lambda: None)
    with pytest.raises(ConverterMissing, match=re.escape("old.doc")) as info:
        extract_file(path)
    assert "libreoffice" in str(info.value).lower()


def test_extract_command_prints_json_and_names_bad_files(tmp_path):
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    good = CORPUS / "clean_en.docx"
    result = CliRunner().invoke(main, ["extract", str(good), str(bad)])
    assert result.exit_code == 1
    assert "empty.pdf" in result.stderr and "Traceback" not in result.output + result.stderr
    payload = json.loads(result.stdout)
    assert payload[0]["identity"]["course_code"]["value"]
    assert payload[0]["hours"]["lectures"]["value"] == 15


def test_extract_command_table_format():
    result = CliRunner().invoke(main, ["extract", "--format", "table", str(CORPUS / "seed_kk.docx")])
    assert result.exit_code == 0, result.output
    assert "GMRK3301" in result.stdout and "rating2: 5 items, 85 points" in result.stdout


def test_a_document_too_large_for_the_memory_limit_is_not_called_damaged(tmp_path, monkeypatch):
    from lxml import etree

    import extractors.docx_reader as docx_reader

    path = _docx(tmp_path / "bundle.docx", ["Силлабус"])

    def out_of_memory(_data):
        raise etree.XMLSyntaxError("unknown error", etree.ErrorTypes.ERR_NO_MEMORY, 0, 0)

    monkeypatch.setattr(docx_reader.Package, "open", out_of_memory)
    monkeypatch.setattr(docx_reader.docx_package, "open_package", lambda _data: None)  # python-docx's way
    with pytest.raises(MemoryError, match=re.escape("bundle.docx")):
        extract_file(path)
