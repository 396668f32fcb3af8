"""The local executor starts the largest files first, so that the workers finish together.

With the largest file started last, one worker reads it alone at the end while the others wait.
What is checked is the order in which one worker starts the tasks (each records its file's name
when it starts, in a file the test reads back), and that every task still gets its own outcome.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.executors import LocalExecutor, Task, longest_first


def _note_start(path: str, log: str) -> str:
    """The work unit: records which file it was started on, returns its name."""
    with open(log, "a", encoding="utf-8") as f:
        f.write(Path(path).name + "\n")
    return Path(path).name


def _files(tmp_path: Path, sizes: dict[str, int]) -> list[str]:
    out = []
    for name, size in sizes.items():
        p = tmp_path / name
        p.write_bytes(b"x" * size)
        out.append(str(p))
    return out


def test_largest_first_ties_and_unsized_in_their_order(tmp_path: Path) -> None:
    paths = _files(tmp_path, {"a.pdf": 10, "b.pdf": 300, "c.pdf": 10, "d.pdf": 2000})
    tasks = [Task(p) for p in paths] + [Task(str(tmp_path / "gone.pdf")), Task("nul\0.pdf")]
    order = [Path(t.path).name for t in longest_first(tasks)]
    assert order == ["d.pdf", "b.pdf", "a.pdf", "c.pdf", "gone.pdf", "nul\0.pdf"]


def test_one_worker_starts_them_largest_first(tmp_path: Path) -> None:
    paths = _files(tmp_path, {"small.pdf": 5, "large.pdf": 5000, "medium.pdf": 500})
    log = tmp_path / "started.txt"
    tasks = [Task(p, (p, str(log))) for p in paths]
    with LocalExecutor(workers=1, timeout_s=60, memory_mb=None) as ex:
        results = dict((Path(t.path).name, r) for t, r in ex.map(_note_start, tasks))
    assert results == {"small.pdf": "small.pdf", "large.pdf": "large.pdf", "medium.pdf": "medium.pdf"}
    assert log.read_text(encoding="utf-8").split() == ["large.pdf", "medium.pdf", "small.pdf"]
    assert os.path.getsize(paths[1]) > os.path.getsize(paths[2]) > os.path.getsize(paths[0])
