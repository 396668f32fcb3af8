"""Nightly-audit benchmarks: figures printed, not timed tests.

    python benchmarks/nightly.py [--files 1000] [--pdf-share 0.3] [--quick] [--keep DIR]
    python benchmarks/nightly.py --warm-only [--root CHECKOUT ...] [--repeat 3] [--keep DIR]
        [--work DIR] [--all-formats] [--cli] [--phases]

Builds N distinct syllabi from the fixture generator's corpus (DOCX written with varied course
codes in kk/ru/en; PDFs as copies of the corpus's LibreOffice exports made distinct by a trailing
comment, which changes their hash but not their content), then prints:

- DOCX and PDF documents per second on one core, and bare pdfplumber on the same PDFs
  (open, find_tables and extract_words on every page) with the ratio ours / bare;
- cold versus warm ``audit`` of all N files (2 workers, cache on);
- speed-up of a cold audit from 1 to 2 workers;
- peak memory (RSS) of one worker extracting a 150-page PDF.

``--warm-only`` measures only the warm re-audit (JSON report), for each ``--root`` checkout (a
``git archive`` of an earlier commit; default this one): one cold run fills each checkout's own
cache, then ``--repeat`` warm runs, alternating between the checkouts so they share the load,
and the median of each is printed (run / whole command). ``--all-formats`` writes every report
format (HTML, XLSX, CSV, JSON, plan DOCX, index) instead of JSON alone; ``--cli`` runs the
``syllabus-audit audit`` command itself (its own imports, options and summary) rather than
``run_audit``, and then prints the command's wall and CPU time (CPU: the figure a loaded machine
disturbs least); ``--work DIR`` keeps each checkout's cache and register in ``DIR/w<i>`` across
invocations, so the cold run (ten minutes for 300 files on a loaded machine) is made once.
``--phases`` (with ``--cli``) then makes one more warm run of each checkout, not counted in the
medians, that prints the wall time of each phase of the command (imports, the cache hits read and
decoded, the checks, identities, the register, the report, the writers, the exit), side by side,
and then each writer of those runs: the process it ran in, its start, end and CPU time, and the
writers' CPU in all against the stage's wall time (what the stage cannot go below on the cores
there are).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "corpus"


def build_files(folder: Path, n: int, pdf_share: float) -> tuple[list[Path], list[Path]]:
    from tests.fixtures.generator.docx_writer import write_docx
    from tests.fixtures.generator.specs import SPECS

    rng = random.Random(7)
    names = sorted(SPECS)
    pdfs = sorted(CORPUS.glob("*.pdf"))
    n_pdf = int(n * pdf_share)
    docx, pdf = [], []
    for i in range(n - n_pdf):
        spec = SPECS[names[i % len(names)]]
        ident = dataclasses.replace(spec.identity, course_code=f"BEN{i:05d}")
        path = folder / f"docx-{i:05d}.docx"
        write_docx(dataclasses.replace(spec, identity=ident), path)
        docx.append(path)
    for i in range(n_pdf):
        path = folder / f"pdf-{i:05d}.pdf"
        shutil.copy(rng.choice(pdfs), path)
        with open(path, "ab") as fh:
            fh.write(f"\n% benchmark copy {i}\n".encode())
        pdf.append(path)
    return docx, pdf


def per_core_rates(docx: list[Path], pdf: list[Path]) -> dict:
    import pdfplumber

    from extractors.api import extract_file

    extract_file(docx[0])  # imports and vocabulary loaded once, as in a worker
    t = time.perf_counter()
    for p in docx:
        extract_file(p)
    docx_rate = len(docx) / (time.perf_counter() - t)

    t = time.perf_counter()
    for p in pdf:
        with pdfplumber.open(p) as doc:
            for page in doc.pages:
                page.find_tables()
                page.extract_words()
                page.close()
    bare = len(pdf) / (time.perf_counter() - t)
    t = time.perf_counter()
    for p in pdf:
        extract_file(p)
    ours = len(pdf) / (time.perf_counter() - t)
    return {"docx_per_s": docx_rate, "pdf_per_s": ours, "bare_pdfplumber_per_s": bare, "pdf_ratio": ours / bare}


def audit_seconds(folder: Path, work: Path, workers: int, cache: bool, run_id: str,
                  formats: tuple[str, ...] | None = ("json",), root: Path = ROOT) -> tuple[float, float]:
    """One audit run in a fresh process, as cron starts one each night: (seconds of the run
    itself, seconds of the whole process with interpreter start-up and imports).

    Stops the benchmark when any file was not read: a fast run that failed files is no figure (a
    worker memory bug once made a 'cold' run of 1,000 files take 7.8 s)."""
    args = json.dumps({"folder": str(folder), "work": str(work), "workers": workers, "cache": cache,
                       "run_id": run_id, "formats": formats, "root": str(root)})
    t = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--one-run", args], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(f"run {run_id} failed: {out.stderr[-2000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["unreadable"]:
        raise SystemExit(f"run {run_id}: {result['unreadable']} files not read ({', '.join(result['errors'])})")
    return result["seconds"], wall


def cli_seconds(folder: Path, work: Path, run_id: str, formats: tuple[str, ...] | None,
                root: Path) -> tuple[float, float]:
    """One warm ``syllabus-audit audit`` of ``folder`` with checkout ``root``'s code, in a fresh
    process as cron starts it: (wall seconds, CPU seconds of the process, user + system)."""
    # the console script's target (since d190fd0 it ends without freeing the run; before, the group)
    code = (f"import sys; sys.path.insert(0, {str(root)!r}); sys.argv[0] = 'syllabus-audit'; "
            "from syllabus_audit.cli import main; main()")
    args = [sys.executable, "-c", code, "audit", str(folder), "--out", str(work / "out"),
            "--register", str(work / "register.sqlite3"), "--cache", str(work / "cache"), "--workers", "2",
            "--no-progress"]
    for f in formats or ():
        args += ["--report-format", f]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, cwd=work)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode not in (0, 1):  # 1: the night found nonconformities
        raise SystemExit(f"{root}: audit failed ({out.returncode}): {out.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# One warm ``audit`` command with each phase timed (wall, no profiler): the phases are the
# functions ``run_audit`` calls, wrapped where it looks them up; printed as JSON on the last line.
PHASES_CODE = """
import functools, json, os, sys, time
T0 = time.perf_counter()
sys.path.insert(0, {root!r})
marks = []
def wrap(owner, name, label):
    f = getattr(owner, name)
    @functools.wraps(f)
    def timed(*a, **k):
        t = time.perf_counter()
        try:
            return f(*a, **k)
        finally:
            marks.append((label, t - T0, time.perf_counter() - t))
    setattr(owner, name, timed)
from pipeline.cli import main
import pipeline.commands.audit
import pipeline.audit as pa
from reports.register.store import Register
marks.append(("imports", 0.0, time.perf_counter() - T0))
wrap(pa, "audit", "checks (batch rules)")
wrap(pa, "_identify", "identities")
wrap(pa, "_register_inputs", "register inputs")
wrap(Register, "record_run", "record_run")
wrap(pa, "build_run_report", "build_run_report")
wrap(pa, "render_reports", "writers")
# each writer, in whichever process runs it (forked children inherit the wrapper): its start, wall
# and CPU time, appended as a JSON line to $NIGHTLY_WRITERS (a child's marks are not this process's)
import reports.render as rr
run_renderer = getattr(rr, "run_renderer", None)  # a checkout before it (--root) has no lanes
def timed_renderer(r, *a, **k):
    t, c = time.perf_counter(), time.process_time()
    try:
        return run_renderer(r, *a, **k)
    finally:
        with open(os.environ["NIGHTLY_WRITERS"], "a") as fh:
            fh.write(json.dumps([r["name"], os.getpid(), t - T0, time.perf_counter() - t,
                                 time.process_time() - c]) + "\\n")
if run_renderer is not None:
    rr.run_renderer = timed_renderer
extract = pa.parallel_extract
def parallel_extract(*a, **k):
    many, precomputed, digests = extract(*a, **k)
    def timed(files):
        t = time.perf_counter()
        out = list(many(files))
        marks.append(("cache hits read and decoded", t - T0, time.perf_counter() - t))
        return iter(out)
    return timed, precomputed, digests
pa.parallel_extract = parallel_extract
import atexit
atexit.register(lambda: print(json.dumps({{"marks": marks, "atexit": time.perf_counter() - T0, "pid": os.getpid()}}),
                              file=sys.stderr))
main(prog_name="syllabus-audit")
"""


def cli_phases(folder: Path, work: Path, formats: tuple[str, ...] | None,
               root: Path) -> tuple[list, float, float, list]:
    """One warm ``audit`` command of ``root`` with its phases timed: (the phases as (label, start,
    seconds), the time its last ``atexit`` handler ran, the wall time of the whole process, and
    each writer as (format, process id, start, wall seconds, CPU seconds))."""
    args = [sys.executable, "-c", PHASES_CODE.format(root=str(root)), "audit", str(folder),
            "--out", str(work / "out"), "--register", str(work / "register.sqlite3"),
            "--cache", str(work / "cache"), "--workers", "2", "--no-progress"]
    for f in formats or ():
        args += ["--report-format", f]
    writers = work / "writers.jsonl"
    writers.unlink(missing_ok=True)
    t = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, cwd=work, env={**os.environ, "NIGHTLY_WRITERS": str(writers)})
    wall = time.perf_counter() - t
    if out.returncode not in (0, 1):
        raise SystemExit(f"{root}: audit failed ({out.returncode}): {out.stderr[-2000:]}")
    result = json.loads(out.stderr.strip().splitlines()[-1])
    lanes = [json.loads(line) for line in writers.read_text().splitlines()] if writers.exists() else []
    lanes = [[name, 0 if pid == result.get("pid") else pid, *times] for name, pid, *times in lanes]
    return result["marks"], result["atexit"], wall, lanes


def print_phases(phases: dict[Path, tuple[list, float, float, list]]) -> None:
    roots = list(phases)
    labels = list(dict.fromkeys(label for marks, *_ in phases.values() for label, _, _ in marks))
    print("phases of one more warm run each (wall seconds; exit: from the last atexit handler to the end):")
    print(f"  {'phase':<30}" + "".join(f"{str(r)[-18:]:>20}" for r in roots))
    for label in labels:
        cells = []
        for r in roots:
            took = sum(s for lab, _, s in phases[r][0] if lab == label)
            cells.append(f"{took:20.2f}")
        print(f"  {label:<30}" + "".join(cells))
    def after_writers(marks, at_exit):
        ends = [start + took for label, start, took in marks if label == "writers"]
        return at_exit - max(ends) if ends else float("nan")

    # the summary, then freeing the run as the command's frames go (before the atexit handlers)
    print(f"  {'after the writers, to atexit':<30}" + "".join(f"{after_writers(*phases[r][:2]):20.2f}" for r in roots))
    print(f"  {'exit':<30}" + "".join(f"{phases[r][2] - phases[r][1]:20.2f}" for r in roots))
    print(f"  {'whole command':<30}" + "".join(f"{phases[r][2]:20.2f}" for r in roots))
    print_writer_lanes(phases)


def print_writer_lanes(phases: dict[Path, tuple[list, float, float, list]]) -> None:
    """Each writer of those runs: the process it ran in (0: the command's own; each forked writer
    has its own), when it started and ended (seconds from the command's start) and its CPU; then
    the writers' CPU in all against the stage's wall time: on N cores the stage cannot end sooner
    than their CPU / N after it starts."""
    for root, (_marks, _at_exit, _wall, lanes) in phases.items():
        if not lanes:
            continue
        # ``cli_phases`` names the command's own process 0; each forked writer is numbered from 1
        pids = list(dict.fromkeys(pid for _, pid, *_ in sorted(lanes, key=lambda w: w[2]) if pid != 0))
        number = {0: 0, **{pid: i + 1 for i, pid in enumerate(pids)}}
        print(f"writers of {root} (seconds from the command's start; process 0 is the command's own):")
        print(f"  {'format':<12}{'process':>8}{'start':>8}{'end':>8}{'wall':>8}{'CPU':>8}")
        for name, pid, start, wall, cpu in sorted(lanes, key=lambda w: w[2]):
            print(f"  {name:<12}{number[pid]:>8}{start:8.2f}{start + wall:8.2f}{wall:8.2f}{cpu:8.2f}")
        first, last = min(w[2] for w in lanes), max(w[2] + w[3] for w in lanes)
        cpu = sum(w[4] for w in lanes)
        cores = os.cpu_count() or 1
        print(f"  first start to last end: {last - first:.2f} s; the writers' CPU in all: {cpu:.2f} s, "
              f"{cpu / cores:.2f} s on each of {cores} cores if shared evenly")


def one_run(args: dict) -> None:
    sys.path.insert(0, args.get("root", str(ROOT)))  # the checkout measured
    from pipeline.audit import AuditSettings, run_audit
    from pipeline.discovery import discover

    work = Path(args["work"])
    t = time.perf_counter()
    found = discover([Path(args["folder"])])
    settings = AuditSettings(paths=[Path(args["folder"])], out=work / "out",
                             register=f"sqlite:///{work / 'register.sqlite3'}", workers=args["workers"],
                             use_cache=args["cache"], cache_dir=work / "cache", run_id=args["run_id"],
                             formats=tuple(args["formats"]) if args["formats"] else None)
    outcome = run_audit(settings, [(f.path, f.sha256) for f in found.files], found.duplicates, now=datetime.now())
    checks = outcome.checks if hasattr(outcome, "checks") else outcome.result  # before AuditRun (--root)
    errors = sorted({type(d.error).__name__ for d in checks.documents if d.error})
    print(json.dumps({"seconds": time.perf_counter() - t, "unreadable": outcome.unreadable, "errors": errors}))


def peak_rss_150_pages(work: Path) -> dict:
    from pypdf import PdfReader, PdfWriter

    source = PdfReader(CORPUS / "long_plan_kk.pdf")
    writer = PdfWriter()
    while len(writer.pages) < 150:
        for page in source.pages:
            if len(writer.pages) < 150:
                writer.add_page(page)
    big = work / "150-pages.pdf"
    with open(big, "wb") as fh:
        writer.write(fh)
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across execve, so a child of this (large)
    # benchmark process would report the parent's peak; VmHWM belongs to the new address space.
    code = (
        "import json, sys, time; sys.path.insert(0, %r)\n"
        "def hwm():\n"
        "    return int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024\n"
        "from extractors.api import extract_file\n"
        "from checks.policy import load_policy\n"
        "limits = load_policy().limits.extraction_limits()\n"
        "base = hwm()\n"
        "t = time.perf_counter()\n"
        "try:\n    s = extract_file(%r, limits); outcome = 'read'\n"
        "except Exception as e:\n    outcome = type(e).__name__\n"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'outcome': outcome,\n"
        "  'rss_after_imports_mb': base, 'peak_rss_mb': hwm()}))\n"
    ) % (str(ROOT), str(big))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def warm_only(n: int, pdf_share: float, keep: Path | None, roots: list[Path], repeat: int,
              work_dir: Path | None = None, all_formats: bool = False, cli: bool = False,
              phases: bool = False) -> None:
    import statistics

    formats = None if all_formats else ("json",)
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        folder = keep or Path(tmp) / "syllabi"
        if not (folder.exists() and len(list(folder.iterdir())) == n):
            folder.mkdir(parents=True, exist_ok=True)
            build_files(folder, n, pdf_share)
        works = {}
        for i, root in enumerate(roots):
            works[root] = (work_dir or Path(tmp)) / f"w{i}"
            if (works[root] / "cache").is_dir():  # --work: filled by an earlier invocation
                continue
            works[root].mkdir(parents=True, exist_ok=True)
            cold, cold_wall = audit_seconds(folder, works[root], 2, True, "cold", root=root)
            print(f"{root}: cold {cold:.1f} s / {cold_wall:.1f} s (load {os.getloadavg()[0]:.1f})", flush=True)
        runs: dict[Path, list[tuple[float, float]]] = {r: [] for r in roots}
        loads = []
        for k in range(repeat):
            for root in roots:
                loads.append(os.getloadavg()[0])
                if cli:
                    runs[root].append(cli_seconds(folder, works[root], f"warm{k}", formats, root))
                else:
                    runs[root].append(audit_seconds(folder, works[root], 2, True, f"warm{k}", formats=formats, root=root))
        what = "every report format" if all_formats else "JSON report"
        pair = "whole command wall / CPU" if cli else "run / whole command"
        print(f"warm re-audit of {n} files, {what}, median of {repeat} ({pair}); "
              f"load {min(loads):.1f}-{max(loads):.1f}:")
        for root in roots:
            a = statistics.median(r for r, _ in runs[root])
            b = statistics.median(w for _, w in runs[root])
            print(f"  {root}: {a:.1f} s / {b:.1f} s  (each: "
                  + ", ".join(f"{r:.1f}/{w:.1f}" for r, w in runs[root]) + ")")
        if phases and cli:
            print_phases({root: cli_phases(folder, works[root], formats, root) for root in roots})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--pdf-share", type=float, default=0.3)
    parser.add_argument("--quick", action="store_true", help="100 files, for a smoke run")
    parser.add_argument("--keep", type=Path, help="build the files into this folder once and reuse them")
    parser.add_argument("--warm-only", action="store_true", help="only the warm re-audit, per --root")
    parser.add_argument("--root", type=Path, action="append", help="checkout to measure (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per checkout (--warm-only)")
    parser.add_argument("--work", type=Path, help="keep each checkout's cache and register here (--warm-only)")
    parser.add_argument("--all-formats", action="store_true", help="every report format, not JSON alone (--warm-only)")
    parser.add_argument("--cli", action="store_true", help="time the audit command itself (--warm-only)")
    parser.add_argument("--phases", action="store_true", help="then one run each with its phases timed (--cli)")
    parser.add_argument("--one-run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        one_run(json.loads(args.one_run))
        return
    n = 100 if args.quick else args.files
    if args.warm_only:
        warm_only(n, args.pdf_share, args.keep, args.root or [ROOT], args.repeat, args.work, args.all_formats, args.cli,
                  args.phases)
        return
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        folder = args.keep or tmp / "syllabi"
        if args.keep and args.keep.exists() and len(list(args.keep.iterdir())) == n:
            docx, pdf = sorted(folder.glob("*.docx")), sorted(folder.glob("*.pdf"))
            print(f"reusing {len(docx)} DOCX + {len(pdf)} PDF in {folder}")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            t = time.perf_counter()
            docx, pdf = build_files(folder, n, args.pdf_share)
            print(f"built {len(docx)} DOCX + {len(pdf)} PDF in {time.perf_counter() - t:.0f} s")

        sample_docx, sample_pdf = docx[: min(60, len(docx))], pdf[: min(20, len(pdf))]
        rates = per_core_rates(sample_docx, sample_pdf)
        print(f"DOCX, one core: {rates['docx_per_s']:.1f} documents/s  (target >= 30)")
        print(f"PDF, one core: {rates['pdf_per_s']:.2f} documents/s; bare pdfplumber {rates['bare_pdfplumber_per_s']:.2f}; "
              f"ratio {rates['pdf_ratio']:.2f}  (target >= 0.9)")

        work = tmp / "a"
        work.mkdir()
        cold, cold_wall = audit_seconds(folder, work, workers=2, cache=True, run_id="cold")
        warm, warm_wall = audit_seconds(folder, work, workers=2, cache=True, run_id="warm")
        full, full_wall = audit_seconds(folder, work, workers=2, cache=True, run_id="warm-all-formats", formats=None)
        print(f"audit of {n} files, 2 workers, each run a fresh process (run / whole command):")
        print(f"  cold {cold:.1f} s / {cold_wall:.1f} s; warm, JSON report {warm:.1f} s / {warm_wall:.1f} s "
              f"(warm target <= 5 s); warm, every report format (HTML, XLSX, CSV, plan DOCX) {full:.1f} s / {full_wall:.1f} s")

        subset = tmp / "subset"
        subset.mkdir()
        for p in sample_docx[:40] + sample_pdf[:12]:
            shutil.copy(p, subset / p.name)
        (tmp / "w1").mkdir()
        (tmp / "w2").mkdir()
        one, _ = audit_seconds(subset, tmp / "w1", workers=1, cache=False, run_id="w1")
        two, _ = audit_seconds(subset, tmp / "w2", workers=2, cache=False, run_id="w2")
        print(f"cold audit of {len(list(subset.iterdir()))} files: 1 worker {one:.1f} s, 2 workers {two:.1f} s, "
              f"speed-up {one / two:.2f}x")

        mem = peak_rss_150_pages(tmp)
        print(f"150-page PDF in one worker: {mem['outcome']} in {mem['seconds']:.1f} s, peak RSS {mem['peak_rss_mb']:.0f} MB "
              f"(after imports {mem['rss_after_imports_mb']:.0f} MB; target <= 300 MB)")


if __name__ == "__main__":
    main()
