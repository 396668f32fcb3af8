"""The typed result of a rule: a ``Finding`` with its evidence, and the per-syllabus verdict.

Findings serialise through one seam, ``as_record()``, which returns builtin types only; reports
and the register read that, never the objects' internals.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# The enumerations live in a module without pydantic, for the rule modules that name them when they
# are imported (issue 13); they are this module's, re-exported here.
from checks.finding_enums import Kind, Severity, Verdict

__all__ = ["Evidence", "Finding", "Kind", "Messages", "Severity", "Verdict"]


class Messages(BaseModel):
    """The finding's message in each language of the user interface."""

    model_config = ConfigDict(extra="forbid")
    kk: str
    ru: str
    en: str

    def get(self, lang: str) -> str:
        return getattr(self, lang, self.en)


class Evidence(BaseModel):
    """Where the defect is and what was expected there."""

    model_config = ConfigDict(extra="forbid")
    file: str
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    location: str = Field(
        "", description="logical location independent of file layout, e.g. 'plan/practicals/topic 5'"
    )
    expected: str | None = None
    actual: str | None = None
    quote: str = Field("", description="the raw text the value was read from")
    ocr: bool = Field(False, description="the value was read by OCR from a scanned page")
    ocr_confidence: float | None = Field(None, description="its OCR confidence, 0-100")
    check_by_hand: bool = Field(
        False, description="from a scan, read with a confidence below policy [ocr] min_confidence: check by hand"
    )


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule: str = Field(description="stable rule code, e.g. 'HRS001'")
    name: str = Field(description="rule's short name, e.g. 'hours.total-credits'")
    severity: Severity
    kind: Kind
    requirement: str = Field(description="the norm or policy item the rule enforces")
    message: Messages
    evidence: Evidence
    course_code: str | None = None
    key: str = Field(
        "",
        description="what distinguishes this defect from another of the same rule in one syllabus "
        "(logical location and key values; never a path or line number)",
    )
    root_cause: str | None = Field(
        None, description="key of the finding this one follows from, when one defect breaks several rules"
    )
    refs: list[str] = Field(
        default_factory=list,
        description="logical values the finding involves (e.g. 'hours/lectures'); findings sharing one "
        "are candidates for grouping under a single root cause",
    )
    waived: bool = False
    waiver: str | None = None

    def as_record(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
