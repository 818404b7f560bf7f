"""The statements' list items, rendered once by the build (``statement_items``).

A page of statements is the API's hot path, and building its items — speaker and
meeting references, excerpt, sources — costs more than finding the rows. The database
never changes once built, so the build renders every item with the API's own
``list_item`` and stores its JSON; a page then joins it by rowid. Run on a finished
``statements`` table (the ingest and the benchmark's scaled copies both call it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from itertools import groupby
from typing import Any

import orjson

from app.models import StatementItem
from app.queries.refs import meeting_ref, source_ref, speaker_ref
from app.queries.statements import LIST_COLUMNS, list_item


def _items(db: sqlite3.Connection) -> Iterator[tuple[int, str, str]]:
    """(rowid, statement id, item JSON) of every statement, in rowid order."""
    speakers = {i: speaker_ref(i, name) for i, name in db.execute("SELECT id, name FROM main.speakers")}
    meetings = {i: meeting_ref(i, n, d) for i, n, d in db.execute("SELECT id, name, date FROM main.meetings")}
    rows = db.execute(f"SELECT s.rowid, {LIST_COLUMNS} FROM main.statements s ORDER BY s.rowid")
    # The sources in their statements' order: each found by id in the statements' key
    # index (the rowid is in it), then sorted, rather than a second scan of the table.
    spans = db.cursor().execute(
        'SELECT s.rowid, src.document_id, src.start, src."end", src.complete '
        "FROM main.statement_sources src CROSS JOIN main.statements s ON s.id = src.statement_id "
        "ORDER BY s.rowid, src.document_id"
    )
    by_statement = groupby(spans, key=lambda span: span[0])
    pending: tuple[int, Any] | None = next(by_statement, None)
    for rowid, *row in rows:
        item = list_item(row, speakers, meetings)
        if pending is not None and pending[0] == rowid:
            item["sources"] = [source_ref(*span[1:]) for span in pending[1]]
            pending = next(by_statement, None)
        yield rowid, item["id"], orjson.dumps(item).decode()


def write_items(db: sqlite3.Connection) -> int:
    """Render every statement's list item into ``statement_items`` (streamed: no batch is
    held in memory), each at its statement's rowid (see ``app.models.StatementItem``); how many."""
    cursor = db.executemany(
        f"INSERT INTO main.{StatementItem.__tablename__} (rowid, statement_id, item) VALUES (?, ?, ?)", _items(db)
    )
    return cursor.rowcount
