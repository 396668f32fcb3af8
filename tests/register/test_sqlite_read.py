"""The register read without SQLAlchemy (``reports.register.sqlite_read``, issue 13) returns exactly
what ``store.Register`` returns on the same SQLite register: every record, query by query and
field by field; the same refusals; the same output of ``register list`` and ``register show``.
Whatever it does not read itself (another database, another revision, a file that is not a
register, a URL it does not parse) it leaves to the SQLAlchemy path."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from register_helpers import dump, finding, night, ref

from pipeline.cli import main
from reports.register import InvalidInput, UnknownRecord, open_register
from reports.register.api import RecordQuery
from reports.register.sqlite_file import sqlite_file
from reports.register.sqlite_read import SQLiteReader, open_reader, plain_sqlite_path
from reports.register.urls import check_url
from reports.status import Status

MATH = ref()
PHYS = ref(code="PHYS1101", file="syllabi/PHYS1101.docx", sha="b" * 64, title="Физика", department="Физика")
# no department, no code: a course known by its title only; a file name with a NUL and quotes
LOOSE = ref(code=None, file="syllabi/it's \x00 «odd».docx", sha=None, title="Ақпараттық жүйелер", department=None,
            programme=None)


@pytest.fixture(scope="module")
def path(tmp_path_factory) -> Path:
    """A register with something of everything: three runs, records open, planned, closed,
    verified, resolved, reopened and not audited; actions with and without co-executors and
    marks; root causes; evidence from a page, a paragraph and OCR."""
    file = tmp_path_factory.mktemp("register") / "register.sqlite3"
    with open_register(f"sqlite:///{file}") as reg:
        first = [
            (finding(key="a"), MATH),
            (finding("HRS002", key="b", page=3, expected=None, actual="0,5"), MATH),
            (finding(key="a", code="PHYS1101", file=PHYS.file, paragraph=12), PHYS),
            (finding("DOC003", key="title", code=None, file=LOOSE.file, actual=None, expected=None), LOOSE),
            (finding("ASM001", key="weights", code="PHYS1101", file=PHYS.file, root_cause="PHYS1101:a"), PHYS),
        ]
        reg.record_run("n1", first, [MATH, PHYS, LOOSE], night(2),
                       syllabi=[dict(file=MATH.file, course_code=MATH.course_code, department=MATH.department,
                                     findings=2)])
        reg.plan("NC-2026-0001", by="qa", when=night(3), action="Кестені түзету", responsible="Кафедра меңгерушісі",
                 due="2026-03-20", co_executors=["А. Ахметов", "B. Brown"], root_cause="шаблон ескі")
        reg.plan("NC-2026-0003", by="head", when=night(3, 9), action="Fix", responsible="Head", due="2026-04-01",
                 result_mark="done on time")
        reg.plan("NC-2026-0003", by="head", when=night(3, 10), action="Fix again", responsible="Head",
                 due="2026-04-10")
        reg.close_record("NC-2026-0002", comment="түзетілді", by="qa", when=night(4))
        # night 5: MATH's HRS002 is back (a recurrence), PHYS's HRS001 is gone (resolved), LOOSE not read
        reg.record_run("n2", [(finding(key="a"), MATH), (finding("HRS002", key="b", page=3), MATH),
                              (finding("ASM001", key="weights", code="PHYS1101", file=PHYS.file), PHYS)],
                       [MATH, PHYS], night(5))
        reg.close_record("NC-2026-0005", comment="ok", by="qa", when=night(6))
        reg.record_run("n3", [(finding(key="a"), MATH), (finding("HRS002", key="b", page=3), MATH)],
                       [MATH, PHYS], night(7))
        reg.verify_record("NC-2026-0005", comment="checked", by="qa", when=night(8))
        reg.close_record("NC-2026-0004", comment="the title is there", by="qa", when=night(8, 11))
    # an older register's evidence, kept as it was stored (no location: not split), a record whose
    # evidence kept its own expected value, an action with no due date (imported from Excel)
    conn = sqlite3.connect(file)
    with conn:
        conn.execute("""UPDATE nonconformities SET evidence = '{"file": "x.docx", "page": 2}' WHERE id = 'NC-2026-0004'""")
        conn.execute("""UPDATE nonconformities SET evidence = json_set(evidence, '$.expected', '150')
                        WHERE id = 'NC-2026-0003'""")
        conn.execute("UPDATE corrective_actions SET due = NULL WHERE action = 'Fix again'")
    conn.close()
    return file


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def both(path):
    reader = open_reader(url_of(path))
    assert isinstance(reader, SQLiteReader)
    with open_register(url_of(path)) as register, reader:
        yield register, reader


def test_the_register_has_what_the_comparisons_need(both):
    """Not a comparison of two empty lists: every status, actions, history, and a root cause."""
    register, _ = both
    every = register.records()
    assert {r.status for r in every} >= {"action_planned", "closed", "verified", "resolved", "reopened"}
    assert any(r.unaudited_since_run for r in every) and any(r.root_cause for r in every)
    assert any(len(r.actions) > 1 for r in every) and any(a.co_executors for r in every for a in r.actions)
    assert any(a.result_mark for r in every for a in r.actions) and any(a.due is None for r in every for a in r.actions)
    assert any(r.recurrences for r in every) and any(r.last_audited_at for r in every)
    assert any("\\x00" in r.file for r in every) and any(r.department is None for r in every)
    assert any("location" not in r.evidence for r in every)


def queries(register) -> list[RecordQuery]:
    every = register.records()
    runs = [r.id for r in register.runs()]
    one = every[0]
    qs = [RecordQuery(), RecordQuery(statuses=Status.open_values()), RecordQuery(departments=[]),
          RecordQuery(departments=["Физика", "Математика кафедрасы"]), RecordQuery(departments=["nowhere"]),
          RecordQuery(severities=["major"]), RecordQuery(severities=["minor", "observation"]),
          RecordQuery(rule="hrs002"), RecordQuery(rule="NOPE001"), RecordQuery(course="phys"), RecordQuery(course="ФИЗ"),
          RecordQuery(course="физ"), RecordQuery(course="ақпарат"), RecordQuery(course="%"), RecordQuery(course="_"),
          RecordQuery(fingerprint=one.fingerprint), RecordQuery(fingerprint="none"),
          RecordQuery(root_cause_fingerprint=next((r.root_cause_fingerprint for r in every if r.root_cause_fingerprint), "x")),
          RecordQuery(ids=[r.id for r in every[1::2]] + ["NC-1999-0001"]), RecordQuery(ids=[]),
          RecordQuery(statuses=["open", "reopened"], departments=["Математика кафедрасы"], severities=["major"],
                      course="gmrk", rule="HRS001"),
          *(RecordQuery(statuses=[s.value]) for s in Status),
          *(RecordQuery(first_run_after=run) for run in runs),
          RecordQuery(first_run_after=runs[0], statuses=["open"], course="gmrk")]
    return qs


def test_every_query_returns_the_same_records(both):
    register, reader = both
    for q in queries(register):
        assert reader.records(q) == register.records(q), q


def test_every_record_is_the_same_by_its_id(both):
    register, reader = both
    for r in register.records():
        for asked in (r.id, r.id.lower(), f"  {r.id} "):
            got = reader.record(asked)
            assert got == register.record(asked)
            assert got.version == r.version and got.as_record() == r.as_record()


def test_the_same_refusals(both):
    register, reader = both
    for read in (register, reader):
        with pytest.raises(UnknownRecord) as unknown:
            read.record(" nc-2026-0999 ")
        assert str(unknown.value) == "no nonconformity 'NC-2026-0999' in the register (see 'syllabus-audit register list')"
        with pytest.raises(InvalidInput, match="no run 'n9' in the register"):
            read.records(RecordQuery(first_run_after="n9"))
        with pytest.raises(ValueError, match="'shut' is not a valid Status"):
            read.records(RecordQuery(statuses=["shut"]))


def cli(path: Path, monkeypatch, sqlalchemy: bool, *args: str):
    """``syllabus-audit ARGS --register PATH``, read by either path."""
    with monkeypatch.context() as m:
        if sqlalchemy:
            m.setattr("reports.register.sqlite_read.open_reader", lambda _url: None)
        else:
            # where the command looks it up (a name it imported): patching ``common`` instead would
            # leak into the command module if this were its first import, for every later test
            m.setattr("pipeline.commands.register.existing_register", None)  # would fail if it were used
        out = CliRunner().invoke(main, [*args, "--register", str(path)], env={"SYLLABUS_AUDIT_REGISTER": None})
    return out.exit_code, out.output


@pytest.mark.parametrize("args", [
    ("register", "list"), ("register", "list", "--lang", "en"), ("register", "list", "--lang", "ru", "--status", "open-all"),
    ("register", "list", "--format", "json"), ("register", "list", "--department", "Физика", "--status", "resolved"),
    ("register", "list", "--status", "verified", "--status", "closed", "--lang", "en"),
    ("register", "show", "nc-2026-0001"), ("register", "show", "NC-2026-0002", "--lang", "en"),
    ("register", "show", "NC-2026-0003", "--format", "json"), ("register", "show", "NC-2026-0004", "--lang", "ru"),
    ("register", "show", "NC-2026-0005"), ("register", "show", "NC-2026-0099"),
])
def test_the_commands_print_the_same_either_way(path, monkeypatch, args):
    fast = cli(path, monkeypatch, False, *args)
    assert fast == cli(path, monkeypatch, True, *args)
    if args[-1] != "NC-2026-0099":
        assert fast[0] == 0 and fast[1].strip()
    if "json" in args:
        assert json.loads(fast[1])


def test_plain_sqlite_urls_are_read_as_sqlalchemy_reads_them(tmp_path, monkeypatch):
    """Where ``plain_sqlite_path`` names a file, SQLAlchemy accepts the URL and names that file;
    everything else is left to SQLAlchemy (``None``)."""
    monkeypatch.chdir(tmp_path)
    plain = [f"sqlite:///{tmp_path}/r.sqlite3", "sqlite:///register.sqlite3", "sqlite:///qa/r.db",
             "sqlite+pysqlite:///r.sqlite3", "sqlite:///~/r.sqlite3", f"sqlite:///{tmp_path}/a b@c:d/ж.sqlite3",
             "sqlite:////tmp/../tmp/r"]
    for url in plain:
        check_url(url)
        assert plain_sqlite_path(url) == sqlite_file(url) is not None, url
    others = ["sqlite://", "sqlite:///:memory:", "sqlite:///file:r.db?mode=ro&uri=true", "sqlite:///r.db?timeout=5",
              "sqlite:///r%20b.db", "sqlite+aiosqlite:///r.db", "sqlite://host/r.db", "postgresql+psycopg://audit@db/audit",
              "postgresql://u:p@h:5432/d", "SQLITE:///r.db", "sqlite:///r.db#frag", " sqlite:///r.db"]
    for url in others:
        assert plain_sqlite_path(url) is None, url


def test_what_it_does_not_read_goes_to_sqlalchemy(tmp_path, path):
    """A missing file, a file that is no database, an empty database, another schema revision, two
    revisions, a database server: no reader, so ``store`` checks, migrates or refuses as before."""
    assert open_reader(f"sqlite:///{tmp_path / 'missing.sqlite3'}") is None
    (tmp_path / "text.sqlite3").write_text("not a database")
    assert open_reader(f"sqlite:///{tmp_path / 'text.sqlite3'}") is None
    sqlite3.connect(tmp_path / "empty.sqlite3").close()
    assert open_reader(f"sqlite:///{tmp_path / 'empty.sqlite3'}") is None
    for versions in (["0006"], ["0007", "0008"], []):
        other = tmp_path / f"rev{len(versions)}{''.join(versions)}.sqlite3"
        other.write_bytes(path.read_bytes())
        conn = sqlite3.connect(other)
        with conn:
            conn.execute("DELETE FROM alembic_version")
            conn.executemany("INSERT INTO alembic_version VALUES (?)", [(v,) for v in versions])
        conn.close()
        assert open_reader(url_of(other)) is None, versions
    assert open_reader("postgresql+psycopg://audit@127.0.0.1:1/audit") is None


def test_a_register_that_is_no_database_is_refused_in_the_same_words(tmp_path):
    bad = tmp_path / "register.sqlite3"
    bad.write_text("not a database")
    out = CliRunner().invoke(main, ["register", "list", "--register", str(bad)], env={"SYLLABUS_AUDIT_REGISTER": None})
    assert out.exit_code == 2
    assert out.output.strip() == f"error: the register {bad} could not be used: DatabaseError: file is not a database"


def test_reading_changes_nothing(path):
    before = dump(url_of(path))
    reader = open_reader(url_of(path))
    assert reader is not None
    with reader:
        reader.records()
        reader.record("NC-2026-0001")
    assert dump(url_of(path)) == before
