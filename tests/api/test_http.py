"""HTTP behaviour: caching, headers, errors as problem+json, read-only, limits, OpenAPI."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from opentelemetry import trace
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import app.queries.stats as stats_queries
from app.config import Settings
from app.main import create_app

from .helpers import assert_problem

POMPEO = "michael-r-pompeo"
READ_ONLY = r"readonly|read-only|query_only"


# ---------------------------------------------------------------- caching and headers


def test_etag_and_304(client: TestClient) -> None:
    first = client.get("/v1/statements", params={"speaker": POMPEO})
    etag = first.headers["etag"]
    version = client.get("/v1/stats").json()["data_version"]
    assert version in etag and first.headers["x-data-version"] == version
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = client.get("/v1/statements", params={"speaker": POMPEO}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    listed = client.get("/v1/statements", params={"speaker": POMPEO}, headers={"If-None-Match": f'"x", {etag}'})
    assert listed.status_code == 304
    other = client.get("/v1/statements", params={"speaker": "jens-stoltenberg"})
    assert other.headers["etag"] != etag
    csv = client.get("/v1/statements", params={"speaker": POMPEO}, headers={"Accept": "text/csv"})
    assert csv.headers["etag"] != etag
    stale = client.get("/v1/statements", params={"speaker": POMPEO}, headers={"If-None-Match": 'W/"old-build-1"'})
    assert stale.status_code == 200


def test_every_get_names_the_data_version(client: TestClient) -> None:
    version = client.get("/v1/stats").json()["data_version"]
    assert version
    for url in ("/v1/speakers", f"/v1/speakers/{POMPEO}", "/v1/search?q=isis", "/v1/nope", "/health"):
        response = client.get(url)
        assert response.headers["x-data-version"] == version, url
        assert response.headers["x-content-type-options"] == "nosniff", url


def test_errors_are_not_cached(client: TestClient) -> None:
    response = client.get("/v1/speakers/nobody")
    assert "etag" not in response.headers
    assert response.headers["cache-control"] == "no-store"


def test_gzip_for_large_bodies(client: TestClient) -> None:
    big = client.get("/v1/statements", params={"include": "text"}, headers={"Accept-Encoding": "gzip"})
    assert big.headers.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in big.headers["vary"]
    small = client.get("/health", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


def test_cors_is_open_for_get(client: TestClient) -> None:
    response = client.get("/v1/speakers", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "ETag" in response.headers["access-control-expose-headers"]
    preflight = client.options(
        "/v1/speakers",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200


@pytest.mark.parametrize("origin", [None, "https://example.org"])
def test_every_answer_varies_with_accept_encoding_and_origin_once(client: TestClient, origin: str | None) -> None:
    """Without an Origin the CORS middleware is skipped and the caching headers say
    ``Vary: Origin`` themselves; with one, CORS adds it: either way each token once."""
    headers = {"Origin": origin} if origin else {}
    etag = client.get("/v1/statements").headers["etag"]
    answers = [
        client.get("/v1/statements", headers=headers),
        client.get("/v1/statements", headers={**headers, "If-None-Match": etag}),
        client.get("/v1/statements", params={"include": "text"}, headers={**headers, "Accept-Encoding": "gzip"}),
        client.get("/v1/speakers/nobody", headers=headers),
        client.get("/health", headers=headers),
    ]
    assert [a.status_code for a in answers] == [200, 304, 200, 404, 200]
    assert answers[2].headers["content-encoding"] == "gzip"
    for answer in answers:
        tokens = [t.strip() for t in answer.headers["vary"].split(",")]
        assert sorted(tokens) == ["Accept", "Accept-Encoding", "Origin"], answer.headers["vary"]
        assert ("access-control-allow-origin" in answer.headers) is (origin is not None)


def test_cors_origins_are_configurable(api_db_url: str) -> None:
    app = create_app(Settings(database_url=api_db_url, cors_origins=["https://ok.example"]))
    with TestClient(app) as c:
        denied = c.get("/v1/speakers", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in denied.headers
        allowed = c.get("/v1/speakers", headers={"Origin": "https://ok.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://ok.example"


# ---------------------------------------------------------------- problem+json


def test_unknown_parameter_is_a_400_naming_it_and_the_accepted_ones(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/statements", params={"speakr": POMPEO}), 400, "speakr")
    assert "speaker" in body["detail"] and "date_from" in body["detail"]
    assert_problem(client.get(f"/v1/speakers/{POMPEO}", params={"include": "x"}), 400, "include")
    assert_problem(client.get("/v1/stats", params={"verbose": 1}), 400, "verbose")


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/v1/statements", {"date_from": "14/11/2019"}, "date_from"),
        ("/v1/statements", {"date_to": "2019-02-30"}, "date_to"),
        ("/v1/statements", {"date_from": "1573689600"}, "date_from"),
        ("/v1/statements", {"date_from": "2019-12-01", "date_to": "2019-01-01"}, "date_to"),
        ("/v1/statements", {"limit": 0}, "limit"),
        ("/v1/statements", {"limit": 501}, "limit"),
        ("/v1/statements", {"offset": -1}, "offset"),
        ("/v1/statements", {"kind": "speech"}, "kind"),
        ("/v1/statements", {"has_figures": "maybe"}, "has_figures"),
        ("/v1/statements", {"sort": "speaker"}, "sort"),
        ("/v1/statements", {"sort": "relevance"}, "sort"),
        ("/v1/statements", {"facet": "color"}, "facet"),
        ("/v1/statements", {"include": "everything"}, "include"),
        ("/v1/statements", {"format": "xml"}, "format"),
        ("/v1/statements", {"q": "x" * 501}, "q"),
        ("/v1/statements", {"q": ""}, "q"),
        ("/v1/figures", {"min_value": 10, "max_value": 1}, "max_value"),
        ("/v1/figures", {"min_value": "lots"}, "min_value"),
        ("/v1/meetings", {"year": "last"}, "year"),
        ("/v1/search", {}, "q"),
        ("/v1/search", {"q": "x" * 501}, "q"),
    ],
)
def test_bad_values_are_a_422_naming_the_parameter(
    client: TestClient, path: str, params: dict[str, Any], parameter: str
) -> None:
    assert_problem(client.get(path, params=params), 422, parameter)


@pytest.mark.parametrize(
    "q",
    [
        '"unclosed',
        "coalition OR",
        "OR coalition",
        "(coalition",
        "coalition)",
        "()",
        "*",
        "AND",
        "NOT coalition",
        "coalition NOT",
        "a OR OR b",
    ],
)
def test_malformed_search_is_a_422_never_a_500(client: TestClient, q: str) -> None:
    for path in ("/v1/search", "/v1/statements"):
        assert_problem(client.get(path, params={"q": q}), 422, "q")


@pytest.mark.parametrize(
    "q",
    [
        "al-Baghdadi",
        "ISIS/Da'esh",
        "$1.2 billion",
        "stabiliz*",
        '"foreign fighters"',
        "Tanf OR Mosul",
        "(Iraq OR Syria) NOT Mosul",
        "title:isis",
        "NEAR(isis coalition)",
        "^isis",
        "isis*coalition",
        "naïve café",
        "'",
        "-",
        "c++",
    ],
)
def test_odd_search_input_is_handled(client: TestClient, q: str) -> None:
    response = client.get("/v1/search", params={"q": q})
    assert response.status_code == 200, response.text
    for hit in response.json()["items"]:
        assert "<script" not in hit["snippet"]


def test_search_syntax_works(client: TestClient) -> None:
    def ids(q: str) -> set[str]:
        return {h["statement"]["id"] for h in client.get("/v1/search", params={"q": q, "limit": 500}).json()["items"]}

    iraq, syria = ids("iraq"), ids("syria")
    assert ids("iraq OR syria") == iraq | syria
    assert ids("iraq syria") == iraq & syria == ids("iraq AND syria")
    assert ids("iraq NOT syria") == iraq - syria
    assert ids("stabil*") >= ids("stabilization") | ids("stability")
    assert ids("stabil*") - ids("stabilization") - ids("stability") <= ids("stabil*")
    assert ids('"enduring defeat"') <= ids("enduring defeat")


def test_snippets_highlight_matches(client: TestClient) -> None:
    hits = client.get("/v1/search", params={"q": "caliphate"}).json()["items"]
    assert hits
    for hit in hits:
        marked = re.findall(r"<mark>(.*?)</mark>", hit["snippet"])
        if marked:
            assert all(m.lower().startswith("caliphate") for m in marked)
    assert any("<mark>" in h["snippet"] for h in hits)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/statements/0000000000000000",
        "/v1/speakers/nobody",
        "/v1/meetings/nowhere",
        "/v1/figures/none",
        "/v1/documents/ffffffffffffffff",
        "/v1/speakers/nobody/statements",
        "/v1/meetings/nowhere/statements",
        "/v1/nothing-here",
    ],
)
def test_unknown_ids_are_404_problems(client: TestClient, path: str) -> None:
    assert_problem(client.get(path), 404)


def test_wrong_method_is_a_problem(client: TestClient) -> None:
    assert_problem(client.post("/v1/statements"), 405)


def test_unexpected_errors_leak_nothing(api_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(_session: Session) -> None:
        raise RuntimeError("secret /etc/passwd SELECT * FROM users")

    monkeypatch.setattr(stats_queries, "stats", boom)
    with TestClient(create_app(Settings(database_url=api_db_url)), raise_server_exceptions=False) as c:
        response = c.get("/v1/stats")
        body = assert_problem(response, 500)
        assert "secret" not in response.text and "passwd" not in response.text
        assert body["detail"] == "An unexpected error."


# ---------------------------------------------------------------- database guards


def test_the_api_engine_cannot_write(app: FastAPI) -> None:
    for sql in ("DELETE FROM meta", "CREATE TABLE x (y INT)", "UPDATE speakers SET name = 'x'"):
        with app.state.engine.connect() as conn, pytest.raises(DBAPIError, match=READ_ONLY):
            conn.execute(text(sql))
    with app.state.session_factory() as session:
        assert session.scalar(text("SELECT count(*) FROM meta")) > 0


def test_slow_queries_become_503(api_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(session: Session) -> None:
        session.execute(
            text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
        ).all()

    monkeypatch.setattr(stats_queries, "stats", slow)
    app = create_app(Settings(database_url=api_db_url, query_timeout_ms=50))
    with TestClient(app) as c:
        body = assert_problem(c.get("/v1/stats"), 503)
        assert "too long" in body["detail"]
        assert c.get("/v1/speakers").status_code == 200  # the connection is still usable


def test_missing_database_is_not_ready(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path}/absent.db"))
    with TestClient(app) as c:
        health = c.get("/health")
        assert health.status_code == 503
        assert health.json() == {"status": "unavailable", "database": False, "data_version": None}
        assert_problem(c.get("/v1/statements"), 503)
    assert not (tmp_path / "absent.db").exists(), "the API must not create the database"


def test_health_when_ready(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["database"] is True and body["data_version"]


def test_stats_describe_the_corpus(client: TestClient) -> None:
    stats = client.get("/v1/stats").json()
    for name in ("statements", "speakers", "meetings", "figures", "documents"):
        assert stats["counts"][name] == client.get(f"/v1/{name}", params={"limit": 1}).json()["total"]
    dates = [r["date"] for r in client.get("/v1/statements", params={"limit": 500}).json()["items"] if r["date"]]
    assert (stats["first_date"], stats["last_date"]) == (min(dates), max(dates))


# ---------------------------------------------------------------- OpenAPI


def test_openapi_is_complete(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    assert set(ids) == {
        "listStatements",
        "getStatement",
        "listSpeakers",
        "getSpeaker",
        "listSpeakerStatements",
        "listMeetings",
        "getMeeting",
        "listMeetingStatements",
        "listFigures",
        "getFigure",
        "listMetrics",
        "getMetric",
        "listMetricSeries",
        "getMetricChart",
        "listDocuments",
        "getDocument",
        "searchStatements",
        "getStats",
        "getHealth",
    }
    for op in operations:
        assert op["tags"] and op.get("summary") and op.get("description"), op["operationId"]
        for param in op.get("parameters", []):
            assert param.get("description"), (op["operationId"], param["name"])
    lists = spec["paths"]["/v1/statements"]["get"]["responses"]["200"]["content"]
    assert lists["application/json"]["schema"]["$ref"].endswith("/StatementPage")
    assert {"text/csv", "application/x-ndjson"} <= set(lists)
    page = spec["components"]["schemas"]["StatementPage"]
    assert {"items", "total", "limit", "next", "facets"} <= set(page["properties"])
    assert (
        "application/problem+json"
        in spec["paths"]["/v1/statements/{statement_id}"]["get"]["responses"]["404"]["content"]
    )


def test_openapi_examples_work(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()

    def example(param: dict[str, Any]) -> Any:
        return (param["schema"].get("examples") or [None])[0]

    for path, item in spec["paths"].items():
        params = item["get"].get("parameters", [])
        url = path
        for p in params:
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", example(p))
        query = {p["name"]: example(p) for p in params if p["in"] == "query" and example(p)}
        required = {p["name"]: example(p) for p in params if p["in"] == "query" and p["required"]}
        assert client.get(url, params=required).status_code == 200, url
        for name, value in query.items():  # each example on its own finds something
            response = client.get(url, params={**required, name: value})
            assert response.status_code == 200, (url, name, response.text)
            if "items" in response.json() and "{" not in path:
                assert response.json()["items"], (url, name, value)


def test_concurrent_requests_share_the_pool_safely(app: FastAPI) -> None:
    """Regression: a SingletonThreadPool closed connections in use and crashed the server."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy.pool import SingletonThreadPool

    assert not isinstance(app.state.engine.pool, SingletonThreadPool)

    def work(_: int) -> int:
        with app.state.session_factory() as session:
            return len(session.execute(text("SELECT * FROM statements")).all())

    with ThreadPoolExecutor(24) as pool:
        assert len(set(pool.map(work, range(240)))) == 1


class _RecordingTracer(trace.NoOpTracer):
    def __init__(self, spans: list[str]) -> None:
        self.spans = spans

    def start_span(self, name: str, *args: Any, **kwargs: Any) -> trace.Span:
        self.spans.append(name)
        return super().start_span(name, *args, **kwargs)


class _RecordingProvider(trace.TracerProvider):
    def __init__(self) -> None:
        self.spans: list[str] = []

    def get_tracer(self, *_args: Any, **_kwargs: Any) -> trace.Tracer:
        return _RecordingTracer(self.spans)


@pytest.mark.parametrize(
    ("configured", "setting", "traced"),
    [
        pytest.param(True, None, True, id="provider-set-before-start"),
        pytest.param(False, None, False, id="nothing-to-send-to"),
        pytest.param(True, False, False, id="turned-off"),
    ],
)
def test_requests_are_traced_when_opentelemetry_is_set_up(
    api_db_url: str, monkeypatch: pytest.MonkeyPatch, configured: bool, setting: bool | None, traced: bool
) -> None:
    """FastAPI's tracing is decided once, when the app is built (not asked per request)."""
    provider = _RecordingProvider()
    if configured:
        monkeypatch.setattr(trace, "get_tracer_provider", lambda: provider)
    with TestClient(create_app(Settings(database_url=api_db_url, telemetry=setting))) as client:
        assert client.get("/v1/statements?limit=1").status_code == 200
    assert bool(provider.spans) is traced
