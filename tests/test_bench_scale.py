"""The benchmark's big databases: the ingested rows, replicated, in the ingest's schema."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from app.bench.queries import tilde_encode
from app.bench.scale import scale
from app.db import sqlite_path
from app.ingest.load import alembic_config, schema_is_current
from tests.conftest import assert_stored_in_speaker_order


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _count(path: Path, table: str) -> int:
    return _rows(path, f"SELECT count(*) FROM {table}")[0][0]


@pytest.fixture(scope="module")
def scaled(corpus_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    source = sqlite_path(corpus_url)
    assert source is not None
    target = tmp_path_factory.mktemp("scaled") / "x3.db"
    scale(source, target, 3, progress=lambda _line: None)
    return source, target


def test_every_copied_table_has_three_times_the_rows(scaled: tuple[Path, Path]) -> None:
    source, target = scaled
    for table in ("documents", "statements", "statement_sources", "figures", "meeting_mentions", "metric_flags"):
        assert _count(target, table) == 3 * _count(source, table), table
    for table in ("meetings", "metrics"):
        assert _count(target, table) == _count(source, table), table
    curated, created = _rows(source, "SELECT sum(curated), sum(NOT curated) FROM speakers")[0]
    assert _count(target, "speakers") == curated + 3 * created


def test_the_schema_is_the_migrations(scaled: tuple[Path, Path], tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    engine = create_engine(f"sqlite:///{fresh}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    engine.dispose()
    query = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    assert _rows(scaled[1], query) == _rows(fresh, query)


def test_the_copies_are_stored_as_the_ingest_stores_them(scaled: tuple[Path, Path]) -> None:
    """All copies of a curated speaker's statements together, in index order, each item
    at its statement's rowid: a speaker's page costs what it costs in an ingested file."""
    assert_stored_in_speaker_order(scaled[1])


def test_full_text_and_counts_follow_the_copies(scaled: tuple[Path, Path]) -> None:
    source, target = scaled
    match = "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'coalition'"
    assert _rows(target, match)[0][0] == 3 * _rows(source, match)[0][0] > 0
    assert _count(target, "statements_fts") == _count(target, "statements")
    stale = _rows(
        target,
        "SELECT count(*) FROM speakers WHERE statement_count != "
        "(SELECT count(*) FROM statements WHERE speaker_id = speakers.id)",
    )
    assert stale == [(0,)]
    versions = [_rows(p, "SELECT value FROM meta WHERE key = 'data_version'")[0][0] for p in (source, target)]
    assert versions[0] != versions[1]


def test_ids_stay_unique_and_shaped_like_the_originals(scaled: tuple[Path, Path]) -> None:
    _source, target = scaled
    lengths = _rows(target, "SELECT DISTINCT length(id) FROM statements")
    assert lengths == [(16,)]
    assert _rows(target, "PRAGMA foreign_key_check") == []


def test_datasette_next_tokens_are_tilde_encoded() -> None:
    assert tilde_encode("2019-11-14") == "2019-11-14"
    assert tilde_encode("a b/c") == "a~20b~2Fc"


def test_a_kept_database_of_an_older_schema_is_made_again(scaled: tuple[Path, Path], tmp_path: Path) -> None:
    """The bench keeps its databases between runs, but not one an older migration made:
    it would be measured with the old indexes."""
    _source, target = scaled
    kept = tmp_path / "kept.db"
    shutil.copyfile(target, kept)
    assert schema_is_current(kept)
    with closing(sqlite3.connect(kept)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = 'c4e7a1d9b205'")  # the head before e5b2d8f3a6c1
    assert not schema_is_current(kept)
    assert not schema_is_current(tmp_path / "missing.db")
