"""The ingest into PostgreSQL: the same rows as SQLite, migrations that match the models,
and a failed ingest — bad input, or a failure halfway through the copy — that loses
nothing. Skipped unless a server is configured (``COALITION_TEST_POSTGRESQL_URL``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text
from typer.testing import CliRunner

from app.cli import cli
from app.ingest import pgcopy
from app.ingest.load import alembic_config
from app.ingest.pipeline import run_ingest
from app.models import Base
from tests.conftest import MANIFEST
from tests.ingest.test_bad_input import append_entry, corpus_copy

Rows = dict[str, list[tuple[Any, ...]]]


def _plain(value: Any) -> Any:
    """One value as both databases can be compared: ISO dates, ints for booleans, parsed JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def all_rows(url: str) -> Rows:
    """Every row of every table of the models, sorted, in comparable form."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: sorted(
                    (tuple(_plain(v) for v in row) for row in conn.execute(select(table))),
                    key=repr,
                )
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def sqlite_rows(corpus_url: str) -> Rows:
    """The SQLite build's rows, but for the meta row naming its search index (a file beside
    it; PostgreSQL searches with its own full text)."""
    rows = all_rows(corpus_url)
    rows["meta"] = [row for row in rows["meta"] if row[0] != "search_index"]
    return rows


def test_postgresql_holds_exactly_the_rows_sqlite_holds(postgresql_corpus_url: str, sqlite_rows: Rows) -> None:
    pg = all_rows(postgresql_corpus_url)
    assert sum(len(rows) for rows in pg.values()) > 100
    for table, rows in sqlite_rows.items():
        assert pg[table] == rows, table


def test_models_and_migrations_do_not_drift_on_postgresql(new_postgresql_database: Callable[[str], str]) -> None:
    engine = create_engine(new_postgresql_database("schema"))
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        with engine.begin() as conn:
            command.check(alembic_config(conn))  # raises when autogenerate finds a difference
        with engine.begin() as conn:  # and every step can be undone
            command.downgrade(alembic_config(conn), "base")
            assert conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 1
    finally:
        engine.dispose()


def test_a_second_ingest_replaces_the_data_with_the_same(
    new_postgresql_database: Callable[[str], str], sqlite_rows: Rows
) -> None:
    url = new_postgresql_database("twice")
    run_ingest(MANIFEST, url)
    run_ingest(MANIFEST, url)
    assert all_rows(url) == sqlite_rows


def test_full_text_vectors_are_made_by_postgresql(postgresql_corpus_url: str) -> None:
    engine = create_engine(postgresql_corpus_url)
    try:
        with engine.connect() as conn:
            missing = conn.execute(text("SELECT count(*) FROM statements WHERE search IS NULL")).scalar()
            hits = conn.execute(
                text("SELECT count(*) FROM statements WHERE search @@ plainto_tsquery('english', 'fighters')")
            ).scalar()
    finally:
        engine.dispose()
    assert missing == 0
    assert hits and hits > 0


def test_bad_input_leaves_postgresql_untouched(
    new_postgresql_database: Callable[[str], str], sqlite_rows: Rows, tmp_path: Path
) -> None:
    url = new_postgresql_database("bad")
    run_ingest(MANIFEST, url)
    manifest = corpus_copy(tmp_path)
    append_entry(manifest, "- file: sources/absent.txt\n  title: Absent")
    result = CliRunner().invoke(cli, ["ingest", "--manifest", str(manifest), "--db", url])
    assert result.exit_code != 0
    assert "absent.txt" in result.output
    assert all_rows(url) == sqlite_rows


def test_a_copy_failing_halfway_rolls_back(
    new_postgresql_database: Callable[[str], str],
    sqlite_rows: Rows,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = new_postgresql_database("halfway")
    run_ingest(MANIFEST, url)
    copy_table = pgcopy._copy_table
    copied: list[str] = []

    def fail_on_figures(source: Any, target: Any, table: str, columns: list[str]) -> int:
        if table == "figures":
            raise RuntimeError("disk full")
        copied.append(table)
        return copy_table(source, target, table, columns)

    monkeypatch.setattr(pgcopy, "_copy_table", fail_on_figures)
    with pytest.raises(RuntimeError, match="disk full"):
        run_ingest(MANIFEST, url)
    assert "statements" in copied  # the tables before it were emptied and refilled…
    assert all_rows(url) == sqlite_rows  # …and rolled back
