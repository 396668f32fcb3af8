"""A persistent cache of per-file results, so an unchanged folder re-audits without parsing.

Two layers, both keyed by the file's content (sha256), never by its path:

- extraction: (sha256, extraction fingerprint) -> the ``Syllabus`` JSON, or the typed error
  (class, code, detail). The fingerprint covers the package version, the model's schema
  version, the extractor sources, ``data/vocabulary.toml`` and the ``Limits``.
- with each extracted syllabus, what the run derives from the model alone and would otherwise
  rebuild every night: its content digest (``reports.register.identity.content_digest``, which
  tells a DOCX and its PDF export for one syllabus), under the fingerprint of the code that
  computes it (``digest_fingerprint``). It is kept in the extraction's own row, so it is written
  and replaced with the model it belongs to; a missing, damaged or other-fingerprint digest is
  computed again from the model and kept. So are the traits that tell copies of one syllabus
  apart (``reports.register.identity.identity_traits``: its near signature, read from the plan).
- with each extracted syllabus, its view: the parts of the model a warm night reads
  (``pipeline.kept_syllabus``). A hit is a ``KeptSyllabus`` decoded from the view alone; the
  whole model is decoded from the entry when another part is first read. An entry kept before
  views were is decoded whole, and its view is kept then.
- checks: (sha256, extraction fingerprint, check fingerprint) -> the per-syllabus findings as a
  JSON list of ``Finding.as_record()``. The check fingerprint covers the policy's values, the
  selected rules and their severities, the curriculum file, the check sources and, while any
  code a per-syllabus check runs reads the date (``rules_read_the_date``), the date, so a
  changed policy re-checks without re-parsing.

Where: the folder given (``--cache DIR``, ``cache`` in syllabus-audit.toml), else beside the
register (``default_folder``): ``<register file>.cache/`` for a SQLite register, a folder per
register under the user's cache folder for a database server. Never in the report folder: a
nightly run that writes into a new ``--out`` folder still finds last night's results.

Storage is one SQLite file (``cache.sqlite3``) in that folder, in WAL mode with a busy
timeout, so several processes (two runs, or a run and a reader) may use it at once. Values are
JSON text, never pickles: the folder may sit on a share others can write to. Anything wrong
with an entry or with the file itself is a miss, never a crash; a database that cannot be opened
is moved aside and a fresh one started.

Outcomes that say more about the run than about the file (time-outs, crashes, memory, a missing
LibreOffice, a failed conversion, an unexpected exception) are not cached: they are retried on
the next run.

A cached result read for a file that has since moved (same content, new path) is given the
current path, in ``Syllabus.file``, every ``Source.file`` and every ``Evidence.file`` that named
the old one.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import importlib
import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from extractors.errors import ExtractionError
from extractors.limits import Limits
from extractors.model import SCHEMA_VERSION, Syllabus
from pipeline.discovery import name_text

log = logging.getLogger(__name__)

DB_NAME = "cache.sqlite3"
FORMAT = "2"  # bump when the stored layout changes

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "data" / "vocabulary.toml"

NOT_CACHED_CODES = frozenset(
    {"timed-out", "worker-crashed", "memory-exceeded", "converter-missing", "conversion-failed", "unreadable"}
)

Outcome = Syllabus | ExtractionError

# (fingerprint of the code that computes it, the function): see ``ResultCache``
Derivation = tuple[str, Callable[[Syllabus], str]]


@dataclasses.dataclass
class CacheHit:
    """What ``ResultCache.get_kept`` found for one file: the outcome (None: a miss) and, for a
    syllabus when the cache keeps them, its content digest and identity traits (None: not kept)."""

    outcome: Outcome | None
    digest: str | None = None
    traits: str | None = None

_DIGEST = re.compile(r"[0-9a-f]{64}")
# the extraction table's columns derived from the model, and which fingerprint column says by what
_DERIVED_COLUMNS = ("digest", "dfp", "view", "traits", "tfp")
_FINGERPRINT_OF = {"digest": "dfp", "traits": "tfp"}


class CacheEntryGone(Exception):
    """The whole model of a ``KeptSyllabus`` could not be read back from its cache entry."""

    def __init__(self, path: str, why: str):
        super().__init__(f"{path}: the result cache could not give its whole model back ({why}); "
                         "run the audit again (with --no-cache to read every file)")


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


# how a kept derived value is told sound before it is used
_IS_VALID: dict[str, Callable[[str], object]] = {"digest": _DIGEST.fullmatch, "traits": _is_json}


def _view_json(syllabus: Syllabus) -> str:
    from pipeline.kept_syllabus import view_json

    return view_json(syllabus)


# --------------------------------------------------------------------------- where


def default_folder(register_url: str) -> Path:
    """The cache of the register at ``register_url``: ``register.sqlite3.cache/`` beside a SQLite
    register; ``$XDG_CACHE_HOME/syllabus-audit/<register digest>`` (``~/.cache/…``) for a
    register on a database server or in memory, one per register, since results depend on
    nothing else a register holds but are kept for the register's runs."""
    from reports.register.sqlite_file import sqlite_file
    from reports.register.urls import shown_url

    path = sqlite_file(register_url)  # the one answer the register's commands also use
    if path is not None:
        return path.with_name(path.name + ".cache")
    from extractors.cache_home import cache_home  # the vocabulary's phrases are kept there too

    shown = shown_url(register_url)
    return cache_home() / hashlib.sha256(shown.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- fingerprints


def package_version() -> str:
    try:
        return metadata.version("syllabus-audit")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _sources(package: str) -> list[tuple[str, bytes]]:
    """A package's Python sources: (path relative to it, contents), in path order."""
    base = ROOT / package
    return [(str(p.relative_to(base)), p.read_bytes()) for p in sorted(base.rglob("*.py"))]


def _sources_hash(package: str, sources: list[tuple[str, bytes]] | None = None) -> str:
    """Hash of a package's Python sources, so an edited reader or rule invalidates results even
    when nobody bumped the version (development checkouts, hot fixes)."""
    h = hashlib.sha256()
    for rel, data in _sources(package) if sources is None else sources:
        h.update(rel.encode())
        h.update(data)
    return h.hexdigest()


def _digest(parts: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]


def extraction_fingerprint(limits: Limits | None = None, *, vocabulary: Path = VOCABULARY) -> str:
    limits = limits or Limits()
    return _digest(
        {
            "format": FORMAT,
            "version": package_version(),
            "schema": SCHEMA_VERSION,
            "extractors": _sources_hash("extractors"),
            "vocabulary": hashlib.sha256(vocabulary.read_bytes()).hexdigest() if vocabulary.exists() else None,
            "limits": dataclasses.asdict(limits),
        }
    )


def _plain(value: Any) -> Any:
    """The policy (frozen pydantic models; their tables are dicts) as plain JSON-able data."""
    if isinstance(value, BaseModel):  # field by field, as the dataclasses it replaced were
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and hasattr(value, "name"):  # enums
        return value.value
    return value


def file_hash(path: str | Path | None) -> str | None:
    """sha256 of a file's bytes (``unreadable:PATH`` if it cannot be read; None for no file): what
    a curriculum or passport file contributes to the check fingerprint and to the checks' setup."""
    if path is None:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return f"unreadable:{path}"


# Names by which code reads the date or the clock: ``ctx.today``, ``date.today()``, ``now()``...
_DATE_NAMES = frozenset({"today", "now", "utcnow", "localtime", "gmtime", "ctime", "fromtimestamp"})
_DATE_HINT = re.compile(r"\b(?:today|now|utcnow|localtime|gmtime|ctime|fromtimestamp)\b|\btime\.time\b")
# Where checks/ hands the date on without a per-syllabus check reading it: CheckContext's field
# (registry.py), the runner's run-wide steps (audit, _waive: the waivers are applied to the whole
# run each time, never cached) and the waivers themselves.
_DATE_HANDLERS: dict[str, frozenset[str] | None] = {
    "registry.py": frozenset({"CheckContext"}), "runner.py": frozenset({"audit", "_waive"}), "waivers.py": None}


def _reads_the_date(source: str, exempt: frozenset[str] | None = frozenset()) -> bool:
    """Whether code reads the date or the clock outside the top-level definitions named in
    ``exempt`` (None: the whole module is exempt). A module that cannot be parsed reads it."""
    if exempt is None:
        return False
    # most rule modules name none of them: not parsed at all (substrings first: the fastest test)
    if not any(name in source for name in (*_DATE_NAMES, "time.time")) or not _DATE_HINT.search(source):
        return False
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return True
    for top in tree.body:
        if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and top.name in exempt:
            continue
        for node in ast.walk(top):
            if isinstance(node, ast.Name) and node.id in _DATE_NAMES:
                return True
            if isinstance(node, ast.Attribute) and (
                    node.attr in _DATE_NAMES
                    or (node.attr == "time" and isinstance(node.value, ast.Name) and node.value.id == "time")):
                return True
    return False


_read_the_date: dict[str, bool] = {}  # by the hash of the check sources


def _checks_read_the_date(sources: list[tuple[str, bytes]], sources_hash: str) -> bool:
    if sources_hash not in _read_the_date:
        _read_the_date[sources_hash] = any(
            _reads_the_date(data.decode("utf-8", "replace"), _DATE_HANDLERS.get(Path(rel).as_posix(), frozenset()))
            for rel, data in sources)
    return _read_the_date[sources_hash]


def rules_read_the_date() -> bool:
    """Whether any code under checks/ that a per-syllabus check may run reads the date (a rule
    comparing against ``ctx.today``, or ``date.today()``, ``datetime.now()``, ``time.time()``).

    While none does, cached findings stay valid from one day to the next, so a nightly re-audit of
    unchanged files checks nothing again; the day one does, the date is back in the check
    fingerprint and findings are computed again once a day. The answer is kept per version of
    the check sources (their hash, in the fingerprint too)."""
    sources = _sources("checks")
    return _checks_read_the_date(sources, _sources_hash("checks", sources))


def check_fingerprint(policy, rules: Sequence, *, curriculum_file: str | Path | None = None,
                      passport_file: str | Path | None = None, today: date | None = None) -> str:
    """Everything a per-syllabus finding depends on besides the syllabus itself.

    ``today`` is part of it only while a rule reads the date (``rules_read_the_date``): no rule
    does now (the literature's age is measured from the syllabus's own year, never the audit's),
    and with the date in it every night re-checked every syllabus (11 s CPU for 300 files,
    measured, issue 13)."""
    values = _plain(policy)
    values.pop("sources", None)  # where the policy came from does not change what it says
    checks = _sources("checks")
    checks_hash = _sources_hash("checks", checks)
    return _digest(
        {
            "format": FORMAT,
            "version": package_version(),
            "checks": checks_hash,
            "policy": values,
            "rules": sorted((r.code, _plain(getattr(r, "effective_severity", None))) for r in rules),
            "curriculum": file_hash(curriculum_file),
            "passport": file_hash(passport_file),
            "today": (today or date.today()).isoformat() if _checks_read_the_date(checks, checks_hash) else None,
        }
    )


# --------------------------------------------------------------------------- (de)serialising


def _retarget(data: Any, old: str, new: str) -> Any:
    """Replace every ``"file": old`` in nested JSON data by ``new``."""
    if isinstance(data, dict):
        return {k: (new if k == "file" and v == old else _retarget(v, old, new)) for k, v in data.items()}
    if isinstance(data, list):
        return [_retarget(v, old, new) for v in data]
    return data


def error_to_dict(err: ExtractionError) -> dict:
    cls = type(err)
    return {"class": f"{cls.__module__}:{cls.__qualname__}", "code": err.code, "detail": err.detail, "path": err.path}


def error_from_dict(data: Mapping, path: str) -> ExtractionError:
    cls: type = ExtractionError
    module, _, qualname = str(data.get("class", "")).partition(":")
    try:
        found = getattr(importlib.import_module(module), qualname)
        if isinstance(found, type) and issubclass(found, ExtractionError):
            cls = found
    except (ImportError, AttributeError, ValueError):
        pass
    err = cls(path, str(data.get("detail", "")))
    if err.code != data.get("code") and data.get("code"):
        err.code = str(data["code"])  # a class that no longer exists: keep the stable code
    return err


def is_cacheable(outcome: Outcome) -> bool:
    return not (isinstance(outcome, ExtractionError) and outcome.code in NOT_CACHED_CODES)


# --------------------------------------------------------------------------- the cache


class ResultCache:
    """Use as a context manager, from the coordinating process (workers return results to it).

    ``folder=None`` disables caching (every get is a miss, every put does nothing).

    ``digest``: (fingerprint, function) computing a syllabus's content digest, kept with its
    extraction (``get_extraction_and_digest``); None keeps none. ``traits``: the same for its
    identity traits (JSON text); None keeps none."""

    def __init__(self, folder: str | Path | None, *, extraction_fp: str, check_fp: str | None = None,
                 digest: Derivation | None = None, traits: Derivation | None = None):
        self.folder = Path(folder) if folder is not None else None
        self.extraction_fp = extraction_fp
        self.check_fp = check_fp
        self.digest = digest
        self.traits = traits
        self._derived_columns = False  # whether the extraction table has them (``_connect``)
        self._backfill = True  # what is derived for entries without it is kept (until a write fails)
        self.hits = {"extraction": 0, "checks": 0}
        self.misses = {"extraction": 0, "checks": 0}
        self._db: sqlite3.Connection | None = None
        if self.folder is not None:
            self._db = self._open()

    # ------------------------------------------------------------------ connection
    def _connect(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS extraction (sha TEXT NOT NULL, fp TEXT NOT NULL, path TEXT NOT NULL,"
            " value TEXT NOT NULL, stored REAL NOT NULL, digest TEXT, dfp TEXT, view TEXT, traits TEXT, tfp TEXT,"
            " PRIMARY KEY (sha, fp))"
        )
        # a cache made before the digest, the view or the traits were kept: the columns are added
        # (NULL: not derived yet). One that cannot take them (a read-only share) is still used, as
        # before, without them.
        columns = {row[1] for row in db.execute("PRAGMA table_info(extraction)")}
        try:
            for column in _DERIVED_COLUMNS:
                if column not in columns:
                    try:
                        db.execute(f"ALTER TABLE extraction ADD COLUMN {column} TEXT")
                    except sqlite3.OperationalError as exc:  # another process added it meanwhile
                        if "duplicate column" not in str(exc):
                            raise
            self._derived_columns = True
        except sqlite3.Error as exc:
            log.warning("cache %s cannot keep content digests (%s); used without them", path, exc)
            self._derived_columns = False
        db.execute(
            "CREATE TABLE IF NOT EXISTS checks (sha TEXT NOT NULL, fp TEXT NOT NULL, cfp TEXT NOT NULL,"
            " path TEXT NOT NULL, value TEXT NOT NULL, stored REAL NOT NULL, PRIMARY KEY (sha, fp, cfp))"
        )
        return db

    def _open(self) -> sqlite3.Connection | None:
        assert self.folder is not None
        path = self.folder / DB_NAME
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return self._connect(path)
        except sqlite3.DatabaseError as exc:
            aside = path.with_name(f"{DB_NAME}.corrupt-{int(time.time())}")
            log.warning("cache %s cannot be used (%s); moved aside to %s, starting afresh", path, exc, aside.name)
            try:
                for suffix in ("", "-wal", "-shm"):
                    p = Path(str(path) + suffix)
                    if p.exists():
                        os.replace(p, Path(str(aside) + suffix))
                return self._connect(path)
            except (OSError, sqlite3.Error) as exc2:
                log.warning("cache disabled for this run: %s", exc2)
                return None
        except OSError as exc:
            log.warning("cache folder %s cannot be used (%s); caching disabled for this run", self.folder, exc)
            return None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _read(self, sql: str, args: tuple) -> tuple | None:
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, args).fetchone()
        except sqlite3.Error as exc:
            log.warning("cache read failed (%s); treated as a miss", exc)
            return None

    def _write(self, sql: str, args: tuple) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(sql, args)
        except sqlite3.Error as exc:
            log.warning("cache write failed (%s); result not cached", exc)

    # ------------------------------------------------------------------ extraction layer
    def get_extraction(self, sha: str | None, path: str | Path) -> Outcome | None:
        """The cached outcome for this content, naming ``path`` (as ``name_text``); None on a miss,
        and for a file of unknown content (``sha`` None: discovery could not read it)."""
        return self.get_kept(sha, path).outcome

    def get_extraction_and_digest(self, sha: str | None, path: str | Path) -> tuple[Outcome | None, str | None]:
        """``get_extraction``'s outcome and its content digest (``get_kept``)."""
        hit = self.get_kept(sha, path)
        return hit.outcome, hit.digest

    def get_kept(self, sha: str | None, path: str | Path, *, partial: bool = False) -> CacheHit:
        """The cached outcome for this content, naming ``path``, and for a syllabus, when the cache
        keeps them, its content digest and identity traits: those kept with it, else derived now
        and kept (an entry stored before they were kept, or under another fingerprint, or
        damaged). None for what is not kept (an error, a cache that cannot keep them, a value
        that could not be derived).

        ``partial``: a syllabus with a view is a ``KeptSyllabus`` (see the module), whose whole
        model is read when first needed: damage to it is found then (``whole``), not here."""
        if sha is None:
            return CacheHit(None)
        path = name_text(path)
        if not self._derived_columns:
            columns = "path, value, stored"
        elif partial:  # the view instead of the whole model, when it has one: the model is read if needed
            columns = "path, CASE WHEN view IS NULL THEN value END, stored, digest, dfp, traits, tfp, view"
        else:  # the whole model, and whether it has a view
            columns = "path, value, stored, digest, dfp, traits, tfp, view IS NOT NULL"
        row = self._read(f"SELECT {columns} FROM extraction WHERE sha = ? AND fp = ?", (sha, self.extraction_fp))
        outcome = None
        if row is not None:
            try:
                if partial and len(row) > 7 and row[7] is not None:
                    outcome = self._kept_view(sha, row[0], row[7], str(path))
                else:
                    outcome = self._decode_extraction(row[0], row[1], str(path))
            except Exception as exc:  # any damage to an entry is a miss
                log.warning("cache entry for %s unreadable (%s); treated as a miss", path, exc)
                outcome = None
        self._count("extraction", outcome is not None)
        if not isinstance(outcome, Syllabus) or not self._derived_columns:
            return CacheHit(outcome)
        assert row is not None
        stored = row[2]
        kept = {"digest": (row[3], row[4]), "traits": (row[5], row[6])}
        derived: dict[str, str | None] = {}
        missing: dict[str, str] = {}
        for name in ("digest", "traits"):
            derivation = self._derivation(name)
            value, fp = kept[name]
            if derivation is None:
                derived[name] = None
            elif fp == derivation[0] and isinstance(value, str) and _IS_VALID[name](value):
                derived[name] = value
            elif not self._backfill:  # cannot be kept: derived by the run only where it needs it
                derived[name] = None
            else:
                derived[name] = self._derive(outcome, name)
                if derived[name] is not None:
                    missing[name] = derived[name]  # type: ignore[assignment]
        if self._backfill and not row[7]:  # the entry has no view yet: kept for the nights after
            try:
                missing["view"] = _view_json(outcome)
            except ValueError as exc:  # pydantic's serialisation errors: no view, the model is decoded whole
                log.warning("view of %s not cached: %s", path, exc)
        if missing:
            self._keep_derived(sha, stored, missing)
        return CacheHit(outcome, derived["digest"], derived["traits"])

    def _keep_derived(self, sha: str, stored: float, values: Mapping[str, str | None]) -> None:
        """Keep what was derived for an entry, only into the row just read: one replaced meanwhile
        keeps its own (or none)."""
        if self._db is None:
            return
        sets: list[str] = []
        args: list[Any] = []
        for name, value in values.items():
            if value is None:
                continue
            sets.append(f"{name} = ?")
            args.append(value)
            if name in _FINGERPRINT_OF:
                derivation = self._derivation(name)
                assert derivation is not None
                sets.append(f"{_FINGERPRINT_OF[name]} = ?")
                args.append(derivation[0])
        if not sets:
            return
        try:
            self._db.execute(f"UPDATE extraction SET {', '.join(sets)} WHERE sha = ? AND fp = ? AND stored = ?",
                             (*args, sha, self.extraction_fp, stored))
        except sqlite3.Error as exc:  # said once, not for every file of the night
            log.warning("cache cannot keep what it derives from the models (%s); derived again each run", exc)
            self._backfill = False

    def _kept_view(self, sha: str, stored_path: str, view: str, path: str) -> Syllabus:
        """A ``KeptSyllabus`` of the entry's view, naming ``path``, whose whole model is read from
        this entry when first needed."""
        from pipeline.kept_syllabus import kept_syllabus

        if stored_path != path:
            view = json.dumps(_retarget(json.loads(view), stored_path, path), ensure_ascii=False)
        return kept_syllabus(view, functools.partial(self._whole_model, sha, self.extraction_fp, path))

    def _whole_model(self, sha: str, fp: str, path: str) -> Syllabus:
        """The whole model of the entry (sha, fp), naming ``path``: read through this cache's
        connection while it is open, else through a new one (the run reads parts of a hit after
        the cache was closed). Raises ``CacheEntryGone`` when the entry cannot be read."""
        db = self._db
        opened = None
        try:
            if db is None:
                if self.folder is None:
                    raise CacheEntryGone(path, "the cache is not open")
                db = opened = sqlite3.connect(f"file:{self.folder / DB_NAME}?mode=ro", uri=True, timeout=30)
            row = db.execute("SELECT path, value FROM extraction WHERE sha = ? AND fp = ?", (sha, fp)).fetchone()
        except sqlite3.Error as exc:
            raise CacheEntryGone(path, str(exc)) from exc
        finally:
            if opened is not None:
                opened.close()
        if row is None:
            raise CacheEntryGone(path, "its entry was removed from the cache during the run")
        outcome = self._decode_extraction(row[0], row[1], path)
        if not isinstance(outcome, Syllabus):
            raise CacheEntryGone(path, "its entry no longer holds a syllabus")
        return outcome

    def _derive(self, syllabus: Syllabus, name: str = "digest") -> str | None:
        """The content digest (or the identity traits) of ``syllabus``, or None (nothing kept) if
        deriving it failed."""
        derivation = self._derivation(name)
        assert derivation is not None
        try:
            value = derivation[1](syllabus)
        except Exception as exc:  # the run derives it again where it needs it, and says why there
            log.warning("%s of %s not cached: %s", "content digest" if name == "digest" else "identity traits",
                        name_text(syllabus.file), exc)
            return None
        return value if isinstance(value, str) and _IS_VALID[name](value) else None

    def _derivation(self, name: str) -> Derivation | None:
        """What derives the kept value ``name`` ("digest" or "traits"), if this cache keeps it."""
        return self.digest if name == "digest" else self.traits

    @staticmethod
    def _decode_extraction(stored_path: str, value: str, path: str) -> Outcome:
        kind, body = value[:1], value[1:]
        if kind == "S":
            if stored_path == path:  # the common case, and pydantic's fastest path
                return Syllabus.model_validate_json(body)
            syllabus = Syllabus.model_validate(_retarget(json.loads(body), stored_path, path))
            syllabus.file = path
            return syllabus
        if kind == "E":
            return error_from_dict(json.loads(body), path)
        raise ValueError(f"unknown entry kind {kind!r}")

    def content_digest(self, syllabus: Syllabus) -> str | None:
        """The digest ``put_extraction`` would keep for ``syllabus``, for the run to use tonight
        too (passed back to ``put_extraction``, it is not computed twice); None when this cache
        keeps none (no folder, no digest function, or computing it failed)."""
        if self._db is None or self.digest is None or not self._derived_columns:
            return None
        return self._derive(syllabus)

    def identity_traits(self, syllabus: Syllabus) -> str | None:
        """``content_digest`` for the identity traits."""
        if self._db is None or self.traits is None or not self._derived_columns:
            return None
        return self._derive(syllabus, "traits")

    def put_extraction(self, sha: str, outcome: Outcome, digest: str | None = None, traits: str | None = None) -> bool:
        """Store an outcome (not those that say more about the run than the file). True if stored.

        ``digest``, ``traits``: the syllabus's content digest and identity traits when already
        derived (else derived here)."""
        if self._db is None or sha is None or not is_cacheable(outcome):
            return False
        path = name_text(outcome.file if isinstance(outcome, Syllabus) else outcome.path)
        # "S" + the syllabus's JSON, or "E" + the error's fields
        try:
            if isinstance(outcome, Syllabus):
                value = "S" + outcome.model_dump_json()
                view = _view_json(outcome)
            else:
                value = "E" + json.dumps(error_to_dict(outcome), ensure_ascii=False)
                view = None
            value.encode("utf-8")  # SQLite stores UTF-8: a lone surrogate would fail in the write
        except (ValueError, UnicodeError) as exc:  # pydantic's serialisation errors are ValueErrors
            log.warning("result for %s not cached: %s", path, exc)
            return False
        if not self._derived_columns:
            self._write(
                "INSERT OR REPLACE INTO extraction (sha, fp, path, value, stored) VALUES (?, ?, ?, ?, ?)",
                (sha, self.extraction_fp, path, value, time.time()),
            )
            return True
        # what is derived goes into the same row, so an entry never holds another model's
        if self.digest is None or not isinstance(outcome, Syllabus):
            digest = None
        elif digest is None or not _IS_VALID["digest"](digest):
            digest = self._derive(outcome)
        if self.traits is None or not isinstance(outcome, Syllabus):
            traits = None
        elif traits is None or not _IS_VALID["traits"](traits):
            traits = self._derive(outcome, "traits")
        self._write(
            "INSERT OR REPLACE INTO extraction (sha, fp, path, value, stored, digest, dfp, view, traits, tfp)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha, self.extraction_fp, path, value, time.time(), digest, self.digest[0] if digest and self.digest else None,
             view, traits, self.traits[0] if traits and self.traits else None),
        )
        return True

    # ------------------------------------------------------------------ check layer
    def get_findings(self, sha: str, path: str | Path) -> list[dict] | None:
        """The cached per-syllabus findings (``Finding.as_record()`` dicts) naming ``path``."""
        if self.check_fp is None or sha is None:
            return None
        path = name_text(path)
        row = self._read(
            "SELECT path, value FROM checks WHERE sha = ? AND fp = ? AND cfp = ?", (sha, self.extraction_fp, self.check_fp)
        )
        records = None
        if row is not None:
            try:
                data = json.loads(row[1])
                if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                    raise ValueError("not a list of records")
                records = _retarget(data, row[0], str(path)) if row[0] != str(path) else data
            except Exception as exc:
                log.warning("cached findings for %s unreadable (%s); treated as a miss", path, exc)
        self._count("checks", records is not None)
        return records

    def put_findings(self, sha: str | None, path: str | Path, records: Iterable[dict]) -> None:
        if self.check_fp is None or sha is None:
            return
        path = name_text(path)
        self._write(
            "INSERT OR REPLACE INTO checks (sha, fp, cfp, path, value, stored) VALUES (?, ?, ?, ?, ?, ?)",
            (sha, self.extraction_fp, self.check_fp, str(path), json.dumps(list(records), ensure_ascii=False), time.time()),
        )

    # ------------------------------------------------------------------ housekeeping
    def _count(self, layer: str, hit: bool) -> None:
        (self.hits if hit else self.misses)[layer] += 1

    def prune(self) -> int:
        """Delete entries of other fingerprints (older tool versions, policies, days). Returns
        the number of rows removed."""
        if self._db is None:
            return 0
        try:
            n = self._db.execute("DELETE FROM extraction WHERE fp != ?", (self.extraction_fp,)).rowcount
            if self.check_fp is not None:
                n += self._db.execute(
                    "DELETE FROM checks WHERE fp != ? OR cfp != ?", (self.extraction_fp, self.check_fp)
                ).rowcount
            return n
        except sqlite3.Error as exc:
            log.warning("cache prune failed (%s)", exc)
            return 0
