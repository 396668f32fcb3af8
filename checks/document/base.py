"""Shared behaviour of the document rules: turning an ``ExtractionError`` into a finding."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from checks.registry import Rule

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.errors import ExtractionError


class DocumentRule(Rule, register=False):
    """Base of rules that also report extraction errors (not itself a rule)."""

    error_codes: ClassVar[tuple[str, ...]] = ()
    cause_rank = 0

    def from_error(self, error: ExtractionError) -> Finding:
        # here, not at the top: it builds the pydantic Finding models, which listing the rules needs not
        from checks.document_findings import error_messages

        return self.finding(
            None,
            file=error.path,
            location="document",
            message=error_messages(error),
            expected="a readable syllabus",
            actual=error.code,
            key_values=[error.code],
            quote=error.detail,
            refs=["document"],
        )
