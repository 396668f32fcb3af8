"""The content digest the result cache keeps with each extracted syllabus (issue 13): a warm
night takes it from the cache instead of dumping and hashing every model again, and the cache's
guarantees hold for it as for the model: one computed by other code, damaged, missing or from
a cache made before digests were kept is computed again from the model, never trusted, never a
crash; and the run's collector pause leaves nothing exempt from collection."""

from __future__ import annotations

import gc
import sqlite3
import weakref
from pathlib import Path

import pytest

from extractors.api import extract_file
from extractors.errors import NotASyllabus
from extractors.limits import Limits
from pipeline.cache import DB_NAME, ResultCache, extraction_fingerprint
from reports.register.identity import content_digest, digest_fingerprint

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = CORPUS / "seed_kk.docx"
SHA = "cd" * 32


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip(f"{SEED} not generated (python -m tests.fixtures.generator.build)")
    return extract_file(SEED)


class Counting:
    """``content_digest`` that counts its calls, to tell a kept digest from a recomputed one."""

    def __init__(self):
        self.calls = 0

    def __call__(self, syllabus):
        self.calls += 1
        return content_digest(syllabus)


def _cache(folder, fn=content_digest, dfp=None) -> ResultCache:
    return ResultCache(folder, extraction_fp=extraction_fingerprint(Limits()), digest=(dfp or digest_fingerprint(), fn))


def _row(folder):
    with sqlite3.connect(Path(folder) / DB_NAME) as db:
        return db.execute("SELECT digest, dfp FROM extraction WHERE sha = ?", (SHA,)).fetchone()


def test_the_digest_is_kept_with_the_extraction_and_read_back_without_recomputing(tmp_path, seed):
    with _cache(tmp_path) as c:
        assert c.put_extraction(SHA, seed)
    assert _row(tmp_path) == (content_digest(seed), digest_fingerprint())
    counting = Counting()
    with _cache(tmp_path, counting) as c:
        hit, digest = c.get_extraction_and_digest(SHA, seed.file)
    assert hit == seed and digest == content_digest(seed) and counting.calls == 0


def test_a_moved_file_keeps_its_digest(tmp_path, seed):
    """The digest leaves out every file name, so the copy under a new path has the same one."""
    with _cache(tmp_path) as c:
        c.put_extraction(SHA, seed)
        hit, digest = c.get_extraction_and_digest(SHA, "elsewhere/renamed.docx")
    assert hit.file == "elsewhere/renamed.docx"
    assert digest == content_digest(hit) == content_digest(seed)


@pytest.mark.parametrize("damage", ["not a digest", "AB" * 32, "", None])
def test_a_damaged_or_missing_digest_is_computed_again_and_kept(tmp_path, seed, damage):
    with _cache(tmp_path) as c:
        c.put_extraction(SHA, seed)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE extraction SET digest = ?", (damage,))
    counting = Counting()
    with _cache(tmp_path, counting) as c:
        hit, digest = c.get_extraction_and_digest(SHA, seed.file)
    assert hit == seed and digest == content_digest(seed) and counting.calls == 1
    assert _row(tmp_path) == (content_digest(seed), digest_fingerprint())


def test_a_digest_of_other_code_is_not_used(tmp_path, seed):
    """A changed formula (another digest fingerprint) must never meet digests of the old one."""
    with _cache(tmp_path, lambda s: "0" * 64, dfp="old-formula") as c:
        c.put_extraction(SHA, seed)
    with _cache(tmp_path) as c:
        _hit, digest = c.get_extraction_and_digest(SHA, seed.file)
    assert digest == content_digest(seed) != "0" * 64
    assert _row(tmp_path) == (content_digest(seed), digest_fingerprint())


def test_a_cache_made_before_digests_were_kept_is_read_and_filled_in(tmp_path, seed):
    efp = extraction_fingerprint(Limits())
    tmp_path.mkdir(exist_ok=True)
    with sqlite3.connect(tmp_path / DB_NAME) as db:  # the layout of FORMAT 2 before issue 13
        db.execute("CREATE TABLE extraction (sha TEXT NOT NULL, fp TEXT NOT NULL, path TEXT NOT NULL,"
                   " value TEXT NOT NULL, stored REAL NOT NULL, PRIMARY KEY (sha, fp))")
        db.execute("INSERT INTO extraction VALUES (?, ?, ?, ?, 1.0)", (SHA, efp, seed.file, "S" + seed.model_dump_json()))
    with _cache(tmp_path) as c:
        hit, digest = c.get_extraction_and_digest(SHA, seed.file)
        assert c.get_extraction(SHA, seed.file) == seed  # the plain read still works
    assert hit == seed and digest == content_digest(seed)
    assert _row(tmp_path) == (digest, digest_fingerprint())


def test_an_entry_replaced_by_an_older_writer_loses_its_digest(tmp_path, seed):
    """Code that does not know the digest writes the row without it: nothing stale remains."""
    with _cache(tmp_path) as c:
        c.put_extraction(SHA, seed)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("INSERT OR REPLACE INTO extraction (sha, fp, path, value, stored) SELECT sha, fp, path, value, 2.0"
                   " FROM extraction")
    assert _row(tmp_path) == (None, None)


def test_a_failing_digest_leaves_the_hit_a_hit(tmp_path, seed, caplog):
    def broken(_syllabus):
        raise ValueError("cannot")

    with _cache(tmp_path, broken) as c:
        assert c.put_extraction(SHA, seed)
        hit, digest = c.get_extraction_and_digest(SHA, seed.file)
    assert hit == seed and digest is None
    assert _row(tmp_path) == (None, None)
    assert "content digest" in caplog.text


def test_errors_have_no_digest_and_a_cache_without_digests_keeps_none(tmp_path, seed):
    with _cache(tmp_path) as c:
        c.put_extraction("ee" * 32, NotASyllabus("x.docx", "no plan"))
        assert c.get_extraction_and_digest("ee" * 32, "x.docx")[1] is None
    plain = tmp_path / "plain"
    with ResultCache(plain, extraction_fp=extraction_fingerprint(Limits())) as c:
        c.put_extraction(SHA, seed)
        hit, digest = c.get_extraction_and_digest(SHA, seed.file)
    assert hit == seed and digest is None


def test_the_collector_pause_exempts_nothing_for_good():
    """``paused_gc`` moves the run's objects to the oldest generation unscanned; they must not
    stay frozen, and a cycle made during the run is still collected."""
    from pipeline.audit import paused_gc

    class Node:
        pass

    was = gc.isenabled()
    gc.enable()
    try:
        with paused_gc():
            assert not gc.isenabled()
            a, b = Node(), Node()
            a.other, b.other = b, a
            alive = weakref.ref(a)
            del a, b
        assert gc.isenabled() and gc.get_freeze_count() == 0
        assert alive() is not None  # a cycle: only the collector frees it...
        gc.collect()
        assert alive() is None  # ...and it still does
    finally:
        if not was:
            gc.disable()


def _old_layout(folder: Path, seed) -> None:
    """An extraction table as FORMAT 2 made it before issue 13 (no digest columns)."""
    folder.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(folder / DB_NAME) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE extraction (sha TEXT NOT NULL, fp TEXT NOT NULL, path TEXT NOT NULL,"
                   " value TEXT NOT NULL, stored REAL NOT NULL, PRIMARY KEY (sha, fp))")
        db.execute("CREATE TABLE checks (sha TEXT NOT NULL, fp TEXT NOT NULL, cfp TEXT NOT NULL,"
                   " path TEXT NOT NULL, value TEXT NOT NULL, stored REAL NOT NULL, PRIMARY KEY (sha, fp, cfp))")
        db.execute("INSERT INTO extraction VALUES (?, ?, ?, ?, 1.0)",
                   (SHA, extraction_fingerprint(Limits()), seed.file, "S" + seed.model_dump_json()))


def test_a_cache_that_cannot_take_the_digest_columns_is_still_read(tmp_path, seed, monkeypatch, caplog):
    """A read-only cache of the old layout: its hits stay hits, with no digest (the run computes
    the few it needs), and it is not moved aside as damaged."""
    _old_layout(tmp_path, seed)
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda path, **kw: real(f"file:{path}?mode=ro", uri=True, **kw))
    counting = Counting()
    with _cache(tmp_path, counting) as c:
        assert c.get_extraction_and_digest(SHA, seed.file) == (seed, None)
        c.put_extraction("ef" * 32, seed)  # a failed write is logged, never raised
        assert c.get_extraction("ef" * 32, seed.file) is None
    assert counting.calls == 0 and "cannot keep content digests" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir() if "corrupt" in p.name) == []


def test_a_digest_that_cannot_be_kept_is_given_once_and_said_once(tmp_path, seed, monkeypatch, caplog):
    """Writes failing (a locked or read-only cache): each hit still counts, the first digest
    computed is given, and the warning is not repeated for every file of the night."""
    with _cache(tmp_path) as c:
        c.put_extraction(SHA, seed)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE extraction SET digest = NULL, dfp = NULL")
    real = sqlite3.connect
    with _cache(tmp_path) as c:
        c.close()
        c._db = real(f"file:{tmp_path / DB_NAME}?mode=ro", uri=True)
        first = c.get_extraction_and_digest(SHA, seed.file)
        second = c.get_extraction_and_digest(SHA, seed.file)
    assert first == (seed, content_digest(seed)) and second == (seed, None)
    assert caplog.text.count("cannot keep what it derives") == 1


def test_a_digest_computed_for_tonight_is_the_one_kept_and_not_computed_twice(tmp_path, seed):
    counting = Counting()
    with _cache(tmp_path, counting) as c:
        digest = c.content_digest(seed)
        assert c.put_extraction(SHA, seed, digest=digest)
        assert c.put_extraction("ef" * 32, seed, digest="not a digest")  # a bad one is not kept as it is
    assert digest == content_digest(seed) and counting.calls == 2
    assert _row(tmp_path) == (digest, digest_fingerprint())
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT digest FROM extraction WHERE sha = ?", ("ef" * 32,)).fetchone() == (digest,)
    assert ResultCache(None, extraction_fp="x", digest=(digest_fingerprint(), counting)).content_digest(seed) is None


def test_the_collector_pause_leaves_a_callers_freeze_to_the_caller():
    """Inside someone's ``gc.freeze`` (the executor freezes around forking), the pause must not
    unfreeze what they froze: its objects join theirs, given back by their own unfreeze."""
    from pipeline.audit import paused_gc

    was = gc.isenabled()
    gc.enable()
    try:
        gc.freeze()
        theirs = gc.get_freeze_count()
        assert theirs > 0
        with paused_gc():
            made = [[i] for i in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= theirs + len(made)
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()
    assert gc.get_freeze_count() == 0
