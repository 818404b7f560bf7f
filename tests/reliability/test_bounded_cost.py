"""Bounded cost: every query has a ceiling, each tested with a request crafted to be costly.

The costly requests run against the bundled corpus with every statement 300 times over
(``big_db_url``, about 4,000 statements), where a careless query takes seconds.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.config import Settings
from app.main import create_app
from app.pagination import MAX_LIMIT, MAX_OFFSET
from app.queries.fts import MAX_TERMS
from app.schemas import MAX_Q_LENGTH
from tests.api.helpers import assert_problem

from .conftest import served

# The most expensive query the syntax allows: MAX_TERMS two-letter prefixes, OR-ed, so
# nearly every word of every statement matches one of them (ranked, faceted, snippeted).
COSTLY_SEARCH = " OR ".join(f"{p}*" for p in "th an co in to is of re fo pr wi we de st se ca".split())
assert COSTLY_SEARCH.count("*") == MAX_TERMS
# What it was before the ceilings: every one-letter prefix, three times (30 s on this corpus).
RUNAWAY_SEARCH = " OR ".join(f"{letter}*" for letter in "abcdefghijklmnopqrstuvwxyz" * 3)
FACETS = "speaker,meeting,kind,year"


def client_for(url: str, timeout_ms: int) -> TestClient:
    return TestClient(create_app(Settings(database_url=url, query_timeout_ms=timeout_ms)))


@pytest.fixture(scope="module")
def big(big_db_url: str) -> Iterator[TestClient]:
    """The large corpus under the default time limit."""
    with client_for(big_db_url, Settings().query_timeout_ms) as c:
        yield c


def timed(c: TestClient, path: str, **params: Any) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = c.get(path, params=params)
    return response, time.monotonic() - start


# ---------------------------------------------------------------- limit, offset, q length


@pytest.mark.parametrize("path", ["/v1/statements", "/v1/speakers", "/v1/meetings", "/v1/figures", "/v1/documents"])
def test_limit_and_offset_are_capped(big: TestClient, path: str) -> None:
    assert_problem(big.get(path, params={"limit": MAX_LIMIT + 1}), 422, "limit")
    assert_problem(big.get(path, params={"limit": 10**9}), 422, "limit")
    assert_problem(big.get(path, params={"offset": MAX_OFFSET + 1}), 422, "offset")
    assert_problem(big.get(path, params={"offset": 2**64}), 422, "offset")
    assert big.get(path, params={"offset": MAX_OFFSET}).json()["items"] == []


def test_the_largest_page_is_the_cap(big: TestClient) -> None:
    response, elapsed = timed(big, "/v1/statements", limit=MAX_LIMIT, include="text,figures")
    assert response.status_code == 200
    assert len(response.json()["items"]) == MAX_LIMIT < response.json()["total"]
    assert elapsed < 5


@pytest.mark.parametrize(
    ("path", "extra"),
    [("/v1/search", {}), ("/v1/statements", {}), ("/v1/figures", {}), ("/v1/speakers", {})],
)
def test_q_length_is_capped(big: TestClient, path: str, extra: dict[str, str]) -> None:
    assert_problem(big.get(path, params={**extra, "q": "isis " * 101}), 422, "q")
    assert big.get(path, params={**extra, "q": "x" * MAX_Q_LENGTH}).status_code == 200


# ---------------------------------------------------------------- full-text syntax


@pytest.mark.parametrize(
    ("q", "why"),
    [
        (RUNAWAY_SEARCH, "prefix"),
        (" OR ".join(f"{letter}e*" for letter in "abcdefghijklmnopqrstuvwxyz"), "terms"),
        (" ".join(["isis"] * (MAX_TERMS + 1)), "terms"),
        ("a*", "prefix"),
        ('"the a"*', "prefix"),
        ("iraq OR s*", "prefix"),
        ("c++*", "prefix"),
        ("isis\x00 OR x", "control"),
    ],
)
def test_costly_search_syntax_is_refused_before_sqlite(big: TestClient, q: str, why: str) -> None:
    for path in ("/v1/search", "/v1/statements"):
        response, elapsed = timed(big, path, q=q)
        body = assert_problem(response, 422, "q")
        assert why in body["detail"], body
        assert elapsed < 1


@pytest.mark.parametrize(
    "q",
    ["text:isis", "title : isis", "{title text}: isis", "NEAR(isis coalition, 2)", "isis + coalition", "^isis"],
)
def test_fts_operators_we_do_not_document_are_taken_as_words(big: TestClient, q: str) -> None:
    response = big.get("/v1/search", params={"q": q})
    assert response.status_code == 200, response.text


def test_the_costliest_allowed_search_stays_within_the_limit(big: TestClient) -> None:
    response, elapsed = timed(big, "/v1/search", q=COSTLY_SEARCH, facet=FACETS)
    assert response.status_code in (200, 503), response.text
    assert elapsed < 3 * Settings().query_timeout_ms / 1000 + 2


# ---------------------------------------------------------------- LIKE wildcards


def _literal_matches(db_url: str, q: str) -> tuple[int, int]:
    """(figures, speakers) whose text contains ``q`` as written: the ground truth."""
    needle = q.lower()
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        figures = sum(
            needle in f"{sentence}\n{noun or ''}".lower()
            for sentence, noun in conn.execute("SELECT sentence, noun FROM figures")
        )
        speakers = sum(
            needle in name.lower() or any(needle in a.lower() for a in json.loads(aliases))
            for name, aliases in conn.execute("SELECT name, aliases FROM speakers")
        )
    return figures, speakers


@pytest.mark.parametrize("q", ["%", "_", "e%e", "%_%_%_%_%_%_%_%_%_%_", "\\", "\\%", "o_o", "1%"])
def test_like_wildcards_are_literal(big: TestClient, big_db_url: str, q: str) -> None:
    """Unescaped, ``%`` and ``_`` would match every sentence and every name."""
    figures, speakers = _literal_matches(big_db_url, q)
    assert big.get("/v1/figures", params={"q": q, "limit": 1}).json()["total"] == figures
    assert big.get("/v1/speakers", params={"q": q, "limit": 1}).json()["total"] == speakers
    assert figures < big.get("/v1/figures", params={"limit": 1}).json()["total"]


# ---------------------------------------------------------------- the time limit


def test_a_runaway_query_becomes_a_503(big_db_url: str) -> None:
    """The costliest allowed search runs for about half a second; under a limit of a tenth of
    that it is a 503 problem long before it would have finished, and the same app answers
    the next request. (Counts are cached per query: the two runs ask for different prefixes.)"""
    with client_for(big_db_url, 60_000) as free:
        _, unbounded = timed(free, "/v1/search", q=COSTLY_SEARCH.replace("ca*", "pa*"), facet=FACETS)
    assert unbounded > 0.2, f"the crafted query is not slow on this corpus ({unbounded:.2f} s)"
    with client_for(big_db_url, max(10, int(unbounded * 100))) as c:
        response, elapsed = timed(c, "/v1/search", q=COSTLY_SEARCH, facet=FACETS)
        body = assert_problem(response, 503)
        assert "too long" in body["detail"] and response.headers["retry-after"]
        assert c.get("/v1/speakers").status_code == 200
        assert c.get("/v1/search", params={"q": "isis"}).status_code == 200
    assert elapsed < 0.6 * unbounded, (elapsed, unbounded)


def test_a_runaway_query_does_not_stall_the_server(big_db_url: str, tmp_path: Path, monkeypatch: Any) -> None:
    """Against ``coalition serve``: while runaway searches are being stopped, other
    requests keep being answered, and each runaway one ends as a 503 near its limit."""
    # its ranking alone takes about 100 ms (its snippets, once 1.4 s, are made apart: app.queries.snippets)
    monkeypatch.setenv("COALITION_QUERY_TIMEOUT_MS", "50")
    with served(big_db_url, tmp_path / "server.log") as (base, _pid), httpx.Client(base_url=base, timeout=30) as c:

        def runaway(_: int) -> tuple[int, float]:
            start = time.monotonic()
            status = c.get("/v1/search", params={"q": COSTLY_SEARCH, "facet": FACETS}).status_code
            return status, time.monotonic() - start

        with ThreadPoolExecutor(4) as pool:
            slow = pool.map(runaway, range(8))
            quick = []
            for _ in range(20):
                start = time.monotonic()
                assert c.get("/v1/speakers").status_code == 200
                quick.append(time.monotonic() - start)
            outcomes = list(slow)
    assert {status for status, _ in outcomes} == {503}, outcomes
    assert max(elapsed for _, elapsed in outcomes) < 5, outcomes
    assert sorted(quick)[len(quick) // 2] < 1, quick


def test_busy_threads_do_not_trip_the_time_limit(corpus_url: str) -> None:
    """Regression: the deadline check (a Python callback) needed the GIL every ~20 µs of
    SQLite work, so with other threads busy a 20 ms query took past the 2 s limit (503s
    under load). A query of ~2 million VM steps now finishes with 8 threads spinning."""
    app = create_app(Settings(database_url=corpus_url, query_timeout_ms=2000))
    count_to = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT count(*) FROM c"
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            pass

    spinners = [threading.Thread(target=spin) for _ in range(8)]
    for t in spinners:
        t.start()
    try:
        with app.state.engine.connect() as conn:
            assert conn.execute(text(count_to)).scalar() == 100_000
    finally:
        stop.set()
        for t in spinners:
            t.join()
        app.state.engine.dispose()
