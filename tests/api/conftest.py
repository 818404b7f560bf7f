"""Fixtures for the API tests: one database per session, an httpx client, a query counter.

The database is the bundled corpus, built once per test session through the real ingest
(``tests/conftest.py``), in SQLite and in PostgreSQL. Tests assert properties that hold for any corpus, plus a few
facts the real corpus is known to contain.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.config import Settings
from app.main import create_app


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def api_db_url(request: pytest.FixtureRequest, corpus_url: str) -> str:
    """URL of the bundled corpus database, built once per session by the real ingest.

    Every API test runs on SQLite and on PostgreSQL (skipped when no server is configured).
    """
    if request.param == "sqlite":
        return corpus_url
    return str(request.getfixturevalue("postgresql_corpus_url"))


@pytest.fixture(scope="session")
def settings(api_db_url: str) -> Settings:
    """Settings pointing at the session database."""
    return Settings(database_url=api_db_url)


@pytest.fixture(scope="session")
def app(settings: Settings) -> Iterator[FastAPI]:
    """The application under test."""
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    """An httpx client talking to the app in-process."""
    with TestClient(app) as test_client:
        yield test_client


class QueryCounter:
    """Counts SQL statements sent through an engine (N+1 detection)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: FastAPI) -> Iterator[QueryCounter]:
    """Record every statement the app's engine executes during a test."""
    counter = QueryCounter()
    engine = app.state.engine
    event.listen(engine, "after_cursor_execute", counter)
    yield counter
    event.remove(engine, "after_cursor_execute", counter)
