"""Build the search index of a finished SQLite database, beside it, before it is served.

The ingest builds the database aside and renames it over the served one; the index is
built from that aside file, between the two (:func:`build_search_index`), and the old
indexes are removed once the new database is in place (:func:`prune_search_indexes`).

Which index belongs to which database file is written in the database itself: the index
is stored in ``<db>.search/<token>/`` and the database's ``meta`` table gets
``search_index = <token>``. The token is a hash of everything indexed (and of the
index's format, the tokenizer and the SQLite and tantivy versions), so the same inputs
give the same token and the ingest stays byte-for-byte reproducible. The directory is
complete before the database names it (built in a hidden directory, renamed into place),
so at every instant, whatever is killed when, the served database names either a
complete index of its own rows or one that is not there; a reader that finds none
answers with FTS5. A database built before this module existed names none.

Statements are added in id order and the index is kept in one segment, so the engine's
own tie-break (document order) is the API's (statement id): pages can then be cut by the
engine, however deep. The build checks that, and checks that every term of every column
is in as many statements as FTS5 says (``fts5vocab``): an index that would match a
different set of statements than FTS5 is not published (the API then uses FTS5). The
runs of common terms (:func:`common_codes`) have no FTS5 counterpart to compare with:
they are made from those same terms, and the tests compare phrase matches with FTS5's.
Once checked, the finished index ranks its frequent phrases' champions (:class:`Champions`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import math
import os
import re
import shutil
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import orjson
import tantivy

from app.db import read_only_uri
from app.search.tokens import ChunkTokens, Fts5Tokenizer, tokenize_option

log = logging.getLogger(__name__)

FORMAT = 4  # bump when the schema or what is indexed changes: a new token, a new build
META_KEY = "search_index"
MANIFEST = "manifest.json"
COMMON = "common.json"  # the common terms, in the order of their codes (JSON list)
CHAMPIONS = "champions.sqlite"  # a frequent phrase's best statements: (phrase, "id id …"), see Champions
CHAMPION_POSTINGS = 20_000  # a term or run in this many statements gets champions (fewer: cheap to rank)
CHAMPION_SIZE = 128  # how many
RUNS = "runs"  # tantivy tokenizer: every 2 and 3 consecutive characters of a column's codes
RUN_SIZES = (2, 3)  # a phrase of 2 or 3 common terms is one term of the runs fields
SAMPLE = 20_000  # statements whose terms decide which are common (in id order: a random sample)
COMMON_SHARE = 0.01  # a term in at least 1% of the sample is common
PRIVATE_USE = 0xE000  # the codes: a filler for the other terms, then one per common term
MAX_COMMON = 0xF8FF - PRIVATE_USE  # the Basic Multilingual Plane's private use area
FILLER = chr(PRIVATE_USE)
FTS_TABLE = "statements_fts"
TERMS = "terms"  # tantivy tokenizer: the text is FTS5's terms already, space-separated
TITLE_BOOST = 5.0  # bm25(statements_fts, 0.0, 5.0, 1.0): the title counts five times the text
BATCH = 2000
WRITER_HEAP = 3_000_000_000  # one segment for a few million statements (tantivy's cap is 4 GB)
_BUILDING = ".build-"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def index_root(db: Path) -> Path:
    """The folder holding the search indexes of the database file ``db``."""
    return db.with_name(db.name + ".search")


def schema() -> tantivy.Schema:
    """Terms of the two FTS5 columns, the statement filters, and what a hit needs.

    ``srowid`` finds the statement's row, ``ftsrowid`` its FTS5 row (for snippets),
    ``ord`` is the statement's rank by id (the tie-break; equal to the document order).
    """
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", tokenizer_name=TERMS)
    builder.add_text_field("text", tokenizer_name=TERMS)
    for column in ("title", "text"):
        builder.add_text_field(runs_field(column), tokenizer_name=RUNS, index_option="basic")  # see coded()
    for name in ("id", "speaker", "meeting", "kind", "document"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("date", indexed=True, fast=True)  # 2019-11-14 is 20191114
    builder.add_unsigned_field("figures", indexed=True, fast=True)
    for name in ("srowid", "ftsrowid", "ord"):
        builder.add_unsigned_field(name, fast=True)
    return builder.build()


def runs_field(column: str) -> str:
    """The field holding the runs of common terms of ``column`` (``text_runs``)."""
    return f"{column}_runs"


def common_codes(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each term in at least ``COMMON_SHARE`` of the statements given, with its code.

    Why: a phrase is slow to rank only when each of its terms is in many statements (the
    engine checks positions in every statement that has them all: 20 ms for a quarter of
    a million). Runs of such terms are indexed as single terms, which rank top-k like a
    word; a phrase with a rarer term stays a phrase, as cheap as that term is rare. Any
    set gives exact matches (the engine asks the stored one); the share bounds the runs'
    vocabulary, which would otherwise grow with every pair and triple of words in the
    corpus. The most common terms get the codes (a private use character each) if there
    are more terms than codes.
    """
    seen = 0
    docs: Counter[str] = Counter()
    for title, text in texts:
        docs.update(set(title.split()) | set(text.split()))
        seen += 1
    floor = max(1, math.ceil(COMMON_SHARE * seen))
    common = sorted((-count, term) for term, count in docs.items() if count >= floor)[:MAX_COMMON]
    return codes_of(sorted(term for _count, term in common))


def codes_of(common: list[str]) -> dict[str, str]:
    """The code of each common term: its place in the stored list, as a private use character."""
    return {term: chr(PRIVATE_USE + 1 + i) for i, term in enumerate(common)}


def coded(terms: str, codes: Mapping[str, str]) -> str:
    """A column's terms as one character each: its code, or the filler for an uncommon term.

    The ``runs`` tokenizer makes every 2 and 3 consecutive characters of it a term, in
    tantivy's own code (a Python loop over pairs and triples cost three times the rest of
    the index); a run with the filler is never asked for. The field's length is twice the
    column's (less 3), so bm25 normalises by the column's length. A run is indexed once
    per statement, without its frequency: at a million statements the frequencies took
    300 MB more of the writer's memory, which the ingest holds until the index commits.
    """
    return "".join(map(codes.get, terms.split(), itertools.repeat(FILLER)))


def register_tokenizer(index: tantivy.Index) -> None:
    """The analyzers: ``title`` and ``text`` split on spaces, nothing else; their runs
    fields make every 2 and 3 consecutive characters (codes) a term."""
    index.register_tokenizer(TERMS, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    index.register_tokenizer(RUNS, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(*RUN_SIZES)).build())


@dataclass(frozen=True)
class Manifest:
    """What an index was built from and with; a reader uses it only if it can match it."""

    format: int
    token: str
    data_version: str
    statements: int
    tokenize: str
    sqlite_version: str
    tantivy_version: str

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The manifest in an index folder (raises if missing or malformed)."""
        return cls(**json.loads((folder / MANIFEST).read_text()))


_DOCUMENTS = "(SELECT group_concat(document_id, char(31)) FROM statement_sources WHERE statement_id = s.id)"
_ROWS = f"""
SELECT s.rowid, s.id, m.fts_rowid, f.title, f.text, s.speaker_id, s.meeting_id, s.kind, s.date, s.figure_count,
       {_DOCUMENTS}
FROM temp.search_fts_map m
JOIN statements s ON s.id = m.statement_id
JOIN {FTS_TABLE} f ON f.rowid = m.fts_rowid
ORDER BY m.statement_id, m.fts_rowid
"""
# The same rows for a file whose FTS5 rows are not written yet but will be each at its
# statement's rowid, with the same title and text (:func:`app.ingest.load.build_sqlite`).
_ROWS_BY_STATEMENT = f"""
SELECT s.rowid, s.id, s.rowid, coalesce(s.title, ''), s.text, s.speaker_id, s.meeting_id, s.kind, s.date,
       s.figure_count, {_DOCUMENTS}
FROM statements s
ORDER BY s.id
"""


def build_search_index(
    sqlite_file: Path,
    root: Path,
    progress: Callable[[str], None] | None = None,
    *,
    champion_postings: int = CHAMPION_POSTINGS,
) -> str | None:
    """Index the statements of ``sqlite_file`` into ``root/<token>/`` and name it in the file's ``meta``.

    Call it on the finished database before it replaces the served one (the file is
    changed: one ``meta`` row). Returns the token, or None when nothing was published:
    the database has no FTS5 table, or the index would not match what FTS5 matches
    (logged; the file then names no index and the API searches with FTS5). An exception
    (disk full) leaves the file as it was and no index published.
    """
    return write_search_index(sqlite_file, root, champion_postings=champion_postings).publish(progress)


class Cancelled(Exception):
    """The index was no longer wanted (the build it was written for failed)."""


@dataclass
class PendingIndex:
    """An index written into a hidden folder beside the database: :meth:`publish` checks it
    against FTS5 and names it in the database, :meth:`discard` removes it."""

    sqlite_file: Path
    root: Path
    building: Path | None  # None: nothing to publish (no FTS5 table, or a row it cannot index)
    tokenize: str = ""  # the FTS5 table's tokenize option, which made the index's terms
    token: str = ""
    statements: int = 0
    written: float = 0.0  # seconds
    champion_postings: int = CHAMPION_POSTINGS

    def publish(self, progress: Callable[[str], None] | None = None) -> str | None:
        """Check the index against the finished FTS5 table, publish it and name it in the
        database (or name none, when it does not match); returns its token or None."""
        built = None
        try:
            if self.building is not None:
                built = self._check_and_publish(self.building)
        finally:
            self.discard()
        _name_in_database(self.sqlite_file, built.token if built else None)
        if built is not None:
            (progress or log.info)(
                f"search index {built.token}: {built.statements:,} statements, {built.size / 1e6:,.0f} MB, "
                f"written in {built.written:.0f} s, checked against FTS5 in {built.checked:.0f} s"
            )
        return built.token if built else None

    def discard(self) -> None:
        """Remove the folder written (the index is not published)."""
        if self.building is not None:
            shutil.rmtree(self.building, ignore_errors=True)
            self.building = None

    def _check_and_publish(self, building: Path) -> _Built | None:
        started = time.monotonic()
        conn = sqlite3.connect(read_only_uri(self.sqlite_file), uri=True)
        try:
            problem = _verify(conn, building, self.statements)
            if problem is not None:
                log.warning("search index not published for %s: %s (FTS5 will answer)", self.sqlite_file, problem)
                return None
            version_row = conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
            from app.search import engine  # (which imports this module) ranks the champions as it will ask

            lists = engine.champion_lists(building, self.tokenize, self.champion_postings, CHAMPION_SIZE)
            Champions.write(building / CHAMPIONS, _champion_ids(conn, lists))
        finally:
            conn.close()
        manifest = Manifest(
            format=FORMAT,
            token=self.token,
            data_version=version_row[0] if version_row else "",
            statements=self.statements,
            tokenize=self.tokenize,
            sqlite_version=sqlite3.sqlite_version,
            tantivy_version=tantivy.__version__,
        )
        (building / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=1))
        _fsync_tree(building)
        size = sum(p.stat().st_size for p in building.iterdir())
        checked = time.monotonic() - started
        _publish(building, self.root / self.token)
        return _Built(self.token, self.statements, size, self.written, checked)


def _champion_ids(conn: sqlite3.Connection, lists: Mapping[str, list[int]]) -> dict[str, str]:
    """The champions as statement ids, space-separated (the index holds rowids, the engine
    asks for ids); a list with an id that holds a space is left out (its searches rank
    every match).

    Every statement's id is read, through a covering index, rather than each champion's
    row (at 1M, 0.7 s instead of 3.4: a third of the statements are champions somewhere).
    """
    wanted = {rowid for found in lists.values() for rowid in found}
    ids = {rowid: sid for rowid, sid in conn.execute("SELECT rowid, id FROM statements") if rowid in wanted}
    joined = {key: [ids[rowid] for rowid in found] for key, found in lists.items()}
    return {key: " ".join(found) for key, found in joined.items() if not any(len(i.split()) != 1 for i in found)}


class Champions:
    """The champions of an index's frequent phrases, in a SQLite file of its folder, read
    when a phrase is asked for (the engine remembers the queries it makes of them).

    Why a file and not JSON in memory: at 1M statements they are 3,000 lists of 128 ids,
    7 MB of strings the server would hold (14 MB while loading) under its 200 MB.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._any: bool | None = None

    @staticmethod
    def write(path: Path, lists: Mapping[str, str]) -> None:
        """Write ``lists`` (phrase: ids, space-separated, best first) as a new file."""
        conn = sqlite3.connect(path)
        try:
            with conn:
                conn.execute("CREATE TABLE champions (phrase TEXT PRIMARY KEY, ids TEXT NOT NULL) WITHOUT ROWID")
                conn.executemany("INSERT INTO champions VALUES (?, ?)", sorted(lists.items()))
        finally:
            conn.close()

    def _read(self, sql: str, params: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
        with self._lock:
            if self._conn is None:
                uri = self._path.resolve().as_uri() + "?mode=ro&immutable=1"  # (an index never changes)
                self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
                self._conn.execute("PRAGMA cache_size = -256")
            return self._conn.execute(sql, params).fetchall()

    def __bool__(self) -> bool:
        """Whether any phrase has champions (an index of an earlier format has no file)."""
        if self._any is None:
            try:
                self._any = bool(self._read("SELECT 1 FROM champions LIMIT 1"))
            except sqlite3.Error:
                self._any = False
        return self._any

    def get(self, phrase: str) -> str | None:
        """The ids of ``phrase``'s champions, space-separated, best first; None if it has none."""
        if not self:
            return None
        found = self._read("SELECT ids FROM champions WHERE phrase = ?", (phrase,))
        return found[0][0] if found else None

    def all(self) -> dict[str, str]:
        """Every phrase's champions (for tests and inspection)."""
        return dict(self._read("SELECT phrase, ids FROM champions")) if self else {}  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Built:
    token: str
    statements: int
    size: int
    written: float  # seconds
    checked: float


def write_search_index(
    sqlite_file: Path,
    root: Path,
    *,
    fts_pending: bool = False,
    cancel: threading.Event | None = None,
    champion_postings: int = CHAMPION_POSTINGS,
) -> PendingIndex:
    """Write the index of ``sqlite_file``'s statements into a hidden folder of ``root``.

    With ``fts_pending`` the FTS5 table may still be empty: the statements' own title and
    text are indexed, and each statement's FTS5 row is taken to be at its rowid (the
    ingest writes it there, at the same time: see ``app.ingest.load``). ``cancel`` stops
    the writing between two batches (:class:`Cancelled`). A term or run in
    ``champion_postings`` statements or more gets champions (:func:`app.search.engine.champion_lists`).
    """
    conn = sqlite3.connect(read_only_uri(sqlite_file), uri=True)
    try:
        started = time.monotonic()
        row = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone()
        if row is None:
            return PendingIndex(sqlite_file, root, None)
        root.mkdir(parents=True, exist_ok=True)
        building = root / f"{_BUILDING}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        building.mkdir()
        pending = PendingIndex(sqlite_file, root, building, tokenize_option(row[0]))
        pending.champion_postings = champion_postings
        try:
            pending.token, pending.statements = _write(
                conn, building, (pending.tokenize, champion_postings), fts_pending, cancel
            )
        except UnindexableRow as exc:
            log.warning("search index not built for %s: %s (FTS5 will answer)", sqlite_file, exc)
            pending.discard()
        except BaseException:
            pending.discard()
            raise
        pending.written = time.monotonic() - started
        return pending
    finally:
        conn.close()


def _write(
    conn: sqlite3.Connection,
    folder: Path,
    options: tuple[str, int],
    fts_pending: bool,
    cancel: threading.Event | None,
) -> tuple[str, int]:
    """Add every statement to a new index in ``folder``; returns (token, statements).

    ``options``: the FTS5 tokenize option and the champions' threshold, both in the token.
    """
    tokenize, champion_postings = options
    if not fts_pending:
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(
            "CREATE TEMP TABLE search_fts_map (statement_id TEXT, fts_rowid INTEGER, "
            "PRIMARY KEY (statement_id, fts_rowid)) WITHOUT ROWID"
        )
        conn.execute(f"INSERT INTO temp.search_fts_map SELECT statement_id, rowid FROM {FTS_TABLE}")
    made_with = [FORMAT, tokenize, sqlite3.sqlite_version, tantivy.__version__, champion_postings, CHAMPION_SIZE]
    digest = hashlib.sha256(json.dumps(made_with).encode())
    index = tantivy.Index(schema(), path=str(folder))
    register_tokenizer(index)
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
    tokenizer = Fts5Tokenizer(tokenize)
    chunks = ChunkTokens(tokenizer)
    count = 0
    try:
        cursor = conn.execute(_ROWS_BY_STATEMENT if fts_pending else _ROWS)
        rows = _terms_of_rows(cursor, chunks, cancel)
        sample = list(itertools.islice(rows, SAMPLE))
        codes = common_codes((title, text) for _row, title, text in sample)
        (folder / COMMON).write_text(json.dumps(list(codes)))
        for row, title, text in itertools.chain(sample, rows):
            digest.update(orjson.dumps(row))
            writer.add_document(_document(row, title, text, count, codes))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        del writer, index  # dropped now: its threads are joined before the folder is removed
        raise
    finally:
        tokenizer.close()
        if not fts_pending:
            conn.execute("DROP TABLE temp.search_fts_map")
    # Readers take a lock on this file: a server running as another user (the
    # Dockerfile's nobody, the index built by root) must be able to open it.
    lock = folder / ".tantivy-meta.lock"
    lock.touch()
    lock.chmod(0o666)
    return digest.hexdigest()[:16], count


def _terms_of_rows(
    cursor: sqlite3.Cursor, chunks: ChunkTokens, cancel: threading.Event | None
) -> Iterator[tuple[tuple[object, ...], str, str]]:
    """Each row with its title's and text's FTS5 terms, read and tokenized a batch at a time."""
    while batch := cursor.fetchmany(BATCH):
        if cancel is not None and cancel.is_set():
            raise Cancelled
        titles = chunks.join([r[3] or "" for r in batch])
        texts = chunks.join([r[4] or "" for r in batch])
        yield from zip(batch, titles, texts, strict=True)


def _document(
    row: tuple[object, ...], title: str, text: str, ordinal: int, codes: Mapping[str, str]
) -> tantivy.Document:
    srowid, sid, fts_rowid, _title, _text, speaker, meeting, kind, date, figures, documents = row
    doc = tantivy.Document()
    doc.add_text("title", title)
    doc.add_text("text", text)
    doc.add_text(runs_field("title"), coded(title, codes))
    doc.add_text(runs_field("text"), coded(text, codes))
    doc.add_text("id", str(sid))
    doc.add_text("speaker", str(speaker))
    if meeting is not None:
        doc.add_text("meeting", str(meeting))
    doc.add_text("kind", str(kind))
    if date is not None:
        doc.add_integer("date", date_number(str(date)))
    for document in str(documents).split("\x1f") if documents else ():
        doc.add_text("document", document)
    doc.add_unsigned("figures", int(figures or 0))  # type: ignore[call-overload]
    doc.add_unsigned("srowid", int(srowid))  # type: ignore[call-overload]
    doc.add_unsigned("ftsrowid", int(fts_rowid))  # type: ignore[call-overload]
    doc.add_unsigned("ord", ordinal)
    return doc


def date_number(iso: str) -> int:
    """``YYYY-MM-DD`` as the integer ``YYYYMMDD``: the same order as the strings SQLite compares.

    Anything else cannot be compared like SQLite's strings: the build is refused.
    """
    if not _ISO_DATE.fullmatch(iso):
        raise UnindexableRow(f"a statement date is not YYYY-MM-DD: {iso!r}")
    return int(iso.replace("-", ""))


class UnindexableRow(ValueError):
    """A row the index could not filter exactly as SQL does."""


def _verify(conn: sqlite3.Connection, folder: Path, count: int) -> str | None:
    """Why the index in ``folder`` would not match what FTS5 matches, or None."""
    index = tantivy.Index.open(str(folder))
    register_tokenizer(index)
    searcher = index.searcher()
    if searcher.num_docs != count:
        return f"{searcher.num_docs} documents for {count} statements"
    if count and searcher.num_segments != 1:
        return f"{searcher.num_segments} segments (the tie-break by id needs one; raise WRITER_HEAP)"
    conn.execute(f"CREATE VIRTUAL TABLE temp.search_fts_vocab USING fts5vocab(main, {FTS_TABLE}, 'col')")
    try:
        expected: dict[str, dict[str, int]] = {"title": {}, "text": {}}
        for term, column, docs in conn.execute("SELECT term, col, doc FROM temp.search_fts_vocab"):
            if column in expected:
                expected[column][term] = docs
    finally:
        conn.execute("DROP TABLE temp.search_fts_vocab")
    for field, terms in expected.items():
        found = dict(searcher.terms_with_prefix(field, ""))
        if found != terms:
            differing = sorted(set(found.items()) ^ set(terms.items()))[:5]
            return f"the terms of {field} differ from FTS5's, e.g. {differing}"
    return None


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(building: Path, final: Path) -> None:
    """Rename the finished index into place; an index already there has the same token, so the same rows."""
    try:
        os.rename(building, final)
    except OSError:
        if not (final / MANIFEST).exists():  # a half-removed leftover: replace it
            shutil.rmtree(final, ignore_errors=True)
            os.rename(building, final)
    fd = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _name_in_database(sqlite_file: Path, token: str | None) -> None:
    """Name the index in the database's ``meta`` (None: name none), durably."""
    if token is None and database_token(sqlite_file) is None:
        return  # nothing to change: the file stays as the ingest wrote it
    conn = sqlite3.connect(sqlite_file)
    try:
        with conn:
            if token is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (META_KEY,))
            else:
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (META_KEY, token))
    finally:
        conn.close()
    with open(sqlite_file, "rb+") as fh:
        os.fsync(fh.fileno())


def database_token(db: Path) -> str | None:
    """The token of the index the database file ``db`` names, or None."""
    try:
        conn = sqlite3.connect(read_only_uri(db), uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return str(row[0]) if row else None


def prune_search_indexes(db: Path) -> None:
    """Remove every index but the one the database at ``db`` names (and builds still running).

    Call it after the new database has replaced the old one. A server still answering
    from the old file keeps its index open; POSIX keeps removed files readable for it.
    """
    root = index_root(db)
    if not root.is_dir() or not db.exists():
        return
    keep = database_token(db)
    for entry in root.iterdir():
        if entry.name == keep:
            continue
        if entry.name.startswith(_BUILDING) and _running(entry.name):
            continue
        shutil.rmtree(entry, ignore_errors=True)


def _running(name: str) -> bool:
    """Whether the process that is building into ``.build-<pid>-…`` is alive."""
    try:
        pid = int(name.removeprefix(_BUILDING).split("-")[0])
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
