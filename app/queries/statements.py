"""Queries over statements, including full-text search.

A hot path (see :mod:`app.queries.raw`): filters are SQL fragments, rows become the
response's dicts. The FTS5 table is joined as a subquery giving each matching statement
its BM25 rank (title weighted above text); relevance is then one more keyset sort,
``(rank, id)``, so search results page exactly like any other list. Snippets are made
for the returned page only.

Dates sort with undated statements last. When no row of the result can be undated (a
date filter is given, or the database has no undated statement) the key is the bare
``date`` column, which the ``(…, date, id)`` indexes serve in order; otherwise it is
``coalesce(date, sentinel)``, the same order and the same cursor values, but sorted.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson

from app import schemas as s
from app.errors import InvalidParameter, NotFound
from app.queries import figures as figure_queries
from app.queries import raw
from app.queries.fts import to_fts5, to_tsquery
from app.queries.raw import Keyset, RawFacet, RawListing, Reader, TopK, placeholders
from app.queries.refs import meeting_refs, source_ref, speaker_refs
from app.queries.snippets import page_snippets
from app.search import engine as search_index

_LAST_DATE = "9999-12-31"
_FIRST_DATE = "0000-01-01"
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
RANK = "bm25(statements_fts, 0.0, 5.0, 1.0)"
SNIPPET = f"snippet(statements_fts, -1, '{_MARK_OPEN}', '{_MARK_CLOSE}', '…', 24)"

_SOURCE = "statements s"
# The matches drive the join (CROSS JOIN keeps them the outer loop): statement_id is not
# indexed in the FTS table, so the other way round would run the MATCH once per statement.
_FTS = (
    f"(SELECT rowid AS fts_rowid, statement_id, {RANK} AS rank FROM statements_fts"
    " WHERE statements_fts MATCH ?) fts CROSS JOIN statements s ON s.id = fts.statement_id"
)
# Counting needs no rank (bm25 reads every match's size: most of a ranking's cost), and
# with no statement filter no statement row either.
_MATCHES = (
    "(SELECT statement_id FROM statements_fts WHERE statements_fts MATCH ?) fts"
    " CROSS JOIN statements s ON s.id = fts.statement_id"
)
_MATCH_COUNT = "(SELECT 1 FROM statements_fts WHERE statements_fts MATCH ?)"
# With no statement filter the ranking happens inside the FTS subquery, and only the
# page's matches are joined to their statements.
_TOPK = TopK(
    source=(
        f"(SELECT rowid AS fts_rowid, statement_id, {RANK} AS rank FROM statements_fts"
        f" WHERE statements_fts MATCH ?{{after}} ORDER BY {RANK}, statement_id LIMIT {{limit}}) fts"
        " CROSS JOIN statements s ON s.id = fts.statement_id"
    ),
    keys=(RANK, "statement_id"),
)
# PostgreSQL: the generated ``search`` vector (title weighted A, text D) and its GIN
# index; ``ts_rank`` with A at 5× D, as the FTS5 ranking weights the title. The rank is
# negated (smaller is better, as bm25) and float8 so cursors round-trip exactly.
_PG_RANK = "-ts_rank('{0.1, 0.2, 0.4, 0.5}', s.search, fq.query)::float8"
_PG_MATCHES = "statements s JOIN (SELECT {query} AS query) fq ON s.search @@ fq.query"
_PG_FTS = _PG_MATCHES + f" CROSS JOIN LATERAL (SELECT s.id AS fts_rowid, {_PG_RANK} AS rank) fts"
_PG_SNIPPET = (
    f"ts_headline('english', s.text, fq.query, 'StartSel={_MARK_OPEN}, StopSel={_MARK_CLOSE}, "
    "MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=…')"
)


@dataclass(frozen=True)
class FullText:
    """A full-text query as the FROM clauses a listing needs, on one database's engine."""

    source: str  # matches with ``fts.rank`` and ``fts.fts_rowid``, joined to ``statements s``
    matches: str  # matches joined to ``statements s``, without the rank
    match_count: str  # matches alone: counted when no statement filter applies
    params: tuple[Any, ...]  # bound once in any of them
    topk: TopK | None  # ranks and cuts before joining, when no statement filter applies
    snippets: Callable[[Reader, list[Any]], dict[Any, str]]  # by ``fts_rowid``, for a page


def full_text_query(reader: Reader, q: str) -> FullText:
    """The full-text query ``q`` (validated: a 422 naming ``q``) for the reader's database."""
    if reader.dialect is raw.SQLITE:
        expression = to_fts5(q)

        def fts5_snippets(reader: Reader, rowids: list[Any]) -> dict[Any, str]:
            return page_snippets(reader, expression, rowids, SNIPPET)

        return FullText(_FTS, _MATCHES, _MATCH_COUNT, (expression,), _TOPK, fts5_snippets)
    query, params = to_tsquery(q)
    matches = _PG_MATCHES.replace("{query}", query)

    def headlines(reader: Reader, ids: list[Any]) -> dict[Any, str]:
        return dict(
            reader.all(
                f"SELECT s.id, {_PG_SNIPPET} FROM {matches} WHERE s.id IN ({placeholders(ids)})",
                (*params, *ids),
            )
        )

    return FullText(_PG_FTS.replace("{query}", query), matches, matches, params, None, headlines)


def index_ranker(reader: Reader, ft: FullText, filters: Filters) -> search_index.IndexRanker | None:
    """The search index's top-k for a relevance sort, when the served SQLite database has one.

    It matches the statements FTS5 matches and ranks them without scoring every match
    (:mod:`app.search.engine`); without an index (an older build) FTS5 ranks.
    """
    if reader.dialect is not raw.SQLITE:
        return None
    return search_index.ranker(reader, ft.params[0], filters)


# The speaker and meeting an item names come from raw.refs (cached), not from a join.
_COLUMNS = "s.id, s.date, s.kind, s.title, {text}, s.word_count, s.figure_count, s.speaker_id, s.meeting_id"
_WIDTH = 9
LIST_COLUMNS = _COLUMNS.format(text=f"substr(s.text, 1, {s.EXCERPT_CHARS + 1})")  # what a list item needs
# A listing joins the stored items (``statement_items``) when the database has them. In
# SQLite by rowid, the statement's (see ``app.models.StatementItem``), and read as bytes: the
# stored JSON goes into the page as it is, and a str would be decoded from UTF-8 by sqlite3
# only to be encoded again by orjson (the items hold "…" and names in other scripts, so
# neither is a plain copy): 80 µs of a 50-item page.
_RENDERED = {
    raw.SQLITE: raw.Rendered(column="CAST(i.item AS BLOB)", join=" JOIN statement_items i ON i.rowid = s.rowid"),
    raw.POSTGRESQL: raw.Rendered(column="i.item", join=" JOIN statement_items i ON i.statement_id = s.id"),
}

_FIGURE_REFS = ("speaker", "meeting", "statement")
FIGURE_FIELDS = tuple(name for name in s.Figure.model_fields if name not in _FIGURE_REFS)

FACETS = {
    "speaker": RawFacet("s.speaker_id", "fsp.name", " LEFT JOIN speakers fsp ON fsp.id = s.speaker_id"),
    "meeting": RawFacet("s.meeting_id", "fm.name", " LEFT JOIN meetings fm ON fm.id = s.meeting_id"),
    "kind": RawFacet("s.kind", "s.kind"),
    "year": RawFacet("substr(s.date, 1, 4)", "substr(s.date, 1, 4)"),
}


@dataclass(frozen=True)
class Filters:
    """The statement filters shared by ``/v1/statements``, search and sub-resources."""

    id: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    meeting: tuple[str, ...] = ()
    document: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    date_from: Any = None
    date_to: Any = None
    has_figures: bool | None = None

    @classmethod
    def of(cls, p: s.StatementParams | s.SearchParams, **override: Any) -> Filters:
        """The filters in a parameter model (``override`` pins one, e.g. the path id)."""
        values = {
            "id": tuple(p.id),
            "speaker": tuple(p.speaker),
            "meeting": tuple(p.meeting),
            "document": tuple(getattr(p, "document", ())),
            "kind": tuple(p.kind),
            "date_from": p.date_from,
            "date_to": p.date_to,
            "has_figures": getattr(p, "has_figures", None),
        }
        values.update(override)
        return cls(**values)

    def sql(self) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        """WHERE conditions on ``statements s`` and their parameters."""
        where: list[str] = []
        params: list[Any] = []
        for column, values in (
            ("s.id", self.id),
            ("s.speaker_id", self.speaker),
            ("s.meeting_id", self.meeting),
            ("s.kind", self.kind),
        ):
            if values:
                where.append(f"{column} IN ({placeholders(values)})")
                params.extend(values)
        if self.document:
            where.append(
                "s.id IN (SELECT statement_id FROM statement_sources "
                f"WHERE document_id IN ({placeholders(self.document)}))"
            )
            params.extend(self.document)
        if self.date_from is not None:
            where.append("s.date >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to is not None:
            where.append("s.date <= ?")
            params.append(self.date_to.isoformat())
        if self.has_figures is not None:
            where.append("s.figure_count > 0" if self.has_figures else "s.figure_count = 0")
        return tuple(where), tuple(params)

    def dated(self) -> bool:
        """Whether the filters exclude undated statements."""
        return self.date_from is not None or self.date_to is not None


def has_undated(reader: Reader) -> bool:
    """Whether any statement has no date (asked once per data version, through the date index)."""
    return raw.cached(
        reader,
        "statements-undated",
        lambda: reader.one("SELECT 1 FROM statements WHERE date IS NULL LIMIT 1") is not None,
    )


def date_sort(name: str, *, nullable: bool) -> Keyset:
    """``date`` or ``-date``; undated statements come last either way."""
    descending = name.startswith("-")
    key = f"coalesce(s.date, '{_FIRST_DATE if descending else _LAST_DATE}')" if nullable else "s.date"
    return Keyset(name=name, keys=(key, "s.id"), descending=descending)


def excerpt(text: str, limit: int = s.EXCERPT_CHARS) -> tuple[str, bool]:
    """The start of ``text`` cut at a word boundary, and whether it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…", True


def _sources(reader: Reader, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    rows = reader.all(
        'SELECT statement_id, document_id, start, "end", complete FROM statement_sources '
        f"WHERE statement_id IN ({placeholders(ids)}) ORDER BY statement_id, document_id",
        ids,
    )
    for sid, *source in rows:
        found[sid].append(source_ref(*source))
    return found


def _figures(reader: Reader, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    columns = ", ".join(f'f."{name}"' for name in FIGURE_FIELDS)
    rows = reader.all(
        f"SELECT {columns} FROM figures f WHERE f.statement_id IN ({placeholders(ids)}) "
        "ORDER BY f.statement_id, f.start, f.id",
        ids,
    )
    sid_at = FIGURE_FIELDS.index("statement_id")
    for row in rows:
        found[row[sid_at]].append(dict(zip(FIGURE_FIELDS, row, strict=True)))
    return found


def list_item(
    row: Sequence[Any],
    speakers: Mapping[str, dict[str, Any]],
    meetings: Mapping[str, dict[str, Any]],
    full_text: bool = False,
) -> dict[str, Any]:
    """A statement as a list shows it, from a row of ``_COLUMNS`` and the references it
    names (its sources and figures are added by the caller). The build renders the stored
    items with this function too (``app.ingest.items``)."""
    sid, date, kind, title, text, word_count, figure_count, speaker_id, meeting_id = row[:_WIDTH]
    text, truncated = (text, False) if full_text else excerpt(text)
    return {
        "id": sid,
        "speaker": speakers[speaker_id],
        "meeting": meetings[meeting_id] if meeting_id is not None else None,
        "date": date,
        "kind": kind,
        "title": title,
        "text": text,
        "text_truncated": truncated,
        "word_count": word_count,
        "figure_count": figure_count,
        "sources": [],
        "figures": None,
    }


def _items(reader: Reader, rows: list[tuple[Any, ...]], full_text: bool) -> list[dict[str, Any]]:
    speakers = speaker_refs(reader, [row[7] for row in rows])
    meetings = meeting_refs(reader, [row[8] for row in rows])
    return [list_item(row, speakers, meetings, full_text) for row in rows]


def _attach_figures(item: dict[str, Any], figures: list[dict[str, Any]]) -> None:
    refs = {
        "speaker": item["speaker"],
        "meeting": item["meeting"],
        "statement": {"id": item["id"], "kind": item["kind"], "title": item["title"]},
    }
    item["figures"] = [{**f, **refs} for f in figures]


def _items_maker(full_text: bool, with_figures: bool) -> Any:
    def to_items(reader: Reader, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        items = _items(reader, rows, full_text)
        if not items:
            return items
        ids = [item["id"] for item in items]
        sources = _sources(reader, ids)
        figures = _figures(reader, ids) if with_figures else None
        for item in items:
            item["sources"] = sources[item["id"]]
            if figures is not None:
                _attach_figures(item, figures[item["id"]])
        return items

    return to_items


def listing(reader: Reader, p: s.StatementParams, **override: Any) -> RawListing:
    """Statements for a list request; ``override`` pins a filter (speaker, meeting)."""
    filters = Filters.of(p, **override)
    where, params = filters.sql()
    sort_name = p.sort or ("relevance" if p.q else "date")
    source, filter_source, source_params = _SOURCE, "statements s", ()
    ft = full_text_query(reader, p.q) if p.q else None
    if ft is not None:
        source, filter_source, source_params = ft.source, ft.source, ft.params
    elif sort_name == "relevance":
        raise InvalidParameter("sort", "relevance needs a full-text query in q")
    ranker = index_ranker(reader, ft, filters) if ft is not None and sort_name == "relevance" else None
    if ranker is not None:
        source, sort = search_index.SOURCE, search_index.SORT
    elif sort_name == "relevance":
        sort = Keyset(name="relevance", keys=("fts.rank", "s.id"))
    else:
        sort = date_sort(sort_name, nullable=not filters.dated() and has_undated(reader))
    full_text, with_figures = "text" in p.include, "figures" in p.include
    count_source = facet_source = None
    if ft is not None:
        count_source, facet_source = (ft.matches if where else ft.match_count), ft.matches
    return RawListing(
        name="statements",
        alias="s",
        columns=_COLUMNS.format(text="s.text") if full_text else LIST_COLUMNS,
        source=source,
        filter_source=filter_source,
        source_params=source_params,
        where=where,
        params=params,
        sort=sort,
        to_items=_items_maker(full_text, with_figures),
        facets=FACETS,
        count_source=count_source,
        facet_source=facet_source,
        topk=ft.topk if ft is not None and sort_name == "relevance" and not where and ranker is None else None,
        ranker=ranker,
        rendered=_RENDERED[reader.dialect] if not full_text and not with_figures and has_rendered(reader) else None,
    )


def has_rendered(reader: Reader) -> bool:
    """Whether the build stored the statements' list items where a page joins them (a
    database migrated but not yet rebuilt has the table, empty; one built before it existed
    has none; one built before revision c4e7a1d9b205 keyed them by id, with no rowid)."""
    sql = "SELECT rowid FROM statement_items LIMIT 1"
    if reader.dialect is raw.POSTGRESQL:
        sql = "SELECT 1 FROM statement_items LIMIT 1"
    try:
        return reader.fact("statement-items", sql) is not None
    except sqlite3.OperationalError:  # no such table, or no rowid: the items are built per request
        return False


def _snippet(raw_snippet: str | None) -> str:
    """HTML-escape the snippet, then turn our private markers into ``<mark>``."""
    escaped = html.escape(raw_snippet or "", quote=False)
    return escaped.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


def search_listing(reader: Reader, p: s.SearchParams) -> RawListing:
    """Ranked full-text hits with snippets (made for the page's rows only).

    Ranked by the search index when the database has one, else by the database's own
    ranking of every match; the snippets are the database's either way.
    """
    ft = full_text_query(reader, p.q)
    filters = Filters.of(p)
    where, params = filters.sql()
    ranker = index_ranker(reader, ft, filters)
    statement_items = _items_maker(False, False)

    def hits(reader: Reader, rows: list[tuple[Any, ...]], statements: list[Any]) -> list[dict[str, Any]]:
        """Rows ending with the rank and the FTS row, and their statements, as hits."""
        if not rows:
            return []
        snippets = ft.snippets(reader, [row[-1] for row in rows])
        return [
            {"statement": st, "score": round(-row[-2], 6), "snippet": _snippet(snippets.get(row[-1]))}
            for st, row in zip(statements, rows, strict=True)
        ]

    def to_items(reader: Reader, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        return hits(reader, rows, statement_items(reader, rows))

    def to_rendered(reader: Reader, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        return hits(reader, rows, [orjson.Fragment(row[0]) for row in rows])  # the stored list item

    stored = _RENDERED[reader.dialect] if has_rendered(reader) else None
    return RawListing(
        name="search",
        alias="s",
        columns=f"{LIST_COLUMNS}, fts.rank, fts.fts_rowid",
        source=ft.source if ranker is None else search_index.SOURCE,
        filter_source=ft.source,
        source_params=ft.params,
        where=where,
        params=params,
        sort=Keyset(name="relevance", keys=("fts.rank", "s.id")) if ranker is None else search_index.SORT,
        to_items=to_items,
        facets=FACETS,
        count_source=ft.matches if where else ft.match_count,
        facet_source=ft.matches,
        topk=None if where or ranker is not None else ft.topk,
        ranker=ranker,
        rendered=raw.Rendered(f"{stored.column}, fts.rank, fts.fts_rowid", stored.join, to_rendered)
        if stored
        else None,
    )


# A statement's figure ids in text order, as one column of its row (the covering index
# ``(statement_id, start, id)`` gives them in order, without the figures' rows). SQLite
# before 3.44 has no ORDER BY inside an aggregate: group_concat takes the rows in the
# order of the subquery it reads (the detail tests compare the figures with their rows).
_FIGURE_IDS = {
    raw.SQLITE: (
        "(SELECT group_concat(fi.id, ',') FROM"
        " (SELECT f.id FROM figures f WHERE f.statement_id = s.id ORDER BY f.start, f.id) fi)"
    ),
    raw.POSTGRESQL: "(SELECT string_agg(f.id, ',' ORDER BY f.start, f.id) FROM figures f WHERE f.statement_id = s.id)",
}


@cache
def _detail_sql(dialect: raw.Dialect, stored: bool) -> str:
    """A detail's one statement (the same string each time: sqlite3 finds its prepared
    statement by it)."""
    head = f"SELECT s.text, s.attribution, {_FIGURE_IDS[dialect]}"
    if stored:
        rendered = _RENDERED[dialect]
        return f"{head}, {rendered.column} FROM {_SOURCE}{rendered.join} WHERE s.id = ?"
    return f"{head}, {_COLUMNS.format(text='s.text')} FROM {_SOURCE} WHERE s.id = ?"


def get(reader: Reader, statement_id: str) -> dict[str, Any]:
    """One statement with full text, figures and sources (a ``StatementDetail``), or a 404.

    Its stored list item already names its speaker, meeting and sources: read with the
    full text and its figures' ids in one statement, it saves the sources' query, the
    references' lookups and the figures' query.
    """
    stored = has_rendered(reader)
    row = reader.one(_detail_sql(reader.dialect, stored), (statement_id,))
    if row is None:
        raise NotFound(f"No statement with id {statement_id!r}.")
    text, attribution, figure_ids = row[:3]
    if stored:
        item = orjson.loads(row[3])
        item["text"], item["text_truncated"] = text, False
    else:
        item = _items(reader, [row[3:]], full_text=True)[0]
        item["sources"] = _sources(reader, [statement_id])[statement_id]
    # Its figures as the figure list renders them: the same items, each rendered once per
    # data version; a detail reads only their ids (a third of its CPU went into its figures).
    item["figures"] = figure_queries.items_by_id(reader, figure_ids.split(",") if figure_ids else [])
    item["attribution"] = attribution
    return item
