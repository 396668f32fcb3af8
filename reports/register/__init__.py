"""The persistent nonconformity register: remembers each finding across nightly runs, resolves it
when the syllabus is fixed, reopens it (a recurrence) when it comes back.

Entry points::

    from reports.register import open_register, syllabus_ref

    with open_register(url) as register:          # None: $SYLLABUS_AUDIT_REGISTER or ./register.sqlite3
        outcome = register.record_run(run_id, [(finding, ref), ...], audited_refs, when, policy=...)
        print(outcome.summary())
        for record in register.records(RecordQuery(statuses=["open"])):   # api.Record, detached
            ...

``store.Register`` is the one interface (records, runs, assign/plan/close_record/verify_record,
the Excel export and import); ``api`` holds its typed results; ``defaults`` the constants a command
needs without SQLAlchemy. See ``lifecycle`` for the rules, ``human`` for what people may do,
``xlsx_roundtrip`` for the Excel round trip, ``lock`` for concurrent runs.
"""

from typing import TYPE_CHECKING, Any

from reports.register.defaults import DEFAULT_URL, ENV_VAR
from reports.register.errors import (
    ForbiddenTransition,
    ImportRefused,
    InvalidInput,
    RegisterError,
    RegisterUnusable,
    RunAlreadyRecorded,
    RunLockHeld,
    UnknownRecord,
)

if TYPE_CHECKING:
    from reports.register.build import build_records, course_key_of, syllabus_ref
    from reports.register.lifecycle import RunOutcome, apply_run
    from reports.register.store import Register, open_register

# What needs SQLAlchemy (or pydantic) is imported on first use, so that importing the package for
# its constants and errors stays cheap (a command's --help must not pay for the database layer).
# The modules are named relative to this package, which is syllabus_audit.reports.register in the
# installed wheel (README, "Layout").
_LAZY = {
    "build_records": ".build", "course_key_of": ".build", "syllabus_ref": ".build",
    "RunOutcome": ".lifecycle", "apply_run": ".lifecycle", "Register": ".store", "open_register": ".store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value

__all__ = [
    "DEFAULT_URL", "ENV_VAR", "ForbiddenTransition", "ImportRefused", "InvalidInput", "Register",
    "RegisterError", "RegisterUnusable", "RunAlreadyRecorded", "RunLockHeld", "RunOutcome", "UnknownRecord", "apply_run",
    "build_records", "course_key_of", "open_register", "syllabus_ref",
]
