"""DaskExecutor against a real LocalCluster of worker processes: the same results as a local
run, and the same typed outcomes for files that hang or crash. One cluster per module."""

import logging
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the Dask executor needs the 'dask' extra (in .[test])")

import faulty_work

from extractors.errors import ExtractionError
from extractors.model import Syllabus
from pipeline.errors import MemoryExceeded, TimedOut, WorkerCrashed
from pipeline.executors import DaskExecutor, LocalExecutor, Task, extract_tasks
from pipeline.work import CheckSpec, extract_and_check

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REAL = ["clean_ru.docx", "seed_kk.docx", "seed_kk.pdf", "clean_kk.pdf"]
TIMEOUT = 3.0


@pytest.fixture(scope="module")
def real_files(tmp_path_factory):
    files = [CORPUS / n for n in REAL]
    if not all(p.exists() for p in files):
        pytest.skip("tests/corpus not generated (python -m tests.fixtures.generator.build)")
    junk = tmp_path_factory.mktemp("junk") / "broken.pdf"
    junk.write_bytes(b"%PDF-1.4 truncated")
    return [str(p) for p in files] + [str(junk)]


@pytest.fixture(scope="module")
def dask_executor():
    logging.getLogger("distributed").setLevel(logging.ERROR)
    ex = DaskExecutor(None, timeout_s=TIMEOUT, memory_mb=600, n_workers=2)
    yield ex
    ex.close()


def _comparable(result):
    outcome, checked = result if isinstance(result, tuple) else (result, None)
    if isinstance(outcome, Syllabus):
        return ("syllabus", outcome.model_dump(mode="json"), checked)
    return ("error", type(outcome).__name__, outcome.code, outcome.path, outcome.detail)


def test_same_records_as_a_local_run(dask_executor, real_files):
    tasks = extract_tasks(real_files, None, CheckSpec(), check=True)
    progress = []
    # Real files get a limit no loaded machine reaches: this test compares results, not speed.
    dask_executor.timeout_s = 120
    try:
        remote = {t.path: _comparable(r)
                  for t, r in dask_executor.map(extract_and_check, tasks, progress=lambda t, r: progress.append(t))}
    finally:
        dask_executor.timeout_s = TIMEOUT
    with LocalExecutor(workers=2, timeout_s=60) as local_ex:
        local = {t.path: _comparable(r) for t, r in local_ex.map(extract_and_check, tasks)}
    assert remote == local
    assert len(progress) == len(tasks)
    assert remote[real_files[1]][0] == "syllabus" and remote[real_files[1]][2]["findings"]  # the seed has defects
    assert remote[real_files[-1]][0] == "error"


def test_faults_on_the_cluster_are_typed_and_isolated(dask_executor, real_files):
    names = ["hang-1.pdf", "segfault-2.pdf", "hog-3.pdf", "boom-4.docx"]
    tasks = [Task(p, (p, None)) for p in [*names, real_files[0]]]
    out = {t.path: r for t, r in dask_executor.map(faulty_work.by_name, tasks)}
    assert isinstance(out["hang-1.pdf"], TimedOut)
    assert isinstance(out["segfault-2.pdf"], WorkerCrashed) and "SIGSEGV" in out["segfault-2.pdf"].detail
    assert isinstance(out["hog-3.pdf"], MemoryExceeded)
    assert type(out["boom-4.docx"]) is ExtractionError and "KeyError" in out["boom-4.docx"].detail
    assert isinstance(out[real_files[0]], Syllabus)
    assert all(out[n].path == n for n in names)
