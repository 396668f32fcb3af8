"""Peak memory and time of ``read_pdf`` on a long PDF.

    python benchmarks/pdf_memory.py [some.pdf] [--pages 150]

Without a PDF it builds a ~150-page syllabus-like DOCX (page-header table on every page, a
paragraph and a 14-row ruled table per page) and exports it with LibreOffice. The read runs in a
fresh child process so that its peak RSS (ru_maxrss) is the reader's own, not the builder's.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _measure(pdf: str) -> None:
    from extractors.pdf_reader import read_pdf

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    doc = read_pdf(Path(pdf))
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    import tracemalloc  # a second, traced read: Python-heap peak of the read alone

    tracemalloc.start()
    read_pdf(Path(pdf))
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({
        "pages": doc.pages,
        "tables": len(doc.tables),
        "paragraphs": len(doc.paragraphs),
        "seconds": round(elapsed, 2),
        "seconds_per_page": round(elapsed / max(doc.pages or 1, 1), 4),
        "peak_rss_mib": round(peak / 1024, 1),
        "rss_before_read_mib": round(base / 1024, 1),
        "tracemalloc_peak_mib": round(traced_peak / 2**20, 1),
    }), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?")
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _measure(args.pdf)
        return
    with tempfile.TemporaryDirectory() as tmp:
        pdf = args.pdf
        if pdf is None:
            from extractors.convert import convert
            from tests.pdf_builders import build_long_docx

            t0 = time.perf_counter()
            docx = build_long_docx(Path(tmp) / f"long_{args.pages}.docx", args.pages)
            pdf = str(convert(docx, "pdf", Path(tmp), timeout_s=600))
            print(f"built {pdf} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        out = subprocess.run([sys.executable, __file__, pdf, "--child"], capture_output=True, text=True)
        sys.stdout.write(out.stdout)
        sys.stderr.write(out.stderr)


if __name__ == "__main__":
    main()
