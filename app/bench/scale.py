"""Build a big benchmark database by replicating an ingested one.

The ingest of a million statements is measured on its own; the API benchmark needs the
databases sooner than that, so a corpus of ~20k statements is synthesised and ingested
once (``coalition synth`` + ``coalition ingest``) and this module copies its rows
``copies`` times into a new database created by the same Alembic migrations, so the
schema, the indexes and the FTS5 table are exactly what the ingest writes.

Each copy gets new ids (a hash of the old id and the copy number), so every row is
unique; what the API's cost depends on keeps its distribution:

* curated speakers (the registry's people and organisations) are shared by every copy,
  so a real person's statement count grows with the corpus (Q1 reads more rows at 1M);
  speakers created from the text get one new id per copy, so the corpus keeps "many
  speakers" (about 37,000 at 1M);
* meetings and metrics are shared; documents, statements, sources, figures and flags
  are copied; dates, texts and values are kept, so a quarter of the statements still
  contain "foreign terrorist fighters" and the USD figures keep their values;
* the statements are stored as the ingest stores them, in speaker, date and id order;
* the counts stored on speakers, meetings and metrics are recomputed, the FTS table is
  filled from the statements and optimised, ``meta`` gets a new data version; the search
  index is built as the ingest builds it (:mod:`app.search.build`).

Tables this module does not know are copied once, as shared.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from app.ingest.items import write_items
from app.ingest.load import alembic_config
from app.search.build import build_search_index, index_root, prune_search_indexes

# Columns that take a new value in every copy, per table, and how.
REMAP: dict[str, dict[str, str]] = {
    "documents": {"id": "id", "sha256": "sha", "file": "file"},
    "speakers": {"id": "speaker"},
    "meeting_mentions": {"document_id": "id"},
    "statements": {"id": "id", "speaker_id": "speaker"},
    "statement_sources": {"statement_id": "id", "document_id": "id"},
    "figures": {"id": "id", "statement_id": "id", "speaker_id": "speaker"},
    "metric_flags": {"id": "id", "figure_id": "id", "other_figure_id": "id"},
}
SKIP = {"alembic_version", "meta", "statement_items"}  # items name their copy's ids: rendered anew
# Tables the build stores in an order of their own (``Stage.write_statements``): a speaker's
# statements together, as the stored items that a speaker's page reads (their rowids match).
STORED_ORDER = {"statements": "speaker_id, date, id"}
FTS_TABLE = "statements_fts"


def copy_id(value: str | None, copy: int) -> str | None:
    """The id of ``value`` in copy ``copy`` (copy 0 keeps the original)."""
    if value is None or copy == 0:
        return value
    return hashlib.blake2b(f"{value}/{copy}".encode(), digest_size=len(value) // 2 or 8).hexdigest()


def _copy_sha(value: str, copy: int) -> str:
    return value if copy == 0 else hashlib.sha256(f"{value}/{copy}".encode()).hexdigest()


def _user_tables(conn: sqlite3.Connection, schema: str) -> list[str]:
    rows = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE ? ORDER BY name",
        (f"{FTS_TABLE}%",),
    )
    return [name for (name,) in rows if name not in SKIP]


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def scale(source: Path, target: Path, copies: int, progress: Callable[[str], None] = print) -> None:
    """Write ``target``: the rows of ``source`` (an ingested database) ``copies`` times."""
    started = time.monotonic()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        engine = create_engine(f"sqlite:///{tmp}")
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        engine.dispose()
        _fill(source, tmp, copies, progress)
        build_search_index(tmp, index_root(target), progress)  # as the ingest does: Q2 ranks top-k
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    prune_search_indexes(target)
    progress(f"{target}: {copies} copies in {time.monotonic() - started:.0f} s")


def _fill(source: Path, path: Path, copies: int, progress: Callable[[str], None]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -500000")
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    curated = {sid for (sid,) in conn.execute("SELECT id FROM src.speakers WHERE curated")}

    def speaker(value: str | None, copy: int) -> str | None:
        if value is None or copy == 0 or value in curated:
            return value
        return f"{value}--c{copy}"

    conn.create_function("bench_id", 2, copy_id, deterministic=True)
    conn.create_function("bench_sha", 2, _copy_sha, deterministic=True)
    conn.create_function("bench_speaker", 2, speaker, deterministic=True)
    conn.create_function("bench_file", 2, lambda v, k: v if k == 0 else f"{v}#{k}", deterministic=True)
    functions = {"id": "bench_id", "sha": "bench_sha", "speaker": "bench_speaker", "file": "bench_file"}

    indexes = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    conn.execute("BEGIN")
    for name, _sql in indexes:
        conn.execute(f"DROP INDEX main.{_q(name)}")
    for table in _user_tables(conn, "main"):
        columns = _columns(conn, "main", table)
        remap = REMAP.get(table)
        shared_rows = remap is None
        selects = []
        for copy in range(1 if shared_rows else copies):
            exprs = []
            for col in columns:
                how = (remap or {}).get(col)
                exprs.append(f"{functions[how]}({_q(col)}, {copy}) AS {_q(col)}" if how else _q(col))
            where = " WHERE NOT curated" if table == "speakers" and copy > 0 else ""
            selects.append(f"SELECT {', '.join(exprs)} FROM src.{_q(table)}{where}")
        names = ", ".join(map(_q, columns))
        if table in STORED_ORDER:  # all copies in one sort
            selects = [f"SELECT {names} FROM ({' UNION ALL '.join(selects)}) ORDER BY {STORED_ORDER[table]}"]
        for select in selects:
            conn.execute(f"INSERT INTO main.{_q(table)} ({names}) {select}")
        progress(f"  {table}: {conn.execute(f'SELECT count(*) FROM main.{_q(table)}').fetchone()[0]:,} rows")
    for _name, sql in indexes:
        conn.execute(sql)
    progress("  indexes rebuilt")
    _recount(conn)
    _meta(conn, copies)
    progress(f"  statement_items: {write_items(conn):,} rows")
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    conn.execute(
        f"INSERT INTO {FTS_TABLE} (statement_id, title, text) "
        "SELECT id, coalesce(title, ''), text FROM statements ORDER BY rowid"
    )
    conn.execute("COMMIT")
    conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    progress("  full-text index built")
    conn.execute("DETACH DATABASE src")
    conn.close()


def _recount(conn: sqlite3.Connection) -> None:
    """Counts and date ranges stored on speakers, meetings and metrics."""
    conn.execute(
        "UPDATE speakers SET (statement_count, first_date, last_date) = "
        "(SELECT count(*), min(date), max(date) FROM statements WHERE speaker_id = speakers.id)"
    )
    conn.execute(
        "UPDATE meetings SET statement_count = (SELECT count(*) FROM statements WHERE meeting_id = meetings.id)"
    )
    metrics = _columns(conn, "main", "metrics")
    if "figure_count" in metrics:
        conn.execute("UPDATE metrics SET figure_count = (SELECT count(*) FROM figures WHERE metric_id = metrics.id)")
    if "flag_count" in metrics:
        conn.execute("UPDATE metrics SET flag_count = (SELECT count(*) FROM metric_flags WHERE metric_id = metrics.id)")


def _meta(conn: sqlite3.Connection, copies: int) -> None:
    facts = dict(conn.execute("SELECT key, value FROM src.meta").fetchall())
    version = hashlib.sha256(f"{facts.get('data_version')}/x{copies}".encode()).hexdigest()[:12]
    facts["data_version"] = version
    facts["bench_copies"] = str(copies)
    for table in ("documents", "statements", "speakers", "meetings", "figures"):
        if table in facts:
            facts[table] = str(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", sorted(facts.items()))
