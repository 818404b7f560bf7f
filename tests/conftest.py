"""Shared fixtures: a database built from the real bundled corpus, once per session.

The corpus is built into SQLite, and — when a PostgreSQL server is configured — into
PostgreSQL too; the API tests run against both (``tests/api/conftest.py``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.ingest.pipeline import Summary, run_ingest

# The access log writes a line per request to standard output; the tests read answers,
# not log lines (tests/api/test_access_log.py turns it on for the apps it builds).
os.environ.setdefault("COALITION_ACCESS_LOG", "false")

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "data" / "sources.yaml"


def next_build(served: Path, suffix: str) -> Path:
    """A copy of a served build with another data version (``suffix`` appended), written
    beside it as the ingest writes one, to be renamed over it."""
    aside = served.with_name(served.name + suffix)
    shutil.copy(served, aside)
    with sqlite3.connect(aside) as conn:
        conn.execute("UPDATE meta SET value = value || ? WHERE key = 'data_version'", (suffix,))
    conn.close()
    return aside


def assert_stored_in_speaker_order(path: Path | str) -> list[str]:
    """Assert a built file's layout (``Stage.write_statements``): the statements in the order
    of the (speaker_id, date, id) index, each stored item at its statement's rowid. Returns
    the statement ids in stored order."""
    with sqlite3.connect(path) as conn:
        stored = [sid for (sid,) in conn.execute("SELECT id FROM statements ORDER BY rowid")]
        indexed = conn.execute(
            "SELECT id FROM statements INDEXED BY ix_statements_speaker_date ORDER BY speaker_id, date, id"
        ).fetchall()
        paired = conn.execute(
            "SELECT count(*) FROM statement_items i JOIN statements s ON s.rowid = i.rowid AND s.id = i.statement_id"
        ).fetchone()[0]
        items = conn.execute("SELECT count(*) FROM statement_items").fetchone()[0]
    assert stored == [sid for (sid,) in indexed]
    assert paired == items == len(stored)
    return stored


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Summary]:
    """(database URL, ingest summary) of the bundled corpus, built through the real pipeline."""
    path = tmp_path_factory.mktemp("corpus") / "coalition.db"
    url = f"sqlite:///{path}"
    summary = run_ingest(MANIFEST, url)
    return url, summary


@pytest.fixture(scope="session")
def corpus_url(corpus: tuple[str, Summary]) -> str:
    """URL of the bundled corpus database."""
    return corpus[0]


POSTGRESQL_ENV = "COALITION_TEST_POSTGRESQL_URL"


@pytest.fixture(scope="session")
def postgresql_server() -> str:
    """URL of a PostgreSQL server's maintenance database (``.ci/run`` starts one and sets it)."""
    url = os.environ.get(POSTGRESQL_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured: set {POSTGRESQL_ENV} (scripts/postgresql.sh starts a server)")
    return url


@pytest.fixture(scope="session")
def new_postgresql_database(postgresql_server: str) -> Iterator[Callable[[str], str]]:
    """Makes empty databases on the test server (dropped at the end); returns their URLs."""
    admin = create_engine(postgresql_server, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make(label: str) -> str:
        name = f"coalition_test_{label}_{os.getpid()}_{len(made)}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"))
        made.append(name)
        return make_url(postgresql_server).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def postgresql_corpus_url(new_postgresql_database: Callable[[str], str]) -> str:
    """The bundled corpus ingested into a fresh PostgreSQL database."""
    url = new_postgresql_database("corpus")
    run_ingest(MANIFEST, url)
    return url
