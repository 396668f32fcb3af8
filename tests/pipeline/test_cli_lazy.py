"""The top-level command loads each command's module only when it is invoked (pipeline.cli's
``COMMANDS``): its ``--help`` must read as if every command were imported, and must not import
the heavy libraries. Each check runs in a fresh interpreter, where nothing was imported before."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from pipeline.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("spacy", "pandas", "pdfplumber", "sqlalchemy", "openpyxl", "xlsxwriter", "alembic", "pydantic", "reports.writers.registry",
         "reports.render")


def imported_after(argv: list[str], heavy: tuple[str, ...] = HEAVY, ok: tuple[int, ...] = (0,)) -> set[str]:
    """The heavy modules a fresh ``syllabus-audit ARGV`` had imported when it ended."""
    code = ("import atexit, json, sys\n"
            f"atexit.register(lambda: print(json.dumps([m for m in {heavy!r} if m in sys.modules])))\n"
            "from pipeline.cli import main\n"
            "main(prog_name='syllabus-audit')\n")
    out = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode in ok, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def printed_by(code: str) -> str:
    """The last line a fresh interpreter running ``code`` printed (it must succeed)."""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_every_lazy_command_is_where_the_map_says_and_has_that_name():
    for name, (target, _summary) in COMMANDS.items():
        cmd = main.get_command(click.Context(main), name)
        assert isinstance(cmd, click.Command), target
        assert cmd.name == name


@pytest.mark.parametrize("limit", [20, 45, 70, 200])
def test_summaries_kept_in_the_map_are_the_commands_own(limit):
    for name, (_target, summary) in COMMANDS.items():
        cmd = main.get_command(click.Context(main), name)
        assert click.utils.make_default_short_help(summary, limit) == cmd.get_short_help_str(limit), name


def test_help_lists_every_command_without_importing_the_heavy_libraries():
    assert imported_after(["--help"]) == set()


def test_rules_help_loads_neither_the_rules_nor_the_heavy_libraries():
    """``rules --help`` builds its options only: the rules and the policy (pydantic) are imported
    when the command runs (issue 13)."""
    assert imported_after(["rules", "--help"], (*HEAVY, "checks.registry", "checks.policy")) == set()


def test_rules_loads_the_rules_and_the_policy_only():
    """``rules`` (issue 13) lives apart from ``check``: neither the reader nor what checking a
    file needs besides the rules (curriculum, passport, the ``check`` and ``extract`` commands),
    nor the register."""
    unwanted = ("spacy", "docx", "pdfplumber", "pandas", "sqlalchemy", "reports.render", "checks.curriculum",
                "checks.passport", "pipeline.commands.check", "pipeline.commands.extract", "pipeline.commands.common")
    assert imported_after(["rules"], unwanted) == set()
    assert imported_after(["rules", "--format", "json", "--lang", "en"], unwanted) == set()


def test_rules_builds_no_pydantic_model_of_the_syllabus_or_the_findings():
    """Listing the rules (issue 13) registers them without the syllabus model, ``Finding``, the
    coverage or the runner: the rule modules take their enums from ``extractors.model_enums`` and
    ``checks.finding_enums`` and the models only for annotations. The policy is still pydantic."""
    models = ("extractors.model", "checks.finding", "checks.coverage", "checks.runner", "checks.document_findings")
    assert imported_after(["rules"], models) == set()
    assert imported_after(["rules", "--format", "json"], models) == set()


def test_registering_every_rule_imports_no_pydantic():
    """``load_rules()`` alone (every rule module, the rulekit, the category helpers) needs pydantic
    for none of them: a rule module that imports a model at module level is caught here."""
    rule_files = len(list((ROOT / "checks").glob("*/[A-Z][A-Z][A-Z][0-9][0-9][0-9].py")))
    code = ("import sys\n"
            "from checks.registry import load_rules\n"
            f"assert len(load_rules().manifests()) == {rule_files}\n"
            "print([m for m in sys.modules if m == 'pydantic' or m.startswith(('pydantic.', 'pydantic_core'))])\n")
    assert printed_by(code) == "[]"


def test_the_light_enums_are_the_models_own():
    """The enums moved out of the pydantic modules are the same classes, re-exported."""
    from checks import finding, finding_enums
    from extractors import model, model_enums

    for name in ("Severity", "Kind", "Verdict"):
        assert getattr(finding, name) is getattr(finding_enums, name)
    for name in ("Activity", "ReadStatus", "PeriodKind", "AssessmentScheme", "CreditUnit", "OutcomeScope",
                 "CitationContext", "Language", "SPLIT_ACTIVITIES"):
        assert getattr(model, name) is getattr(model_enums, name)


def test_register_help_builds_its_options_without_the_database_layer():
    """``register list --help`` (issue 13): the options come from the register's light modules (and
    the statuses from ``reports.status``), not from SQLAlchemy or the pydantic models."""
    assert imported_after(["register", "list", "--help"], (*HEAVY, "sqlite3")) == set()


@pytest.fixture
def one_record(tmp_path):
    """A SQLite register at the schema head with one record (NC-2026-0001)."""
    from checks.finding import Evidence, Finding, Messages
    from reports.records import SyllabusRef
    from reports.register import open_register

    path = tmp_path / "register.sqlite3"
    found = Finding(rule="HRS001", name="hours.total-credits", severity="major", kind="nonconformity",
                    requirement="1 credit = 30 hours", message=Messages(kk="k", ru="r", en="e"),
                    evidence=Evidence(file="a.docx", location="hours/total", expected="150", actual="140"),
                    course_code="GMRK3301", key="hours/total")
    syllabus = SyllabusRef(course_code="GMRK3301", file="a.docx", department="Math")
    with open_register(f"sqlite:///{path}") as reg:
        reg.record_run("n1", [(found, syllabus)], [syllabus])
    return path


def test_register_list_reads_a_sqlite_register_without_sqlalchemy(one_record):
    """A SQLite register at the schema head is read with Python's sqlite3 (issue 13:
    ``reports.register.sqlite_read``): neither SQLAlchemy (0.3 s of imports) nor alembic, openpyxl
    (the Excel round trip), the pydantic models (the table needs none), the readers or the writers."""
    assert imported_after(["register", "list", "--register", str(one_record)]) == set()
    assert imported_after(["register", "list", "--status", "open-all", "--lang", "en", "--register",
                           str(one_record)]) == set()


def test_register_show_reads_a_sqlite_register_without_sqlalchemy(one_record):
    """``register show`` reads its record as ``list`` does, and prints it from the ``Record``
    itself: no SQLAlchemy, no pydantic models."""
    assert imported_after(["register", "show", "NC-2026-0001", "--register", str(one_record)]) == set()


def test_check_of_a_docx_loads_neither_the_pdf_nor_the_ocr_libraries():
    """``check FILE.docx`` (issue 13) pays for what reading a DOCX needs (python-docx, spaCy's
    tokenizer for the vocabulary), not for the PDF reader, OpenCV (OCR's availability is looked
    up without importing it), pandas, the register or the report writers."""
    heavy = ("pdfplumber", "cv2", "pypdfium2", "pandas", "sqlalchemy", "reports.render")
    sample = str(ROOT / "data" / "samples" / "seed_kk.docx")
    assert imported_after(["check", sample], heavy, ok=(0, 1)) == set()


def test_extract_of_a_pdf_loads_no_docx_reader():
    """``extract FILE.pdf`` (issue 13): the process that forks the reader preloads the PDF reader
    for its workers, not python-docx."""
    sample = str(ROOT / "data" / "samples" / "clean_en.pdf")
    assert imported_after(["extract", sample], ("docx", "extractors.docx_reader")) == set()


def test_reading_a_pdf_imports_no_docx_reader():
    """What a worker reading a PDF imports for it: pdfplumber, not python-docx (41 ms a worker)."""
    code = ("import sys\n"
            "from extractors.api import read_raw\n"
            f"read_raw({str(ROOT / 'data' / 'samples' / 'clean_en.pdf')!r})\n"
            "print(sorted(m for m in ('docx', 'extractors.docx_reader', 'pdfplumber') if m in sys.modules))\n")
    assert printed_by(code) == "['pdfplumber']"


def test_a_night_with_every_file_in_the_cache_imports_no_process_pool(tmp_path):
    """The executors (pebble's process pool) are imported when a file is to be read (issue 13):
    the first night reads the file, the second finds it in the cache and reads nothing."""
    folder = tmp_path / "syllabi"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "samples" / "clean_en.docx", folder)
    argv = ["audit", str(folder), "--out", str(tmp_path / "out"), "--register", str(tmp_path / "register.sqlite3"),
            "--cache", str(tmp_path / "cache"), "--no-progress", "--report-format", "json"]
    assert imported_after(argv, ("pebble", "pipeline.executors"), ok=(0, 1)) == {"pebble", "pipeline.executors"}
    assert imported_after(argv, ("pebble", "pipeline.executors"), ok=(0, 1)) == set()


def test_unknown_command_still_refused():
    result = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", "nonsense"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "No such command 'nonsense'" in result.stderr
