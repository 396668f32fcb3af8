from __future__ import annotations

from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.programme.common import PassportRule, from_file, in_language, language, same_text
from checks.registry import M

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.finding import Finding
    from checks.passport import Passport
    from checks.registry import CheckContext
    from extractors.model import Syllabus


class PRG004(PassportRule):
    """The programme outcomes the syllabus quotes are the passport's, word for word.

    Runs when the programme's passport is given. Each programme outcome the syllabus declares
    (ПРО/PO codes, or codes under a heading naming the programme) must be one the passport lists,
    and its wording, compared as text (case, punctuation and spacing aside) in the syllabus's
    language, the passport's in that language (when the passport gives it).

    **Anti-pattern**: "PO10 - Геологиялық процестерді түсіну" when the passport's PO10 reads
    "Қазіргі ақпараттық ағымдарда бағдарлау …".

    **Best practice**: "PO10 - Қазіргі ақпараттық ағымдарда бағдарлау …", the passport's words.
    """

    code = "PRG004"
    needs = ("learning_outcomes",)
    name = "programme.outcome-wording"
    groups = ("all", "programme", "passport", "outcomes")
    severity = Severity.minor
    kind = Kind.nonconformity
    cause_rank = 10

    def check_passport(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport) -> Iterator[Finding]:
        lang = language(syllabus)
        for o in syllabus.outcomes.of_programme():
            po = pp.outcomes.get(o.key)
            if po is None:
                yield self.finding(
                    syllabus,
                    location=f"outcomes/{o.code.value}",
                    key_location="outcomes",
                    key_values=[o.key],
                    source=o.code,
                    expected=f"an outcome of the passport ({pp.file})",
                    actual=o.code.value,
                    refs=[f"outcome/{o.key}"],
                    message=M(
                        kk=f"Силлабус {o.code.value} бағдарлама нәтижесін келтіреді, ал бағдарлама паспортында мұндай нәтиже жоқ",
                        ru=f"Силлабус приводит результат программы {o.code.value}, которого нет в паспорте программы",
                        en=f"The syllabus quotes the programme outcome {o.code.value}, which the programme's passport does not list",
                    ),
                )
                continue
            want = in_language(po.wording, lang)
            if o.text is None or not want or same_text(o.text.value, want):
                continue
            row = po.rows.get(lang, po.rows.get("", po.row))
            yield self.finding(
                syllabus,
                location=f"outcomes/{o.code.value}",
                key_location="outcomes",
                key_values=[o.key, "wording"],
                source=o.text,
                expected=from_file(want, pp.file, row),
                actual=o.text.value,
                refs=[f"outcome/{o.key}"],
                message=M(
                    kk=f"{o.code.value} нәтижесінің тұжырымы бағдарлама паспортындағыдан өзгеше: «{want}»",
                    ru=f"Формулировка результата {o.code.value} отличается от паспорта программы: «{want}»",
                    en=f"The wording of {o.code.value} differs from the programme's passport: '{want}'",
                ),
            )
