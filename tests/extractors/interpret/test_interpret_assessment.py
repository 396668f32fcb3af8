"""The assessment reader, one small generated layout per pattern it knows.

Tables are written as lists of rows; a cell '<' is covered by the cell to its left (a horizontal
merge), '^' by the cell above (a vertical merge). Formulas written as Word equations go through
the DOCX reader (python-docx with an m:oMath fragment) so the linear text they arrive as is tested.
"""

from __future__ import annotations

import pytest

from extractors.docx_reader import read_docx
from extractors.interpret import interpret
from extractors.interpret.assessment import assessment_labels_seen
from extractors.model import AssessmentScheme, PeriodKind
from extractors.vocabulary import default_vocabulary
from tests.docx_builders import append_body_xml, new_document, run, save
from tests.raw_builders import raw_document, raw_table

_table, _doc = raw_table, raw_document


def _sums(assessment) -> list[float]:
    return [sum(i.max_points.value for i in p.items if i.max_points) for p in assessment.periods if p.kind != PeriodKind.exam]


def _exam(assessment):
    return next(p for p in assessment.periods if p.kind == PeriodKind.exam)


# --- course points: a rating row is the last item of its period ---------------------------------

COURSE_POINTS = [
    ["Тема / модуль", "Максимальный процент (%)", "Максимальный вес (%)", "Итого в баллах"],
    ["Введение", "100%", "5%", "5"],
    ["Информация", "100%", "5%", "5"],
    ["Методы исследования", "100%", "10%", "10"],
    ["Рубежный контроль 1", "100%", "10%", "10"],
    ["Технология проекта", "100%", "5%", "5"],
    ["Методы анализа", "100%", "5%", "5"],
    ["Презентация", "100%", "10%", "10"],
    ["Рубежный контроль 2", "100%", "10%", "10"],
    ["Промежуточная аттестация", "100%", "40%", "40"],
    ["Всего за курс", "<", "<", "100"],
]


def test_course_points_table_where_rating_rows_close_their_period():
    a = interpret(_doc("Система оценивания курса", COURSE_POINTS)).assessment
    assert a.scheme == AssessmentScheme.course_points_100
    assert _sums(a) == [30, 30]
    assert [p.name.value for p in a.periods] == ["Рубежный контроль 1", "Рубежный контроль 2", "Промежуточная аттестация"]
    assert _exam(a).items[0].max_points.value == 40
    assert a.course_total.value == 100 and a.unit == "points"
    assert a.formula is None  # a points table is not a weights table


def test_kazakh_course_points_table_with_placeholder_items():
    rows = [
        ["Тақырып / модуль", "Максималды пайыз (%)", "Максималды салмақ (%)", "Барлығы баллмен"],
        ["…..", "100%", "5%", "5"], ["…..", "100%", "5%", "5"], ["…..", "100%", "10%", "10"],
        ["Аралық бақылау 1", "100%", "10%", "10"],
        ["…..", "100%", "5%", "5"], ["…..", "100%", "5%", "5"], ["…..", "100%", "10%", "10"],
        ["Аралық бақылау 2", "100%", "10%", "10"],
        ["Қорытынды емтихан", "100%", "40%", "40"],
        ["Курс бойынша жалпы:", "<", "<", "100"],
    ]
    a = interpret(_doc("Курсты бағалау жүйесі", rows)).assessment
    assert a.scheme == AssessmentScheme.course_points_100
    assert _sums(a) == [30, 30] and a.course_total.value == 100


def test_points_table_split_in_two_with_module_heading_rows():
    first = [
        ["Тема / модуль", "Максимальный процент (%)", "Максимальный вес (%)", "Итого в баллах"],
        ["ООП в Python", "<", "<", "<"],
        ["СРС 1", "100%", "15%", "4.5"], ["СРС 2", "100%", "15%", "4.5"],
        ["СРС 3", "100%", "15%", "4.5"], ["СРС 4", "100%", "15%", "4.5"],
        ["Тест 1", "100%", "20%", "6"], ["Рубежный контроль 1 (Тест 2)", "100%", "20%", "6"],
    ]
    second = [
        ["Алгоритмы и структуры данных", "<", "<", "<"],
        ["СРС 5", "100%", "15%", "4.5"], ["СРС 6", "100%", "15%", "4.5"],
        ["СРС 7", "100%", "15%", "4.5"], ["СРС 8", "100%", "15%", "4.5"],
        ["Тест 3", "100%", "20%", "6"], ["Рубежный контроль 2 (Тест 4)", "100%", "20%", "6"],
        ["Экзамен", "100%", "100%", "40"],
        ["Всего за курс", "<", "<", "100"],
    ]
    a = interpret(_doc("Система оценивания курса", first, second)).assessment
    assert _sums(a) == [30, 30]
    assert [len(p.items) for p in a.periods] == [6, 6, 1]
    assert a.course_total.value == 100 and a.scheme == AssessmentScheme.course_points_100


# --- modules: a module row states its total ----------------------------------------------------

MODULES = [
    ["", "Название контроля", "", "", "Баллы", ""],
    ["", "ТК 1", "", "", "10", ""], ["", "ТК 2", "", "", "10", ""],
    ["", "СРСП + СРС 1", "", "", "10", ""], ["", "РК 1", "", "", "20", ""],
    ["", "1 модуль (М1)", "", "", "50", ""],
    ["", "ТК 3", "", "", "10", ""], ["", "ТК 4", "", "", "10", ""],
    ["", "СРСП + СРС 2", "", "", "10", ""], ["", "РК 2", "", "", "20", ""],
    ["", "2 модуль (М2)", "", "", "50", ""],
    ["", "Экзамен (100 б.)", "", "100", "<", "<"],  # merged from the column left of 'Баллы'
    ["", "ИЭ=(М1+М2+Э)/2", "", "", "<", "<"],
]


def test_module_table_with_an_averaging_formula_in_a_cell():
    a = interpret(_doc("Баллы за курс состоят из (100 баллов):", MODULES)).assessment
    assert a.scheme == AssessmentScheme.modules
    assert _sums(a) == [50, 50]
    assert [p.stated_total.value for p in a.periods[:2]] == ["50", "50"]
    assert _exam(a).items[0].max_points.value == 100
    assert a.course_total.value == 100
    assert (a.formula.current_weight.value, a.formula.exam_weight.value) == (0.5, 0.5)
    assert a.formula.text.source.table == 0  # read from the table cell


def test_averaging_formula_gives_no_weights_when_a_maximum_conflicts():
    rows = [list(r) for r in MODULES]
    rows[5] = ["", "1 модуль (М1) (25 балл)", "", "", "50", ""]  # the module's maximum stated twice: 25 and 50
    a = interpret(_doc("Баллы за курс состоят из (100 баллов):", rows)).assessment
    assert a.periods[0].stated_max.value == 25
    assert a.formula is None or a.formula.current_weight is None


def test_transposed_points_row_under_item_columns():
    rows = [
        ["Дисциплина", "Кредит", "Ауд. часы", "СРС", "1 модуль (25 балл)", "<", "<", "<", "<"],
        ["", "", "40%", "60%", "Ауд. часы", "<", "СРС/ СРСП", "РК (r)", "ИК (E)"],
        ["^", "^", "^", "^", "лек.", "пр.", "^", "^", "^"],
        ["Дискретная математика", "3", "36", "51", "14", "22", "30/9", "", ""],
        ["Карта накопления баллов", "<", "<", "<", "10", "8", "16", "16 50", "<"],
        ["Итоговая оценка", "<", "<", "<", "I = Rдоп. + Е", "<", "<", "<", "100"],
    ]
    a = interpret(_doc("Технологическая карта дисциплины", rows)).assessment
    assert a.scheme == AssessmentScheme.modules
    module = a.periods[0]
    assert [i.title.value for i in module.items] == ["лек.", "пр.", "СРС/ СРСП", "РК (r)"]
    assert _sums(a) == [50] and module.stated_max.value == 25
    assert _exam(a).items[0].max_points.value == 50
    assert a.course_total.value == 100
    assert a.formula is None  # 'I = Rдоп. + Е': Rдоп. is no stated period


# --- a plan's weights column -------------------------------------------------------------------

def test_plan_structure_column_of_weekly_percentages():
    rows = [
        ["Неделя", "Тема / модуль", "Задания", "Литература", "Структура оценок"],
        ["1-2", "Культура мышления", "Эссе", "[1]", "(3%) логичность;\n3%) аргументация"],
        ["3-4", "Онтология", "Дуэль", "[2]", "(3%) аргументация\n3%) структура"],
        ["5-6", "Человек", "Презентация", "[1]", "(5%) представление работы"],
        ["7", "Культура", "Эссе", "[3]", "(3%)\nоригинальность"],
        ["8", "Рубежный контроль 1", "Проект", "", "(10%) Логичность"],
        ["9-10", "Техника", "Дискуссия", "[2]", "(5%) аргументация"],
        ["11-12", "История", "Эссе", "[4]", "(5%)\nясность"],
        ["13-14", "Современность", "Исследование", "[1]", "(5%) аргументация"],
        ["15", "Рубежный контроль 2", "Проект", "", "(10%)\nкомандная работа"],
        ["16", "Промежуточная аттестация", "Экзамен", "", "(40%). Проблема по теме"],
    ]
    a = interpret(_doc("Тематический план по неделям", rows)).assessment
    assert a.unit == "percent"
    assert a.scheme == AssessmentScheme.course_points_100
    assert _sums(a) == [30, 25]
    assert _exam(a).items[0].max_points.value == 40
    assert a.course_total is None  # not stated; ASM007 adds the items up (95 %)


# --- weights only ------------------------------------------------------------------------------

WEIGHTS = [
    ["Компонент оценивания", "Удельный вес, %", "Срок сдачи задания"],
    ["Текущий контроль успеваемости", "60", "Согласно тематическому плану"],
    ["Промежуточная аттестация (экзамен)", "40", "В период экзаменационной сессии"],
]


def test_weights_only_table_gives_the_weights_and_scheme_other():
    a = interpret(_doc("9.1. Структура оценивания", WEIGHTS)).assessment
    assert a.scheme == AssessmentScheme.other and not a.periods
    assert (a.formula.current_weight.value, a.formula.exam_weight.value) == (0.6, 0.4)


def test_formula_in_a_cell_with_an_exam_symbol_the_document_defines():
    rows = [list(r) for r in WEIGHTS] + [[
        "Оценка рейтинга допуска (ОРД) составляет 60% итоговой оценки. Оценка промежуточной аттестации "
        "(ОПА) составляет 40% итоговой оценки.\nИО = ОРД × 0,6 + ОПА × 0,4\nДля резидентуры:\n"
        "ОРД = Ртк*0,8 + Р360*0,2", "<", "<"]]
    a = interpret(_doc(rows)).assessment
    assert a.formula.text.value == "ИО = ОРД × 0,6 + ОПА × 0,4"
    assert (a.formula.current_weight.value, a.formula.exam_weight.value) == (0.6, 0.4)


@pytest.mark.parametrize("line, current, exam", [
    ("Итоговая оценка = Рейтинг × 0,6 + Э × 0,4", 0.6, 0.4),  # weight after the symbol
    ("И = 0,6·(P1 + P2)/2 + 0,4·Э (1)", 0.6, 0.4),  # the seed's form, equation number after it
    ("Final = 0.6·(M1 + M2)/2 + 0.4·E", 0.6, 0.4),
    ("ИО = 70% РД + 30% Э", 0.7, 0.3),
])
def test_weighted_formula_lines(line, current, exam):
    f = interpret(_doc("Политика оценивания", line)).assessment.formula
    assert (f.current_weight.value, f.exam_weight.value) == (current, exam)


def test_a_formula_with_no_exam_term_is_not_the_final_grade():
    doc = _doc("Итоговая оценка = (Общая оценка команды Х 0.7) + (Индивидуальная оценка Х 0.3)",
               "Рейтинг = (Рк1 + Рк2)/2", "Итоговая оценка = Рейтинг × 0,6 + Э × 0,4")
    f = interpret(doc).assessment.formula
    assert f.text.value == "Итоговая оценка = Рейтинг × 0,6 + Э × 0,4"


def test_pass_fail_control_is_scheme_other():
    rows = [["Семестр", "Всего", "Практические", "Самостоятельная работа", "Формы промежуточной аттестации"],
            ["1", "72", "32", "31", "Зачет"]]
    a = interpret(_doc(rows)).assessment
    assert a.scheme == AssessmentScheme.other and a.formula is None


# --- the seed's period table -------------------------------------------------------------------

def test_period_table_of_the_seed_template_is_periods_of_100():
    rows = [
        ["Кезең", "Тапсырма түрі", "Балл саны (max)", "Жиыны"],
        ["1-й аралық бақылау", "1 практикалық жұмыс", "40", "0-100"],
        ["^", "2 практикалық жұмыс", "40", "^"],
        ["^", "Бақылау тест 1", "20", "^"],
        ["2-й аралық бақылау", "3 практикалық жұмыс", "80", "0-100"],
        ["^", "Бақылау тесті 2", "20", "^"],
        ["Қорытынды бақылау", "Емтихан билет түрінде", "", "0-100"],
    ]
    a = interpret(_doc("3 БІЛІМ АЛУШЫНЫҢ БІЛІМІН БАҒАЛАУ", rows, "И = 0,6·(P1 + P2)/2 + 0,4·Э (1)")).assessment
    assert a.scheme == AssessmentScheme.periods_of_100
    assert _sums(a) == [100, 100] and a.course_total is None
    assert [i.practical_number for i in a.periods[0].items] == [1, 2, None]


# --- the letter scale --------------------------------------------------------------------------

def test_scale_rows_with_glossed_letters_a_gap_and_pass_fail_rows():
    rows = [["Оценка по буквенной системе", "Цифровой эквивалент", "Баллы (процентное содержание)", "Оценка по традиционной системе"]]
    rows += [[letter, points, rng, ""] for letter, points, rng in [
        ("А\n(excellent)", "4,0", "95–100"), ("А-", "3,67", "90–94"), ("В+", "3,33", "85–89"), ("В", "3,0", "80–84"),
        ("В-", "2,67", "75–79"), ("С+", "2,33", "70–74"), ("C", "2,0", "65–69"), ("С-", "1,67", "60–64"),
        ("D+", "1,33", "55–59"), ("D", "1,0", "50–54"), ("FX", "0", ""), ("F\n(fail)", "0", "0–24"),
        ("Р\n(pass)", "", ""), ("NP\n(non-pass)", "", "")]]
    scale = interpret(_doc("Таблица 1. Балльно-рейтинговая буквенная система", rows)).assessment.scale
    assert [r.letter.value for r in scale] == ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "FX", "F"]
    fx = scale[10]
    assert fx.low is None and fx.high is None and fx.points.value == 0
    assert (scale[0].low.value, scale[0].high.value) == (95, 100)


# --- Word equations ------------------------------------------------------------------------------

def _equation_docx(tmp_path, *paragraphs: str):
    doc = new_document()
    for xml in paragraphs:
        append_body_xml(doc, xml)
    return read_docx(save(doc, tmp_path / "eq.docx"))


def test_formula_written_as_a_word_equation(tmp_path):
    raw = _equation_docx(
        tmp_path,
        "<w:p>" + run("Политика оценивания") + "</w:p>",
        "<w:p><m:oMath><m:r><m:t>Итоговая оценка=Рейтинг×0,6+Э×0,4</m:t></m:r></m:oMath></w:p>",
    )
    f = interpret(raw).assessment.formula
    assert (f.current_weight.value, f.exam_weight.value) == (0.6, 0.4)


def test_averaging_formula_written_as_a_word_fraction(tmp_path):
    raw = _equation_docx(
        tmp_path,
        "<w:p>" + run("Баллы за курс состоят из (100 баллов):") + "</w:p>",
        "<w:p><m:oMath><m:r><m:t>ИЭ=</m:t></m:r><m:f><m:num><m:d><m:e><m:r><m:t>М1+М2+Э</m:t></m:r></m:e></m:d>"
        "</m:num><m:den><m:r><m:t>2</m:t></m:r></m:den></m:f></m:oMath></w:p>",
    )
    table = _table(0, [r for r in MODULES if "=" not in r[1]])
    raw.blocks.insert(1, table)
    f = interpret(raw).assessment.formula
    assert (f.current_weight.value, f.exam_weight.value) == (0.5, 0.5)


# --- labels seen, content not understood ---------------------------------------------------------

def test_labels_seen_name_where_each_part_stands():
    vocab = default_vocabulary()
    raw = _doc("Система оценивания курса", "Подробности в Академической политике.",
               "Формула расчета итоговой оценки", "Шкала оценки: см. Академическую политику")
    seen = assessment_labels_seen(vocab, raw)
    assert seen["assessment"].paragraph == 0
    assert seen["formula"].paragraph == 2
    assert seen["scale"].paragraph == 3
    a = interpret(raw).assessment
    assert not a.periods and a.formula is None and not a.scale  # seen, not read


def test_no_assessment_label_anywhere():
    raw = _doc("Цель курса", "Краткое содержание курса.")
    assert assessment_labels_seen(default_vocabulary(), raw) == {}


# --- more layouts of unseen templates -----------------------------------------------------------

def test_english_weights_where_the_midterm_closes_the_first_half():
    rows = [["Assessment", "Weight, %"], ["Quizzes", "10"], ["Homework", "10"], ["Midterm exam", "30"],
            ["Project", "10"], ["Final exam", "40"]]
    a = interpret(_doc("Assessment", rows)).assessment
    assert a.unit == "percent" and a.scheme == AssessmentScheme.course_points_100
    assert _sums(a) == [50, 10] and _exam(a).items[0].max_points.value == 40


def test_rating_headings_with_subtotals_are_periods_of_100():
    rows = [
        ["Бақылау түрі", "Балл"],
        ["Рейтинг 1", "<"],
        ["Практикалық жұмыс 1", "30"], ["Практикалық жұмыс 2", "30"], ["Аралық бақылау 1", "40"], ["Барлығы", "100"],
        ["Рейтинг 2", "<"],
        ["Практикалық жұмыс 3", "30"], ["Практикалық жұмыс 4", "30"], ["Аралық бақылау 2", "40"], ["Барлығы", "100"],
        ["Емтихан", "100"],
    ]
    a = interpret(_doc("Білім алушының білімін бағалау", rows)).assessment
    assert _sums(a) == [100, 100]
    assert [p.stated_total.value for p in a.periods[:2]] == ["100", "100"]
    assert [p.name.value for p in a.periods[:2]] == ["Рейтинг 1", "Рейтинг 2"]
    assert a.scheme == AssessmentScheme.periods_of_100 and a.course_total is None


def test_plan_weights_continue_across_a_page_number():
    head = [
        ["Неделя", "Тема / модуль", "Литература", "Структура оценок"],
        ["1-4", "Введение", "[1]", "(10%) эссе\n10%) дуэль"],
    ]
    rest = [
        ["8", "Рубежный контроль 1", "", "(10%) проект"],
        ["9-14", "История", "[2]", "(20%) эссе"],
        ["15", "Рубежный контроль 2", "", "(10%) проект"],
        ["16", "Промежуточная аттестация", "", "(40%) экзамен"],
    ]
    a = interpret(_doc("Тематический план по неделям", head, "2", rest)).assessment  # '2': the page number
    assert _sums(a) == [30, 30] and _exam(a).items[0].max_points.value == 40


def test_current_control_rows_among_rating_rows_are_items():
    rows = [["Вид контроля", "Баллы"], ["Текущий контроль 1", "10"], ["Рубежный контроль 1", "20"],
            ["Текущий контроль 2", "10"], ["Рубежный контроль 2", "20"], ["Экзамен", "40"], ["Итого", "100"]]
    a = interpret(_doc("Оценивание", rows)).assessment
    assert _sums(a) == [30, 30] and a.course_total.value == 100  # the last 'Итого' is the course's
    assert a.scheme == AssessmentScheme.course_points_100


def test_kazakh_weights_only_table():
    rows = [["Бақылау түрі", "Үлес салмағы, %"], ["Ағымдағы бақылау", "60"], ["Қорытынды емтихан", "40"]]
    a = interpret(_doc("Білім алушының білімін бағалау", rows)).assessment
    assert not a.periods and a.scheme == AssessmentScheme.other
    assert (a.formula.current_weight.value, a.formula.exam_weight.value) == (0.6, 0.4)


@pytest.mark.parametrize("line, weights", [
    ("ИО = 0,6·ОРД + 0,4·ОИА", (0.6, 0.4)),  # an exam symbol the document never defines, beside a current one
    ("ҚБ = 0,6 × АБ + 0,4 × ҚА", (0.6, 0.4)),
    ("ОРД = Ртк*0,8 + Р360*0,2", None),  # two current terms: not the final grade
])
def test_the_term_beside_the_current_one_is_the_exam(line, weights):
    f = interpret(_doc("Политика оценивания", line)).assessment.formula
    assert (f and (f.current_weight.value, f.exam_weight.value)) == weights or (f is None and weights is None)


def test_scale_written_as_lines_of_text():
    lines = ["Шкала оценки:", "A (95-100) 4,0 отлично", "A- (90-94) 3,67", "B+ (85-89) 3,33", "B (80-84) 3,0",
             "B- (75-79) 2,67", "C+ (70-74) 2,33", "C (65-69) 2,0", "C- (60-64) 1,67", "D+ (55-59) 1,33",
             "D (50-54) 1,0", "FX (25-49) 0,5", "F (0-24) 0", "Академическая честность"]
    scale = interpret(_doc(*lines)).assessment.scale
    assert len(scale) == 12 and scale[0].letter.value == "A" and scale[-1].letter.value == "F"
    assert (scale[10].low.value, scale[10].high.value, scale[10].points.value) == (25, 49, 0.5)
    assert scale[1].letter.source.paragraph == 2


def test_week_column_is_not_the_item_names():
    rows = [["Апта", "Тапсырма", "Балл"], ["1-2", "Эссе", "10"], ["3-7", "Жоба", "10"], ["8", "Аралық бақылау 1", "10"],
            ["9-14", "Кейс", "20"], ["15", "Аралық бақылау 2", "10"], ["16-17", "Қорытынды емтихан", "40"]]
    a = interpret(_doc("Курсты бағалау жүйесі", rows)).assessment
    assert _sums(a) == [30, 30] and a.periods[0].items[0].title.value == "Эссе"
