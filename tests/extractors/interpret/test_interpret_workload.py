"""Layouts of credits and hours seen in real templates, each generated as a small DOCX.

Every test writes the layout with python-docx, reads it through the public entry point and
asserts the figures and the relation that paired them with their labels.
"""

from __future__ import annotations

import docx
import pytest

from extractors.api import extract_file
from extractors.interpret import interpret
from extractors.model import Activity, CreditUnit, ReadStatus
from extractors.raw import RawCell, RawDocument, RawParagraph, RawTable


def _document(tmp_path, build):
    d = docx.Document()
    build(d)
    path = tmp_path / "syllabus.docx"
    d.save(path)
    return extract_file(path)


def _plan(d, heading="Тематический план"):
    d.add_paragraph(heading)
    t = d.add_table(rows=3, cols=3)
    for r, cells in enumerate([("№", "Наименование темы", "Часы"), ("1", "Введение", "2"), ("2", "Основы", "2")]):
        for c, text in enumerate(cells):
            t.cell(r, c).text = text


def test_key_value_cell_gives_credits_contact_combined_and_total(tmp_path):
    def build(d):
        d.add_paragraph("СИЛЛАБУС")
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text = "КОД И НАЗВАНИЕ ДИСЦИПЛИНЫ:\nAB1234 Экономика"
        t.cell(0, 1).text = ("КРЕДИТЫ ECTS И ЧАСЫ:\n3 ECTS\nВсего часов: 90 Аудиторные часы: 30 часов "
                             "Самостоятельная работа\n(СРОП, СРО): 60 часов")
        _plan(d)

    s = _document(tmp_path, build)
    assert s.identity.credits.ects.value == 3
    assert (s.hours.total.value, s.hours.contact.value, s.hours.independent_total.value) == (90, 30, 60)
    assert s.hours.siw is None and s.hours.siwt is None  # the combined figure is not forced into СРО
    assert s.hours.contact.source.text == "Аудиторные часы: 30 часов"
    assert s.coverage["hours"].status == ReadStatus.read


def test_kazakh_key_value_cell(tmp_path):
    def build(d):
        t = d.add_table(rows=1, cols=1)
        t.cell(0, 0).text = ("ECTS КРЕДИТТЕРІ ЖӘНЕ САҒАТТАР:\n3 ECTS\nСағаттар барлығы: 90\n"
                             "Аудиторлық сағаттар: 30 сағат\nӨзіндік жұмыс (ООӨЖ, ОӨЖ): 60 сағат")
        _plan(d, "Тақырыптық жоспар")

    s = _document(tmp_path, build)
    assert s.identity.credits.ects.value == 3
    assert (s.hours.total.value, s.hours.contact.value, s.hours.independent_total.value) == (90, 30, 60)


def test_label_cell_with_its_value_to_the_right(tmp_path):
    def build(d):
        t = d.add_table(rows=2, cols=4)
        t.cell(0, 0).text, t.cell(0, 1).text = "Академический год", "2025-2026"
        t.cell(0, 2).text, t.cell(0, 3).text = "Количество кредитов", "4"
        t.cell(1, 0).text, t.cell(1, 1).text = "Место (здание/ауд.)", "2 корпус, 23 ауд."
        _plan(d)

    s = _document(tmp_path, build)
    assert s.identity.credits.ects.value == 4
    assert s.hours is None or s.hours.contact is None  # a room number is not contact hours


@pytest.mark.parametrize("text, ects, national, unit", [
    ("4 credits, 6 ECTS", 6, 4, CreditUnit.kz),
    ("Общая трудоемкость: 2 з.е. (72 акад. час.).", None, 2, CreditUnit.ze),
    ("Number of academic credits / ECTS: 6 ECTS", 6, None, None),
])
def test_credit_forms(text, ects, national, unit):
    raw = RawDocument(path="x.docx", format="docx", sha256="0", blocks=[RawParagraph(0, text)])
    credits = interpret(raw).identity.credits
    assert (credits.ects and credits.ects.value) == ects
    assert (credits.national and credits.national.value) == national
    assert credits.national_unit == unit


def test_ze_statement_gives_the_total_in_brackets():
    raw = RawDocument(path="x.docx", format="docx", sha256="0",
                      blocks=[RawParagraph(0, "Общая трудоемкость: 2 з.е. (72 акад. час.).")])
    assert interpret(raw).hours.total.value == 72


def _table(index, rows):
    return RawTable(index=index, rows=[[RawCell(text, r, c) for c, text in enumerate(row)] for r, row in enumerate(rows)])


def test_plan_with_one_hours_column_per_activity():
    rows = [
        ["№", "Неделя", "Название темы", "Количество часов", "", "Баллы"],
        ["", "", "", "Лекция14", "Практический22", ""],
        ["1.", "1", "Тема 1 Множества", "2час 1,42балл", "2час 0,72балл", "2,14балл"],
        ["2.", "2", "Тема 2 Отношения", "-", "2час 0,72балл", "0,72балл"],
        ["", "", "Итого:", "14час 10 балл", "22час 8балл", "18балл"],
    ]
    raw = RawDocument(path="x.docx", format="docx", sha256="0", blocks=[_table(0, rows)])
    s = interpret(raw)
    lectures, practicals = s.plan_section(Activity.lectures), s.plan_section(Activity.practicals)
    assert [t.hours.value for t in lectures.topics] == [2]
    assert [t.hours.value for t in practicals.topics] == [2, 2]
    assert (lectures.stated_total.value, practicals.stated_total.value) == (14, 22)


def test_stacked_hours_header_with_a_split_pair():
    rows = [
        ["Дисциплина", "Кредит", "Ауд. часы", "СРС", "1 модуль (25 балл)", "", ""],
        ["", "", "40%", "60%", "Ауд. часы", "", "СРС/ СРСП"],
        ["", "", "", "", "лек.", "пр.", ""],
        ["Дискретная математика", "3", "36", "51", "14", "22", "30/9"],
    ]
    table = _table(0, rows)
    # 'Ауд. часы' (row 1) spans the lecture and practical columns
    table.rows[1][5] = RawCell("", 1, 5, covered_by=(1, 4))
    raw = RawDocument(path="x.docx", format="docx", sha256="0", blocks=[table])
    h = interpret(raw).hours
    assert (h.lectures.value, h.practicals.value, h.contact.value) == (14, 22, 36)
    assert (h.siw.value, h.siwt.value) == (30, 9)
    assert h.independent_total.value == 51  # СРС beside its own СРС/СРСП breakdown is the combined figure


def test_tables_under_siw_and_siwt_headings():
    siw = _table(0, [["№", "Тема", "Задание для СРС", "Часы", "Баллы"], ["1", "Множества", "Отчёт", "2", "1"],
                     ["2", "Графы", "Код", "2", "1"], ["", "ЖАЛПЫ", "", "4", "2"]])
    siwt = _table(1, [["№", "Тема задания", "Часы", "Форма контроля"], ["1", "Логика", "2", "Опрос"],
                      ["2", "Графы", "1", "Защита"]])
    raw = RawDocument(path="x.docx", format="docx", sha256="0", blocks=[
        RawParagraph(0, "План организации СРС"), siw, RawParagraph(1, "6. План консультаций СРСП"), siwt])
    s = interpret(raw)
    assert [t.hours.value for t in s.independent_work] == [2, 2]  # the sum row is not a task
    assert [t.hours.value for t in s.plan_section(Activity.siwt).topics] == [2, 1]


def test_an_hours_table_and_an_assessment_table_are_told_apart():
    scored = _table(0, [["Тема / модуль", "Максимальный процент (%)", "Максимальный вес (%)", "Итого в баллах"],
                        ["СРС 1", "100%", "15%", "4.5"], ["СРС 2", "100%", "15%", "4.5"]])
    raw = RawDocument(path="x.docx", format="docx", sha256="0", blocks=[scored])
    s = interpret(raw)
    assert s.hours is None or s.hours.siw is None


def test_a_bundle_of_work_programmes_is_read_as_its_first():
    def title_page(i, title, hours):
        return [
            RawParagraph(i, "УТВЕРЖДАЮ"), RawParagraph(i + 1, "Директор ____ Иванов И.И."),
            RawParagraph(i + 2, "Рабочая программа дисциплины"), RawParagraph(i + 3, title),
            RawParagraph(i + 4, f"Общая трудоемкость: 2 з.е. ({hours} акад. час.)"),
        ]

    blocks = title_page(0, "Физическая культура", 72) + title_page(10, "Философия", 108) + title_page(20, "История", 144)
    s = interpret(RawDocument(path="x.docx", format="docx", sha256="0", blocks=blocks))
    assert s.document.syllabi_in_file == 3
    assert s.document.bundle_titles == ["Физическая культура", "Философия", "История"]
    assert s.hours.total.value == 72  # the first programme's, never a merge


def test_one_title_page_is_not_a_bundle():
    blocks = [RawParagraph(0, "БЕКІТЕМІН"), RawParagraph(1, "СИЛЛАБУС"), RawParagraph(2, "Геология"),
              RawParagraph(3, "УТВЕРЖДАЮ"), RawParagraph(4, "Декан")]
    assert interpret(RawDocument(path="x.docx", format="docx", sha256="0", blocks=blocks)).document.syllabi_in_file == 1


def test_coverage_tells_not_read_from_absent():
    blocks = [RawParagraph(0, "Тематический план"), RawParagraph(1, "(план приводится в приложении)")]
    s = interpret(RawDocument(path="x.docx", format="docx", sha256="0", blocks=blocks))
    assert s.coverage["plan"].status == ReadStatus.not_read
    assert s.coverage["plan"].where.paragraph == 0
    assert s.coverage["scale"].status == ReadStatus.absent


def test_hours_outside_the_split_are_kept_apart():
    rows = [["Всего", "Лекции", "Практические", "Самостоятельная работа",
             "Контактная работа в период аттестации", "Контроль"],
            ["72", "0", "32", "31", "0,25", "8,75"]]
    h = interpret(RawDocument(path="x.docx", format="docx", sha256="0", blocks=[_table(0, rows)])).hours
    assert (h.total.value, h.practicals.value, h.siw.value) == (72, 32, 31)
    assert h.contact is None  # contact hours during the attestation are not the contact total
    assert [(o.label, o.hours.value) for o in h.other] == [
        ("Контактная работа в период аттестации", 0.25), ("Контроль", 8.75)]


def test_kyrgyz_text_is_an_unsupported_language_not_kazakh():
    kyrgyz = "Окуу планы боюнча студенттердин өз алдынча иштөөсү жана үй тапшырмалары көрсөтүлгөн. " * 5
    s = interpret(RawDocument(path="x.docx", format="docx", sha256="0", blocks=[RawParagraph(0, kyrgyz)]))
    assert s.document.unsupported_language == "ky" and s.language is None
    kazakh = "Білім алушының өзіндік жұмысы және оқытушының басшылығымен орындалатын тапсырмалар. " * 5
    s = interpret(RawDocument(path="x.docx", format="docx", sha256="0", blocks=[RawParagraph(0, kazakh)]))
    assert s.document.unsupported_language is None and s.language.value == "kk"


def test_work_programme_plan_inside_a_long_table_with_kinds_in_brackets():
    text_rows = [["4. СТРУКТУРА И СОДЕРЖАНИЕ ДИСЦИПЛИНЫ", "", "", "", ""],
                 ["Знать: виды физических упражнений", "", "", "", ""],
                 ["Уметь: применять средства", "", "", "", ""]]
    plan_rows = [
        ["Код занятия", "Наименование разделов и тем /вид занятия/", "Сем.", "Часов", "Компетенции"],
        ["1. Физическая культура и спорт", "", "", "", ""],
        ["1.1", "Текущий контроль в среде (Ср). Темы: 1. Значение культуры", "1", "16", "УК-7.1"],
        ["1.2", "Выполнение практических заданий (Пр). Вводное занятие", "1", "2", "УК-7.1"],
        ["1.3", "Выполнение практических заданий (Пр). Упражнения", "1", "2", "УК-7.1"],
        ["2. Промежуточная аттестация (зачёт)", "", "", "", ""],
        ["2.1", "Подготовка к сдаче промежуточной аттестации (Зачёт).", "1", "8,75", "УК-7.1"],
        ["5. ОЦЕНОЧНЫЕ МАТЕРИАЛЫ", "", "", "", ""],
        ["5.1", "Перечень вопросов (Пр)", "1", "3", ""],
    ]
    raw = RawDocument(path="x.docx", format="docx", sha256="0", blocks=[_table(0, text_rows + plan_rows)])
    s = interpret(raw)
    siw, practicals = s.plan_section(Activity.siw), s.plan_section(Activity.practicals)
    assert [t.hours.value for t in siw.topics] == [16]
    # 'Сем.' is the semester, not a seminar column; the attestation and the next section are no topics
    assert [t.hours.value for t in practicals.topics] == [2, 2]
    assert all(t.number is None for t in practicals.topics)  # "1.2" is a code, not a topic number


def test_a_continuation_on_a_finer_grid_is_fitted_to_its_table():
    head = _table(0, [["№", "Название темы", "Лекция\n20", "Лаб. раб.\n28", "Баллы"],
                      ["1", "Общая концепция", "2", "4", "5/5"]])
    # the next page's table: every real column drawn as two grid columns
    grid = [[str(n), "", f"Тема {n}", "", "2", "", "4", "", "5/5", ""] for n in (2, 3, 4)]
    grid += [["ТК 1", "", "", "Итого за ТК 1", "", "", "", "", "", "10"],
             ["", "", "Всего", "", "", "8", "", "16", "", ""]]
    body = _table(1, grid)
    for r, row in enumerate(body.rows[:3]):
        for c in (1, 3, 5, 7, 9):
            row[c] = RawCell("", r, c, covered_by=(r, c - 1))
    s = interpret(RawDocument(path="x.pdf", format="pdf", sha256="0", blocks=[head, body]))
    lectures, labs = s.plan_section(Activity.lectures), s.plan_section(Activity.labs)
    assert [t.hours.value for t in lectures.topics] == [2, 2, 2, 2]
    assert [t.hours.value for t in labs.topics] == [4, 4, 4, 4]
    assert (lectures.stated_total.value, labs.stated_total.value) == (8, 16)
    # the header's own figures are the hours the course states
    assert (s.hours.lectures.value, s.hours.labs.value) == (20, 28)


def test_module_subtotals_add_up_to_the_plans_total():
    rows = [["№", "Тема", "Лекции", "Практические"],
            ["1", "А", "2", "2"], ["", "Всего", "2", "2"],
            ["2", "Б", "2", "4"], ["", "Всего", "2", "4"]]
    s = interpret(RawDocument(path="x.docx", format="docx", sha256="0", blocks=[_table(0, rows)]))
    assert s.plan_section(Activity.practicals).stated_total.value == 6


def test_a_heading_that_states_its_hours():
    raw = RawDocument(path="x.pdf", format="pdf", sha256="0", blocks=[
        RawParagraph(0, "План организации СРСП (12 часов)"), RawParagraph(1, "План организации СРС (60 часов)"),
        RawParagraph(2, "Лекция 1. Введение в предмет, история и понятия дисциплины (2 часа)")])
    h = interpret(raw).hours
    assert (h.siwt.value, h.siw.value, h.lectures) == (12, 60, None)


def test_a_value_drawn_a_row_above_its_label():
    rows = [["", "", "2024-2025-г.", "", "", "4"],
            ["Акад. год", "", "", "Количество", "", ""],
            ["", "", "", "кредитов", "", ""]]
    s = interpret(RawDocument(path="x.pdf", format="pdf", sha256="0", blocks=[_table(0, rows)]))
    assert s.identity.credits.ects.value == 4


def test_teachers_and_contacts_are_read_as_written():
    cells = [["ПРЕПОДАВАТЕЛЬ:\nФИО, должность, ученая степень",
              "КОНТАКТЫ ПРЕПОДАВАТЕЛЯ:\nЭл.почта/ телефон: x.xxxxx@almau.edu.kz"]]
    s = interpret(RawDocument(path="x.docx", format="docx", sha256="0", blocks=[
        _table(0, cells), RawParagraph(1, "Оқытушы: Зимановская Н.А.")]))
    assert [v.value for v in s.identity.instructors] == ["ФИО, должность, ученая степень", "Зимановская Н.А."]
    assert [v.value for v in s.identity.contacts] == ["x.xxxxx@almau.edu.kz"]
    assert s.identity.contacts[0].source.table == 0  # the placeholder can be found again


def test_pdf_fragments_of_a_nested_table_do_not_break_the_continuation():
    head = _table(0, [["№", "Тема", "Задание для СРС", "Часы"], ["1", "Множества", "Отчёт", "2"]])
    fragment = _table(1, [["Сопуев А."], ["математика"]])  # a table nested in a cell, drawn apart
    body = _table(2, [["2", "Графы", "Код", "2"], ["", "ЖАЛПЫ", "", "6"]])
    raw = RawDocument(path="x.pdf", format="pdf", sha256="0",
                      blocks=[RawParagraph(0, "План организации СРС"), head, fragment, body])
    tasks = interpret(raw).independent_work
    assert [t.hours.value for t in tasks] == [2, 2]  # one table, and its total row is no task
