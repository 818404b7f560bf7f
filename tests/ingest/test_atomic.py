"""The database is never half-built: schema matches the models, a killed ingest loses
nothing, and the next ingest succeeds."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from app.ingest.load import alembic_config
from app.ingest.pipeline import run_ingest
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
