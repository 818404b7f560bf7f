"""Load: the only stage that writes, and it writes all or nothing.

On SQLite the new database is built aside — a temporary file next to the target,
migrated to the head revision, filled in one transaction — and then moved over the old
one with an atomic rename. A failed or killed ingest leaves the previous database
byte-for-byte as it was, and readers see either the old file or the new one, never a
half-built one. PostgreSQL gets the same build, made in a scratch folder, then copied
over in one transaction (``pgcopy``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, create_engine, insert, text
from sqlalchemy.engine import make_url

import migrations
from app.db import sqlite_path
from app.models import (
    Document,
    Figure,
    Meeting,
    MeetingMention,
    Meta,
    Metric,
    MetricFlag,
    Speaker,
    Statement,
    StatementSource,
)
from app.search.build import build_search_index, index_root, prune_search_indexes

Row = dict[str, Any]


@dataclass
class Rows:
    """Everything the database will hold, as plain rows keyed by column name."""

    documents: list[Row] = field(default_factory=list)
    speakers: list[Row] = field(default_factory=list)
    meetings: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    statements: list[Row] = field(default_factory=list)
    sources: list[Row] = field(default_factory=list)
    figures: list[Row] = field(default_factory=list)
    metrics: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """Alembic configured in code, so no ini file or working folder is needed."""
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _chunks(rows: Sequence[Row], size: int = 5000) -> Iterable[Sequence[Row]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _fill(conn: Connection, rows: Rows) -> None:
    for model, data in (
        (Document, rows.documents),
        (Speaker, rows.speakers),
        (Meeting, rows.meetings),
        (MeetingMention, rows.mentions),
        (Statement, rows.statements),
        (StatementSource, rows.sources),
        (Metric, rows.metrics),
        (Figure, rows.figures),
        (MetricFlag, rows.flags),
    ):
        for chunk in _chunks(data):
            conn.execute(insert(model), list(chunk))
    conn.execute(insert(Meta), [{"key": k, "value": v} for k, v in sorted(rows.meta.items())])
    if conn.dialect.name == "sqlite":
        for chunk in _chunks(rows.statements):
            conn.execute(
                text("INSERT INTO statements_fts (statement_id, title, text) VALUES (:id, :title, :text)"),
                [{"id": r["id"], "title": r.get("title") or "", "text": r["text"]} for r in chunk],
            )


def _build_sqlite(target: Path, rows: Rows, *, index: bool = True) -> None:
    """Build the SQLite file aside; with ``index``, its search index too (``app.search``),
    published and named in the file before the file replaces the served one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        engine = create_engine(f"sqlite:///{tmp}")
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode = OFF")
            conn.exec_driver_sql("PRAGMA synchronous = OFF")
            command.upgrade(alembic_config(conn), "head")
            _fill(conn, rows)
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("INSERT INTO statements_fts(statements_fts) VALUES ('optimize')")
        engine.dispose()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if index:
            build_search_index(tmp, index_root(target))  # writes one meta row into tmp, fsynced
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if index:
        prune_search_indexes(target)


def write(url: str, rows: Rows) -> None:
    """Replace the database at ``url`` with ``rows``, atomically."""
    path = sqlite_path(url)
    if path is not None:
        _build_sqlite(path, rows)
    elif make_url(url).drivername.startswith("sqlite"):
        raise ValueError("an in-memory SQLite database cannot be built aside; give a file path")
    else:
        # PostgreSQL: the same SQLite build, made in a scratch folder, then copied over.
        from app.ingest.pgcopy import copy_database

        with tempfile.TemporaryDirectory(prefix="coalition-build-") as scratch:
            built = Path(scratch) / "coalition.db"
            _build_sqlite(built, rows, index=False)  # PostgreSQL searches with its own full text
            copy_database(built, url)
