"""``/v1/metrics``: the taxonomy, series in date order with changes and flags, CSV, the
SVG chart, the ``metric`` filter on figures, and the counts in ``/v1/stats``."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.common import csv_columns, csv_row
from app.schemas import SeriesPoint

from .conftest import QueryCounter
from .helpers import assert_problem, get_all, walk

SVG = "{http://www.w3.org/2000/svg}"
FUNDING = "stabilization-humanitarian-funding"


def series(client: TestClient, metric: str, **params: Any) -> list[dict[str, Any]]:
    return get_all(client, f"/v1/metrics/{metric}/series", **params)


def by_scope(points: list[dict[str, Any]]) -> dict[str | None, list[tuple[str, float, str]]]:
    out: dict[str | None, list[tuple[str, float, str]]] = {}
    for p in points:
        out.setdefault(p["scope"], []).append((p["date"], p["value"], p["qualifier"]))
    return out


# ---------------------------------------------------------------- the list and details


def test_metrics_are_listed_in_the_taxonomy_order_with_their_summary(client: TestClient) -> None:
    metrics = get_all(client, "/v1/metrics")
    assert [m["id"] for m in metrics][:3] == ["territory-liberated", "displaced-returned", "people-liberated"]
    assert len(metrics) == client.get("/v1/stats").json()["counts"]["metrics"] == 9
    for metric in metrics:
        points = series(client, metric["id"])
        assert metric["figure_count"] == len(points) == sum(s["figure_count"] for s in metric["scopes"])
        dates = [p["date"] for p in points if p["date"]]
        assert (metric["first_date"], metric["last_date"]) == ((min(dates), max(dates)) if dates else (None, None))
        assert metric["latest"]["date"] == metric["last_date"]
        assert metric["latest"]["figure_id"] in {p["id"] for p in points}
        assert metric["flag_count"] == len({f["id"] for p in points for f in p["flags"]})


def test_latest_value_on_a_shared_date_is_the_widest_scope(client: TestClient) -> None:
    funding = client.get(f"/v1/metrics/{FUNDING}").json()
    assert funding["latest"]["text"] == "over $20 billion"  # not "more than $1.2 billion" (Iraq), same day
    assert funding["cues"] and all(isinstance(c, str) for c in funding["cues"])
    territory = client.get("/v1/metrics/territory-liberated").json()
    assert (territory["latest"]["value"], territory["latest"]["date"]) == (100.0, "2019-11-14")
    assert [s["id"] for s in territory["scopes"]] == ["iraq-and-syria", "iraq", "syria"]


def test_metric_filters(client: TestClient) -> None:
    percent = get_all(client, "/v1/metrics", dimension="percent")
    assert [m["id"] for m in percent] == ["territory-liberated"]
    running = get_all(client, "/v1/metrics", cumulative="true")
    others = get_all(client, "/v1/metrics", cumulative="false")
    assert {m["id"] for m in others} == {"foreign-terrorist-fighters", "detainees"}
    assert len(running) + len(others) == len(get_all(client, "/v1/metrics"))


# ---------------------------------------------------------------- the series on the corpus


def test_territory_liberated_moves_in_order_per_scope(client: TestClient) -> None:
    points = series(client, "territory-liberated")
    assert [p["date"] for p in points] == sorted(p["date"] for p in points)
    assert {scope: sorted(found) for scope, found in by_scope(points).items()} == {
        "iraq": [("2017-03-22", 62.0, "exact")],
        "syria": [("2017-03-22", 30.0, "exact")],
        "iraq-and-syria": [
            ("2018-02-13", 98.0, "approximately"),
            ("2018-02-13", 98.0, "exact"),
            ("2019-11-14", 100.0, "exact"),
        ],
    }
    last = points[-1]
    assert last["speaker"]["id"] == "michael-r-pompeo"
    assert last["meeting"]["id"] == "2019-11-14-washington-small-group-ministerial"
    assert "100 percent destroyed" in last["sentence"]
    assert last["change"] == 2.0 and last["previous_id"] == points[-2]["id"]


def test_coalition_members_and_forces_trained_grow(client: TestClient) -> None:
    members = series(client, "coalition-members")
    assert [(p["date"], p["value"]) for p in members] == [
        ("2017-03-22", 68.0),
        ("2019-11-07", 81.0),
        ("2019-11-07", 81.0),
    ]
    assert members[1]["change"] == 13.0 and members[2]["change"] == 0.0
    trained = series(client, "forces-trained")
    assert [(p["date"], p["text"], p["low"], p["high"]) for p in trained] == [
        ("2017-03-22", "nearly 90,000", None, 90_000.0),
        ("2019-11-14", "more than 220,000", 220_000.0, None),
    ]
    assert {p["statement"]["id"] for p in trained} <= {p["statement_id"] for p in trained}


def test_the_funding_pair_is_flagged_and_judged_nothing(client: TestClient) -> None:
    points = {p["text"]: p for p in series(client, FUNDING)}
    later, earlier = points["over $20 billion"], points["more than $22.2 billion"]
    assert later["change"] == pytest.approx(-2.2e9) and later["previous_id"] == earlier["id"]
    assert later["flags"] == earlier["flags"]
    (flag,) = later["flags"]
    assert flag["kind"] == "cumulative_decrease"
    assert (flag["figure_id"], flag["other_figure_id"]) == (later["id"], earlier["id"])
    assert "over $20 billion" in flag["reason"] and "more than $22.2 billion" in flag["reason"]
    assert points["more than $1.2 billion"]["flags"] == []  # Iraq only: another scope
    assert client.get("/v1/stats").json()["counts"]["metric_flags"] == 1


def test_no_series_holds_a_year_or_a_resolution_number(client: TestClient) -> None:
    for metric in get_all(client, "/v1/metrics"):
        for p in series(client, metric["id"]):
            assert not re.fullmatch(r"(19|20)\d\d", p["text"].strip()), p["text"]
            assert p["value"] not in (2254, 2396, 2242), p
            assert p["metric_id"] == metric["id"] and p["metric_cue"]


def test_change_does_not_depend_on_the_page_or_the_scope_filter(client: TestClient) -> None:
    whole = series(client, "territory-liberated")
    assert walk(client, "/v1/metrics/territory-liberated/series", limit=1) == whole
    scoped = series(client, "territory-liberated", scope="iraq-and-syria")
    assert scoped == [p for p in whole if p["scope"] == "iraq-and-syria"]
    assert scoped[0]["change"] is None and scoped[1]["change"] == 0.0


def test_the_series_as_csv(client: TestClient) -> None:
    rows = series(client, FUNDING)
    response = client.get(f"/v1/metrics/{FUNDING}/series", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    parsed = list(csv.reader(io.StringIO(response.text)))
    columns = csv_columns(SeriesPoint)
    assert parsed[0] == ["_".join(c) for c in columns]
    assert parsed[1:] == [csv_row(r, columns) for r in rows]
    assert {"change", "previous_id", "low", "high", "scope", "metric_cue", "speaker_name", "flags"} <= set(parsed[0])


# ---------------------------------------------------------------- figures and errors


def test_figures_filter_and_facet_by_metric(client: TestClient) -> None:
    everything = get_all(client, "/v1/figures")
    got = get_all(client, "/v1/figures", metric=["coalition-members", FUNDING])
    assert [r["id"] for r in got] == [r["id"] for r in everything if r["metric_id"] in ("coalition-members", FUNDING)]
    assert len(got) == 6
    facets = client.get("/v1/figures", params={"facet": "metric", "limit": 1}).json()["facets"]["metric"]
    assert {f["value"]: f["count"] for f in facets}["territory-liberated"] == 5
    assert next(f for f in facets if f["value"] == FUNDING)["label"] == "Stabilization and humanitarian funding"
    more_than = next(r for r in everything if r["text"] == "more than 40,000")
    assert (more_than["low"], more_than["high"]) == (40_000.0, None)


@pytest.mark.parametrize(
    "path",
    ["/v1/metrics/nope", "/v1/metrics/nope/series", "/v1/metrics/nope/chart.svg"],
)
def test_unknown_metrics_are_404_problems(client: TestClient, path: str) -> None:
    assert_problem(client.get(path), 404)


def test_unknown_and_bad_parameters(client: TestClient) -> None:
    assert_problem(client.get("/v1/metrics/territory-liberated/series", params={"scop": "iraq"}), 400, "scop")
    assert_problem(client.get("/v1/metrics/territory-liberated/chart.svg", params={"size": "9"}), 400, "size")
    assert_problem(client.get("/v1/metrics", params={"cumulative": "maybe"}), 422, "cumulative")
    assert_problem(client.get("/v1/figures", params={"facet": "metrics"}), 422, "facet")


@pytest.mark.parametrize("path", ["/v1/metrics", "/v1/metrics/territory-liberated/series"])
def test_queries_per_request_are_constant(client: TestClient, count_queries: QueryCounter, path: str) -> None:
    client.get("/health")
    counts = []
    for limit in (1, 500):
        count_queries.statements.clear()
        assert client.get(path, params={"limit": limit}).status_code == 200
        counts.append(count_queries.count)
    assert counts[0] == counts[1] <= 5, count_queries.statements


# ---------------------------------------------------------------- the chart


def test_the_chart_is_a_self_contained_svg(client: TestClient, count_queries: QueryCounter) -> None:
    client.get("/health")
    count_queries.statements.clear()
    response = client.get(f"/v1/metrics/{FUNDING}/chart.svg")
    assert response.status_code == 200
    assert count_queries.count <= 5
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.text)
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for label in ("over $20 billion", "Global Coalition to Defeat ISIS, 2019-11-14", "more than $22.2 billion"):
        assert label in text
    assert "Iraq and Syria (2 points)" in text and "Iraq (1 point)" in text and "flagged for review" in text
    markers = [c for c in root.iter(f"{SVG}circle") if c.get("r") == "5"]
    assert len(markers) == 3 and all(c.get("fill") == "#FFFFFF" for c in markers)  # all "more than": open
    assert len([c for c in root.iter(f"{SVG}circle") if c.get("r") == "9"]) == 2  # the flagged pair
    assert not list(root.iter(f"{SVG}script")) and "href" not in response.text  # nothing external
    etag = response.headers["etag"]
    assert client.get(f"/v1/metrics/{FUNDING}/chart.svg", headers={"If-None-Match": etag}).status_code == 304


def test_the_chart_draws_one_line_per_scope(client: TestClient) -> None:
    root = ET.fromstring(client.get("/v1/metrics/territory-liberated/chart.svg").text)
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 1 and len(lines[0].get("points", "").split()) == 3  # Iraq and Syria; one point each else
    only = ET.fromstring(client.get("/v1/metrics/territory-liberated/chart.svg", params={"scope": "iraq"}).text)
    assert "Iraq (1 point)" in " ".join("".join(t.itertext()) for t in only.iter(f"{SVG}text"))
    assert not list(only.iter(f"{SVG}polyline"))
