"""Read coverage: what the reader could and could not read of each syllabus, as the checks use it.

A part is *absent* when the document has no heading, label or table for it: a defect of the
syllabus (HYG004 / DOC004). It is *not read* when its label is there but the reader could not
interpret what follows: a limit of the tool, never a finding. The rules that need such a part
(``Rule.needs``) do not run on that syllabus, and the syllabus carries a ``NotVerified`` note for
it ("not verified by the tool: check by hand") with where the label was seen and which rules did
not run. A part that is *empty* ("ПРЕРЕКВИЗИТЫ:" with nothing after it) is the syllabus's defect
again, reported by the rule for that part (PRQ001, PRQ005, HYG004, DOC004).

``Syllabus.coverage`` may be empty (a reader that does not fill it yet): then nothing is
``not_read``, every rule runs, and presence is judged from the model as before.

Some parts (``RULE_PARTS``: the year and semester of study) are no part a syllabus must have:
no rule asks for them, they are only compared with a programme document. Not reading one costs
nothing but the rules that compare it, so it is noted (and shown in the coverage, as not read)
only where one of those rules would have compared it (``applies``: PRG010 with a curriculum that
lists the course); read or absent, it is not shown. Without a curriculum "Семестр: 2-4" is
nobody's concern, and a note, or a column of "absent" in the coverage sheet, would be noise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from extractors.model import ReadStatus, Source, Syllabus

# The parts of a syllabus the reader reports on, in the order reports show them.
PARTS: tuple[str, ...] = (
    "identity",
    "study_period",
    "credits",
    "approval",
    "learning_outcomes",
    "prerequisites",
    "postrequisites",
    "hours",
    "plan",
    "independent_work",
    "assessment",
    "formula",
    "scale",
    "literature",
)
# The parts that matter only to the rules that read them (see the module's docstring).
RULE_PARTS: frozenset[str] = frozenset({"study_period"})


class SeenAt(BaseModel):
    """Where a part's heading, label or table was seen, counted from 1 as people count (the
    model's ``Source`` counts paragraphs, tables, rows and columns from 0)."""

    model_config = ConfigDict(extra="forbid")
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None

    @classmethod
    def from_source(cls, source: Source | None) -> SeenAt | None:
        if source is None:
            return None

        def plus1(v: int | None) -> int | None:
            return None if v is None else v + 1

        seen = cls(page=source.page, paragraph=plus1(source.paragraph), table=plus1(source.table),
                   row=plus1(source.row), column=plus1(source.column))
        return seen if any(v is not None for v in seen.model_dump().values()) else None


class PartCoverage(BaseModel):
    """One part's read status as the reports show it."""

    model_config = ConfigDict(extra="forbid")
    status: ReadStatus
    seen_at: SeenAt | None = None
    quote: str = Field("", description="the text of the label where it was seen")
    rules_not_run: list[str] = Field(default_factory=list, description="rules that did not run because the part was not read")


class NotVerified(BaseModel):
    """A part the reader saw but could not read: not verified by the tool, to be checked by hand."""

    model_config = ConfigDict(extra="forbid")
    part: str
    seen_at: SeenAt | None = None
    quote: str = ""
    rules_not_run: list[str] = Field(default_factory=list)

    def as_record(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def part_status(syllabus: Syllabus, part: str) -> ReadStatus | None:
    """The reader's status for ``part``, or None when it did not say."""
    entry = syllabus.coverage.get(part)
    return entry.status if entry is not None else None


def not_read_parts(syllabus: Syllabus) -> list[str]:
    known = [p for p in PARTS if p in syllabus.coverage]
    others = sorted(p for p in syllabus.coverage if p not in PARTS)
    return [p for p in [*known, *others] if syllabus.coverage[p].status is ReadStatus.not_read]


def blocking_parts(rule: object, syllabus: Syllabus) -> list[str]:
    """The parts ``rule`` needs that were seen in ``syllabus`` but not read: if any, it does not run."""
    needs = getattr(rule, "needs", ()) or ()
    return [p for p in needs if part_status(syllabus, p) is ReadStatus.not_read]


def _would_run(rule: Any, syllabus: Syllabus, ctx: Any) -> bool:
    """Whether ``rule`` would have compared something on ``syllabus`` in this run: a rule that
    does not say (no ``applies``) always would; one that does cannot tell without the context."""
    applies = getattr(rule, "applies", None)
    if applies is None:
        return True
    return ctx is not None and bool(applies(syllabus, ctx))


def not_verified(syllabus: Syllabus, rules: Sequence[Any], ctx: Any = None) -> list[NotVerified]:
    """One note per part not read, with the selected rules that did not run because of it. A
    part of ``RULE_PARTS`` is noted only when one of those rules would have run in ``ctx`` (the
    run's ``CheckContext``: its curriculum and passport)."""
    notes = []
    for part in not_read_parts(syllabus):
        e = syllabus.coverage[part]
        needing = [r for r in rules if part in (getattr(r, "needs", ()) or ())]
        if part in RULE_PARTS:
            needing = [r for r in needing if _would_run(r, syllabus, ctx)]
            if not needing:
                continue
        codes = sorted({r.code for r in needing})
        notes.append(NotVerified(part=part, seen_at=SeenAt.from_source(e.where),
                                 quote=e.where.text if e.where is not None else "", rules_not_run=codes))
    return notes


def coverage_summary(syllabus: Syllabus, notes: Iterable[NotVerified] = ()) -> dict[str, PartCoverage]:
    """The syllabus's coverage for the reports, parts in report order; empty when the reader gave none.
    A part of ``RULE_PARTS`` is shown only when ``notes`` name it: the reports list every part
    not read as "not verified", and without the rules that compare it such a part is no one's."""
    rules_of = {n.part: n.rules_not_run for n in notes}
    shown = [p for p in syllabus.coverage if p not in RULE_PARTS or p in rules_of]
    order = [p for p in PARTS if p in shown] + sorted(p for p in shown if p not in PARTS)
    out = {}
    for part in order:
        e = syllabus.coverage[part]
        out[part] = PartCoverage(
            status=e.status,
            seen_at=SeenAt.from_source(e.where),
            quote=e.where.text if e.where is not None else "",
            rules_not_run=list(rules_of.get(part, [])),
        )
    return out
