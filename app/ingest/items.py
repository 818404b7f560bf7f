"""The statements' list items, rendered once by the build (``statement_items``).

A page of statements is the API's hot path, and building its items — speaker and
meeting references, excerpt, sources — costs more than finding the rows. The database
never changes once built, so the build renders every item with the API's own
``list_item`` and stores its JSON; a page then joins it by id. Run on a finished
``statements`` table (the ingest and the benchmark's scaled copies both call it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from itertools import groupby
from typing import Any

import orjson

from app.queries.statements import LIST_COLUMNS, list_item, meeting_ref, source_ref, speaker_ref

BATCH = 5_000


def _items(db: sqlite3.Connection, schema: str) -> Iterator[tuple[str, str]]:
    speakers = {i: speaker_ref(i, name) for i, name in db.execute(f"SELECT id, name FROM {schema}.speakers")}
    meetings = {i: meeting_ref(i, n, d) for i, n, d in db.execute(f"SELECT id, name, date FROM {schema}.meetings")}
    rows = db.execute(f"SELECT {LIST_COLUMNS} FROM {schema}.statements s ORDER BY s.id")
    spans = db.cursor().execute(
        f'SELECT statement_id, document_id, start, "end", complete FROM {schema}.statement_sources '
        "ORDER BY statement_id, document_id"
    )
    by_statement = groupby(spans, key=lambda span: span[0])
    pending: tuple[str, Any] | None = next(by_statement, None)
    for row in rows:
        item = list_item(row, speakers, meetings)
        while pending is not None and pending[0] < item["id"]:  # sources of no statement: none
            pending = next(by_statement, None)
        if pending is not None and pending[0] == item["id"]:
            item["sources"] = [source_ref(*span[1:]) for span in pending[1]]
            pending = next(by_statement, None)
        yield item["id"], orjson.dumps(item).decode()


def write_items(db: sqlite3.Connection, schema: str = "main") -> int:
    """Render every statement's list item into ``statement_items``; how many."""
    insert = f"INSERT INTO {schema}.statement_items (statement_id, item) VALUES (?, ?)"
    written = 0
    batch: list[tuple[str, str]] = []
    for entry in _items(db, schema):
        batch.append(entry)
        if len(batch) >= BATCH:
            db.executemany(insert, batch)
            written += len(batch)
            batch = []
    db.executemany(insert, batch)
    return written + len(batch)
