"""An ingest replacing the database while ``coalition serve`` answers: never an error.

The ingest builds the new file aside and renames it over the old one. The server keeps
connections open on the old file (still readable after the rename); on the next request
the middleware sees a new file identity, disposes of the pool and reads the new data
version. Clients polling all through get old data or new data, never a 5xx, and the new
data version is served soon after the rename.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import yaml

from tests.conftest import MANIFEST, ROOT, next_build

from .conftest import served

POLLERS = 6


def _version(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])


def _ingest(manifest: Path, db: Path) -> str:
    cmd = [sys.executable, "-m", "app.cli", "ingest", "--manifest", str(manifest), "--db", f"sqlite:///{db}"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return _version(db)


def test_ingests_replacing_the_database_never_fail_a_request(corpus_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MANIFEST.parent, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    full = data / "sources.yaml"
    small = data / "small.yaml"
    entries = yaml.safe_load(full.read_text())
    small.write_text(yaml.safe_dump(entries[: len(entries) // 2], sort_keys=False))
    db = tmp_path / "served" / "c.db"
    db.parent.mkdir()
    shutil.copy(corpus_url.removeprefix("sqlite:///"), db)
    first = _version(db)

    seen: Counter[str] = Counter()
    failures: list[str] = []
    stop = threading.Event()

    with served(f"sqlite:///{db}", tmp_path / "server.log") as (base, _pid):
        with httpx.Client(base_url=base, timeout=30) as c:
            ids = [s["id"] for s in c.get("/v1/statements", params={"limit": 100}).json()["items"]]
        paths = [
            "/v1/stats",
            "/v1/statements",
            "/v1/search?q=coalition",
            "/v1/statements?facet=speaker,year&limit=5",
            "/v1/figures?format=csv",
            "/health",
            *(f"/v1/statements/{i}" for i in ids[:5]),  # may be gone from the small build: 404
        ]

        def poll(n: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                i = n
                while not stop.is_set():
                    path = paths[i % len(paths)]
                    i += 1
                    try:
                        response = client.get(path)
                    except httpx.HTTPError as exc:
                        failures.append(f"{path}: {type(exc).__name__} {exc}")
                        continue
                    if response.status_code not in (200, 404) or (
                        response.status_code == 404 and "/v1/statements/" not in path
                    ):
                        failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                    seen[response.headers.get("x-data-version", "none")] += 1

        pollers = [threading.Thread(target=poll, args=(n,)) for n in range(POLLERS)]
        for t in pollers:
            t.start()
        try:
            time.sleep(0.5)
            versions = [_ingest(manifest, db) for manifest in (small, full, small)]
            last = versions[-1]
            deadline = time.monotonic() + 10
            served_version = None
            with httpx.Client(base_url=base, timeout=30) as c:
                while time.monotonic() < deadline:
                    stats = c.get("/v1/stats")
                    served_version = stats.json()["data_version"]
                    if served_version == last and stats.headers["x-data-version"] == last:
                        break
                    time.sleep(0.1)
            time.sleep(0.5)
        finally:
            stop.set()
            for t in pollers:
                t.join()

    assert versions[0] != first and versions[1] == first and versions[2] == versions[0]
    assert served_version == last, "the new build was not served"
    assert not failures, failures[:10]
    assert seen[first] > 0 and seen[last] > 0 and "none" not in seen, seen
    assert sum(seen.values()) > 100


def test_the_request_after_a_rename_is_answered_from_the_new_build(corpus_url: str, tmp_path: Path) -> None:
    """The server looks at the file only when its directory reports a change
    (``app.filewatch``): the event must be read before the next request is answered, on
    uvicorn's own event loop, not only under the test client's."""
    db = tmp_path / "served" / "c.db"
    db.parent.mkdir()
    shutil.copy(corpus_url.removeprefix("sqlite:///"), db)
    with served(f"sqlite:///{db}", tmp_path / "server.log") as (base, _pid), httpx.Client(base_url=base) as c:
        sid = c.get("/v1/statements", params={"limit": 1}).json()["items"][0]["id"]
        for n in range(5):
            for _ in range(20):  # the watch is quiet again: no look at the file per request
                assert c.get(f"/v1/statements/{sid}").headers["x-data-version"] == _version(db)
            os.replace(next_build(db, f"-next{n}"), db)
            new = _version(db)
            assert c.get(f"/v1/statements/{sid}").headers["x-data-version"] == new
            assert c.get("/v1/stats").json()["data_version"] == new
