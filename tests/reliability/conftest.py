"""Fixtures for the reliability tests: a large copy of the corpus, a real server process."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scripts.soak import LOOPBACK, free_port, rss_kb, start_server, stop_server, wait_ready

__all__ = ["inflate", "rss_kb", "served"]

# Tables whose rows are copied, and the columns that name a copied row (given a suffix).
_COPIED = {
    "statements": ("id",),
    "statement_sources": ("statement_id",),
    "figures": ("id", "statement_id"),
}


def inflate(path: Path, copies: int) -> None:
    """Multiply the statements (with their sources, figures and index entries) ``copies`` times.

    The copies have new ids and the database a new data version, so nothing cached for
    the original is taken for the copy.
    """
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute(
            "CREATE TEMP TABLE k AS WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?) "
            "SELECT n FROM k",
            (copies,),
        )
        for table, renamed in _COPIED.items():
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            chosen = ", ".join(f"t.{c} || '-' || k.n" if c in renamed else f't."{c}"' for c in columns)
            conn.execute(f"INSERT INTO {table} SELECT {chosen} FROM {table} t, k")
        conn.execute(
            "INSERT INTO statements_fts (statement_id, title, text) "
            "SELECT id, coalesce(title, ''), text FROM statements WHERE id LIKE '%-%'"
        )
        conn.execute("UPDATE meta SET value = value || ? WHERE key = 'data_version'", (f"-x{copies}",))


@pytest.fixture(scope="session")
def big_db_url(corpus_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled corpus with every statement 300 times over (about 4,000 statements)."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    shutil.copy(corpus_url.removeprefix("sqlite:///"), path)
    inflate(path, 300)
    return f"sqlite:///{path}"


@contextmanager
def served(db_url: str, log: Path) -> Iterator[tuple[str, int]]:
    """``coalition serve`` on a free loopback port: yields (base URL, server pid)."""
    port = free_port()
    proc = start_server(db_url, port, log)
    try:
        wait_ready(f"http://{LOOPBACK}:{port}", proc)
        yield f"http://{LOOPBACK}:{port}", proc.pid
    except BaseException:
        print(log.read_text(errors="replace")[-4000:])
        raise
    finally:
        stop_server(proc)
