"""The audit run: discover → extract (parallel, cached, fault-isolated) → check → batch rules →
register → reports. The ``audit`` command is a thin layer over ``run_audit``.

One run is one register transaction, taken under the register's run lock for the whole run, so a
second run on the same register refuses at once instead of interleaving.
"""

from __future__ import annotations

import atexit
import functools
import gc
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from checks.curriculum import load_curriculum
from checks.finding import Verdict
from checks.passport import load_passport
from checks.policy import Policy, load_policy
from checks.runner import VERDICT_ORDER, AuditResult, DocumentResult, audit, selected_rules
from checks.waivers import load_waivers
from extractors.errors import ExtractionError
from extractors.model import Syllabus
from pipeline.cache import package_version
from pipeline.discovery import name_text
from reports.assemble import build_run_report
from reports.labels import Labels
from reports.records import SyllabusRef
from reports.register import RunOutcome, course_key_of, open_register, syllabus_ref
from reports.register.identity import (
    Candidate,
    Collision,
    SyllabusGroup,
    assign_identities,
    keys_to_look_up,
    path_keys,
    relative_to,
)
from reports.render import render_reports

log = logging.getLogger("syllabus_audit")

# the one version, pyproject.toml's, as --version and the cache read it (the run records it)
TOOL_VERSION = package_version()

# (path, sha256) of each unique file -> its Syllabus or the typed error that stood in its place
ExtractMany = Callable[[list[tuple[Path, str]]], Iterator[tuple[Path, Syllabus | ExtractionError]]]


class Derived(NamedTuple):
    """What the result cache keeps derived from a syllabus for the run's identities (None: not
    kept, derived where needed): its content digest and identity traits."""

    digest: str | None
    traits: str | None


@dataclass
class AuditSettings:
    paths: list[Path]
    out: Path = Path("audit-reports")
    register: str | None = None
    policy: Path | None = None
    curriculum: Path | None = None
    passport: Path | None = None  # the programme's passport: checks/programme/
    waivers: Path | None = None
    lang: str = "en"
    formats: tuple[str, ...] | None = None
    run_id: str | None = None
    workers: int | None = None  # default: the number of cores
    executor: str = "local"
    scheduler: str | None = None
    timeout_s: float | None = None  # default: policy [limits] file_timeout_s
    memory_mb: int | None = None  # default: policy [limits] file_memory_mb
    cache_dir: Path | None = None  # default: beside the register, as the CLI's; use_cache=False disables it
    use_cache: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    report: dict = field(default_factory=dict)  # the settings file's institution and departments

    def cache_folder(self) -> Path | None:
        if not self.use_cache:
            return None
        if self.cache_dir:
            return self.cache_dir
        # the register's folder, never the report folder: a nightly new --out must hit the cache
        from pipeline.cache import default_folder
        from reports.register.store import resolve_url

        return default_folder(resolve_url(self.register))


@dataclass
class AuditRun:
    """One audit run's result: the one type ``run_audit`` returns and the command, the tests and
    the benchmarks read (what it did, to which files and records, and its exit status).

    Built by composition along the layers (pipeline -> reports -> checks -> extractors): a lower
    layer cannot import this module, so what each layer makes of the run is a plain part of it,
    made by that layer's own function and held here as it is, never copied into other fields:

    - ``checks`` (``checks.runner.AuditResult``): each file's findings, verdict and coverage, the
      waivers' report and the rules that crashed: what ``check`` prints on its own;
    - ``records`` (``reports.register.RunOutcome``): the register's records the run created,
      found again, resolved or could not look at, which ``record_run`` returns on its own;
    - the run's own facts, which only this layer knows: its id, the files discovery found and
      their identical copies, the syllabi they make up (``groups``: copies together) and the
      claims that collided, the reports written, the report language and the time taken.

    Every count and the exit status are derived from these parts (properties), so no number is
    kept twice and the summary, the exit status and the reports cannot disagree."""

    run_id: str
    out_dir: Path
    files: int
    duplicates: dict[str, list[Path]]
    checks: AuditResult
    records: RunOutcome
    report_paths: list[Path]
    seconds: float
    groups: list[SyllabusGroup] = field(default_factory=list)
    collisions: list[Collision] = field(default_factory=list)
    lang: str = "en"  # as AuditSettings

    def _primaries(self) -> list[DocumentResult]:
        """One document per syllabus: each group's primary file (every file when ungrouped)."""
        docs = self.checks.documents
        return [docs[g.primary] for g in self.groups] if self.groups else list(docs)

    @property
    def read(self) -> int:
        """Files read as syllabi (a DOCX and its PDF are two files read, one syllabus audited)."""
        return self.checks.read

    @property
    def syllabi(self) -> int:
        """Syllabi audited: the files read, each syllabus's copies counted once."""
        return sum(1 for d in self._primaries() if d.syllabus is not None)

    @property
    def not_syllabi(self) -> int:
        """Files that were read and are not syllabi."""
        return self.checks.not_syllabi

    @property
    def tables_not_found(self) -> int:
        """Syllabi whose tables could not be found: neither unreadable nor audited."""
        return self.checks.tables_not_found

    @property
    def unreadable(self) -> int:
        """Files that could not be read at all (damaged, encrypted, too large, timed out...)."""
        return self.checks.unreadable

    @property
    def incomplete(self) -> int:
        """Syllabi with parts the tool saw but could not read: their check is incomplete (a
        syllabus in several files counts once, by its primary file, as its report card shows it)."""
        return sum(1 for d in self._primaries() if d.not_verified)

    @property
    def verdicts(self) -> Counter:
        """Syllabi by what the run made of them (``DocumentResult.status``), copies counted once."""
        return Counter(d.status for d in self._primaries())

    @property
    def exit_code(self) -> int:
        """0 no new or recurred nonconformities, 1 some, 2 the run itself failed (a rule crashed)."""
        if self.checks.failures:
            return 2
        return 1 if self.records.found_defects else 0

    def summary_lines(self, lang: str | None = None) -> list[str]:
        """What the run did, for the person who started it, in the report language (``lang``,
        default the run's) from data/labels.toml ``[audit_summary]``: only numbers, codes, file
        names and the register's identities (quoted) come from elsewhere."""
        L = Labels(lang or self.lang)

        def t(key: str, **values) -> str:
            return L(f"audit_summary.{key}").format(**values)

        c = self.records.counts()
        verdicts = ", ".join(f"{_status_label(L, k)} {v}" for k, v in sorted(self.verdicts.items())) or t("none")
        copies = t("copies", read=self.read) if self.read != self.syllabi else ""
        lines = [
            t("files", run=self.run_id, files=self.files, syllabi=self.syllabi, copies=copies,
              not_syllabi=self.not_syllabi, tables_not_found=self.tables_not_found, unreadable=self.unreadable),
            *(t("one_syllabus", n=len(g.ref.copies), files=" = ".join(g.ref.copies)) for g in self.groups if g.ref.copies),
            *(t("collision", n=len(k.syllabi), identity=k.identity, files="; ".join(" = ".join(s) for s in k.syllabi))
              for k in self.collisions),
            t("verdicts", verdicts=verdicts),
            *([t("incomplete", n=self.incomplete)] if self.incomplete else []),
            t("records", **c) + (t("records_unaudited", n=c["unaudited"]) if c["unaudited"] else ""),
            t("reports", out=self.out_dir),
            t("time", seconds=f"{self.seconds:.1f}"),
        ]
        for paths in self.duplicates.values():
            lines.insert(1, t("identical", files=", ".join(str(p) for p in paths)))
        for failure in self.checks.failures:
            lines.append(t("failure", rule=failure.rule, file=failure.file, error=failure.error))
        return lines


def _status_label(labels: Labels, status: str) -> str:
    """A syllabus's status as the summary names it: the code in English (as the reports' data
    and the run log always had it), the label of its verdict or of why it has none otherwise."""
    if labels.lang == "en":
        return status
    return labels.value("verdict" if status in Verdict.__members__ else "syllabus_status", status)


class TooFewFiles(ValueError):
    """Fewer files found than the policy expects (``[limits] min_files``): an unmounted share or a
    wrong path must fail the night, not pass as a clean one. Raised before the register is opened."""

    def __init__(self, paths, found: int, expected: int):
        where = ", ".join(str(p) for p in paths) or "(no folder)"
        what = "no syllabus files" if found == 0 else f"only {found} file(s)"
        super().__init__(
            f"{what} found in {where}, fewer than the {expected} expected (policy [limits] min_files): "
            "is the folder or share mounted? Nothing was audited and the register is unchanged")


def unreadable_ref(path: Path, sha256: str | None, roots=(), relative: str | None = None) -> SyllabusRef:
    """A file that could not be read is known only by where it is: its record is keyed by its path
    relative to the audited folder (``file:geology/Силлабус.pdf``), so two damaged files of one
    name in two folders, or five empty files, are as many records. ``path`` is the file's name as
    text (``pipeline.discovery.name_text``); ``relative``: its ``relative_to(path, roots)`` when known."""
    if relative is None:
        relative = relative_to(path, roots)
    return SyllabusRef(course_title=f"file {path.name}", file=str(path), file_sha256=sha256,
                       identity=f"file:{relative}")


def _name_keyed_ref(path: Path, sha256: str | None) -> SyllabusRef:
    """How earlier versions keyed an unreadable file (by its name): still looked at tonight, so
    their open records resolve instead of lingering beside the path-keyed ones."""
    return SyllabusRef(course_title=f"file {path.name}", file=str(path), file_sha256=sha256)


def serial_extract(files: list[tuple[Path, str]]) -> Iterator[tuple[Path, Syllabus | ExtractionError]]:
    """In-process extraction, one file after another (no isolation: for tests and debugging), read
    as the nightly workers read (``pipeline.work.extract_one``: the bytes hashed are the bytes
    parsed, the file named by ``name_text``)."""
    from pipeline.work import extract_one

    for path, _sha in files:
        yield path, extract_one(str(path))


@contextmanager
def paused_gc():
    """Hold the cyclic garbage collector during the run's bulk phase.

    The run keeps thousands of syllabus models alive (trees, no reference cycles); with the
    collector on, each of its passes rescans all of them, and reading 1,000 cached syllabi took
    4.1 s instead of 0.9 s (measured). No forced collection afterwards: it would rescan them all
    once more (2 s measured) for the few cycles the run leaves, which the collector takes later.

    Nor an unforced one: while the collector is off the objects made stay in its youngest
    generation, so the first collection after it is back on (at the next few hundred
    allocations) scanned every one of them anyway (0.2 s of a warm 300-file night, measured),
    and the next generation's scan again. ``gc.freeze`` then ``gc.unfreeze`` moves them, unscanned,
    into the oldest generation, which the collector scans only once it has grown by a quarter:
    the cycles among them are still collected then, and nothing is exempt for good."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # frozen by someone already (a caller): ours join theirs, given back when they unfreeze
            outer_freeze = gc.get_freeze_count() > 0
            gc.freeze()
            if not outer_freeze:
                gc.unfreeze()
            gc.enable()


def _no_final_scan() -> None:
    """At the process's exit, leave what is still alive out of the collector's last pass.

    A process exiting runs one more full collection (even with the collector off), over every
    object alive: after a night, the run's syllabi, findings and reports, to free memory the
    system takes back anyway a moment later. That pass was 0.5-0.8 s of a warm 1,000-file night
    between its last line and its end (measured: 1.57 s from the last line to the exit of a process
    holding 1,000 syllabi, 0.3 s with this). ``gc.freeze`` at exit (an ``atexit`` handler, run before
    that pass) skips it. Nothing a run needs is left to that pass: the register and the cache are
    closed, the reports written and renamed into place, the log flushed by ``logging``'s own
    handler, and the ``finalize`` callbacks of the standard library (temporary folders,
    multiprocessing) run at exit whatever the collector does; only the objects in reference cycles
    whose ``__del__`` nothing else would call go unfinalised, as Python never promises at exit."""
    gc.freeze()


@functools.cache  # once per process, however many runs it makes
def _leave_the_run_to_the_exit() -> None:
    atexit.register(_no_final_scan)


def new_run_id(now: datetime) -> str:
    """Sortable and readable; to the millisecond, because a warm run of a small folder finishes
    within a second and an immediate re-run must not collide with it (CI caught that)."""
    return now.strftime("%Y%m%d-%H%M%S-") + f"{now.microsecond // 1000:03d}"


Progress = Callable[[str, object], None]  # (file, its Syllabus or error), per finished file


def parallel_extract(settings: AuditSettings, policy: Policy, today, progress: Progress | None = None):
    """The nightly extraction: cached results first, the rest on the executor (local processes or
    Dask), each file under the policy's time and memory limits, checked where it was read.

    Returns an ``ExtractMany`` that also fills ``precomputed`` (per-syllabus findings by file)
    and ``derived`` (the content digests and identity traits the cache kept, by file:
    ``reports.register.identity``)."""
    from checks.finding import Finding
    from checks.runner import selected_rules
    from pipeline.cache import ResultCache, check_fingerprint, extraction_fingerprint
    from pipeline.kept_syllabus import KeptSyllabus
    from pipeline.work import CheckSpec, check_one, extract_and_check, parsed_sha256
    from reports.register.identity import content_digest, digest_fingerprint, identity_traits

    limits = policy.limits.extraction_limits()
    rules = selected_rules(policy, settings.select, settings.ignore)
    spec = CheckSpec(policy, tuple(settings.select),
                     tuple(settings.ignore), str(settings.curriculum) if settings.curriculum else None, today,
                     str(settings.passport) if settings.passport else None)
    precomputed: dict[str, list[Finding]] = {}
    derived: dict[str, Derived] = {}

    def findings_of(records) -> list[Finding]:
        return [Finding.model_validate(r) for r in records]

    def check_here(cache, sha: str, syllabus: Syllabus) -> list[dict] | None:
        """The per-syllabus findings of a cached syllabus whose findings are not cached (a changed
        policy, rules or curriculum), checked here as a worker would and kept: ``audit`` would
        check it all the same, but without keeping them every later run checked it again. None
        when a rule crashed or the checks could not be set up: ``audit`` checks it then, and
        reports the failure."""
        try:
            checked = check_one(syllabus, spec)
        except Exception:  # a broken curriculum or passport file: audit() says so, naming it
            return None
        if checked["failures"]:
            return None
        cache.put_findings(sha, syllabus.file, checked["findings"])
        return checked["findings"]

    def extract_many(files: list[tuple[Path, str]]):
        cache = ResultCache(settings.cache_folder(), extraction_fp=extraction_fingerprint(limits),
                            check_fp=check_fingerprint(policy, rules, curriculum_file=settings.curriculum,
                                                      passport_file=settings.passport, today=today),
                            digest=(digest_fingerprint(), content_digest),
                            traits=(digest_fingerprint(), identity_traits))
        with cache:
            todo: list[tuple[Path, str]] = []
            for path, sha in files:
                # a syllabus decoded as far as the run reads it (``pipeline.kept_syllabus``)
                kept = cache.get_kept(sha, path, partial=True)  # a miss for a file discovery could not read
                hit = kept.outcome
                records = cache.get_findings(sha, path) if isinstance(hit, Syllabus) else None
                if isinstance(hit, KeptSyllabus) and records is None:
                    # to be checked again: the whole model now, and a damaged one is a miss, as before
                    try:
                        hit = hit.as_syllabus()
                    except Exception as exc:
                        log.warning("cache entry for %s unreadable (%s); treated as a miss", name_text(path), exc)
                        hit = None
                if hit is None:
                    todo.append((path, sha))
                    continue
                if isinstance(hit, Syllabus):
                    derived[hit.file] = Derived(kept.digest, kept.traits)
                    if records is None:
                        records = check_here(cache, sha, hit)
                    if records is not None:
                        precomputed[hit.file] = findings_of(records)
                if progress:
                    progress(name_text(path), hit)
                yield path, hit
            if todo:
                # here, not above: the process pool (pebble, asyncio) is not imported for a night
                # that finds every file in the cache
                from pipeline.executors import extract_tasks, make_executor

                sha_of = {str(p): sha for p, sha in todo}
                executor = make_executor(
                    settings.executor, workers=settings.workers, scheduler=settings.scheduler,
                    timeout_s=settings.timeout_s or policy.limits.file_timeout_s,
                    memory_mb=settings.memory_mb or policy.limits.file_memory_mb,
                )
                with executor:
                    tasks = extract_tasks([str(p) for p, _ in todo], limits, spec, check=True)
                    for task, result in executor.map(extract_and_check, tasks):
                        outcome, checked = result if isinstance(result, tuple) else (result, None)
                        # cached only under the hash of the bytes parsed: a file rewritten since
                        # discovery hashed it is audited as read, and read again next night
                        same_bytes = parsed_sha256(outcome) in (None, sha_of[task.path])
                        digest = traits = None
                        if isinstance(outcome, Syllabus):  # tonight's grouping uses them too
                            digest, traits = cache.content_digest(outcome), cache.identity_traits(outcome)
                            derived[outcome.file] = Derived(digest, traits)
                        if same_bytes:
                            cache.put_extraction(sha_of[task.path], outcome, digest=digest, traits=traits)
                        else:
                            log.warning("%s changed while the run read it: its result is not cached", name_text(task.path))
                        # A worker whose rules crashed is re-checked here, so the failure is reported.
                        if checked and checked.get("findings") is not None and not checked.get("failures"):
                            if same_bytes:
                                cache.put_findings(sha_of[task.path], task.path, checked["findings"])
                            precomputed[name_text(task.path)] = findings_of(checked["findings"])
                        if progress:
                            progress(name_text(task.path), outcome)
                        yield Path(task.path), outcome
            # Entries of other tool versions, policies or days can never be hit again.
            cache.prune()

    return extract_many, precomputed, derived


def run_audit(
    settings: AuditSettings,
    files: list[tuple[Path, str]],
    duplicates: dict[str, list[Path]] | None = None,
    extract_many: ExtractMany | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> AuditRun:
    """Audit ``files`` (unique (path, sha256) pairs from discovery) and record the run.

    ``extract_many`` defaults to the nightly path (cache + executor); tests may pass
    ``serial_extract``."""
    started = time.monotonic()
    _leave_the_run_to_the_exit()
    now = now or datetime.now()
    run_id = settings.run_id or new_run_id(now)
    policy: Policy = load_policy(settings.policy)
    if len(files) < policy.limits.min_files:
        raise TooFewFiles(settings.paths, len(files), policy.limits.min_files)
    curriculum = load_curriculum(settings.curriculum) if settings.curriculum else None
    passport = load_passport(settings.passport) if settings.passport else None
    waivers = load_waivers(settings.waivers) if settings.waivers else None
    precomputed = None
    derived: dict[str, Derived] = {}
    if extract_many is None:
        extract_many, precomputed, derived = parallel_extract(settings, policy, now.date(), progress)

    with paused_gc(), open_register(settings.register) as register, register.run_lock(run_id):
        # records name files as text (undecodable bytes of a name as \\xe9: ``name_text``)
        sha_of = {name_text(p): sha for p, sha in files}
        roots = [name_text(p) for p in settings.paths]
        inputs: list[Syllabus | ExtractionError] = [item for _path, item in extract_many(files)]
        rules = selected_rules(policy, settings.select, settings.ignore)
        result = audit(inputs, policy=policy, rules=rules, curriculum=curriculum, passport=passport, waivers=waivers,
                       today=now.date(), precomputed=precomputed)

        # each file's path relative to the folder audited, worked out once (it looks at the disk)
        relative = functools.cache(lambda file: relative_to(file, roots))
        groups, collisions = _identify(result, sha_of, roots, register, derived, relative)
        pairs, audited, run_syllabi = _register_inputs(result, sha_of, groups, roots, relative)
        outcome = register.record_run(
            run_id,
            pairs,
            audited_courses=audited,
            when=now,
            policy=policy.procedure,
            tool_version=TOOL_VERSION,
            policy_version=policy.fingerprint[:16],
            syllabi=run_syllabi,
            syllabi_audited=sum(1 for g in groups if result.documents[g.primary].syllabus is not None),
            collisions=[c.as_record() for c in collisions],
        )
        report = build_run_report(register, run_id, settings.lang, **settings.report)
    out_dir = Path(settings.out) / run_id
    paths = render_reports(report, out_dir, settings.formats, kept_in=settings.cache_folder())
    return AuditRun(run_id=run_id, out_dir=out_dir, files=len(files), duplicates=duplicates or {}, checks=result,
                    records=outcome, report_paths=paths, seconds=time.monotonic() - started, groups=groups,
                    collisions=collisions, lang=settings.lang)


RelativeOf = Callable[[str], str]  # a file (as text) -> relative_to(file, the run's roots)


def _relative_of(roots) -> RelativeOf:
    return lambda file: relative_to(file, roots)


def _candidates(result: AuditResult, sha_of: dict[str, str], roots, derived: dict[str, Derived] | None = None,
                relative: RelativeOf | None = None) -> list[Candidate]:
    """``derived``: the content digests and identity traits already known, by file (the cache
    keeps them)."""
    relative = relative or _relative_of(roots)
    derived = derived or {}
    out = []
    for doc in result.documents:
        rel = relative(doc.file)
        if doc.syllabus is not None:
            ref = syllabus_ref(doc.syllabus)
        else:
            ref = unreadable_ref(Path(doc.file), sha_of.get(doc.file), roots, rel)
        known = derived.get(doc.file) if doc.syllabus is not None else None
        out.append(Candidate(ref=ref, syllabus=doc.syllabus, relative=rel,
                             digest=known.digest if known else None, traits=known.traits if known else None))
    return out


def _identify(result: AuditResult, sha_of: dict[str, str], roots, register, derived: dict[str, Derived] | None = None,
              relative: RelativeOf | None = None) -> tuple[list[SyllabusGroup], list[Collision]]:
    """The run's syllabi: copies of one syllabus together, different syllabi that claim one course
    kept apart (``reports.register.identity``), with the register's knowledge of which file each
    course identity's records were last seen in."""
    candidates = _candidates(result, sha_of, roots, derived, relative)
    known = register.files_by_course_key(keys_to_look_up(candidates))
    groups, collisions = assign_identities(candidates, known)
    for collision in collisions:
        log.warning(collision.line())
    return groups, collisions


def _register_inputs(result: AuditResult, sha_of: dict[str, str], groups: list[SyllabusGroup] | None = None,
                     roots=(), relative: RelativeOf | None = None):
    """Findings with their syllabus, the keys of the syllabi audited, and one summary per syllabus
    (its copies together: one row, counted once)."""
    docs = result.documents
    relative = relative or _relative_of(roots)
    if groups is None:
        groups, _ = assign_identities(_candidates(result, sha_of, roots, relative=relative))
    pairs = []
    audited: list[SyllabusRef | str] = []
    run_syllabi = []
    for group in groups:
        ref = group.ref
        members = [docs[i] for i in group.members]
        for doc in members:
            # The file itself was looked at tonight: a record about it being unreadable can resolve.
            path = Path(doc.file)
            rel = relative(doc.file)
            audited.append(unreadable_ref(path, sha_of.get(doc.file), roots, rel))
            # ...and under the keys earlier versions gave it: by its name, or by name and path
            # when kept apart from another unreadable file of the same name
            by_name = _name_keyed_ref(path, sha_of.get(doc.file))
            audited.append(by_name)
            audited.extend(path_keys(course_key_of(by_name), rel))
        if docs[group.primary].syllabus is not None:
            audited.append(ref)
        seen: dict[tuple[str, str], object] = {}
        for doc in members:
            for f in doc.findings:
                if not f.waived:
                    pairs.append((f, ref))
                    seen.setdefault((f.rule, f.key), f)
        primary = docs[group.primary]
        counts = Counter(f.severity.value for f in seen.values())
        verdicts = [d.verdict for d in members if d.syllabus is not None]
        run_syllabi.append({
            "file": primary.file,
            "file_sha256": sha_of.get(primary.file),
            "course_code": ref.course_code,
            "course_title": ref.course_title,
            "programme": ref.programme,
            "department": ref.department,
            "language": primary.syllabus.language.value if primary.syllabus is not None and primary.syllabus.language else None,
            # the copies of one syllabus give one verdict: the strictest of theirs
            "verdict": max(verdicts, key=VERDICT_ORDER.index).value if verdicts else None,
            "findings": len(seen),
            "major": counts["major"],
            "minor": counts["minor"],
            "observation": counts["observation"],
            "error": str(primary.error) if primary.error is not None else None,
            # what the reader could read of it, for the reports (None: the reader gave no coverage)
            "coverage": {part: c.model_dump(mode="json") for part, c in primary.coverage.items()} or None,
            "copies": list(ref.copies) or None,
        })
    return pairs, audited, run_syllabi
