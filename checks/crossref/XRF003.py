from __future__ import annotations

from checks.finding import Kind, Severity
from checks.norms import QMS_SYLLABUS
from checks.registry import M, Rule
from extractors.model import Activity

PLACE = {
    # kk, ru, en labels of where a reference is used
    Activity.lectures: ("дәрістер", "лекции", "lectures"),
    Activity.practicals: ("практикалық сабақтар", "практические занятия", "practicals"),
    Activity.labs: ("зертханалық сабақтар", "лабораторные занятия", "labs"),
    Activity.siwt: ("СӨЖО", "СРОП", "SIWT"),
    Activity.siw: ("СӨЖ", "СРО", "SIW"),
    "tasks": ("СӨЖ тапсырмалары", "задания СРО", "independent-work tasks"),
}


def ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7, 9, 10] -> '1-3, 7, 9-10'"""
    out, nums = [], sorted(set(numbers))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ", ".join(out)


class XRF003(Rule):
    """Literature references in the thematic plan and the independent-work tasks point at existing entries.

    A reference "1,3,4" or "9-11" names entries of the literature lists. The lists are counted
    together (main, then additional), so with 2 main and 5 additional entries the valid
    references are 1-7. One finding per syllabus lists every missing number and where it is used.

    **Anti-pattern**: topics citing "9-11" while the lists hold 2 main + 5 additional entries.

    **Best practice**: every cited number is at most the number of entries in the lists.
    """

    code = "XRF003"
    needs = ("literature", "plan", "independent_work")
    name = "crossref.literature-refs"
    groups = ("all", "crossref", "literature")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS + " (literature list and references to it)"
    cause_rank = 10

    def check(self, syllabus, ctx):
        lit = syllabus.literature
        entries = [*lit.main, *lit.additional]
        if not entries:
            return
        valid = set(range(1, len(entries) + 1)) | {e.number.value for e in entries if e.number is not None}
        used: list[tuple[object, int, object, list[int]]] = []  # (place, row number, source, refs)
        for section in syllabus.plan:
            for i, t in enumerate(section.topics):
                if t.references is not None:
                    n = t.number.value if t.number is not None else i + 1
                    used.append((section.activity, n, t.references, t.references.value))
        for i, task in enumerate(syllabus.independent_work):
            if task.references is not None:
                used.append(("tasks", i + 1, task.references, task.references.value))
        bad_numbers: set[int] = set()
        where: dict[object, list[int]] = {}
        first = None
        for place, n, src, refs in used:
            bad = [r for r in refs if r not in valid]
            if bad:
                bad_numbers.update(bad)
                where.setdefault(place, []).append(n)
                first = first or src
        if not bad_numbers:
            return
        missing = ranges(sorted(bad_numbers))
        top = max(valid)
        lists = {lang: "; ".join(f"{PLACE[p][k]} {ranges(ns)}" for p, ns in where.items()) for k, lang in enumerate(("kk", "ru", "en"))}
        yield self.finding(
            syllabus,
            location="literature/references",
            source=first,
            expected=f"1-{top}",
            actual=", ".join(str(b) for b in sorted(bad_numbers)),
            refs=["literature/list"],
            message=M(
                kk=f"Әдебиетке сілтемелер {missing} тізімде жоқ әдебиетті көрсетеді (тізімде {len(entries)} дереккөз: "
                f"{len(lit.main)} негізгі, {len(lit.additional)} қосымша); қолданылған жері: {lists['kk']}",
                ru=f"Ссылки на литературу {missing} указывают на отсутствующие источники (в списках {len(entries)}: "
                f"{len(lit.main)} основных, {len(lit.additional)} дополнительных); где используются: {lists['ru']}",
                en=f"Literature references {missing} point at no entry (the lists hold {len(entries)}: {len(lit.main)} "
                f"main, {len(lit.additional)} additional); used in: {lists['en']}",
            ),
        )
