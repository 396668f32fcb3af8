from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M
from extractors.model_enums import ReadStatus

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Source, Syllabus

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
# Section keys whose read coverage is kept under another part name.
COVERAGE_PART = {"outcomes": "learning_outcomes"}
# Empty parts that another rule reports as such (PRQ001, PRQ005; DOC004 for the required tables).
EMPTY_ELSEWHERE = ("prerequisites", "postrequisites")


class HYG004(Rule):
    """The sections the institution requires are present.

    Policy ``document.required_sections`` lists the parts every syllabus must have
    (prerequisites, postrequisites, hours, thematic plan, assessment, literature by default). A
    section is missing only when the document has no heading, label or table for it in any
    language (read coverage ``absent``). One whose heading is there but whose content the reader
    could not interpret is not a finding: the syllabus is marked "not verified by the tool". One
    whose heading is there with nothing under it is reported as empty (the prerequisites and
    postrequisites by PRQ001 / PRQ005, the required tables by DOC004). Without read coverage,
    the rule judges only documents in which the extractor recognised sections at all.

    **Anti-pattern**: a syllabus with no "Постреквизиттер" section.

    **Best practice**: every section of the university template, even if short.
    """

    code = "HYG004"
    name = "hygiene.required-sections"
    policy_keys = ("document.required_sections", "document.required_tables")
    groups = ("all", "hygiene")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(QMS_SYLLABUS + " (structure of the syllabus)", "document.required_sections")
    cause_rank = 20

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        found = set(syllabus.document.sections_found)
        tables = set(ctx.policy.document.required_tables)
        for name in ctx.policy.document.required_sections:
            entry = syllabus.coverage.get(COVERAGE_PART.get(name, name))
            if entry is None:  # the reader did not say: judged from the sections it recognised
                if not found or name in found:
                    continue
                yield self._missing(syllabus, name)
            elif entry.status is ReadStatus.absent:
                yield self._missing(syllabus, name)
            elif entry.status is ReadStatus.empty and name not in EMPTY_ELSEWHERE and name not in tables:
                yield self._empty(syllabus, name, entry.where)

    def _missing(self, syllabus: Syllabus, name: str) -> Finding:
        kk, ru, en = SECTION_NAMES.get(name, (name, name, name))
        return self.finding(
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

    def _empty(self, syllabus: Syllabus, name: str, where: Source | None) -> Finding:
        kk, ru, en = SECTION_NAMES.get(name, (name, name, name))
        return self.finding(
            syllabus,
            location=f"sections/{name}",
            source=where,
            expected="stated",
            actual="empty",
            refs=[f"section/{name}", f"table/{name}"],
            message=M(
                kk=f"Силлабустағы міндетті «{kk}» бөлімі бос: тақырыбы бар, мазмұны жоқ",
                ru=f"Обязательный раздел «{ru}» пуст: заголовок есть, содержания нет",
                en=f"The required section '{en}' is empty: its heading is there with nothing under it",
            ),
        )
