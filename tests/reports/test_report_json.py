"""JSON for machines: the RunReport round-trips; records carry codes, not labels."""

from __future__ import annotations

import json

from reports.run_report import RunReport
from reports.writers import json_writer


def test_round_trip(report: RunReport, tmp_path):
    path = json_writer.render(report, tmp_path)
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["schema"] == json_writer.SCHEMA
    assert RunReport.model_validate(payload["report"]) == report
    assert payload["records"] == report.as_records()
    assert payload["summary"]["changes"] == {"new": 4, "still_open": 1, "resolved": 1, "recurred": 1}
    assert "Гармония (күрделі курс)" in path.read_text(encoding="utf-8")  # not \u-escaped


def test_records_are_builtin_and_coded(report_kk: RunReport):
    rows = report_kk.as_records()
    assert {r["severity"] for r in rows} <= {"major", "minor", "observation"}
    assert {r["change"] for r in rows} == {"new", "still_open", "resolved", "recurred"}
    json.dumps(rows)  # builtin types only
