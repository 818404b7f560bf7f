"""FTS5's tokenization, computed by SQLite itself, so the search index sees the same terms.

The index must match exactly the statements FTS5 matches, so its terms must be FTS5's
terms: ``unicode61`` (which characters make a token, case folding, diacritics removed) and
the Porter stemmer, both as this SQLite build implements them. Re-implementing them in
Python would differ somewhere in Unicode's tables or in the stemmer's corner cases, so
SQLite tokenizes: strings are inserted into an in-memory FTS5 table with the same
``tokenize`` option, and its ``fts5vocab`` instance table gives back each term at its
position. Prefix and query tokens get the same treatment from FTS5 (``fighting*`` is
stemmed to ``fight*`` before it is matched), so one function serves documents and queries.

That costs tens of microseconds a string, too much for a million statements of a hundred
and fifty words. Two facts make it cheap: a token never spans whitespace (no whitespace
character is a token character), so a text is the concatenation of the tokens of its
whitespace-separated chunks; and chunks repeat. So texts are split in Python and each
distinct chunk is tokenized once (:class:`ChunkTokens`); an ASCII chunk is further cut
into its ASCII letters and digits (the only ASCII token characters), so only distinct
words reach SQLite.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence

DEFAULT_TOKENIZE = "porter unicode61 remove_diacritics 2"
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_TOKENIZE_OPTION = re.compile(r"tokenize\s*=\s*(?:'((?:[^']|'')*)'|\"((?:[^\"]|\"\")*)\")", re.IGNORECASE)


def tokenize_option(create_sql: str) -> str:
    """The ``tokenize`` option of a ``CREATE VIRTUAL TABLE … USING fts5(…)`` (FTS5's default if none)."""
    found = _TOKENIZE_OPTION.search(create_sql)
    if found is None:
        return "unicode61"
    return found.group(1).replace("''", "'") if found.group(1) is not None else found.group(2).replace('""', '"')


class Fts5Tokenizer:
    """Strings to FTS5 terms, by an in-memory FTS5 table with the given ``tokenize`` option.

    Thread-safe (one lock); each call inserts its strings as rows, reads the terms back by
    row and position, and empties the table.
    """

    def __init__(self, tokenize: str = DEFAULT_TOKENIZE) -> None:
        self.tokenize = tokenize
        self._conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        option = tokenize.replace("'", "''")
        self._conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '{option}')")
        self._conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        self._lock = threading.Lock()

    def terms(self, texts: Sequence[str]) -> list[list[str]]:
        """The terms of each string, in order."""
        out: list[list[str]] = [[] for _ in texts]
        if not texts:
            return out
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN")
            try:
                conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", ((i + 1, t) for i, t in enumerate(texts)))
                for doc, term in conn.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
                    out[doc - 1].append(term)
                conn.execute("DELETE FROM t")
            finally:
                conn.execute("COMMIT")
        return out

    def close(self) -> None:
        """Release the in-memory database."""
        self._conn.close()


class ChunkTokens:
    """Whitespace-separated chunks to their FTS5 terms (space-joined), each chunk asked once.

    ``max_entries`` bounds the memory: past it the cache starts again (it only saves time).
    """

    def __init__(self, tokenizer: Fts5Tokenizer, max_entries: int = 2_000_000) -> None:
        self._tokenizer = tokenizer
        self._chunks: dict[str, str] = {}
        self._words: dict[str, str] = {}
        self._max = max_entries

    def resolve(self, chunks: Iterable[str]) -> dict[str, str]:
        """Make sure every chunk is known; returns the mapping (valid until the next call)."""
        known = self._chunks
        if len(known) > self._max:
            known.clear()
            self._words.clear()
        missing = set(chunks) - known.keys()
        if not missing:
            return known
        ascii_words: dict[str, list[str]] = {}
        other: list[str] = []
        for chunk in missing:
            if chunk.isascii():
                ascii_words[chunk] = _ASCII_WORD.findall(chunk.lower())
            else:
                other.append(chunk)
        words = self._words
        new_words = sorted({w for ws in ascii_words.values() for w in ws if w not in words})
        for word, terms in zip(new_words, self._tokenizer.terms(new_words), strict=True):
            words[word] = " ".join(terms)
        for chunk, ws in ascii_words.items():
            known[chunk] = " ".join(words[w] for w in ws if words[w])
        for chunk, terms in zip(other, self._tokenizer.terms(other), strict=True):
            known[chunk] = " ".join(terms)
        return known

    def join(self, texts: Sequence[str]) -> list[str]:
        """Each text as its FTS5 terms separated by single spaces."""
        split = [t.split() for t in texts]
        known = self.resolve(itertools.chain.from_iterable(split))
        return [" ".join(filter(None, map(known.__getitem__, chunks))) for chunks in split]

    def terms(self, text: str) -> list[str]:
        """The FTS5 terms of one string (a query's phrase)."""
        return self.join([text])[0].split()
