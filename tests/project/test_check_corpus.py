"""The rules against the regression corpus: every clean fixture gives zero findings, and the seed
syllabus (GMRK3301) and defects_ru give exactly their defects — both on the golden models (the generator's
truth, independent of the extractor) and on what ``extract_file`` reads from the DOCX/PDF/.doc."""

from __future__ import annotations

import functools
import shutil
from datetime import date
from pathlib import Path

import pytest

from checks.finding import Verdict
from checks.policy import load_policy
from checks.runner import audit
from extractors import api
from tests.fixtures.generator import specs as generator
from tests.fixtures.generator.truth import truth

CORPUS = Path(__file__).parents[1] / "corpus"
TODAY = date(2026, 11, 22)

SEED_DEFECTS = [
    # blank approval date "_____ 2022 ж."
    ["HYG001", "identity/approval/date", "a date", "_____ 2022 ж."],
    # rating 2: 20 + 15 + 15 + 15 + 20 = 85
    ["ASM001", "assessment/rating2", "100", "85"],
    # 9 practical topics, 8 assessed: topic 5 (қара металдар) dropped, numbering shifted from 6 on
    ["XRF001", "plan/practicals/topic 5", "assessed", "not assessed"],
    ["XRF002", "assessment/practicals/5", "5", "6"],
    ["XRF002", "assessment/practicals/6", "6", "7"],
    ["XRF002", "assessment/practicals/7", "7", "8"],
    ["XRF002", "assessment/practicals/8", "8", "9"],
    # references up to 11, lists hold 2 main + 5 additional
    ["XRF003", "literature/references", "1-7", "8, 9, 10, 11"],
    # literature from 1994-2004 (older than 10 years in 2022)
    ["XRF004", "literature/additional/1", ">= 2012", "2004"],
    ["XRF004", "literature/additional/2", ">= 2012", "1998"],
    ["XRF004", "literature/additional/3", ">= 2012", "1994"],
    ["XRF004", "literature/additional/4", ">= 2012", "2002"],
    ["XRF004", "literature/additional/5", ">= 2012", "1996"],
]
SEED_ROOTS = {"XRF002": "XRF001:plan/practicals/topic 5"}

# defects_ru: one edit moved 5 h to СРО (80 where the split needs 75, the parts now sum to 155
# against ВСЕГО 150), and rating 1 lost 5 points.
DEFECTS_RU = [
    ["HRS002", "hours/siw", "75", "80"],
    ["HRS003", "hours/total", "155", "150"],
    ["ASM001", "assessment/rating1", "100", "95"],
]
DEFECTS_RU_ROOTS = {"HRS003": "HRS002:hours/siw"}

# Every defective fixture with its exact findings, their root causes and its course code; every
# other fixture must give none.
DEFECTIVE = {
    "seed_kk": (SEED_DEFECTS, SEED_ROOTS, "GMRK3301"),
    "defects_ru": (DEFECTS_RU, DEFECTS_RU_ROOTS, "GHM3305"),
}


def projection(result):
    return sorted([f.rule, f.evidence.location, f.evidence.expected, f.evidence.actual] for f in result.findings)


def check(syllabus):
    return audit([syllabus], policy=load_policy(), today=TODAY)


def assert_defects(result, name: str):
    defects, roots, course = DEFECTIVE[name]
    assert projection(result) == sorted(defects)
    for f in result.findings:
        assert f.root_cause == roots.get(f.rule), f.key
        assert f.course_code == course
    assert result.documents[0].verdict == Verdict.to_revise


# --------------------------------------------------------------------------- golden models


CLEAN_SPECS = [name for name in generator.SPECS if name not in DEFECTIVE]


@pytest.mark.parametrize("name", CLEAN_SPECS)
def test_clean_golden_model_has_no_findings(name):
    result = check(truth(generator.SPECS[name]))
    assert projection(result) == []
    assert result.documents[0].verdict == Verdict.accepted


@pytest.mark.parametrize("name", sorted(DEFECTIVE))
def test_defective_golden_model_gives_exactly_its_defects(name):
    assert_defects(check(truth(generator.SPECS[name])), name)


# --------------------------------------------------------------------------- extracted files


@functools.cache
def extracted(name: str):
    return api.extract_file(CORPUS / name)


def corpus_files(prefix_ok, suffixes=(".docx", ".pdf")):
    return sorted(p.name for p in CORPUS.glob("*") if p.suffix in suffixes and prefix_ok(p.stem))


@pytest.mark.parametrize("name", corpus_files(lambda stem: stem not in DEFECTIVE))
def test_clean_file_has_no_findings(name):
    result = check(extracted(name))
    assert projection(result) == []


@pytest.mark.parametrize("name", corpus_files(lambda stem: stem in DEFECTIVE))
def test_defective_file_gives_exactly_its_defects(name):
    assert_defects(check(extracted(name)), Path(name).stem)


def test_whole_corpus_in_one_run_batch_rules_included():
    """DOCX and PDF of each syllabus together: the batch rules (reciprocal prerequisites,
    duplicate codes) must not fire on the pairs or on the clean syllabi's cross-references."""
    names = corpus_files(lambda stem: True)
    result = audit([extracted(n) for n in names], policy=load_policy(), today=TODAY)
    assert result.failures == []
    for doc in result.documents:
        got = projection(type(result)(documents=[doc]))
        stem = Path(doc.file).stem
        assert got == (sorted(DEFECTIVE[stem][0]) if stem in DEFECTIVE else []), doc.file


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
@pytest.mark.parametrize("name", ["seed_kk.doc", "clean_kk.doc", "defects_ru.doc"])
def test_legacy_doc(name):
    result = check(api.extract_file(CORPUS / name))
    if Path(name).stem in DEFECTIVE:
        assert_defects(result, Path(name).stem)
    else:
        assert projection(result) == []
