"""A record's history in words of a language: the entries the register itself writes (``lifecycle``
for a run, ``human.assign``/``update_action``), each matched by its English form and shown from
``[history]`` in data/labels.toml. What a person typed (a closing comment) is shown as typed.

A module of its own, without SQLAlchemy (``human`` writes the entries with it), so that
``register show`` on a SQLite register starts without the database layer (issue 13).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reports.labels import Labels

__all__ = ["history_text"]


# the entries' English forms, by their key in [history]
_HISTORY = (
    ("detected", re.compile(r"detected")),
    ("recurred", re.compile(r"found again after it was (?P<previous>\w+): recurrence (?P<n>\d+); "
                            r"the corrective action did not prevent it \(clause 17\)")),
    ("resolved", re.compile(r"no longer found: the audited syllabus meets the requirement")),
    ("assigned", re.compile(r"corrective action: (?P<action>.*) \(responsible (?P<responsible>.*), due (?P<due>[\d-]+)\)", re.S)),
    ("updated", re.compile(r"corrective action updated: (?P<changes>.*)", re.S)),
)
# update_action's field names, as the columns of Appendix 1 name them
_CHANGED_FIELD = {"responsible": "column.responsible", "due": "column.due", "co_executors": "cli.co_executors",
                  "result_mark": "column.result_mark"}


def history_text(comment: str | None, labels: Labels) -> str:
    """A history comment in ``labels``' language (a ``reports.labels.Labels``)."""
    if not comment or labels.lang == "en":
        return comment or ""
    for key, pattern in _HISTORY:
        m = pattern.fullmatch(comment)
        if m is None:
            continue
        values = m.groupdict()
        if "previous" in values:
            values["previous"] = labels.value("status", values["previous"]).lower()
        if "changes" in values:
            values["changes"] = "; ".join(_changed(c, labels) for c in values["changes"].split("; "))
        return labels(f"history.{key}").format(**values)
    return comment


def _changed(change: str, labels: Labels) -> str:
    name, sep, rest = change.partition(": ")
    return f"{labels(_CHANGED_FIELD[name])}: {rest}" if sep and name in _CHANGED_FIELD else change
