"""A finding's severity and kind, and a syllabus's verdict: the enumerations of ``checks.finding``
without its pydantic models.

Every rule module names ``Severity.major`` and ``Kind.nonconformity`` when it is imported (its class
attributes); listing the rules (``syllabus-audit rules``, issue 13) needs these and no ``Finding``.
``checks.finding`` re-exports each, so ``from checks.finding import Severity`` is the same class.
"""

from __future__ import annotations

from enum import Enum


class Severity(str, Enum):
    major = "major"
    minor = "minor"
    observation = "observation"


class Kind(str, Enum):
    """ISO 9001 / procedure 001 terms: a requirement not met, or one that may come to be not met."""

    nonconformity = "nonconformity"
    potential = "potential"


class Verdict(str, Enum):
    accepted = "accepted"
    accepted_with_remarks = "accepted_with_remarks"
    # Parts of the syllabus were seen but not read, so some checks did not run: what was checked
    # gives at most remarks, and the rest must be checked by hand. Never worse than that.
    incomplete = "incomplete"
    to_revise = "to_revise"
    rejected = "rejected"
