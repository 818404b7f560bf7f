"""The served file is looked at when its directory reports a change, not on every request.

``DataVersion`` must see a new build the moment it is renamed over the served file; the
watch lets it skip the ``stat`` otherwise (``app.filewatch``). These tests count the
looks through HTTP and replace the file between requests, as an ingest does.
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from app.api import middleware
from app.config import Settings
from app.filewatch import FileWatch
from app.main import create_app
from tests.conftest import next_build

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


@pytest.fixture
def served(corpus_url: str, tmp_path: Path) -> Path:
    db = tmp_path / "served" / "coalition.db"
    db.parent.mkdir()
    shutil.copy(str(make_url(corpus_url).database), db)
    return db


class _CountingOs:
    """``os`` for the caching middleware, noting every file it looks at."""

    def __init__(self) -> None:
        self.looked: list[str] = []

    def stat(self, path: os.PathLike[str] | str) -> os.stat_result:
        self.looked.append(str(path))
        return os.stat(path)

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)


@pytest.fixture
def looks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every ``stat`` the caching middleware makes (of the served file: there is no other)."""
    counting = _CountingOs()
    monkeypatch.setattr(middleware, "os", counting)
    return counting.looked


@pytest.fixture
def client(served: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    # The looks counted must not depend on how long the requests take on a busy machine:
    # the look made once a second anyway is the unit test's (max_quiet).
    monkeypatch.setattr(middleware, "FileWatch", functools.partial(FileWatch, max_quiet=600))
    app = create_app(Settings(database_url=f"sqlite:///{served}"))
    try:
        with TestClient(app) as test_client:
            yield test_client
    finally:
        app.state.engine.dispose()


def test_the_file_is_looked_at_once_while_nothing_changes(client: TestClient, looks: list[str]) -> None:
    first = client.get("/v1/statements", params={"limit": 1}).headers["x-data-version"]
    for _ in range(20):
        assert client.get("/v1/statements", params={"limit": 1}).headers["x-data-version"] == first
    assert len(looks) == 1


def test_a_build_renamed_over_the_file_is_served_by_the_next_request(
    client: TestClient, looks: list[str], served: Path
) -> None:
    versions = [client.get("/v1/stats").json()["data_version"]]
    for n in range(3):
        aside = next_build(served, f"-next{n}")
        os.replace(aside, served)
        answer = client.get("/v1/stats")
        assert answer.headers["x-data-version"] == answer.json()["data_version"] != versions[-1]
        versions.append(answer.json()["data_version"])
        client.get("/v1/stats")  # quiet again: no look
    assert len(looks) == 4
    # a touch (same inode, another mtime) is a change too
    os.utime(served, ns=(time.time_ns(), time.time_ns()))
    client.get("/v1/stats")
    assert len(looks) == 5


def test_a_build_written_beside_the_file_is_no_change_until_renamed(
    client: TestClient, looks: list[str], served: Path
) -> None:
    version = client.get("/v1/stats").json()["data_version"]
    aside = next_build(served, "-aside")  # created, written, closed: the directory changed
    client.get("/v1/stats")
    looked = len(looks)
    assert client.get("/v1/stats").json()["data_version"] == version
    assert len(looks) == looked  # quiet again
    aside.unlink()
    assert client.get("/v1/stats").json()["data_version"] == version


def test_the_watch_is_quiet_only_on_the_loop_that_reads_its_events(tmp_path: Path) -> None:
    target = tmp_path / "watched" / "file.db"
    target.parent.mkdir()
    target.write_bytes(b"one")
    watch = FileWatch(target, max_quiet=0.2)
    assert not watch.quiet()  # never armed
    watch.arm()  # off any event loop: does nothing
    assert not watch.quiet()

    async def on_a_loop() -> list[bool]:
        seen = [watch.quiet()]  # this loop reads no events yet
        watch.arm()
        seen.append(watch.quiet())
        (tmp_path / "watched" / "other.db").write_bytes(b"two")
        os.replace(tmp_path / "watched" / "other.db", target)
        await asyncio.sleep(0.01)  # the loop reads the rename's events
        seen.append(watch.quiet())
        watch.arm()
        seen.append(watch.quiet())
        await asyncio.sleep(0.25)  # past max_quiet: looked at anyway
        seen.append(watch.quiet())
        return seen

    assert asyncio.run(on_a_loop()) == [False, True, False, True, False]
    assert not watch.quiet()  # off the loop again
    assert asyncio.run(_quiet_after_arm(watch)) == [False, True]  # a new loop reads them too


async def _quiet_after_arm(watch: FileWatch) -> list[bool]:
    before = watch.quiet()
    watch.arm()
    return [before, watch.quiet()]


def test_a_directory_deleted_and_made_again_is_watched_again(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    target = folder / "file.db"
    target.write_bytes(b"one")
    watch = FileWatch(target, max_quiet=60)

    async def on_a_loop() -> list[bool]:
        watch.arm()
        shutil.rmtree(folder)  # the kernel drops the directory's watch
        await asyncio.sleep(0.01)
        seen = [watch.quiet()]
        folder.mkdir()
        target.write_bytes(b"two")
        await asyncio.sleep(0.01)
        watch.arm()
        seen.append(watch.quiet())
        (folder / "next.db").write_bytes(b"three")
        os.replace(folder / "next.db", target)
        await asyncio.sleep(0.01)
        seen.append(watch.quiet())
        return seen

    assert asyncio.run(on_a_loop()) == [False, True, False]
