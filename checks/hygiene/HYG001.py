from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.hygiene.HYG002 import approver_placeholder
from checks.norms import QMS_001, QMS_SYLLABUS
from checks.registry import CheckContext, Rule
from checks.rulekit import M

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Sourced, Syllabus


def _looks_dated(date_text: Sourced[str] | None) -> bool:
    """A date line the extractor could not parse ("«29» тамыз 2022 ж.") still carries a day."""
    if date_text is None or "__" in date_text.value:
        return False
    return re.search(r"(?<!\d)[0-3]?\d(?!\d)", re.sub(r"\d{4}", "", date_text.value)) is not None


class HYG001(Rule):
    """The approval block is signed and dated.

    The БЕКІТЕМІН / УТВЕРЖДАЮ / APPROVED block must name who approved the syllabus and when. A
    date left as a blank to fill in ("_____ 2022 ж.") means the document in circulation was never
    formally approved. A missing block altogether is reported by the required-sections rule.

    An approver "named" by a placeholder ("Декан Школы ФИО декана", "ТАӘ", "{ dean }": policy
    ``document.placeholder_patterns``) names nobody and is reported here, not as a placeholder.

    **Anti-pattern**: "БЕКІТЕМІН: ЖТҒМ деканы: Рахымбердина М.Е. _____ 2022 ж."; "УТВЕРЖДАЮ
    Декан Школы ФИО декана".

    **Best practice**: "БЕКІТЕМІН: ЖТҒМ деканы: Рахымбердина М.Е. 29.08.2022 ж."
    """

    code = "HYG001"
    needs = ("approval",)
    name = "hygiene.approval-signed-dated"
    policy_keys = ("document.placeholder_patterns",)
    groups = ("all", "hygiene")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = QMS_SYLLABUS + " (approval sheet); " + QMS_001
    cause_rank = 10
    topic = (("identity/approval/approver", "approver_missing"), ("", "approval_date_missing"))

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        ap = syllabus.identity.approval
        if not ap.present:
            return
        undated = ap.date_blank or (ap.date is None and not _looks_dated(ap.date_text))
        if undated:
            src = ap.date_text or ap.date or ap.approver or ap.position
            shown = ap.date_text.value if ap.date_text is not None else ""
            yield self.finding(
                syllabus,
                location="identity/approval/date",
                source=src,
                expected="a date",
                actual=shown or "blank" if ap.date_blank else "missing",
                refs=["identity/approval/date"],
                message=M(
                    kk="Бекіту блогында («БЕКІТЕМІН») күні толтырылмаған" + (f": «{shown}»" if shown else ""),
                    ru="В грифе утверждения («УТВЕРЖДАЮ») не проставлена дата" + (f": «{shown}»" if shown else ""),
                    en="The approval block (APPROVED) is not dated" + (f": '{shown}'" if shown else ""),
                ),
            )
        held = approver_placeholder(syllabus, ctx.policy.document.placeholder_regexes())
        if ap.approver is None or held is not None:
            written = held.value.strip() if held is not None else ""
            yield self.finding(
                syllabus,
                location="identity/approval/approver",
                source=held or ap.position or ap.date_text or ap.date,
                expected="approver's name",
                actual=written or "missing",
                refs=["identity/approval/approver"],
                message=M(
                    kk="Бекіту блогында («БЕКІТЕМІН») бекітушінің аты-жөні көрсетілмеген"
                    + (f": «{written}» толтырылмаған үлгі" if written else ""),
                    ru="В грифе утверждения («УТВЕРЖДАЮ») не указано, кем утверждён документ"
                    + (f": «{written}» — незаполненный шаблон" if written else ""),
                    en="The approval block (APPROVED) does not name who approved the syllabus"
                    + (f": '{written}' is a placeholder" if written else ""),
                ),
            )
