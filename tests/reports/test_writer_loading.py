"""A run imports only the writers of the formats it writes, and no writer needs pandas (issue 13:
openpyxl and pandas were 1.2 s of every warm night, JSON-only ones included). The writers' cells
(``RunReport.record_table`` and the other tables) are the pandas frames' cells, and the CSV is the
file pandas' ``to_csv`` wrote before."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from report_factory import build_coverage_report, build_report
from test_hostile_text import hostile_report

from reports import writers
from reports.render import available_formats, render_reports
from reports.safe_text import shown
from reports.writers import csv_writer
from reports.writers._cells import neutralise
from reports.writers.registry import renderers

ROOT = Path(__file__).resolve().parents[2]


def test_each_writer_module_is_named_after_its_format():
    every = renderers()
    assert available_formats() == sorted(every)
    for name, renderer in every.items():
        assert renderer["render"].__module__ == writers.module_of(name)


def _fresh(code: str, tmp_path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": f"{ROOT}:{ROOT / 'tests' / 'reports'}:{ROOT / 'tests'}",
                              "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    return json.loads(out.stdout.strip().splitlines()[-1])


HEAVY = ["pandas", "openpyxl", "docx", "jinja2"]


def test_a_json_report_imports_no_other_writer_and_no_pandas(tmp_path):
    code = (
        "import json, sys\n"
        "from report_factory import build_report\n"
        "from reports.render import available_formats, render_reports\n"
        "names = available_formats()\n"
        "before = sorted(m for m in sys.modules if m.endswith('_writer'))\n"
        f"paths = render_reports(build_report('kk'), {str(tmp_path / 'out')!r}, ['json'])\n"
        "after = sorted(m for m in sys.modules if m.endswith('_writer'))\n"
        f"print(json.dumps({{'names': names, 'before': before, 'after': after, 'paths': [str(p) for p in paths],"
        f" 'heavy': [m for m in {HEAVY!r} if m in sys.modules]}}))\n"
    )
    seen = _fresh(code, tmp_path)
    assert "xlsx" in seen["names"] and "plan-docx" in seen["names"]
    assert seen["before"] == []  # the option's choices import no writer
    assert seen["after"] == ["reports.writers.json_writer"]
    assert seen["heavy"] == []
    assert [Path(p).name for p in seen["paths"]] == ["report.json"]


def test_every_format_is_written_without_pandas(tmp_path):
    code = (
        "import json, sys\n"
        "from report_factory import build_report\n"
        "from reports.render import render_reports\n"
        f"paths = render_reports(build_report('ru'), {str(tmp_path / 'out')!r})\n"
        "print(json.dumps({'files': sorted({p.suffix for p in paths}), 'pandas': 'pandas' in sys.modules}))\n"
    )
    seen = _fresh(code, tmp_path)
    assert seen == {"files": [".csv", ".docx", ".html", ".json", ".xlsx"], "pandas": False}


def _cells(frame: pd.DataFrame) -> list[list]:
    return [[None if (v is pd.NA or (isinstance(v, float) and v != v)) else v for v in row]
            for row in frame.astype(object).itertuples(index=False)]


def test_the_tables_are_the_frames():
    for report in (build_report("kk"), hostile_report("en"), build_coverage_report("ru")):
        for localised in (True, False):
            pairs = [(report.record_table(localised), report.to_frame(localised)),
                     (report.coverage_table(localised), report.coverage_frame(localised))]
            frames = report.summary_frames(localised)
            pairs += [(t, frames[name]) for name, t in report.summary_tables(localised).items()]
            for table, frame in pairs:
                assert table.columns == list(frame.columns)
                assert table.rows == _cells(frame)


def test_the_csv_is_what_pandas_wrote(tmp_path):
    """Byte for byte the file of the pandas writer this one replaced (text escaped, formulas
    neutralised, ``to_csv`` with the same options)."""
    for lang in ("kk", "en"):
        report = hostile_report(lang)
        e = report.entries[0]
        report = report.model_copy(update={"entries": [e.model_copy(update={"record": e.record.model_copy(
            update={"actual": "=cmd|' /C calc'!A0", "expected": "-5"})}), *report.entries[1:]]})
        path = csv_writer.render(report, tmp_path)
        frame = report.to_frame()
        for col in frame.columns:
            if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
                frame[col] = frame[col].map(lambda v: neutralise(shown(v))).astype(object)
        frame.columns = [shown(c) for c in frame.columns]
        expected = tmp_path / "pandas.csv"
        frame.to_csv(expected, index=False, sep=csv_writer.delimiter_for(lang), encoding="utf-8-sig",
                     lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL, date_format="%Y-%m-%d")
        assert path.read_bytes() == expected.read_bytes()
        assert "'=cmd" in path.read_text(encoding="utf-8-sig")


def test_an_unknown_format_is_refused_before_anything_is_written(tmp_path):
    try:
        render_reports(build_report("en"), tmp_path / "out", ["json", "pdf"])
    except ValueError as exc:
        assert "pdf" in str(exc) and "xlsx" in str(exc)
    else:
        raise AssertionError("an unknown format was accepted")
    assert not (tmp_path / "out").exists()
