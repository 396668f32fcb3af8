"""A warm night decodes each cached syllabus only as far as it reads it (issue 13): the result
cache keeps a view of the parts the run reads and the identity traits, a hit is a
``KeptSyllabus`` of that view, and anything that reads more decodes the whole model, which is
then the model a full decode gives. The cache's guarantees hold: an entry without a view (a
cache made before views were kept) is decoded whole and given one; damage found when the whole
model is needed is a miss, never a wrong model; and a night answered by views records exactly
what a night that read every file records."""

from __future__ import annotations

import copy
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from extractors.api import extract_file
from extractors.limits import Limits
from extractors.model import Syllabus
from pipeline.audit import AuditSettings, run_audit
from pipeline.cache import DB_NAME, CacheEntryGone, ResultCache, extraction_fingerprint
from pipeline.kept_syllabus import VIEW_FIELDS, KeptSyllabus, kept_syllabus, view_json
from reports.register.identity import (
    Candidate,
    assign_identities,
    content_digest,
    digest_fingerprint,
    identity_traits,
    near_signature,
)
from tests.pipeline.sample_share import sample_share

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = CORPUS / "seed_kk.docx"
SHA = "ef" * 32
NOW = datetime(2026, 11, 2, 2, 0)


@pytest.fixture(scope="module")
def seed() -> Syllabus:
    if not SEED.exists():
        pytest.skip(f"{SEED} not generated (python -m tests.fixtures.generator.build)")
    return extract_file(SEED)


def _kept(seed: Syllabus) -> KeptSyllabus:
    return kept_syllabus(view_json(seed), lambda: Syllabus.model_validate_json(seed.model_dump_json()))


def _cache(folder) -> ResultCache:
    return ResultCache(folder, extraction_fp=extraction_fingerprint(Limits()),
                       digest=(digest_fingerprint(), content_digest), traits=(digest_fingerprint(), identity_traits))


# --------------------------------------------------------------------------- the kept syllabus


def test_the_view_is_read_without_decoding_the_rest(seed):
    kept = _kept(seed)
    assert isinstance(kept, Syllabus) and not kept.decoded
    for name in VIEW_FIELDS:
        assert getattr(kept, name) == getattr(seed, name)
    assert not kept.decoded  # reading the view decoded nothing more


def test_a_part_outside_the_view_decodes_the_whole_model(seed):
    kept = _kept(seed)
    assert seed.plan, "the seed has a plan"
    assert kept.plan == seed.plan and kept.decoded
    assert kept.plan_section(seed.plan[0].activity) == seed.plan[0]


@pytest.mark.parametrize("use", [
    lambda k: k.model_dump(mode="json"),
    lambda k: k.model_dump_json(),
    repr,
    lambda k: copy.copy(k).model_dump(),
    lambda k: copy.deepcopy(k).model_dump(),
    lambda k: k.model_copy().model_dump(),
    lambda k: dict(k),
])
def test_what_reads_every_part_sees_the_whole_model(seed, use):
    # as a full decode of the cache's JSON shows it (its generic models are named as parametrised)
    as_seed = use(Syllabus.model_validate_json(seed.model_dump_json()))
    kept = _kept(seed)
    assert use(kept) == as_seed


def test_a_kept_syllabus_equals_the_model_it_was_kept_from_and_not_another(seed):
    assert _kept(seed) == seed and seed == _kept(seed) and _kept(seed) == _kept(seed)
    other = seed.model_copy(update={"file": "elsewhere.docx"})
    assert _kept(seed) != other and _kept(other) != seed
    changed = seed.model_copy(update={"plan": seed.plan[:1]})
    assert _kept(seed) != changed  # a part outside the view differs: the whole model is compared


def test_an_unknown_attribute_is_an_attribute_error_and_decodes_nothing(seed):
    kept = _kept(seed)
    with pytest.raises(AttributeError):
        kept.no_such_part  # noqa: B018
    assert not hasattr(kept, "no_such_part") and not kept.decoded


def test_a_damaged_view_is_refused():
    with pytest.raises(ValueError):
        kept_syllabus('{"file": 3}', lambda: pytest.fail("not to be decoded"))


# --------------------------------------------------------------------------- in the cache


def test_a_partial_hit_is_a_kept_syllabus_and_a_whole_one_is_not(tmp_path, seed):
    with _cache(tmp_path) as c:
        assert c.put_extraction(SHA, seed)
        partial = c.get_kept(SHA, seed.file, partial=True)
        whole = c.get_kept(SHA, seed.file)
    assert isinstance(partial.outcome, KeptSyllabus) and not partial.outcome.decoded
    assert type(whole.outcome) is Syllabus and whole.outcome == seed
    assert partial.digest == whole.digest == content_digest(seed)
    assert partial.traits == whole.traits == identity_traits(seed)
    # the cache is closed: the whole model is read through a connection of its own
    assert partial.outcome.plan == seed.plan and partial.outcome == seed


def test_a_moved_file_s_view_and_whole_model_name_the_new_path(tmp_path, seed):
    with _cache(tmp_path) as c:
        c.put_extraction(SHA, seed)
        hit = c.get_kept(SHA, "elsewhere/renamed.docx", partial=True).outcome
    assert isinstance(hit, KeptSyllabus)
    assert hit.file == "elsewhere/renamed.docx"
    assert hit.identity.course_code is None or hit.identity.course_code.source.file == "elsewhere/renamed.docx"
    assert all(t.title.source.file == "elsewhere/renamed.docx" for s in hit.plan for t in s.topics)


def test_an_entry_kept_before_views_is_decoded_whole_and_given_its_view(tmp_path, seed):
    with _cache(tmp_path) as c:
        c.put_extraction(SHA, seed)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE extraction SET view = NULL, traits = NULL, tfp = NULL")
    with _cache(tmp_path) as c:
        first = c.get_kept(SHA, seed.file, partial=True)
        assert type(first.outcome) is Syllabus and first.outcome == seed
        assert first.traits == identity_traits(seed)  # derived now, and kept
        second = c.get_kept(SHA, seed.file, partial=True)
    assert isinstance(second.outcome, KeptSyllabus) and second.outcome == seed
    assert second.traits == identity_traits(seed)


def test_damage_to_the_whole_model_is_found_when_it_is_read(tmp_path, seed):
    with _cache(tmp_path) as c:
        c.put_extraction(SHA, seed)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE extraction SET value = 'S{\"file\": '")
    with _cache(tmp_path) as c:
        assert c.get_extraction(SHA, seed.file) is None  # a whole read: a miss, as ever
        hit = c.get_kept(SHA, seed.file, partial=True).outcome
    assert isinstance(hit, KeptSyllabus) and hit.identity == seed.identity  # the view is sound
    with pytest.raises(ValueError):
        hit.plan  # noqa: B018


def test_an_entry_removed_before_the_whole_model_is_read_says_so(tmp_path, seed):
    with _cache(tmp_path) as c:
        c.put_extraction(SHA, seed)
        hit = c.get_kept(SHA, seed.file, partial=True).outcome
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("DELETE FROM extraction")
    with pytest.raises(CacheEntryGone, match="removed from the cache"):
        hit.plan  # noqa: B018


# --------------------------------------------------------------------------- identities


def test_kept_traits_group_copies_without_reading_the_plan(seed):
    traits = identity_traits(seed)
    near = near_signature(seed)
    assert near is not None
    from reports.register.build import syllabus_ref

    copies = [_kept(seed.model_copy(update={"file": f"night/{name}"})) for name in ("a.docx", "a.pdf")]
    candidates = [Candidate(ref=syllabus_ref(s), syllabus=s, relative=s.file, digest=content_digest(seed), traits=traits)
                  for s in copies]
    groups, collisions = assign_identities(candidates)
    assert len(groups) == 1 and groups[0].members == [0, 1] and not collisions
    assert not any(s.decoded for s in copies)
    # and without kept traits, the same grouping from the model itself
    for c in candidates:
        c.traits = None
    assert [g.members for g in assign_identities(candidates)[0]] == [[0, 1]]


@pytest.mark.parametrize("damage", ["not json", "[]", '{"near": [1], "substantial": true}', '{"near": null}'])
def test_damaged_traits_are_read_from_the_model(seed, damage):
    from reports.register.build import syllabus_ref

    kept = _kept(seed)
    candidates = [Candidate(ref=syllabus_ref(kept), syllabus=kept, relative="a.docx", traits=damage),
                  Candidate(ref=syllabus_ref(seed), syllabus=seed, relative="b.pdf")]
    groups, _ = assign_identities(candidates)
    assert [g.members for g in groups] == [[0, 1]]


# --------------------------------------------------------------------------- a night


@pytest.fixture
def night(tmp_path):
    # with a copy: one syllabus in two files
    folder, files = sample_share(tmp_path, ("clean_ru.docx", "defects_ru.docx"),
                                 {"defects_ru (copy).docx": "defects_ru.docx"})
    runs = iter(range(100))

    def run(cache: bool = True, register: str = "r"):
        settings = AuditSettings(paths=[folder], out=tmp_path / "out", register=f"sqlite:///{tmp_path / register}.sqlite3",
                                 workers=1, cache_dir=(tmp_path / "cache") if cache else None,
                                 run_id=f"night-{next(runs)}")
        return run_audit(settings, files, now=NOW)

    return run


def _what_was_recorded(run) -> tuple:
    docs = {Path(d.file).name: ([f.as_record() for f in d.findings], d.verdict, d.status,
                                {p: c.model_dump() for p, c in d.coverage.items()}) for d in run.checks.documents}
    groups = sorted(sorted(Path(run.checks.documents[i].file).name for i in g.members) for g in run.groups)
    counts = (run.records.new, run.records.still_open, run.records.resolved, run.records.recurred)
    return docs, groups, counts


def test_a_night_answered_by_views_records_what_a_night_that_reads_every_file_does(night):
    night()  # reads every file, keeps the models, their views and traits
    warm = night()
    kept = [d.syllabus for d in warm.checks.documents]
    assert kept and all(isinstance(s, KeptSyllabus) for s in kept)
    assert not any(s.decoded for s in kept)  # nothing read beyond the views
    night(cache=False, register="cold")
    cold = night(cache=False, register="cold")
    assert _what_was_recorded(warm) == _what_was_recorded(cold)
    assert len(warm.groups) == 2  # the copy grouped with its original, from the kept traits


def test_a_damaged_model_to_be_checked_again_is_a_miss_and_read_again(night, tmp_path):
    first = night()
    with sqlite3.connect(tmp_path / "cache" / DB_NAME) as db:  # as after a change of policy, and damaged
        db.execute("DELETE FROM checks")
        db.execute("UPDATE extraction SET value = 'S{'")
    second = night()
    assert not second.checks.failures
    assert _what_was_recorded(second)[0] == _what_was_recorded(first)[0]
    assert all(type(d.syllabus) is Syllabus for d in second.checks.documents)  # read again, whole


def test_traits_are_ascii_whatever_a_title_holds_and_read_back_as_the_near_signature(seed):
    from reports.register.identity import _traits_from

    title = seed.identity.course_title
    assert title is not None
    odd = seed.model_copy(update={"identity": seed.identity.model_copy(
        update={"course_title": title.model_copy(update={"value": "Геология \udce9 \x00"})})})
    text = identity_traits(odd)
    assert text.isascii()  # SQLite takes it; a lone surrogate unescaped would fail the write
    assert _traits_from(text) == (near_signature(odd), True)
    assert _traits_from(identity_traits(seed)) == (near_signature(seed), True)


def test_a_part_with_nothing_to_decode_it_from_is_an_attribute_error(seed):
    kept = kept_syllabus(view_json(seed), lambda: seed)
    kept.__pydantic_private__["_whole"] = None  # as if decoded, but without the parts
    with pytest.raises(AttributeError, match="plan"):
        kept.plan  # noqa: B018
