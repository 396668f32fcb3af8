"""Per-figure accuracy and seconds per page of OCR on the scanned corpus, for the closing note
of issue 14 (``python -m tests.ocr_measure [name ...] --dpi 150 300``).

A *figure* is every number of the typed model (hours, points, weights, scale bounds, weeks,
reference numbers, credits, years): the scan's value at the same path must be equal."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from extractors.api import extract_file
from extractors.model import strip_provenance
from tests import scan_builders as sb

CORPUS = Path(__file__).parent / "corpus"


def figures(data, path: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(figures(v, f"{path}.{k}"))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.update(figures(v, f"{path}[{i}]"))
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        out[path] = float(data)
    return out


def accuracy(typed, scanned) -> tuple[int, int, list[str]]:
    want = figures(strip_provenance(typed))
    got = figures(strip_provenance(scanned))
    wrong = [f"{k}: {v:g} read as {got.get(k)}" for k, v in sorted(want.items()) if got.get(k) != v]
    extra = [f"{k}: {v:g} not in the typed model" for k, v in sorted(got.items()) if k not in want]
    return len(want) - len(wrong), len(want), wrong + extra


def measure(name: str, dpi: int, folder: Path) -> dict:
    scan = sb.scanned(CORPUS / f"{name}.pdf", folder / f"{name}_{dpi}.pdf", dpi)
    typed = extract_file(CORPUS / f"{name}.pdf")
    t0 = time.perf_counter()
    syllabus = extract_file(scan)
    seconds = time.perf_counter() - t0
    pages = syllabus.document.pages or 1
    ok, total, wrong = accuracy(typed, syllabus)
    return {"name": name, "dpi": dpi, "figures": total, "right": ok, "s_per_page": seconds / pages, "wrong": wrong}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("names", nargs="*", default=["seed_kk", "clean_ru", "defects_ru"])
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in args.dpi:
            for name in args.names:
                r = measure(name, dpi, Path(tmp))
                print(f"{r['name']:12} {dpi} dpi: {r['right']}/{r['figures']} figures "
                      f"({100 * r['right'] / r['figures']:.1f} %), {r['s_per_page']:.1f} s/page")
                for w in r["wrong"]:
                    print("    ", w)


if __name__ == "__main__":
    main()
