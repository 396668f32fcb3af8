"""Is the XLSX report the same workbook for a person after a change of its writer? (issue 13)

    python benchmarks/xlsx_same.py render OUT [--root CHECKOUT] [--register FILE]
    python benchmarks/xlsx_same.py compare BEFORE_DIR AFTER_DIR
    python benchmarks/xlsx_same.py same --before CHECKOUT [--register FILE] [--keep DIR] [--libreoffice]

``render`` writes ``report.<lang>.xlsx`` of the test factories' runs (kk/ru/en, the root-cause and
coverage runs, the hostile-text run of tests/reports/test_hostile_text.py and one more of this
script: formula-like cells, text over Excel's 32,767 limit, non-BMP characters, ``_x0041_``,
``#N/A``) and, with ``--register``, of every language of the register's latest run, with the
writer of ``--root`` (a ``git archive`` of an earlier commit; default this checkout). ``compare``
loads each pair with openpyxl and lists every difference, per sheet: title and order, every
cell's value and type, number format, bold, fill, alignment (wrap, vertical, horizontal, indent),
quote prefix, column widths, freeze panes, autofilter, data validations, outline levels, print
settings, header and footer, and the document title and language. ``same`` does both, BEFORE from
``--before``, AFTER from this checkout, and exits 1 when anything differs but the differences
listed in ``KNOWN`` (printed as "known"); ``--libreoffice`` also has LibreOffice Calc open every
workbook and save each sheet as CSV, and lists the sheets whose CSV differs from BEFORE's (the
cells of ``KNOWN`` do; so does ``_x000D_`` text, which LibreOffice read as a line break from
openpyxl's file and reads as the text itself from XlsxWriter's).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------------- the reports

def _hostile_cells_report(lang: str) -> Any:
    """The factory's run with the text a writer is most likely to get wrong, in every kind of cell."""
    from report_factory import build_report

    report = build_report(lang)
    long_text = ("Сағат жоспары " * 2400)[:33000] + "END"  # over 32,767 UTF-16 units
    long_astral = "𝔸𝔹" * 17000  # non-BMP: two UTF-16 units each
    texts = ["=cmd|' /C calc'!A0", "+SUM(1)", "-x", "@A1", "\t=1", "-5", "+3", "0,6", "#N/A", "_x0041_ and _x000D_",
             "😀 emoji 𝔸 math", "line one\nline two that is rather longer than forty characters, so it wraps",
             long_text, long_astral, "", " leading and trailing spaces "]
    entries = []
    for i, entry in enumerate(report.entries):
        text = texts[i % len(texts)]
        record = entry.record.model_copy(update={
            "description": entry.record.description.model_copy(update={lang: text}),
            "evidence": {**entry.record.evidence, "quote": texts[(i + 5) % len(texts)]},
            "actual": texts[(i + 9) % len(texts)],
        })
        entries.append(entry.model_copy(update={"record": record}))
    return report.model_copy(update={"entries": entries, "institution": "A & B =Институт 😀"})


def factory_reports() -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "tests" / "reports"))
    from report_factory import build_coverage_report, build_report, build_root_cause_report
    from test_hostile_text import hostile_report

    made: dict[str, Any] = {}
    for lang in ("kk", "ru", "en"):
        made[f"factory-{lang}"] = build_report(lang)
        made[f"hostile-{lang}"] = hostile_report(lang)
        made[f"cells-{lang}"] = _hostile_cells_report(lang)
    made["root-causes-kk"] = build_root_cause_report("kk")
    made["coverage-ru"] = build_coverage_report("ru")
    return made


def night_reports(register_file: Path) -> dict[str, Any]:
    from reports.assemble import build_run_report
    from reports.register.store import open_register

    made: dict[str, Any] = {}
    with open_register(f"sqlite:///{register_file}") as register:
        run_id = register.runs()[-1].id
        for lang in ("kk", "ru", "en"):
            made[f"night-{lang}"] = build_run_report(register, run_id, lang, institution="Университет & Co")
    return made


def render(out: Path, register_file: Path | None) -> None:
    from reports.writers import xlsx_writer

    reports = factory_reports()
    if register_file is not None:
        reports.update(night_reports(register_file))
    for name, report in reports.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        xlsx_writer.render(report, folder)


# ----------------------------------------------------------------------------- the comparison

def _colour(c: Any) -> str | None:
    # the alpha byte is not shown (openpyxl writes 00, XlsxWriter and Excel FF): compare RGB
    rgb = getattr(c, "rgb", None)
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def _cell(cell: Any) -> tuple[Any, ...]:
    a, f = cell.alignment, cell.fill
    return (type(cell.value).__name__, cell.value, cell.data_type, cell.number_format, bool(cell.font.bold),
            f.patternType, _colour(f.fgColor) if f.patternType else None,
            bool(a.wrap_text), a.vertical, a.horizontal, a.indent, bool(cell.quotePrefix))


CELL_FIELDS = ("type", "value", "data_type", "number_format", "bold", "fill", "fill_colour",
               "wrap", "vertical", "horizontal", "indent", "quote_prefix")


def _outline(pr: Any) -> tuple[bool, bool]:
    if pr is None:
        return (True, True)
    return (pr.summaryBelow is not False, pr.summaryRight is not False)


def _widths(ws: Any) -> list[float | None]:
    # a <col> element may span several columns with one width (XlsxWriter joins equal neighbours);
    # openpyxl keys it by its first column only
    widths: list[float | None] = [None] * ws.max_column
    for dim in ws.column_dimensions.values():
        if dim.customWidth:
            for c in range(dim.min, min(dim.max, ws.max_column) + 1):
                widths[c - 1] = dim.width
    return widths


def _sheet(ws: Any) -> dict[str, Any]:
    dvs = [(dv.type, dv.formula1, str(dv.sqref), bool(dv.allow_blank), bool(dv.showDropDown), bool(dv.showErrorMessage),
            bool(dv.showInputMessage), dv.error, dv.errorTitle, dv.prompt, dv.promptTitle, dv.errorStyle, dv.operator)
           for dv in ws.data_validations.dataValidation]
    ps, m = ws.page_setup, ws.page_margins
    return {
        "dimensions": ws.dimensions,
        "freeze_panes": ws.freeze_panes,
        "auto_filter": ws.auto_filter.ref,
        "widths": _widths(ws),
        "data_validations": dvs,
        "outline_rows": [(r, d.outlineLevel) for r, d in sorted(ws.row_dimensions.items()) if d.outlineLevel],
        "outline_summary": _outline(ws.sheet_properties.outlinePr),
        "outline_level_row": ws.sheet_format.outlineLevelRow or 0,
        # an attribute left out means the schema's default (fitToWidth 1, summaryRight true)
        "page": (ps.orientation, str(ps.paperSize), 1 if ps.fitToWidth is None else ps.fitToWidth, ps.fitToHeight,
                 bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)),
        "print_titles": ws.print_title_rows,
        "gridlines": (bool(ws.print_options.gridLines), ws.sheet_view.showGridLines is not False),
        "margins": (m.left, m.right, m.top, m.bottom, m.header, m.footer),
        "header": (ws.oddHeader.left.text, ws.oddHeader.center.text, ws.oddHeader.right.text),
        "footer": (ws.oddFooter.left.text, ws.oddFooter.center.text, ws.oddFooter.right.text),
    }


def _short(value: Any) -> str:
    if isinstance(value, str) and len(value) > 60:
        return f"{value[:20]!r}...{value[-20:]!r} ({len(value)} characters, {len(value.encode('utf-16-le')) // 2} UTF-16 units)"
    return repr(value)


def compare(before: Path, after: Path) -> list[str]:
    """Every difference a person could see between two workbooks (empty: the same)."""
    from openpyxl import load_workbook

    a, b = load_workbook(before), load_workbook(after)
    diffs: list[str] = []
    if a.sheetnames != b.sheetnames:
        return [f"sheets: {a.sheetnames} != {b.sheetnames}"]
    for key in ("title", "language"):
        va, vb = getattr(a.properties, key), getattr(b.properties, key)
        if va != vb:
            diffs.append(f"document {key}: {va!r} != {vb!r}")
    for wa, wb in zip(a.worksheets, b.worksheets):
        sa, sb = _sheet(wa), _sheet(wb)
        for key in sa:
            if sa[key] != sb[key]:
                diffs.append(f"{wa.title}: {key}: {sa[key]!r} != {sb[key]!r}")
        rows = max(wa.max_row, wb.max_row)
        cols = max(wa.max_column, wb.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                ca, cb = _cell(wa.cell(row=r, column=c)), _cell(wb.cell(row=r, column=c))
                if ca != cb:
                    what = [f"{n}: {_short(x)} != {_short(y)}" for n, x, y in zip(CELL_FIELDS, ca, cb) if x != y]
                    diffs.append(f"{wa.title}!{wa.cell(row=r, column=c).coordinate}: " + "; ".join(what))
    return diffs


# What the XlsxWriter writer does differently on purpose (issue 13), told apart from a regression:
# - no dc:language in the document properties: XlsxWriter has no such property (Excel shows none);
# - the sheet's outlineLevelRow is the deepest outline level used, as Excel writes it (openpyxl: 0);
# - text over Excel's 32,767 UTF-16 units is cut there, where openpyxl cut at 32,767 characters
#   (so non-BMP text came out longer than a cell may hold).
KNOWN = (
    re.compile(r"document language: '(kk|ru|en)' != None$"),
    re.compile(r": outline_level_row: 0 != 1$"),
    re.compile(r"![A-Z]+\d+: value: .*\(32767 characters, (\d+) UTF-16 units\) != .* UTF-16 units\)$"),
)


def _known(diff: str) -> bool:
    m = [k.search(diff) for k in KNOWN]
    if m[2] and int(m[2].group(1)) <= 32767:
        return False  # only text that was over the limit may differ
    return any(m)


def compare_dirs(before: Path, after: Path) -> int:
    pairs = sorted(p.relative_to(before) for p in before.rglob("*.xlsx"))
    if not pairs:
        print(f"no workbooks under {before}")
        return 2
    failed = 0
    for rel in pairs:
        diffs = compare(before / rel, after / rel)
        cells = sum(ws.max_row * ws.max_column for ws in __import__("openpyxl").load_workbook(after / rel).worksheets)
        unknown = [d for d in diffs if not _known(d)]
        print(f"{rel}: {'same' if not unknown else f'{len(unknown)} differences'} ({cells} cells"
              f"{f', {len(diffs) - len(unknown)} known' if len(diffs) > len(unknown) else ''})")
        for d in diffs[:40]:
            print("   ", d if d in unknown else f"known: {d[:160]}")
        failed += bool(unknown)
    return 1 if failed else 0


def libreoffice_csv(before: Path, after: Path, work: Path) -> int:
    """Each workbook opened by LibreOffice Calc and saved as CSV, one file per sheet; the two sides
    compared. A file LibreOffice cannot load fails; differing sheets are listed."""
    import filecmp
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed")
        return 2
    # comma, double quote, UTF-8 (76), first line 1, every sheet to its own file (-1)
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    failed = 0
    for side, folder in (("before", before), ("after", after)):
        for book in sorted(folder.rglob("*.xlsx")):
            dest = work / "csv" / side / book.parent.relative_to(folder)
            dest.mkdir(parents=True, exist_ok=True)
            subprocess.run([soffice, f"-env:UserInstallation=file://{work}/lo-profile", "--headless",
                            "--convert-to", csv_filter, "--outdir", str(dest), str(book)], capture_output=True, timeout=300)
            if not any(dest.glob(f"{book.stem}-*.csv")):
                print(f"LibreOffice could not open {book}")
                failed += 1
    sheets = sorted(p.relative_to(work / "csv" / "after") for p in (work / "csv" / "after").rglob("*.csv"))
    differ = [str(p) for p in sheets if not (work / "csv" / "before" / p).exists()
              or not filecmp.cmp(work / "csv" / "before" / p, work / "csv" / "after" / p, shallow=False)]
    print(f"LibreOffice: {len(sheets)} sheets opened and saved as CSV; different from before: {differ or 'none'}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render")
    r.add_argument("out", type=Path)
    r.add_argument("--root", type=Path, default=ROOT)
    r.add_argument("--register", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    s = sub.add_parser("same")
    s.add_argument("--before", type=Path, required=True, help="a checkout of the earlier writer")
    s.add_argument("--register", type=Path)
    s.add_argument("--keep", type=Path)
    s.add_argument("--libreoffice", action="store_true", help="also open every workbook in LibreOffice Calc (CSV)")
    args = parser.parse_args()
    if args.command == "render":
        sys.path.insert(0, str(args.root.resolve()))
        render(args.out, args.register)
        return 0
    if args.command == "compare":
        return compare_dirs(args.before, args.after)
    work = args.keep or Path(tempfile.mkdtemp(prefix="xlsx_same."))
    for side, root in (("before", args.before), ("after", ROOT)):
        cmd = [sys.executable, __file__, "render", str(work / side), "--root", str(root)]
        if args.register:
            cmd += ["--register", str(args.register)]
        subprocess.run(cmd, check=True, cwd=root)
    status = compare_dirs(work / "before", work / "after")
    if args.libreoffice:
        status = max(status, libreoffice_csv(work / "before", work / "after", work))
    return status


if __name__ == "__main__":
    sys.exit(main())
