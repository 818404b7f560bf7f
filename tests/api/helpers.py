"""Small helpers shared by the API tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

PROBLEM_TYPE = "application/problem+json"


def get_all(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list in one request (the test corpora are far below the max)."""
    response = client.get(path, params={**params, "limit": 500})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next"] is None, "test corpus larger than one max page"
    assert len(body["items"]) == body["total"]
    return body["items"]


def walk(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Follow ``next`` from the first page to the last; check the envelope on the way."""
    items: list[dict[str, Any]] = []
    response = client.get(path, params=params)
    total = None
    for _ in range(1000):
        assert response.status_code == 200, response.text
        body = response.json()
        total = body["total"] if total is None else total
        assert body["total"] == total
        assert len(body["items"]) <= body["limit"]
        items.extend(body["items"])
        if body["next"] is None:
            assert "link" not in response.headers
            break
        assert len(body["items"]) == body["limit"]
        assert response.headers["link"] == f'<{body["next"]}>; rel="next"'
        response = client.get(body["next"])
    assert len(items) == total
    return items


def assert_problem(response: Any, status: int, parameter: str | None = None) -> dict[str, Any]:
    """A well-formed RFC 9457 problem with ``status``, naming ``parameter`` if given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_TYPE)
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    for leak in ("Traceback", "SELECT", "sqlite3", "/work/", ".py", 'File "'):
        assert leak not in response.text, leak
    if parameter is not None:
        assert parameter in [e["parameter"] for e in body.get("errors", [])], body
        assert parameter in body["detail"]
    return body


def statement_id(item: dict[str, Any]) -> str:
    """The statement id of a statement or of a search hit."""
    return item["statement"]["id"] if "snippet" in item else item["id"]
