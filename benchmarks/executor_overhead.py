"""Per-file overhead of the LocalExecutor: an empty task through the pool, for 1 and 2 workers.

    python benchmarks/executor_overhead.py [--tasks 2000]

Pool start-up (forking workers, loading the vocabulary) is timed apart from the steady-state
cost per task (scheduling, pickling the arguments and result, the result's trip back).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.limits import Limits
from pipeline.executors import LocalExecutor, Task


def empty(path: str, limits: Limits | None = None) -> None:
    return None


def measure(workers: int, n: int) -> tuple[float, float]:
    tasks = [Task(f"file-{i}.docx", (f"file-{i}.docx", Limits())) for i in range(n)]
    t0 = time.perf_counter()
    with LocalExecutor(workers=workers, timeout_s=60, memory_mb=2048) as ex:
        list(ex.map(empty, tasks[: workers * 2]))  # start the workers
        started = time.perf_counter() - t0
        t1 = time.perf_counter()
        done = sum(1 for _ in ex.map(empty, tasks))
        per_task = (time.perf_counter() - t1) / done
    return started, per_task


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=2000)
    args = ap.parse_args()
    for workers in (1, 2):
        started, per_task = measure(workers, args.tasks)
        print(f"workers={workers}: pool start {started:.2f} s; {per_task * 1e3:.2f} ms per empty task "
              f"({args.tasks} tasks, {args.tasks * per_task:.2f} s)")


if __name__ == "__main__":
    main()
