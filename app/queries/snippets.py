"""FTS5 snippets of a page of rows, made in a scratch FTS5 index of those rows alone.

``snippet()`` needs its row matched by the query. Matching the page's 20 rows by rowid in
the served table costs a fresh seek into every term's doclist for each row: at a million
statements, with a phrase of common terms, 0.43 ms of Q2's 1.5 ms, where the snippets
themselves take 0.13. A snippet depends only on its row's text and the query (which
fragment holds the most of the query's phrases, and where they are), not on the other
rows, so the page's rows are copied into an in-memory FTS5 table made like the served
one (the same columns, options and tokenizer: its own ``CREATE`` statement, with the
rows as external content) and matched there: the whole page's snippets in 0.37 ms. The
tests compare them with the served table's own for every search they run.

The scratch database lives with the pooled connection it serves (:attr:`Reader.info`),
so one request uses it at a time, and it goes when the pool is replaced with the file.
Its work is bounded by the page (the API's largest); on the event loop, by ``INLINE_CHARS``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from app.queries.raw import OverBudget, Reader, placeholders

TABLE = "statements_fts"
_CONTENT = "snippet_rows"
_KEY = "snippet-scratch"
INLINE_CHARS = 100_000  # a page of more text is not made on the event loop (about 2.5 ms of snippets)


class Scratch:
    """An in-memory FTS5 table made by ``create_sql`` (the served table's), holding a page."""

    def __init__(self, create_sql: str) -> None:
        self._conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        close = create_sql.rstrip().rstrip(";").rstrip()
        if not close.endswith(")"):
            raise ValueError(f"not a CREATE VIRTUAL TABLE … USING fts5(…): {create_sql!r}")
        self._conn.execute(f"{close[:-1]}, content = '{_CONTENT}', content_rowid = 'rowid')")
        columns = [row[1] for row in self._conn.execute(f"PRAGMA table_info({TABLE})")]
        self.quoted = ", ".join(f'"{c}"' for c in columns)  # the served table's columns, as SQL
        self._conn.execute(f"CREATE TABLE {_CONTENT} ({self.quoted})")
        self._insert = f"INSERT INTO {_CONTENT} (rowid, {self.quoted}) VALUES (?, {placeholders(columns)})"

    def snippets(self, rows: list[tuple[Any, ...]], expression: str, snippet_sql: str) -> dict[Any, str]:
        """``snippet_sql`` (on ``statements_fts``) of each of ``rows`` (rowid, then every
        column) that ``expression`` matches, by rowid."""
        conn = self._conn
        conn.execute(f"DELETE FROM {_CONTENT}")
        conn.executemany(self._insert, rows)
        conn.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")  # indexes these rows only
        return dict(conn.execute(f"SELECT rowid, {snippet_sql} FROM {TABLE} WHERE {TABLE} MATCH ?", (expression,)))


def page_snippets(reader: Reader, expression: str, rowids: list[Any], snippet_sql: str) -> dict[Any, str]:
    """``snippet_sql`` of each FTS5 row in ``rowids`` for the FTS5 ``expression``, by rowid."""
    if not rowids:
        return {}
    scratch = reader.info.get(_KEY)
    if scratch is None:
        create_sql = reader.fact("fts-create", f"SELECT sql FROM sqlite_master WHERE name = '{TABLE}'")
        scratch = reader.info[_KEY] = Scratch(str(create_sql))
    rows = reader.all(f"SELECT rowid, {scratch.quoted} FROM {TABLE} WHERE rowid IN ({placeholders(rowids)})", rowids)
    if reader.on_budget:  # (the scratch has no time limit of its own)
        chars = sum(len(value) for row in rows for value in row[1:] if isinstance(value, str))
        if chars > INLINE_CHARS:
            raise OverBudget("the page's snippets would hold the event loop")
    return scratch.snippets(rows, expression, snippet_sql)
