"""PDF extraction end to end, side by side with bare pdfplumber, start-up included.

    python benchmarks/pdf_speed.py [--repeat 3] [--root CHECKOUT ...] [--profile N] [--split]
        [--phases] [--check DOCX] [FILE_OR_DIR ...]

Default files: data/samples/*.pdf (LibreOffice exports of the sample syllabi). Each round runs,
one after the other, each in a fresh interpreter:

- bare: ``import pdfplumber``, then for every page of every file ``find_tables()`` and
  ``extract_words()`` (pdfplumber's table and text pass, the floor of any reader built on it);
- for each ``--root`` checkout (default this one): ``syllabus-audit extract FILES`` as a person
  runs it (its worker, limits, the JSON it prints).

Rounds alternate the commands so they share the load; the median wall and CPU time (user + sys
of the command and its worker) of ``--repeat`` rounds are printed with the ratio bare / ours
(the goal of issue 13: >= 0.9). ``--profile N`` then profiles ``extract_file`` of the files in
one process, N passes, and prints the top of the profile (CPU time). ``--split`` then splits the
CPU time of one process into what bare pdfplumber and ``extract`` share and what only
``extract`` pays: start-up imports, the vocabulary, pdfminer's parse (``page.objects``),
``find_tables``, our page work against bare ``extract_words``, and the interpreter. ``--phases``
then splits ``extract``'s time by process, for each ``--root``: the parent's start-up until the
workers are forked (wall and CPU), the parent's CPU after it, and the workers' CPU. ``--check
DOCX`` then times ``check DOCX`` for each ``--root`` (the goal: <= 1 s wall), interleaved with
``python -c pass``.

The figures are measurements, not tests.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "data" / "samples"]

BARE = (
    "import sys, pdfplumber\n"
    "for p in sys.argv[1:]:\n"
    "    with pdfplumber.open(p) as doc:\n"
    "        for page in doc.pages:\n"
    "            page.find_tables()\n"
    "            page.extract_words()\n"
    "            page.close()\n"
)
# the console script's target (since d190fd0 it ends without freeing what it read; before, the group)
OURS = "import sys\nsys.argv[0] = 'syllabus-audit'\nfrom syllabus_audit.cli import main\nmain()\n"
# ``extract`` as OURS runs it, reporting (on stderr, at exit) the wall and CPU time of its parent
# until the workers are forked, and the CPU of its parent after that and of its workers.
PHASES = (
    "import atexit, resource, sys, time\n"
    "t0 = time.perf_counter()\n"
    "import pipeline.executors as ex\n"
    "fork = []\n"
    "get_pool = ex.LocalExecutor._get_pool\n"
    "def timed_get_pool(self):\n"
    "    fork.append((time.perf_counter() - t0, time.process_time()))\n"
    "    return get_pool(self)\n"
    "ex.LocalExecutor._get_pool = timed_get_pool\n"
    "def report():\n"
    "    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "    wall, cpu = fork[0] if fork else (float('nan'), float('nan'))\n"
    "    print('PHASES', wall, cpu, me.ru_utime + me.ru_stime - cpu, kids.ru_utime + kids.ru_stime,\n"
    "          time.perf_counter() - t0, file=sys.stderr)\n"
    "atexit.register(report)\n"
    "sys.argv[0] = 'syllabus-audit'\n"
    + OURS
)


def pdf_files(args: list[Path]) -> list[Path]:
    out: list[Path] = []
    for a in args or DEFAULT:
        out += sorted(a.glob("*.pdf")) if a.is_dir() else [a]
    return [p.resolve() for p in out]


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall s, CPU s of the process tree, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def profile(files: list[Path], root: Path, passes: int, top: int = 30) -> None:
    sys.path.insert(0, str(root))
    from extractors.api import extract_file

    for p in files:
        extract_file(p)  # imports and vocabulary, as in a worker
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    for _ in range(passes):
        for p in files:
            extract_file(p)
    prof.disable()
    for order in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(order).print_stats(top)
        text = buf.getvalue()
        print(text[text.index("   ncalls"):] if "   ncalls" in text else text)


def split(files: list[Path], root: Path) -> None:
    """Where one process's CPU time goes, each step timed on its own (second pass: warm)."""
    clock = time.process_time
    import pdfplumber  # imported by main() already: its cost is taken in fresh interpreters

    bare_start = statistics.median(timed([sys.executable, "-c", "import pdfplumber"], ROOT)[1] for _ in range(3))
    python_start = statistics.median(timed([sys.executable, "-c", "pass"], ROOT)[1] for _ in range(3))
    parts = {"import pdfplumber (fresh interpreter, less python's start)": bare_start - python_start}
    sys.path.insert(0, str(root))
    t = clock()
    from extractors import api
    from extractors.pdf_reader.page import TABLE_SETTINGS, PageReader

    parts["import extractors.api (our reader, its limits, the model)"] = clock() - t
    t = clock()
    from extractors.vocabulary import default_vocabulary

    default_vocabulary()
    parts["vocabulary (spaCy), once per process"] = clock() - t
    steps = dict.fromkeys(("pdfminer parse (page.objects)", "find_tables", "our page work (PageReader)",
                           "bare extract_words"), 0.0)
    for p in files:
        with pdfplumber.open(p) as doc:
            reader = PageReader()
            for page in doc.pages:
                t = clock()
                _ = page.objects
                steps["pdfminer parse (page.objects)"] += clock() - t
                t = clock()
                tables = page.find_tables(TABLE_SETTINGS)
                steps["find_tables"] += clock() - t
                t = clock()
                # read_page's own work after find_tables (which is timed above)
                reader._read(page.page_number, float(page.height), float(page.width), page.chars, tables)
                steps["our page work (PageReader)"] += clock() - t
                t = clock()
                page.extract_words()
                steps["bare extract_words"] += clock() - t
                page.close()
    parts.update(steps)
    raws = [api.read_raw(p) for p in files]
    original = api.read_raw
    for label in ("interpreter, first documents", "interpreter, warm"):
        t = clock()
        for p, raw in zip(files, raws):
            api.read_raw = lambda *_a, raw=raw, **_k: raw
            api.extract_file(p)
        api.read_raw = original
        parts[label] = clock() - t
    print(f"{'CPU s of one process, by step':<66} {'s':>6}")
    for name, seconds in parts.items():
        print(f"{name:<66} {seconds:6.2f}")


def phases(files: list[Path], roots: list[Path], repeat: int) -> None:
    """``extract`` of each checkout split by process (median of ``repeat`` runs, interleaved): the
    parent's start-up until the workers are forked (wall and CPU), the parent's CPU after the fork
    (waiting, decoding, printing) and the workers' CPU (the files' reading and interpreting)."""
    names = [str(p) for p in files]
    runs: dict[Path, list[list[float]]] = {r: [] for r in roots}
    for _ in range(repeat):
        for root in roots:
            done = subprocess.run([sys.executable, "-c", PHASES, "extract", *names], cwd=root,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            line = next((x for x in done.stderr.splitlines() if x.startswith("PHASES ")), None)
            if line is not None:
                runs[root].append([float(x) for x in line.split()[1:]])
    print(f"{'extract, by process (s)':<44} {'fork at':>8} {'cpu':>6} {'parent after':>13} {'workers':>8} {'wall':>6}")
    for root, rs in runs.items():
        if rs:
            cols = [statistics.median(r[i] for r in rs) for i in range(5)]
            print(f"{root!s:<44} {cols[0]:8.2f} {cols[1]:6.2f} {cols[2]:13.2f} {cols[3]:8.2f} {cols[4]:6.2f}")


def check_one(docx: Path, roots: list[Path], repeat: int) -> None:
    """``check DOCX`` of each checkout (issue 13: <= 1 s wall), rounds interleaved with a bare
    interpreter's start-up, median wall and CPU of ``repeat`` rounds."""
    commands = {"python -c pass": ([sys.executable, "-c", "pass"], ROOT)}
    for root in roots:
        commands[f"check ({root})"] = ([sys.executable, "-c", OURS, "check", str(docx)], root)
    runs: dict[str, list[tuple[float, float, int]]] = {k: [] for k in commands}
    print(f"check {docx.name}; load {' '.join(f'{x:.1f}' for x in os.getloadavg())}; median of {repeat}")
    for _ in range(repeat):
        for name, (cmd, cwd) in commands.items():
            runs[name].append(timed(cmd, cwd))
    for name, rs in runs.items():
        print(f"{name:<60} {statistics.median(w for w, _, _ in rs):7.2f} {statistics.median(c for _, c, _ in rs):7.2f}"
              f"  {sorted({e for _, _, e in rs})}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, action="append", help="checkout to measure (repeatable)")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--split", action="store_true", help="then split one process's CPU time by step")
    parser.add_argument("--phases", action="store_true",
                        help="then split extract's time by process: the parent until the fork, after it, the workers")
    parser.add_argument("--check", type=Path, metavar="DOCX",
                        help="then time `check DOCX` per --root, interleaved, against `python -c pass`")
    args = parser.parse_args()
    files = pdf_files(args.paths)
    roots = [r.resolve() for r in (args.root or [ROOT])]
    import pdfplumber

    pages = 0
    for p in files:
        with pdfplumber.open(p) as doc:
            pages += len(doc.pages)
    names = [str(p) for p in files]
    commands = {"bare pdfplumber": ([sys.executable, "-c", BARE, *names], ROOT)}
    for root in roots:
        commands[f"extract ({root})"] = ([sys.executable, "-c", OURS, "extract", *names], root)
    print(f"{len(files)} PDF, {pages} pages; python {sys.version.split()[0]}; {os.cpu_count()} cores; "
          f"load {' '.join(f'{x:.1f}' for x in os.getloadavg())}; median of {args.repeat}")
    runs: dict[str, list[tuple[float, float, int]]] = {k: [] for k in commands}
    for _ in range(args.repeat):
        for name, (cmd, cwd) in commands.items():
            runs[name].append(timed(cmd, cwd))
    bare_wall = statistics.median(w for w, _, _ in runs["bare pdfplumber"])
    bare_cpu = statistics.median(c for _, c, _ in runs["bare pdfplumber"])
    print(f"{'command':<60} {'wall s':>7} {'cpu s':>7} {'bare/ours wall':>15} {'cpu':>6}  exit")
    for name, rs in runs.items():
        wall = statistics.median(w for w, _, _ in rs)
        cpu = statistics.median(c for _, c, _ in rs)
        print(f"{name:<60} {wall:7.2f} {cpu:7.2f} {bare_wall / wall:15.2f} {bare_cpu / cpu:6.2f}  "
              f"{sorted({e for _, _, e in rs})}")
    print(f"load after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.check:
        check_one(args.check.resolve(), roots, args.repeat)
    if args.phases:
        phases(files, roots, args.repeat)
    if args.profile:
        profile(files, roots[-1], args.profile)
    if args.split:
        split(files, roots[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
