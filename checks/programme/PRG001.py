from __future__ import annotations

from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.programme.common import PassportRule, from_file, in_language, language, same_text
from checks.registry import M
from checks.text import normalise_code

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.finding import Finding
    from checks.passport import Passport
    from checks.registry import CheckContext
    from extractors.model import Syllabus


class PRG001(PassportRule):
    """The programme's code and name are the passport's.

    Runs when the programme's passport is given (``--passport``, or ``passport`` in
    syllabus-audit.toml). The code is compared as a code (case, spaces and dashes aside); the
    name in the syllabus's language, as text (case, punctuation and spacing aside), when the
    passport gives the name in that language.

    **Anti-pattern**: "Білім беру бағдарламасы: 6B07205 Геология" when the passport is 6B07204
    "Геология және пайдалы қазба кен орнын барлау".

    **Best practice**: "6B07204 Геология және пайдалы қазба кен орнын барлау", as in the passport.
    """

    code = "PRG001"
    needs = ("identity",)
    name = "programme.passport-programme"
    groups = ("all", "programme", "passport")
    severity = Severity.major
    kind = Kind.nonconformity
    cause_rank = 10

    def check_passport(self, syllabus: Syllabus, ctx: CheckContext, pp: Passport) -> Iterator[Finding]:
        ident = syllabus.identity
        code = ident.programme_code
        if code is not None and normalise_code(code.value) != normalise_code(pp.code):
            yield self.finding(
                syllabus,
                location="identity/programme_code",
                source=code,
                expected=from_file(pp.code, pp.file, pp.code_row),
                actual=code.value,
                refs=["identity/programme"],
                message=M(
                    kk=f"Силлабустағы білім беру бағдарламасының коды {code.value}, ал бағдарлама паспортында {pp.code}",
                    ru=f"Код образовательной программы в силлабусе {code.value}, а в паспорте программы {pp.code}",
                    en=f"The syllabus gives the programme code {code.value}; the programme's passport is {pp.code}",
                ),
            )
        name = ident.programme_name
        lang = language(syllabus)
        want = in_language(pp.names, lang)
        if name is not None and want and not same_text(name.value, want):
            yield self.finding(
                syllabus,
                location="identity/programme_name",
                source=name,
                expected=from_file(want, pp.file, pp.name_rows.get(lang, pp.name_rows.get("", pp.code_row))),
                actual=name.value,
                refs=["identity/programme"],
                message=M(
                    kk=f"Силлабустағы бағдарлама атауы «{name.value}», ал паспортта «{want}»",
                    ru=f"Название программы в силлабусе «{name.value}», а в паспорте «{want}»",
                    en=f"The syllabus names the programme '{name.value}'; the passport names it '{want}'",
                ),
            )
