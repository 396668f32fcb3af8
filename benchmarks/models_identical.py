"""Do the interpreter's models stay byte-identical across a change? Dump, then compare.

    python benchmarks/models_identical.py dump [--out /tmp/models_before] [--root CHECKOUT]
    python benchmarks/models_identical.py compare [--out /tmp/models_before] [--root CHECKOUT]

``dump`` reads every DOCX and PDF of data/samples/, tests/corpus/ (the fixture generator's corpus)
and the real development corpus (../shared/real-syllabi/docs), keeps each file's ``RawDocument``
(pickled) and writes the JSON of its model (``Syllabus.model_dump_json()``, or the extraction
error's text) beside it. ``compare`` interprets the kept raw documents again and compares the
JSON byte for byte, so a change to the interpreter is judged on the very same input even while
the format readers change under it; ``--reread`` also reads the files again from scratch.
``--root`` runs the code of another checkout (a ``git archive`` of a commit, with or without a
patch): while other work changes the model in the shared tree, a change is judged by dumping
from the commit before it and comparing with that commit plus the change alone.
Exit status 1 when any model differs, 2 when the dump is missing.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-syllabi" / "docs"
FOLDERS = (ROOT / "data" / "samples", ROOT / "tests" / "corpus", REAL)


def files() -> list[Path]:
    return [p for folder in FOLDERS if folder.is_dir() for p in sorted(folder.iterdir())
            if p.suffix in (".docx", ".pdf")]


def key(path: Path) -> str:
    return f"{path.parent.name}__{path.name}"


def model_of_raw(path: Path, raw) -> str:
    """What ``extract_file`` returns or raises for this raw document, as text."""
    from extractors import api
    from extractors.errors import ExtractionError

    original = api.read_raw
    api.read_raw = lambda *_a, **_k: raw
    try:
        return api.extract_file(path).model_dump_json(indent=1)
    except ExtractionError as e:
        return f"ERROR {type(e).__name__}: {e}"
    finally:
        api.read_raw = original


def dump(out: Path) -> None:
    from extractors.api import read_raw

    out.mkdir(parents=True, exist_ok=True)
    for path in files():
        raw = read_raw(path)
        (out / (key(path) + ".raw.pickle")).write_bytes(pickle.dumps(raw))
        (out / (key(path) + ".json")).write_text(model_of_raw(path, raw), encoding="utf-8")
        print("dumped", key(path))


def compare(out: Path, reread: bool) -> int:
    from extractors.api import read_raw

    paths = files()
    if not paths or not all((out / (key(p) + ".json")).exists() for p in paths):
        print(f"{out}: no complete dump; run 'dump' first", file=sys.stderr)
        return 2
    differ = 0
    for path in paths:
        before = (out / (key(path) + ".json")).read_text(encoding="utf-8")
        raw = pickle.loads((out / (key(path) + ".raw.pickle")).read_bytes())
        runs = {"kept raw": raw}
        if reread:
            runs["re-read"] = read_raw(path)
        for what, raw in runs.items():
            after = model_of_raw(path, raw)
            if after != before:
                differ += 1
                print(f"DIFFERS ({what}): {key(path)}")
                (out / (key(path) + f".{what.replace(' ', '_')}.after.json")).write_text(after, encoding="utf-8")
    print(f"{len(paths)} files, {differ} model(s) differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("dump", "compare"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/models_before"))
    parser.add_argument("--reread", action="store_true", help="compare: also read the files again")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose extractors run")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    import extractors

    print(f"code: {Path(extractors.__file__).parent}")
    if args.action == "dump":
        dump(args.out)
        return 0
    return compare(args.out, args.reread)


if __name__ == "__main__":
    sys.exit(main())
