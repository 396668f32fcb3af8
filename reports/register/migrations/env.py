"""Alembic environment for the register. Run programmatically by ``reports.register.store``, which
passes its open connection in ``config.attributes["connection"]``; no alembic.ini is needed.

For a one-off by hand: ``python -m reports.register.store upgrade URL``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from reports.register.schema import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:  # alembic_config() always sets it when it is not given a connection
        raise RuntimeError("the register migrations were started without a database URL")
    engine = create_engine(url)
    with engine.begin() as conn:
        _configure_and_run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported for the register")
run_migrations_online()
