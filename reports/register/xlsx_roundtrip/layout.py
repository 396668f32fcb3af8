"""The sheet's layout, shared by the export and the import: its columns (which the office may
edit), the names of the hidden sheets, a record's values as the sheet shows them, and the
checksum that tells an edited grey cell from an untouched one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from reports.register.schema import NonconformityRow

FORMAT = "syllabus-audit register export 1"
SHEET = "Nonconformities"
ORIGINAL = "_original"
ABOUT = "about"

# key, header (kk / en), width, editable
COLUMNS: list[tuple[str, str, int, bool]] = [
    ("id", "№ / ID", 15, False),
    ("status", "Күйі / Status", 14, False),
    ("course_code", "Пән коды / Course code", 13, False),
    ("course_title", "Пән / Course", 28, False),
    ("programme", "Білім беру бағдарламасы / Programme", 22, False),
    ("department", "Кафедра / Department", 20, False),
    ("rule", "Ереже / Rule", 10, False),
    ("severity", "Маңыздылығы / Severity", 12, False),
    ("kind", "Сәйкессіздік түрі / Kind", 14, False),
    ("description", "Сәйкессіздік / Nonconformity", 48, False),
    ("expected", "Талап / Expected", 14, False),
    ("actual", "Нақты / Actual", 14, False),
    ("detected_on", "Анықталды / Detected", 12, False),
    ("review_deadline", "Қарау мерзімі / Review by", 12, False),
    ("cause_analysis_deadline", "Себептерді талдау мерзімі / Cause analysis by", 14, False),
    ("recurrences", "Қайталану / Recurrences", 11, False),
    ("correction", "Түзету / Correction", 30, True),
    ("root_cause", "Себебі / Root cause", 30, True),
    ("action", "Түзету әрекеттері / Corrective action", 40, True),
    ("responsible", "Жауапты орындаушы / Responsible executor", 22, True),
    ("co_executors", "Бірлесіп орындаушылар / Co-executors", 22, True),
    ("due", "Орындау мерзімі / Due date", 14, True),
    ("result_mark", "Орындау нәтижелігі туралы белгі / Mark on the result", 24, True),
    ("checksum", "checksum", 10, False),
]
KEYS = [c[0] for c in COLUMNS]
HEADERS = {c[0]: c[1] for c in COLUMNS}
READ_ONLY = [c[0] for c in COLUMNS if not c[3] and c[0] != "checksum"]
EDITABLE = [c[0] for c in COLUMNS if c[3]]
DATE_KEYS = {"detected_on", "review_deadline", "cause_analysis_deadline", "due"}
TEXT_KEYS = {"correction", "root_cause", "action", "responsible", "co_executors", "result_mark"}


def norm(value: object) -> str:
    """A cell's value as text, the same whether it was read back as a date, a number or a string."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def checksum(values: Iterable[object]) -> str:
    return hashlib.sha256(json.dumps([norm(v) for v in values], ensure_ascii=False).encode()).hexdigest()[:20]


def row_values(row: NonconformityRow, lang: str) -> dict[str, Any]:
    latest = row.actions[-1] if row.actions else None
    return {
        "id": row.id,
        "status": row.status,
        "course_code": row.course_code,
        "course_title": row.course_title,
        "programme": row.programme,
        "department": row.department,
        "rule": row.rule,
        "severity": row.severity,
        "kind": row.kind,
        "description": getattr(row, f"description_{lang}", None) or row.description_en,
        "expected": row.expected,
        "actual": row.actual,
        "detected_on": row.detected_on,
        "review_deadline": row.review_deadline,
        "cause_analysis_deadline": row.cause_analysis_deadline,
        "recurrences": row.recurrences or 0,
        "correction": row.correction,
        "root_cause": row.root_cause,
        "action": latest.action if latest else None,
        "responsible": latest.responsible if latest else None,
        "co_executors": "; ".join(latest.co_executors or []) if latest else None,
        "due": latest.due if latest else None,
        "result_mark": latest.result_mark if latest else None,
    }
