"""The XLSX report writer alone, before and after a change, and XlsxWriter's own floor (issue 13).

    python benchmarks/xlsx_speed.py --register FILE [--before CHECKOUT] [--repeat 5] [--lang kk]

The register's latest run (a night's records) is built into a RunReport once and saved as JSON.
Then each measurement is a fresh interpreter: it imports the writer's spreadsheet library
(openpyxl or xlsxwriter, timed on its own, first thing), then the writer module, reads the
report (outside the clock) and times ``xlsx_writer.render`` in CPU seconds (``process_time``)
and wall seconds. BEFORE (``--before``, a ``git archive`` of the earlier commit) and AFTER (this
checkout) alternate, ``--repeat`` times each; medians are printed with ``uptime``.

The floor: XlsxWriter writing the same cells (the sheets' tables as the writer converts them,
converted outside the clock) with no styling at all: no formats, widths, filter, panes,
validation or print settings, so ``cells / CPU second`` is what the library itself costs; once
in its default (shared strings, in memory) mode and once in ``constant_memory`` mode.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
root, report_json, out, lib, mode = sys.argv[1:6]
sys.path.insert(0, root)
t0 = time.process_time()
__import__(lib)
lib_cpu = time.process_time() - t0
t0 = time.process_time()
from reports.writers import xlsx_writer
from reports.run_report import RunReport
module_cpu = time.process_time() - t0
report = RunReport.model_validate_json(open(report_json, encoding="utf-8").read())
if mode == "writer":
    c0, w0 = time.process_time(), time.perf_counter()
    path = xlsx_writer.render(report, out)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    cells = None
else:
    import xlsxwriter
    labels = report.labels
    tables = {"findings": report.record_table(), **report.summary_tables(), "coverage": report.coverage_table()}
    sheets = [[[xlsx_writer._cell_value(h) for h in t.columns]] + [[xlsx_writer._cell_value(v) for v in row] for row in t.rows]
              for t in (tables[n] for n in xlsx_writer.SHEETS)]
    cells = sum(len(r) for s in sheets for r in s)
    from datetime import date
    c0, w0 = time.process_time(), time.perf_counter()
    book = xlsxwriter.Workbook(out + "/floor.xlsx", {"in_memory": True} if mode == "floor" else {"constant_memory": True})
    for i, sheet in enumerate(sheets):
        ws = book.add_worksheet(f"S{i}")
        for r, row in enumerate(sheet):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, str):
                    ws.write_string(r, c, v)
                elif isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, date):
                    ws.write_datetime(r, c, v)
                else:
                    ws.write_number(r, c, v)
    book.close()
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
print(json.dumps({"lib_cpu": lib_cpu, "module_cpu": module_cpu, "cpu": cpu, "wall": wall, "cells": cells}))
"""


def build_report(register_file: Path, lang: str, dest: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from reports.assemble import build_run_report
    from reports.register.store import open_register

    with open_register(f"sqlite:///{register_file}") as register:
        report = build_run_report(register, register.runs()[-1].id, lang)  # type: ignore[arg-type]
    dest.write_text(report.model_dump_json(), encoding="utf-8")
    return len(report.entries)


def one(root: Path, report_json: Path, lib: str, mode: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="xlsx_speed.") as out:
        done = subprocess.run([sys.executable, "-c", CHILD, str(root), str(report_json), out, lib, mode],
                              check=True, capture_output=True, text=True, cwd=root)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--register", type=Path, required=True)
    parser.add_argument("--before", type=Path, help="a checkout of the earlier (openpyxl) writer")
    parser.add_argument("--before-lib", default="openpyxl")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", default="kk")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xlsx_speed."))
    report_json = work / "report.json"
    records = build_report(args.register, args.lang, report_json)
    print(f"report: {records} records, language {args.lang}")
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    sides = [("after", ROOT, "xlsxwriter", "writer")]
    if args.before:
        sides.insert(0, ("before", args.before, args.before_lib, "writer"))
    sides += [("floor", ROOT, "xlsxwriter", "floor"), ("floor-constant-memory", ROOT, "xlsxwriter", "floor-cm")]
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, *_ in sides}
    for _ in range(args.repeat):
        for name, root, lib, mode in sides:
            runs[name].append(one(root, report_json, lib, mode))
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    for name, _root, lib, _mode in sides:
        r = runs[name]

        def med(key: str, r: list[dict[str, float]] = r) -> float:
            return statistics.median(x[key] for x in r)

        each = ", ".join(f"{x['cpu']:.3f}" for x in r)
        line = (f"{name:22} render CPU {med('cpu'):.3f} s (runs {each}), wall {med('wall'):.3f} s; "
                f"import {lib} {med('lib_cpu'):.3f} s CPU, writer module {med('module_cpu'):.3f} s")
        if r[0]["cells"]:
            line += f"; {r[0]['cells']} cells, {r[0]['cells'] / med('cpu'):,.0f} cells/CPU s"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
