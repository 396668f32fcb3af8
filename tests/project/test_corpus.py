"""The regression corpus: each generated syllabus, as DOCX, as its PDF export and as .doc,
extracts to the generator's truth (provenance aside), field by field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractors.api import extract_file
from extractors.model import strip_provenance
from tests.model_diff import model_diff

CORPUS = Path(__file__).parents[1] / "corpus"
GOLDEN = sorted(CORPUS.glob("*.expected.json"))
CASES = [(g.name.removesuffix(".expected.json"), ext) for g in GOLDEN for ext in ("docx", "pdf", "doc")]


def test_corpus_is_present():
    names = {name for name, _ in CASES}
    assert {"seed_kk", "clean_kk", "clean_ru", "clean_en", "transposed_ru", "long_plan_kk"} <= names


@pytest.mark.parametrize("name, ext", CASES, ids=[f"{n}.{e}" for n, e in CASES])
def test_extracts_to_the_generators_truth(name, ext):
    path = CORPUS / f"{name}.{ext}"
    if ext == "doc" and not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is needed to read .doc")
    expected = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
    actual = strip_provenance(extract_file(path))
    differences = model_diff(expected, actual)
    assert not differences, f"{path.name}:\n" + "\n".join(differences)


@pytest.mark.parametrize("name", sorted({n for n, _ in CASES}))
def test_every_value_keeps_where_it_came_from(name):
    syllabus = extract_file(CORPUS / f"{name}.pdf")
    assert syllabus.hours is not None and syllabus.hours.lectures is not None
    source = syllabus.hours.lectures.source
    assert source.file.endswith(f"{name}.pdf") and source.page is not None and source.table is not None
    assert source.text == f"{syllabus.hours.lectures.value:g}"
    for section in syllabus.plan:
        for topic in section.topics:
            assert topic.title.source.page is not None
            assert topic.title.source.row is not None
