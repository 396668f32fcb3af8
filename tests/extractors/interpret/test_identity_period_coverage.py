"""The read coverage of the study period (year and semester of study): read, absent, or seen
with a value the reader could not tell, with where that label stands.

"Not read" must mean that a label of the period is there: a document that never states its year
or semester, or uses the word "курс" for something else, is *absent*, so that it never gets a
"not verified" note it does not deserve (checks/coverage.py decides when a note is shown)."""

from __future__ import annotations

import pytest

from extractors.interpret import interpret
from extractors.interpret.identity_period import parse_period
from extractors.model import ReadStatus
from tests.raw_builders import raw_document


def _period(*blocks):
    syllabus = interpret(raw_document(*blocks))
    return syllabus.identity, syllabus.coverage["study_period"]


@pytest.mark.parametrize("blocks, quote", [
    # ru: a range in the cell beside the label (the Osh college's header table)
    ([[["Код курса", "1.2.3.4."], ["Семестр", "2-4"]]], "Семестр 2-4"),
    (["Семестр: 2-4"], "Семестр: 2-4"),
    (["Семестр: весенний"], "Семестр: весенний"),  # a word, not a number
    (["Семестр: ____"], "Семестр: ____"),  # a template's blank
    (["Период обучения (курс, семестр): 2023-2024 учебный год"],
     "Период обучения (курс, семестр): 2023-2024 учебный год"),  # only the academic year
    (["Курс: 2-4"], "Курс: 2-4"),  # a bare "Курс" with year-sized numbers is the year's
    (["Курс: ______"], "Курс: ______"),  # and with a blank (the AMU template)
    # kk
    (["Семестрі: 3-4"], "Семестрі: 3-4"),
    (["Оқу курсы: ______"], "Оқу курсы: ______"),
    (["Курс / семестр: 2"], "Курс / семестр: 2"),  # one number for two things: which is not said
    # en
    (["Semester: spring"], "Semester: spring"),
    (["Year of study: 1-2"], "Year of study: 1-2"),
    (["Year and semester: ____"], "Year and semester: ____"),
])
def test_a_label_of_the_period_with_a_value_not_told_is_not_read(blocks, quote):
    ident, part = _period(*blocks)
    assert ident.study_year is None or ident.semester is None
    assert part.status is ReadStatus.not_read
    assert part.where is not None and part.where.text == quote


def test_where_the_label_stands_is_kept_for_the_note():
    _, part = _period("Кафедра геологии", [["Код курса", "GIG3303"], ["Семестр", "2-4"]])
    # the label's own cell, counted from 0 as the model counts (the note adds 1)
    assert (part.where.table, part.where.row, part.where.column, part.where.paragraph) == (0, 1, 0, None)
    _, part = _period("Кафедра геологии", "Семестр: весенний")
    assert (part.where.paragraph, part.where.table) == (1, None)


@pytest.mark.parametrize("blocks", [
    ["Курс: 3", "Семестр: 5"],  # ru
    ["Оқу курсы: 3-курс", "Семестрі: 5-семестр"],  # kk
    ["Year of study: 3", "Semester: 5"],  # en
    ["Семестр: 5"],  # the semester alone: the year is simply not stated
    ["Период обучения (курс, семестр): 2 курс"],  # the year alone, every number of it told
    [[["Семестр", "Зачётные единицы", "Всего"], ["^", "^", "^"], ["1", "2", "72"]]],  # MIREA: its value under it
])
def test_a_period_read_is_read(blocks):
    ident, part = _period(*blocks)
    assert ident.study_year is not None or ident.semester is not None
    assert part.status is ReadStatus.read
    assert part.where is not None and part.where.text


def test_a_value_read_from_under_a_column_header_says_so():
    _, part = _period([["Семестр", "Зачётные единицы", "Всего"], ["^", "^", "^"], ["1", "2", "72"]])
    assert part.how == "cell_below" and part.where.row == 2


def test_a_doubt_another_label_settles_is_read():
    ident, part = _period("Семестр: весенний", "Курс: 2, семестр: 4")
    assert (ident.study_year.value, ident.semester.value) == (2, 4)
    assert part.status is ReadStatus.read


def test_a_year_read_beside_a_semester_not_told_is_not_read():
    # PRG010 could compare the year but not the semester: the period is not verified as a whole
    ident, part = _period("Курс: 3", "Семестр: 5-6")
    assert ident.study_year.value == 3 and ident.semester is None
    assert part.status is ReadStatus.not_read and part.where.text == "Семестр: 5-6"


@pytest.mark.parametrize("blocks", [
    ["Кафедра геологии", "Код дисциплины: GIG3303"],  # no label of the period at all
    ["Курс: Философия"],  # the word used for the course itself
    ["Year: 2023"],  # a calendar year
    [[["Рейтинг", "60"], ["Курс бойынша жалпы:", "100"]]],  # "the course's total" (AlmaU's kk template)
    ["Семестр бойынша апта саны: 15"],  # a longer label that only begins with the word
    ["Курс обучения предполагает: лекции"],
])
def test_no_label_of_the_period_is_absent_not_a_doubt(blocks):
    ident, part = _period(*blocks)
    assert (ident.study_year, ident.semester) == (None, None)
    assert part.status is ReadStatus.absent and part.where is None


def test_parse_period_is_unchanged_by_the_coverage():
    assert parse_period("2-4", ("semester",)) == {}
    assert parse_period("2 курс, 3 семестр", ()) == {"year": 2, "semester": 3}
