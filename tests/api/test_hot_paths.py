"""The hot paths' machinery: fast handlers, inline answers with a budget, caches.

The API tests hold the hot endpoints to the same contract as the others; these tests
check the mechanisms that make them fast keep their promises: a fast handler answers
errors exactly as FastAPI would, an answer over budget on the event loop is computed
again in a thread, a cached computation runs once however many ask at once, and the
loop's connection follows a replaced database.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.api import figures, meetings, search, speakers, statements
from app.api.common import answer
from app.api.hot import HotDispatch, HotRoute, _overlap
from app.config import Settings
from app.ingest.load import alembic_config
from app.main import create_app
from app.queries import figures as fq
from app.queries import raw
from app.queries import statements as q
from app.queries.raw import LoopConnection, OverBudget, Reader
from app.search import engine as search_index
from app.search.build import index_root
from tests.conftest import assert_stored_in_speaker_order

HOT = [
    "/v1/statements",
    "/v1/statements/{statement_id}",
    "/v1/figures",
    "/v1/search",
    "/v1/speakers/{speaker_id}/statements",
    "/v1/meetings/{meeting_id}/statements",
]


def _route(path: str) -> Any:
    routes = [r for module in (statements, figures, search, speakers, meetings) for r in module.router.routes]
    return next(r for r in routes if getattr(r, "path", None) == path)


@pytest.mark.parametrize("path", HOT)
def test_hot_endpoints_use_the_fast_handler(path: str) -> None:
    route = _route(path)
    assert isinstance(route, HotRoute)
    assert route._fast_handler() is not None


def test_other_endpoints_keep_fastapis_handler() -> None:
    route = _route("/v1/figures/{figure_id}")  # a sync endpoint with a session
    assert isinstance(route, HotRoute)
    assert route._fast_handler() is None


@pytest.mark.parametrize(
    ("hot", "plain"),
    [
        ("/v1/statements?limit=0", "/v1/documents?limit=0"),
        ("/v1/figures?offset=-1", "/v1/speakers?offset=-1"),
        ("/v1/statements?date_from=2020-13-01", "/v1/meetings?date_from=2020-13-01"),
    ],
)
def test_fast_handlers_answer_bad_values_like_fastapi(client: TestClient, hot: str, plain: str) -> None:
    a, b = client.get(hot), client.get(plain)
    assert a.status_code == b.status_code == 422
    assert a.headers["content-type"] == b.headers["content-type"]
    assert a.json()["errors"] == b.json()["errors"]


def test_fast_handlers_refuse_unknown_parameters(client: TestClient) -> None:
    body = client.get("/v1/statements", params={"speakr": "x"}).json()
    assert body["status"] == 400 and body["errors"][0]["parameter"] == "speakr"


def test_an_answer_over_budget_is_computed_again_in_a_thread(app: FastAPI) -> None:
    reader = Reader(app.state.engine)
    threads: list[int] = []

    def work() -> int:
        threads.append(threading.get_ident())
        if reader.on_budget:
            raise OverBudget("too slow for the event loop")
        return 42

    try:
        assert asyncio.run(answer(reader, work)) == 42
    finally:
        reader.close()
    if reader.dialect.inline:
        assert len(threads) == 2 and threads[0] != threads[1]
    else:  # PostgreSQL cannot interrupt a statement from the loop: every answer goes to a thread
        assert len(threads) == 1 and threads[0] != threading.get_ident()


def test_a_cached_value_is_computed_once_for_concurrent_askers(app: FastAPI) -> None:
    raw.clear_cache()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.1)
        return 7

    results: list[int] = []

    def ask() -> None:
        with Reader(app.state.engine) as reader:
            results.append(raw.cached(reader, "the-same-key", slow))

    threads = [threading.Thread(target=ask) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [7] * 5
    assert len(calls) == 1


def test_remembered_values_are_computed_once_per_id_and_forgotten_past_the_limit(app: FastAPI) -> None:
    raw.clear_cache()
    asked: list[list[int]] = []

    def compute(missing: list[int]) -> dict[int, str]:
        asked.append(sorted(missing))
        return {i: f"v{i}" for i in missing}

    with Reader(app.state.engine) as reader:
        assert raw.remembered(reader, "test", [1, 2, None, 2], compute, limit=4) == {1: "v1", 2: "v2"}
        assert raw.remembered(reader, "test", [2, 3], compute, limit=4) == {2: "v2", 3: "v3"}
        assert asked == [[1, 2], [3]]  # only the ids not yet known
        raw.remembered(reader, "test", [4, 5], compute, limit=4)  # past the limit: all forgotten
        assert raw.remembered(reader, "test", [1], compute, limit=4) == {1: "v1"}
        assert asked[-1] == [1]


def test_a_figure_page_embeds_items_rendered_once(client: TestClient, app: FastAPI) -> None:
    raw.clear_cache()
    params = {"sort": "-value", "limit": 20}
    cold = client.get("/v1/figures", params=params).json()
    warm = client.get("/v1/figures", params=params).json()
    assert warm == cold and len(warm["items"]) == 20
    with Reader(app.state.engine) as reader:  # what the page embeds is what the rows give
        ids = [item["id"] for item in warm["items"]]
        rows = reader.all(f"SELECT {fq._COLUMNS} FROM figures f WHERE f.id IN ({raw.placeholders(ids)})", ids)
        built = {item["id"]: item for item in fq._to_items(reader, rows)}
    assert warm["items"] == [built[i] for i in ids]


def test_a_statements_figures_are_its_figure_rows_in_text_order(client: TestClient, app: FastAPI) -> None:
    """A detail embeds the figure list's rendered items: cold or warm, they are its own
    figures' rows, in text order, each naming the statement, its speaker and meeting."""
    with Reader(app.state.engine) as reader:
        ids = [sid for (sid,) in reader.all("SELECT id FROM statements WHERE figure_count > 0 ORDER BY id")]
        rows = reader.all(f"SELECT {fq._COLUMNS}, f.start FROM figures f ORDER BY f.statement_id, f.start, f.id")
        built = fq._to_items(reader, [row[:-1] for row in rows])
    expected: dict[str, list[dict[str, Any]]] = {}
    for figure in built:
        expected.setdefault(figure["statement_id"], []).append(figure)
    assert len(ids) > 5
    raw.clear_cache()
    for _ in ("cold", "warm"):
        for sid in ids:
            detail = client.get(f"/v1/statements/{sid}").json()
            refs = {"speaker": detail["speaker"], "meeting": detail["meeting"]}
            statement = {"id": sid, "kind": detail["kind"], "title": detail["title"]}
            assert detail["figures"] == expected[sid]
            assert all(f | refs | {"statement": statement} == f for f in detail["figures"])


def test_a_reader_on_budget_does_not_wait_for_another_computation(app: FastAPI) -> None:
    raw.clear_cache()
    started, release = threading.Event(), threading.Event()

    def blocking() -> int:
        started.set()
        release.wait(5)
        return 1

    def first() -> None:
        with Reader(app.state.engine) as reader:
            raw.cached(reader, "busy-key", blocking)

    thread = threading.Thread(target=first)
    thread.start()
    started.wait(5)
    try:
        with Reader(app.state.engine) as reader, reader.budget(1.0), pytest.raises(OverBudget):
            raw.cached(reader, "busy-key", lambda: 2)
    finally:
        release.set()
        thread.join()


def test_the_loop_connection_is_taken_again_after_a_dispose(app: FastAPI) -> None:
    loop = LoopConnection(app.state.engine)
    first = loop.get()
    assert loop.get() is first
    app.state.engine.dispose()  # what DataVersion does when the file is replaced
    second = loop.get()
    assert second is not first
    assert second.driver_connection.execute("SELECT 1").fetchone() == (1,)


# --------------------------------------------------------------------------- dispatch

TwoWays = tuple[TestClient, TestClient, list[str]]

DISPATCHED = [
    "/v1/statements?limit=3",
    "/v1/statements?speaker=antony-j-blinken&sort=-date&limit=5",
    "/v1/statements?facet=speaker&facet=kind&limit=2",
    "/v1/statements?format=csv&limit=5",
    "/v1/statements?limit=0",  # 422
    "/v1/statements?speakr=x",  # 400
    "/v1/statements?kind=%00",  # 422 (NUL)
    "/v1/statements/{statement}",
    "/v1/statements/0000000000000000",  # 404
    "/v1/figures?unit=USD&sort=-value&limit=5",
    "/v1/figures?min_value=abc",  # 422
    "/v1/search?q=humanitarian&limit=3",
    "/v1/speakers/antony-j-blinken/statements?limit=2",
    "/v1/meetings/nothing-here/statements",  # 404
]


@pytest.fixture(scope="module")
def two_ways(app: FastAPI) -> TwoWays:
    """A client through the hot dispatch, one through FastAPI's router, and the paths the
    dispatch answered itself."""
    dispatch = app.build_middleware_stack()
    while not isinstance(dispatch, HotDispatch):  # under the outer middleware (the access log)
        dispatch = dispatch.app
    answered: list[str] = []

    def counted(stack: Any) -> Any:
        async def counting(scope: Any, receive: Any, send: Any) -> None:
            answered.append(scope["path"])
            await stack(scope, receive, send)

        return counting

    dispatch.hot, dispatch.plain = counted(dispatch.hot), counted(dispatch.plain)

    async def through_dispatch(scope: Any, receive: Any, send: Any) -> None:
        scope["app"] = app
        await dispatch(scope, receive, send)

    async def through_router(scope: Any, receive: Any, send: Any) -> None:
        scope["app"] = app
        await dispatch.full(scope, receive, send)

    return TestClient(through_dispatch), TestClient(through_router), answered


@pytest.mark.parametrize("url", DISPATCHED)
def test_the_hot_dispatch_answers_as_the_router_does(client: TestClient, two_ways: TwoWays, url: str) -> None:
    if "{statement}" in url:
        url = url.format(statement=client.get("/v1/statements?limit=1").json()["items"][0]["id"])
    fast, slow, answered = two_ways
    before = len(answered)
    for headers in ({}, {"Origin": "https://example.org", "Accept-Encoding": "gzip"}):
        a, b = fast.get(url, headers=headers), slow.get(url, headers=headers)
        assert (a.status_code, a.content) == (b.status_code, b.content)
        assert sorted(a.headers.items()) == sorted(b.headers.items())
    assert len(answered) == before + 2, "the dispatch left this URL to the router"


def test_the_hot_dispatch_leaves_other_requests_to_the_router(two_ways: TwoWays) -> None:
    fast, slow, answered = two_ways
    before = len(answered)
    preflight = {"Origin": "https://x.org", "Access-Control-Request-Method": "GET"}
    for method, url, headers in [
        ("HEAD", "/v1/statements?limit=1", {}),
        ("GET", "/v1/documents?limit=1", {}),
        ("GET", "/v1/statements/", {}),
        ("OPTIONS", "/v1/statements", preflight),
    ]:
        a = fast.request(method, url, headers=headers, follow_redirects=False)
        b = slow.request(method, url, headers=headers, follow_redirects=False)
        assert (a.status_code, a.content) == (b.status_code, b.content)
    assert len(answered) == before


def test_a_route_declared_earlier_keeps_its_paths() -> None:
    assert _overlap("/v1/statements/{statement_id}", "/v1/statements/export")
    assert _overlap("/v1/x/{a}/y", "/v1/x/{b}/{c}")
    assert not _overlap("/v1/statements/{statement_id}", "/v1/statements/{statement_id}/figures")
    assert not _overlap("/v1/figures", "/v1/statements")


# --------------------------------------------------------------------------- stored items


def test_the_stored_list_items_are_the_items_the_api_builds(app: FastAPI) -> None:
    with Reader(app.state.engine) as reader:
        assert q.has_rendered(reader)
        rows = reader.all(f"SELECT {q.LIST_COLUMNS} FROM statements s ORDER BY s.id")
        built = q._items_maker(full_text=False, with_figures=False)(reader, rows)
        stored = dict(reader.all("SELECT statement_id, item FROM statement_items"))
    assert len(stored) == len(built) > 0
    for item in built:
        assert orjson.loads(stored[item["id"]]) == item


def test_items_keyed_by_id_are_not_joined_by_rowid_and_the_migration_moves_them(
    corpus_url: str, tmp_path: Path
) -> None:
    """A file built before the items took their statements' rowids (revision c4e7a1d9b205)
    answers the same, building its items per request; migrated, it joins them again."""
    old = tmp_path / "old.db"
    shutil.copy(corpus_url.removeprefix("sqlite:///"), old)
    urls = ["/v1/statements?speaker=rex-w-tillerson&sort=-date&limit=3", "/v1/statements?kind=remarks&offset=2"]
    with TestClient(create_app(Settings(database_url=corpus_url))) as current:
        urls += [f"/v1/statements/{i['id']}" for i in current.get("/v1/statements?has_figures=true").json()["items"]]
        expected = [current.get(url).json() for url in urls]
    engine = create_engine(f"sqlite:///{old}")
    for revision, joined in (("9a4f2c6e1d83", False), ("head", True)):
        with engine.begin() as conn:
            migrate = command.downgrade if revision != "head" else command.upgrade
            migrate(alembic_config(conn), revision)
        app = create_app(Settings(database_url=f"sqlite:///{old}"))
        with Reader(app.state.engine) as reader:
            assert q.has_rendered(reader) is joined
        with TestClient(app) as client:
            assert [client.get(url).json() for url in urls] == expected
    engine.dispose()
    assert_stored_in_speaker_order(old)


_SEARCHES = [
    "/v1/search?q=coalition&limit=5",
    "/v1/search?q=%22the%20coalition%22&limit=3&offset=2",
    "/v1/search?q=coalition&kind=remarks",
    "/v1/statements?q=coalition&sort=-date&limit=4",
]


@pytest.mark.parametrize("indexed", [True, False], ids=["search index", "FTS5"])
def test_a_database_without_stored_items_answers_the_same(corpus_url: str, tmp_path: Path, indexed: bool) -> None:
    """Pages and search hits embed the stored items; built per request they are the same."""
    source = Path(corpus_url.removeprefix("sqlite:///"))
    assert index_root(source).is_dir()
    copies = []
    for name in ("stored.db", "bare.db"):
        copy = tmp_path / name
        shutil.copy(source, copy)
        if indexed:
            shutil.copytree(index_root(source), index_root(copy))
        copies.append(copy)
    with sqlite3.connect(copies[1]) as conn:
        conn.execute("DELETE FROM statement_items")
    urls = ["/v1/statements?limit=4", "/v1/statements?sort=-date&limit=3&offset=2", "/v1/statements?kind=remarks"]
    urls += _SEARCHES
    with TestClient(create_app(Settings(database_url=f"sqlite:///{copies[0]}"))) as stored:
        urls += [f"/v1/statements/{i['id']}" for i in stored.get("/v1/statements?limit=100").json()["items"]]
        expected = [stored.get(url).json() for url in urls]
        assert all(expected[urls.index(url)]["items"] for url in _SEARCHES)
        with Reader(stored.app.state.engine) as reader:  # type: ignore[attr-defined]
            assert (search_index.index_for(reader) is not None) is indexed
    with TestClient(create_app(Settings(database_url=f"sqlite:///{copies[1]}"))) as built:
        assert [built.get(url).json() for url in urls] == expected
