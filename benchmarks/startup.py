"""Start-up of each command, in a fresh process, side by side with ``python -c pass`` and a bare
``import click``.

    python benchmarks/startup.py [--repeat 3] [--root CHECKOUT] [--importtime N] [--only NAME ...]

Each command is run ``--repeat`` times in a new interpreter (``subprocess``); the median wall time
is printed with the peak resident memory of the child (``resource.getrusage(RUSAGE_CHILDREN)``'s
``ru_maxrss`` of a helper process that runs exactly one child, so one command's peak is not
hidden behind an earlier, larger one) and how many modules the command had imported when it
ended (``sys.modules`` at exit, through ``atexit``; a worker process's own imports are not in it).

Commands: ``--help``, ``rules --help``, ``rules``, ``register --help``, ``register list`` on a
small register (made once, before timing, by ``audit`` of data/samples' DOCX into a temporary
folder), ``check`` of data/samples/seed_kk.docx (read, then answered by that register's result
cache, which the audit filled) and ``extract`` of it.

``--root CHECKOUT`` measures another checkout (a ``git archive`` of an earlier commit), for
before/after figures taken side by side under the same load. ``--importtime N`` runs each command
once more under ``python -X importtime`` and prints its N slowest imports (cumulative), to see
what a command still pays for.

Wall time on a shared machine measures the neighbours too: the load average is printed with the
figures. The figures are measurements, not tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

# The CLI as its console script runs it (``syllabus_audit.cli:main``: since d190fd0 it ends the
# process without freeing what the command held; before, the click group itself), plus a count of
# the modules it imported, written at exit to the file named by $STARTUP_MODULES.
CLI = ("import sys, atexit, os\n"
       "def _count():\n"
       "    p = os.environ.get('STARTUP_MODULES')\n"
       "    if p:\n"
       "        open(p, 'w').write(str(len(sys.modules)))\n"
       "atexit.register(_count)\n"
       "sys.argv[0] = 'syllabus-audit'\n"
       "from syllabus_audit.cli import main\n"
       "main()\n")

# One child, its peak RSS through RUSAGE_CHILDREN (ru_maxrss is the largest child's: a helper
# per run keeps each measure to one command). Prints "wall_s maxrss_kb returncode".
RUNNER = ("import resource, subprocess, sys, time\n"
          "t = time.perf_counter()\n"
          "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
          "wall = time.perf_counter() - t\n"
          "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n")


def commands(sample: Path, register: Path) -> list[tuple[str, list[str]]]:
    reg = ["--register", str(register)]
    return [
        ("--help", ["--help"]),
        ("rules --help", ["rules", "--help"]),
        ("rules", ["rules"]),
        ("register --help", ["register", "--help"]),
        ("register list", ["register", "list", "--lang", "en", *reg]),
        ("check DOCX", ["check", str(sample), "--lang", "en"]),
        # the same file again, now that the night's audit (make_register) has read it: answered
        # by the register's result cache (a checkout from before check used it: exit 2, no option)
        ("check DOCX, night's cache", ["check", str(sample), "--lang", "en", "--cache", f"{register}.cache"]),
        ("extract DOCX", ["extract", str(sample)]),
    ]


def env_for(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)
    env.pop("STARTUP_MODULES", None)
    return env


def measure(argv: list[str], cwd: Path, env: dict[str, str], repeat: int) -> dict:
    walls, rss, rcs = [], [], set()
    with tempfile.NamedTemporaryFile(suffix=".count", delete=False) as fh:
        count_file = fh.name
    env = {**env, "STARTUP_MODULES": count_file}
    try:
        for _ in range(repeat):
            out = subprocess.run([sys.executable, "-c", RUNNER, *argv], cwd=cwd, env=env,
                                 capture_output=True, text=True, check=True).stdout.split()
            walls.append(float(out[0]))
            rss.append(int(out[1]))
            rcs.add(int(out[2]))
        text = Path(count_file).read_text().strip()
    finally:
        os.unlink(count_file)
    return {"wall_s": statistics.median(walls), "rss_mb": statistics.median(rss) / 1024,
            "modules": int(text) if text else None, "rc": sorted(rcs)}


def importtime(argv: list[str], cwd: Path, env: dict[str, str], top: int) -> list[tuple[float, str]]:
    """The ``top`` slowest imports (cumulative µs) of one run under ``-X importtime``."""
    err = subprocess.run([sys.executable, "-X", "importtime", *argv], cwd=cwd, env=env,
                         capture_output=True, text=True).stderr
    rows = []
    for line in err.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            rows.append((int(m.group(2)) / 1e6, len(m.group(3)), m.group(4)))
    # the top-level entries of each tree are what the command itself pulled in
    shallow = [r for r in rows if r[1] <= 3]
    return [(s, name) for s, _, name in sorted(shallow, reverse=True)[:top]]


def make_register(root: Path, env: dict[str, str], folder: Path) -> Path:
    """A small register: one ``audit`` of data/samples' DOCX (not timed)."""
    samples = folder / "samples"
    samples.mkdir()
    for docx in sorted((HERE / "data" / "samples").glob("*.docx")):
        (samples / docx.name).write_bytes(docx.read_bytes())
    register = folder / "register.sqlite3"
    subprocess.run([sys.executable, "-c", CLI, "audit", str(samples), "--register", str(register),
                    "--out", str(folder / "reports"), "--workers", "1"],
                   cwd=folder, env=env, capture_output=True, text=True)
    if not register.is_file():
        sys.exit(f"could not make a register with audit in {folder}")
    return register


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--root", type=Path, default=HERE, help="checkout to measure (default: this one)")
    ap.add_argument("--importtime", type=int, default=0, metavar="N",
                    help="also print each command's N slowest imports (python -X importtime)")
    ap.add_argument("--only", action="append", default=[], help="only commands whose name contains this")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args()

    root = args.root.resolve()
    env = env_for(root)
    sample = HERE / "data" / "samples" / "seed_kk.docx"
    print(f"checkout {root}; python {sys.version.split()[0]}; {os.cpu_count()} cores; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; median of {args.repeat}")
    with tempfile.TemporaryDirectory(prefix="startup-") as tmp:
        folder = Path(tmp)
        rows: list[tuple[str, list[str]]] = [("python -c pass", ["-c", "pass"]),
                                              ("python -c 'import click'", ["-c", "import click"])]
        cli_rows = commands(sample, folder / "register.sqlite3")
        if args.only:
            cli_rows = [r for r in cli_rows if any(o in r[0] for o in args.only)]
        if any(name == "register list" or "cache" in name for name, _ in cli_rows):
            make_register(root, env, folder)
        rows += [(name, ["-c", CLI, *argv]) for name, argv in cli_rows]
        results = {}
        print(f"{'command':<26} {'wall s':>7} {'peak MB':>8} {'modules':>8}  exit")
        for name, argv in rows:
            r = measure([sys.executable, *argv], folder, env, args.repeat)
            results[name] = r
            mods = "" if r["modules"] is None else r["modules"]
            print(f"{name:<26} {r['wall_s']:7.2f} {r['rss_mb']:8.0f} {mods:>8}  {','.join(map(str, r['rc']))}",
                  flush=True)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.importtime:
            for name, argv in rows[2:]:
                print(f"\n{name}: slowest imports (cumulative s)")
                for s, mod in importtime(argv, folder, env, args.importtime):
                    print(f"  {s:6.3f}  {mod}")
        if args.json:
            print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
