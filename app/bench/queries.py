"""The benchmark's queries: what we ask, what Datasette is asked, and the raw SQL floor.

Each query has our URL(s), one or more Datasette candidates (its table view with
filters, or its SQL endpoint with the best SQL we could write for it; the benchmark
keeps the fastest) and the SQL statements a minimal answer needs, timed in-process as
the floor. Lists of URLs are cycled through by the load generator (Q1 rotates over the
busiest curated speakers, Q4 over 500 statements with figures).

Parameters come from the database itself, so they are the same for the API and
Datasette and name the same rows at every size (curated speakers and the first copy's
statements are in every replicated database).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

PHRASE = '"foreign terrorist fighters"'
Q5_KIND = "remarks"
Q5_LIMIT = 10
Q5_PAGE = 1000
Q6_FROM = "2020-01-01"
BILLION = 1_000_000_000


@dataclass
class Query:
    """One line of the table."""

    name: str
    label: str
    ours: list[str]
    datasette: dict[str, list[str]] = field(default_factory=dict)
    sql: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)


def tilde_encode(text: str) -> str:
    """Datasette's encoding of key values in ``_next`` tokens (``datasette.utils.tilde_encode``)."""
    safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "".join(c if c in safe else "".join(f"~{b:02X}" for b in c.encode()) for c in text)


def _sql_url(db: str, sql: str, **params: object) -> str:
    return f"/{db}.json?" + urlencode({"sql": " ".join(sql.split()), **params, "_shape": "objects"})


_STATEMENT_COLUMNS = """
    s.id, s.date, s.kind, s.title, substr(s.text, 1, 280) AS text, s.word_count, s.figure_count,
    s.speaker_id, sp.name AS speaker_name, s.meeting_id, m.name AS meeting_name, m.date AS meeting_date
"""
_STATEMENT_JOINS = """
    FROM statements s JOIN speakers sp ON sp.id = s.speaker_id LEFT JOIN meetings m ON m.id = s.meeting_id
"""


def build(path: Path) -> list[Query]:
    """Q1-Q6 for the database at ``path`` (Datasette serves it as ``path.stem``)."""
    db = path.stem
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        speakers = [
            sid
            for (sid,) in conn.execute(
                "SELECT id FROM speakers WHERE curated ORDER BY statement_count DESC, id LIMIT 8"
            )
        ]
        statement_ids = [
            sid for (sid,) in conn.execute("SELECT id FROM statements WHERE figure_count > 0 ORDER BY id LIMIT 500")
        ]
        offset = (Q5_PAGE - 1) * Q5_LIMIT
        before = conn.execute(
            "SELECT date, id FROM statements WHERE kind = ? ORDER BY date, id LIMIT 1 OFFSET ?",
            (Q5_KIND, offset - 1),
        ).fetchone()
    finally:
        conn.close()
    if before is None:
        raise ValueError(f"{path}: fewer than {offset} statements of kind {Q5_KIND!r}; Q5 needs page {Q5_PAGE}")

    q1_sql = f"""SELECT {_STATEMENT_COLUMNS} {_STATEMENT_JOINS}
        WHERE s.speaker_id = :sp ORDER BY s.date DESC, s.id DESC LIMIT 50"""
    q2_sql = """
        SELECT s.id, s.date, s.kind, s.title, substr(s.text, 1, 280) AS text, sp.name AS speaker_name,
               hit.score, hit.snippet
        FROM (SELECT statement_id, -rank AS score,
                     snippet(statements_fts, -1, '<mark>', '</mark>', '…', 24) AS snippet
              FROM statements_fts WHERE statements_fts MATCH :q AND rank MATCH 'bm25(0.0, 5.0, 1.0)'
              ORDER BY rank LIMIT 20) hit
        JOIN statements s ON s.id = hit.statement_id JOIN speakers sp ON sp.id = s.speaker_id
        ORDER BY hit.score DESC
    """
    q3_sql = """
        SELECT f.id, f.statement_id, f.date, f.text, f.value, f.unit, f.qualifier, f.noun, f.sentence,
               f.speaker_id, sp.name AS speaker_name, st.kind AS statement_kind, st.title AS statement_title
        FROM figures f JOIN speakers sp ON sp.id = f.speaker_id JOIN statements st ON st.id = f.statement_id
        WHERE f.unit = 'USD' AND f.value >= :v ORDER BY f.value DESC, f.id DESC LIMIT 50
    """
    q4_sql = f"""
        SELECT s.id, s.date, s.kind, s.title, s.text, s.attribution, s.word_count, s.figure_count,
               s.speaker_id, sp.name AS speaker_name, s.meeting_id, m.name AS meeting_name,
               (SELECT json_group_array(json_object('document_id', document_id, 'start', start, 'end', "end",
                       'complete', complete)) FROM statement_sources WHERE statement_id = s.id) AS sources,
               (SELECT json_group_array(json_object('id', id, 'text', text, 'value', value, 'unit', unit,
                       'qualifier', qualifier, 'noun', noun, 'sentence', sentence))
                  FROM figures WHERE statement_id = s.id) AS figures
        {_STATEMENT_JOINS} WHERE s.id = :id
    """
    q5_sql = f"""SELECT {_STATEMENT_COLUMNS} {_STATEMENT_JOINS}
        WHERE s.kind = :k ORDER BY s.date, s.id LIMIT {Q5_LIMIT} OFFSET {offset}"""

    return [
        Query(
            "Q1",
            "a speaker's statements, newest first, 50",
            [f"/v1/statements?speaker={sp}&sort=-date&limit=50" for sp in speakers],
            {
                "table": [
                    f"/{db}/statements.json?speaker_id={sp}&_sort_desc=date&_size=50&_labels=on" for sp in speakers
                ],
                "sql": [_sql_url(db, q1_sql, sp=sp) for sp in speakers],
            },
            [
                (q1_sql, (speakers[0],)),
                ("SELECT count(*) FROM statements WHERE speaker_id = ?", (speakers[0],)),
            ],
        ),
        Query(
            "Q2",
            "full-text phrase (25% match), top 20 ranked, snippets",
            [f"/v1/search?q={quote(PHRASE)}&limit=20"],
            {
                "table": [f"/{db}/statements_fts.json?_search={quote(PHRASE)}&_size=20"],
                "sql": [_sql_url(db, q2_sql, q=PHRASE)],
            },
            [(q2_sql.replace(":q", "?"), (PHRASE,))],
        ),
        Query(
            "Q3",
            "figures in USD above a billion, by value, 50",
            [f"/v1/figures?unit=USD&min_value={BILLION}&sort=-value&limit=50"],
            {
                "table": [f"/{db}/figures.json?unit=USD&value__gte={BILLION}&_sort_desc=value&_size=50&_labels=on"],
                "sql": [_sql_url(db, q3_sql, v=BILLION)],
            },
            [
                (q3_sql.replace(":v", "?"), (BILLION,)),
                ("SELECT count(*) FROM figures WHERE unit = 'USD' AND value >= ?", (BILLION,)),
            ],
        ),
        Query(
            "Q4",
            "one statement with its figures and sources",
            [f"/v1/statements/{sid}" for sid in statement_ids],
            {
                "table": [f"/{db}/statements/{tilde_encode(sid)}.json?_labels=on" for sid in statement_ids],
                "sql": [_sql_url(db, q4_sql, id=sid) for sid in statement_ids],
            },
            [(q4_sql.replace(":id", "?"), (statement_ids[0],))],
        ),
        Query(
            "Q5",
            f"page {Q5_PAGE:,} of a filtered list ({Q5_LIMIT} a page)",
            [f"/v1/statements?kind={Q5_KIND}&limit={Q5_LIMIT}&offset={offset}"],
            {
                "table": [
                    f"/{db}/statements.json?kind={Q5_KIND}&_sort=date&_size={Q5_LIMIT}&_labels=on"
                    f"&_next={tilde_encode(str(before[0]))},{tilde_encode(before[1])}"
                ],
                "sql": [_sql_url(db, q5_sql, k=Q5_KIND)],
            },
            [
                (q5_sql.replace(":k", "?"), (Q5_KIND,)),
                ("SELECT count(*) FROM statements WHERE kind = ?", (Q5_KIND,)),
            ],
        ),
        Query(
            "Q6",
            "a faceted list (speaker, kind)",
            [f"/v1/statements?date_from={Q6_FROM}&facet=speaker&facet=kind&limit=20"],
            {
                "table": [
                    f"/{db}/statements.json?date__gte={Q6_FROM}&_facet=speaker_id&_facet=kind&_size=20&_labels=on"
                ],
            },
            [
                (
                    f"SELECT {_STATEMENT_COLUMNS} {_STATEMENT_JOINS} WHERE s.date >= ? ORDER BY s.date, s.id LIMIT 20",
                    (Q6_FROM,),
                ),
                ("SELECT count(*) FROM statements WHERE date >= ?", (Q6_FROM,)),
                (
                    "SELECT speaker_id, count(*) c FROM statements WHERE date >= ? GROUP BY 1 ORDER BY c DESC LIMIT 99",
                    (Q6_FROM,),
                ),
                ("SELECT kind, count(*) c FROM statements WHERE date >= ? GROUP BY 1 ORDER BY c DESC", (Q6_FROM,)),
            ],
        ),
    ]
