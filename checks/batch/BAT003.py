from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import QMS_SYLLABUS
from checks.registry import CheckContext, Rule
from checks.rulekit import M
from checks.text import normalise_code, same_title, slug

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


def _same_course(a: Syllabus, b: Syllabus, threshold: float) -> bool:
    ta, tb = a.identity.course_title, b.identity.course_title
    return ta is not None and tb is not None and same_title(ta.value, tb.value, threshold)


class BAT003(Rule):
    """No two syllabi of a run claim one course code.

    Two syllabi in the same language with the same course code but different course titles mean
    a wrong code on one of them. Versions of one course in different languages (kk and ru), and
    the same syllabus supplied twice (a DOCX and its PDF export), legitimately share a code and
    are not reported.

    **Anti-pattern**: two Kazakh syllabi, "Қазақстанның геологиясы..." and "Минералогия", both
    coded GMRK3301.

    **Best practice**: one syllabus per course code and language.
    """

    code = "BAT003"
    name = "batch.duplicate-course-code"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "batch")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS + " (one approved syllabus per discipline)"
    batch = True
    cause_rank = 10

    def check_batch(self, syllabi: Sequence[Syllabus], ctx: CheckContext) -> Iterator[Finding]:
        groups = defaultdict(list)
        for s in syllabi:
            if s.identity.course_code is not None and normalise_code(s.identity.course_code.value):
                lang = s.language.value if s.language else "?"
                groups[(normalise_code(s.identity.course_code.value), lang)].append(s)
        for (_code, lang), group in groups.items():
            if len(group) < 2:
                continue
            thr = ctx.policy.matching.title_threshold
            for s in group:
                others = [o.file for o in group if o is not s and not _same_course(s, o, thr)]
                code = s.identity.course_code
                if not others or code is None:  # never None: grouped by it above
                    continue
                title = s.identity.course_title.value if s.identity.course_title else ""
                yield self.finding(
                    s,
                    location="identity/course_code",
                    key_values=[lang, slug(title, 30)],
                    source=s.identity.course_code,
                    expected="unique",
                    actual=f"also in {', '.join(others)}",
                    refs=["identity/course_code"],
                    message=M(
                        kk=f"{code.value} пән коды басқа силлабуста да көрсетілген: {', '.join(others)}",
                        ru=f"Код дисциплины {code.value} указан и в другом силлабусе: {', '.join(others)}",
                        en=f"Course code {code.value} is also claimed by: {', '.join(others)}",
                    ),
                )
