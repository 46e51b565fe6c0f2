"""Alembic environment. Migrations ship inside the package; the store hands us a connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from shared.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # ALTERs on SQLite go through batch mode
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # for developers generating a migration: ANTRE_MIGRATE_URL=sqlite:///x.db alembic ...
    import os

    engine = create_engine(os.environ.get("ANTRE_MIGRATE_URL", "sqlite:///migrate.db"))
    with engine.begin() as conn:
        _run(conn)
