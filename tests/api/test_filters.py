"""Each filter keeps exactly the rows that satisfy it, and excludes something.

Values are taken from the data itself, so the tests hold for any corpus; a few
anchored facts are checked at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .helpers import get_all

Row = dict[str, Any]


def check_filter(client: TestClient, path: str, params: dict[str, Any], keep: Callable[[Row], bool]) -> list[Row]:
    """The filtered list is exactly the rows of the full list for which ``keep`` holds."""
    everything = get_all(client, path)
    expected = [r["id"] for r in everything if keep(r)]
    got = get_all(client, path, **params)
    assert [r["id"] for r in got] == expected
    assert got, f"{params} matches nothing: pick a value from the data"
    assert len(got) < len(everything), f"{params} excludes nothing"
    return got


def distinct(rows: list[Row], field: str) -> list[Any]:
    return sorted({r[field] for r in rows if r[field] is not None}, key=str)


def middle_date(rows: list[Row], field: str = "date") -> str:
    dates = distinct(rows, field)
    return dates[len(dates) // 2]


# ---------------------------------------------------------------- statements


def test_statement_speaker_is_repeatable(client: TestClient) -> None:
    rows = get_all(client, "/v1/statements")
    speakers = sorted({r["speaker"]["id"] for r in rows})
    one, two = speakers[0], speakers[-1]
    check_filter(client, "/v1/statements", {"speaker": one}, lambda r: r["speaker"]["id"] == one)
    check_filter(client, "/v1/statements", {"speaker": [one, two]}, lambda r: r["speaker"]["id"] in {one, two})


def test_statement_meeting(client: TestClient) -> None:
    rows = get_all(client, "/v1/statements")
    meeting = next(r["meeting"]["id"] for r in rows if r["meeting"])
    check_filter(client, "/v1/statements", {"meeting": meeting}, lambda r: (r["meeting"] or {}).get("id") == meeting)


def test_statement_document(client: TestClient) -> None:
    rows = get_all(client, "/v1/statements")
    counts: dict[str, int] = {}
    for r in rows:
        for s in r["sources"]:
            counts[s["document_id"]] = counts.get(s["document_id"], 0) + 1
    doc = min(counts, key=lambda d: (counts[d], d))
    check_filter(
        client,
        "/v1/statements",
        {"document": doc},
        lambda r: doc in {s["document_id"] for s in r["sources"]},
    )


def test_statement_kind(client: TestClient) -> None:
    rows = get_all(client, "/v1/statements")
    kind = distinct(rows, "kind")[0]
    check_filter(client, "/v1/statements", {"kind": kind}, lambda r: r["kind"] == kind)


def test_statement_date_range(client: TestClient) -> None:
    rows = get_all(client, "/v1/statements")
    mid = middle_date(rows)
    check_filter(client, "/v1/statements", {"date_from": mid}, lambda r: r["date"] is not None and r["date"] >= mid)
    check_filter(client, "/v1/statements", {"date_to": mid}, lambda r: r["date"] is not None and r["date"] <= mid)
    check_filter(client, "/v1/statements", {"date_from": mid, "date_to": mid}, lambda r: r["date"] == mid)


@pytest.mark.parametrize("value", ["true", "false"])
def test_statement_has_figures(client: TestClient, value: str) -> None:
    want = value == "true"
    check_filter(client, "/v1/statements", {"has_figures": value}, lambda r: (r["figure_count"] > 0) == want)


def test_statement_full_text_filter(client: TestClient) -> None:
    full = {r["id"]: r for r in get_all(client, "/v1/statements", include="text")}
    got = get_all(client, "/v1/statements", q="stabilization", sort="date", include="text")
    assert got and len(got) < len(full)
    for r in got:
        assert "stabil" in f"{r['title']} {r['text']}".lower()
    others = set(full) - {r["id"] for r in got}
    assert all("stabiliz" not in full[i]["text"].lower() for i in others)


def test_statement_filters_combine(client: TestClient) -> None:
    rows = get_all(client, "/v1/statements")
    r0 = next(r for r in rows if r["meeting"])
    got = get_all(client, "/v1/statements", speaker=r0["speaker"]["id"], meeting=r0["meeting"]["id"], kind=r0["kind"])
    assert r0["id"] in [r["id"] for r in got]
    assert all(r["speaker"]["id"] == r0["speaker"]["id"] and r["kind"] == r0["kind"] for r in got)


def test_list_items_are_compact_and_include_widens_them(client: TestClient) -> None:
    compact = get_all(client, "/v1/statements")
    full = {r["id"]: r for r in get_all(client, "/v1/statements", include=["text", "figures"])}
    assert any(r["text_truncated"] for r in compact)
    for r in compact:
        assert r["figures"] is None
        f = full[r["id"]]
        assert not f["text_truncated"]
        assert len(f["figures"]) == f["figure_count"]
        if r["text_truncated"]:
            assert r["text"].endswith("…") and f["text"].startswith(r["text"][:-1].rstrip())
        else:
            assert r["text"] == f["text"]
    assert get_all(client, "/v1/statements", include="text,figures") == list(full.values())


# ---------------------------------------------------------------- figures


@pytest.mark.parametrize("field", ["dimension", "unit", "qualifier", "speaker_id", "meeting_id", "statement_id"])
def test_figure_equality_filters(client: TestClient, field: str) -> None:
    rows = get_all(client, "/v1/figures")
    counts: dict[str, int] = {}
    for r in rows:
        if r[field] is not None:
            counts[r[field]] = counts.get(r[field], 0) + 1
    value = min(counts, key=lambda v: (counts[v], v))
    param = field.removesuffix("_id")
    check_filter(client, "/v1/figures", {param: value}, lambda r: r[field] == value)


def test_figure_value_range(client: TestClient) -> None:
    rows = get_all(client, "/v1/figures")
    values = sorted({r["value"] for r in rows if r["value"] is not None})
    low, high = values[len(values) // 4], values[3 * len(values) // 4]
    check_filter(client, "/v1/figures", {"min_value": low}, lambda r: r["value"] is not None and r["value"] >= low)
    check_filter(client, "/v1/figures", {"max_value": high}, lambda r: r["value"] is not None and r["value"] <= high)
    check_filter(
        client,
        "/v1/figures",
        {"min_value": low, "max_value": high},
        lambda r: r["value"] is not None and low <= r["value"] <= high,
    )


def test_figure_date_range(client: TestClient) -> None:
    rows = get_all(client, "/v1/figures")
    mid = middle_date(rows)
    check_filter(client, "/v1/figures", {"date_from": mid}, lambda r: r["date"] is not None and r["date"] >= mid)
    check_filter(client, "/v1/figures", {"date_to": mid}, lambda r: r["date"] is not None and r["date"] <= mid)


def test_figure_text_query(client: TestClient) -> None:
    word = "stabilization"

    def has(r: Row) -> bool:
        return word in r["sentence"].lower() or word in (r["noun"] or "").lower()

    check_filter(client, "/v1/figures", {"q": word}, has)


def test_figure_query_takes_like_wildcards_literally(client: TestClient) -> None:
    assert get_all(client, "/v1/figures", q="%") == [
        r for r in get_all(client, "/v1/figures") if "%" in r["sentence"] + (r["noun"] or "")
    ]
    assert get_all(client, "/v1/figures", q="_") == [
        r for r in get_all(client, "/v1/figures") if "_" in r["sentence"] + (r["noun"] or "")
    ]


# ---------------------------------------------------------------- speakers, meetings, documents


def test_speaker_query_matches_name_or_alias(client: TestClient) -> None:
    rows = get_all(client, "/v1/speakers")
    check_filter(client, "/v1/speakers", {"q": "pompeo"}, lambda r: "pompeo" in r["name"].lower())
    with_alias = next(r for r in rows if r["aliases"] and r["aliases"][-1].lower() not in r["name"].lower())
    alias = with_alias["aliases"][-1]
    got = get_all(client, "/v1/speakers", q=alias.upper())
    assert with_alias["id"] in [r["id"] for r in got]
    assert get_all(client, "/v1/speakers", q="%") == [
        r for r in rows if "%" in r["name"] or any("%" in a for a in r["aliases"])
    ]


def test_speaker_kind_and_organization(client: TestClient) -> None:
    rows = get_all(client, "/v1/speakers")
    check_filter(client, "/v1/speakers", {"kind": "person"}, lambda r: r["kind"] == "person")
    org = distinct(rows, "organization")[0]
    check_filter(client, "/v1/speakers", {"organization": org.lower()}, lambda r: r["organization"] == org)


def test_meeting_filters(client: TestClient) -> None:
    rows = get_all(client, "/v1/meetings")
    year = int(middle_date(rows)[:4])
    check_filter(client, "/v1/meetings", {"year": year}, lambda r: r["date"] and r["date"].startswith(str(year)))
    mid = middle_date(rows)
    check_filter(client, "/v1/meetings", {"date_from": mid}, lambda r: r["date"] is not None and r["date"] >= mid)
    check_filter(client, "/v1/meetings", {"date_to": mid}, lambda r: r["date"] is not None and r["date"] <= mid)
    check_filter(client, "/v1/meetings", {"city": "kuwait city"}, lambda r: r["city"] == "Kuwait City")
    fmt = distinct(rows, "format")[0]
    check_filter(client, "/v1/meetings", {"format": fmt}, lambda r: r["format"] == fmt)


def test_meeting_format_filter_and_csv_share_the_parameter(client: TestClient) -> None:
    rows = get_all(client, "/v1/meetings", format="full_ministerial")
    response = client.get("/v1/meetings", params={"format": ["full_ministerial", "csv"]})
    assert response.headers["content-type"].startswith("text/csv")
    assert len(response.text.strip().splitlines()) == len(rows) + 1


def test_document_filters(client: TestClient) -> None:
    rows = get_all(client, "/v1/documents")
    kind = distinct(rows, "kind")[-1]
    check_filter(client, "/v1/documents", {"kind": kind}, lambda r: r["kind"] == kind)
    meeting = "2018-02-13-kuwait-city-ministerial"
    docs = set(client.get(f"/v1/meetings/{meeting}").json()["mentioned_in"])
    check_filter(client, "/v1/documents", {"meeting": meeting}, lambda r: r["id"] in docs)


# ---------------------------------------------------------------- facets


@pytest.mark.parametrize(
    ("path", "facets", "params"),
    [
        ("/v1/statements", ["speaker", "meeting", "kind", "year"], {}),
        ("/v1/statements", ["speaker", "kind"], {"has_figures": "true"}),
        ("/v1/figures", ["speaker", "meeting", "year", "dimension", "unit", "qualifier"], {}),
        ("/v1/figures", ["unit"], {"dimension": "currency"}),
        ("/v1/search", ["speaker", "kind", "year"], {"q": "coalition"}),
        ("/v1/speakers", ["kind", "organization"], {}),
        ("/v1/meetings", ["year", "format", "city"], {}),
        ("/v1/documents", ["kind", "year"], {}),
    ],
)
def test_facets_count_the_whole_filtered_result(
    client: TestClient, path: str, facets: list[str], params: dict[str, Any]
) -> None:
    body = client.get(path, params={**params, "facet": facets, "limit": 1}).json()
    rows = get_all(client, path, **params)
    assert set(body["facets"]) == set(facets)

    def value_of(row: Row, facet: str) -> str | None:
        row = row["statement"] if "snippet" in row else row
        ref = {"speaker": "speaker", "meeting": "meeting"}.get(facet)
        if ref and isinstance(row.get(ref), dict):
            return row[ref]["id"]
        if facet == "year":
            d = row.get("date", row.get("published"))
            return d[:4] if d else None
        return row.get(facet) if facet in row else row.get(f"{facet}_id")

    for facet in facets:
        expected: dict[str, int] = {}
        for row in rows:
            v = value_of(row, facet)
            if v is not None:
                expected[str(v)] = expected.get(str(v), 0) + 1
        got = {f["value"]: f["count"] for f in body["facets"][facet]}
        assert got == expected, facet
        counts = [f["count"] for f in body["facets"][facet]]
        assert counts == sorted(counts, reverse=True)


def test_facet_labels_name_the_value(client: TestClient) -> None:
    body = client.get("/v1/statements", params={"facet": "speaker"}).json()
    names = {r["speaker"]["id"]: r["speaker"]["name"] for r in get_all(client, "/v1/statements")}
    assert {f["value"]: f["label"] for f in body["facets"]["speaker"]} == names


# ---------------------------------------------------------------- anchored facts of the real corpus

POMPEO = "michael-r-pompeo"
SGM = "2019-11-14-washington-small-group-ministerial"
KUWAIT = "2018-02-13-kuwait-city-ministerial"


def test_pompeo_spoke_at_the_small_group_ministerial(client: TestClient) -> None:
    rows = get_all(client, f"/v1/speakers/{POMPEO}/statements", meeting=SGM)
    assert rows and all(r["speaker"]["id"] == POMPEO for r in rows)
    assert all(r["meeting"]["id"] == SGM and r["date"] == "2019-11-14" for r in rows)
    speaker = client.get(f"/v1/speakers/{POMPEO}").json()
    assert speaker["name"] == "Michael R. Pompeo" and speaker["kind"] == "person"
    assert speaker["statement_count"] == len(get_all(client, f"/v1/speakers/{POMPEO}/statements"))


def test_the_1_2_billion_figure(client: TestClient) -> None:
    rows = get_all(client, "/v1/figures", unit="USD", qualifier="more_than", min_value=1.2e9, max_value=1.2e9)
    assert rows
    fig = rows[0]
    assert fig["value"] == 1.2e9 and "1.2 billion" in fig["text"]
    detail = client.get(f"/v1/figures/{fig['id']}").json()
    assert detail == fig
    statement = client.get(f"/v1/statements/{fig['statement_id']}").json()
    assert fig["id"] in [f["id"] for f in statement["figures"]]


def test_kuwait_city_ministerial(client: TestClient) -> None:
    meeting = client.get(f"/v1/meetings/{KUWAIT}").json()
    assert meeting["city"] == "Kuwait City" and meeting["date"] == "2018-02-13"
    rows = get_all(client, f"/v1/meetings/{KUWAIT}/statements")
    assert rows and meeting["statement_count"] == len(rows)
    assert date.fromisoformat(meeting["date"]).year == 2018
