"""``identity.assign_identities`` on hand-made models: what is a copy, what is kept apart, and
which key each syllabus gets (plain, path, or the one the register already holds)."""

from __future__ import annotations

from extractors.model import DocumentFacts, Identity, Source, Sourced, Syllabus
from reports.register import syllabus_ref
from reports.register.identity import Candidate, assign_identities, keys_to_look_up


def model(file: str, title: str = "Course", topics: tuple[str, ...] = (), sha: str = "a") -> Syllabus:
    src = Source(file=file)
    plan = [{"activity": "lectures", "topics": [{"title": {"value": t, "source": src.model_dump()}} for t in topics]}]
    return Syllabus.model_validate({
        "file": file, "document": DocumentFacts(format=file.rsplit(".", 1)[1], sha256=sha * 64).model_dump(),
        "identity": Identity(course_title=Sourced[str](value=title, source=src)).model_dump(), "plan": plan})


def cand(file: str, **kw) -> Candidate:
    s = model(file, **kw)
    return Candidate(syllabus_ref(s), s, file)


def test_copies_of_one_syllabus_are_one_group_with_a_plain_key():
    groups, collisions = assign_identities([cand("a.pdf", topics=("Intro", "Rocks")),
                                            cand("a.docx", topics=("Intro", "Rocks"), sha="b")])
    [g] = groups
    assert not collisions and g.ref.identity is None and g.ref.copies == ["a.docx", "a.pdf"]
    assert g.ref.file == "a.docx"  # the editable original is the primary


def test_different_syllabi_with_one_title_are_kept_apart_by_path():
    groups, [collision] = assign_identities([cand("x/a.docx", topics=("Intro",)), cand("y/b.docx", topics=("Maps",), sha="b")])
    assert [g.ref.identity for g in groups] == ["title:course@x/a", "title:course@y/b"]
    assert collision.identity == "title:course" and collision.keys == ["title:course@x/a", "title:course@y/b"]


def test_near_empty_models_are_copies_only_under_one_name():
    apart, collisions = assign_identities([cand("a.docx"), cand("b.docx", sha="b")])
    assert len(apart) == 2 and len(collisions) == 1
    together, none = assign_identities([cand("a.docx"), cand("a.pdf", sha="b")])
    assert len(together) == 1 and not none


def test_the_file_the_register_knows_keeps_the_plain_key_and_path_keys_stick():
    a, b = cand("a.docx", topics=("Intro",)), cand("b.docx", topics=("Maps",), sha="b")
    assert "title:course@b" in keys_to_look_up([a, b])
    groups, _ = assign_identities([a, b], {"title:course": {"a.docx"}})
    assert [g.ref.identity for g in groups] == [None, "title:course@b"]
    # next night b is alone: it keeps the key its records have
    [alone], collisions = assign_identities([b], {"title:course@b": {"b.docx"}})
    assert alone.ref.identity == "title:course@b" and not collisions


def test_same_stem_in_two_colliding_syllabi_uses_the_full_path():
    groups, _ = assign_identities([cand("a.docx", topics=("Intro",)), cand("a.pdf", topics=("Maps",), sha="b")])
    assert sorted(g.ref.identity for g in groups) == ["title:course@a.docx", "title:course@a.pdf"]
