"""A record's evidence, typed (``api.Record.typed_evidence``): a pydantic model, so in a module of
its own that ``api`` loads only when asked, and a command's options never pay for pydantic."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from checks.finding import Evidence

__all__ = ["RecordEvidence"]


class RecordEvidence(Evidence):
    """A record's evidence: where the defect is and what was expected there (``Evidence``), the
    other files of the same syllabus it was also found in, and the waiver it carried. Unknown keys
    of an older register are kept (``extra="allow"``), never dropped."""

    model_config = ConfigDict(extra="allow")
    file: str = ""  # an old register's evidence may lack it; the record's own file says it
    waiver: str | None = None
    also_found_in: list[str] = Field(default_factory=list)
