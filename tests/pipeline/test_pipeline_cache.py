"""The result cache: hits and misses, what invalidates which layer, damage is a miss, and a
moved file is reported under its current path."""

import json
import multiprocessing
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from checks.policy import load_policy
from checks.runner import selected_rules
from extractors.api import extract_file
from extractors.errors import NotASyllabus
from extractors.limits import Limits
from pipeline.cache import DB_NAME, ResultCache, check_fingerprint, extraction_fingerprint, rules_read_the_date
from pipeline.errors import TimedOut
from pipeline.work import CheckSpec, check_one

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = CORPUS / "seed_kk.docx"
SHA = "ab" * 32


def _files(data) -> set[str]:
    out = set()
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "file" and isinstance(v, str):
                out.add(v)
            else:
                out |= _files(v)
    elif isinstance(data, list):
        for v in data:
            out |= _files(v)
    return out


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip(f"{SEED} not generated (python -m tests.fixtures.generator.build)")
    return extract_file(SEED)


@pytest.fixture(scope="module")
def seed_findings(seed):
    return check_one(seed, CheckSpec(today=date(2025, 9, 1)))["findings"]


def _fps(policy_overrides=None, today=date(2025, 9, 1)):
    policy = load_policy(overrides=policy_overrides)
    return extraction_fingerprint(Limits()), check_fingerprint(policy, selected_rules(policy), today=today)


def test_miss_then_hit_gives_the_same_syllabus(tmp_path, seed):
    efp, cfp = _fps()
    with ResultCache(tmp_path, extraction_fp=efp, check_fp=cfp) as c:
        assert c.get_extraction(SHA, seed.file) is None
        assert c.put_extraction(SHA, seed)
    with ResultCache(tmp_path, extraction_fp=efp, check_fp=cfp) as c:  # a later run
        hit = c.get_extraction(SHA, seed.file)
        assert hit.model_dump() == seed.model_dump()
        assert c.hits["extraction"] == 1


def test_a_moved_file_gets_its_current_path_everywhere(tmp_path, seed, seed_findings):
    efp, cfp = _fps()
    new = str(tmp_path / "moved" / "renamed.docx")
    with ResultCache(tmp_path, extraction_fp=efp, check_fp=cfp) as c:
        c.put_extraction(SHA, seed)
        c.put_findings(SHA, seed.file, seed_findings)
        s = c.get_extraction(SHA, new)
        records = c.get_findings(SHA, new)
    assert s.file == new
    data = s.model_dump(mode="json")
    assert _files(seed.model_dump(mode="json")) == {seed.file}  # every Source names the file...
    assert _files(data) == {new}  # ...and now names where it is
    assert records and {r["evidence"]["file"] for r in records} == {new}


def test_errors_are_cached_by_type_but_run_faults_are_not(tmp_path):
    efp, _ = _fps()
    with ResultCache(tmp_path, extraction_fp=efp) as c:
        assert c.put_extraction("1" * 64, NotASyllabus("old/name.pdf", "no title"))
        assert not c.put_extraction("2" * 64, TimedOut.after("slow.pdf", 30))
        got = c.get_extraction("1" * 64, "new/name.pdf")
        assert type(got) is NotASyllabus and (got.path, got.detail, got.code) == ("new/name.pdf", "no title", "not-a-syllabus")
        assert c.get_extraction("2" * 64, "slow.pdf") is None


def test_changed_policy_rechecks_without_reparsing(tmp_path, seed, seed_findings):
    efp, cfp = _fps()
    efp2, cfp2 = _fps({"literature": {"max_age_years": 5}})
    assert efp2 == efp and cfp2 != cfp
    assert _fps() == (efp, cfp)  # the same policy, the same fingerprint
    with ResultCache(tmp_path, extraction_fp=efp, check_fp=cfp) as c:
        c.put_extraction(SHA, seed)
        c.put_findings(SHA, seed.file, seed_findings)
    with ResultCache(tmp_path, extraction_fp=efp, check_fp=cfp2) as c:
        assert c.get_extraction(SHA, seed.file) is not None
        assert c.get_findings(SHA, seed.file) is None
    with ResultCache(tmp_path, extraction_fp=efp, check_fp=cfp) as c:
        assert c.get_findings(SHA, seed.file) == seed_findings


def test_other_things_that_invalidate(tmp_path):
    policy = load_policy()
    rules = selected_rules(policy)
    base = check_fingerprint(policy, rules, today=date(2025, 9, 1))
    # the day counts only while a rule reads it (pipeline.cache.rules_read_the_date)
    assert (check_fingerprint(policy, rules, today=date(2025, 9, 2)) != base) == rules_read_the_date()
    assert check_fingerprint(policy, rules[:-1], today=date(2025, 9, 1)) != base  # --ignore
    cur = tmp_path / "curriculum.csv"
    cur.write_text("code,title\n")
    assert check_fingerprint(policy, rules, curriculum_file=cur, today=date(2025, 9, 1)) != base
    assert extraction_fingerprint(Limits(max_pages=10)) != extraction_fingerprint(Limits())


def test_a_damaged_entry_is_a_miss(tmp_path, seed, seed_findings):
    efp, cfp = _fps()
    with ResultCache(tmp_path, extraction_fp=efp, check_fp=cfp) as c:
        c.put_extraction(SHA, seed)
        c.put_findings(SHA, seed.file, seed_findings)
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.execute("UPDATE extraction SET value = ?", ('S{"file": 3',))
    db.execute("UPDATE checks SET value = ?", (json.dumps({"not": "a list"}),))
    db.commit()
    db.close()
    with ResultCache(tmp_path, extraction_fp=efp, check_fp=cfp) as c:
        assert c.get_extraction(SHA, seed.file) is None
        assert c.get_findings(SHA, seed.file) is None
        c.put_extraction(SHA, seed)  # and it heals
        assert c.get_extraction(SHA, seed.file) is not None


def test_a_damaged_database_file_is_moved_aside(tmp_path, seed):
    efp, _ = _fps()
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    with ResultCache(tmp_path, extraction_fp=efp) as c:
        assert c.get_extraction(SHA, seed.file) is None
        c.put_extraction(SHA, seed)
        assert c.get_extraction(SHA, seed.file) is not None
    assert list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))


def test_an_unusable_folder_disables_caching(tmp_path, seed):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with ResultCache(blocker / "cache", extraction_fp="x") as c:
        assert not c.put_extraction(SHA, seed) or c.get_extraction(SHA, seed.file) is None


def _writer(folder, n, start):
    with ResultCache(folder, extraction_fp="fp") as c:
        for i in range(start, start + n):
            c.put_extraction(f"{i:064x}", NotASyllabus(f"f{i}.pdf", "x"))
            assert c.get_extraction(f"{i:064x}", f"f{i}.pdf") is not None


def test_several_processes_write_at_once(tmp_path):
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(tmp_path, 150, k * 1000)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    with ResultCache(tmp_path, extraction_fp="fp") as c:
        assert all(c.get_extraction(f"{k * 1000 + i:064x}", "x.pdf") for k in range(3) for i in range(150))
