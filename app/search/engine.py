"""Full-text search on the tantivy index: the same matches as FTS5, ranked top-k.

FTS5's bm25 scores every match and sorts them all (a quarter of a million at 1M
statements: 0.4 s of CPU for Q2's page). Tantivy scores them in compiled code over
compressed postings and keeps only the best ``k`` (every match is still scored:
tantivy-py collects through a ``MultiCollector``, which never skips blocks). A phrase
costs most: its positions are checked in every statement that has all its terms (20 ms
for Q2 at 1M). So a phrase of two or three *common* terms (in 1% of the statements or
more, :func:`app.search.build.common_codes`) is asked as one term of the ``*_runs``
fields, which hold every run of two and three consecutive terms; a phrase with a rarer
term stays a phrase, as cheap as that term is rare. A term (or run) is asked only of the
columns that hold it, alone when one does: tantivy scores a bare term in its own loop,
a union of two through a generic one (Q2 at 1M, whose run no title holds: 1.1 ms, 1.8
ms as a union). A term or run in 20,000 statements or more has **champions**, its best
128 statements as its own search ranks them, listed by the build: a one-phrase search
cuts its page among them when they hold it (0.1 ms for Q2 at 1M), which is exactly the
page scoring every match gives (:func:`_champion_query`). A page found so, or a search
of few postings (:func:`cheap`), is answered on the event loop; anything else in a
thread, since tantivy cannot be interrupted. It answers exactly what FTS5 would:

* **The same statements.** The public query is translated by ``to_fts5`` as before (the
  422s stay there); its FTS5 expression is parsed here with FTS5's precedence (NOT binds
  tighter than AND, AND than OR) and each phrase is tokenized by FTS5 itself
  (:mod:`app.search.tokens`), into the terms the index holds. A phrase matches its terms
  at consecutive positions in the title or in the text (a run is indexed exactly where
  the phrase is: an uncommon term keeps its place as a filler); ``prefix*`` matches
  every indexed term that starts with the (stemmed) prefix; a phrase with no term
  matches nothing.
* **The same filters**, indexed with the statements (speaker, meeting, kind, document,
  id, dates, figures), so a filtered search is a top-k too.
* **A bm25 ranking, the title weighted 5 to the text's 1** (FTS5's per-column weights).
  Scores differ from FTS5's (tantivy weighs each column on its own, and stores lengths
  in a byte; a run is scored as one term, by its own document frequency as FTS5 scores a
  phrase where tantivy's phrases add their terms', and once however often it occurs),
  not their sense. Ties go to the smaller statement id: statements were added in id
  order, in one segment, and tantivy breaks ties by document order.

Pages: ``offset`` is the engine's; a cursor carries the position of its row (with its
score and id, checked: a cursor of another build or search is a 422), so the next page
is cut by the engine too. Totals are the engine's count (cached per data version), facets
are SQL's over the same matches. The page's rows, and their snippets, come from SQLite
by rowid, on the same connection whose ``meta`` named the index.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import tantivy
from sqlalchemy.exc import OperationalError

from app.errors import InvalidParameter
from app.pagination import PageRequest, decode_cursor, encode_cursor
from app.queries import raw
from app.queries.raw import Keyset, RawListing, Reader
from app.search.build import (
    CHAMPIONS,
    COMMON,
    FILLER,
    META_KEY,
    RUN_SIZES,
    TITLE_BOOST,
    Champions,
    Manifest,
    codes_of,
    date_number,
    index_root,
    register_tokenizer,
    runs_field,
)
from app.search.tokens import ChunkTokens, Fts5Tokenizer

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_EXPANSIONS = 256  # a prefix with more terms is one constant-score pattern per column
SINGLE_VALUED = ("kind", "speaker")  # filter fields every statement has exactly one value of
MAX_EXCLUDED = 64  # a filter on most statements is asked as "none of the others" up to this many
OPEN_INDEXES = 2
COMPILED = 256
CHAMPION_PREFIXES = (32, 64, 128)  # a page is asked of the first 32, 64 or 128 champions (fewer: cheaper)
INLINE_POSTINGS = 20_000  # a search visiting fewer may run on the event loop (about 0.3 ms); as CHAMPION_POSTINGS
INLINE_ROWS = 50  # a longer page is not cut on the event loop (its rows and snippets)

# The page's rows, in the engine's order: the statement's rowid, its rank (-score), its
# FTS5 rowid (snippets) and its position in the result (the cursor's third key).
SOURCE = (
    "(SELECT json_extract(value, '$[0]') AS srowid, json_extract(value, '$[1]') AS rank,"
    " json_extract(value, '$[2]') AS fts_rowid, json_extract(value, '$[3]') AS pos FROM json_each(?)) fts"
    " CROSS JOIN statements s ON s.rowid = fts.srowid"
)
SORT = Keyset(name="relevance", keys=("fts.rank", "s.id", "fts.pos"))

_EXPRESSION = re.compile(r'\s*(?:(?P<phrase>"(?:[^"]|"")*")(?P<star>\*)?|(?P<op>AND|OR|NOT)\b|(?P<paren>[()]))')
_REGEX_SPECIAL = re.compile(r"([\\.+*?()|\[\]{}^$#&\-~])")


@dataclass
class SearchIndex:
    """One opened index: its searcher and the FTS5 tokenizer its terms came from."""

    token: str
    index: tantivy.Index
    searcher: tantivy.Searcher
    tokens: ChunkTokens
    codes: dict[str, str] = field(default_factory=dict)  # common terms, whose runs are indexed
    champions: Champions | None = None  # a frequent phrase's best statements' ids
    lock: threading.Lock = field(default_factory=threading.Lock)
    compiled: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)  # queries, costs

    def terms(self, phrase: str) -> list[str]:
        """FTS5's terms for a phrase of the query."""
        with self.lock:
            return self.tokens.terms(phrase)


_open: OrderedDict[tuple[str, str], SearchIndex] = OrderedDict()
_open_lock = threading.Lock()


def index_for(reader: Reader) -> SearchIndex | None:
    """The index of the database file this reader's connection reads, or None (FTS5 answers).

    None when the database names no index (built before indexes, or not SQLite), when its
    folder is missing, or when it was built for another SQLite (whose tokenizer may differ).
    """
    if reader.dialect is not raw.SQLITE:
        return None
    token = reader.fact("search_index", f"SELECT value FROM meta WHERE key = '{META_KEY}'")
    if not token:
        return None
    db = reader.fact("database_file", "SELECT file FROM pragma_database_list WHERE name = 'main'")
    if not db:
        return None
    key = (str(db), str(token))
    with _open_lock:
        if key in _open:
            _open.move_to_end(key)
            return _open[key]
    opened = _open_index(Path(db), str(token))
    if opened is None:  # not remembered: the same build may be published again (and a miss is cheap)
        return None
    with _open_lock:
        _open[key] = opened
        while len(_open) > OPEN_INDEXES:
            _open.popitem(last=False)
    return opened


def _open_index(db: Path, token: str) -> SearchIndex | None:
    folder = index_root(db) / token
    try:
        manifest = Manifest.read(folder)
    except (OSError, ValueError, TypeError):
        return None
    if manifest.token != token or manifest.sqlite_version != sqlite3.sqlite_version:
        return None
    codes = _codes(folder)
    champions = Champions(folder / CHAMPIONS)  # (none in an index of an earlier format)
    try:
        index = tantivy.Index.open(str(folder))
        index.config_reader("manual")  # a published index never changes: no watcher thread
        register_tokenizer(index)
        searcher = index.searcher()
    except (OSError, ValueError):  # e.g. its lock file is not ours to open: answer with FTS5
        log.warning("cannot open the search index %s", folder, exc_info=True)
        return None
    tokens = ChunkTokens(Fts5Tokenizer(manifest.tokenize), 100_000)
    return SearchIndex(token, index, searcher, tokens, codes, champions)


def _codes(folder: Path) -> dict[str, str]:
    """The codes of the common terms an index in ``folder`` holds the runs of."""
    try:
        return codes_of(json.loads((folder / COMMON).read_text()))
    except (OSError, ValueError, TypeError):
        return {}  # an index of the first format: every phrase is a phrase


# ---------------------------------------------------------------------------- the query


def _parse(expression: str) -> Any:
    """FTS5's expression as a tree: ("phrase", text, prefix) | ("AND"|"OR", [nodes]) | ("NOT", a, b)."""
    tokens: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(expression):
        match = _EXPRESSION.match(expression, pos)
        if match is None or match.end() == pos:
            if not expression[pos:].strip():
                break
            raise ValueError(f"unexpected FTS5 expression {expression!r}")
        pos = match.end()
        if match["phrase"]:
            tokens.append(("phrase", (match["phrase"][1:-1].replace('""', '"'), bool(match["star"]))))
        elif match["op"]:
            tokens.append(("op", match["op"]))
        else:
            tokens.append(("paren", match["paren"]))
    at = 0

    def peek(kind: str, value: str) -> bool:
        return at < len(tokens) and tokens[at] == (kind, value)

    def primary() -> Any:
        nonlocal at
        kind, value = tokens[at]
        at += 1
        if kind == "phrase":
            return ("phrase", *value)
        node = either()  # "(" either ")"
        at += 1
        return node

    def negation() -> Any:
        nonlocal at
        node = primary()
        while peek("op", "NOT"):
            at += 1
            node = ("NOT", node, primary())
        return node

    def conjunction() -> Any:
        nonlocal at
        nodes = [negation()]
        while peek("op", "AND"):
            at += 1
            nodes.append(negation())
        return nodes[0] if len(nodes) == 1 else ("AND", nodes)

    def either() -> Any:
        nonlocal at
        nodes = [conjunction()]
        while peek("op", "OR"):
            at += 1
            nodes.append(conjunction())
        return nodes[0] if len(nodes) == 1 else ("OR", nodes)

    return either()


def _regex(term: str) -> str:
    return _REGEX_SPECIAL.sub(r"\\\1", term)


def _phrase(si: SearchIndex, text: str, prefix: bool) -> tantivy.Query | None:
    """A phrase in either column (title boosted), or None when it has no term (matches nothing)."""
    terms = si.terms(text)
    return _terms_query(si, terms, prefix) if terms else None


def _run(si: SearchIndex, terms: list[str], prefix: bool) -> str:
    """The run a phrase of two or three common terms is indexed as, or "" (each code is
    one character, so a run holds every term when its length is the phrase's)."""
    if prefix or len(terms) not in RUN_SIZES:
        return ""
    run = "".join(si.codes.get(t, "") for t in terms)
    return run if len(run) == len(terms) else ""


def _terms_query(si: SearchIndex, terms: list[str], prefix: bool) -> tantivy.Query:
    """The query of a phrase's (FTS5) terms: ``prefix`` when the phrase ends with ``*``."""
    schema = si.index.schema
    per_column = []
    run = _run(si, terms, prefix)
    for column in ("title", "text"):
        if (len(terms) == 1 and not prefix) or run:
            # one term (a run is one: a phrase checks every match's positions); a column
            # without it is left out, as tantivy scores a bare term faster than any union
            name, term = (column, terms[0]) if len(terms) == 1 else (runs_field(column), run)
            if not si.searcher.doc_freq(name, term):
                continue
            query = tantivy.Query.term_query(schema, name, term)
        elif len(terms) == 1:
            expansions = si.searcher.terms_with_prefix(column, terms[0], limit=MAX_EXPANSIONS + 1)
            if len(expansions) > MAX_EXPANSIONS:
                query = tantivy.Query.regex_query(schema, column, _regex(terms[0]) + ".*")
            elif expansions:
                query = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Should, tantivy.Query.term_query(schema, column, t)) for t, _n in expansions]
                )
            else:
                continue
        elif prefix:
            words = [_regex(t) for t in terms]
            words[-1] += ".*"
            query = tantivy.Query.regex_phrase_query(schema, column, words)
        else:
            query = tantivy.Query.phrase_query(schema, column, terms)
        per_column.append(tantivy.Query.boost_query(query, TITLE_BOOST) if column == "title" else query)
    if not per_column:
        return tantivy.Query.empty_query()
    if len(per_column) == 1:  # a union of one scores each match through a slower, generic loop
        return per_column[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in per_column])


def _query(si: SearchIndex, node: Any) -> tantivy.Query | None:
    """The tantivy query of a parsed expression; None matches nothing."""
    kind = node[0]
    if kind == "phrase":
        return _phrase(si, node[1], node[2])
    if kind == "NOT":
        left, right = _query(si, node[1]), _query(si, node[2])
        if left is None or right is None:
            return left
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, left), (tantivy.Occur.MustNot, right)])
    parts = [_query(si, child) for child in node[1]]
    if kind == "AND":
        if any(p is None for p in parts):
            return None
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])  # type: ignore[misc]
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, p) for p in kept])


def _filters(si: SearchIndex, filters: Any) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """The statement filters (``app.queries.statements.Filters``) as clauses that score nothing."""
    schema = si.index.schema
    found = []
    for column, values in (
        ("id", filters.id),
        ("speaker", filters.speaker),
        ("meeting", filters.meeting),
        ("kind", filters.kind),
        ("document", filters.document),
    ):
        if values and column in SINGLE_VALUED:
            found.extend(_one_of(si, column, values))
        elif values:
            found.append(_must(tantivy.Query.term_set_query(schema, column, list(values))))
    if filters.date_from is not None or filters.date_to is not None:
        low, high = (None if d is None else date_number(d.isoformat()) for d in (filters.date_from, filters.date_to))
        found.append(_must(tantivy.Query.range_query(schema, "date", tantivy.FieldType.Integer, low, high)))
    if filters.has_figures is not None:
        low, high = (1, None) if filters.has_figures else (0, 0)
        found.append(_must(tantivy.Query.range_query(schema, "figures", tantivy.FieldType.Unsigned, low, high)))
    return found


def _must(query: tantivy.Query) -> tuple[tantivy.Occur, tantivy.Query]:
    return tantivy.Occur.Must, tantivy.Query.const_score_query(query, 0.0)


def _one_of(si: SearchIndex, column: str, values: tuple[str, ...]) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """``column`` (one value a statement) is one of ``values``: those terms, or, when they
    are in most statements, none of the column's other terms.

    Why: tantivy intersects two long posting lists by seeking one into the other (Q2 with
    ``kind=remarks`` at 1M: 7.9 ms), but excludes a short one cheaply (3.7 ms). Each
    statement has exactly one value, so both say the same.
    """
    schema = si.index.schema
    asked = set(values)
    most = 2 * sum(si.searcher.doc_freq(column, v) for v in asked) > si.searcher.num_docs
    others = si.searcher.terms_with_prefix(column, "", limit=MAX_EXCLUDED + 1) if most else []
    if not most or len(others) > MAX_EXCLUDED:  # (too many others: a column of many values)
        return [_must(tantivy.Query.term_set_query(schema, column, list(values)))]
    excluded = [term for term, _n in others if term not in asked]
    if not excluded:  # every statement has one of them
        return []
    return [(tantivy.Occur.MustNot, tantivy.Query.term_set_query(schema, column, excluded))]


def compile_query(si: SearchIndex, expression: str, filters: Any) -> tantivy.Query:
    """The tantivy query for an FTS5 expression (from ``to_fts5``) and statement filters."""

    def compiled() -> tantivy.Query | None:
        query = _query(si, _parse(expression))
        conditions = _filters(si, filters) if query is not None else []
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), *conditions]) if conditions else query

    return _remembered(si, (expression, filters), compiled) or tantivy.Query.empty_query()


def _remembered(si: SearchIndex, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, remembered under ``key`` among the index's last ``COMPILED`` queries."""
    with si.lock:
        if key in si.compiled:
            si.compiled.move_to_end(key)
            return si.compiled[key]
    value = make()
    with si.lock:
        si.compiled[key] = value
        while len(si.compiled) > COMPILED:
            si.compiled.popitem(last=False)
    return value


# ---------------------------------------------------------------------------- champions


def _champion_query(si: SearchIndex, expression: str, filters: Any, needed: int) -> tantivy.Query | None:
    """The search restricted to the first champions of its phrase, enough of them to hold
    ``needed`` hits; None when the search is not one phrase with champions.

    Why it is exact: the champions of a phrase are the first statements of its own ranking
    (score, then document order), so every other statement ranks after each of them, with
    or without a filter. A page found whole among them is the page the full ranking gives;
    :func:`_hits` falls back to the full ranking otherwise. The restriction (a union of
    their ids, which scores nothing) costs a few dozen postings, not the phrase's.
    """
    size = next((n for n in CHAMPION_PREFIXES if n >= needed), None)
    champions = si.champions
    if size is None or not champions:
        return None

    def restricted() -> tantivy.Query | None:
        node = _parse(expression)
        if node[0] != "phrase" or node[2]:
            return None
        listed = champions.get(" ".join(si.terms(node[1])))
        if not listed:
            return None
        schema = si.index.schema
        best = [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "id", sid)) for sid in listed.split()[:size]]
        query = compile_query(si, expression, filters)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), _must(tantivy.Query.boolean_query(best))])

    return _remembered(si, ("champions", expression, filters, size), restricted)


def _hits(
    si: SearchIndex, expression: str, filters: Any, wanted: int, start: int, bounded: bool = False
) -> list[tuple[float, Any]]:
    """The ranking's hits ``start`` to ``start + wanted``: among the phrase's champions when
    they hold them all, else from scoring every match (with ``bounded``, not: OverBudget)."""
    restricted = _champion_query(si, expression, filters, start + wanted)
    if restricted is not None:
        hits = si.searcher.search(restricted, limit=wanted, count=False, offset=start).hits
        if len(hits) == wanted:
            return hits
    if bounded and not cheap(si, expression):
        raise raw.OverBudget("the page is not among the champions: every match would be scored")
    query = compile_query(si, expression, filters)
    return si.searcher.search(query, limit=wanted, count=False, offset=start).hits


def cheap(si: SearchIndex, expression: str) -> bool:
    """Whether scoring (or counting) every match of ``expression`` visits at most
    ``INLINE_POSTINGS`` postings of its terms, and so may run where it cannot be stopped.

    The bound is the sum of the postings of every term (or run) the query reads, in both
    columns: tantivy visits no more (an intersection drives by its rarest part, a filter
    is seeked into). A prefix is never cheap (its expansions are not counted here).
    """

    def postings(node: Any) -> float:
        if node[0] == "phrase":
            if node[2]:
                return float("inf")
            terms = si.terms(node[1])
            run = _run(si, terms, False)
            if run:
                return sum(si.searcher.doc_freq(runs_field(c), run) for c in ("title", "text"))
            return sum(si.searcher.doc_freq(c, t) for t in terms for c in ("title", "text"))
        children = node[1:] if node[0] == "NOT" else node[1]
        return sum(postings(child) for child in children)

    return _remembered(si, ("postings", expression), lambda: postings(_parse(expression))) <= INLINE_POSTINGS


def champion_lists(folder: Path, tokenize: str, min_postings: int, size: int) -> dict[str, list[int]]:
    """The champions of each term and run in at least ``min_postings`` statements: its best
    ``size`` statements (their ``srowid``), best first, ranked by the engine's own query
    for it as a one-phrase search.

    Why: a search for a frequent phrase scores every statement that holds it (Q2 at 1M:
    250,000, 1.2 ms), and tantivy-py's collector never stops early; a page of the best
    20 is among the best 32 (a champion list, as search engines keep for their frequent
    terms). Keyed by the phrase's FTS5 terms, space-separated (the runs decoded).
    """
    index = tantivy.Index.open(str(folder))
    register_tokenizer(index)
    codes = _codes(folder)
    tokenizer = Fts5Tokenizer(tokenize)  # (unused: the phrases come as terms)
    si = SearchIndex("", index, index.searcher(), ChunkTokens(tokenizer, 1), codes)
    decode = {code: term for term, code in codes.items()}
    phrases: set[tuple[str, ...]] = set()
    for column in ("title", "text"):
        phrases.update((term,) for term, n in si.searcher.terms_with_prefix(column, "") if n >= min_postings)
        for run, n in si.searcher.terms_with_prefix(runs_field(column), ""):
            if n >= min_postings and FILLER not in run:
                phrases.add(tuple(map(decode.__getitem__, run)))
    lists = {}
    for terms in sorted(phrases):
        hits = si.searcher.search(_terms_query(si, list(terms), False), limit=size, count=False).hits
        srowids = si.searcher.fast_field_values("srowid", [address for _score, address in hits])
        lists[" ".join(terms)] = [int(srowid) for srowid in srowids]  # type: ignore[arg-type]
    tokenizer.close()
    return lists


# ---------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class IndexRanker:
    """Counts and pages one search on the index (a :class:`~app.queries.raw.Ranker`)."""

    expression: str
    filters: Any

    def _index(self, reader: Reader) -> SearchIndex:
        si = index_for(reader)
        if si is None:  # the file was replaced by a build without index, within this request
            raise OperationalError("search index", (), RuntimeError("the database changed during the request"))
        return si

    def count(self, reader: Reader) -> int:
        """Matches (the engine counts without ranking), cached per data version and index.

        On a budget (the event loop) only a count already made, or a cheap one, is given:
        counting visits every match, which tantivy cannot be stopped in (OverBudget: the
        answer moves to a thread, which counts once for all).
        """
        si = self._index(reader)
        query = compile_query(si, self.expression, self.filters)
        key = ("search-count", si.token, self.expression, self.filters)

        def counted() -> int:
            if reader.on_budget and not cheap(si, self.expression):
                raise raw.OverBudget("the search's count is not made yet")
            return int(si.searcher.search(query, limit=1, count=True).count)

        return raw.cached(reader, key, counted)

    def fetch(
        self, reader: Reader, listing: RawListing, page: PageRequest, rendered: bool = False
    ) -> tuple[list[Any], str | None]:
        """One window, cut by the engine; the rows read by rowid, in its order (with
        ``rendered``, the listing's stored items when it has them).

        On a budget (the event loop, where tantivy cannot be interrupted) only a page of at
        most ``INLINE_ROWS`` found among its phrase's champions (a few dozen postings) or
        of a :func:`cheap` search is cut. Any other raises OverBudget before scoring, and
        the answer moves to a thread.
        """
        si = self._index(reader)
        if reader.on_budget and (page.limit is None or page.limit > INLINE_ROWS):
            raise raw.OverBudget("a long page")  # (before any statement: the same statements inline or not)
        start, after = page.offset, None
        if page.cursor is not None:
            after = decode_cursor(page.cursor, SORT)  # type: ignore[arg-type]
            if not isinstance(after[2], int) or after[2] < 0:
                raise InvalidParameter("cursor", "is not a cursor returned by this API")
            start = after[2]  # the cursor's own row first: it is checked, then dropped
        wanted = (page.limit + 1 if page.limit is not None else si.searcher.num_docs) + (after is not None)
        hits = _hits(si, self.expression, self.filters, max(wanted, 1), start, bounded=reader.on_budget)
        addresses = [address for _score, address in hits]
        srowids = si.searcher.fast_field_values("srowid", addresses)
        fts_rowids = si.searcher.fast_field_values("ftsrowid", addresses)
        payload = [
            [srowid, -score, fts_rowid, start + i]
            for i, ((score, _address), srowid, fts_rowid) in enumerate(zip(hits, srowids, fts_rowids, strict=True))
        ]
        keys = ", ".join(SORT.keys)
        columns, source, to_items = listing.shape(SOURCE, rendered)
        sql = f"SELECT {columns}, {keys} FROM {source} ORDER BY fts.pos"
        rows = reader.all(sql, (json.dumps(payload),)) if payload else []
        if after is not None:
            if not rows or list(rows[0][-3:]) != after:
                raise InvalidParameter(
                    "cursor", "belongs to another search or another build of the data; start again without it"
                )
            rows = rows[1:]
        more = page.limit is not None and len(rows) > page.limit
        if page.limit is not None:
            rows = rows[: page.limit]
        next_cursor = encode_cursor(SORT.name, list(rows[-1][-3:])) if more and rows else None
        return to_items(reader, [row[:-3] for row in rows]), next_cursor


def ranker(reader: Reader, expression: str, filters: Any) -> IndexRanker | None:
    """A ranker for this search when the served database has an index, else None (FTS5 answers)."""
    if index_for(reader) is None:
        return None
    return IndexRanker(expression, filters)
