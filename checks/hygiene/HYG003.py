from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import QMS_001, QMS_SYLLABUS
from checks.registry import CheckContext, Rule
from checks.rulekit import M

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class HYG003(Rule):
    """The DOCX has no tracked changes left in it.

    Unaccepted revisions mean the published text is not settled: a reader sees deleted and
    inserted passages side by side, and the numbers checked may not be the approved ones.

    **Anti-pattern**: a DOCX with "Track Changes" insertions and deletions not yet accepted.

    **Best practice**: all changes accepted or rejected before the syllabus is approved.
    """

    code = "HYG003"
    name = "hygiene.tracked-changes"
    groups = ("all", "hygiene")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS + "; " + QMS_001 + " (control of documented information)"
    cause_rank = 50
    topic = "tracked_changes"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        if not syllabus.document.has_tracked_changes:
            return
        yield self.finding(
            syllabus,
            location="document",
            expected="no tracked changes",
            actual="tracked changes",
            refs=["document/revisions"],
            quote="",
            message=M(
                kk="DOCX файлында қабылданбаған түзетулер (рецензиялау режимі) қалған",
                ru="В DOCX остались непринятые исправления (режим рецензирования)",
                en="The DOCX still contains tracked changes that were not accepted or rejected",
            ),
        )
