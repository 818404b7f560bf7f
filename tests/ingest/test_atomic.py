"""The database is never half-built: schema matches the models, a killed ingest loses
nothing, and the next ingest succeeds."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from app.ingest.load import alembic_config, build_sqlite
from app.ingest.pipeline import run_ingest
from app.search import build
from app.search.build import database_token, index_root
from tests.conftest import MANIFEST


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'schema.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.begin() as conn:
        command.check(alembic_config(conn))  # raises when autogenerate finds a difference


def _integrity(path: Path) -> tuple[str, int]:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0], conn.execute(
            "SELECT count(*) FROM statements"
        ).fetchone()[0]


def test_an_ingest_killed_at_random_points_leaves_the_previous_database_intact(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    url = f"sqlite:///{db}"
    run_ingest(MANIFEST, url)
    before = db.read_bytes()
    rng = random.Random(20261125)
    cmd = [sys.executable, "-c", "from app.cli import main; main()", "ingest", "--manifest", str(MANIFEST), "--db", url]
    for _ in range(5):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
        time.sleep(rng.uniform(0.05, 1.5))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # Either untouched, or (if the ingest had finished) the same corpus rebuilt identically.
        assert db.read_bytes() == before
        assert _integrity(db)[0] == "ok"
        for leftover in tmp_path.glob(".c.db.*.tmp"):
            leftover.unlink()  # a killed build may leave its scratch file; the next ingest ignores it
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    status, count = _integrity(db)
    assert status == "ok" and count > 0


def test_the_built_file_is_served_as_a_plain_file_with_its_search_index(corpus_url: str) -> None:
    """The FTS5 rows and the search index are written side by side (the file in WAL mode
    meanwhile): what is served is back to a rollback journal, with no WAL beside it, each
    FTS5 row at its statement's rowid (what the index assumed) and the index named."""
    db = Path(corpus_url.removeprefix("sqlite:///"))
    assert not db.with_name(db.name + "-wal").exists() and not db.with_name(db.name + "-shm").exists()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        statements = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
        at_rowid = conn.execute(
            "SELECT count(*) FROM statements s JOIN statements_fts f ON f.rowid = s.rowid "
            "AND f.statement_id = s.id AND f.title = coalesce(s.title, '') AND f.text = s.text"
        ).fetchone()[0]
        assert statements > 0 and at_rowid == statements
        assert conn.execute("SELECT count(*) FROM statements_fts").fetchone()[0] == statements
    assert database_token(db) is not None


def test_a_build_failing_while_its_index_is_written_leaves_nothing(
    corpus_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The FTS5 rows fail to be written while the search index is being written beside
    them: the build is deleted with its WAL, the index's thread stops and its folder goes,
    and the database already served is untouched."""
    bundled = tmp_path / "rows" / "bundled.db"  # where the rows come from: attached, must stay as it is
    bundled.parent.mkdir()
    shutil.copyfile(corpus_url.removeprefix("sqlite:///"), bundled)
    rows = bundled.read_bytes()
    target = tmp_path / "c.db"
    target.write_bytes(b"the previous build")
    monkeypatch.setattr(build, "BATCH", 1)  # the index checks for a cancel after every row

    def fill(db: sqlite3.Connection) -> None:
        db.execute("ATTACH DATABASE ? AS bundled", (str(bundled),))
        db.execute("INSERT INTO statements SELECT * FROM bundled.statements")
        db.execute("DROP TABLE statements_fts")  # an FTS5 table that refuses its rows
        db.execute("CREATE TABLE statements_fts (statement_id TEXT, title TEXT, text TEXT CHECK (text = ''))")

    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        build_sqlite(target, fill)
    assert target.read_bytes() == b"the previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db", "c.db.search", "rows"]
    assert bundled.read_bytes() == rows  # only the new file went to WAL and back
    assert list(index_root(target).iterdir()) == []  # the index's folder was removed
