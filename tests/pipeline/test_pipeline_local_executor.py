"""LocalExecutor: results come back; a file that hangs, crashes its worker or exhausts memory
becomes a typed error naming it, within its limits, and the rest of the run is intact."""

import time
from pathlib import Path

import faulty_work
import pytest

from extractors.errors import ExtractionError, NotASyllabus
from extractors.model import Syllabus
from pipeline.errors import MemoryExceeded, TimedOut, WorkerCrashed
from pipeline.executors import LocalExecutor, Task, extract_tasks
from pipeline.work import CheckSpec, extract_and_check, extract_one

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REAL = [CORPUS / "clean_en.docx", CORPUS / "seed_kk.docx"]
TIMEOUT = 5.0  # real DOCX files read in a fresh worker, vocabulary built, well under it on a loaded machine


def above_this_process(mb: int) -> int:
    """A worker memory limit ``mb`` MB above what a worker forked from this process starts with:
    ``RLIMIT_DATA`` counts the private memory it inherits, and the test run's own process grows
    with every test before (in CI, past 600 MB by itself: the real files then failed to read)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: the limit as given
        return mb
    data = next((line.split()[1] for line in status.splitlines() if line.startswith("VmData:")), "0")
    return mb + int(data) // 1024


@pytest.fixture(scope="module")
def real_files():
    missing = [p for p in REAL if not p.exists()]
    if missing:
        pytest.skip(f"corpus not generated ({missing[0]}); python -m tests.fixtures.generator.build")
    return [str(p) for p in REAL]


def test_results_come_back_with_progress(real_files, tmp_path):
    junk = tmp_path / "notes.docx"
    junk.write_bytes(b"not a zip at all")
    seen = []
    with LocalExecutor(workers=2, timeout_s=60) as ex:
        out = dict((t.path, r) for t, r in ex.map(extract_one, extract_tasks([*real_files, str(junk)]), progress=lambda t, r: seen.append(t.path)))
    assert sorted(seen) == sorted(out) == sorted([*real_files, str(junk)])
    assert all(isinstance(out[p], Syllabus) and out[p].file == p for p in real_files)
    assert isinstance(out[str(junk)], ExtractionError) and out[str(junk)].path == str(junk)


def test_faults_are_isolated_and_the_rest_of_the_run_goes_on(real_files):
    bad = ["hang-1.pdf", "segfault-2.pdf", "exit-3.docx", "hog-4.pdf", "boom-5.docx"]
    tasks = [Task(p, (p, None)) for p in [*bad, *real_files]]
    t0 = time.monotonic()
    limit = above_this_process(600)
    with LocalExecutor(workers=2, timeout_s=TIMEOUT, memory_mb=limit) as ex:
        out = {t.path: r for t, r in ex.map(faulty_work.by_name, tasks)}
    elapsed = time.monotonic() - t0
    assert isinstance(out["hang-1.pdf"], TimedOut) and f"{TIMEOUT:g} s" in out["hang-1.pdf"].detail
    assert isinstance(out["segfault-2.pdf"], WorkerCrashed) and "SIGSEGV" in out["segfault-2.pdf"].detail
    assert isinstance(out["exit-3.docx"], WorkerCrashed) and "status 3" in out["exit-3.docx"].detail
    assert isinstance(out["hog-4.pdf"], MemoryExceeded) and f"{limit} MB" in out["hog-4.pdf"].detail
    boom = out["boom-5.docx"]
    assert type(boom) is ExtractionError and boom.code == "unreadable" and "KeyError" in boom.detail
    assert "Traceback" not in boom.detail
    for p in bad:
        assert out[p].path == p
    for p in real_files:  # the files after the faults, read by replacement workers
        assert isinstance(out[p], Syllabus) and out[p].file == p
    assert elapsed < TIMEOUT + 20  # the hang was stopped at its limit, not waited out


def test_one_worker_is_still_isolated(real_files):
    tasks = [Task(p, (p, None)) for p in ["segfault-1.pdf", real_files[0], "hang-2.pdf", real_files[1]]]
    with LocalExecutor(workers=1, timeout_s=TIMEOUT) as ex:
        out = {t.path: r for t, r in ex.map(faulty_work.by_name, tasks)}
    assert isinstance(out["segfault-1.pdf"], WorkerCrashed)
    assert isinstance(out["hang-2.pdf"], TimedOut)
    assert all(isinstance(out[p], Syllabus) for p in real_files)


def test_extract_and_check_returns_findings_records(real_files):
    spec = CheckSpec()
    with LocalExecutor(workers=2, timeout_s=60) as ex:
        out = {t.path: r for t, r in ex.map(extract_and_check, extract_tasks(real_files, None, spec, check=True))}
    clean, seed = (out[p] for p in real_files)
    assert isinstance(clean[0], Syllabus) and clean[1]["findings"] == [] and clean[1]["failures"] == []
    assert seed[1]["findings"] and all(r["evidence"]["file"] == real_files[1] for r in seed[1]["findings"])


def test_unexpected_exception_inside_extract_one_names_the_file(monkeypatch, tmp_path):
    import pipeline.work as work

    def broken(path, limits):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(work, "extract_file", broken)
    (tmp_path / "x.docx").write_bytes(b"x")  # extract_one reads the file before it is parsed
    err = work.extract_one(str(tmp_path / "x.docx"))
    assert type(err) is ExtractionError and err.path.endswith("x.docx") and "ZeroDivisionError" in err.detail
    monkeypatch.setattr(work, "extract_file", lambda p, limits: (_ for _ in ()).throw(NotASyllabus(str(p), "no")))
    (tmp_path / "y.pdf").write_bytes(b"y")
    assert isinstance(work.extract_one(str(tmp_path / "y.pdf")), NotASyllabus)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        LocalExecutor(1, timeout_s=0)
    with pytest.raises(ValueError):
        LocalExecutor(1, memory_mb=-5)


def test_workers_collect_garbage_even_while_the_coordinator_holds_it_off(tmp_path):
    """The audit pauses the coordinator's GC (pipeline.audit.paused_gc); forked workers inherit
    that, and without collection the readers' reference cycles ran workers into their memory
    limit on a 1,000-file night."""
    from pipeline.audit import paused_gc
    from pipeline.executors import LocalExecutor, Task
    from tests.pipeline import faulty_work

    with paused_gc(), LocalExecutor(workers=2, timeout_s=30, memory_mb=above_this_process(512)) as ex:
        results = [r for _, r in ex.map(faulty_work.gc_state, [Task(f"f{i}", (f"f{i}",)) for i in range(4)])]
    assert results == [True] * 4
