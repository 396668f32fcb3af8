"""Shortcuts the interpreter takes for speed answer what the long way answers: an inner plan
header by its row alone (not a classified three-row window), a cell's place without a Sourced,
a row's first text without copying the row, an outcomes table without codes skipped, and the
workload label test cached per text."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.api import read_raw
from extractors.interpret import interpret
from extractors.interpret.context import Row, Sources
from extractors.interpret.tables import _header_kind, _inner_header, _rows, classify
from extractors.interpret.workload import _NUMBER, _is_label
from extractors.raw import RawCell, RawTable
from extractors.vocabulary import default_vocabulary
from tests.raw_builders import raw_document

V = default_vocabulary()
SAMPLES = sorted((Path(__file__).resolve().parents[3] / "data" / "samples").glob("*.docx"))


def _inner_header_long_way(rows: list[Row]):
    """_inner_header as it was: classify each three-row window, keep a plan with one header row."""
    for at in range(3, len(rows)):
        cells = rows[at].non_empty()
        if len(cells) < 3 or any(len(t) > 80 for _, t in cells):
            continue
        kind, header = classify(V, rows[at:at + 3])
        if kind in ("plan", "independent_work") and header == 1:
            return at, kind, header
    return None


def _sample_tables() -> list[RawTable]:
    return [b for path in SAMPLES for b in read_raw(path).blocks if isinstance(b, RawTable)]


def test_samples_are_there():
    assert len(SAMPLES) >= 4 and len(_sample_tables()) >= 10


@pytest.mark.parametrize("table", _sample_tables(), ids=lambda t: f"table{t.index}")
def test_inner_header_and_header_kind_agree_with_classify(table):
    rows = _rows(table)
    assert _inner_header(V, rows) == _inner_header_long_way(rows)
    for at in range(len(rows)):
        # classify gives a plan with one header row exactly when the window's first row names
        # one (a schedule or outcomes table may have one header row too: not what is asked)
        kind, header = classify(V, rows[at:at + 3])
        own = _header_kind(V, rows[at])
        plans = ("plan", "independent_work")
        assert (kind in plans and header == 1) == (own in plans)
        if own is not None:
            assert (kind, header) == (own, 1)


def test_inner_plan_header_below_text_rows():
    plan = [["Тема", "Лекции", "Практические", "СРС"], ["Тема 1. Введение", "2", "2", "4"],
            ["Тема 2. Основы", "2", "2", "4"]]
    text_rows = [["Цель курса: изучить основы", "", "", ""], ["Задачи курса: понять", "", "", ""],
                 ["Компетенции: ОК-1", "", "", ""]]
    table = RawTable(index=0, rows=[[RawCell(t, r, c) for c, t in enumerate(row)]
                                    for r, row in enumerate(text_rows + plan)])
    rows = _rows(table)
    assert _inner_header(V, rows) == (3, "plan", 1) == _inner_header_long_way(rows)


def test_cell_source_is_the_sourced_cells_source():
    cells = [RawCell("  РО1 \n", 2, 0, page=3), RawCell("", 2, 1, covered_by=(2, 0)), RawCell("x", 2, 2)]
    row = Row(cells=cells, table=4, index=2)
    src = Sources("f.docx")
    for col in (0, 1, 2, 7, None):
        for text in (None, "given"):
            made = src.cell_source(row, col, text)
            long_way = src.cell(row, col, None, text).source
            assert made == long_way and made.model_fields_set == long_way.model_fields_set


def test_first_text_is_the_first_non_empty_cell():
    row = Row(cells=[RawCell("", 0, 0), RawCell(" \n ", 0, 1), RawCell(" A ", 0, 2), RawCell("B", 0, 3)], table=0, index=0)
    assert row.first_text() == row.non_empty()[0][1] == "A"
    assert Row(cells=[RawCell("", 0, 0)], table=0, index=0).first_text() == ""


def test_workload_label_test_is_the_uncached_one():
    for text in ("Количество кредитов", "Кредиты: 5", "Всего часов", "Тема 1", "x" * 90, ""):
        expected = _NUMBER.search(text) is None and len(text) <= 80 and V.best(text, "workload") is not None
        assert _is_label(V, text) == expected


def test_outcomes_only_in_a_later_row_still_see_the_columns_above():
    # The shortcut skips tables without any code; a table whose codes stand rows below its
    # header still has the header's assessment column read.
    raw = raw_document([
        ["Результаты обучения", "Оценивание"],
        ["Пояснение к таблице", "Формы контроля"],
        ["РО1 Анализировать данные", "Эссе"],
    ])
    s = interpret(raw)
    assert [o.code.value for o in s.outcomes.declared] == ["РО1"]
    assert [c.code.value for c in s.outcomes.cited] == ["РО1"]


def test_a_table_without_codes_declares_nothing():
    raw = raw_document([["Результаты обучения", "Оценивание"], ["Анализировать данные", "Эссе"]])
    s = interpret(raw)
    assert s.outcomes.declared == [] and s.outcomes.cited == []
