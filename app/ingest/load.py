"""Load: the only stage that writes, and it writes all or nothing.

The database is always built as a SQLite file aside — a temporary file next to the
target, migrated to the head revision, filled in one transaction, its full-text index
made — and then moved over the old one with an atomic rename. A failed or killed ingest
leaves the previous database byte-for-byte as it was, and readers see either the old
file or the new one, never a half-built one. PostgreSQL gets the same build, made in a
scratch folder, then copied over in one transaction (``pgcopy``).

The rows are written through the sqlite3 module, not the ORM: a million statements and
millions of figures are copied from the ingest's scratch tables (``stage``) with
``INSERT … SELECT``, and the few small tables are inserted with the models' own column
types converting the values, so the file is what the models describe.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import make_url

import migrations
from app.db import read_only_uri, sqlite_path
from app.models import Base
from app.search.build import PendingIndex, index_root, prune_search_indexes, write_search_index

Fill = Callable[[sqlite3.Connection], None]
_INDEXING = ThreadPoolExecutor(1, thread_name_prefix="search-index")
CACHE_KIB = 256 * 1024  # page cache of the build: index pages stay in memory while a big table fills
STAGE_CACHE_KIB = 64 * 1024
TAIL_CACHE_KIB = 32 * 1024  # once the tables are full: the search index needs the memory more


def _give_back_memory() -> None:
    """Hand what the parsing stages freed back to the system before the search index is
    written: that is when the ingest holds the most (the index's writer keeps its one
    segment in memory until it commits), and glibc keeps freed memory otherwise."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


DIALECT = sqlite.dialect()


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """Alembic configured in code, so no ini file or working folder is needed."""
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def schema_is_current(db: Path) -> bool:
    """Whether the SQLite file ``db`` exists with this code's schema (its Alembic revision is the head).

    A file built by an older version lacks what newer code reads (a table, an index): the
    benchmark builds such a file again, ``coalition serve`` says so at start.
    """
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    try:
        with contextlib.closing(sqlite3.connect(read_only_uri(db), uri=True)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == head


def write(url: str, fill: Fill) -> None:
    """Replace the database at ``url`` with what ``fill`` writes, atomically (see ``build_sqlite``)."""
    path = sqlite_path(url)
    if path is not None:
        build_sqlite(path, fill)
    elif make_url(url).drivername.startswith("sqlite"):
        raise ValueError("an in-memory SQLite database cannot be built aside; give a file path")
    else:
        # PostgreSQL: the same SQLite build, made in a scratch folder, then copied over.
        from app.ingest.pgcopy import copy_database

        with tempfile.TemporaryDirectory(prefix="coalition-build-") as scratch:
            built = Path(scratch) / "coalition.db"
            build_sqlite(built, fill, index=False)  # PostgreSQL searches with its own full text
            copy_database(built, url)


def build_sqlite(target: Path, fill: Fill, *, index: bool = True) -> None:
    """Build the SQLite database ``target`` aside, then rename it over the old one.

    ``fill`` gets a connection to the new file, migrated and empty, inside one
    transaction, with an empty private scratch database attached as ``stage``; it writes
    every table but the full-text index, which is made here from the statements. Any
    exception — bad input found halfway included — deletes the new file and leaves the
    old one untouched. With ``index``, the search index is built from the finished file and
    named in it before the rename, and indexes of replaced builds are removed after.

    The search index and the FTS5 table are written at the same time, on the two cores
    (each about a minute at a million statements): the index reads the committed
    statements from its own connection while this one writes the FTS5 rows, each at its
    statement's rowid, which the file allows in WAL mode. The file goes back to a rollback
    journal before it is checked and served (readers open it ``immutable``).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    pending: Future[PendingIndex] | None = None
    cancel = threading.Event()
    try:
        engine = create_engine(f"sqlite:///{tmp}")
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        engine.dispose()
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # the file is new and thrown away on failure
            db.execute("PRAGMA synchronous = OFF")  # it is synced once, before the rename
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            db.execute("ATTACH DATABASE '' AS stage")
            db.execute("PRAGMA stage.journal_mode = OFF")
            db.execute(f"PRAGMA stage.cache_size = -{STAGE_CACHE_KIB}")
            db.execute("BEGIN")
            fill(db)
            db.execute("COMMIT")
            db.execute("DETACH DATABASE stage")
            db.execute(f"PRAGMA main.cache_size = -{TAIL_CACHE_KIB}")
            _give_back_memory()
            if index:
                db.execute("PRAGMA main.journal_mode = WAL")  # a reader beside this writer
                pending = _INDEXING.submit(write_search_index, tmp, index_root(target), fts_pending=True, cancel=cancel)
            db.execute("BEGIN")
            db.execute(
                "INSERT INTO statements_fts (rowid, statement_id, title, text) "
                "SELECT rowid, id, coalesce(title, ''), text FROM statements ORDER BY rowid"
            )
            db.execute("COMMIT")
            db.execute("INSERT INTO statements_fts(statements_fts) VALUES ('optimize')")
            written = pending.result() if pending is not None else None  # its connection is closed now
            db.execute("PRAGMA main.journal_mode = DELETE")  # checkpoints the WAL into the file, removes it
        finally:
            db.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if written is not None:  # the search index (app.search), published and named in the file before the swap
            written.publish()
        os.replace(tmp, target)
    except BaseException:
        cancel.set()
        if pending is not None:  # the index's thread stops at its next batch and removes its folder
            with contextlib.suppress(BaseException):
                pending.result().discard()
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    if index:
        prune_search_indexes(target)


def drop_indexes(db: sqlite3.Connection) -> list[str]:
    """Drop the new file's secondary indexes (the migrations made them), returning the SQL
    that makes them again (:func:`make_indexes`, once the tables are full).

    A table's indexes are kept in order row by row as it fills: at a million statements
    the figures' eight indexes outgrow the page cache, and each row then reads and writes
    index pages at random. Made on the full table, an index is one sort. The indexes that
    enforce a key (``sqlite_autoindex_*``, which have no SQL) stay: they check the rows.
    """
    found = db.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    for name, _ in found:
        db.execute(f'DROP INDEX main."{name}"')
    return [sql for _, sql in found]


def make_indexes(db: sqlite3.Connection, made: Iterable[str]) -> None:
    """Make again the indexes :func:`drop_indexes` dropped, with their own SQL."""
    for sql in made:
        db.execute(sql)


def insert(db: sqlite3.Connection, model: type[Base], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert rows keyed by column name into ``model``'s table, each value converted by its
    column's type as SQLAlchemy would (dates as ISO text, booleans 0/1, JSON as text).
    Returns how many rows were inserted."""
    columns = list(model.__table__.columns)
    convert = [c.type.dialect_impl(DIALECT).bind_processor(DIALECT) for c in columns]
    names = ", ".join(f'"{c.name}"' for c in columns)
    values = (
        tuple((fn(row[c.name]) if fn else row[c.name]) for c, fn in zip(columns, convert, strict=True)) for row in rows
    )
    cursor = db.executemany(
        f"INSERT INTO main.{model.__tablename__} ({names}) VALUES ({', '.join('?' * len(columns))})", values
    )
    return cursor.rowcount
