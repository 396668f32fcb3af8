"""Course code, title and the approval block, one small generated layout per pattern the reader knows.

Tables are written as lists of rows; a cell '<' is covered by the cell to its left (a horizontal
merge), '^' by the cell above (a vertical merge). Strings between tables are paragraphs.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.docx_reader import read_docx
from extractors.interpret import interpret
from extractors.model import ReadStatus
from tests.docx_builders import new_document, save
from tests.raw_builders import raw_document, raw_table

_table, _doc = raw_table, raw_document


def _identity(*blocks):
    syllabus = interpret(_doc(*blocks))
    return syllabus.identity, syllabus.coverage


# --- course code and title ------------------------------------------------------------------------

def test_code_and_title_in_one_header_cell_on_their_own_lines():
    ident, coverage = _identity([["КОД И НАЗВАНИЕ ДИСЦИПЛИНЫ:\nFil 1104\nФилософия", "КРЕДИТЫ ECTS И ЧАСЫ:\n5 ECTS"]])
    assert ident.course_code.value == "Fil 1104"  # as written, with its space
    assert ident.course_title.value == "Философия"
    assert coverage["identity"].status == ReadStatus.read and coverage["identity"].how == "same_cell"


def test_code_then_title_wrapped_with_a_hyphen_break():
    ident, _ = _identity([["КОД И НАЗВАНИЕ ДИСЦИПЛИНЫ:\nSDT1005 Объектно- ориентированное программирование и структуры\nданных"]])
    assert ident.course_code.value == "SDT1005"
    assert ident.course_title.value == "Объектно-ориентированное программирование и структуры данных"


def test_kazakh_code_and_title_label():
    ident, _ = _identity([["ПӘННІҢ АТЫ МЕН КОДЫ:\nFA1307 Research Methods", "ПРЕРЕКВИЗИТТЕР:\nЖоқ"]])
    assert (ident.course_code.value, ident.course_title.value) == ("FA1307", "Research Methods")


def test_label_cell_and_value_cell_to_the_right_code_taken_as_written():
    ident, coverage = _identity([
        ["Специальность", "Программное обеспечение", "Код курса", "1.2.3.4."],
        ["Язык обучения", "Русский", "Дисциплина", "Дискретная математика с элементами математической логики"],
    ])
    assert ident.course_code.value == "1.2.3.4."
    assert ident.course_title.value == "Дискретная математика с элементами математической логики"
    assert coverage["identity"].how == "cell_right"


def test_value_cell_merged_over_the_rows_of_its_label():
    # A PDF grid: the value cell starts a row above its label and spans down past it.
    ident, _ = _identity([
        ["", "Информационные системы", "", "710200"],
        ["Специальность", "^", "Код курса", "^"],
        ["", "Русский", "", "Администрирование и\nпрограммирование в\n1С: Предприятие"],
        ["Язык обучения", "^", "Дисциплина", "^"],
    ])
    assert ident.course_code.value == "710200"
    assert ident.course_title.value == "Администрирование и программирование в 1С: Предприятие"


def test_an_empty_field_of_an_indicator_value_table_is_empty_not_the_next_row():
    ident, coverage = _identity(
        [["Показатель", "Сведения"], ["Наименование дисциплины", ""], ["Шифр и наименование образовательной программы", ""]]
    )
    assert ident.course_title is None
    assert coverage["identity"].status == ReadStatus.empty


def test_a_cell_that_is_another_labels_value_is_no_label():
    ident, _ = _identity([["Блок:", "Дисциплины (модули)"], ["Часть:", "Обязательная часть"]])
    assert ident.course_title is None


def test_title_after_the_document_kind_heading_not_the_approval_date_before_it():
    ident, coverage = _identity(
        "УТВЕРЖДАЮ", "И.о. директора ИКБ", "_______________ Бакаев А.А.", "«___» ___________ 2023 г.",
        "Рабочая программа дисциплины (модуля)", "Физическая культура и спорт",
    )
    assert ident.course_title.value == "Физическая культура и спорт"
    assert coverage["identity"].how == "title_page"


def test_title_before_the_syllabus_heading_as_the_fixtures_have_it():
    ident, _ = _identity("УТВЕРЖДАЮ", "Декан", "Иванов И.И.", "«28» августа 2025 г.",
                         "ГИДРОГЕОЛОГИЯ И ИНЖЕНЕРНАЯ ГЕОЛОГИЯ", "Рабочая учебная программа (силлабус)")
    assert ident.course_title.value == "ГИДРОГЕОЛОГИЯ И ИНЖЕНЕРНАЯ ГЕОЛОГИЯ"


@pytest.mark.parametrize("before", ["FIT DEAN «____»", "«31» __August____ 2023", "ОШСКИЙ ГОСУДАРСТВЕННЫЙ УНИВЕРСИТЕТ"])
def test_running_headers_and_date_blanks_are_never_the_title(before):
    ident, _ = _identity(before, "COURSE SYLLABUS", "Data Structures and Algorithms")
    assert ident.course_title.value == "Data Structures and Algorithms"


def test_the_document_kind_heading_itself_is_never_the_title():
    ident, _ = _identity("ОШСКИЙ ГОСУДАРСТВЕННЫЙ УНИВЕРСИТЕТ", "ПРОГРАММА ОБУЧЕНИЯ", "(Syllabus)", "Ош, 2024")
    assert ident.course_title is None


def test_title_quoted_in_the_document_kind_line():
    ident, _ = _identity("Рабочая программа дисциплины «Физическая культура и спорт»")
    assert ident.course_title.value == "Физическая культура и спорт"


# --- approval -------------------------------------------------------------------------------------

def _approval(*blocks):
    syllabus = interpret(_doc(*blocks))
    return syllabus.identity.approval, syllabus.coverage.get("approval")


def test_block_in_one_cell_full_name_on_a_signature_line_and_a_blank_date():
    approval, coverage = _approval([["", "", "УТВЕРЖДАЮ\nДекан Школы Transformative Humanities\n"
                                      "Нүркен Абайұлы _________________\n«___» ______2024"]])
    assert approval.present
    assert approval.approver.value == "Нүркен Абайұлы"
    assert approval.position.value == "Декан Школы Transformative Humanities"
    assert approval.date is None and approval.date_blank
    assert coverage.status == ReadStatus.read and coverage.how == "block"


@pytest.mark.parametrize("stand_in", ["ФИО", "Декан Школы ФИО декана", "ТАӘ", "Name/Surname", "{ dean_of_school_center }"])
def test_template_stand_ins_are_not_names(stand_in):
    approval, _ = _approval("APPROVED", "Dean of the School", stand_in, "«___» ______2024")
    assert approval.present and approval.approver is None


@pytest.mark.parametrize("blank", ["«___» ______2024", "«\t» \t2025", "« » 2025", "«___» ______202____",
                                   "№ ___от «____» _____________ 2026 г."])
def test_a_date_with_blank_day_or_month_is_blank(blank):
    approval, _ = _approval("УТВЕРЖДАЮ", "Председатель Совета Школ", blank)
    assert approval.date is None and approval.date_blank
    assert approval.position.value == "Председатель Совета Школ" and approval.approver is None


def test_block_spread_over_the_rows_below_its_heading():
    approval, _ = _approval([
        ["Институт", "", ""],
        ["", "", "УТВЕРЖДАЮ"],
        ["", "", ""],
        ["", "", "И.о. директора ИКБ"],
        ["", "", "_______________ Бакаев А.А."],
        ["", "", "«___» ___________ 2023 г."],
        ["Рабочая программа дисциплины (модуля)", "<", "<"],
    ])
    assert approval.approver.value == "Бакаев А.А."
    assert approval.position.value == "И.о. директора ИКБ"
    assert approval.date_blank


def test_side_by_side_blocks_in_one_pdf_line_take_the_approvals_column():
    approval, coverage = _approval(
        "СОГЛАСОВАНО УТВЕРЖДЕНО Председатель УМС института Заведующий кафедрой доцент Мамазиева Э.А. доцент Токторбаев А.М.",
        "Протокол №1, 27.08.2024г. Протокол №1, 30.08.2024г.",
        "ПРОГРАММА ОБУЧЕНИЯ",
    )
    assert approval.approver.value == "Токторбаев А.М."
    assert approval.date.value == dt.date(2024, 8, 30)
    assert coverage.how == "side_by_side"


@pytest.mark.parametrize("head, name, date, expected", [
    ("«УТВЕРЖДЕНО»", "___Ibrayev A.M.", "«10» July 2023", dt.date(2023, 7, 10)),
    ("БЕКІТЕМІН", "Рахымбердина М.Е.", "30.08.2024", dt.date(2024, 8, 30)),
    ("УТВЕРЖДАЮ", "Аттокурова А. А.", "Протокол №1, 30.08.2024г.", dt.date(2024, 8, 30)),
    ("APPROVED BY:", "Dean ____ Smith J.", "«31» __August____ 2023", dt.date(2023, 8, 31)),
])
def test_names_and_dates_as_written(head, name, date, expected):
    approval, _ = _approval(head, name, date)
    assert approval.approver is not None
    assert approval.date.value == expected and not approval.date_blank


def test_agreed_alone_is_not_an_approval():
    approval, coverage = _approval([["Составлено:", "", "Согласовано:"], ["lecturer", "ФИО ППС", "Абдолдина Ф.Н."]])
    assert not approval.present
    assert coverage is None or coverage.status != ReadStatus.read


def test_programme_head_signature_line_is_the_sign_off_without_an_approval_block():
    approval, coverage = _approval("ПРОГРАММА ОБУЧЕНИЯ", "Руководитель программы: ___________ Аттокурова А. А.", "Ош, 2026")
    assert approval.present and approval.approver.value == "Аттокурова А. А."
    assert approval.date is None
    assert coverage.how == "signature_line"


def test_prose_about_approval_is_no_block():
    approval, _ = _approval("Университет утверждает следующие принципы академической честности:")
    assert not approval.present


def test_docx_header_table_through_the_reader(tmp_path):
    document = new_document()
    top = document.add_table(rows=1, cols=2)
    top.cell(0, 1).text = "УТВЕРЖДАЮ\nДекан Школы/Центра\nФИО\n_________________\n«___» ______202____"
    head = document.add_table(rows=1, cols=3)
    head.cell(0, 0).text = "КОД И НАЗВАНИЕ ДИСЦИПЛИНЫ:\nFA1307 Research Methods"
    head.cell(0, 2).text = "ПРЕРЕКВИЗИТЫ:\nНет"
    syllabus = interpret(read_docx(save(document, tmp_path / "head.docx")))
    ident = syllabus.identity
    assert (ident.course_code.value, ident.course_title.value) == ("FA1307", "Research Methods")
    assert ident.approval.present and ident.approval.approver is None and ident.approval.date_blank
    assert "ФИО" in ident.approval.position.value  # the stand-in stays where the block shows it
    assert syllabus.prerequisites == [] and syllabus.coverage["prerequisites"].how == "stated_none"


def test_a_label_repeated_in_three_languages():
    ident, _ = _identity([["Пән коды / Код дисциплины / Course code", "GIG3303"],
                          ["Пәннің атауы / Наименование дисциплины / Course title", "Гидрогеология"]])
    assert (ident.course_code.value, ident.course_title.value) == ("GIG3303", "Гидрогеология")


def test_a_dated_label_left_blank_is_a_blank_date():
    approval, _ = _approval("УТВЕРЖДАЮ", "Проректор по академическим вопросам", "________ Иванов И.И.", "Дата: ____________")
    assert approval.approver.value == "Иванов И.И." and approval.date_blank


def test_block_in_the_cell_beside_its_heading():
    approval, _ = _approval([["УТВЕРЖДАЮ", "Проректор по академической работе\n_________ Иванов И.И.\n«28» августа 2024 г."]])
    assert approval.approver.value == "Иванов И.И." and approval.date.value == dt.date(2024, 8, 28)


def test_a_row_of_blocks_each_read_from_its_own_column():
    approval, _ = _approval([
        ["СОГЛАСОВАНО", "УТВЕРЖДАЮ"],
        ["Председатель УМС", "Декан факультета"],
        ["_______ Петров П.П.", "_______ Иванов И.И."],
        ["«__» ______ 2024 г.", "«30» августа 2024 г."],
    ])
    assert approval.approver.value == "Иванов И.И." and approval.date.value == dt.date(2024, 8, 30)


@pytest.mark.parametrize("line", ["Руководитель программы ___________ Аттокурова А. А.",
                                  "Программанын жетекчиси ________ (аты-жөнү, кол тамгасы, датасы)"])
def test_programme_head_signature_line_without_a_colon(line):
    approval, coverage = _approval("ПРОГРАММА ОБУЧЕНИЯ", line)
    assert approval.present and coverage.how == "signature_line"


@pytest.mark.parametrize("blocks, title", [
    (("СИЛЛАБУС", "по дисциплине «Философия»"), "Философия"),
    (("СИЛЛАБУС", "дисциплины", "«История Казахстана»"), "История Казахстана"),
    (("«Қазақстан тарихы» пәні бойынша СИЛЛАБУС",), "Қазақстан тарихы"),
    (("Программирование на языке «Python»", "СИЛЛАБУС"), "Программирование на языке «Python»"),
])
def test_quoted_titles_and_the_words_around_them(blocks, title):
    ident, _ = _identity(*blocks)
    assert ident.course_title.value == title


def test_side_by_side_lines_with_a_blank_date_in_the_other_column():
    approval, _ = _approval("СОГЛАСОВАНО УТВЕРЖДАЮ", "Зав. кафедрой Декан факультета",
                            "_______ Петров П.П. _______ Иванов И.И.", "«__» ______ 2024 г. «30» августа 2024 г.")
    assert approval.approver.value == "Иванов И.И." and approval.date.value == dt.date(2024, 8, 30)
    approval, _ = _approval("УТВЕРЖДАЮ СОГЛАСОВАНО", "Декан факультета Зав. кафедрой",
                            "_______ Иванов И.И. _______ Петров П.П.", "«__» ______ 2024 г. «30» августа 2024 г.")
    assert approval.approver.value == "Иванов И.И." and approval.date is None and approval.date_blank


def test_a_note_that_the_form_was_approved_by_an_order_is_no_block():
    approval, _ = _approval("Утверждена приказом Министра образования и науки РК от 20.04.2011 № 152", "СИЛЛАБУС")
    assert not approval.present


def test_a_label_cut_by_a_pdf_line_break_still_gives_code_and_title():
    ident, _ = _identity([["КОД И НАЗВАНИЕ\nДИСЦИПЛИНЫ:\nSDT1005 Объектно-ориентированное\nпрограммирование",
                           "ПРЕРЕКВИЗИТЫ:\nНет"]])
    assert ident.course_code.value == "SDT1005"
    assert ident.course_title.value == "Объектно-ориентированное программирование"


# --- year and semester of study (issue 16) --------------------------------------------------------

def _period(*blocks):
    ident, _ = _identity(*blocks)
    return (ident.study_year.value if ident.study_year else None, ident.semester.value if ident.semester else None), ident


@pytest.mark.parametrize("blocks, expected", [
    # AlmaU's header table: the label and its value in one cell, on one line or two
    ([[["УРОВЕНЬ ОБУЧЕНИЯ:\nБакалавриат", "СЕМЕСТР: 2", "ОБРАЗОВАТЕЛЬНАЯ ПРОГРАММА:\nИТ"]]], (None, 2)),
    ([[["ОҚУ ДЕҢГЕЙІ:\nБакалавриат", "СЕМЕСТР:\n7", "БІЛІМ БЕРУ БАҒДАРЛАМАСЫ:\nФинансы"]]], (None, 7)),
    # the value in the cell beside the label
    ([[["Курс", "3"], ["Семестр", "5"]]], (3, 5)),
    # title-page lines, in kk, ru and en, numbers tagged by their words or roman
    (["Курс: 3", "Семестр: 5"], (3, 5)),
    (["Курс/семестр: 2/3"], (2, 3)),
    (["Семестр/курс: 3/2"], (2, 3)),
    (["Период обучения (курс, семестр): 2 курс, 3 семестр"], (2, 3)),
    (["Оқу курсы: 3-курс", "Семестрі: 5-семестр"], (3, 5)),
    (["Курс: III"], (3, None)),
    (["Year of study: 2", "Semester: 4"], (2, 4)),
    (["Оқу жылы/курс: 2023-2024 / 3"], (3, None)),  # the academic year is not the year of study
    # a column header over its value: MIREA's "Семестр | Зачётные единицы | …" over "1 | 2 | …"
    ([[["Семестр", "Зачётные единицы", "Всего"], ["^", "^", "^"], ["1", "2", "72"]]], (None, 1)),
])
def test_year_and_semester_read_by_their_labels(blocks, expected):
    got, ident = _period(*blocks)
    assert got == expected
    for value in (ident.study_year, ident.semester):
        if value is not None:  # where it was read, with its label for the evidence
            assert value.source.text and (value.source.table is not None or value.source.paragraph is not None)


@pytest.mark.parametrize("blocks", [
    ["Курс: ______", "Семестр: ____"],  # a template's blanks
    [[["Семестр", "2-4"]]],  # two semesters (Osh college): which one is not said
    [[["Академический год", "1-курс 2-сем\n2-курс, 4-сем."], ["Семестр", "весенний"]]],  # no number for the label
    ["Year: 2023"],  # a calendar year, out of range for a year of study
    ["Курс: Философия"],  # the word used for the course itself
    ["Семестр: 15"],
])
def test_year_and_semester_not_told_are_not_read(blocks):
    assert _period(*blocks)[0] == (None, None)


def test_the_semester_of_the_first_label_that_states_one_wins():
    got, ident = _period("Семестр: весенний", "Курс: 2, семестр: 4", "Семестр: 6")
    assert got == (2, 4)
    assert ident.semester.source.text == "Курс: 2, семестр: 4"
