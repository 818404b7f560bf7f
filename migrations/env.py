"""Alembic environment: the models' metadata, the URL from settings or the caller."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.config import get_settings
from app.models import Base

config = context.config
target_metadata = Base.metadata


def _include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the search structures out of autogenerate: they are not in the models.

    SQLite's FTS5 virtual table and its shadow tables; PostgreSQL's ``search`` column and
    its GIN index (the PostgreSQL full-text migration).
    """
    if type_ == "table" and name is not None and name.startswith("statements_fts"):
        return False
    return not (type_ in ("column", "index") and name in ("search", "ix_statements_search"))


def run_migrations_offline() -> None:
    """Emit SQL without a database connection."""
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        include_object=_include_object,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate on the connection the caller handed over, or on the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include_object,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
