"""Register tests run on SQLite always and on PostgreSQL when ``SYLLABUS_AUDIT_TEST_PG_URL`` is set
(``register_fixtures``: the ``url`` and ``register`` fixtures, shared with the web tests)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from register_fixtures import PG_URL, register, reset_pg, url  # noqa: F401  (fixtures, and what tests import)
