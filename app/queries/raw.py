"""The hot paths' machinery: SQL on the pooled DB-API connection, rows as plain dicts.

Statements, figures and search are the lists that must answer a million rows quickly,
so they skip the ORM, SQLAlchemy's result processing and Pydantic validation: a query
module writes its filters as SQL fragments (:class:`RawListing`), rows become the
response's dicts, and the router sends them as orjson bytes. ``response_model`` still
documents the shape, and the API tests hold every answer to it.

What stays the same for every statement sent: the engine's cursor events fire (the
query time limit is armed, and tests count queries), and a driver error becomes
SQLAlchemy's, which the one error handler renders.

The SQL is written in SQLite's dialect; on PostgreSQL :class:`Dialect` rewrites the few
spellings that differ (placeholders, the date sentinels, ``rowid``, ``LIMIT -1``, the
year of a date), once per distinct statement, and dates come back as ISO text, as
SQLite stores them, so rows are the same tuples on both.

Two facts are costly to recompute and cannot change while a database file is served:
the size of a filtered result (``total``) and its facet counts. They are cached per data
version (:func:`cached`), so a new build starts with an empty cache.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Protocol, TypeVar

import orjson
from sqlalchemy import Engine, PoolProxiedConnection, event
from sqlalchemy.exc import OperationalError

from app.errors import NotFound
from app.pagination import PageRequest, decode_cursor, encode_cursor

T = TypeVar("T")
V = TypeVar("V")

CACHE_ENTRIES = 4096
LOOP_CACHE_KIB = 64 * 1024  # the loop connection serves most answers: a bigger page cache
EXPORT_BATCH = 500
FACET_LIMIT = 100


class OverBudget(Exception):
    """A statement ran past the reader's budget (see :meth:`Reader.budget`)."""


_PG_REWRITES = (
    (re.compile(r"substr\(((?:\w+\.)?(?:date|published)), 1, 4\)"), r"to_char(\1, 'YYYY')"),
    (re.compile(r"'0000-01-01'"), "'-infinity'"),  # year 0 is no date in PostgreSQL
    (re.compile(r"'9999-12-31'"), "'infinity'"),
    (re.compile(r"\bLIMIT -1\b"), "LIMIT ALL"),
    (re.compile(r"\b(\w+)\.rowid\b"), r"\1.id"),  # every listed table has an ``id`` key
)


@lru_cache(maxsize=4096)
def postgresql_sql(sql: str) -> str:
    """A statement in our SQLite spelling, as PostgreSQL (and psycopg's ``%s``) wants it."""
    for pattern, replacement in _PG_REWRITES:
        sql = pattern.sub(replacement, sql)
    return sql.replace("%", "%%").replace("?", "%s")


@dataclass(frozen=True)
class Dialect:
    """What the raw path needs to know of the database behind an engine."""

    name: str
    inline: bool  # a statement can be interrupted from another thread (SQLite): answers may try the event loop

    @staticmethod
    def of(engine: Engine) -> Dialect:
        """The engine's dialect."""
        return SQLITE if engine.dialect.name == "sqlite" else POSTGRESQL


SQLITE = Dialect("sqlite", inline=True)
POSTGRESQL = Dialect("postgresql", inline=False)


class LoopConnection:
    """One pooled connection kept for the event loop's thread, taken again after a dispose.

    Answers computed inline on the event loop run one after another, never two at once,
    so they can share a connection: no pool checkout and return per request, and one
    warm page cache. Readers use it only from the thread that created them (the loop's).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._fairy: PoolProxiedConnection | None = None
        self._generation = 0
        self._held = -1
        self._thread: int | None = None
        event.listen(engine, "engine_disposed", self._disposed)

    def owns(self, thread: int) -> bool:
        """Whether ``thread`` may use it: the first thread that asks (the event loop's)."""
        if self._thread is None:
            self._thread = thread
        return self._thread == thread

    def _disposed(self, _engine: Engine) -> None:
        self._generation += 1  # the file was replaced: connect again on next use

    def get(self) -> PoolProxiedConnection:
        """The connection, (re)taken from the pool if it is new or the pool was disposed."""
        if self._fairy is None or self._held != self._generation:
            if self._fairy is not None:
                self._fairy.invalidate()
                self._fairy = None
            generation = self._generation
            self._fairy = self._engine.raw_connection()
            if self._engine.dialect.name == "sqlite":
                self._fairy.driver_connection.execute(f"PRAGMA cache_size = -{LOOP_CACHE_KIB}")  # type: ignore[union-attr]
            self._held = generation
        return self._fairy


class _Budget:
    """:meth:`Reader.budget`'s block: a class, not a generator, as every inline answer enters one."""

    __slots__ = ("reader", "seconds")

    def __init__(self, reader: Reader, seconds: float) -> None:
        self.reader, self.seconds = reader, seconds

    def __enter__(self) -> None:
        self.reader._budget = time.monotonic() + self.seconds

    def __exit__(self, *_exc: object) -> None:
        self.reader._budget = None


class Reader:
    """Runs SQL on a DB-API connection, taken on the first statement; rows are tuples.

    On the event loop's thread it uses the :class:`LoopConnection` (when given one);
    elsewhere it takes a pooled connection and gives it back on :meth:`close`. One reader
    serves one request (or one export batch) and must be closed.
    """

    def __init__(self, engine: Engine, loop: LoopConnection | None = None) -> None:
        self._engine = engine
        thread = threading.get_ident()
        self._loop = loop if loop is not None and loop.owns(thread) else None
        self._loop_thread = thread
        self._fairy: PoolProxiedConnection | None = None
        self._budget: float | None = None
        self.dialect = Dialect.of(engine)
        self._version: str | None = None
        self._driver_error: type[Exception] = engine.dialect.loaded_dbapi.Error

    def _connection(self) -> PoolProxiedConnection:
        if self._loop is not None and threading.get_ident() == self._loop_thread:
            try:
                return self._loop.get()
            except self._driver_error as exc:
                raise OperationalError("connect", (), exc) from exc
        if self._fairy is None:
            try:
                self._fairy = self._engine.raw_connection()
            except self._driver_error as exc:  # rendered as a 503, like SQLAlchemy's own
                raise OperationalError("connect", (), exc) from exc
        return self._fairy

    def close(self) -> None:
        """Give a pooled connection back."""
        if self._fairy is not None:
            self._fairy.close()
            self._fairy = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def budget(self, seconds: float) -> _Budget:
        """Within the block, statements running past ``seconds`` in all raise :class:`OverBudget`."""
        return _Budget(self, seconds)

    @property
    def on_budget(self) -> bool:
        """Whether statements run under :meth:`budget` (an answer tried on the event loop)."""
        return self._budget is not None

    @property
    def info(self) -> dict[Any, Any]:
        """A dict living as long as the DB-API connection (dropped when the pool is disposed)."""
        return self._connection().info

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of ``sql``."""
        fairy = self._connection()
        dispatch = self._engine.dispatch
        if dispatch.before_cursor_execute:  # arms the query time limit
            dispatch.before_cursor_execute(fairy, None, sql, params, None, False)
        if self._budget is not None:
            deadline = fairy.info.get("deadline")
            if deadline is not None:
                deadline[0] = min(deadline[0], self._budget)
        try:
            if self.dialect is SQLITE:
                cursor = fairy.driver_connection.execute(sql, params)  # type: ignore[union-attr]
            else:
                cursor = _postgresql_cursor(fairy)
                cursor.execute(postgresql_sql(sql), params)
            rows = cursor.fetchall()
        except sqlite3.OperationalError as exc:
            if self._budget is not None and "interrupted" in str(exc):
                raise OverBudget(sql) from exc
            raise OperationalError(sql, params, exc) from exc
        except self._driver_error as exc:
            raise OperationalError(sql, params, exc) from exc
        if dispatch.after_cursor_execute:
            dispatch.after_cursor_execute(fairy, cursor, sql, params, None, False)
        return rows  # type: ignore[no-any-return]

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of ``sql``, or None."""
        rows = self.all(sql, params)
        return rows[0] if rows else None

    def fact(self, key: str, sql: str) -> Any:
        """The first value of ``sql`` (None without a row), read once per SQLite connection.

        For facts of the file a connection reads (which search index belongs to it): they
        change only with the file, and connections are replaced with it, so a connection
        never pairs one file with another's facts. Not a request's query: no events, so
        query counts stay per request.
        """
        info = self.info
        if key not in info:
            dbapi = self._connection().driver_connection
            row = dbapi.execute(sql).fetchone()  # type: ignore[union-attr]
            info[key] = row[0] if row else None
        return info[key]

    def data_version(self) -> str:
        """The served build's data version (read once per connection)."""
        if self._version is not None:
            return self._version
        info = self.info
        version = info.get("data_version")
        if version is None:  # not a request's query: no events, so query counts stay per request
            dbapi = self._connection().driver_connection
            row = dbapi.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()  # type: ignore[union-attr]
            if self.dialect is not SQLITE:  # the data changes under a live connection: ask once per reader
                self._version = row[0] if row else ""
                return self._version
            version = info["data_version"] = row[0] if row else ""
        return version  # type: ignore[no-any-return]


def _postgresql_cursor(fairy: PoolProxiedConnection) -> Any:
    """A psycopg cursor whose dates load as ISO text, as SQLite's do."""
    from psycopg.types.string import TextLoader

    cursor = fairy.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.adapters.register_loader("date", TextLoader)
    return cursor


_cache: OrderedDict[Hashable, Any] = OrderedDict()
_cache_lock = threading.Lock()


_computing: dict[Hashable, threading.Lock] = {}


def cached(reader: Reader, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for this data version (least recently used entries go first).

    One computation per key at a time: the others wait for its result instead of running
    the same costly query beside it (under load they would all miss the time limit, and
    the cache would never fill). A reader on a budget (on the event loop) does not wait:
    it goes over budget, so the answer moves to a thread.
    """
    full = (reader.data_version(), key)
    with _cache_lock:
        if full in _cache:
            _cache.move_to_end(full)
            return _cache[full]  # type: ignore[no-any-return]
        lock = _computing.setdefault(full, threading.Lock())
    if not lock.acquire(blocking=not reader.on_budget):
        raise OverBudget(repr(key))
    try:
        with _cache_lock:
            if full in _cache:
                return _cache[full]  # type: ignore[no-any-return]
        value = compute()
        with _cache_lock:
            _cache[full] = value
            while len(_cache) > CACHE_ENTRIES:
                _cache.popitem(last=False)
        return value
    finally:
        lock.release()
        with _cache_lock:
            _computing.pop(full, None)


_refs: dict[str, dict[Any, Any]] = {}  # name -> id -> value, for one data version
_refs_version = [""]
REFS_ENTRIES = 200_000


def remembered(
    reader: Reader,
    name: str,
    ids: Sequence[Any],
    compute: Callable[[list[Any]], dict[Any, V]],
    limit: int = REFS_ENTRIES,
) -> dict[Any, V]:
    """Values by id (``None`` ids skipped), remembered for the data version under ``name``;
    ``compute`` gets the ids not yet known and returns their values in one go.

    The data never changes under a data version, so what was built for one request
    serves the next: a page looks up what it names, and only the first page to name an
    id pays for it. At most ``limit`` ids per name are kept (all forgotten at once past it).
    """
    version = reader.data_version()
    if _refs_version[0] != version:
        _refs.clear()
        _refs_version[0] = version
    known = _refs.setdefault(name, {})
    try:  # the usual case, every one known
        return {i: known[i] for i in ids if i is not None}
    except KeyError:
        pass
    found: dict[Any, V] = {}
    missing = []
    for i in {i for i in ids if i is not None}:
        value = known.get(i)
        if value is None:
            missing.append(i)
        else:
            found[i] = value
    if missing:  # the answer is built apart from the shared dict, which another thread may clear
        fetched = compute(missing)
        if len(known) + len(fetched) > limit:
            known.clear()
        known.update(fetched)
        found.update(fetched)
    return found


def refs(
    reader: Reader,
    table: str,
    columns: str,
    ids: Sequence[str | None],
    make: Callable[..., dict[str, Any]],
    limit: int = REFS_ENTRIES,
) -> dict[str, dict[str, Any]]:
    """The small records that items name (a speaker's id and name, a meeting's), by id.

    Remembered for the data version, so a page joins nothing: a list item needs one
    lookup per distinct speaker or meeting the first time it is seen, none after.
    """

    def lookup(missing: list[Any]) -> dict[Any, dict[str, Any]]:
        rows = reader.all(f"SELECT id, {columns} FROM {table} WHERE id IN ({placeholders(missing)})", missing)
        return {row[0]: make(*row) for row in rows}

    return remembered(reader, table, ids, lookup, limit)


def clear_cache() -> None:
    """Forget every cached count, facet and reference (tests; a new build needs no call)."""
    with _cache_lock:
        _cache.clear()
    _refs.clear()


def exists_or_404(reader: Reader, table: str, ident: str, what: str) -> None:
    """A 404 problem unless ``table`` has a row with this id."""
    if reader.one(f"SELECT 1 FROM {table} WHERE id = ?", (ident,)) is None:
        raise NotFound(f"No {what} with id {ident!r}.")


def placeholders(values: Sequence[Any]) -> str:
    """``?, ?, ?`` for an IN list."""
    return ", ".join("?" * len(values))


@dataclass(frozen=True)
class Keyset:
    """A sort as SQL key expressions (the last one unique), all in one direction."""

    name: str
    keys: tuple[str, ...]
    descending: bool = False

    def order_by(self) -> str:
        """The ORDER BY clause."""
        direction = " DESC" if self.descending else ""
        return ", ".join(k + direction for k in self.keys)

    def after(self) -> str:
        """Rows strictly after a cursor's values (bound in key order)."""
        keys = ", ".join(self.keys)
        return f"({keys}) {'<' if self.descending else '>'} ({placeholders(self.keys)})"


@dataclass(frozen=True)
class TopK:
    """A FROM that sorts and cuts inside a subquery, so only a page's rows are joined.

    ``source`` has ``{after}`` (the cursor condition, on ``keys``) and ``{limit}`` slots.
    Used for pages without an offset; the outer query sorts the few rows again.
    """

    source: str
    keys: tuple[str, ...]


class Ranker(Protocol):
    """Counts and pages a listing instead of its SQL: a search engine ranking full-text matches.

    The listing's SQL still serves its facets (the same rows, counted per value).
    """

    def count(self, reader: Reader) -> int:
        """Rows in the result."""
        ...

    def fetch(
        self, reader: Reader, listing: RawListing, page: PageRequest, rendered: bool = False
    ) -> tuple[list[Any], str | None]:
        """One window as dicts (or the listing's rendered items), and the cursor of the next one (as :func:`fetch`)."""
        ...


@dataclass(frozen=True)
class RawFacet:
    """A facet: its value and label expressions, and a join the label needs."""

    value: str
    label: str
    join: str = ""


def _fragments(_reader: Reader, rows: list[tuple[Any, ...]]) -> list[Any]:
    return [orjson.Fragment(row[0]) for row in rows]


@dataclass(frozen=True)
class Rendered:
    """How a JSON page gets its items already rendered, so it embeds them as they are.

    ``column`` is selected instead of the listing's columns, from its source plus ``join``,
    and ``to_items`` turns those rows into the page's items (``orjson.Fragment``): by
    default the column is the stored JSON itself (a table the build writes); a listing
    whose items are rendered in memory selects their ids and looks them up.
    """

    column: str
    join: str = ""
    to_items: Callable[[Reader, list[tuple[Any, ...]]], list[Any]] = _fragments


@dataclass(frozen=True)
class RawListing:
    """A filtered list in SQL: ``SELECT columns FROM source WHERE where``, sorted by ``sort``.

    ``to_items`` turns a page of rows into response dicts; it gets the reader so it can
    fetch what the page embeds (sources, figures) in one query per collection.
    """

    name: str
    alias: str  # of the listed table, in both sources
    columns: str
    source: str  # FROM for the columns: the table and the joins its columns need
    filter_source: str  # FROM for the filters alone (and the sort keys): used to skip
    source_params: tuple[Any, ...]  # bound in either FROM (a full-text query)
    where: tuple[str, ...]
    params: tuple[Any, ...]
    sort: Keyset
    to_items: Callable[[Reader, list[tuple[Any, ...]]], list[dict[str, Any]]]
    facets: Mapping[str, RawFacet] = field(default_factory=dict)
    topk: TopK | None = None  # only when no ``where`` applies: the subquery sees no filter
    count_source: str | None = None  # a cheaper FROM to count (without the sort keys)
    facet_source: str | None = None  # a cheaper FROM to count per value (with the table's columns)
    ranker: Ranker | None = None  # counts and pages instead of the SQL (facets stay SQL)
    rendered: Rendered | None = None  # the items as stored JSON, for a JSON page (exports need dicts)

    def shape(
        self, source: str, rendered: bool
    ) -> tuple[str, str, Callable[[Reader, list[tuple[Any, ...]]], list[Any]]]:
        """A page's columns, FROM (``source`` plus what they join) and item maker: the stored
        items' when ``rendered`` is asked and the listing has them, else its own."""
        if rendered and self.rendered is not None:
            return self.rendered.column, source + self.rendered.join, self.rendered.to_items
        return self.columns, source, self.to_items

    def where_sql(self, extra: str | None = None) -> str:
        """The WHERE clause (empty when nothing filters)."""
        parts = [*self.where, *([extra] if extra else [])]
        return " WHERE " + " AND ".join(parts) if parts else ""

    def args(self) -> tuple[Any, ...]:
        """The parameters of ``FROM … WHERE …``, in order."""
        return self.source_params + self.params


@dataclass(frozen=True)
class RawPage:
    """One page of dicts (or stored JSON, ``orjson.Fragment``) and what the envelope needs."""

    items: list[Any]
    total: int
    next_cursor: str | None
    facets: dict[str, list[dict[str, Any]]] | None


def count(reader: Reader, listing: RawListing) -> int:
    """Rows in the filtered result, cached per data version."""
    if listing.ranker is not None:
        return listing.ranker.count(reader)
    sql = f"SELECT count(*) FROM {listing.count_source or listing.filter_source}{listing.where_sql()}"
    args = listing.args()
    return cached(reader, ("count", sql, args), lambda: reader.all(sql, args)[0][0])


def facet_counts(reader: Reader, listing: RawListing, name: str) -> list[dict[str, Any]]:
    """Counts per value of one facet over the whole filtered result, largest first; cached."""
    facet = listing.facets[name]
    sql = (
        f"SELECT {facet.value}, {facet.label}, count(*) AS n FROM {listing.facet_source or listing.filter_source} "
        f"{facet.join}{listing.where_sql(f'{facet.value} IS NOT NULL')} "
        f"GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT {FACET_LIMIT}"
    )

    args = listing.args()

    def compute() -> list[dict[str, Any]]:
        return [
            {"value": str(value), "label": str(label if label is not None else value), "count": n}
            for value, label, n in reader.all(sql, args)
        ]

    return cached(reader, ("facet", sql, args), compute)


def fetch(
    reader: Reader, listing: RawListing, page: PageRequest, rendered: bool = False
) -> tuple[list[Any], str | None]:
    """One window of the listing as dicts (or, with ``rendered``, as the stored JSON of its
    items when the listing has them), and the cursor of the next one.

    A deep ``offset`` is found on the sort keys alone (``rowid IN`` a subquery that an
    index can answer without reading the rows it skips), then only the page is read.
    """
    if listing.ranker is not None:
        return listing.ranker.fetch(reader, listing, page, rendered)
    sort = listing.sort
    params: list[Any] = list(listing.args())
    order = f" ORDER BY {sort.order_by()}"
    limit = "" if page.limit is None else f" LIMIT {page.limit + 1}"
    columns, source, to_items = listing.shape(listing.source, rendered and listing.topk is None)
    select = f"SELECT {columns}, {', '.join(sort.keys)} FROM {source}"
    if page.offset:  # (the parameters refuse a cursor with an offset)
        window = f"{limit or ' LIMIT -1'} OFFSET {int(page.offset)}"
        skip = f"SELECT {listing.alias}.rowid FROM {listing.filter_source}{listing.where_sql()}{order}{window}"
        # Only the skipped-to rowids constrain the outer query, so they drive it.
        sql = f"{select} WHERE {listing.alias}.rowid IN ({skip}){order}"
        params = [*listing.source_params, *params]
    else:
        extra = None
        after: list[Any] = []
        if page.cursor is not None:
            extra = sort.after()
            after = decode_cursor(page.cursor, sort)  # type: ignore[arg-type]
            params.extend(after)
        if listing.topk is not None and page.limit is not None:
            inner = ""
            if after:
                inner = f" AND ({', '.join(listing.topk.keys)}) {'<' if sort.descending else '>'} (?, ?)"
            source = listing.topk.source.format(after=inner, limit=page.limit + 1)
            select = f"SELECT {listing.columns}, {', '.join(sort.keys)} FROM {source}"
            params = [*listing.source_params, *after, *listing.params, *after]
        sql = f"{select}{listing.where_sql(extra)}{order}{limit}"
    width = len(sort.keys)
    rows = reader.all(sql, params)
    more = page.limit is not None and len(rows) > page.limit
    if page.limit is not None:
        rows = rows[: page.limit]
    next_cursor = encode_cursor(sort.name, list(rows[-1][-width:])) if more and rows else None
    return to_items(reader, [row[:-width] for row in rows]), next_cursor


def run(reader: Reader, listing: RawListing, page: PageRequest, facets: Sequence[str]) -> RawPage:
    """Total, one page and the requested facets."""
    total = count(reader, listing)
    items, next_cursor = fetch(reader, listing, page, rendered=True)
    counted = {name: facet_counts(reader, listing, name) for name in dict.fromkeys(facets)}
    return RawPage(items=items, total=total, next_cursor=next_cursor, facets=counted if facets else None)


def batches(engine: Engine, listing: RawListing, page: PageRequest) -> Iterator[list[dict[str, Any]]]:
    """Every row from ``page`` on, in batches, each a fresh short query (see ``iter_listing``)."""
    remaining = page.limit
    current = page
    while True:
        size = EXPORT_BATCH if remaining is None else min(EXPORT_BATCH, remaining)
        if size <= 0:
            return
        current = replace(current, limit=size)
        with Reader(engine) as reader:
            items, next_cursor = fetch(reader, listing, current)
        if items:
            yield items
        if remaining is not None:
            remaining -= len(items)
        if next_cursor is None:
            return
        current = PageRequest(limit=size, offset=0, cursor=next_cursor)
