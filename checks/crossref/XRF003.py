from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS
from checks.registry import CheckContext, Rule
from checks.rulekit import M
from extractors.model_enums import Activity

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import LiteratureEntry, Sourced, Syllabus

PLACE: dict[Activity | str, tuple[str, str, str]] = {
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


_LETTER = re.compile(r"[^\W\d_]")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_NUMBERS = re.compile(r"^\s*\d+(?:\s*[-–—,;]\s*\d+)*\s*$")
_LIST_WORDS = {
    "main": re.compile(r"основн|обязательн|негізгі|міндетті|\bmain\b|\brequired\b|\bbasic\b", re.IGNORECASE),
    "additional": re.compile(r"дополнительн|қосымша|\badditional\b|\bsupplementary\b|\bfurther\b", re.IGNORECASE),
}
LIST_LABELS = {None: ("", "", ""), "main": ("негізгі", "основная", "main"), "additional": ("қосымша", "дополнительная", "additional")}


def _expand(text: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"[,;]", text):
        bounds = [int(x) for x in re.findall(r"\d+", part)]
        if len(bounds) == 2 and bounds[0] <= bounds[1] and re.search(r"[-–—]", part):
            out.extend(range(bounds[0], bounds[1] + 1))
        else:
            out.extend(bounds)
    return out


def _list_named(text: str) -> str | None:
    named = [name for name, rx in _LIST_WORDS.items() if rx.search(text)]
    return named[0] if len(named) == 1 else None


def cited(refs: Sourced[list[int]]) -> list[tuple[int, str | None]]:
    """(number, list) for each literature number a reference really cites; list is 'main' or
    'additional' when the text names one ("[3] из обязательной литературы"), else None (the lists
    counted together). A reference written with words is not a list of numbers: "Платон,
    Государство" cites nothing by number, and in "ЭУ [2:119-113 стр.]" only 2 is a reference (the
    rest are pages). Numbers read from text with no letters are taken as read."""
    text = refs.source.text or ""
    if not _LETTER.search(text):
        return [(n, None) for n in refs.value]
    out: list[tuple[int, str | None]] = []
    brackets = list(_BRACKET.finditer(text))
    for k, m in enumerate(brackets):
        inner = m.group(1).split(":")[0]
        if not _NUMBERS.match(inner):
            continue
        after = text[m.end(): brackets[k + 1].start() if k + 1 < len(brackets) else len(text)]
        before = text[brackets[k - 1].end() if k else 0: m.start()]
        lst = _list_named(after) or _list_named(before)
        out.extend((n, lst) for n in _expand(inner))
    return out


class XRF003(Rule):
    """Literature references in the thematic plan and the independent-work tasks point at existing entries.

    A reference "1,3,4" or "9-11" names entries of the literature lists. The lists are counted
    together (main, then additional), so with 2 main and 5 additional entries the valid
    references are 1-7; a reference that names its list ("[3] из обязательной литературы") must
    exist in that list. References written in words ("Платон, Государство") are not numbers and
    are not checked; page numbers after a colon ("[2:119-113 стр.]") are not references. One
    finding per syllabus lists every missing number and where it is used.

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
    topic = "literature_ref_missing"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        lit = syllabus.literature
        entries = [*lit.main, *lit.additional]
        if not entries:
            return
        def numbers(lst: list[LiteratureEntry]) -> set[int]:
            return set(range(1, len(lst) + 1)) | {e.number.value for e in lst if e.number is not None}

        valid = {None: numbers(entries), "main": numbers(lit.main), "additional": numbers(lit.additional)}
        used: list[tuple[Activity | str, int, Sourced[list[int]]]] = []  # (place, row number, references)
        for section in syllabus.plan:
            for i, t in enumerate(section.topics):
                if t.references is not None:
                    n = t.number.value if t.number is not None else i + 1
                    used.append((section.activity, n, t.references))
        for i, task in enumerate(syllabus.independent_work):
            if task.references is not None:
                used.append(("tasks", i + 1, task.references))
        bad: set[tuple[int, str | None]] = set()
        where: dict[Activity | str, list[int]] = {}
        first: Sourced[list[int]] | None = None
        for place, n, src in used:
            wrong = [(r, lst) for r, lst in cited(src) if r not in valid[lst]]
            if wrong:
                bad.update(wrong)
                where.setdefault(place, []).append(n)
                first = first or src
        if not bad:
            return
        order = sorted(bad, key=lambda b: (b[0], b[1] or ""))
        top = max(valid[None])
        langs = ("kk", "ru", "en")

        def shown(k: int) -> str:
            plain = ranges([r for r, lst in order if lst is None])
            named = [f"{r} ({LIST_LABELS[lst][k]})" for r, lst in order if lst is not None]
            return ", ".join(x for x in [plain, *named] if x)

        missing = {lang: shown(k) for k, lang in enumerate(langs)}
        expected = f"1-{top}"
        for lst in ("main", "additional"):
            if any(b[1] == lst for b in bad):
                expected += f"; {lst} 1-{len(getattr(lit, lst))}"
        lists = {lang: "; ".join(f"{PLACE[p][k]} {ranges(ns)}" for p, ns in where.items()) for k, lang in enumerate(langs)}
        yield self.finding(
            syllabus,
            location="literature/references",
            source=first,
            expected=expected,
            actual=", ".join(str(r) if lst is None else f"{r} ({lst})" for r, lst in order),
            refs=["literature/list"],
            message=M(
                kk=f"Әдебиетке сілтемелер {missing['kk']} тізімде жоқ әдебиетті көрсетеді (тізімде {len(entries)} дереккөз: "
                f"{len(lit.main)} негізгі, {len(lit.additional)} қосымша); қолданылған жері: {lists['kk']}",
                ru=f"Ссылки на литературу {missing['ru']} указывают на отсутствующие источники (в списках {len(entries)}: "
                f"{len(lit.main)} основных, {len(lit.additional)} дополнительных); где используются: {lists['ru']}",
                en=f"Literature references {missing['en']} point at no entry (the lists hold {len(entries)}: {len(lit.main)} "
                f"main, {len(lit.additional)} additional); used in: {lists['en']}",
            ),
        )
