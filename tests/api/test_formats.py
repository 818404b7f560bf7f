"""CSV and NDJSON exports carry exactly the rows of the JSON pages."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from app.api.common import csv_columns, csv_row
from app.schemas import Document, Figure, Meeting, SearchHit, Speaker, Statement

from .helpers import assert_problem, get_all, walk

EXPORTS = [
    ("/v1/statements", {}, Statement),
    ("/v1/statements", {"include": "text,figures", "sort": "-date"}, Statement),
    ("/v1/speakers", {}, Speaker),
    ("/v1/meetings", {}, Meeting),
    ("/v1/figures", {"sort": "-value"}, Figure),
    ("/v1/documents", {}, Document),
    ("/v1/search", {"q": "coalition"}, SearchHit),
    ("/v1/speakers/michael-r-pompeo/statements", {}, Statement),
]


@pytest.mark.parametrize(("path", "params", "model"), EXPORTS)
def test_ndjson_equals_json_rows(client: TestClient, path: str, params: dict, model: type) -> None:
    rows = walk(client, path, **params, limit=4)
    response = client.get(path, params={**params, "format": "ndjson"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert lines == rows


@pytest.mark.parametrize(("path", "params", "model"), EXPORTS)
def test_csv_equals_json_rows(client: TestClient, path: str, params: dict, model: type) -> None:
    rows = walk(client, path, **params, limit=4)
    response = client.get(path, params={**params, "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    parsed = list(csv.reader(io.StringIO(response.text)))
    columns = csv_columns(model)
    assert parsed[0] == ["_".join(c) for c in columns]
    assert parsed[1:] == [csv_row(r, columns) for r in rows]
    ids = [r["statement"]["id"] if "snippet" in r else r["id"] for r in rows]
    id_col = parsed[0].index("statement_id" if "snippet" in (rows or [{}])[0] else "id")
    assert [line[id_col] for line in parsed[1:]] == ids


def test_accept_header_selects_csv_and_ndjson(client: TestClient) -> None:
    by_param = client.get("/v1/figures", params={"format": "csv"}).text
    assert client.get("/v1/figures", headers={"Accept": "text/csv"}).text == by_param
    ndjson = client.get("/v1/figures", headers={"Accept": "application/x-ndjson"})
    assert ndjson.headers["content-type"].startswith("application/x-ndjson")
    json_body = client.get("/v1/figures", headers={"Accept": "application/json, text/csv"})
    assert json_body.headers["content-type"].startswith("application/json")


def test_export_honours_an_explicit_window(client: TestClient) -> None:
    everything = get_all(client, "/v1/figures")
    lines = client.get("/v1/figures", params={"format": "ndjson", "limit": 3, "offset": 2}).text
    assert [json.loads(x)["id"] for x in lines.splitlines()] == [r["id"] for r in everything[2:5]]


def test_export_validates_before_streaming(client: TestClient) -> None:
    assert_problem(client.get("/v1/figures", params={"format": "csv", "cursor": "zzz"}), 422, "cursor")
    assert_problem(client.get("/v1/search", params={"format": "ndjson", "q": '"open'}), 422, "q")


def test_csv_is_a_download(client: TestClient) -> None:
    response = client.get("/v1/documents", params={"format": "csv"})
    assert 'filename="documents.csv"' in response.headers["content-disposition"]
