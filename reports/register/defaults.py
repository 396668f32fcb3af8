"""Where the register is and which schema this tool writes, without SQLAlchemy or alembic: the
commands build their options (``--register``, its environment variable, its default) and check a
register's schema version from here, so ``syllabus-audit register list --help`` pays for neither.

``SCHEMA_HEAD`` is the newest revision in ``migrations/versions`` (a test keeps the two equal):
a register already at it needs no migration, so opening it never imports alembic.
"""

from __future__ import annotations

import os

ENV_VAR = "SYLLABUS_AUDIT_REGISTER"
DEFAULT_URL = "sqlite:///register.sqlite3"
BUSY_TIMEOUT_S = 60.0
SCHEMA_HEAD = "0007"


def resolve_url(url: str | None) -> str:
    """``url``, else ``$SYLLABUS_AUDIT_REGISTER``, else ``register.sqlite3`` in the working folder."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL
