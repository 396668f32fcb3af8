"""The units of work the executors run, one file at a time, in a worker process.

Every unit returns its outcome instead of raising: a typed ``ExtractionError`` comes back as a
value, and any other exception becomes a plain ``ExtractionError`` ("unreadable") naming the
file and the exception type, so one bad file is a record, never a traceback that stops the run.

Everything passed in and returned is picklable (``Limits`` is a frozen dataclass, ``Syllabus``
a pydantic model, errors rebuild through ``ExtractionError.__reduce__``). The policy is not
(``MappingProxyType``), so workers get a ``CheckSpec`` naming the files and load the policy,
rules and curriculum themselves, once per process.
"""

from __future__ import annotations

import functools
import re
import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from extractors.api import extract_file
from extractors.errors import ExtractionError
from extractors.limits import Limits
from extractors.model import Syllabus
from pipeline.errors import MemoryExceeded

# Set by the executor's worker initialiser: the memory limit in force, for the error's wording.
MEMORY_LIMIT_MB: int | None = None


def extract_one(path: str, limits: Limits | None = None) -> Syllabus | ExtractionError:
    """Extract one file; never raises (except for ``KeyboardInterrupt``/``SystemExit``)."""
    try:
        return extract_file(Path(path), limits or Limits())
    except ExtractionError as err:
        return err
    except MemoryError:
        return MemoryExceeded.over(str(path), MEMORY_LIMIT_MB)
    except Exception as exc:  # noqa: BLE001 - a bug or a hostile file must not stop the run
        return unexpected(str(path), exc)


def unexpected(path: str, exc: BaseException) -> ExtractionError:
    """An exception nobody anticipated, as an 'unreadable' outcome naming the file and where."""
    remote = getattr(exc, "traceback", None)  # pebble attaches the worker's traceback text
    places = re.findall(r'File "([^"]+)", line (\d+)', remote) if isinstance(remote, str) else []
    if not places:
        places = [(f.filename, f.lineno) for f in traceback.extract_tb(exc.__traceback__)]
    where = f" (in {Path(places[-1][0]).name}:{places[-1][1]})" if places else ""
    return ExtractionError(path, f"{type(exc).__name__}: {exc}{where}")


# --------------------------------------------------------------------------- checks in a worker


@dataclass(frozen=True)
class CheckSpec:
    """What a worker needs to check a syllabus the way the coordinator would: files, not objects
    (the policy holds ``MappingProxyType`` values that do not pickle)."""

    policy_file: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    curriculum_file: str | None = None
    today: date = field(default_factory=date.today)


@functools.lru_cache(maxsize=4)
def _check_setup(spec: CheckSpec):
    from checks.curriculum import load_curriculum
    from checks.policy import load_policy
    from checks.registry import CheckContext
    from checks.runner import selected_rules

    policy = load_policy(spec.policy_file)
    rules = selected_rules(policy, spec.select, spec.ignore)
    curriculum = load_curriculum(spec.curriculum_file) if spec.curriculum_file else None
    return rules, CheckContext(policy=policy, curriculum=curriculum, today=spec.today)


def check_one(syllabus: Syllabus, spec: CheckSpec) -> dict[str, Any]:
    """The per-syllabus (non-batch) findings as ``Finding.as_record()`` dicts, and the rules that
    crashed (``{"rule", "file", "error"}``), for the coordinator to merge.

    Batch rules, root-cause grouping, waivers and verdicts need every syllabus and stay in the
    coordinating process (``checks.runner.audit``)."""
    from checks.runner import check_syllabus

    rules, ctx = _check_setup(spec)
    failures: list = []
    findings = check_syllabus(syllabus, rules, ctx, failures)
    return {
        "findings": [f.as_record() for f in findings],
        "failures": [{"rule": f.rule, "file": f.file, "error": f.error} for f in failures],
    }


def extract_and_check(path: str, limits: Limits | None, spec: CheckSpec | None) -> tuple[Any, dict | None]:
    """Both stages in one task, so a Dask worker does not ship the syllabus back and forth:
    ``(Syllabus | ExtractionError, check_one(...) | None)``."""
    outcome = extract_one(path, limits)
    if spec is None or isinstance(outcome, ExtractionError):
        return outcome, None
    try:
        return outcome, check_one(outcome, spec)
    except Exception as exc:  # noqa: BLE001 - a broken policy file is the coordinator's to report
        return outcome, {"findings": None, "failures": [], "error": f"{type(exc).__name__}: {exc}"}
