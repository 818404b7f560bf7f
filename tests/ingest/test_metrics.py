"""Metrics stage: bounds, the registry, the classifier (judged on hand labels) and the
consistency flags. Hand labels live in tests/golden/metrics.yaml."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.ingest.figures import extract_figures
from app.ingest.metrics import Point, bounds, classify_all, read_metrics, review
from app.ingest.pipeline import run_ingest
from app.ingest.sources import IngestError

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = read_metrics(ROOT / "data" / "metrics.yaml")
GOLDEN: dict[str, list[dict[str, Any]]] = yaml.safe_load((ROOT / "tests" / "golden" / "metrics.yaml").read_text())
UNSEEN = ROOT / "tests" / "fixtures" / "unseen" / "sources.yaml"


def figures(url: str) -> list[dict[str, Any]]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM figures ORDER BY date, statement_id, start")]


def matching(rows: list[dict[str, Any]], label: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        r
        for r in rows
        if r["text"] == label["text"]
        and label.get("in", "") in r["sentence"]
        and ("date" not in label or r["date"] == label["date"].isoformat())
    ]


# ---------------------------------------------------------------- bounds


@pytest.mark.parametrize(
    ("value", "qualifier", "expected"),
    [
        (40_000, "more_than", (40_000, None)),
        (110_000, "nearly", (None, 110_000)),
        (68, "exact", (68, 68)),
        (2_000, "at_least", (2_000, None)),
        (24, "less_than", (None, 24)),
        (6e6, "up_to", (None, 6e6)),
        (7.7e6, "approximately", (7.65e6, 7.75e6)),  # half a unit of the last significant digit
        (98, "approximately", (97.5, 98.5)),
        (200, "approximately", (180, 220)),  # ... but never more than 10%
        (3.5, "approximately", (3.45, 3.55)),
        (None, "approximately", (None, None)),  # vague amounts have no bounds
        (5, "unheard_of", (None, None)),
    ],
)
def test_bounds_follow_the_words(value: float | None, qualifier: str, expected: tuple) -> None:
    low, high = bounds(value, qualifier)
    assert (low, high) == pytest.approx(expected) if None not in expected else (low, high) == expected


# ---------------------------------------------------------------- the registry


def test_the_bundled_registry_has_the_corpus_metrics() -> None:
    assert [m.id for m in REGISTRY.metrics] == [
        "territory-liberated",
        "displaced-returned",
        "people-liberated",
        "coalition-members",
        "forces-trained",
        "stabilization-humanitarian-funding",
        "foreign-terrorist-fighters",
        "detainees",
        "stabilization-projects",
    ]
    assert {s.id for s in REGISTRY.scopes} == {"iraq-and-syria", "iraq", "syria"}
    assert all(m.cues for m in REGISTRY.metrics)


GOOD_METRIC = """\
  - id: airstrikes
    label: Coalition airstrikes
    dimension: count
    unit: count
    cumulative: true
    cues:
      - noun: "airstrike*|strikes"
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("metrics: [\n  - id: x\n  label: [", ["line", "YAML syntax error"]),
        ("- id: x\n", ["must be a mapping with 'scopes' and 'metrics'"]),
        ("metric:\n" + GOOD_METRIC, ["unknown top-level key(s) metric"]),
        ("metrics:\n" + GOOD_METRIC + "  - label: No id\n", ["metric 2", "(line 9)", "missing required field 'id'"]),
        ("metrics:\n" + GOOD_METRIC + GOOD_METRIC, ["metric 2", "duplicate id 'airstrikes'"]),
        ("metrics:\n" + GOOD_METRIC.replace("dimension: count", "dimension: apples"), ["unknown dimension 'apples'"]),
        ("metrics:\n" + GOOD_METRIC.replace("cumulative: true", "cumulative: yes please"), ["'cumulative' must be"]),
        ("metrics:\n" + GOOD_METRIC.replace("    cumulative: true\n", ""), ["missing required field 'cumulative'"]),
        ("metrics:\n" + GOOD_METRIC.replace("label:", "lable:"), ["unknown key(s) lable"]),
        ("metrics:\n" + GOOD_METRIC.replace("id: airstrikes", "id: Air Strikes"), ["lower-case words"]),
        ("metrics:\n" + GOOD_METRIC + "    range: [10, 1]\n", ["'range' must be [min, max]"]),
        ("metrics:\n" + GOOD_METRIC + "    default_scope: mars\n", ["unknown default_scope 'mars'"]),
        ("metrics:\n" + GOOD_METRIC.replace('noun: "airstrike*|strikes"', "nuon: x"), ["cue 1 (line 8)", "nuon"]),
        ("metrics:\n" + GOOD_METRIC.replace('noun: "airstrike*|strikes"', 'phrase: "{n} {n}"'), ["cue 1", "once"]),
        ("metrics:\n" + GOOD_METRIC.replace('noun: "airstrike*|strikes"', 'phrase: "... {n}"'), ["cue 1", "'...'"]),
        ("metrics:\n" + GOOD_METRIC.replace('noun: "airstrike*|strikes"', 'phrase: "a||b {n}"'), ["not a word"]),
        ("metrics:\n" + GOOD_METRIC.replace('noun: "airstrike*|strikes"', 'near: "strike*"'), ["needs a 'phrase'"]),
        ("metrics:\n" + GOOD_METRIC.replace('      - noun: "airstrike*|strikes"\n', "") + "      []\n", ["'cues'"]),
        ("scopes:\n  - id: iraq\n  - id: iraq\n    cues: [Iraq]\nmetrics: []\n", ["scope 1 (line 2)", "needs 'cues'"]),
    ],
)
def test_a_bad_registry_names_file_entry_and_line(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "metrics.yaml"
    path.write_text(text)
    with pytest.raises(IngestError) as caught:
        read_metrics(path)
    message = str(caught.value)
    assert str(path) in message
    for part in expected:
        assert part in message, message


def test_adding_a_metric_is_a_data_change(tmp_path: Path) -> None:
    path = tmp_path / "metrics.yaml"
    path.write_text("metrics:\n" + GOOD_METRIC)
    registry = read_metrics(path)
    text = "Coalition forces conducted more than 34,000 airstrikes against ISIS targets."
    found = classify_all(extract_figures(text), text, registry)
    assert [(c.metric, c.cue) for c in found if c] == [("airstrikes", 'noun "airstrike*|strikes"')]
    assert read_metrics(tmp_path / "absent.yaml").metrics == ()


# ---------------------------------------------------------------- the classifier


def classified(text: str) -> list[tuple[str, str | None, str | None]]:
    figs = extract_figures(text)
    found = classify_all(figs, text, REGISTRY)
    return [(f.text, c.metric if c else None, c.scope if c else None) for f, c in zip(figs, found, strict=True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the cue's words must be about this figure, not another one in the sentence
        (
            "The Coalition has trained 5,000 police officers and rebuilt 40 schools.",
            [("5,000", "forces-trained", "iraq-and-syria"), ("40", None, None)],
        ),
        # words before a coordination govern both figures; each gets its own place
        (
            "Partners have liberated 90 percent of the territory in Iraq and 60 percent in Syria.",
            [("90 percent", "territory-liberated", "iraq"), ("60 percent", "territory-liberated", "syria")],
        ),
        # and words after it
        (
            "About 1 million Syrians and 2 million Iraqis have been freed.",
            [("About 1 million", "people-liberated", "syria"), ("2 million", "people-liberated", "iraq")],
        ),
        # a subset of the members is not the coalition's size (range), attendance is no cue
        (
            "Twelve coalition members attended; the coalition of 74 partners met in Rome.",
            [("Twelve", None, None), ("74", "coalition-members", None)],
        ),
        # vague amounts are never in a series; fighters who return are not displaced people
        (
            "Thousands of people have returned, and 300 foreign fighters have returned to Europe.",
            [("Thousands", None, None), ("300", "foreign-terrorist-fighters", None)],
        ),
        # a year or a resolution number is not a figure at all, so never a point
        ("In 2017, under Resolution 2254, the Coalition had 68 members.", [("68", "coalition-members", None)]),
        # one country's money and a target are not the coalition's running total
        (
            "We have provided $500 million for stabilization; the Coalition seeks to raise $1 billion "
            "for stabilization in 2024.",
            [("$500 million", None, None), ("$1 billion", None, None)],
        ),
    ],
)
def test_the_classifier_on_sentences_it_was_not_written_for(text: str, expected: list) -> None:
    assert classified(text) == expected


@pytest.fixture(scope="module")
def unseen_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('unseen-metrics') / 'u.db'}"
    run_ingest(UNSEEN, url)
    return url


def test_every_corpus_figure_has_the_hand_labelled_metric(corpus_url: str) -> None:
    rows = figures(corpus_url)
    judged: set[str] = set()
    for label in GOLDEN["corpus"]:
        found = matching(rows, label)
        assert len(found) == 1, (label, [r["sentence"] for r in found])
        row = found[0]
        assert row["metric_id"] == label["metric"], (label, row["metric_cue"], row["sentence"])
        if "scope" in label:
            assert row["scope"] == label["scope"], (label, row["sentence"])
        assert (row["metric_cue"] is None) == (label["metric"] is None)
        judged.add(row["id"])
    unlabelled = [(r["text"], r["sentence"]) for r in rows if r["value"] is not None and r["id"] not in judged]
    assert unlabelled == [], "label every figure with a value"
    assert all(r["metric_id"] is None for r in rows if r["value"] is None)


def test_held_out_figures_never_get_a_wrong_metric(unseen_url: str) -> None:
    rows = figures(unseen_url)
    positives = right = 0
    for label in GOLDEN["unseen"]:
        found = matching(rows, label)
        assert found, label
        for row in found:
            assert row["metric_id"] in (None, label["metric"]), (label, row["metric_cue"], row["sentence"])
            if label["metric"]:
                positives += 1
                right += row["metric_id"] == label["metric"]
    assert right / positives >= 0.9, (right, positives)


def test_no_year_or_resolution_number_is_ever_a_point(corpus_url: str, unseen_url: str) -> None:
    for url in (corpus_url, unseen_url):
        for row in figures(url):
            if row["metric_id"]:
                assert not re.fullmatch(r"(19|20)\d\d", row["text"].strip()), row["text"]
                assert row["value"] not in (2254, 2396, 2242, 2170, 2178), row


# ---------------------------------------------------------------- flags


def point(ident: str, when: date | None, value: float, qualifier: str = "exact", scope: str | None = "iraq") -> Point:
    low, high = bounds(value, qualifier)
    return Point(ident, scope, when, value, low, high, f"{qualifier} {value:g}", qualifier)


def test_a_running_total_that_falls_is_flagged_against_the_earlier_peak() -> None:
    metric = REGISTRY.metric("stabilization-humanitarian-funding")
    points = [
        point("a", date(2017, 3, 22), 22.2e9, "more_than"),
        point("b", date(2018, 1, 1), 25e9),
        point("c", date(2019, 11, 14), 20e9),
        point("d", date(2019, 11, 14), 30e9, scope="syria"),  # another scope: never compared
        point("e", None, 1e9),  # undated: never compared
    ]
    flags = review(metric, points, REGISTRY)
    assert [(f.kind, f.figure_id, f.other_figure_id) for f in flags] == [("cumulative_decrease", "c", "b")]
    assert "the bounds do not overlap" in flags[0].reason  # exactly 20 after exactly 25
    assert "scope: Iraq" in flags[0].reason


def test_points_of_one_date_whose_bounds_do_not_overlap_are_flagged() -> None:
    metric = REGISTRY.metric("detainees")  # not cumulative: only the same-date check applies
    points = [
        point("a", date(2019, 11, 7), 11_000, "approximately"),
        point("b", date(2019, 11, 7), 11_200),  # inside 10,500..11,500
        point("c", date(2019, 11, 7), 9_000, "less_than"),  # at most 9,000: below both
        point("d", date(2020, 1, 1), 5_000),  # later and lower: fine, not a running total
    ]
    flags = review(metric, points, REGISTRY)
    assert sorted((f.kind, f.figure_id, f.other_figure_id) for f in flags) == [
        ("same_date_disjoint", "c", "a"),
        ("same_date_disjoint", "c", "b"),
    ]
    assert all("2019-11-07" in f.reason for f in flags)


def test_the_corpus_funding_pair_is_flagged(corpus_url: str) -> None:
    with sqlite3.connect(corpus_url.removeprefix("sqlite:///")) as conn:
        flags = conn.execute(
            "SELECT f.metric_id, f.kind, a.text, b.text, f.reason FROM metric_flags f "
            "JOIN figures a ON a.id = f.figure_id JOIN figures b ON b.id = f.other_figure_id"
        ).fetchall()
    assert [row[:4] for row in flags] == [
        ("stabilization-humanitarian-funding", "cumulative_decrease", "over $20 billion", "more than $22.2 billion")
    ]
    assert "2017-03-22" in flags[0][4] and "2019-11-14" in flags[0][4]
