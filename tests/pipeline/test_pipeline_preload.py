"""The local executor loads, before it forks its workers, what the work on the task list needs
(``pipeline.preload``): only the readers of the formats present, only for forked workers, nothing
when there is no task (a warm night served from the cache starts no worker at all), and the
models read are the same as a worker that loads everything itself makes.

The checks of what a process imported run in a fresh interpreter, where nothing was loaded before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.preload import modules_for

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
WATCHED = ("extractors.pdf_reader", "extractors.docx_reader", "extractors.interpret", "spacy", "pdfplumber")


def test_the_readers_preloaded_are_those_of_the_formats_present():
    assert modules_for(["a.pdf", "b.PDF"]) == ["extractors.pdf_reader", "extractors.interpret"]
    assert modules_for(["a.docx"]) == ["extractors.docx_reader", "extractors.interpret"]
    assert modules_for(["a.doc"]) == ["extractors.docx_reader", "extractors.convert", "extractors.interpret"]
    assert set(modules_for(["a.pdf", "b.docx"])) == {"extractors.pdf_reader", "extractors.docx_reader",
                                                     "extractors.interpret"}
    assert modules_for(["notes.txt", "README"]) == []
    assert modules_for([]) == []


def _run(body: str) -> dict:
    """``body`` in a fresh interpreter (ROOT on the path); it sets ``out`` (JSON), printed last."""
    code = ("import json, sys\n"
            "from pipeline.executors import LocalExecutor, extract_tasks\n"
            "from pipeline.work import extract_one\n"
            f"{body}\n"
            "print(json.dumps(out))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _corpus(name: str) -> str:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus not generated ({path}); python -m tests.fixtures.generator.build")
    return str(path)


def test_no_task_starts_no_worker_and_imports_nothing():
    out = _run("ex = LocalExecutor(workers=2)\n"
               "results = list(ex.map(extract_one, []))\n"
               f"out = {{'results': len(results), 'pool': ex._pool is not None, "
               f"'loaded': [m for m in {WATCHED!r} if m in sys.modules]}}\n"
               "ex.close()")
    assert out == {"results": 0, "pool": False, "loaded": []}


def test_a_forked_pool_starts_with_the_reader_of_its_formats_only():
    docx = _corpus("clean_en.docx")
    # without the read-ahead, which may have read the one DOCX by then (the next test)
    out = _run(f"with LocalExecutor(workers=1, read_ahead=False) as ex:\n"
               f"    results = [r for _, r in ex.map(extract_one, extract_tasks([{docx!r}]))]\n"
               f"out = {{'ok': [type(r).__name__ for r in results], "
               f"'loaded': [m for m in {WATCHED!r} if m in sys.modules]}}")
    assert out["ok"] == ["Syllabus"]
    # the coordinator loaded the DOCX reader, the interpreter and spaCy for its worker; not pdfplumber
    assert set(out["loaded"]) == {"extractors.docx_reader", "extractors.interpret", "spacy"}


def test_the_readers_of_files_read_ahead_are_not_preloaded():
    out = _run("from pipeline.preload import preload\n"
               "imported = preload(['a.pdf', 'b.docx'], unread=lambda: ['b.docx'])\n"
               f"out = {{'imported': imported, 'loaded': [m for m in {WATCHED!r} if m in sys.modules]}}")
    # a.pdf was read ahead: its worker only interprets it, and pdfplumber stays out of this process
    assert out["imported"] == ["extractors.docx_reader", "extractors.interpret"]
    assert set(out["loaded"]) == {"extractors.docx_reader", "extractors.interpret", "spacy"}
    out = _run("from pipeline.preload import preload\n"
               "imported = preload(['a.docx'], unread=lambda: [])\n"
               f"out = {{'imported': imported, 'loaded': [m for m in {WATCHED!r} if m in sys.modules]}}")
    assert out == {"imported": ["extractors.interpret"], "loaded": ["extractors.interpret", "spacy"]}


def test_a_spawned_pool_is_not_preloaded():
    docx = _corpus("clean_en.docx")
    out = _run(f"with LocalExecutor(workers=1, start_method='spawn') as ex:\n"
               f"    results = [r for _, r in ex.map(extract_one, extract_tasks([{docx!r}]))]\n"
               f"out = {{'ok': [type(r).__name__ for r in results], "
               f"'loaded': [m for m in {WATCHED!r} if m in sys.modules]}}")
    assert out == {"ok": ["Syllabus"], "loaded": []}


def test_another_work_function_gets_no_preload():
    out = _run("from tests.pipeline import faulty_work\n"
               "from pipeline.executors import Task\n"
               "with LocalExecutor(workers=1) as ex:\n"
               "    results = [r for _, r in ex.map(faulty_work.gc_state, [Task('a.pdf', ('a.pdf',))])]\n"
               f"out = {{'results': results, 'loaded': [m for m in {WATCHED!r} if m in sys.modules]}}")
    assert out == {"results": [True], "loaded": []}


def test_models_read_by_preloaded_workers_are_those_of_workers_that_load_everything_themselves():
    files = [_corpus("clean_ru.pdf"), _corpus("clean_kk.docx"), _corpus("clean_en.pdf")]
    models = {}
    for method in ("fork", "spawn"):
        models[method] = _run(f"with LocalExecutor(workers=2, start_method={method!r}) as ex:\n"
                              f"    done = {{t.path: r for t, r in ex.map(extract_one, extract_tasks({files!r}))}}\n"
                              "out = {p: r.model_dump(mode='json') for p, r in done.items()}")
    assert sorted(models["fork"]) == sorted(files)
    assert models["fork"] == models["spawn"]
