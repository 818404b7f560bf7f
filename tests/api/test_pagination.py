"""Every list, every sort: walking the pages yields every row exactly once, in order."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .helpers import assert_problem, get_all, walk

POMPEO = "michael-r-pompeo"
SGM = "2019-11-14-washington-small-group-ministerial"

# (path, sort values)
LISTS: list[tuple[str, list[str | None]]] = [
    ("/v1/statements", [None, "date", "-date"]),
    ("/v1/speakers", [None, "name", "-statement_count"]),
    ("/v1/meetings", [None, "date", "-date"]),
    ("/v1/figures", [None, "value", "-value", "date", "-date"]),
    ("/v1/documents", [None, "published", "-published", "title"]),
    (f"/v1/speakers/{POMPEO}/statements", [None, "-date"]),
    (f"/v1/meetings/{SGM}/statements", [None, "date"]),
]
CASES = [(path, sort) for path, sorts in LISTS for sort in sorts]
SEARCH_CASES = [("/v1/search", {"q": "ISIS"}), ("/v1/statements", {"q": "ISIS", "sort": "relevance"})]


def _key(item: dict[str, Any]) -> str:
    return item["statement"]["id"] if "snippet" in item else item["id"]


def _params(sort: str | None, **extra: Any) -> dict[str, Any]:
    return {**({"sort": sort} if sort else {}), **extra}


@pytest.mark.parametrize(("path", "sort"), CASES)
def test_cursor_walk_yields_every_row_once(client: TestClient, path: str, sort: str | None) -> None:
    everything = get_all(client, path, **_params(sort))
    walked = walk(client, path, **_params(sort, limit=2))
    ids = [_key(i) for i in walked]
    assert len(ids) == len(set(ids))
    assert ids == [_key(i) for i in everything]


@pytest.mark.parametrize(("path", "params"), SEARCH_CASES)
def test_search_walk_yields_every_row_once(client: TestClient, path: str, params: dict[str, Any]) -> None:
    everything = get_all(client, path, **params)
    assert everything, "the corpus mentions ISIS"
    walked = walk(client, path, **params, limit=2)
    assert [_key(i) for i in walked] == [_key(i) for i in everything]


@pytest.mark.parametrize(("path", "sort"), CASES)
def test_offset_pages_match_the_cursor_order(client: TestClient, path: str, sort: str | None) -> None:
    everything = [_key(i) for i in get_all(client, path, **_params(sort))]
    paged: list[str] = []
    for offset in range(0, len(everything) + 3, 3):
        body = client.get(path, params=_params(sort, limit=3, offset=offset)).json()
        paged.extend(_key(i) for i in body["items"])
    assert paged == everything


def test_past_the_end_is_an_empty_page(client: TestClient) -> None:
    body = client.get("/v1/statements", params={"offset": 10_000}).json()
    assert body["items"] == [] and body["next"] is None and body["total"] > 0


def test_default_limit_and_envelope(client: TestClient) -> None:
    body = client.get("/v1/figures").json()
    assert set(body) == {"items", "total", "limit", "next", "facets"}
    assert body["limit"] == 50
    assert body["facets"] is None
    assert len(body["items"]) == min(50, body["total"])


def _sort_value(item: dict[str, Any], field: str) -> Any:
    return item[field]


@pytest.mark.parametrize(
    ("path", "sort", "field"),
    [
        ("/v1/statements", "date", "date"),
        ("/v1/statements", "-date", "date"),
        ("/v1/figures", "value", "value"),
        ("/v1/figures", "-value", "value"),
        ("/v1/figures", "date", "date"),
        ("/v1/meetings", "-date", "date"),
        ("/v1/documents", "published", "published"),
        ("/v1/speakers", "-statement_count", "statement_count"),
        ("/v1/speakers", "name", "name"),
    ],
)
def test_sorts_order_rows_with_nulls_last(client: TestClient, path: str, sort: str, field: str) -> None:
    values = [i[field] for i in get_all(client, path, sort=sort)]
    present = [v for v in values if v is not None]
    assert values[: len(present)] == present, "nulls come last"
    assert present == sorted(present, reverse=sort.startswith("-"))


def test_ties_are_broken_by_id(client: TestClient) -> None:
    items = get_all(client, "/v1/statements", sort="date")
    for a, b in itertools.pairwise(items):
        if a["date"] == b["date"]:
            assert a["id"] < b["id"]


def test_relevance_sort_matches_search(client: TestClient) -> None:
    listed = [i["id"] for i in get_all(client, "/v1/statements", q="stabilization")]
    searched = [h["statement"]["id"] for h in get_all(client, "/v1/search", q="stabilization")]
    assert listed == searched
    scores = [h["score"] for h in get_all(client, "/v1/search", q="stabilization")]
    assert scores == sorted(scores, reverse=True)


def test_id_fetches_many_records(client: TestClient) -> None:
    for path in ("/v1/statements", "/v1/speakers", "/v1/meetings", "/v1/figures", "/v1/documents"):
        everything = get_all(client, path)
        wanted = sorted(i["id"] for i in everything[:3])
        got = get_all(client, path, id=wanted)
        assert sorted(i["id"] for i in got) == wanted


def test_cursor_is_opaque_and_checked(client: TestClient) -> None:
    first = client.get("/v1/figures", params={"limit": 1, "sort": "value"}).json()
    cursor = first["next"].split("cursor=")[1]
    assert_problem(client.get("/v1/figures", params={"cursor": cursor, "sort": "date"}), 422, "cursor")
    assert_problem(client.get("/v1/figures", params={"cursor": "not-a-cursor"}), 422, "cursor")
    assert_problem(client.get("/v1/figures", params={"cursor": "bm90IGpzb24"}), 422, "cursor")
    assert_problem(
        client.get("/v1/figures", params={"cursor": cursor, "offset": 2, "sort": "value"}),
        422,
        "cursor",
    )
