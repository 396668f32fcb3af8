"""Waivers: a QA decision that a finding is accepted for a course, with a reason, an approver and
an expiry date.

File formats (TOML or CSV, chosen by extension)::

    [[waiver]]
    course = "GMRK3301"          # course code, or "*" for every course
    rule = "XRF004"              # rule code or name
    key = ""                     # optional: one finding's key; empty = every finding of the rule
    justification = "Classic regional monographs; no newer edition exists"
    approver = "Асылханова Ж.А."
    expires = 2027-06-30

CSV: a header ``course,rule,key,justification,approver,expires`` (key may be omitted/empty).

A waiver applies to the matching findings until its expiry date (inclusive); after that the
findings count again and the waiver is reported as expired. An unexpired waiver that matches
no finding is reported as stale: the defect was fixed or the rule renamed, and the waiver
should be removed.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from checks.finding import Finding
from checks.text import normalise_code


class WaiverError(ValueError):
    def __init__(self, file: str, where: str, problem: str):
        super().__init__(f"waivers {file}: {where}: {problem}" if where else f"waivers {file}: {problem}")


@dataclass(frozen=True)
class Waiver:
    course: str
    rule: str
    justification: str
    approver: str
    expires: date
    key: str = ""
    origin: str = ""  # "file:entry" for messages

    def expired(self, today: date) -> bool:
        return today > self.expires

    def matches(self, finding: Finding) -> bool:
        course_ok = self.course == "*" or normalise_code(self.course) == normalise_code(finding.course_code)
        rule_ok = self.rule.lower() in (finding.rule.lower(), finding.name.lower())
        key_ok = not self.key or self.key == finding.key
        return course_ok and rule_ok and key_ok

    def label(self) -> str:
        return f"{self.course}/{self.rule}" + (f"/{self.key}" if self.key else "")

    def as_record(self) -> dict[str, Any]:
        return {
            "course": self.course,
            "rule": self.rule,
            "key": self.key,
            "justification": self.justification,
            "approver": self.approver,
            "expires": self.expires.isoformat(),
            "origin": self.origin,
        }


@dataclass
class WaiverReport:
    applied: list[Waiver] = field(default_factory=list)
    expired: list[Waiver] = field(default_factory=list)
    stale: list[Waiver] = field(default_factory=list)

    def as_record(self) -> dict[str, Any]:
        return {k: [w.as_record() for w in getattr(self, k)] for k in ("applied", "expired", "stale")}


def _date(value: object, file: str, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise WaiverError(file, where, f"expires must be a date YYYY-MM-DD, got {value!r}") from None


def _waiver(entry: dict[str, Any], file: str, where: str) -> Waiver:
    for required in ("course", "rule", "justification", "approver", "expires"):
        v = entry.get(required)
        if v is None or (isinstance(v, str) and not v.strip()):
            raise WaiverError(file, where, f"{required} is required")
    unknown = set(entry) - {"course", "rule", "key", "justification", "approver", "expires"}
    if unknown:
        raise WaiverError(file, where, f"unknown field(s): {', '.join(sorted(unknown))}")
    return Waiver(
        course=str(entry["course"]).strip(),
        rule=str(entry["rule"]).strip(),
        key=str(entry.get("key") or "").strip(),
        justification=str(entry["justification"]).strip(),
        approver=str(entry["approver"]).strip(),
        expires=_date(entry["expires"], file, where),
        origin=f"{file}:{where}",
    )


def load_waivers(path: str | Path) -> list[Waiver]:
    path = Path(path)
    file = str(path)
    try:
        if path.suffix.lower() == ".csv":
            with open(path, newline="", encoding="utf-8-sig") as fh:
                reader = csv.DictReader(fh)
                missing = {"course", "rule", "justification", "approver", "expires"} - set(reader.fieldnames or [])
                if missing:
                    raise WaiverError(file, "header", f"missing column(s): {', '.join(sorted(missing))}")
                return [
                    _waiver({k: v for k, v in row.items() if k is not None}, file, f"line {i}")
                    for i, row in enumerate(reader, start=2)
                ]
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise WaiverError(file, "", "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise WaiverError(file, "", f"not valid TOML ({exc})") from None
    entries = data.get("waiver", [])
    if not isinstance(entries, list) or set(data) - {"waiver"}:
        raise WaiverError(file, "", "expected [[waiver]] tables only")
    return [_waiver(e, file, f"waiver {i + 1}") for i, e in enumerate(entries)]


def apply_waivers(
    findings: Sequence[Finding],
    waivers: Sequence[Waiver],
    today: date,
    *,
    checked_courses: set[str] | None = None,
    rules_run: set[str] | None = None,
) -> tuple[list[Finding], WaiverReport]:
    """Findings in the same order, matching ones marked waived; and what happened to each waiver.

    A waiver is judged stale only when this run could have produced its finding: its course was
    checked (``checked_courses``, normalised codes) and its rule ran (``rules_run``, codes and
    names, lower case). A nightly run over some of the syllabi, or with some rules ignored,
    does not call the others' waivers stale."""
    report = WaiverReport()
    in_scope = [
        w
        for w in waivers
        if (checked_courses is None or w.course == "*" or normalise_code(w.course) in checked_courses)
        and (rules_run is None or w.rule.lower() in rules_run)
    ]
    active = [w for w in in_scope if not w.expired(today)]
    report.expired = [w for w in in_scope if w.expired(today)]
    used: set[int] = set()
    out = []
    for f in findings:
        w = next((w for w in active if w.matches(f)), None)
        if w is None:
            out.append(f)
            continue
        used.add(id(w))
        out.append(
            f.model_copy(
                update={"waived": True, "waiver": f"{w.justification} — {w.approver}, until {w.expires.isoformat()}"}
            )
        )
    report.applied = [w for w in active if id(w) in used]
    report.stale = [w for w in active if id(w) not in used]
    return out, report
