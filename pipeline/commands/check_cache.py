"""What ``check`` reads from and keeps in the result cache: the nightly run's own cache.

A file whose bytes were read before (by last night's ``audit`` or by an earlier ``check``) is
not read again: its syllabus comes from the cache and, under the same policy, rules, curriculum
and passport, its per-syllabus findings too, so the reader and spaCy are never loaded for it. The
cache is ``pipeline.cache.ResultCache``, keyed by the file's content (sha256) and the
fingerprints of the reader's and the checks' code, so an edited syllabus, a new version of the
tool or a changed policy is never answered from it.

Which cache (``cache_folder``): ``--cache DIR`` (``cache`` in syllabus-audit.toml); else the one
``audit`` fills every night for the register the settings name (``register`` in the settings
file, or ``$SYLLABUS_AUDIT_REGISTER``), if that run has made it; else none, and every file is read,
as before. No cache of its own in the user's folders: a department head's ``check`` leaves
nothing behind, and a QA office's ``check`` of a file the night read answers at once.
``--no-cache`` (``cache = false``) reads every file.

``check`` adds to the cache and never removes from it: removing entries of other fingerprints
(``ResultCache.prune``) is the nightly run's housekeeping, and a ``check`` with ``--select``
must not take the night's findings away.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from checks.finding import Finding
from checks.policy import Policy
from checks.registry import CheckContext
from checks.runner import RuleFailure, check_syllabus
from extractors.errors import ExtractionError
from extractors.model import Syllabus
from pipeline.commands.common import register_url
from pipeline.discovery import content_sha256, name_text
from reports.register.defaults import ENV_VAR
from reports.register.sqlite_read import plain_sqlite_path


def cache_folder(cache_dir: Path | None, no_cache: bool, register: str | None) -> Path | None:
    """The cache ``check`` uses (None: none), as the module says. ``register``: the settings
    file's ``register``, if it has one."""
    if no_cache:
        return None
    if cache_dir is not None:
        return Path(cache_dir)
    register = register or os.environ.get(ENV_VAR)
    if not register:
        return None
    url = register_url(register)  # a plain path is a SQLite file, as for every register command
    plain = plain_sqlite_path(url)
    if plain is not None:  # what default_folder answers, without SQLAlchemy's URL parser (0.2 s)
        folder = plain.with_name(plain.name + ".cache")
    else:
        from pipeline.cache import default_folder

        try:
            folder = default_folder(url)
        except Exception:  # an unusable URL is the register commands' to report, not check's
            return None
    return folder if folder.is_dir() else None


@dataclass
class Checked:
    """``read_and_check``'s answer, in the order of the files given."""

    inputs: list[Syllabus | ExtractionError] = field(default_factory=list)
    failures: list[RuleFailure] = field(default_factory=list)  # the tool's failures, by file
    precomputed: dict[str, list[Finding]] = field(default_factory=dict)  # per-syllabus findings, by file


def read_and_check(files: list[Path], *, policy: Policy, rules, folder: Path | None, today: date,
                   curriculum=None, passport=None, curriculum_file: Path | None = None,
                   passport_file: Path | None = None, timeout_s: float | None = None,
                   memory_mb: int | None = None) -> Checked:
    """Each file's syllabus (or the error standing for it) and, where known, its per-syllabus
    findings: from the cache when its bytes are there, else read in a worker under the policy's
    limits (``pipeline.commands.extract.read_under_limits``, as before) and checked here; what was
    read and checked is kept for the next time. A cache that cannot be used is no cache."""
    from pipeline.cache import ResultCache, check_fingerprint, extraction_fingerprint
    from pipeline.commands.extract import read_under_limits, tool_failure
    from pipeline.work import parsed_sha256

    shas: list[str | None] = [None] * len(files)
    extraction_fp = check_fp = ""  # no cache: no fingerprint (a hash of every reader and rule source)
    if folder is not None:
        shas = [content_sha256(p) for p in files]  # None: not a regular file; the reader names why
        extraction_fp = extraction_fingerprint(policy.limits.extraction_limits())
        check_fp = check_fingerprint(policy, rules, curriculum_file=curriculum_file, passport_file=passport_file,
                                     today=today)
    cache = ResultCache(folder, extraction_fp=extraction_fp, check_fp=check_fp)
    ctx = CheckContext(policy=policy, curriculum=curriculum, passport=passport, today=today)
    checked = Checked()
    with cache:
        outcomes: dict[int, Syllabus | ExtractionError] = {}
        for i, (path, sha) in enumerate(zip(files, shas)):
            hit = cache.get_extraction(sha, path) if sha is not None else None
            if hit is not None:
                outcomes[i] = hit
        todo = [i for i in range(len(files)) if i not in outcomes]
        # what may be kept under the file's hash: the cache's own answers, and readings of the
        # bytes hashed (not of a file rewritten between the hash and the reading)
        keep = {i for i in outcomes if shas[i] is not None}
        read = read_under_limits([files[i] for i in todo], policy, timeout_s, memory_mb) if todo else []
        for i, outcome in zip(todo, read):  # nothing to read: not even the executor is imported
            outcomes[i] = outcome
            why = tool_failure(outcome)
            if why is not None:  # a limit, a crash or a reader bug: the tool's failure, never a finding
                checked.failures.append(RuleFailure("extract", str(files[i]), why))
            elif shas[i] is not None and parsed_sha256(outcome) in (None, shas[i]):
                keep.add(i)
                cache.put_extraction(shas[i], outcome)
        for i, path in enumerate(files):
            outcome = outcomes[i]
            if tool_failure(outcome) is not None:
                continue
            checked.inputs.append(outcome)
            if isinstance(outcome, Syllabus) and shas[i] is not None:
                findings = _findings(cache, shas[i], path, outcome, rules, ctx, keep=i in keep)
                if findings is not None:
                    checked.precomputed[outcome.file] = findings
    return checked


def _findings(cache, sha: str, path: Path, syllabus: Syllabus, rules, ctx: CheckContext,
              keep: bool) -> list[Finding] | None:
    """The syllabus's per-syllabus findings: the cached ones, else checked here and kept. None
    when a rule crashed: ``audit`` checks it again then, and reports the crash."""
    records = cache.get_findings(sha, name_text(path))
    if records is not None:
        try:
            return [Finding.model_validate(r) for r in records]
        except ValueError:  # a damaged entry (pydantic's ValidationError): checked again, as a miss
            pass
    failures: list[RuleFailure] = []
    findings = check_syllabus(syllabus, rules, ctx, failures)
    if failures:
        return None
    if keep:
        cache.put_findings(sha, name_text(path), [f.as_record() for f in findings])
    return findings
