"""Engines and sessions.

The ingest writes through a normal engine onto a file built aside; the API opens the
database read-only (SQLite ``mode=ro`` plus ``query_only``, and no ATTACH; PostgreSQL
``default_transaction_read_only``) so no request can write, whatever bug a router has.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases or in-memory SQLite."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def read_only_uri(db: Path) -> str:
    """A read-only SQLite URI for a file (percent-encoded: any path works)."""
    return db.resolve().as_uri() + "?mode=ro"


def make_write_engine(url: str) -> Engine:
    """An engine for building the database (ingest, migrations)."""
    return create_engine(url)


CACHE_KIB = 8 * 1024  # page cache per connection: the pool reuses the last one first (LIFO)


def make_read_engine(url: str) -> Engine:
    """An engine that cannot write: used by the API."""
    path = sqlite_path(url)
    if path is None:
        if make_url(url).get_backend_name() == "postgresql":
            return _postgresql_read_engine(url)
        return create_engine(url, pool_pre_ping=True)
    # immutable: a build is never changed in place (the ingest builds aside and renames it
    # over the old file), so SQLite can skip the lock and the change check it otherwise
    # makes around every statement (13 µs of a 22 µs lookup). When the file is replaced,
    # ``DataVersion`` sees the new inode and disposes of the pool, so connections reopen.
    uri = f"file:{path.resolve()}?mode=ro&immutable=1"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        # mode=ro covers this file, not others: ATTACH (and VACUUM INTO, which attaches)
        # would create a new file even on a read-only connection. No attachments at all.
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        return conn

    # A file-backed pool: with a bare "sqlite://" URL SQLAlchemy would pick the
    # SingletonThreadPool meant for :memory:, which closes connections other threads are
    # still using once more than 5 threads query at once (the server segfaulted under
    # 32 concurrent requests).
    # No ceiling on overflow: the hot paths take their connection on the event loop, where
    # waiting for a connection held by a request waiting for the loop would never end.
    # Nothing to reset when a connection comes back: reads open no transaction (and a read
    # left open on an immutable file holds nothing), so the pool skips the rollback.
    engine = create_engine(
        "sqlite://",
        creator=connect,
        poolclass=QueuePool,
        pool_size=8,
        max_overflow=-1,
        pool_use_lifo=True,  # the connection used last has the warmest page cache
        pool_reset_on_return=None,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute("PRAGMA query_only = ON")

    return engine


def _postgresql_read_engine(url: str) -> Engine:
    """PostgreSQL, read-only: every transaction is read-only, and each statement its own.

    Autocommit, because the hot paths run statements on a connection they keep (the
    event loop's) and a transaction left open would pin an old snapshot and hold back
    vacuum; read-only at the server, whatever a router does. The ingest writes through
    its own engine.
    """
    engine = create_engine(
        url,
        isolation_level="AUTOCOMMIT",
        pool_pre_ping=True,
        pool_size=8,
        max_overflow=-1,  # as for SQLite: the loop's connection must never wait for one
        pool_use_lifo=True,
        connect_args={"options": "-c default_transaction_read_only=on"},
    )
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that never expire loaded objects: the data is immutable while served."""
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)
