"""The search index answers what FTS5 answers, ranks top-k, and is only used with its own build.

Two corpora, each copied, given statements made to test tokenization and ranking
(punctuation, diacritics, ligatures, a title, identical texts) and indexed as the ingest
does (:func:`app.search.build.build_search_index`): the bundled one and a synthetic one.
For a table of queries the API's matches (every row, through the NDJSON export) and
totals are compared with FTS5's on the same file, alone and with each statement filter;
the order is checked to be by score then id, however the pages are cut.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
import tantivy
from fastapi.testclient import TestClient

from app.config import Settings
from app.ingest.items import write_items
from app.ingest.pipeline import run_ingest
from app.main import create_app
from app.queries import snippets
from app.queries.fts import to_fts5
from app.queries.raw import Reader
from app.queries.snippets import page_snippets
from app.queries.statements import SNIPPET, Filters
from app.search import build, engine
from app.search.build import META_KEY, TITLE_BOOST, build_search_index, database_token, index_root, prune_search_indexes
from app.synth import write_corpus
from tests.conftest import ROOT

from .helpers import assert_problem

QUERIES = [
    '"foreign terrorist fighters"',
    "fighters",
    "fighting",
    "fight*",
    "stabiliz*",
    "stabilizations*",
    '"foreign terr"*',
    '"Global Coalition"',
    "coalition AND iraq",
    "iraq syria",
    "iraq OR syria",
    "coalition NOT syria",
    "(iraq OR syria) NOT mosul",
    "isis OR daesh AND mosul",
    "daesh NOT mosul AND coalition",
    "daesh NOT mosul OR iraq",
    "(foreign OR returning) fighters",
    "al-Baghdadi",
    "Baghdadi",
    "ISIS/Da'esh",
    "Da'esh",
    "$1.2",
    '"1.2 billion"',
    "Pérez",
    "perez",
    "naïve",
    "São",
    "İstanbul",
    "straße",
    "ﬁghters",
    "café",
    "“foreign",
    "okapi",
    '"zebra quagga"',
    "-",
    "- OR coalition",
    "coalition AND (-)",
    "xyzzy",
    "19*",
    "ISIS*",
    # phrases of common terms are one term of the runs fields (2 or 3 terms), the others phrases
    '"the coalition"',
    '"coalition to defeat"',
    '"global coalition to defeat isis"',
    '"the the"',
    '"of the" OR "in the"',
    '"in the" NOT "of the"',
    '"isis fighters"',
    '"okapi report"',
    '"okapi was seen"',
    '"report an"',
]

# Made to be found by the queries above: the ids sort as named.
CRAFTED = [
    ("made-punct-1", None, "Abu Bakr al-Baghdadi is dead; ISIS/Da'esh lost more than $1.2 billion in revenue."),
    ("made-diacr-1", None, "Pérez met the naïve São Paulo delegation at a café; the résumé was long."),
    ("made-diacr-2", None, "Straße and İstanbul and ŞAHİN: ﬁghters came back through Istanbul."),
    ("made-quote-1", None, "The Coalition’s “foreign terrorist fighters” — returning, stabilization… done."),
    ("made-title-a", "Okapi report", "An okapi was seen near the river, far from any city."),
    ("made-title-b", None, "An okapi was seen near the river, far from any city."),
    ("made-tie-c", None, "zebra quagga"),
    ("made-tie-a", None, "zebra quagga"),
    ("made-tie-b", None, "zebra quagga"),
]


def _craft(db: Path, label: str) -> None:
    """Add the crafted statements (with their FTS5 rows) and give the copy its own data version."""
    with sqlite3.connect(db) as conn:
        speaker, kind = conn.execute("SELECT speaker_id, kind FROM statements ORDER BY id LIMIT 1").fetchone()
        for sid, title, text in CRAFTED:
            conn.execute(
                "INSERT INTO statements (id, speaker_id, meeting_id, date, kind, title, text, attribution, "
                "word_count, figure_count) VALUES (?, ?, NULL, NULL, ?, ?, ?, NULL, ?, 0)",
                (sid, speaker, kind, title, text, len(text.split())),
            )
            conn.execute(
                "INSERT INTO statements_fts (statement_id, title, text) VALUES (?, ?, ?)", (sid, title or "", text)
            )
        conn.execute("DELETE FROM statement_items")  # their list items, as a build stores every one
        write_items(conn)
        conn.execute("UPDATE meta SET value = value || ? WHERE key = 'data_version'", (f"-{label}",))


@pytest.fixture(scope="module")
def bundled(corpus_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus, crafted statements added, indexed."""
    db = tmp_path_factory.mktemp("bundled") / "c.db"
    shutil.copy(corpus_url.removeprefix("sqlite:///"), db)
    _craft(db, "search-bundled")
    assert build_search_index(db, index_root(db)) is not None
    return db


CHAMPION_POSTINGS = 20  # the synthetic corpus's index: a term or run in 20 of its 409 statements has champions


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus (400 statements) through the real ingest, crafted statements added,
    indexed with champions for its frequent terms (so every test on it also pages them)."""
    folder = tmp_path_factory.mktemp("synthetic")
    write_corpus(400, 17, folder / "corpus")
    db = folder / "s.db"
    run_ingest(folder / "corpus" / "sources.yaml", f"sqlite:///{db}")
    _craft(db, "search-synthetic")
    assert build_search_index(db, index_root(db), champion_postings=CHAMPION_POSTINGS) is not None
    return db


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def indexed(request: pytest.FixtureRequest) -> Path:
    """Each indexed corpus in turn."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def api(indexed: Path) -> Iterator[TestClient]:
    """The API over an indexed corpus."""
    app = create_app(Settings(database_url=f"sqlite:///{indexed}"))
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def fts5_ids(db: Path, q: str, filters: Filters | None = None) -> set[str]:
    """What FTS5 matches: the statements joined to the matching rows, as the SQL path does."""
    where, params = (filters or Filters()).sql()
    sql = (
        "SELECT s.id FROM statements_fts JOIN statements s ON s.id = statements_fts.statement_id "
        "WHERE statements_fts MATCH ?" + "".join(f" AND {w}" for w in where)
    )
    with sqlite3.connect(db) as conn:
        return {sid for (sid,) in conn.execute(sql, (to_fts5(q), *params))}


def exported(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list, through the NDJSON export."""
    response = client.get(path, params={**params, "format": "ndjson"})
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines()]


def _uses_index(body: dict[str, Any]) -> bool:
    """Whether a page's ``next`` cursor is the index's (three keys: rank, id, position)."""
    import base64

    token = body["next"].split("cursor=")[1]
    _name, values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return len(values) == 3


def test_the_index_answers_relevance_sorted_searches(api: TestClient) -> None:
    for path in ("/v1/search", "/v1/statements"):
        body = api.get(path, params={"q": "coalition", "limit": 1}).json()
        assert _uses_index(body)
    # a date sort is answered by SQL (it ranks nothing)
    body = api.get("/v1/statements", params={"q": "coalition", "limit": 1, "sort": "date"}).json()
    assert not _uses_index(body)


@pytest.mark.parametrize("q", QUERIES)
def test_same_matches_and_total_as_fts5(api: TestClient, indexed: Path, q: str) -> None:
    expected = fts5_ids(indexed, q)
    hits = exported(api, "/v1/search", q=q)
    ids = [h["statement"]["id"] for h in hits]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    for path in ("/v1/search", "/v1/statements"):
        assert api.get(path, params={"q": q, "limit": 1}).json()["total"] == len(expected)


def test_the_crafted_statements_are_found(bundled: Path) -> None:
    """The table above tests something: each crafted statement is matched by FTS5 for its query."""
    for q, sid in [
        ("al-Baghdadi", "made-punct-1"),
        ("ISIS/Da'esh", "made-punct-1"),
        ("$1.2", "made-punct-1"),
        ("perez", "made-diacr-1"),
        ("café", "made-diacr-1"),
        ("İstanbul", "made-diacr-2"),
        ("ﬁghters", "made-diacr-2"),
        ("“foreign", "made-quote-1"),
    ]:
        assert sid in fts5_ids(bundled, q), q


FILTERS: list[dict[str, Any]] = [
    {"kind": ["remarks"]},
    {"kind": ["remarks", "quote"]},
    {"date_from": "2017-01-01"},
    {"date_to": "2018-12-31"},
    {"date_from": "2016-06-01", "date_to": "2019-06-30"},
    {"has_figures": True},
    {"has_figures": False},
]


def _filters(indexed: Path, extra: dict[str, Any]) -> Filters:
    values: dict[str, Any] = {}
    for name, value in extra.items():
        if name.startswith("date"):
            values[name] = date.fromisoformat(value)
        elif isinstance(value, list):
            values[name] = tuple(value)
        else:
            values[name] = value
    return Filters(**values)


def _busiest(db: Path, column: str, table: str = "statements") -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2"
        )
        return [r[0] for r in rows]


@pytest.mark.parametrize("q", ["coalition", '"foreign terrorist fighters"', "iraq OR syria", "stabiliz*"])
def test_filters_with_q_match_the_same_statements(api: TestClient, indexed: Path, q: str) -> None:
    cases = [
        *FILTERS,
        {"speaker": _busiest(indexed, "speaker_id")},
        {"meeting": _busiest(indexed, "meeting_id")[:1]},
        {"document": _busiest(indexed, "document_id", "statement_sources")[:1]},
        {"id": ["made-tie-a", "made-title-b", *_busiest(indexed, "id")]},
        {"speaker": _busiest(indexed, "speaker_id")[:1], "date_from": "2017-01-01", "has_figures": True},
    ]
    for extra in cases:
        expected = fts5_ids(indexed, q, _filters(indexed, extra))
        path = "/v1/statements" if "document" in extra or "id" in extra or "has_figures" in extra else "/v1/search"
        rows = exported(api, path, q=q, **extra)
        ids = [r["statement"]["id"] if "statement" in r else r["id"] for r in rows]
        assert set(ids) == expected, extra
        assert len(ids) == len(expected), extra
        assert api.get(path, params={"q": q, "limit": 2, **extra}).json()["total"] == len(expected), extra


def _opened(db: Path) -> engine.SearchIndex:
    """The search index the database names, opened as the API opens it."""
    token = database_token(db)
    assert token is not None
    si = engine._open_index(db, token)
    assert si is not None
    return si


def _exact_order(db: Path, q: str | list[str]) -> list[tuple[float, str]]:
    """The index's own hits for ``q`` (or for a phrase of these terms): (score, statement id), in its order."""
    si = _opened(db)
    query = engine.compile_query(si, to_fts5(q), Filters()) if isinstance(q, str) else engine._terms_query(si, q, False)
    hits = si.searcher.search(query, limit=si.searcher.num_docs, count=False).hits
    rowids = si.searcher.fast_field_values("srowid", [a for _s, a in hits])
    with sqlite3.connect(db) as conn:
        ids = dict(conn.execute("SELECT rowid, id FROM statements"))
    return [(score, ids[r]) for (score, _a), r in zip(hits, rowids, strict=True)]


@pytest.mark.parametrize(
    "q", ["coalition", '"foreign terrorist fighters"', "isis OR daesh", "fight*", '"zebra quagga"']
)
def test_order_is_score_then_id(indexed: Path, q: str) -> None:
    hits = _exact_order(indexed, q)
    assert hits
    assert hits == sorted(hits, key=lambda h: (-h[0], h[1]))
    if len({s for s, _i in hits}) < len(hits):
        assert any(a[0] == b[0] for a, b in itertools.pairwise(hits))  # the tie-break was exercised


def test_a_filter_on_most_statements_is_asked_as_none_of_the_others(synthetic: Path) -> None:
    """The commonest kind is excluded rather than intersected (cheaper at scale): the same
    hits and scores as asking for it; a rarer kind is asked for; every kind asks nothing."""
    si = _opened(synthetic)
    with sqlite3.connect(synthetic) as conn:
        kinds = [k for (k,) in conn.execute("SELECT kind FROM statements GROUP BY kind ORDER BY count(*) DESC, kind")]
    assert 2 * si.searcher.doc_freq("kind", kinds[0]) > si.searcher.num_docs and len(kinds) > 2
    schema, words = si.index.schema, engine.compile_query(si, to_fts5("coalition"), Filters())
    excluded, asked_for = "(MustNot, TermSetQuery", "(Must, Const(score=0, query=TermSetQuery"
    for asked, clauses in ((kinds[:1], [excluded]), (kinds[1:3], [asked_for]), (kinds, [])):
        query = engine.compile_query(si, to_fts5("coalition"), Filters(kind=tuple(asked)))
        assert [c for c in (excluded, asked_for) if c in repr(query)] == clauses, (asked, repr(query))
        kind = tantivy.Query.const_score_query(tantivy.Query.term_set_query(schema, "kind", asked), 0.0)
        plain = tantivy.Query.boolean_query([(tantivy.Occur.Must, words), (tantivy.Occur.Must, kind)])
        hits = si.searcher.search(query, limit=500).hits
        assert hits and hits == si.searcher.search(plain, limit=500).hits, asked


def _champion_phrases(db: Path, si: engine.SearchIndex) -> set[str]:
    """What should have champions, counted from FTS5's terms of each statement: a term in
    ``CHAMPION_POSTINGS`` statements' title or text or more, and as many for a phrase of two
    or three common terms."""
    counts: dict[tuple[str, str], int] = {}
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT title, text FROM statements_fts").fetchall()
    for row in rows:
        for column, terms in zip(("title", "text"), si.tokens.join([row[0] or "", row[1] or ""]), strict=True):
            words = terms.split()
            seen = {(w,) for w in words}
            for size in build.RUN_SIZES:
                seen.update(
                    tuple(words[i : i + size])
                    for i in range(len(words) - size + 1)
                    if all(w in si.codes for w in words[i : i + size])
                )
            for phrase in seen:
                counts[column, " ".join(phrase)] = counts.get((column, " ".join(phrase)), 0) + 1
    return {phrase for (_column, phrase), n in counts.items() if n >= CHAMPION_POSTINGS}


def test_frequent_terms_and_runs_have_their_best_statements_as_champions(synthetic: Path, bundled: Path) -> None:
    si = _opened(synthetic)
    assert si.champions is not None
    champions = si.champions.all()
    assert set(champions) == _champion_phrases(synthetic, si)
    assert any(" " in phrase for phrase in champions) and "foreign terrorist fighter" in champions
    for phrase, listed in champions.items():
        assert listed.split() == [sid for _score, sid in _exact_order(synthetic, phrase.split())[: build.CHAMPION_SIZE]]
    assert not _opened(bundled).champions  # (at the default threshold a small corpus has none)


_PAGES = [(0, 21), (0, 1), (3, 9), (20, 21), (40, 24), (100, 28), (107, 21), (0, 128), (0, 129), (200, 21)]


@pytest.mark.parametrize("q", ["coalition", '"foreign terrorist fighters"', '"the coalition"', "iraq"])
def test_a_page_among_the_champions_is_the_full_rankings_page(synthetic: Path, q: str) -> None:
    """Pages cut among a phrase's champions, with every kind of filter, equal the pages cut
    from scoring every match; those the champions hold are answered from them."""
    si = _opened(synthetic)
    with sqlite3.connect(synthetic) as conn:
        kinds = [k for (k,) in conn.execute("SELECT kind FROM statements GROUP BY kind ORDER BY count(*) DESC")]
    speaker = _busiest(synthetic, "speaker_id")[0]
    filters = [
        Filters(),
        Filters(kind=(kinds[0],)),
        Filters(kind=(kinds[-1],)),
        Filters(speaker=(speaker,)),
        Filters(date_from=date(2017, 1, 1)),
        Filters(has_figures=True),
    ]
    expression, answered = to_fts5(q), 0
    for f, (start, wanted) in itertools.product(filters, _PAGES):
        full = si.searcher.search(engine.compile_query(si, expression, f), limit=wanted, offset=start).hits
        assert engine._hits(si, expression, f, wanted, start) == full, (f, start, wanted)
        restricted = engine._champion_query(si, expression, f, start + wanted)
        assert (restricted is None) == (start + wanted > engine.CHAMPION_PREFIXES[-1])
        if restricted is not None:
            answered += len(si.searcher.search(restricted, limit=wanted, offset=start).hits) == wanted
    assert answered >= len(_PAGES)  # (every unfiltered page within them, and some filtered)


def test_a_bounded_search_is_answered_on_the_event_loop(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page the champions hold, or a search of few postings, costs little: answered
    inline, without the hop to a worker thread; what would score or count many matches
    (or snippet much text) is refused there and answered in a thread."""
    threads: list[Any] = []
    real = anyio.to_thread.run_sync

    async def spied(fn: Any, *args: Any, **kwargs: Any) -> Any:
        threads.append(fn)
        return await real(fn, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", spied)
    app = create_app(Settings(database_url=f"sqlite:///{synthetic}"))
    with TestClient(app) as client:

        def threaded(**params: Any) -> bool:
            threads.clear()
            assert client.get("/v1/search", params=params).status_code == 200
            return bool(threads)

        unasked = {"date_to": "2099-12-31"}  # (counts are cached per search: one no other test makes)
        assert not threaded(q="iraq OR syria", **unasked)  # 409 statements: any search is cheap
        assert threaded(q="iraq OR syria", limit=engine.INLINE_ROWS + 1, **unasked)  # but not any page
        assert threaded(q="fight*", **unasked)  # but a prefix's expansions are not counted
        monkeypatch.setattr(engine, "INLINE_POSTINGS", 10)  # nothing is cheap now
        assert threaded(q="coalition", **unasked)  # its count is made once, in a thread
        assert not threaded(q="coalition", **unasked)  # then its pages are cut among its champions
        assert not threaded(q="coalition", limit=20, offset=40, **unasked)
        filtered = {"q": '"foreign terrorist fighters"', "kind": _busiest(synthetic, "kind")[0], **unasked}
        assert threaded(**filtered) and not threaded(**filtered)
        assert threaded(q="coalition", limit=20, offset=120, **unasked)  # past the champions: every match scored
        assert threaded(q="iraq AND syria", **unasked) and threaded(q="iraq AND syria", **unasked)  # no champions
        monkeypatch.setattr(snippets, "INLINE_CHARS", 100)
        assert threaded(q="coalition", **unasked)  # more text to snippet than the loop may take
    app.state.engine.dispose()


def test_common_terms_are_those_in_one_statement_in_a_hundred(monkeypatch: pytest.MonkeyPatch) -> None:
    statements = [("", "filler words")] * 196 + [
        ("okapi report", "the the okapi"),  # twice in one statement: once; the title counts
        ("", "okapi"),
        ("", "zebra"),  # 1 of 200: not common
        ("", ""),
    ]
    codes = build.common_codes(statements)
    assert sorted(codes) == ["filler", "okapi", "words"]
    assert codes == build.codes_of(sorted(codes))  # the stored list gives the same codes
    assert len(set(codes.values())) == 3 and build.FILLER not in codes.values()
    monkeypatch.setattr(build, "MAX_COMMON", 2)  # more common terms than codes: the most common
    assert sorted(build.common_codes(statements)) == ["filler", "words"]
    assert build.common_codes([]) == {}


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ("foreign terrorist fighter", "FTG"),
        ("foreign okapi fighter", "F_G"),  # an uncommon term keeps its place: no false "FG"
        ("okapi", "_"),
        ("", ""),
        ("foreign  foreign", "FF"),  # FTS5's terms, space-separated
    ],
)
def test_a_column_is_coded_one_character_a_term(terms: str, expected: str) -> None:
    codes = {"foreign": "F", "terrorist": "T", "fighter": "G"}
    assert build.coded(terms, codes) == expected.replace("_", build.FILLER)


def test_common_phrases_are_ranked_as_one_term(synthetic: Path) -> None:
    """A phrase of two or three common terms asks the runs fields, so it ranks top-k like a word."""
    si = _opened(synthetic)
    assert si.codes
    cases = {
        '"foreign terrorist fighters"': True,  # three common terms
        '"the coalition"': True,
        '"global coalition to defeat isis"': False,  # five: a phrase
        '"okapi was seen"': False,  # "okapi" is in 2 statements of 400
        '"foreign terr"*': False,  # a prefix
    }
    for q, one_term in cases.items():
        shown = repr(engine.compile_query(si, to_fts5(q), Filters()))
        assert ("PhraseQuery" not in shown and "TermQuery" in shown) == one_term, (q, shown)


def test_a_term_is_asked_only_of_the_columns_that_hold_it(synthetic: Path) -> None:
    """A column without the term (or run) is left out: tantivy scores a bare term faster than a union."""
    si = _opened(synthetic)
    cases = {
        "okapi": ("BooleanQuery", 2),  # in a title and in texts: both, the title boosted
        "zebra": ("TermQuery", 1),  # in texts only: the text's term, alone
        '"foreign terrorist fighters"': ("TermQuery", 1),  # a run no title holds
        "xylograph": ("EmptyQuery", 0),  # in neither
    }
    for q, (top, terms) in cases.items():
        shown = repr(engine.compile_query(si, to_fts5(q), Filters()))
        assert shown.startswith(f"Query({top}") and shown.count("TermQuery") == terms, (q, shown)
    # the same scores as the union of both columns would give
    schema, both = si.index.schema, []
    for column, boost in (("title", TITLE_BOOST), ("text", 1.0)):
        both.append(
            (tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(schema, column, "zebra"), boost))
        )
    union = si.searcher.search(tantivy.Query.boolean_query(both), limit=50).hits
    assert union and union == si.searcher.search(engine.compile_query(si, to_fts5("zebra"), Filters()), limit=50).hits


@pytest.mark.parametrize("q", QUERIES)
def test_snippets_are_the_served_tables_own(api: TestClient, indexed: Path, q: str) -> None:
    """Made in a scratch FTS5 table of the page's rows, each snippet is the one the served
    table makes for the same row (every match, in pages of 20)."""
    expression = to_fts5(q)
    with sqlite3.connect(indexed) as conn:
        served = dict(
            conn.execute(f"SELECT rowid, {SNIPPET} FROM statements_fts WHERE statements_fts MATCH ?", (expression,))
        )
    rowids = [*sorted(served), 10**9]  # (a row that is not there has none)
    with Reader(api.app.state.engine) as reader:
        made = {}
        for start in range(0, len(rowids), 20):
            made.update(page_snippets(reader, expression, rowids[start : start + 20], SNIPPET))
    assert made == served


def test_title_counts_five_times_and_ties_go_to_the_smaller_id(api: TestClient) -> None:
    okapi = [h["statement"]["id"] for h in exported(api, "/v1/search", q="okapi")]
    assert okapi == ["made-title-a", "made-title-b"]
    zebras = exported(api, "/v1/search", q='"zebra quagga"')
    assert [h["statement"]["id"] for h in zebras] == ["made-tie-a", "made-tie-b", "made-tie-c"]
    assert len({h["score"] for h in zebras}) == 1
    assert zebras[0]["snippet"] == "<mark>zebra quagga</mark>"


@pytest.mark.parametrize(("path", "q"), [("/v1/search", "coalition"), ("/v1/statements", "iraq OR syria")])
def test_cursor_offset_and_export_give_one_order(api: TestClient, path: str, q: str) -> None:
    everything = [r["statement"]["id"] if "statement" in r else r["id"] for r in exported(api, path, q=q)]
    key = "statement" if path == "/v1/search" else None

    def ids(body: dict[str, Any]) -> list[str]:
        return [i[key]["id"] if key else i["id"] for i in body["items"]]

    walked: list[str] = []
    body = api.get(path, params={"q": q, "limit": 7}).json()
    while True:
        walked.extend(ids(body))
        if body["next"] is None:
            break
        body = api.get(body["next"]).json()
    assert walked == everything
    paged: list[str] = []
    for offset in range(0, len(everything) + 5, 5):
        paged.extend(ids(api.get(path, params={"q": q, "limit": 5, "offset": offset}).json()))
    assert paged == everything
    searched = [i["statement"]["id"] for i in exported(api, "/v1/search", q=q)]
    listed = [i["id"] for i in exported(api, "/v1/statements", q=q)]
    assert searched == listed  # one ranking for both lists


def test_search_answers_keep_their_shape(api: TestClient) -> None:
    body = api.get("/v1/search", params={"q": "coalition", "limit": 3, "facet": "kind,speaker"}).json()
    assert set(body) == {"items", "total", "limit", "next", "facets"}
    assert sum(f["count"] for f in body["facets"]["kind"]) == body["total"]
    hit = body["items"][0]
    assert set(hit) == {"statement", "score", "snippet"} and hit["score"] > 0
    assert "<mark>" in hit["snippet"].lower()
    rows = list(csv.reader(io.StringIO(api.get("/v1/search", params={"q": "coalition", "format": "csv"}).text)))
    assert len(rows) == body["total"] + 1


def test_cursors_are_checked(api: TestClient) -> None:
    body = api.get("/v1/search", params={"q": "coalition", "limit": 2}).json()
    cursor = body["next"].split("cursor=")[1]
    assert api.get("/v1/search", params={"q": "coalition", "cursor": cursor}).status_code == 200
    # the same position in another search's results is not this cursor's row
    assert_problem(api.get("/v1/search", params={"q": "iraq", "cursor": cursor}), 422, "cursor")
    import base64

    def forged(values: list[Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(["relevance", values]).encode()).decode().rstrip("=")

    assert_problem(api.get("/v1/search", params={"q": "coalition", "cursor": forged([-1.0, "x", -3])}), 422, "cursor")
    assert_problem(api.get("/v1/search", params={"q": "coalition", "cursor": forged([-1.0, "x"])}), 422, "cursor")
    assert_problem(api.get("/v1/search", params={"q": '"open'}), 422, "q")


def test_a_page_costs_the_same_queries_at_any_size(api: TestClient, count_queries_on: Any) -> None:
    counter = count_queries_on(api.app)
    for path in ("/v1/search", "/v1/statements"):
        api.get(path, params={"q": "coalition"})
        counts = []
        for limit in (1, 500):
            counter.clear()
            assert api.get(path, params={"q": "coalition", "limit": limit}).status_code == 200
            counts.append(len(counter))
        assert counts[0] == counts[1] <= 3, path


@pytest.fixture
def count_queries_on() -> Iterator[Any]:
    """Record the statements an app's engine executes (a list, cleared by the test)."""
    from sqlalchemy import event

    listening: list[tuple[Any, Any]] = []

    def attach(app: Any) -> list[str]:
        seen: list[str] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            seen.append(statement)

        event.listen(app.state.engine, "after_cursor_execute", record)
        listening.append((app.state.engine, record))
        return seen

    yield attach
    from sqlalchemy import event as ev

    for eng, fn in listening:
        ev.remove(eng, "after_cursor_execute", fn)


# --------------------------------------------------------------------------- which index


def _copy(src: Path, folder: Path, name: str = "c.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / name
    shutil.copy(src, db)
    return db


def _first_page(db: Path, q: str = "coalition") -> dict[str, Any]:
    app = create_app(Settings(database_url=f"sqlite:///{db}"))
    try:
        with TestClient(app) as client:
            return client.get("/v1/search", params={"q": q, "limit": 2}).json()  # type: ignore[no-any-return]
    finally:
        app.state.engine.dispose()


def test_without_its_index_fts5_answers(bundled: Path, tmp_path: Path) -> None:
    indexed = _first_page(bundled)
    # a database built before indexes names none
    plain = _copy(bundled, tmp_path / "plain")
    with sqlite3.connect(plain) as conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (META_KEY,))
    body = _first_page(plain)
    assert not _uses_index(body) and body["total"] == indexed["total"]
    # a copy elsewhere names an index that is not beside it
    moved = _copy(bundled, tmp_path / "moved")
    assert not _uses_index(_first_page(moved))
    # an index built by another SQLite (whose tokenizer may differ) is not used
    other = _copy(bundled, tmp_path / "other")
    token = database_token(other)
    assert token is not None
    shutil.copytree(index_root(bundled) / token, index_root(other) / token)
    manifest = index_root(other) / token / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"sqlite_version": "', '"sqlite_version": "0.'))
    assert not _uses_index(_first_page(other))


def test_the_same_rows_give_the_same_token_and_database_bytes(bundled: Path, tmp_path: Path) -> None:
    again = _copy(bundled, tmp_path / "again")
    with sqlite3.connect(again) as conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (META_KEY,))
    twice = _copy(again, tmp_path / "twice")
    assert build_search_index(again, index_root(again)) == build_search_index(twice, index_root(twice))
    assert again.read_bytes() == twice.read_bytes()
    assert build_search_index(again, index_root(again)) == database_token(again)  # rebuilt: kept


def test_a_replaced_database_is_searched_with_its_own_index(bundled: Path, tmp_path: Path) -> None:
    served = _copy(bundled, tmp_path / "served")
    shutil.copytree(index_root(bundled), index_root(served))
    app = create_app(Settings(database_url=f"sqlite:///{served}"))
    try:
        with TestClient(app) as client:
            before = client.get("/v1/search", params={"q": '"zebra quagga"', "limit": 1}).json()
            assert before["total"] == 3 and _uses_index(before)
            # the next build: more zebras, a new data version; indexed aside, then renamed over
            aside = _copy(served, tmp_path / "served", ".c.db.tmp")
            with sqlite3.connect(aside) as conn:
                conn.execute("DELETE FROM meta WHERE key = ?", (META_KEY,))
                conn.execute("UPDATE statements_fts SET text = 'zebra quagga' WHERE statement_id = 'made-title-b'")
                conn.execute("UPDATE statements SET text = 'zebra quagga' WHERE id = 'made-title-b'")
                conn.execute("UPDATE meta SET value = value || '-next' WHERE key = 'data_version'")
            old, new = database_token(served), build_search_index(aside, index_root(served))
            assert new is not None and new != old
            os.replace(aside, served)
            after = client.get("/v1/search", params={"q": '"zebra quagga"', "limit": 1}).json()
            assert after["total"] == 4 and _uses_index(after)
            assert after["items"][0]["statement"]["id"] == "made-tie-a"
            # the old build's cursor names a row of another build
            assert_problem(client.get(before["next"]), 422, "cursor")
            prune_search_indexes(served)
            assert sorted(p.name for p in index_root(served).iterdir()) == [new]
            assert client.get("/v1/search", params={"q": '"zebra quagga"'}).json()["total"] == 4
    finally:
        app.state.engine.dispose()


_BUILD = """
import sys, time
from pathlib import Path
import app.search.build as b

stalled = getattr(b, sys.argv[3])

def stall(*args):
    print("stalled", flush=True)
    time.sleep(60)
    return stalled(*args)

setattr(b, sys.argv[3], stall)
b.build_search_index(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.parametrize("stage", ["_verify", "_name_in_database"])
def test_a_killed_build_leaves_the_served_database_and_index(bundled: Path, tmp_path: Path, stage: str) -> None:
    """Killed while checking its new index, or after publishing it but before naming it in the new file."""
    served = _copy(bundled, tmp_path / "served")
    shutil.copytree(index_root(bundled), index_root(served))
    token = database_token(served)
    aside = _copy(served, tmp_path / "served", ".c.db.tmp")
    with sqlite3.connect(aside) as conn:
        conn.execute("UPDATE meta SET value = value || '-killed' WHERE key = 'data_version'")
        conn.execute("UPDATE statements_fts SET text = 'okapi' WHERE statement_id = 'made-tie-a'")
    served_bytes, aside_bytes = served.read_bytes(), aside.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", _BUILD, str(aside), str(index_root(served)), stage],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "stalled\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert served.read_bytes() == served_bytes
    assert aside.read_bytes() == aside_bytes  # not named: had it been renamed over, FTS5 would answer
    body = _first_page(served, '"zebra quagga"')
    assert _uses_index(body) and body["total"] == 3
    left = sorted(p.name for p in index_root(served).iterdir())
    assert len(left) == 2 and token in left  # the killed build's folder (hidden, or published and unnamed)
    prune_search_indexes(served)
    assert [p.name for p in index_root(served).iterdir()] == [token]


@pytest.mark.parametrize(
    "spoil",
    [
        "UPDATE statements SET date = '2019' WHERE id = 'made-tie-a'",  # not comparable as SQL compares it
        "INSERT INTO statements_fts (statement_id, title, text) VALUES ('nobody', '', 'orphan row')",  # FTS5 counts it
    ],
)
def test_an_index_that_would_differ_from_fts5_is_not_published(bundled: Path, tmp_path: Path, spoil: str) -> None:
    db = _copy(bundled, tmp_path / "spoiled")  # names the bundled copy's index, as a copied build would
    with sqlite3.connect(db) as conn:
        conn.execute(spoil)
    assert build_search_index(db, index_root(db)) is None
    assert database_token(db) is None and list(index_root(db).iterdir()) == []
    body = _first_page(db)
    assert not _uses_index(body) and body["total"] > 0
