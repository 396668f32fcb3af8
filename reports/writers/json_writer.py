"""The whole run as JSON for machines: ``{"schema", "report", "records", "summary"}`` where
``report`` is the RunReport itself (``RunReport.model_validate(payload["report"])`` round-trips) and
``records`` the flattened records, with codes rather than labels. Text is exact, not escaped for
people: JSON escapes control characters itself, and an undecodable byte of a file name (a lone
surrogate) is written as its JSON escape (``reports.safe_text.json_safe``)."""

from __future__ import annotations

import json
from pathlib import Path

from reports.run_report import RunReport
from reports.safe_text import json_safe
from reports.writers._atomic import write_text
from reports.writers.registry import register

FILENAME = "report.json"
SCHEMA = "syllabus-audit/run-report/1"


def render(report: RunReport, out_dir: Path) -> Path:
    path = Path(out_dir) / FILENAME
    payload = {
        "schema": SCHEMA,
        "report": report.model_dump(mode="json"),
        "records": report.as_records(),
        "summary": {"changes": report.change_counts(), "verdicts": report.verdict_counts(),
                    # syllabi with parts not read, whatever their verdict: check them by hand
                    "incomplete": report.incomplete_count()},
    }
    write_text(path, json_safe(json.dumps(payload, ensure_ascii=False, indent=2)))
    return path


register("json", ".json", render, "the run for machines (RunReport + flattened records)")
