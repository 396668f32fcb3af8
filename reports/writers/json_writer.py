"""The whole run as JSON for machines: ``{"schema", "report", "records", "summary"}`` where
``report`` is the RunReport itself (``RunReport.model_validate(payload["report"])`` round-trips) and
``records`` the flattened records, with codes rather than labels. Text is exact, not escaped for
people: JSON escapes control characters itself, and an undecodable byte of a file name (a lone
surrogate) is written as its JSON escape (``reports.safe_text.json_safe``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson

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
    write_text(path, dumps(payload))
    return path


def dumps(payload: Any) -> str:
    """``json.dumps(payload, ensure_ascii=False, indent=2)``, the same text, through orjson's C
    encoder: with ``indent`` the standard library falls back to its pure-Python encoder (a tenth of
    a warm night's CPU). orjson writes the same text for str keys, str, int, bool, None, lists and
    dicts (key order kept, the same escapes) and for floats Python prints without an exponent; for
    anything else (NaN, 1e-05, int keys, a lone surrogate, an int over 64 bits), the standard
    library writes the text, as it always did."""
    if _orjson_same(payload):
        try:
            return orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError: a lone surrogate, an int over 64 bits
            pass
    return json_safe(json.dumps(payload, ensure_ascii=False, indent=2))


def _orjson_same(value: Any) -> bool:
    """Whether orjson writes ``value`` as the standard library does, strings and ints aside (orjson
    refuses the ones it cannot write). Floats: both print the shortest repr, but orjson writes
    exponents as ``1e16`` / ``0.00001`` where Python writes ``1e+16`` / ``1e-05``, and NaN as null."""
    stack = [value]
    while stack:
        v = stack.pop()
        t = type(v)
        if t is str or t is int or t is bool or v is None:
            continue
        if t is dict:
            for k in v:
                if type(k) is not str:
                    return False
            stack.extend(v.values())
        elif t is list:
            stack.extend(v)
        elif t is float:
            # NaN fails both comparisons; Python's repr has no exponent exactly in this range
            if not (v == 0.0 or 1e-4 <= abs(v) < 1e16):
                return False
        else:  # tuples, subclasses of str or int (enums): left to the standard library
            return False
    return True


register("json", ".json", render, "the run for machines (RunReport + flattened records)", weight=0.5)
