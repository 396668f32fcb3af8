from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.document.base import DocumentRule
from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS, policy_key
from checks.rulekit import M
from extractors.model_enums import ReadStatus

if TYPE_CHECKING:
    from checks.finding import Finding
    from checks.registry import CheckContext
    from extractors.model import Source, Syllabus

TABLE_NAMES = {
    "hours": ("Пәннің еңбек сыйымдылығы кестесі", "таблица трудоёмкости дисциплины", "workload (hours) table"),
    "plan": ("тақырыптық жоспар", "тематический план", "thematic plan"),
    "assessment": ("білімді бағалау кестесі (рейтингтер)", "таблица оценки знаний (рейтинги)", "assessment table (rating periods)"),
    "scale": ("бағалау шкаласы", "шкала оценок", "grading scale"),
    "literature": ("әдебиеттер тізімі", "список литературы", "literature list"),
}


FEMININE = ("hours", "assessment", "scale")  # Russian gender of the name: найдена / пуста


def missing_tables(syllabus: Syllabus) -> list[str]:
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
    ``document.required_tables``) carry every checkable number. When one is missing, the rules
    that need it do not run, and this finding says so instead of staying silent. With the
    reader's coverage, "missing" means no heading, label or table for it anywhere (``absent``);
    a table whose heading is there with nothing in it is reported as empty; one the reader saw
    but could not interpret is no finding: the syllabus is marked "not verified by the tool".

    **Anti-pattern**: the thematic plan pasted as a picture, or the hours given only in prose
    ("the course has 15 hours of lectures...").

    **Best practice**: each part as a table of the template: "Жұмыс түрлері | сағат",
    "№ | Тақырыптың атауы | сағат | Әдебиетке сілтеме", "Кезең | Тапсырма түрі | Балл саны (max)".
    """

    code = "DOC004"
    name = "document.table-not-found"
    policy_keys = ("document.required_tables",)
    groups = ("all", "document")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS + "; " + policy_key("document.required_tables")
    error_codes = ("tables-not-found",)

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        required = ctx.policy.document.required_tables
        missing = set(missing_tables(syllabus))
        for name in TABLE_NAMES:
            if name not in required:
                continue
            entry = syllabus.coverage.get(name)
            if entry is None:  # the reader did not say: judged from what the model holds
                if name in missing:
                    yield self._not_found(syllabus, name)
            elif entry.status is ReadStatus.absent:
                yield self._not_found(syllabus, name)
            elif entry.status is ReadStatus.empty:
                yield self._empty(syllabus, name, entry.where)

    def _not_found(self, syllabus: Syllabus, name: str) -> Finding:
        kk, ru, en = TABLE_NAMES[name]
        return self.finding(
            syllabus,
            location=f"tables/{name}",
            expected="present",
            actual="not found",
            refs=[f"table/{name}"],
            quote="",
            message=M(
                kk=f"Силлабуста {kk} табылмады: оған байланысты тексерулер орындалмады",
                ru=f"В силлабусе не найдена {ru}: зависящие от неё проверки не выполнены"
                if name in FEMININE
                else f"В силлабусе не найден {ru}: зависящие от него проверки не выполнены",
                en=f"The syllabus's {en} was not found: the checks that need it did not run",
            ),
        )

    def _empty(self, syllabus: Syllabus, name: str, where: Source | None) -> Finding:
        kk, ru, en = TABLE_NAMES[name]
        return self.finding(
            syllabus,
            location=f"tables/{name}",
            source=where,
            expected="filled in",
            actual="empty",
            refs=[f"table/{name}"],
            message=M(
                kk=f"Силлабустағы {kk} бос: тақырыбы бар, мазмұны жоқ, оған байланысты тексерулер орындалмады",
                ru=(f"В силлабусе {ru} пуста" if name in FEMININE else f"В силлабусе {ru} пуст")
                + ": заголовок есть, содержания нет, зависящие проверки не выполнены",
                en=f"The syllabus's {en} is empty: its heading is there with nothing in it, the checks that need it did not run",
            ),
        )
