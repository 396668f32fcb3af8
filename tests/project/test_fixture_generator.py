"""The fixtures themselves: goldens are current, clean specs are really clean, the seed keeps its
defects, and the DOCX carries the layout features readers must cope with.

These assert the generator, not the product. A failing golden means: run
``python -m tests.fixtures.generator.build`` and commit the corpus.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from tests.fixtures.generator.docx_writer import build_document
from tests.fixtures.generator.specs import SPECS
from tests.fixtures.generator.truth import golden, parse_int_list

CORPUS = Path(__file__).parents[1] / "corpus"
CLEAN = sorted(n for n, s in SPECS.items() if s.clean)
HOURS_PER_CREDIT = 30


@pytest.mark.parametrize("name", sorted(SPECS))
def test_golden_json_is_current(name):
    path = CORPUS / f"{name}.expected.json"
    assert path.exists(), f"{path.name} missing: run python -m tests.fixtures.generator.build"
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored == golden(SPECS[name]), f"{path.name} is stale: rebuild the corpus"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_corpus_files_exist(name):
    for ext in ("docx", "pdf", "doc"):
        assert (CORPUS / f"{name}.{ext}").stat().st_size > 0


@pytest.mark.parametrize("name", CLEAN)
def test_clean_hours_add_up(name):
    g = golden(SPECS[name])
    h = g["hours"]
    contact = [h[k] for k in ("lectures", "practicals", "labs", "siwt", "siw") if h[k] is not None]
    expected_total = g["identity"]["credits"]["ects"] * HOURS_PER_CREDIT
    assert sum(contact) == expected_total
    assert h["total"] in (None, expected_total)
    for section in g["plan"]:
        hours = sum(t["hours"] for t in section["topics"])
        assert hours == section["stated_total"] == h[section["activity"]], section["activity"]
        assert [t["number"] for t in section["topics"]] == list(range(1, len(section["topics"]) + 1))
    assert sum(t["hours"] for t in g["independent_work"]) == h["siw"]


@pytest.mark.parametrize("name", CLEAN)
def test_clean_assessment_is_complete(name):
    g = golden(SPECS[name])
    periods = g["assessment"]["periods"]
    assert [p["kind"] for p in periods] == ["rating1", "rating2", "exam"]
    for p in periods[:2]:
        assert sum(i["max_points"] for i in p["items"]) == 100, p["name"]
    formula = g["assessment"]["formula"]
    assert formula["current_weight"] + formula["exam_weight"] == pytest.approx(1.0)
    # every practical/lab topic is assessed exactly once, with its own number and title
    for section in g["plan"]:
        if section["activity"] == "lectures":
            continue
        word = {"practicals": ("практикалық", "Практическая", "Practical"),
                "labs": ("зертханалық", "Лабораторная", "Laboratory")}[section["activity"]]
        items = [i for p in periods for i in p["items"] if i["title"].split(" ")[0] in word
                 or i["title"].split(" ")[1] in word]
        assert [i["practical_number"] for i in items] == [t["number"] for t in section["topics"]]
        for item, topic in zip(items, section["topics"]):
            assert item["title"].split(". ", 1)[1] == topic["title"].split(". ", 1)[1]


def test_grading_scale_covers_0_to_100_once():
    for name, spec in SPECS.items():
        rows = sorted(golden(spec)["assessment"]["scale"], key=lambda r: r["low"])
        assert rows[0]["low"] == 0 and rows[-1]["high"] == 100, name
        for a, b in itertools.pairwise(rows):
            assert b["low"] == a["high"] + 1, name


@pytest.mark.parametrize("name", CLEAN)
def test_clean_identity_and_literature(name):
    g = golden(SPECS[name])
    ap = g["identity"]["approval"]
    assert ap["present"] and ap["date"] and not ap["date_blank"] and ap["approver"]
    assert g["prerequisites"]
    lit = g["literature"]
    numbers = {e["number"] for e in lit["main"] + lit["additional"]}
    refs = [r for s in g["plan"] for t in s["topics"] for r in t["references"]]
    refs += [r for t in g["independent_work"] for r in t["references"]]
    assert set(refs) <= numbers
    assert all(2026 - e["year"] < 10 for e in lit["main"] + lit["additional"])


def test_seed_keeps_its_defects():
    g = golden(SPECS["seed_kk"])
    assert g["identity"]["approval"]["date"] is None and g["identity"]["approval"]["date_blank"]
    r1, r2, exam = g["assessment"]["periods"]
    assert sum(i["max_points"] for i in r1["items"]) == 100
    assert sum(i["max_points"] for i in r2["items"]) == 85
    assert exam["items"][0]["max_points"] is None
    practicals = g["plan"][1]["topics"]
    assessed = [i for p in (r1, r2) for i in p["items"] if i["practical_number"]]
    assert len(practicals) == 9 and len(assessed) == 8
    # "5 практикалық жұмыс" carries the title of plan topic 6
    assert assessed[4]["title"].split(". ", 1)[1] == practicals[5]["title"].split(". ", 1)[1]
    lit = g["literature"]
    assert (len(lit["main"]), len(lit["additional"])) == (2, 5)
    assert max(r for s in g["plan"] for t in s["topics"] for r in t["references"]) == 11
    assert g["hours"]["total"] is None
    assert max(e["year"] for e in lit["main"] + lit["additional"]) == 2014


def test_reference_parsing_convention():
    assert parse_int_list("9-11") == [9, 10, 11]
    assert parse_int_list("6,4") == [6, 4]
    assert parse_int_list("1,3,4,5,7,8,9") == [1, 3, 4, 5, 7, 8, 9]


def _body_xml(name: str) -> tuple[str, list[str]]:
    doc = build_document(SPECS[name], numpages=11)
    headers = [s.header._element.xml for s in doc.sections]
    return doc.element.body.xml, headers


def test_docx_layout_features():
    body, headers = _body_xml("seed_kk")
    assert all("PAGE" in h and "NUMPAGES" in h and "fldChar" in h for h in headers)
    assert len(headers) == 2 and "026-ІІ-2021" in headers[0] and "026-II-2021" in headers[1]
    assert body.count("<w:tblHeader/>") >= 3 and 'w:val="restart"' in body and "w:gridSpan" in body

    doc = build_document(SPECS["long_plan_kk"])
    plan = next(t for t in doc.tables if "Практикалық сабақтар" in t._tbl.xml)
    rows = plan._tbl.tr_lst
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    splittable = [r for r in rows if r.trPr is None or r.trPr.find(qn("w:cantSplit")) is None]
    assert len(splittable) == 1
