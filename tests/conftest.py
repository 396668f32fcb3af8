"""Suite-wide markers: which tests are ``slow``, decided here by rule so no test file has to say it.

``python -m pytest -q -m "not slow" -n 2`` is the edit-and-rerun loop (under a minute on a 2-core
machine); CI runs everything. A test is slow when it needs an outside program or service (the
markers in ``IMPLY_SLOW``), runs on PostgreSQL, or lives in a module of ``SLOW_MODULES``: modules
that start the CLI in subprocesses, build or read the whole corpus, or start a Dask cluster.
The unit tests of extractors/interpret, the rules, the reports and the register stay in the fast
loop, so it still covers the code; a module joins ``SLOW_MODULES`` (or one end-to-end test of a
fast module ``SLOW_TESTS``) only on measured durations (``--durations``), with the reason beside it
and, for a test, the fast tests that cover its parts.
"""

from __future__ import annotations

import pytest

# Markers whose tests wait on LibreOffice, Chromium, Tesseract, PostgreSQL or a whole night's run.
IMPLY_SLOW = frozenset({"libreoffice", "chromium", "ocr", "hostile", "postgres"})

# Paths relative to the project root; a folder (ending in "/") covers every module under it.
SLOW_MODULES = {
    "tests/hostile/": "the reliability suite: whole nights, one CLI subprocess per test",
    "tests/pipeline/test_pipeline_signals.py": "sends signals to CLI subprocesses mid-run",
    "tests/pipeline/test_pipeline_dask_executor.py": "starts a local Dask cluster",
    "tests/register/test_register_crash_concurrency.py": "kills and races register processes",
    "tests/project/test_corpus.py": "extracts and audits the whole sample corpus",
    "tests/project/test_check_corpus.py": "checks the whole sample corpus against its expected findings",
    "tests/project/test_real_corpus_benchmark.py": "the real-corpus benchmark",
    "tests/project/test_fixture_generator.py": "regenerates the corpus fixtures and compares them",
    # Measured with --durations on the 2-core machine (issue 12): whole audits run through the
    # CLI or a process pool, seconds per test; the units they exercise have fast tests of their own.
    "tests/register/test_register_identity.py": "audits each syllabus as docx, pdf and doc, night by night",
    "tests/pipeline/test_audit_command.py": "whole nights through the CLI, one with a per-file time limit",
    "tests/pipeline/test_audit_nights.py": "several nights through the CLI against one register",
    "tests/pipeline/test_check_limits.py": "time and memory limits, paid in worker processes",
    "tests/pipeline/test_cli_language.py": "the CLI run once per language",
    "tests/project/test_packaging.py": "builds the wheel",
    "tests/pipeline/test_pipeline_local_executor.py": "starts process pools and faulty workers",
    "tests/pipeline/test_pipeline_cache_home.py": "whole nights, each reading the corpus",
    "tests/pipeline/test_pipeline_terminal_text.py": "the CLI in subprocesses, terminal output",
    "tests/web/test_web_commands.py": "starts the web server",
    "tests/extractors/test_pdf_glyphs.py": "pages offered to Tesseract",
    "tests/rules/test_check_programme.py": "check --passport --curriculum on every bundled sample",
    "tests/register/test_register_settings_cli.py": "every command end to end on one settings file",
    # The reliability suite's (issue 11) report and export halves: hostile text in every writer, in
    # every language, and disks filling mid-write; each writer's own tests stay in the fast loop.
    "tests/reports/test_hostile_text.py": "every writer, every language, disk full mid-write",
    "tests/register/test_register_xlsx_hostile.py": "export and report commands, hostile records",
    # Measured on the quiet 2-core machine (issue 12, 2026-12-01): 13.2 s and 5.8 s of a 72 s fast
    # loop. Both start interpreters or process pools to see what another process imports; what
    # they guard changes rarely, and CI runs them on every change.
    "tests/pipeline/test_pipeline_preload.py": "forks and spawns process pools to compare workers",
    "tests/pipeline/test_cli_lazy.py": "a fresh interpreter per command, to list its imports",
}

# Single tests of a module that stays in the fast loop, as "path::function" (every parameter of it):
# end-to-end halves whose parts have fast tests of their own, named beside each.
SLOW_TESTS = {
    # Measured (issue 12): a DOCX built and run through `check` per language, 0.65-1.45 s of CPU
    # each, 10 s of the fast loop. The parts stay fast: PRG010's note in this module's unit tests,
    # reading the period label in tests/extractors/interpret/test_identity_period_coverage.py, and
    # `check` printing notes in each language in tests/pipeline/test_coverage_pipeline.py.
    **{f"tests/rules/test_study_period_not_verified.py::{name}": "a DOCX through `check`, per language"
       for name in ("test_the_check_says_not_verified_where_the_label_stands",
                    "test_the_same_document_without_a_curriculum_has_no_note",
                    "test_a_period_read_as_in_the_curriculum_passes_with_no_note",
                    "test_a_document_with_no_label_of_the_period_gets_no_note")},
    # Measured (issue 13): two audits of a sample through the CLI in subprocesses, 6-7 s. The
    # parts stay fast: the exit status, the kept objects and the wait for other threads in the
    # module's unit tests; usage and --version through both exits in the same module.
    "tests/pipeline/test_process_exit.py::test_an_audit_ends_with_its_status_output_log_and_reports":
        "two audits through the CLI, console exit and ordinary exit",
}


def _in_slow_modules(rel: str) -> str | None:
    for module, reason in SLOW_MODULES.items():
        if rel == module or (module.endswith("/") and (rel + "/").startswith(module)):
            return reason
    return None


def pytest_ignore_collect(collection_path, config: pytest.Config) -> bool | None:
    """Under ``-m "not slow"`` (the fast loop) a module of ``SLOW_MODULES`` is not even imported:
    every test in it would be deselected, and importing them (Dask, OCR, the hostile harness, ...)
    cost seconds of CPU. The same tests run; only the count of deselected ones is smaller."""
    if " ".join(str(config.getoption("markexpr") or "").split()) != "not slow":
        return None
    try:
        rel = collection_path.relative_to(config.rootpath).as_posix()
    except ValueError:
        return None
    return True if _in_slow_modules(rel) else None


def _slow_reason(item: pytest.Item, root) -> str | None:
    implied = IMPLY_SLOW.intersection(mark.name for mark in item.iter_markers())
    if implied:
        return f"marked {', '.join(sorted(implied))}"
    try:
        rel = item.path.relative_to(root).as_posix()
    except ValueError:  # a test outside the project (pytest given an absolute path elsewhere)
        return None
    return _in_slow_modules(rel) or SLOW_TESTS.get(f"{rel}::{getattr(item, 'originalname', item.name)}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        # The register's and the web's ``url`` fixture runs each test on SQLite and PostgreSQL;
        # the PostgreSQL variant gets its own marker so ``-m postgres`` selects exactly those.
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("url") == "postgresql":
            item.add_marker(pytest.mark.postgres)
        if item.get_closest_marker("slow") is None and _slow_reason(item, config.rootpath):
            item.add_marker(pytest.mark.slow)
