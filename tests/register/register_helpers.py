"""Shared builders for the register tests: findings, syllabus refs, nights, and a dump of the
whole register to compare before and after."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, inspect, text

from checks.finding import Evidence, Finding, Messages
from reports.records import SyllabusRef

TABLES = ["runs", "id_counters", "nonconformities", "corrective_actions", "status_history", "alembic_version"]


def finding(rule="HRS001", key="hours/total", code="GMRK3301", *, file="syllabi/GMRK3301.docx", page=None,
            paragraph=None, actual="140", expected="150", root_cause=None, waived=False) -> Finding:
    return Finding(
        rule=rule,
        name=f"rule.{rule.lower()}",
        severity="major",
        kind="nonconformity",
        requirement="1 credit = 30 academic hours",
        message=Messages(kk=f"{rule}: сағаттар сәйкес емес ({key})", ru=f"{rule}: часы не сходятся ({key})",
                         en=f"{rule}: hours do not add up ({key})"),
        evidence=Evidence(file=file, page=page, paragraph=paragraph, location=key, expected=expected,
                          actual=actual, quote=f"Барлығы {actual}"),
        course_code=code,
        key=key,
        root_cause=root_cause,
        waived=waived,
    )


def ref(code="GMRK3301", file="syllabi/GMRK3301.docx", sha="a" * 64, title="Геометриялық модельдеу",
        department="Математика кафедрасы", programme="6B07204") -> SyllabusRef:
    return SyllabusRef(course_code=code, course_title=title, programme=programme, department=department,
                       file=file, file_sha256=sha)


def night(day: int, hour: int = 2) -> datetime:
    """Nights in March 2026 (2 March is a Monday)."""
    return datetime(2026, 3, day, hour, 0)


def dump(url: str) -> dict:
    """Every row of every register table, in a stable order: equal dumps = unchanged register."""
    engine = create_engine(url)
    out = {}
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        for table in TABLES:
            if table in present:
                rows = conn.execute(text(f"SELECT * FROM {table}")).all()
                out[table] = sorted(tuple(str(v) for v in r) for r in rows)
    engine.dispose()
    return out
