"""The persistent nonconformity register: remembers each finding across nightly runs, resolves it
when the syllabus is fixed, reopens it (a recurrence) when it comes back.

Entry points::

    from reports.register import open_register, syllabus_ref

    with open_register(url) as register:          # None: $SYLLABUS_AUDIT_REGISTER or ./register.sqlite3
        outcome = register.record_run(run_id, [(finding, ref), ...], audited_refs, when, policy=...)
        print(outcome.summary())

See ``lifecycle`` for the rules, ``human`` for what people may do, ``xlsx_roundtrip`` for the Excel
round trip, ``lock`` for concurrent runs.
"""

from reports.register.build import build_records, course_key_of, syllabus_ref
from reports.register.errors import (
    ForbiddenTransition,
    ImportRefused,
    InvalidInput,
    RegisterError,
    RunAlreadyRecorded,
    RunLockHeld,
    UnknownRecord,
)
from reports.register.lifecycle import RunOutcome, apply_run
from reports.register.store import DEFAULT_URL, ENV_VAR, Register, open_register

__all__ = [
    "DEFAULT_URL", "ENV_VAR", "ForbiddenTransition", "ImportRefused", "InvalidInput", "Register",
    "RegisterError", "RunAlreadyRecorded", "RunLockHeld", "RunOutcome", "UnknownRecord", "apply_run",
    "build_records", "course_key_of", "open_register", "syllabus_ref",
]
