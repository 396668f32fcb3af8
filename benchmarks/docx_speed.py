"""DOCX reading speed side by side with bare python-docx, per document, warm in one process.

    python benchmarks/docx_speed.py [--repeat 5] [--cold] [--frozen] [--profile N] [--split N]
                                    [--max-bytes B] [--root CHECKOUT] [--against CHECKOUT [--rounds N]]
                                    [FILE_OR_DIR ...]

Default files: data/samples/*.docx and the real development corpus
(../shared/real-syllabi/docs/*.docx). Each document is read once to warm the process (imports,
spaCy's vocabulary, caches of earlier documents do not count against the first one), then
``--repeat`` times by each of:

- bare: ``docx.Document(path)``, then every table's every cell's text and every paragraph's text
  (python-docx's own parse, the floor any DOCX reader pays);
- read: our reader alone (``read_raw``: checks, XML walk, grid building);
- extract: the whole ``extract_file`` (read + interpreter);

and the median is printed per document, with documents/s and the ratio extract / bare.
Times are CPU time of this process (``time.process_time``): the machine is shared, and wall
time there measures the neighbours as much as the code.

The interpreter caches its answers per distinct text (bounded caches, kept for the life of a
worker). A repeat of a document finds its texts cached: ``--cold`` clears those caches before
every timed call, so each document is read as if nothing like it had been seen (what a first
file of a new template costs); without it the figures are those of texts seen before (every
template's boilerplate, in a nightly run over thousands of files).

``--frozen`` freezes the garbage collector's objects after the warm-up (``gc.freeze``), as a
pool worker has them: the coordinator preloads spaCy and the vocabulary, freezes, then forks
(pipeline/executors.py), so a worker's collections never walk those objects. Without it, the
collections that the documents' allocations set off walk spaCy's objects too, a sixth of the
whole extract's time here (measured: 48 ms a document with the collector as it is, 41.5 frozen,
39.9 with no collector at all). Both are worth reading: without ``--frozen`` is what a
one-process ``extract`` pays, with it what the nightly run's workers pay.

``--profile N`` profiles the interpreter alone over N passes of the files with cProfile and
prints the top of the profile by own time and by cumulative time. ``--split N`` profiles the
whole warm ``extract_file`` over N passes (cProfile on CPU time) and prints where it goes: the
reader's package opening (python-docx's ``PackageReader``, the XML parse), style names, the walk
over the body, headers, and the interpreter, each as a share of the whole. ``--root CHECKOUT`` measures
the code of another checkout (a ``git archive`` of an earlier commit), for before/after figures
taken side by side under the same load.

``--against CHECKOUT`` measures ``--root`` against another checkout in ONE process, round by
round: each round times our reader, the interpreter and the whole extract over all the files,
for the one tree then the other (the order alternating), and the medians of ``--rounds`` are
printed with their ratio. Two processes run one after the other see different neighbours on a
shared machine (a busy sibling hyperthread slows even CPU time by a third or more, for minutes);
rounds interleaved in one process see the same. Each tree keeps its own modules (and so its own
caches and vocabulary): its ``extractors`` modules are put in ``sys.modules`` before its round,
as the readers import some of them when first called.

The figures are measurements, not tests.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "data" / "samples", ROOT.parent / "shared" / "real-syllabi" / "docs"]
COLD = False


_caches_found: list | None = None


def text_caches() -> list:
    """The extractors' per-text caches (not the one-entry vocabulary loader), found once: called
    before ``gc.freeze`` (``--frozen``), since ``gc.get_objects()`` lists no frozen object, and a
    search after the freeze found none, so ``--cold --frozen`` cleared nothing (its figures were
    warm ones until this was found, issue 13)."""
    global _caches_found
    if _caches_found is None:
        _caches_found = [o for o in gc.get_objects() if isinstance(o, functools._lru_cache_wrapper)
                         and (getattr(o, "__module__", "") or "").startswith("extractors")
                         and o.cache_info().maxsize not in (None, 1)]
    return _caches_found


def docx_files(args: list[Path], max_bytes: int) -> list[Path]:
    out: list[Path] = []
    for a in args or DEFAULT:
        out += sorted(a.glob("*.docx")) if a.is_dir() else [a]
    for p in [p for p in out if p.stat().st_size > max_bytes]:
        # mirea_work_programmes_70_ru.docx (2.8 MB, 70 programmes in one file) is no seed-sized
        # syllabus: bare python-docx alone spends over a minute in row.cells on it.
        print(f"skipped {p.name}: {p.stat().st_size / 1e6:.1f} MB > --max-bytes", file=sys.stderr)
        out.remove(p)
    return out


def bare(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    n = 0
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                n += len(cell.text)
    for paragraph in document.paragraphs:
        n += len(paragraph.text)
    return n


def read(path: Path):
    from extractors.api import read_raw

    return read_raw(path)


def extract(path: Path):
    from extractors.api import extract_file
    from extractors.errors import NotASyllabus

    try:
        return extract_file(path)
    except NotASyllabus:  # a template without a body is read all the same
        return None


def timed(fn, path: Path, repeat: int) -> float:
    caches = text_caches() if COLD else []
    times = []
    for _ in range(repeat):
        for cache in caches:
            cache.cache_clear()
        t0 = time.process_time()
        fn(path)
        times.append(time.process_time() - t0)
    return statistics.median(times)


def profile(paths: list[Path], passes: int, top: int = 25) -> None:
    from extractors.interpret import interpret

    raws = [read(p) for p in paths]
    for raw in raws:
        interpret(raw)  # warm
    caches = text_caches() if COLD else []
    prof = cProfile.Profile()
    elapsed = 0.0
    for _ in range(passes):
        for raw in raws:
            for cache in caches:
                cache.cache_clear()
            t0 = time.process_time()
            prof.enable()
            interpret(raw)
            prof.disable()
            elapsed += time.process_time() - t0
    print(f"\ninterpreter under cProfile: {passes} x {len(raws)} documents, "
          f"{1000 * elapsed / (passes * len(raws)):.1f} ms per document (profiler overhead included)")
    for order in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(order).print_stats(top)
        text = buf.getvalue()
        print(text[text.index("   ncalls"):] if "   ncalls" in text else text)


# (label, file name, function): cumulative CPU time of each, where the measured code has it.
# The before-code (python-docx's Package.open, style objects) and the after-code
# (docx_package.open_package) have different functions; a row absent from the code is omitted.
SPLIT = [
    ("whole extract_file", "api.py", "extract_file"),
    ("  reader (read_docx)", "docx_reader.py", "read_docx"),
    ("    package opening, ours (docx_package.open_package)", "docx_package.py", "open_package"),
    ("    package opening, python-docx (Package.open)", "package.py", "open"),
    ("      python-docx PackageReader.from_file (ZIP, content types, rels)", "pkgreader.py", "from_file"),
    ("      lxml parse, ours (document, headers; other parts when new)", "docx_package.py", "_parse"),
    ("      lxml parse, python-docx (parse_xml of every part)", "parser.py", "parse_xml"),
    ("    style names from python-docx's objects", "docx_reader.py", "_style_names"),
    ("    walk over the body (read_blocks)", "docx_reader.py", "read_blocks"),
    ("    headers and footers", "docx_reader.py", "_header_footer_texts"),
    ("    tracked changes", "docx_reader.py", "_has_tracked_changes"),
    ("    sections and tracked changes (one pass)", "docx_reader.py", "_sections_and_tracking"),
    ("    ZIP checks before opening", "docx_reader.py", "_check_expansion"),
    ("  interpreter (interpret)", "__init__.py", "interpret"),
]


def split(paths: list[Path], passes: int, frozen: bool = False) -> None:
    for p in paths:
        extract(p)  # warm
    if frozen:
        gc.freeze()
    prof = cProfile.Profile(time.process_time)
    for _ in range(passes):
        for p in paths:
            prof.enable()
            extract(p)
            prof.disable()
    stats = pstats.Stats(prof).stats
    cumulative: dict[tuple[str, str], float] = {}
    for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.items():
        key = (Path(filename).name, function)
        cumulative[key] = cumulative.get(key, 0.0) + ct
    n = passes * len(paths)
    whole = cumulative.get(("api.py", "extract_file"), 0.0)
    print(f"\nwhole warm extract under cProfile (CPU time, profiler overhead included): "
          f"{passes} x {len(paths)} documents")
    print(f"{'':72} {'ms/doc':>7} {'share':>6}")
    for label, filename, function in SPLIT:
        if (filename, function) in cumulative:
            t = cumulative[(filename, function)]
            print(f"{label:72} {1000 * t / n:7.1f} {100 * t / whole:5.1f}%")


def _snapshot() -> dict:
    return {name: module for name, module in sys.modules.items()
            if name == "extractors" or name.startswith("extractors.")}


def _install(snapshot: dict) -> None:
    for name in _snapshot():
        del sys.modules[name]
    sys.modules.update(snapshot)


def _load_tree(root: Path) -> dict:
    """The extractors of ``root`` imported afresh, as a snapshot of their modules."""
    import importlib

    _install({})
    sys.path.insert(0, str(root.resolve()))
    try:
        for name in ("extractors.api", "extractors.docx_reader", "extractors.docx_package", "extractors.interpret"):
            importlib.import_module(name)
    finally:
        sys.path.remove(str(root.resolve()))
    return _snapshot()


def against(paths: list[Path], ours: Path, theirs: Path, rounds: int, frozen: bool) -> None:
    trees = {"against": _load_tree(theirs), "measured": _load_tree(ours)}
    raws: dict[str, list] = {}

    def passes(label: str) -> dict[str, float]:
        _install(trees[label])
        from extractors.interpret import interpret

        took = {}
        t0 = time.process_time()
        raws[label] = [read(p) for p in paths]
        took["read"] = time.process_time() - t0
        t0 = time.process_time()
        for raw in raws[label]:
            interpret(raw)
        took["interp"] = time.process_time() - t0
        t0 = time.process_time()
        for p in paths:
            extract(p)
        took["extract"] = time.process_time() - t0
        trees[label].update(_snapshot())  # a module first imported during the round stays its tree's
        return {k: v / len(paths) for k, v in took.items()}

    for label in trees:  # warm: spaCy, vocabularies, caches
        passes(label)
        passes(label)
    if frozen:
        gc.freeze()
    times: dict[str, list] = {label: [] for label in trees}
    for i in range(rounds):
        for label in (("against", "measured") if i % 2 == 0 else ("measured", "against")):
            times[label].append(passes(label))
    print(f"measured: {Path(trees['measured']['extractors'].__file__).parent}; against: "
          f"{Path(trees['against']['extractors'].__file__).parent}; {len(paths)} documents, {rounds} rounds "
          f"interleaved in one process, caches kept, collector {'frozen' if frozen else 'as it is'}; "
          f"CPU ms per document, median of the rounds")
    print(f"{'':10} {'against':>9} {'measured':>9} {'ratio':>6}   (documents/s against -> measured)")
    for part in ("read", "interp", "extract"):
        a = statistics.median(t[part] for t in times["against"])
        m = statistics.median(t[part] for t in times["measured"])
        print(f"{part:10} {1000 * a:9.1f} {1000 * m:9.1f} {m / a:6.3f}   ({1 / a:.1f} -> {1 / m:.1f})")
    _install(trees["measured"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--split", type=int, default=0, metavar="N",
                        help="profile N passes of the whole extract and print its time by phase")
    parser.add_argument("--max-bytes", type=int, default=1_000_000, help="skip larger files (default 1 MB)")
    parser.add_argument("--cold", action="store_true", help="clear the per-text caches before each timed call")
    parser.add_argument("--frozen", action="store_true",
                        help="gc.freeze() after the warm-up, as the pool's workers inherit the preloaded objects")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose extractors are measured")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="measure --root against this checkout, rounds interleaved in one process")
    parser.add_argument("--rounds", type=int, default=9, help="rounds of --against (default 9)")
    args = parser.parse_args()
    global COLD
    COLD = args.cold
    if args.against is not None:
        if args.cold or args.split or args.profile:
            parser.error("--against measures warm extracts only (no --cold, --split or --profile)")
        paths = docx_files(args.paths, args.max_bytes)
        if not paths:
            print("no .docx files", file=sys.stderr)
            return 2
        against(paths, args.root, args.against, args.rounds, args.frozen)
        return 0
    sys.path.insert(0, str(args.root.resolve()))
    paths = docx_files(args.paths, args.max_bytes)
    if not paths:
        print("no .docx files", file=sys.stderr)
        return 2
    import extractors
    from extractors.interpret import interpret

    print(f"code measured: {Path(extractors.__file__).parent}; caches {'cleared before each call' if COLD else 'kept'};"
          f" collector {'frozen after the warm-up' if args.frozen else 'as it is'};"
          f" CPU ms per document, median of {args.repeat}")
    if args.split:
        split(paths, args.split, args.frozen)
        return 0
    for p in paths:  # warm: imports, spaCy, caches
        bare(p)
        extract(p)
    if COLD:
        print(f"caches cleared: {len(text_caches())}")  # found before the freeze hides them
    if args.frozen:
        gc.freeze()
    print(f"{'document':42} {'bare ms':>8} {'read ms':>8} {'interp ms':>9} {'extract ms':>10} {'ratio':>6}")
    totals = {"bare": 0.0, "read": 0.0, "interp": 0.0, "extract": 0.0}
    for p in paths:
        raw = read(p)
        row = {
            "bare": timed(bare, p, args.repeat),
            "read": timed(read, p, args.repeat),
            "interp": timed(lambda _p, raw=raw: interpret(raw), p, args.repeat),
            "extract": timed(extract, p, args.repeat),
        }
        for k, v in row.items():
            totals[k] += v
        print(f"{p.parent.name + '/' + p.name:42} {1000 * row['bare']:8.1f} {1000 * row['read']:8.1f} "
              f"{1000 * row['interp']:9.1f} {1000 * row['extract']:10.1f} {row['extract'] / row['bare']:6.2f}")
    n = len(paths)
    print(f"\n{n} documents, medians of {args.repeat} summed (CPU time):")
    print(f"  bare python-docx: {n / totals['bare']:6.1f} documents/s ({1000 * totals['bare'] / n:.1f} ms each)")
    print(f"  our reader alone: {n / totals['read']:6.1f} documents/s ({1000 * totals['read'] / n:.1f} ms each)")
    print(f"  interpreter alone: {n / totals['interp']:5.1f} documents/s ({1000 * totals['interp'] / n:.1f} ms each)")
    print(f"  whole extract:    {n / totals['extract']:6.1f} documents/s ({1000 * totals['extract'] / n:.1f} ms each)")
    print(f"  bare / extract time: {totals['bare'] / totals['extract']:.2f}"
          f" (extract is {totals['extract'] / totals['bare']:.1f}x bare)")
    if args.profile:
        profile(paths, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
