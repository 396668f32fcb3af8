"""Which syllabus each file of a run is: the register's key for it, its copies, and collisions.

A record's syllabus is its course identity (``records.course_identity``: code, else title, else
content), so a renamed or edited syllabus keeps its records night after night. That identity is
only as good as what was read: misread titles ("Course", "1. The PDF", "Fall 2022") once filed the
findings of five different syllabi under other files' records. So, within one run:

- files that claim one course identity and are *the same document* (the DOCX, its PDF export, a
  .doc copy) are one syllabus: counted once, one summary, one set of records, the copies listed;
- files that claim one course identity and are *not* the same document are kept apart: each is
  keyed by its path relative to the audited folder (``<course identity>@<path>``), and the
  collision is reported. The syllabus whose file the register already holds under that identity
  keeps the plain identity, so its existing records stay its own; a syllabus once kept apart keeps
  its path key on later nights, whether or not the collision is still there.

"The same document" is decided by content: the extracted models are equal once provenance is
stripped (``extractors.model.strip_provenance``), or near-equal (same code, title, hours and plan
topic titles; a PDF export may differ in small readings). Two near-empty models with a shared weak
title are not taken for copies unless their file names (without the suffix) agree.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, TypeAlias, TypeVar

from extractors.model import Sourced, Syllabus, strip_provenance
from reports.records import SyllabusRef
from reports.register.build import course_key_of

# the copy kept as the syllabus's primary file, by format: the editable original first
FORMAT_RANK = {".docx": 0, ".doc": 1, ".odt": 2, ".rtf": 3, ".pdf": 4}

T = TypeVar("T")
# code, title, hours (lectures ... total), plan topic titles: all normalised (``near_signature``)
NearSignature: TypeAlias = tuple[str, str, tuple[object, ...], tuple[str, ...]]


@dataclass
class Candidate:
    """One file of the run: its ref (from ``build.syllabus_ref`` or an unreadable file's), the
    extracted model (None when not read), and its path relative to the audited folder."""

    ref: SyllabusRef
    syllabus: Syllabus | None
    relative: str
    # ``content_digest(syllabus)`` when already known (the result cache keeps it with the
    # extraction), so a warm night need not dump and hash the model again; None: computed here
    digest: str | None = None
    # ``identity_traits(syllabus)`` when already known (kept likewise), so a warm night need not
    # read the plan of a syllabus the cache decoded in part (``pipeline.kept_syllabus``)
    traits: str | None = None


@dataclass
class SyllabusGroup:
    """One syllabus of the run: the indices (into the candidates) of its files, primary first."""

    members: list[int]
    ref: SyllabusRef  # the primary's ref, with ``identity`` and ``copies`` set as decided

    @property
    def primary(self) -> int:
        return self.members[0]


@dataclass
class Collision:
    """Different syllabi of one run that claimed one course identity."""

    identity: str
    syllabi: list[list[str]] = field(default_factory=list)  # the files of each, primary first
    keys: list[str] = field(default_factory=list)  # the key each was given

    def line(self) -> str:
        files = "; ".join(" = ".join(s) for s in self.syllabi)
        return (f"identity collision: {len(self.syllabi)} different syllabi claim {self.identity!r} "
                f"({files}); their records are kept apart")

    def as_record(self) -> dict[str, Any]:
        return {"identity": self.identity, "syllabi": self.syllabi, "keys": self.keys}


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return re.sub(r"\W+", " ", text).strip()


def _value(sourced: Sourced[T] | None) -> T | None:
    return None if sourced is None else sourced.value


def content_digest(syllabus: Syllabus) -> str:
    """The model without provenance, hashed: equal for a DOCX and its faithful PDF export."""
    data = strip_provenance(syllabus)
    # surrogatepass: a lone surrogate (an undecodable byte of a name) hashes instead of raising
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def digest_fingerprint() -> str:
    """What a kept ``content_digest`` was computed by: this module's source (the formula is here;
    the model and ``strip_provenance`` are covered by the result cache's extraction fingerprint).
    A digest kept under another fingerprint is not used, so an edited formula never meets
    digests of the old one in one run."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:32]


def near_signature(syllabus: Syllabus) -> NearSignature | None:
    """Code, title, hours and plan topic titles; None when the model has too little of them to
    tell two syllabi apart (no plan topic and no total hours)."""
    ident = syllabus.identity
    hours = syllabus.hours
    figures = () if hours is None else tuple(
        _value(getattr(hours, n)) for n in ("lectures", "practicals", "labs", "siwt", "siw", "total"))
    topics = tuple(_norm(t.title.value) for s in syllabus.plan for t in s.topics)
    if not topics and (hours is None or hours.total is None):
        return None
    return (_norm(_value(ident.course_code)).replace(" ", ""), _norm(_value(ident.course_title)), figures, topics)


def _substantial(syllabus: Syllabus) -> bool:
    return bool(near_signature(syllabus)) or bool(syllabus.literature.main or syllabus.assessment.periods)


def identity_traits(syllabus: Syllabus) -> str:
    """What ``assign_identities`` reads of a model besides its ref and digest, as JSON: its near
    signature and whether it is substantial (the result cache keeps it: ``Candidate.traits``)."""
    near = near_signature(syllabus)
    # ASCII: whatever a title holds (a lone surrogate too) is stored as an escape SQLite can take
    return json.dumps({"near": near, "substantial": near is not None or _substantial(syllabus)})


def _traits_from(text: str) -> tuple[NearSignature | None, bool] | None:
    """``identity_traits``'s JSON back as (near signature, substantial); None when it is not
    such (then they are read from the model)."""
    try:
        data = json.loads(text)
        near, substantial = data["near"], data["substantial"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(substantial, bool):
        return None
    if near is None:
        return None, substantial
    if not (isinstance(near, list) and len(near) == 4 and isinstance(near[2], list) and isinstance(near[3], list)):
        return None
    # JSON has no tuples: back to the tuple ``near_signature`` gives, so that the two compare equal
    return (near[0], near[1], tuple(near[2]), tuple(near[3])), substantial


def stem_of(relative: str) -> str:
    """The relative path without its suffix, case-folded: a DOCX and its PDF export share it."""
    return str(PurePath(relative).with_suffix("")).casefold()


class _Traits:
    """What decides whether two files are one syllabus. The content digest is the costly part
    (the whole model dumped and hashed), so it is taken only when the near signatures have not
    decided already (``_same``), and from the candidate when the cache kept it."""

    def __init__(self, c: Candidate, syllabus: Syllabus):
        self._candidate = c
        self._syllabus = syllabus
        self._digest = c.digest
        kept = _traits_from(c.traits) if c.traits is not None else None
        if kept is not None:
            self.near, self.substantial = kept
        else:
            self.near = near_signature(syllabus)
            self.substantial = self.near is not None or _substantial(syllabus)
        self.stem = stem_of(c.relative)

    @property
    def digest(self) -> str:
        if self._digest is None:
            self._digest = content_digest(self._syllabus)
        return self._digest

    @classmethod
    def of(cls, c: Candidate) -> _Traits | None:
        return None if c.syllabus is None else cls(c, c.syllabus)


def _same(a: _Traits | None, b: _Traits | None) -> bool:
    if a is None or b is None:
        return False
    # Equal near signatures make two files one syllabus whatever their digests say (a near
    # signature implies a substantial model), so the digests are not needed then.
    if a.near is not None and a.near == b.near:
        return True
    if a.digest == b.digest:
        return a.substantial or a.stem == b.stem
    return False


def relative_to(path: str | Path, roots: Sequence[Path | str]) -> str:
    """The file's path relative to the audited folder that holds it (posix), else its name."""
    p = Path(os.path.abspath(path))
    best = None
    for root in roots:
        r = Path(os.path.abspath(root))
        if r.is_file() or (r.suffix and not r.is_dir()):
            r = r.parent
        try:
            rel = p.relative_to(r)
        except ValueError:
            continue
        if best is None or len(rel.parts) < len(best.parts):
            best = rel
    return (best or PurePath(p.name)).as_posix()


def path_keys(identity: str, relative: str) -> tuple[str, str]:
    """The keys a file is given when kept apart under ``identity``: by its path without the suffix
    (shared by its copies), or in full when two colliding syllabi share that."""
    return f"{identity}@{stem_of(relative)}", f"{identity}@{relative.casefold()}"


def keys_to_look_up(candidates: Sequence[Candidate]) -> set[str]:
    """Every key ``assign_identities`` may ask ``known_files`` about."""
    keys = set()
    for c in candidates:
        identity = course_key_of(c.ref)
        keys.add(identity)
        keys.update(path_keys(identity, c.relative))
    return keys


def _rank(c: Candidate) -> tuple[bool, int, str]:
    return (c.syllabus is None, FORMAT_RANK.get(PurePath(c.relative).suffix.lower(), 9), c.relative)


def assign_identities(
    candidates: Sequence[Candidate], known_files: Mapping[str, set[str]] | None = None
) -> tuple[list[SyllabusGroup], list[Collision]]:
    """Group the run's files into syllabi and key each (see the module docstring).

    ``known_files``: for a key (``keys_to_look_up``), the files the register's records under it
    were last seen in (``Register.files_by_course_key``)."""
    known_files = known_files or {}
    by_identity: dict[str, list[int]] = {}
    for i, c in enumerate(candidates):
        by_identity.setdefault(course_key_of(c.ref), []).append(i)

    groups: list[SyllabusGroup] = []
    collisions: list[Collision] = []
    for identity, members in by_identity.items():
        clusters: list[list[int]] = []
        traits = {i: _Traits.of(candidates[i]) for i in members} if len(members) > 1 else {}
        for i in members:
            home = next((cl for cl in clusters if any(_same(traits[i], traits[j]) for j in cl)), None)
            if home is None:
                clusters.append([i])
            else:
                home.append(i)
        clusters = [sorted(cl, key=lambda i: _rank(candidates[i])) for cl in clusters]
        # a syllabus once kept apart keeps its key, with or without a collision tonight
        sticky = [next((k for i in cl for k in path_keys(identity, candidates[i].relative) if k in known_files), None)
                  for cl in clusters]
        if len(clusters) == 1:
            groups.append(_group(candidates, clusters[0], sticky[0]))
            continue

        known = known_files.get(identity, set())
        keeper = next((cl for cl, st in zip(clusters, sticky)
                       if st is None and any(candidates[i].ref.file in known for i in cl)), None)
        stems = [stem_of(candidates[cl[0]].relative) for cl in clusters]
        collision = Collision(identity)
        for cl, stem, st in zip(clusters, stems, sticky):
            if st is not None:
                key = st
            elif cl is keeper:
                key = None
            else:
                where = stem if stems.count(stem) == 1 else candidates[cl[0]].relative.casefold()
                key = f"{identity}@{where}"
            group = _group(candidates, cl, key)
            groups.append(group)
            collision.syllabi.append([candidates[i].ref.file for i in cl])
            collision.keys.append(course_key_of(group.ref))
        collisions.append(collision)
    groups.sort(key=lambda g: g.primary)
    return groups, collisions


def _group(candidates: Sequence[Candidate], members: list[int], key: str | None) -> SyllabusGroup:
    primary = candidates[members[0]].ref
    copies = [candidates[i].ref.file for i in members] if len(members) > 1 else []
    # no key of its own: the identity the ref came with (an unreadable file's path key), if any
    return SyllabusGroup(members, primary.model_copy(update={"identity": key or primary.identity, "copies": copies}))
