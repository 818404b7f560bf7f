"""No N+1: the number of SQL statements per request does not grow with the page size.

Totals, facet counts and the speaker, meeting and statement references of list items
are cached per data version, so the first request for a filter set counts (and looks up
the references its items name) and later ones do not. The caches are module-wide, shared
by every app of the run, so each test starts from empty caches and asks each page once
before counting it: the counts then depend on neither test order nor which earlier
request happened to see which items (nor on a warm-up that a loaded server timed out).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.middleware import DataVersion
from app.queries import raw

from .conftest import QueryCounter

CASES: list[tuple[str, dict[str, Any], int]] = [
    # path, params, most statements allowed (count + page + selectin loads)
    ("/v1/statements", {}, 3),
    ("/v1/statements", {"include": "figures"}, 4),
    ("/v1/statements", {"q": "coalition"}, 3),
    ("/v1/search", {"q": "coalition"}, 3),
    ("/v1/speakers", {}, 2),
    ("/v1/meetings", {}, 3),
    ("/v1/figures", {}, 2),
    ("/v1/documents", {}, 2),
    ("/v1/speakers/michael-r-pompeo/statements", {}, 4),
]


@pytest.mark.parametrize(("path", "params", "most"), CASES)
def test_queries_per_request_are_constant(
    client: TestClient, count_queries: QueryCounter, path: str, params: dict[str, Any], most: int
) -> None:
    raw.clear_cache()
    client.get("/health")  # warm-up: the data version is read once per database file
    counts = []
    for limit in (1, 500):
        client.get(path, params={**params, "limit": limit})  # warm-up: the total and the references
        count_queries.statements.clear()
        assert client.get(path, params={**params, "limit": limit}).status_code == 200
        counts.append(count_queries.count)
    assert counts[0] == counts[1] <= most, count_queries.statements


def test_each_facet_costs_one_query_once(client: TestClient, count_queries: QueryCounter) -> None:
    raw.clear_cache()
    client.get("/v1/figures", params={"limit": 500})
    count_queries.statements.clear()
    client.get("/v1/figures", params={"limit": 500})
    base = count_queries.count  # the page alone: the total is cached
    facets = {"limit": 500, "facet": ["unit", "speaker", "year"]}
    count_queries.statements.clear()
    client.get("/v1/figures", params=facets)
    assert count_queries.count == base + 3
    count_queries.statements.clear()
    client.get("/v1/figures", params=facets)
    assert count_queries.count == base  # facet counts are cached for the data version


def test_a_figure_page_reads_ids_and_sort_keys_once_its_items_are_rendered(
    client: TestClient, count_queries: QueryCounter
) -> None:
    raw.clear_cache()
    params = {"unit": "USD", "sort": "-value", "limit": 50}
    client.get("/v1/figures", params=params)  # renders the page's items, counts the result
    count_queries.statements.clear()
    assert client.get("/v1/figures", params=params).status_code == 200
    assert len(count_queries.statements) == 1, count_queries.statements
    assert "sentence" not in count_queries.statements[0]


def test_details_load_everything_in_a_few_queries(client: TestClient, count_queries: QueryCounter) -> None:
    statement = client.get("/v1/statements", params={"has_figures": "true", "limit": 1}).json()["items"][0]
    raw.clear_cache()
    count_queries.statements.clear()
    assert client.get(f"/v1/statements/{statement['id']}").status_code == 200
    # the row with its stored item (which names its speaker, meeting and sources) and its
    # figures' ids, then those figures rendered as the figure list renders them (one query
    # by id, and the speaker, meeting and statement references they name, none cached yet)
    assert count_queries.count <= 5, count_queries.statements
    count_queries.statements.clear()
    assert client.get(f"/v1/statements/{statement['id']}").status_code == 200
    # the references and the rendered figures are remembered: the row alone
    assert count_queries.count == 1, count_queries.statements
    assert not any("sentence" in sql for sql in count_queries.statements)


def test_a_304_runs_no_query(client: TestClient, count_queries: QueryCounter) -> None:
    etag = client.get("/v1/statements").headers["etag"]
    count_queries.statements.clear()
    assert client.get("/v1/statements", headers={"If-None-Match": etag}).status_code == 304
    assert count_queries.count == 0


def test_checking_the_data_version_is_not_a_query_of_the_request(
    client: TestClient, count_queries: QueryCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The served version is read again when the file changes (SQLite) or every few
    seconds (PostgreSQL, where there is no file to watch): the request that happens to
    come then must not count that read as one of its own (it made this test flaky)."""
    ticks = itertools.count()
    monkeypatch.setattr(DataVersion, "_identity", lambda _self: ("changed", next(ticks)))
    raw.clear_cache()
    client.get("/v1/documents", params={"limit": 1})
    count_queries.statements.clear()
    assert client.get("/v1/documents", params={"limit": 1}).status_code == 200
    assert not any("data_version" in sql for sql in count_queries.statements), count_queries.statements
    assert count_queries.count <= 2, count_queries.statements
