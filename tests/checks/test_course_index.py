"""``CourseIndex`` (the batch rules' look-up of a course named in another syllabus): the fuzzy
title match is asked of rapidfuzz once per distinct text, and answers as a fresh look-up would."""

from __future__ import annotations

import copy

import pytest
import rapidfuzz.process

from checks.batch.common import CourseIndex, names_course
from extractors.model import Syllabus
from tests.rules.base import base_data

THRESHOLD = 85.0
TITLES = ["Қазақстанның геологиясы және минералдық ресурстары", "Геотектоника және металлогения",
          "Іздеу мен барлаудың геофизикалық әдістері", "Жалпы және тарихи геология"]


def syllabus(file: str, title: str, code: str | None) -> Syllabus:
    data = copy.deepcopy(base_data(file))
    data["identity"]["course_title"]["value"] = title
    if code is None:
        data["identity"]["course_code"] = None
    else:
        data["identity"]["course_code"]["value"] = code
    return Syllabus.model_validate(data)


@pytest.fixture
def run() -> list[Syllabus]:
    # two copies of each course (as a night holds a PDF and its DOCX), no codes: titles decide
    return [syllabus(f"{i}-{copy_}.docx", title, None) for i, title in enumerate(TITLES) for copy_ in "ab"]


def test_each_distinct_text_is_matched_once(run, monkeypatch):
    calls: list[str] = []
    original = rapidfuzz.process.extract

    def counted(query, *args, **kwargs):
        calls.append(query)
        return original(query, *args, **kwargs)

    monkeypatch.setattr(rapidfuzz.process, "extract", counted)
    index = CourseIndex(run, THRESHOLD)
    misspelt = "Геотектоника жане металлогения"  # not the title's stems: only the fuzzy match finds it
    found = [index.find(misspelt, exclude=s) for s in run]
    assert len(calls) == 1
    # the excluded syllabus is never its own answer, and the course is found for every asker
    assert all(f is not None and f is not s for f, s in zip(found, run, strict=True))
    assert all(f.identity.course_title.value == TITLES[1] for f in found)


def test_answers_equal_a_fresh_index_for_every_text_and_asker(run):
    shared = CourseIndex(run, THRESHOLD)
    texts = [*TITLES, "Геотектоника жане металлогения", "Жалпы жане тарихи геологиясы", "Химия", ""]
    for text in texts * 2:  # the second pass is answered from what the first asked
        for asker in [None, *run]:
            assert shared.find(text, exclude=asker) is CourseIndex(run, THRESHOLD).find(text, exclude=asker)


def test_a_code_still_wins_over_the_title(run):
    coded = [*run, syllabus("coded.docx", "Басқа пән", "GEO1234")]
    index = CourseIndex(coded, THRESHOLD)
    assert index.find("GEO1234 Геотектоника және металлогения") is coded[-1]
    assert names_course("GEO1234", coded[-1], THRESHOLD)
    assert index.find("Химия") is None
