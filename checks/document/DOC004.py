from __future__ import annotations

from checks.document.base import DocumentRule
from checks.finding import Kind, Messages, Severity
from checks.norms import QMS_SYLLABUS, policy_key

TABLE_NAMES = {
    "hours": ("Пәннің еңбек сыйымдылығы кестесі", "таблица трудоёмкости дисциплины", "workload (hours) table"),
    "plan": ("тақырыптық жоспар", "тематический план", "thematic plan"),
    "assessment": ("білімді бағалау кестесі (рейтингтер)", "таблица оценки знаний (рейтинги)", "assessment table (rating periods)"),
    "scale": ("бағалау шкаласы", "шкала оценок", "grading scale"),
    "literature": ("әдебиеттер тізімі", "список литературы", "literature list"),
}


def missing_tables(syllabus) -> list[str]:
    present = {
        "hours": syllabus.hours is not None and any(v is not None for v in syllabus.hours.by_activity().values()),
        "plan": any(s.topics for s in syllabus.plan),
        "assessment": bool(syllabus.assessment.periods),
        "scale": bool(syllabus.assessment.scale),
        "literature": bool(syllabus.literature.main or syllabus.literature.additional),
    }
    return [name for name, ok in present.items() if not ok]


class DOC004(DocumentRule):
    """A table the checks need was not found in the syllabus.

    The hours table, thematic plan, assessment table and grading scale (policy
    ``document.required_tables``) carry every checkable number. When one is missing, or laid
    out so that it cannot be recognised, the rules that need it do not run, and this finding
    says so instead of staying silent.

    **Anti-pattern**: the thematic plan pasted as a picture, or the hours given only in prose
    ("the course has 15 hours of lectures...").

    **Best practice**: each part as a table of the template: "Жұмыс түрлері | сағат",
    "№ | Тақырыптың атауы | сағат | Әдебиетке сілтеме", "Кезең | Тапсырма түрі | Балл саны (max)".
    """

    code = "DOC004"
    name = "document.table-not-found"
    groups = ("all", "document")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS + "; " + policy_key("document.required_tables")
    error_codes = ("tables-not-found",)

    def check(self, syllabus, ctx):
        required = ctx.policy.document.required_tables
        for name in missing_tables(syllabus):
            if name not in required:
                continue
            kk, ru, en = TABLE_NAMES[name]
            yield self.finding(
                syllabus,
                location=f"tables/{name}",
                expected="present",
                actual="not found",
                refs=[f"table/{name}"],
                quote="",
                message=Messages(
                    kk=f"Силлабуста {kk} табылмады: оған байланысты тексерулер орындалмады",
                    ru=f"В силлабусе не найдена {ru}: зависящие от неё проверки не выполнены"
                    if name in ("hours", "assessment", "scale")
                    else f"В силлабусе не найден {ru}: зависящие от него проверки не выполнены",
                    en=f"The syllabus's {en} was not found: the checks that need it did not run",
                ),
            )
