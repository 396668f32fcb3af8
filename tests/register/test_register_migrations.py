"""Schema migrations: an empty database reaches head, and a register made by revision 0001 keeps
its data through the upgrades to head (0002: recurrences backfilled from the history; 0003: per-run
syllabus verdicts, empty for old runs; 0004: read coverage per syllabus, none for old rows; 0005:
syllabi kept apart and their copies, the last run that audited each record's syllabus)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from reports.records import Status
from reports.register import ForbiddenTransition, open_register
from reports.register.defaults import SCHEMA_HEAD
from reports.register.schema import Base
from reports.register.store import current_revision, head_revision, make_engine, upgrade


def test_empty_database_to_head_matches_the_models(url):
    reg = open_register(url)
    try:
        assert current_revision(reg.engine) == head_revision() == "0007"
        with reg.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == []
    finally:
        reg.close()


def test_upgrade_from_0001_keeps_the_data(url):
    engine = make_engine(url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO runs (id, started, finished, status, syllabi_audited, findings, new, still_open, resolved,"
            " recurred, unaudited) VALUES ('old-1', '2025-11-03 02:00:00', '2025-11-03 02:05:00', 'completed',"
            " 1, 1, 1, 0, 0, 0, 0)"))
        conn.execute(text("INSERT INTO id_counters (year, last) VALUES (2025, 7)"))
        conn.execute(text(
            "INSERT INTO nonconformities (id, fingerprint, course_key, course_code, course_title, programme, department,"
            " file, file_sha256, rule, rule_name, severity, kind, requirement, description_kk, description_ru,"
            " description_en, expected, actual, evidence, root_cause_fingerprint, detected_on, first_run,"
            " last_seen_run, unaudited_since_run, review_deadline, cause_analysis_deadline, correction, root_cause,"
            " status) VALUES ('NC-2025-0007', 'fp-old', 'code:gmrk3301', 'GMRK3301', 'Геометрия', '6B07204',"
            " 'Математика', 'GMRK3301.docx', NULL, 'HRS001', 'hours.total', 'major', 'nonconformity', 'r',"
            " 'сағат', 'часы', 'hours', '150', '140', '{\"file\": \"GMRK3301.docx\"}', NULL, '2025-11-03',"
            " 'old-1', 'old-1', NULL, '2025-11-10', '2025-12-01', 'fixed the table', 'template error', 'reopened')"))
        for i, (frm, to) in enumerate([(None, "open"), ("open", "resolved"), ("resolved", "reopened"),
                                       ("reopened", "resolved"), ("resolved", "reopened")]):
            conn.execute(text(
                "INSERT INTO status_history (nonconformity_id, at, by, from_status, to_status, comment)"
                " VALUES ('NC-2025-0007', :at, 'run:old', :f, :t, '')"), {"at": f"2025-11-0{3 + i} 02:00:00", "f": frm, "t": to})
        conn.execute(text(
            "INSERT INTO corrective_actions (nonconformity_id, action, responsible, co_executors, due, created_at,"
            " created_by) VALUES ('NC-2025-0007', 'Revise the template', 'Head', '[\"A. B.\"]', '2025-12-15',"
            " '2025-11-05 10:00:00', 'qa')"))
    engine.dispose()

    reg = open_register(url)  # upgrades to head
    try:
        assert current_revision(reg.engine) == SCHEMA_HEAD
        nc = reg.get("NC-2025-0007")
        assert nc.status == Status.reopened
        assert nc.recurrences == 2  # backfilled from the two changes to 'reopened'
        assert nc.correction == "fixed the table" and nc.root_cause == "template error"
        assert nc.corrective_actions[0].co_executors == ["A. B."]
        assert nc.corrective_actions[0].result_mark is None
        assert len(nc.history) == 5 and nc.evidence == {"file": "GMRK3301.docx"}
        assert [r.id for r in reg.runs()] == ["old-1"]
        assert reg.run_syllabi("old-1") == []  # 0003: the table exists; runs before it have no rows
        with reg.write() as s:
            s.execute(text("UPDATE corrective_actions SET result_mark = 'done' WHERE nonconformity_id = 'NC-2025-0007'"))
        assert reg.get("NC-2025-0007").corrective_actions[0].result_mark == "done"
    finally:
        reg.close()


def test_upgrade_from_0003_keeps_run_syllabi_without_coverage(url):
    engine = make_engine(url)
    upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO runs (id, started, finished, status, syllabi_audited, findings, new, still_open, resolved,"
            " recurred, unaudited) VALUES ('old-3', '2026-11-20 02:00:00', '2026-11-20 02:05:00', 'completed',"
            " 1, 0, 0, 0, 0, 0, 0)"))
        conn.execute(text(
            "INSERT INTO run_syllabi (run_id, file, verdict, findings, major, minor, observation)"
            " VALUES ('old-3', 'a.docx', 'accepted', 0, 0, 0, 0)"))
    engine.dispose()
    reg = open_register(url)
    try:
        assert current_revision(reg.engine) == SCHEMA_HEAD
        [row] = reg.run_syllabi("old-3")
        assert row["verdict"] == "accepted" and row["coverage"] is None
        from reports.assemble import build_run_report

        report = build_run_report(reg, "old-3", "ru")
        assert report.syllabi[0].coverage == {}
    finally:
        reg.close()


def test_upgrade_from_0004_keeps_every_record(url):
    """A register made at 0004 by real runs (records merged under one weak title, closed and
    resolved ones) keeps every record, its history and actions through 0005, and can be verified
    only as the new rule allows."""
    from register_helpers import dump, night

    from reports.register import human

    engine = make_engine(url)
    upgrade(engine, "0004")
    with engine.begin() as conn:  # the 0004 tables, written by hand: the models are at head
        for run, day in [("old-1", 2), ("old-2", 3)]:
            conn.execute(text(
                "INSERT INTO runs (id, started, finished, status, syllabi_audited, findings, new, still_open,"
                " resolved, recurred, unaudited) VALUES (:id, :at, :at, 'completed', 2, 2, 2, 0, 0, 0, 0)"),
                {"id": run, "at": night(day)})
        for nc_id, key, status in [("NC-2026-0001", "hours/total", "closed"), ("NC-2026-0002", "plan/t1", "resolved"),
                                   ("NC-2026-0003", "lit/1", "open")]:
            conn.execute(text(
                "INSERT INTO nonconformities (id, fingerprint, course_key, course_code, course_title, file, rule,"
                " rule_name, severity, kind, requirement, description_kk, description_ru, description_en, evidence,"
                " detected_on, first_run, last_seen_run, review_deadline, cause_analysis_deadline, status, recurrences)"
                " VALUES (:id, :fp, 'title:course', NULL, 'Course', 'a.docx', 'HRS001', 'r', 'major', 'nonconformity',"
                " 'req', 'kk', 'ru', 'en', '{\"also_found_in\": [\"b.docx\"]}', '2026-03-02', 'old-1', 'old-1',"
                " '2026-03-09', '2026-03-30', :st, 0)"), {"id": nc_id, "fp": "fp-" + key, "st": status})
            conn.execute(text(
                "INSERT INTO status_history (nonconformity_id, at, by, from_status, to_status, comment)"
                " VALUES (:id, :at, 'run:old-1', NULL, 'open', 'detected')"), {"id": nc_id, "at": night(2)})
        conn.execute(text(
            "INSERT INTO status_history (nonconformity_id, at, by, from_status, to_status, comment)"
            " VALUES ('NC-2026-0002', :at, 'run:old-2', 'open', 'resolved', '')"), {"at": night(3)})
        conn.execute(text(
            "INSERT INTO status_history (nonconformity_id, at, by, from_status, to_status, comment)"
            " VALUES ('NC-2026-0001', :at, 'qa', 'open', 'closed', 'fixed')"), {"at": night(3, 10)})
        conn.execute(text("INSERT INTO id_counters (year, last) VALUES (2026, 3)"))
    engine.dispose()
    before = dump(url)

    reg = open_register(url)
    try:
        assert current_revision(reg.engine) == SCHEMA_HEAD
        after = dump(url)
        for table in ("runs", "nonconformities", "status_history", "corrective_actions", "id_counters"):
            assert len(after[table]) == len(before[table]), table
        records = {nc.id: nc for nc in reg.list()}
        assert sorted(records) == ["NC-2026-0001", "NC-2026-0002", "NC-2026-0003"]
        assert records["NC-2026-0001"].evidence == {"also_found_in": ["b.docx"]}
        with reg.read() as s:
            audited = dict(s.execute(text("SELECT id, last_audited_run FROM nonconformities")).all())
        assert audited == {"NC-2026-0001": "old-1", "NC-2026-0002": "old-2", "NC-2026-0003": "old-1"}
        # closed after its last audit: verification waits for a run
        with pytest.raises(ForbiddenTransition), reg.write() as s:
            human.verify(s, "NC-2026-0001", comment="x", by="qa", when=night(4))
        with reg.write() as s:  # resolved by the audit itself: verifiable
            human.verify(s, "NC-2026-0002", comment="did not recur", by="qa", when=night(4))
        assert reg.files_by_course_key(["title:course"]) == {"title:course": {"a.docx"}}
    finally:
        reg.close()


def test_downgrade_and_upgrade_again(url):
    reg = open_register(url)
    reg.close()
    engine = make_engine(url)
    from alembic import command

    from reports.register.store import alembic_config

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert current_revision(engine) == "0001"
    upgrade(engine)
    assert current_revision(engine) == SCHEMA_HEAD
    engine.dispose()


def test_schema_head_constant_is_the_newest_migration():
    """``defaults.SCHEMA_HEAD`` lets an up-to-date register open without importing alembic: it must
    name the newest revision, or a register at the real head would be migrated on every open (and
    one between the two never)."""
    from reports.register.store import head_revision

    assert head_revision() == SCHEMA_HEAD


def test_an_up_to_date_register_opens_without_alembic(url):
    """Opening a register already at head reads its revision with one query: alembic is not imported."""
    import subprocess
    import sys
    from pathlib import Path

    open_register(url).close()
    code = ("import sys\nfrom reports.register import open_register\n"
            f"open_register({url!r}).close()\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[2], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_upgrade_to_0007_stores_expected_and_actual_once(url):
    """Revision 0007: a record's expected and actual values leave its evidence JSON (its columns keep
    them) and come back in the evidence the register hands out, in the same place; a JSON copy that
    differs from its column is kept; the downgrade writes the copies back."""
    import json

    from register_helpers import finding, night, ref

    reg = open_register(url)
    reg.record_run("n1", [(finding(key="a"), ref()), (finding(key="b", actual="120"), ref())], [ref()], night(2))
    before = {nc.id: nc.evidence for nc in reg.list()}
    reg.close()
    assert list(before["NC-2026-0001"])[7:9] == ["expected", "actual"]  # the finding's own order
    engine = make_engine(url)

    def stored() -> dict:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, evidence FROM nonconformities ORDER BY id")).all()
        return {i: json.loads(e) if isinstance(e, str) else e for i, e in rows}

    assert all("expected" not in ev and "actual" not in ev for ev in stored().values())  # new records: once
    from alembic import command

    from reports.register.store import alembic_config

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    old = stored()
    assert old == before  # 0006 kept the copies, where the finding had them
    with engine.begin() as conn:  # a copy that differs from its column (never written by the tool): kept
        conn.execute(text("UPDATE nonconformities SET evidence = :ev WHERE id = 'NC-2026-0002'"),
                     {"ev": json.dumps({**old["NC-2026-0002"], "actual": "something else"})})
    upgrade(engine)
    after = stored()
    assert "expected" not in after["NC-2026-0001"] and "actual" not in after["NC-2026-0001"]
    assert after["NC-2026-0002"]["actual"] == "something else" and "expected" not in after["NC-2026-0002"]
    engine.dispose()
    reg = open_register(url)
    try:
        records = {nc.id: nc for nc in reg.list()}
        assert records["NC-2026-0001"].evidence == before["NC-2026-0001"]
        assert list(records["NC-2026-0001"].evidence) == list(before["NC-2026-0001"])  # same order
        assert records["NC-2026-0001"].actual == "140" and records["NC-2026-0002"].evidence["actual"] == "something else"
        typed = reg.record("NC-2026-0001").typed_evidence
        assert (typed.expected, typed.actual, typed.location) == ("150", "140", "a")
    finally:
        reg.close()
