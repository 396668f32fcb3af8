"""Prerequisites, postrequisites and literature, one small generated layout per pattern the reader knows.

Tables are written as lists of rows ('<' covered by the cell to the left, '^' by the cell above);
strings between tables are paragraphs, ``(text, style)`` a paragraph with a Word style.
"""

from __future__ import annotations

import pytest

from extractors.docx_reader import read_docx
from extractors.interpret import interpret
from extractors.model import ReadStatus
from tests.docx_builders import new_document, save
from tests.raw_builders import raw_document, raw_table

_table, _doc = raw_table, raw_document


def _read(*blocks):
    return interpret(_doc(*blocks))


def _texts(entries) -> list[str]:
    return [e.text.value for e in entries]


# --- requisites -----------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", [
    [["КОД И НАЗВАНИЕ ДИСЦИПЛИНЫ:\nFA1307 Research Methods", "ПРЕРЕКВИЗИТЫ:\nНет"]],
    [["ПРЕРЕКВИЗИТТЕР: Жоқ"]],
    "PREREQUISITES: No",
    "Пререквизиты: нет.",
    [["Пререквизиты", "-"]],
])
def test_none_stated_is_stated_with_no_items(layout):
    syllabus = _read(layout)
    assert syllabus.prerequisites == []
    seen = syllabus.coverage["prerequisites"]
    assert seen.status == ReadStatus.read and seen.how == "stated_none"


def test_empty_label_in_a_header_cell_is_empty_not_the_cell_below():
    syllabus = _read([["КОД И НАЗВАНИЕ ДИСЦИПЛИНЫ:\nFil 1104\nФилософия", "ПРЕРЕКВИЗИТЫ:"],
                      ["^", "ФОРМАТ ОБУЧЕНИЯ:\nOffline"]])
    assert syllabus.prerequisites == []
    assert syllabus.coverage["prerequisites"].status == ReadStatus.empty


def test_empty_value_cell_of_an_indicator_table():
    syllabus = _read([["Показатель", "Сведения"], ["Пререквизиты", ""], ["Постреквизиты", ""]])
    assert syllabus.coverage["prerequisites"].status == ReadStatus.empty
    assert syllabus.coverage["postrequisites"].status == ReadStatus.empty


def test_label_cell_and_value_cell_to_the_right_merged_across():
    syllabus = _read([
        ["Пререквизиты", "Методы проектирования информационных систем, разработка\nклиент-серверных приложений", "<", "<"],
        ["Со-реквизиты", "Компьютерные технологии бух. учета", "<", "<"],
        ["Постреквизиты", "Квалификационная практика", "<", "<"],
    ])
    assert _texts_of(syllabus.prerequisites) == ["Методы проектирования информационных систем",
                                                "разработка клиент-серверных приложений"]
    assert _texts_of(syllabus.postrequisites) == ["Квалификационная практика"]
    assert syllabus.coverage["prerequisites"].how == "cell_right"


def test_labels_heading_columns_with_values_below():
    syllabus = _read([["Пререквизиты", "Постреквизиты"], ["Физика; Математика", "Геология"]])
    assert _texts_of(syllabus.prerequisites) == ["Физика", "Математика"]
    assert _texts_of(syllabus.postrequisites) == ["Геология"]
    assert syllabus.coverage["prerequisites"].how == "cell_below"


def test_running_text_section_up_to_the_next_heading():
    syllabus = _read("1.5 Пререквизиты", "- Общая и историческая геология", "- Физика",
                     "1.6 Постреквизиты", "- Инженерно-геологические изыскания", "1.7 Трудоемкость дисциплины")
    assert _texts_of(syllabus.prerequisites) == ["Общая и историческая геология", "Физика"]
    assert _texts_of(syllabus.postrequisites) == ["Инженерно-геологические изыскания"]
    assert syllabus.coverage["prerequisites"].how == "next_paragraph"


def test_inline_value_does_not_run_on_into_the_next_paragraphs():
    syllabus = _read("Пререквизиты: Физика", "Курс знакомит студентов с основами механики грунтов.")
    assert _texts_of(syllabus.prerequisites) == ["Физика"]


def test_no_field_at_all_is_not_stated():
    syllabus = _read("Цель курса", "Курс знакомит студентов с основами.")
    assert syllabus.prerequisites == []
    assert syllabus.coverage["prerequisites"].status == ReadStatus.absent


def _texts_of(items) -> list[str]:
    return [i.value for i in items]


# --- literature -----------------------------------------------------------------------------------

def test_lists_end_where_internet_resources_begin_and_the_heading_is_no_entry():
    syllabus = _read(
        "Список литературы", "Обязательная литература",
        "Габитов, Т.Х. Философия. Учебник / Т.Х. Габитов. - Алматы: Лантар Трейд, 2019.- 380с.",
        "Дополнительная литература",
        "Алтаев, Ж. Казахская философия. Учебник. - Алматы, 2015.",
        "Сегизбаев, О.А. Казахская философия. - Алматы, 1996.",
        "Интернет-ресурсы",
        "Научная электронная библиотека http://elibrary.ru/",
    )
    lit = syllabus.literature
    assert [len(lit.main), len(lit.additional)] == [1, 2]
    assert lit.main[0].year.value == 2019
    assert syllabus.coverage["literature"].status == ReadStatus.read


@pytest.mark.parametrize("main, additional", [
    ("Обязательная литература", "Дополнительная литература"),
    ("Қажетті әдебиет", "Қосымша әдебиет"),
    ("Basic literature", "Additional literature"),
    ("6.3.1. Основная литература", "6.3.2. Дополнительная литература"),
    ("Основная литература:", "Дополнительная литература:"),
])
def test_main_and_additional_headings_in_any_language(main, additional):
    syllabus = _read("Литература", main, "Иванов И.И. Геология. - М., 2020.", additional,
                     "Петров П.П. Физика. - М., 2019.", "Smith J. Geology. - London, 2018.")
    assert [len(syllabus.literature.main), len(syllabus.literature.additional)] == [1, 2]


def test_placeholders_are_not_entries():
    syllabus = _read("Әдебиеттер тізімі", "Қажетті әдебиет", "…..", "…..", "Қосымша әдебиет", "…..",
                     "Интернет ресурстар", "…..")
    assert syllabus.literature.main == [] and syllabus.literature.additional == []
    assert syllabus.coverage["literature"].status == ReadStatus.empty


def test_numbered_placeholders_are_not_entries():
    syllabus = _read("10. Список литературы", "Согласно карте обеспеченности (Приложение 2).",
                     "Основная литература:", "1. ____________________", "2. ____________________",
                     "Дополнительная литература:", "1. ____________________", "11. Глоссарий")
    assert syllabus.literature.main == [] and syllabus.literature.additional == []


def test_numbering_continued_across_lists_is_kept_as_written():
    syllabus = _read("Основная литература", "1. Новиков А.М. Методология. - М., 2013.",
                     "2. Greener S. Business research methods. - 2015.", "3. Герасимов Б.И. Основы. - 2013.",
                     "Дополнительная литература", "4. Yin R. Case Study Research. - 2014.",
                     "5. Орехов А.М. Методы. - 2009.", "6. Мильчакова Н.Н. Методы. - 2011.")
    assert [e.number.value for e in syllabus.literature.main] == [1, 2, 3]
    assert [e.number.value for e in syllabus.literature.additional] == [4, 5, 6]


def test_an_entry_a_line_break_cut_after_a_comma_is_one_entry():
    syllabus = _read("Обязательная литература",
                     ("«Изучаем Python: игры для программирования, визуализация данных», 2-е издание,", "List Paragraph"),
                     ("«Питер», 2017, Эрик Маттес.", "Body Text"),
                     ("«Изучаем алгоритмы», «Питер», 2017, Адитья Бхаргава.", "List Paragraph"))
    assert len(syllabus.literature.main) == 2
    assert syllabus.literature.main[0].year.value == 2017


def test_the_next_sections_heading_ends_the_list():
    syllabus = _read("Дополнительная литература",
                     ("Библиотека AlmaU: http://lib.almau.edu.kz/.", "List Paragraph"),
                     ("ООП в Python: https://younglinux.info/oopython/course.", "List Paragraph"),
                     ("Политика академической честности и использование ИИ (AI)", "List Paragraph"),
                     ("Университет утверждает следующие принципы академической честности AlmaU:", "Body Text"),
                     ("Академическая честность является ключевой ценностью Университета.", "List Paragraph"))
    assert len(syllabus.literature.additional) == 2


def test_a_heading_style_ends_the_list():
    syllabus = _read("Основная литература", "Иванов И.И. Геология. - М., 2020.",
                     ("Инклюзивное академическое сообщество", "Heading 1"), "Все студенты равны, 2020.")
    assert len(syllabus.literature.main) == 1


def test_lists_in_table_rows_with_number_cells_and_a_repeated_page_header():
    syllabus = _read([
        ["6.3. РЕКОМЕНДУЕМАЯ ЛИТЕРАТУРА", "<", "<"],
        ["6.3.1. Основная литература", "<", "<"],
        ["1.", "", "Литош Н. Л. Адаптивная физическая культура. - М., 2016."],
        ["УП: 09.03.02_ТРПО_ИКБ_2023.plx", "", "стр. 12"],
        ["2.", "", "Пягай Л. П. Методические основы. - Омск, 2019."],
        ["", "", ""],
        ["6.3.2. Дополнительная литература", "<", "<"],
        ["1.", "", "Мартиросова Т. А. Изучение дисциплины. - М., 2019."],
        ["6.5. МЕТОДИЧЕСКИЕ УКАЗАНИЯ ДЛЯ ОБУЧАЮЩИХСЯ", "<", "<"],
        ["Самостоятельная работа студента направлена на подготовку к занятиям.", "<", "<"],
    ])
    lit = syllabus.literature
    assert [e.number.value for e in lit.main] == [1, 2] and len(lit.additional) == 1


def test_a_heading_cell_with_its_numbered_list_beside_it():
    syllabus = _read([
        ["Электронные ресурсы", "1. https://uc1.1c.ru/\n2. https://its.1c.ru/"],
        ["Учебники", "1. В. Масленников 1С: Предприятие 8.2.\nПрактическое пособие. – СПб., 2016. –\n384 с.\n"
                     "2. Радченко М. Г. 1C: Предприятие 8.2. – М., 2019. –\n874 с."],
        ["Лабораторные физические ресурсы", "Компьютер"],
    ])
    assert [e.year.value for e in syllabus.literature.main] == [2016, 2019]


def test_a_tables_header_row_naming_literature_is_no_list():
    syllabus = _read([["Литература", "№ п/п", "Автор, заглавие, вид издания"], ["Основная", "1.", ""]])
    assert syllabus.literature.main == []


def test_a_later_programmes_lists_are_not_added():
    first = ["Основная литература", "Иванов И.И. Геология. - М., 2020.", "Дополнительная литература",
             "Петров П.П. Физика. - М., 2019.", "7. ЛОГИСТИКА ДИСЦИПЛИНЫ"]
    second = ["Основная литература", "Сидоров С.С. Химия. - М., 2018.", "Дополнительная литература",
              "Кузнецов К.К. Биология. - М., 2017."]
    syllabus = _read(*first, *second)
    assert _texts(syllabus.literature.main) == ["Иванов И.И. Геология. - М., 2020."]
    assert len(syllabus.literature.additional) == 1


def test_docx_lists_through_the_reader(tmp_path):
    document = new_document()
    document.add_paragraph("Список литературы", style="Heading 1")
    document.add_paragraph("Обязательная литература", style="Heading 2")
    document.add_paragraph("Иванов И.И. Геология. - М., 2020.", style="List Paragraph")
    document.add_paragraph("Интернет ресурсы")
    document.add_paragraph("Библиотека http://lib.almau.edu.kz/", style="List Paragraph")
    document.add_paragraph("Политика курса", style="Heading 1")
    syllabus = interpret(read_docx(save(document, tmp_path / "lit.docx")))
    assert _texts(syllabus.literature.main) == ["Иванов И.И. Геология. - М., 2020."]
    assert syllabus.literature.additional == []


def test_a_label_a_few_words_longer_than_the_vocabulary():
    syllabus = _read([["Пререквизиты курса:", "Физика"], ["Постреквизиты курса:", "нет"]])
    assert _texts_of(syllabus.prerequisites) == ["Физика"]
    assert syllabus.coverage["postrequisites"].how == "stated_none"


def test_a_literature_tables_header_row_is_skipped_not_the_end_of_the_list():
    syllabus = _read("Основная литература", [
        ["№", "Автор, название", "Год издания", "Кол-во экз."],
        ["1", "Иванов И.И. Геология", "2020", "15"],
        ["2", "Петров П.П. Физика", "2019", "10"],
    ], "Политика курса")
    assert [e.year.value for e in syllabus.literature.main] == [2020, 2019]


def test_headings_and_their_lists_inside_one_cell():
    syllabus = _read([["Literature", "Basic literature:\n1. Cormen T. Introduction to Algorithms. - MIT Press, 2009.\n"
                                     "2. https://docs.python.org/3/\nAdditional literature:\n"
                                     "1. Knuth D. The Art of Computer Programming. -\nAddison-Wesley, 1997.\n"
                                     "Internet resources:\n1. https://stepik.org"]])
    lit = syllabus.literature
    assert [len(lit.main), len(lit.additional)] == [2, 1]
    assert lit.additional[0].year.value == 1997


def test_a_paragraph_with_line_breaks_holding_a_heading_and_its_list():
    syllabus = _read("Основная литература:\n1. Иванов И.И. Геология. - М., 2020.\n2. Петров П.П. Физика. - М., 2019.")
    assert [e.number.value for e in syllabus.literature.main] == [1, 2]


def test_a_plain_entry_followed_by_more_entries_does_not_end_the_list():
    syllabus = _read("Basic literature", "Clean Code by Robert Martin", "Fowler M. Refactoring. - Addison-Wesley, 2018.",
                     "Course policy", "Students must attend all classes and submit their work on time.")
    assert _texts(syllabus.literature.main) == ["Clean Code by Robert Martin", "Fowler M. Refactoring. - Addison-Wesley, 2018."]


@pytest.mark.parametrize("value", ["не требуются", "Нет пререквизитов", "None required", "Пререквизиттер жоқ"])
def test_none_stated_in_more_words(value):
    syllabus = _read([["Пререквизиты", value]])
    assert syllabus.prerequisites == [] and syllabus.coverage["prerequisites"].how == "stated_none"


def test_short_sub_headings_inside_a_literature_section():
    syllabus = _read("Литература:", "Основная:", "1. Иванов И.И. Геология. - М., 2020.", "2. Петров П.П. Физика. - М., 2019.",
                     "Дополнительная:", "1. Сидоров С.С. Химия. - М., 2018.", "Основная цель курса — научить студентов.")
    lit = syllabus.literature
    assert [len(lit.main), len(lit.additional)] == [2, 1]


def test_short_sub_headings_outside_literature_are_nothing():
    syllabus = _read("Цель курса", "Основная:", "Научить студентов основам геологии, 2020.")
    assert syllabus.literature.main == []


def test_bracketed_entry_numbers():
    syllabus = _read("Basic literature", "[1] Cormen T. Introduction to Algorithms. MIT Press, 2009.",
                     "[2] Knuth D. The Art of Computer Programming, 1997.")
    assert [e.number.value for e in syllabus.literature.main] == [1, 2]
    assert syllabus.literature.main[0].text.value.startswith("Cormen")
