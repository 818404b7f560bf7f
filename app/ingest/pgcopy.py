"""Load into PostgreSQL: copy a finished SQLite build into it, in one transaction.

The ingest always builds a SQLite file first (the same code path, the same checks, the
same bytes whatever the target), so PostgreSQL receives a database that is already
complete and valid: this stage only moves rows. One transaction migrates the schema to
head, empties the tables and refills them with ``COPY`` (an order of magnitude faster
than INSERTs); readers keep seeing the previous data until it commits, and a failure
anywhere rolls everything back, so a failed ingest loses nothing there either.
PostgreSQL computes the full-text vector of each statement itself (a generated column,
see the PostgreSQL search migration).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import Connection, create_engine, text

from app.models import Base

COPY_BATCH = 10_000


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_table(source: sqlite3.Connection, target: Connection, table: str, columns: list[str]) -> int:
    """Stream one table's rows from SQLite into PostgreSQL with COPY; the number copied."""
    names = ", ".join(_quote(c) for c in columns)
    cursor = source.execute(f"SELECT {names} FROM {_quote(table)}")
    copied = 0
    driver = target.connection.driver_connection
    with driver.cursor() as pg, pg.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
        while batch := cursor.fetchmany(COPY_BATCH):
            for row in batch:
                copy.write_row(row)
            copied += len(batch)
    return copied


def copy_database(sqlite_file: Path, url: str) -> dict[str, int]:
    """Replace the data in the PostgreSQL database at ``url`` with the SQLite build's.

    Returns the number of rows copied per table.
    """
    from app.ingest.load import alembic_config  # load imports this module for its PostgreSQL branch

    source = sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)
    engine = create_engine(url)
    counts: dict[str, int] = {}
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
            tables = Base.metadata.sorted_tables
            for table in reversed(tables):
                conn.execute(table.delete())
            for table in tables:
                counts[table.name] = _copy_table(source, conn, table.name, [c.name for c in table.columns])
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    finally:
        source.close()
        engine.dispose()
    return counts
