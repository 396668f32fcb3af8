"""``assign_identities`` with content digests given (the result cache keeps them, issue 13): the
digest given is the one compared, and the grouping is the same as with digests computed here;
files whose near signatures agree are grouped without any digest computed."""

from __future__ import annotations

import pytest

from reports.register import identity, syllabus_ref
from reports.register.identity import Candidate, assign_identities, content_digest
from tests.register.test_register_identity_keys import model


def cand(file: str, digest: str | None = None, **kw) -> Candidate:
    s = model(file, **kw)
    return Candidate(syllabus_ref(s), s, file, digest=digest)


def _shape(groups, collisions):
    return ([(g.members, g.ref.identity, g.ref.copies) for g in groups],
            [(c.identity, c.syllabi, c.keys) for c in collisions])


def test_the_digest_given_is_the_one_compared():
    """Two near-empty models under one name are copies exactly when their digests agree."""
    same = assign_identities([cand("a.docx", "1" * 64), cand("a.pdf", "1" * 64, sha="b")])
    apart = assign_identities([cand("a.docx", "1" * 64), cand("a.pdf", "2" * 64, sha="b")])
    assert len(same[0]) == 1 and not same[1]
    assert len(apart[0]) == 2 and len(apart[1]) == 1


FILES = [("x/a.docx", {"topics": ("Intro", "Rocks")}), ("x/a.pdf", {"topics": ("Intro", "Rocks"), "sha": "b"}),
         ("y/b.docx", {"topics": ("Maps",), "sha": "c"}), ("z/c.docx", {"sha": "d"}), ("z/c.pdf", {"sha": "e"}),
         ("w/d.docx", {"title": "Other", "sha": "f"}), ("v/c.docx", {"sha": "g"})]


def test_digests_given_group_as_digests_computed():
    computed = assign_identities([cand(f, **kw) for f, kw in FILES])
    given = assign_identities([cand(f, content_digest(model(f, **kw)), **kw) for f, kw in FILES])
    assert _shape(*given) == _shape(*computed)
    assert len(computed[0]) == 5 and len(computed[1]) == 1  # the set does test grouping and keeping apart


def test_agreeing_near_signatures_need_no_digest(monkeypatch):
    def no_digest(_syllabus):
        raise AssertionError("digest computed")

    monkeypatch.setattr(identity, "content_digest", no_digest)
    [group], collisions = assign_identities([cand("a.pdf", topics=("Intro", "Rocks")),
                                             cand("a.docx", topics=("Intro", "Rocks"), sha="b")])
    assert not collisions and group.ref.copies == ["a.docx", "a.pdf"]
    with pytest.raises(AssertionError, match="digest computed"):  # where they do not decide, it is taken
        assign_identities([cand("b.docx"), cand("b.pdf", sha="b")])
