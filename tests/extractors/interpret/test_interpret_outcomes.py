"""The learning outcomes reader (issue 16): codes and statements declared in running text or in
a table, codes cited by the plan, the assessment and the exam questions, found by what the text
says; look-alike letters folded; what is not understood recorded as coverage, never guessed."""

from __future__ import annotations

from extractors.interpret import interpret
from extractors.interpret.outcomes import codes_in, declaration, fold_code, only_codes
from extractors.model import CitationContext, OutcomeScope, ReadStatus
from extractors.vocabulary import default_vocabulary
from tests.raw_builders import raw_document

V = default_vocabulary()

PLAN_HEADER = ["Неделя", "Тема / модуль", "Задания", "Результат обучения", "Литература"]
ASSESSMENT = [
    ["Рейтинг", "Вид работы", "Максимальный балл", "Результат обучения"],
    ["Рубежный контроль 1", "Эссе", "40", "РО1"],
    ["Рубежный контроль 2", "Проект", "60", "РО 2"],
]


def declared(s):
    return [(o.code.value, o.key, o.scope.value, o.text.value if o.text else None) for o in s.outcomes.declared]


def cited(s, context):
    return [c.code.value for c in s.outcomes.cited if c.context == context]


def test_code_spellings_and_look_alikes():
    texts = ["РО1", "РО 2", "РО-3", "LO4.", "ПН 5", "PO6"]  # PO6 typed in Latin letters
    got = [codes_in(V, t)[0] for t in texts]
    assert [m.group("number") for m in got] == ["1", "2", "3", "4", "5", "6"]
    assert fold_code("PO6") == fold_code("РО6") and fold_code("ON5") == fold_code("ОН5")
    assert codes_in(V, "ПРО1")[0].group("prefix") == "ПРО"  # not РО1 inside ПРО1
    assert not codes_in(V, "он 1 раз"), "lower case is a word, not a code"
    assert not codes_in(V, "ПРОЕКТ1") and not codes_in(V, "РО123")


def test_declaration_or_citation_by_content():
    assert declaration(V, "РО1: анализировать философские идеи")[1] == "анализировать философские идеи"
    assert declaration(V, "• ОР 2 – Проектирование программ")[1] == "Проектирование программ"
    assert declaration(V, "ОН 3. …;") [1] == ""  # a template's blank statement
    assert declaration(V, "РО1, РО2") is None and only_codes(V, "РО1, РО2\nРО3")
    assert declaration(V, "Тема 1 (РО1)") is None


def test_paragraph_outcomes_and_plan_citations():
    doc = raw_document(
        "Ожидаемые результаты:",
        "РО1: анализировать философские идеи разных эпох",
        "РО2: разрабатывать оригинальную философскую систему",
        "Методы обучения: лекции",
        [PLAN_HEADER,
         ["1", "Введение", "СРС 1", "РО1", "[1]"],
         ["2", "Античность", "", "РО1, РО4", "[2]"]],
    )
    s = interpret(doc)
    assert declared(s) == [("РО1", "РО1", "course", "анализировать философские идеи разных эпох"),
                           ("РО2", "РО2", "course", "разрабатывать оригинальную философскую систему")]
    assert cited(s, CitationContext.plan) == ["РО1", "РО1", "РО4"]
    four = next(c for c in s.outcomes.cited if c.code.value == "РО4")
    assert (four.code.source.table, four.code.source.row, four.code.source.column) == (0, 2, 3)
    assert s.coverage["learning_outcomes"].status == ReadStatus.read
    assert s.coverage["outcome_map"].status == ReadStatus.read


def test_outcomes_table_code_cell_statement_cell_and_scope_from_the_header():
    doc = raw_document(
        "4. Результаты обучения (РО) дисциплины",
        [["№", "Код РО", "Формулировка результата обучения дисциплины", "Оценивание / инструменты"],
         ["1", "РО1", "Оценивать инженерно-геологические условия", "тест"],
         ["2", "РО2", "", ""]],
        [["Результаты обучения курса (РО курса)", "Результаты обучения образовательной программы (РО ОП)"],
         ["Знания\nРО 3. Определять основные понятия\nисследования", "ON5 описывать методы исследования"]],
    )
    s = interpret(doc)
    assert declared(s) == [
        ("РО1", "РО1", "course", "Оценивать инженерно-геологические условия"),
        ("РО2", "РО2", "course", None),  # the statement cell is blank
        ("РО3", "РО3", "course", "Определять основные понятия исследования"),  # runs on over the next line
        ("ON5", "ОН5", "programme", "описывать методы исследования"),
    ]
    # the outcome's own assessment cell, filled for РО1 only
    assert cited(s, CitationContext.assessment) == ["РО1"]


def test_assessment_and_exam_citations():
    doc = raw_document(
        "Результаты обучения",
        "LO1. Apply geophysical methods",
        "LO2. Interpret field data",
        ASSESSMENT,
        "Вопросы к экзамену",
        "1. Методы разведки (РО2)",
        "2. Интерпретация данных (LO2)",
    )
    s = interpret(doc)
    assert cited(s, CitationContext.assessment) == ["РО1", "РО2"]
    assert cited(s, CitationContext.exam) == ["РО2", "LO2"]


def test_an_outcome_column_not_understood_is_not_read_and_a_blank_one_is_empty():
    filled = raw_document("РО1: анализировать данные",
                          [PLAN_HEADER, ["1", "Введение", "", "первый", "[1]"]])
    blank = raw_document("РО1: анализировать данные",
                         [PLAN_HEADER, ["1", "Введение", "", "", "[1]"]])
    assert interpret(filled).coverage["outcome_map"].status == ReadStatus.not_read
    assert interpret(blank).coverage["outcome_map"].status == ReadStatus.empty


def test_no_outcomes_no_map():
    s = interpret(raw_document("Пререквизиты: Физика", [PLAN_HEADER, ["1", "Введение", "", "", "[1]"]]))
    assert s.outcomes.declared == [] and s.outcomes.cited == []
    assert s.coverage["outcome_map"].status in (ReadStatus.absent, ReadStatus.empty)
    assert OutcomeScope.course.value == "course"


def test_a_defective_docx_shows_each_outcome_finding(tmp_path):
    """End to end: a DOCX whose outcomes skip РО3, leave ПН1 blank, state РО2 without a measurable
    verb, whose plan cites an undeclared РО5 and leaves РО4 out, and whose assessment leaves РО4
    unassessed."""
    from checks.policy import load_policy
    from checks.registry import load_rules
    from checks.runner import audit
    from extractors.api import extract_file
    from tests.docx_builders import new_document, save

    doc = new_document()
    doc.add_paragraph("Ожидаемые результаты:")
    doc.add_paragraph("РО1: анализировать геологические карты")
    doc.add_paragraph("РО2: понимать основы геологии")
    doc.add_paragraph("РО4: оценивать запасы месторождений")
    doc.add_paragraph("ПН1: …")
    doc.add_paragraph("Тематический план")
    plan = [PLAN_HEADER, ["1", "Введение", "СРС 1", "РО1", "[1]"], ["2", "Карты", "", "РО2, РО5", "[2]"]]
    for rows in (plan, ASSESSMENT):
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        doc.add_paragraph("")
    path = save(doc, tmp_path / "outcomes.docx")

    syllabus = extract_file(path)
    registry = load_rules()
    rules = [registry[c]() for c in ("LRN001", "LRN002", "LRN003", "LRN004", "LRN005", "LRN006")]
    result = audit([syllabus], policy=load_policy(), rules=rules)
    assert not result.failures
    got = sorted((f.rule, f.evidence.location) for f in result.findings)
    assert got == [
        ("LRN001", "outcomes/РО3"),
        ("LRN002", "outcomes/ПН1"),
        ("LRN003", "plan/outcomes/РО5"),
        ("LRN004", "plan/outcomes/ПН1"),  # the blank skill is in neither plan nor assessment either
        ("LRN004", "plan/outcomes/РО4"),
        ("LRN005", "assessment/outcomes/ПН1"),
        ("LRN005", "assessment/outcomes/РО4"),
        ("LRN006", "outcomes/РО2/statement"),
    ]
    undeclared = next(f for f in result.findings if f.rule == "LRN003")
    assert (undeclared.evidence.table, undeclared.evidence.row, undeclared.evidence.column) == (0, 2, 3)
    assert undeclared.evidence.actual == "РО5" and "РО5" in undeclared.message.ru
