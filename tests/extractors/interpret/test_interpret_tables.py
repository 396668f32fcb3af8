"""Unit tests of the table recogniser (extractors/interpret/tables.py) and the plan's columns
(plan.py), the most branching functions of interpret/ (radon: classify E, logical_tables D,
activity_columns C), on tables written as they read (issue 12): what kind a table is and how many
header rows it has, in each language, and how a table split across pages becomes one."""

from __future__ import annotations

import pytest

from extractors.interpret.context import LogicalTable
from extractors.interpret.plan import (
    activity_columns,
    is_guided_work_plan,
    is_independent_work_plan,
    plan_columns,
    title_activity,
)
from extractors.interpret.tables import _rows, classify, grade_letter, logical_tables
from extractors.model import Activity
from extractors.vocabulary import default_vocabulary
from tests.raw_builders import raw_document, raw_table

VOCAB = default_vocabulary()
PLAN_HEADER = ["№", "Наименование темы", "Часы", "Литература"]


def kind_of(rows: list[list[str]]) -> tuple[str | None, int]:
    return classify(VOCAB, _rows(raw_table(0, rows)))


# --- classify: each kind by what its header says --------------------------------------------


@pytest.mark.parametrize("header", [
    PLAN_HEADER,
    ["№", "Тақырып атауы", "Сағат саны", "Әдебиет"],
    ["No.", "Topic", "Hours", "References"],
    ["№", "Тема", "Лекции", "Практические"],  # hours by activity column, no "hours" header
])
def test_topics_with_hours_are_a_plan_with_one_header_row(header):
    assert kind_of([header, ["1", "Введение", "2", "1,2"], ["2", "Тема 2", "4", "3"]]) == ("plan", 1)


def test_a_header_row_under_a_merged_title_row_counts_both():
    assert kind_of([["Раздел 1", "<", "<", "<"], PLAN_HEADER, ["1", "Введение", "2", "1"]]) == ("plan", 2)


def test_each_kind_by_its_header():
    assert kind_of([["Тема СРС", "Содержание", "Форма контроля", "Неделя", "Часы"],
                    ["1", "Реферат", "Эссе", "3", "5"]]) == ("independent_work", 1)
    assert kind_of([["Период", "Вид работы", "Баллы"], ["1 рубежный контроль", "Тест", "30"]]) == ("assessment", 1)
    assert kind_of([["Буквенная оценка", "Цифровой эквивалент", "Баллы (%)", "Традиционная"],
                    ["A", "4,0", "95-100", "Отлично"]]) == ("scale", 1)
    assert kind_of([["Результаты обучения", "<"], ["РО1", "знать"]])[0] == "outcomes"


def test_kinds_without_a_header_by_their_rows():
    letters = [["A", "4,0", "95-100"], ["A-", "3,67", "90-94"], ["B+", "3,33", "85-89"],
               ["B", "3,0", "80-84"], ["B-", "2,67", "75-79"]]
    assert kind_of(letters) == ("scale", 0)
    assert kind_of(letters[:4]) == (None, 0)  # four letters could be anything
    # a row of consecutive week numbers and "+" marks: the schedule, headed down to the weeks
    assert kind_of([["Задание", "Недели", "<", "<", "<", "<"], ["^", "1", "2", "3", "4", "5"],
                    ["Эссе", "+", "", "", "", ""]]) == ("schedule", 2)


@pytest.mark.parametrize("periods", [
    ["Рубежный контроль 1", "Рубежный контроль 2", "Экзамен"],
    ["Аралық бақылау 1", "Аралық бақылау 2", "Емтихан"],
    ["Midterm 1", "Midterm 2", "Final exam"],
])
def test_periods_with_points_are_an_assessment_without_a_header(periods):
    assert kind_of([[p, pts] for p, pts in zip(periods, ["30", "30", "40"])]) == ("assessment", 0)
    assert kind_of([[p, "Тест"] for p in periods]) == (None, 0)  # periods with no figure: not scored


def test_hours_by_activity_as_rows_or_as_columns():
    assert kind_of([["Лекции", "15"], ["Практические занятия", "30"], ["СРС", "105"]]) == ("hours", 0)
    assert kind_of([["Лекции", "Практические", "СРС", "Всего"], ["15", "30", "105", "150"]]) == ("hours_transposed", 0)
    # the same activities headed by points score them: not the hours
    assert kind_of([["Вид", "Баллы"], ["Лекции", "15"], ["Практические занятия", "30"]]) == (None, 0)


def test_a_table_of_anything_else_is_not_recognised():
    assert kind_of([["Фамилия", "Телефон"], ["Иванов", "123"]]) == (None, 0)
    assert kind_of([]) == (None, 0)


@pytest.mark.parametrize("text, letter", [
    ("A", "A"), ("a-", "A-"), ("В+", "B+"),  # Cyrillic В read as the Latin letter
    ("FX", "FX"), ("C –", "C-"), ("G", None), ("Отлично", None), ("", None),
])
def test_grade_letter(text, letter):
    assert grade_letter(text) == letter


# --- logical_tables: continuations merged ---------------------------------------------------


def test_a_plan_split_across_pages_is_one_table_without_its_repeated_header():
    doc = raw_document("Тематический план", [PLAN_HEADER, ["1", "Введение", "2", "1"]],
                       [PLAN_HEADER, ["2", "Тема 2", "4", "3"]])
    [plan] = logical_tables(VOCAB, doc)
    assert (plan.kind, plan.header_rows, len(plan.parts), plan.block) == ("plan", 1, 2, 1)
    assert [r.texts()[1] for r in plan.rows] == ["Наименование темы", "Введение", "Тема 2"]
    assert plan.preceding == ["Тематический план"]


def test_a_continuation_without_a_header_joins_and_text_between_tables_breaks_the_run():
    doc = raw_document([PLAN_HEADER, ["1", "Введение", "2", "1"]], [["2", "Тема 2", "4", "3"]],
                       "Текст между таблицами", [PLAN_HEADER, ["3", "Тема 3", "4", "3"]])
    first, second = logical_tables(VOCAB, doc)
    assert [r.texts()[0] for r in first.rows] == ["№", "1", "2"] and len(first.parts) == 2
    assert [r.texts()[0] for r in second.rows] == ["№", "3"] and second.preceding == ["Текст между таблицами"]


def test_a_table_on_another_grid_after_a_plan_stays_apart():
    doc = raw_document([PLAN_HEADER, ["1", "Введение", "2", "1"]], [["Фамилия", "Телефон"], ["Иванов", "1"]])
    plan, other = logical_tables(VOCAB, doc)
    assert (plan.kind, len(plan.rows)) == ("plan", 2)
    assert (other.kind, other.block, len(other.rows)) == (None, 1, 2)


# --- the plan's columns ---------------------------------------------------------------------


def _table(rows: list[list[str]], header_rows: int = 1, preceding: list[str] | None = None) -> LogicalTable:
    return LogicalTable("plan", [], _rows(raw_table(0, rows)), 0, header_rows, preceding or [])


def test_one_hours_column_per_activity():
    table = _table([["№", "Тема", "Лекции", "Практические", "СРСП"], ["1", "Введение", "2", "2", "1"]])
    cols = plan_columns(VOCAB, table)
    assert (cols["number"], cols["topic"]) == (0, 1)
    found = activity_columns(VOCAB, table, cols)
    assert found.by_column == {2: Activity.lectures, 3: Activity.practicals, 4: Activity.siwt}
    assert (found.header_rows, found.stated) == (1, {})


def test_a_stacked_header_is_measured_and_its_stated_hours_kept():
    """'Аудиторные часы' over 'Лекция 20': the header is two rows and the course has 20 hours of
    lectures, a figure stated in the header cell itself."""
    table = _table([["№", "Тема", "Аудиторные часы", "<"], ["^", "^", "Лекция\n20", "Практические\n30"],
                    ["1", "Введение", "2", "2"]])
    found = activity_columns(VOCAB, table, plan_columns(VOCAB, table))
    assert found.header_rows == 2
    assert found.by_column[2] == Activity.lectures
    assert {col: hours for col, (_row, hours) in found.stated.items()}[2] == 20.0


@pytest.mark.parametrize("title, activity", [
    ("Решение задач (Пр).", Activity.practicals),
    ("Эссе (Ср)", Activity.siw),
    ("Введение (Лек)", Activity.lectures),
    ("Введение (2019)", None),
    ("Введение", None),
])
def test_the_activity_a_topic_title_marks(title, activity):
    assert title_activity(VOCAB, title) == activity


@pytest.mark.parametrize("heading, guided, independent", [
    ("План консультаций СРСП", True, False),
    ("План организации СРС", False, True),
    ("Тематический план", False, False),
])
def test_the_heading_above_a_task_table_says_whose_plan_it_is(heading, guided, independent):
    table = _table([PLAN_HEADER, ["1", "Введение", "2", "1"]], preceding=["Текст", heading])
    assert (is_guided_work_plan(VOCAB, table), is_independent_work_plan(VOCAB, table)) == (guided, independent)
    bare = _table([PLAN_HEADER])
    assert not is_guided_work_plan(VOCAB, bare) and not is_independent_work_plan(VOCAB, bare)
