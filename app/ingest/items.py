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

from app.ingest import load
from app.models import StatementItem
from app.queries.statements import LIST_COLUMNS, list_item, meeting_ref, source_ref, speaker_ref


def _items(db: sqlite3.Connection) -> Iterator[dict[str, str]]:
    speakers = {i: speaker_ref(i, name) for i, name in db.execute("SELECT id, name FROM main.speakers")}
    meetings = {i: meeting_ref(i, n, d) for i, n, d in db.execute("SELECT id, name, date FROM main.meetings")}
    rows = db.execute(f"SELECT {LIST_COLUMNS} FROM main.statements s ORDER BY s.id")
    spans = db.cursor().execute(
        'SELECT statement_id, document_id, start, "end", complete FROM main.statement_sources '
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
        yield {"statement_id": item["id"], "item": orjson.dumps(item).decode()}


def write_items(db: sqlite3.Connection) -> int:
    """Render every statement's list item into ``statement_items`` (streamed: no batch is
    held in memory); how many."""
    return load.insert(db, StatementItem, _items(db))
