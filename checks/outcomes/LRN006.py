from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.outcomes.common import REQUIREMENT
from checks.registry import CheckContext, M, Rule
from extractors.model_enums import OutcomeScope

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class LRN006(Rule):
    """The course's learning outcome statements use measurable verbs.

    Each statement of the discipline's own outcomes says what the student will be able to *do*
    with a verb that can be observed and assessed (Bloom-style: name, explain, apply, analyse,
    evaluate, design; их формы «применять», «применение»; «талдау», «қолдану»). A statement with
    only "know", "understand", "be familiar with" is an observation, not a nonconformity. The
    verbs are ``[outcome_verb.measurable]`` in ``data/vocabulary.toml``, per language. The
    programme's outcomes are the passport's wording and are not judged here.

    **Anti-pattern**: "РО2: понимать основы философии".

    **Best practice**: "РО2: сравнивать философские концепции разных эпох и аргументировать позицию".
    """

    code = "LRN006"
    needs = ("learning_outcomes",)
    name = "outcomes.measurable"
    groups = ("all", "outcomes")
    severity = Severity.observation
    kind = Kind.potential
    requirement = REQUIREMENT
    cause_rank = 60
    topic = "outcome_not_measurable"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        # a word list read from the vocabulary's TOML, without spaCy (``extractors.outcome_verbs``)
        from extractors.outcome_verbs import has_measurable_verb

        for o in syllabus.outcomes.declared:
            if o.scope != OutcomeScope.course or o.text is None:
                continue
            if has_measurable_verb(o.text.value):
                continue
            code = o.code.value
            yield self.finding(
                syllabus,
                location=f"outcomes/{code}/statement",
                source=o.text,
                expected="measurable verb",
                actual=o.text.value[:80],
                key_values=[o.key],
                refs=["outcomes", f"outcomes/{o.key}"],
                message=M(
                    kk=f"{code} оқыту нәтижесінде өлшенетін етістік жоқ (мысалы: талдау, қолдану, бағалау)",
                    ru=f"В формулировке {code} нет измеримого глагола (например: анализировать, применять, оценивать)",
                    en=f"The statement of {code} has no measurable verb (e.g. analyse, apply, evaluate)",
                ),
            )
