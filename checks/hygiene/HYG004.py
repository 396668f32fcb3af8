from __future__ import annotations

from checks.finding import Kind, Severity
from checks.norms import QMS_SYLLABUS, cite
from checks.registry import M, Rule

SECTION_NAMES = {
    "prerequisites": ("Пререквизиттер", "Пререквизиты", "Prerequisites"),
    "postrequisites": ("Постреквизиттер", "Постреквизиты", "Postrequisites"),
    "hours": ("Пәннің еңбек сыйымдылығы", "Трудоёмкость дисциплины", "Workload"),
    "plan": ("Тақырыптық жоспар", "Тематический план", "Thematic plan"),
    "assessment": ("Білім алушының білімін бағалау", "Оценка знаний обучающихся", "Assessment"),
    "literature": ("Ұсынылатын әдебиеттер тізімі", "Список рекомендуемой литературы", "Literature"),
    "approval": ("Бекітемін", "Утверждаю", "Approved"),
    "outcomes": ("Оқыту нәтижелері", "Результаты обучения", "Learning outcomes"),
    "policy": ("Пән саясаты", "Политика дисциплины", "Course policy"),
    "independent_work": ("Өздік жұмыс тапсырмалары", "Задания на СРО", "Independent work"),
}


class HYG004(Rule):
    """The sections the institution requires are present.

    Policy ``document.required_sections`` lists the parts every syllabus must have
    (prerequisites, postrequisites, hours, thematic plan, assessment, literature by default). The
    rule judges only documents in which the extractor recognised sections at all.

    **Anti-pattern**: a syllabus with no "Постреквизиттер" section.

    **Best practice**: every section of the university template, even if short.
    """

    code = "HYG004"
    name = "hygiene.required-sections"
    groups = ("all", "hygiene")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(QMS_SYLLABUS + " (structure of the syllabus)", "document.required_sections")
    cause_rank = 20

    def check(self, syllabus, ctx):
        found = set(syllabus.document.sections_found)
        if not found:
            return
        for name in ctx.policy.document.required_sections:
            if name in found:
                continue
            kk, ru, en = SECTION_NAMES.get(name, (name, name, name))
            yield self.finding(
                syllabus,
                location=f"sections/{name}",
                expected="present",
                actual="missing",
                refs=[f"section/{name}", f"table/{name}"],
                quote="",
                message=M(
                    kk=f"Силлабуста міндетті «{kk}» бөлімі жоқ",
                    ru=f"В силлабусе нет обязательного раздела «{ru}»",
                    en=f"The syllabus lacks the required section '{en}'",
                ),
            )
