"""Nothing leaks, nothing is let in: headers, error bodies, and a database handle that cannot write."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.config import Settings
from app.main import create_app
from tests.api.helpers import assert_problem


@pytest.fixture(scope="module")
def db_copy(corpus_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the corpus database, so write attempts can be checked byte for byte."""
    path = tmp_path_factory.mktemp("ro") / "c.db"
    shutil.copy(corpus_url.removeprefix("sqlite:///"), path)
    return path


@pytest.fixture(scope="module")
def app(db_copy: Path) -> Iterator[FastAPI]:
    application = create_app(Settings(database_url=f"sqlite:///{db_copy}"))
    yield application
    application.state.engine.dispose()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


# ---------------------------------------------------------------- headers


def _policy(header: str) -> dict[str, list[str]]:
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_html_pages_carry_a_restrictive_csp(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = _policy(response.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    scripts = policy["script-src"]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(scripts)
    # Every inline script runs by its hash; every external one comes from an allowed origin.
    for body in re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in scripts
    for src in re.findall(r'<script src="([^"]+)"', response.text):
        assert any(src.startswith(origin + "/") for origin in scripts if origin.startswith("https://")), src


@pytest.mark.parametrize(
    "path", ["/v1/statements", "/v1/speakers/nobody", "/v1/search?q=(", "/openapi.json", "/health", "/nope"]
)
def test_every_answer_is_nosniff_and_loads_nothing(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = _policy(response.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_the_oauth_redirect_page_is_gone(client: TestClient) -> None:
    assert_problem(client.get("/docs/oauth2-redirect"), 404)


# ---------------------------------------------------------------- error bodies


LEAKS = ("Traceback", 'File "', "sqlite3", "SELECT ", " FROM ", "OperationalError", "/tmp/", "/work/", ".py")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/statements?speakr=x", 400),
        ("/v1/statements?limit=0", 422),
        ("/v1/statements?cursor=eyJ4Ijp9", 422),
        ("/v1/statements?date_from=2019-02-30", 422),
        ("/v1/search?q=%22unclosed", 422),
        ("/v1/search?q=a%00b", 422),
        ("/v1/statements/..%2F..%2Fetc%2Fpasswd", 404),
        ("/v1/speakers/%27%20OR%201%3D1%20--", 404),
        ("/v1/../../etc/passwd", 404),
        ("/v1/statements?format=xml", 422),
    ],
)
def test_error_bodies_leak_nothing(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert_problem(response, status)
    for leak in LEAKS:
        assert leak not in response.text, leak


def test_a_missing_database_leaks_no_path(tmp_path: Path) -> None:
    secret = tmp_path / "secret-location" / "c.db"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{secret}"))) as c:
        for path in ("/v1/statements", "/v1/search?q=isis", "/v1/stats", "/health"):
            response = c.get(path)
            assert response.status_code == 503
            assert "secret-location" not in response.text and "sqlite" not in response.text.lower()


# ---------------------------------------------------------------- the read-only handle


WRITES = [
    "DELETE FROM statements",
    "UPDATE speakers SET name = 'x'",
    "INSERT INTO meta (key, value) VALUES ('x', 'y')",
    "CREATE TABLE x (y INTEGER)",
    "DROP TABLE figures",
    "CREATE INDEX ix_x ON statements (text)",
    "PRAGMA user_version = 7",
    "INSERT INTO statements_fts (statements_fts) VALUES ('optimize')",
    "VACUUM",
]


@pytest.mark.parametrize("sql", WRITES)
def test_no_write_gets_through_the_api_engine(app: FastAPI, db_copy: Path, sql: str) -> None:
    before = db_copy.read_bytes()
    with app.state.engine.connect() as conn, pytest.raises(DBAPIError):
        conn.execute(text(sql))
        conn.commit()
    raw = app.state.engine.raw_connection()  # the hot paths' handle: the same connections
    try:
        with pytest.raises(sqlite3.Error):
            raw.driver_connection.execute(sql)
    finally:
        raw.close()
    assert db_copy.read_bytes() == before


def test_no_file_can_be_created_or_switched_to_writable(app: FastAPI, db_copy: Path, tmp_path: Path) -> None:
    """``mode=ro`` covers the served file; ATTACH (or VACUUM INTO) would create another one,
    and ``query_only`` can be switched off by SQL: neither gets a write through."""
    before = db_copy.read_bytes()
    raw = app.state.engine.raw_connection()
    dbapi = raw.driver_connection
    try:
        for target in ("attached.db", "vacuumed.db"):
            with pytest.raises(sqlite3.Error):
                statement = "ATTACH ? AS other" if target == "attached.db" else "VACUUM INTO ?"
                dbapi.execute(statement, (str(tmp_path / target),))
            assert not (tmp_path / target).exists()
        dbapi.execute("PRAGMA query_only = OFF")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            dbapi.execute("DELETE FROM meta")
    finally:
        raw.invalidate()  # do not hand a connection with query_only off back to the pool
    assert db_copy.read_bytes() == before
    assert list(tmp_path.iterdir()) == []
