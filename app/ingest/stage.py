"""Stage: the ingest's scratch tables, so that what it holds grows on disk, not in memory.

A million statements do not fit in memory as Python objects, and most of what the
ingest decides needs them only once more, in a known order. So each step writes what
it found here — drafts, the meetings they were linked to, the groups dedupe made, the
statements, their figures — and the next step reads it back by cursor. Only what later
decisions really need stays in memory: speakers, meetings, counts.

The tables live in a private temporary database attached to the build connection
(``ATTACH ''``, see ``load.build_sqlite``): SQLite deletes it when the connection
closes, even after a crash. The big tables of the database are filled from it at the end
(``write_*``) with ``INSERT … SELECT``, in C, in the order the rows were always written.
Dates are ISO text and booleans 0/1, as in the database built.
"""

from __future__ import annotations

import pickle
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.ingest.dedupe import Copy, Draft, Fingerprint
from app.models import Figure

SCHEMA = """
CREATE TABLE stage.documents (
    pos INTEGER PRIMARY KEY, id TEXT, file TEXT, title TEXT, publisher TEXT, url TEXT, published TEXT,
    kind TEXT, sha256 TEXT, size INTEGER, summary TEXT, statement_count INTEGER,
    first_draft INTEGER, link BLOB
);
CREATE TABLE stage.drafts (
    n INTEGER PRIMARY KEY, document_id TEXT, sequence INTEGER, speaker_id TEXT, role TEXT, kind TEXT,
    title TEXT, date TEXT, attribution TEXT, raw_start INTEGER, raw_end INTEGER, context TEXT,
    length INTEGER, head TEXT, keys BLOB, text TEXT, asked TEXT
);
CREATE TABLE stage.meeting_of (n INTEGER PRIMARY KEY, meeting_id TEXT);
CREATE TABLE stage.mentions (meeting_id TEXT, document_id TEXT);
CREATE TABLE stage.statements (
    gseq INTEGER PRIMARY KEY, id TEXT, speaker_id TEXT, role TEXT, kind TEXT, title TEXT,
    date TEXT, meeting_id TEXT, attribution TEXT, canonical INTEGER
);
CREATE TABLE stage.members (gseq INTEGER, n INTEGER, PRIMARY KEY (gseq, n)) WITHOUT ROWID;
CREATE TABLE stage.sources (
    gseq INTEGER, document_id TEXT, start INTEGER, "end" INTEGER, complete INTEGER, sequence INTEGER,
    PRIMARY KEY (gseq, document_id)
) WITHOUT ROWID;
CREATE TABLE stage.counts (gseq INTEGER PRIMARY KEY, word_count INTEGER, figure_count INTEGER);
CREATE TABLE stage.figures (
    gseq INTEGER, id TEXT, text TEXT, value REAL, unit TEXT, dimension TEXT, qualifier TEXT, noun TEXT,
    sentence TEXT, start INTEGER, "end" INTEGER, low REAL, high REAL, metric_id TEXT, scope TEXT, metric_cue TEXT
);
"""

FIGURE_COLUMNS = (
    "id",
    "text",
    "value",
    "unit",
    "dimension",
    "qualifier",
    "noun",
    "sentence",
    "start",
    "end",
    "low",
    "high",
    "metric_id",
    "scope",
    "metric_cue",
)
_DRAFT_COLUMNS = (
    "n, document_id, sequence, speaker_id, role, kind, title, date, attribution, raw_start, raw_end, context, "
    "length, head, keys"
)


def iso(when: date | None) -> str | None:
    """A date as the database stores it."""
    return when.isoformat() if when else None


def day(text: str | None) -> date | None:
    """A stored date back as a date."""
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class LinkInput:
    """What linking reads of a document besides its drafts."""

    when: date | None  # the document's date, the context of relative dates
    headings: tuple[tuple[str, date | None], ...]  # the drafts' titles and dates
    sentences: tuple[str, ...]  # the sentences that speak of meeting


@dataclass(frozen=True)
class LinkDraft:
    """What linking reads of a draft."""

    n: int
    kind: str
    date: date | None
    title: str | None
    context: str
    opening: str  # the first 1,500 characters: meeting_for reads no further


class Stage:
    """The scratch tables on a build connection (see the module docstring)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.drafts = 0
        for statement in SCHEMA.split(";"):  # not executescript: it would commit the build's transaction
            if statement.strip():
                db.execute(statement)

    # ------------------------------------------------------------------ parse

    def add_document(self, pos: int, row: Sequence[Any], drafts: Sequence[Draft], link: LinkInput) -> None:
        """A document (its ``documents`` row but the statement count, which is its number of
        drafts) and its drafts, numbered on from the previous document's."""
        first = self.drafts
        self.db.execute(
            "INSERT INTO stage.documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pos, *row, len(drafts), first, pickle.dumps(link, pickle.HIGHEST_PROTOCOL)),
        )
        self.db.executemany(
            f"INSERT INTO stage.drafts ({_DRAFT_COLUMNS}, text, asked) VALUES ({', '.join('?' * 17)})",
            (_draft_row(first + i, d) for i, d in enumerate(drafts)),
        )
        self.drafts += len(drafts)

    # ------------------------------------------------------------------ link

    def link_inputs(self) -> Iterator[tuple[str, LinkInput, list[LinkDraft]]]:
        """Each document's id, link input and drafts, in manifest order."""
        documents = self.db.execute("SELECT id, link, first_draft, statement_count FROM stage.documents ORDER BY pos")
        for doc_id, link, first, count in documents:
            drafts = [
                LinkDraft(n, kind, day(when), title, context, opening)
                for n, kind, when, title, context, opening in self.db.execute(
                    "SELECT n, kind, date, title, context, substr(text, 1, 1500) FROM stage.drafts "
                    "WHERE n >= ? AND n < ? ORDER BY n",
                    (first, first + count),
                )
            ]
            yield doc_id, pickle.loads(link), drafts

    def add_links(self, document_id: str, meetings: Iterable[tuple[int, str]], mentioned: Iterable[str]) -> None:
        """The meeting each draft was linked to, and the meetings the document mentions."""
        self.db.executemany("INSERT INTO stage.meeting_of VALUES (?, ?)", meetings)
        self.db.executemany("INSERT INTO stage.mentions VALUES (?, ?)", ((m, document_id) for m in mentioned))

    # ------------------------------------------------------------------ dedupe

    def speakers(self) -> Iterator[tuple[list[int], list[Copy]]]:
        """Each speaker's drafts (numbers, and what grouping reads), when it has more than one."""
        self.db.execute("CREATE INDEX stage.drafts_speaker ON drafts (speaker_id, n)")
        rows = self.db.execute("SELECT speaker_id, n, document_id, keys, text FROM stage.drafts ORDER BY speaker_id, n")
        current: str | None = None
        numbers: list[int] = []
        copies: list[Copy] = []
        for speaker, n, document, keys, text in rows:
            if speaker != current:
                if len(numbers) > 1:
                    yield numbers, copies
                current, numbers, copies = speaker, [], []
            numbers.append(n)
            copies.append(Copy(document, tuple(array("q", keys)), text))
        if len(numbers) > 1:
            yield numbers, copies

    def drafts_in_order(self) -> Iterator[tuple[int, Draft]]:
        """Every draft with its number, in document order, as dedupe merges them.

        The text and the meeting are left out (``""``, None): a statement names its
        canonical draft by number, and gets its meeting once linking is done.
        """
        return self._drafts("ORDER BY n")

    def drafts_numbered(self, numbers: Sequence[int]) -> Iterator[tuple[int, Draft]]:
        """Some drafts (as ``drafts_in_order``), in document order."""
        return self._drafts(f"WHERE n IN ({', '.join('?' * len(numbers))}) ORDER BY n", tuple(numbers))

    def _drafts(self, where: str, args: tuple[Any, ...] = ()) -> Iterator[tuple[int, Draft]]:
        for row in self.db.execute(f"SELECT {_DRAFT_COLUMNS} FROM stage.drafts {where}", args):
            yield row[0], _draft(row)

    def add_statements(
        self, rows: Iterable[tuple[Any, ...]], members: Iterable[tuple[int, int]], sources: Iterable[tuple[Any, ...]]
    ) -> None:
        """Statements (numbered in the order groups were made, their meeting still unknown),
        the drafts of those made of several, as (statement, draft), and their sources."""
        self.db.executemany("INSERT INTO stage.statements VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)", rows)
        self.db.executemany("INSERT INTO stage.members VALUES (?, ?)", members)
        self.db.executemany("INSERT INTO stage.sources VALUES (?, ?, ?, ?, ?, ?)", sources)

    def link_statements(self) -> None:
        """Each statement's meeting, once drafts are linked: its canonical draft's, else the
        first of its drafts that has one (as ``dedupe.merge_group`` decides)."""
        self.db.execute(
            "UPDATE stage.statements SET meeting_id = coalesce("
            "(SELECT meeting_id FROM stage.meeting_of WHERE n = statements.canonical), "
            "(SELECT m.meeting_id FROM stage.members g JOIN stage.meeting_of m ON m.n = g.n "
            "WHERE g.gseq = statements.gseq ORDER BY g.n LIMIT 1)) "
            "WHERE canonical IN (SELECT n FROM stage.meeting_of) OR gseq IN (SELECT gseq FROM stage.members)"
        )

    def meeting_counts(self) -> dict[str, int]:
        """How many statements were made at each meeting."""
        return dict(
            self.db.execute(
                "SELECT meeting_id, count(*) FROM stage.statements WHERE meeting_id IS NOT NULL GROUP BY meeting_id"
            )
        )

    def repeated_ids(self) -> list[tuple[int, str]]:
        """(number, id) of the statements whose id another one has too, in the order they were made."""
        return self.db.execute(
            "SELECT gseq, id FROM stage.statements WHERE id IN "
            "(SELECT id FROM stage.statements GROUP BY id HAVING count(*) > 1) ORDER BY gseq"
        ).fetchall()

    def rename(self, ids: Iterable[tuple[str, int]]) -> None:
        """New ids, as (id, number)."""
        self.db.executemany("UPDATE stage.statements SET id = ? WHERE gseq = ?", ids)

    # ------------------------------------------------------------------ figures

    def statements_in_order(self) -> Iterator[tuple[Any, ...]]:
        """(number, id, speaker, date, role, text, question answered, document) of every
        statement (its text and document are its canonical copy's), by date then id."""
        self.db.execute("CREATE INDEX stage.statements_order ON statements (date, id)")
        return self.db.execute(
            "SELECT s.gseq, s.id, s.speaker_id, s.date, s.role, d.text, d.asked, d.document_id "
            "FROM stage.statements s JOIN stage.drafts d ON d.n = s.canonical ORDER BY s.date, s.id"
        )

    def statement_source(self, gseq: int) -> tuple[str, str]:
        """The file of a statement's canonical copy, and the statement's id: what an error names."""
        file, sid = self.db.execute(
            "SELECT d.file, s.id FROM stage.statements s JOIN stage.drafts r ON r.n = s.canonical "
            "JOIN stage.documents d ON d.id = r.document_id WHERE s.gseq = ?",
            (gseq,),
        ).fetchone()
        return file, sid

    def add_figures(self, counts: Sequence[tuple[int, int, int]], figures: Iterable[Sequence[Any]]) -> None:
        """Statements' counts, as (number, words, figures), and their figures, as the
        statement's number and the figure's ``FIGURE_COLUMNS``."""
        self.db.executemany("INSERT INTO stage.counts VALUES (?, ?, ?)", counts)
        self.db.executemany(f"INSERT INTO stage.figures VALUES ({', '.join('?' * 16)})", figures)

    def document_hashes(self) -> list[str]:
        """Every document's SHA-256, sorted."""
        return [sha for (sha,) in self.db.execute("SELECT sha256 FROM stage.documents ORDER BY sha256")]

    def mentioned(self) -> set[str]:
        """The meetings some document mentions."""
        return {m for (m,) in self.db.execute("SELECT DISTINCT meeting_id FROM stage.mentions")}

    # ------------------------------------------------------------------ into the database

    def write_documents(self) -> None:
        """The documents, in manifest order."""
        columns = "id, file, title, publisher, url, published, kind, sha256, size, summary, statement_count"
        self.db.execute(f"INSERT INTO main.documents ({columns}) SELECT {columns} FROM stage.documents ORDER BY pos")

    def write_mentions(self) -> None:
        """Which documents mention which meetings, by meeting then document."""
        self.db.execute(
            "INSERT INTO main.meeting_mentions (meeting_id, document_id) "
            "SELECT DISTINCT meeting_id, document_id FROM stage.mentions ORDER BY meeting_id, document_id"
        )

    def write_statements(self) -> None:
        """The statements in the order of the ``(speaker_id, date, id)`` index, then their
        sources in that order, each by document.

        The order is the stored items' (their rowids are the statements'), so a speaker's
        page of statements reads consecutive pages (see ``app.models.StatementItem``).
        """
        self.db.execute("CREATE INDEX stage.statements_stored ON statements (speaker_id, date, id)")
        self.db.execute(
            "INSERT INTO main.statements "
            "(id, speaker_id, meeting_id, date, kind, title, text, attribution, word_count, figure_count) "
            "SELECT s.id, s.speaker_id, s.meeting_id, s.date, s.kind, s.title, d.text, s.attribution, "
            "c.word_count, c.figure_count "
            "FROM stage.statements s INDEXED BY statements_stored JOIN stage.counts c ON c.gseq = s.gseq "
            "JOIN stage.drafts d ON d.n = s.canonical ORDER BY s.speaker_id, s.date, s.id"
        )
        self.db.execute(
            'INSERT INTO main.statement_sources (statement_id, document_id, start, "end", complete, sequence) '
            'SELECT s.id, src.document_id, src.start, src."end", src.complete, src.sequence '
            "FROM stage.statements s INDEXED BY statements_stored JOIN stage.sources src ON src.gseq = s.gseq "
            "ORDER BY s.speaker_id, s.date, s.id, src.document_id"
        )

    def write_figures(self) -> None:
        """The figures, statement by statement as they were staged (by date then id), each
        statement's in text order; a figure's statement, speaker, meeting and date are its
        statement's."""
        from_statement = {"statement_id": "s.id", "speaker_id": "s.speaker_id", "meeting_id": "s.meeting_id"}
        columns = [c.name for c in Figure.__table__.columns]
        select = ", ".join(from_statement.get(c, f'f."{c}"' if c in FIGURE_COLUMNS else f's."{c}"') for c in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        self.db.execute(
            f"INSERT INTO main.figures ({names}) SELECT {select} "
            "FROM stage.figures f JOIN stage.statements s ON s.gseq = f.gseq ORDER BY f.rowid"
        )


def _draft_row(n: int, d: Draft) -> tuple[Any, ...]:
    fp = d.fingerprint
    assert fp is not None, "drafts are staged with their fingerprint"
    return (
        n,
        d.document_id,
        d.sequence,
        d.speaker_id,
        d.role,
        d.kind,
        d.title,
        iso(d.date),
        d.attribution,
        d.raw_start,
        d.raw_end,
        d.context,
        fp.length,
        fp.head,
        array("q", fp.keys).tobytes(),
        d.text,
        d.asked,
    )


def _draft(row: Sequence[Any]) -> Draft:
    _, document, sequence, speaker, role, kind, title, when, attribution, start, end, context, length, head, keys = row
    fingerprint = Fingerprint(length, head, tuple(array("q", keys)))
    return Draft(
        document,
        sequence,
        speaker,
        role,
        kind,
        title,
        "",
        day(when),
        None,
        attribution,
        start,
        end,
        context,
        fingerprint,
    )
