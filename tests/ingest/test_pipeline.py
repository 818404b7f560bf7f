"""End to end: the real corpus through the real pipeline, asserting what users rely on."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from app.ingest.load import alembic_config
from app.ingest.pipeline import Summary, run_ingest
from tests.conftest import MANIFEST, assert_stored_in_speaker_order

CHROME = [
    "Skip to main content",
    "Related Program",
    "mailing list",
    "UNITED24",
    "RECOMMENDED",
    "ABOUT THE AUTHORS",
    "Also available in",
    "read time",
    "Editor's Note",
    "](",
    "https://",
]


def rows(url: str, sql: str, *args: object) -> list[tuple]:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, args).fetchall()


def test_summary_counts_every_kind_of_row(corpus: tuple[str, Summary]) -> None:
    url, summary = corpus
    assert summary.documents == 5
    for table, count in (
        ("statements", summary.statements),
        ("speakers", summary.speakers),
        ("meetings", summary.meetings),
        ("figures", summary.figures),
    ):
        assert rows(url, f"SELECT count(*) FROM {table}")[0][0] == count > 0


def test_no_statement_holds_site_chrome(corpus_url: str) -> None:
    for (text,) in rows(corpus_url, "SELECT text FROM statements"):
        for chrome in CHROME:
            assert chrome not in text


def test_every_statement_has_a_known_speaker_and_a_date(corpus_url: str) -> None:
    orphans = rows(
        corpus_url,
        "SELECT s.id FROM statements s LEFT JOIN speakers p ON p.id = s.speaker_id "
        "WHERE p.id IS NULL OR s.date IS NULL",
    )
    assert orphans == []


@pytest.mark.parametrize("speaker", ["michael-r-pompeo", "jens-stoltenberg"])
def test_ministerial_remarks_are_one_statement_with_two_sources(corpus_url: str, speaker: str) -> None:
    found = rows(
        corpus_url,
        """
        SELECT s.id, group_concat(d.file || ':' || src.complete, ' ')
        FROM statements s JOIN statement_sources src ON src.statement_id = s.id
        JOIN documents d ON d.id = src.document_id
        WHERE s.speaker_id = ? AND s.meeting_id = '2019-11-14-washington-small-group-ministerial'
          AND s.kind = 'remarks'
        GROUP BY s.id HAVING count(*) = 2""",
        speaker,
    )
    assert len(found) == 1
    sources = dict(part.split(":") for part in found[0][1].split())
    # The transcript (002) is the full text; the compilation (000) an excerpt.
    assert sources == {"002_6573b06288b43657.txt": "1", "000_55055935efb3495f.txt": "0"}


def test_a_speaker_who_speaks_twice_gives_two_statements_in_order(corpus_url: str) -> None:
    turns = rows(
        corpus_url,
        """
        SELECT s.speaker_id FROM statement_sources src JOIN statements s ON s.id = src.statement_id
        JOIN documents d ON d.id = src.document_id
        WHERE d.file = '002_6573b06288b43657.txt' ORDER BY src.sequence""",
    )
    assert [t[0] for t in turns] == ["michael-r-pompeo", "jens-stoltenberg", "michael-r-pompeo"]


def test_source_spans_point_into_the_original_file(corpus_url: str) -> None:
    root = MANIFEST.parent / "sources"
    for file, start, end, text in rows(
        corpus_url,
        """
            SELECT d.file, src.start, src."end", s.text FROM statement_sources src
            JOIN documents d ON d.id = src.document_id JOIN statements s ON s.id = src.statement_id
            WHERE src.complete = 1""",
    ):
        raw = (root / file).read_text(encoding="utf-8")[start:end]
        first = s_words(text)[:6]
        last = s_words(text)[-6:]
        assert s_words(raw)[:6] == first and s_words(raw)[-6:] == last


def s_words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_media_note_and_its_tillerson_quotation_carry_the_ministerial_date(corpus_url: str) -> None:
    found = rows(
        corpus_url,
        """
        SELECT s.speaker_id, s.kind, s.date FROM statements s JOIN statement_sources src ON src.statement_id = s.id
        JOIN documents d ON d.id = src.document_id WHERE d.file = '004_cb3361d4ec0bdd57.txt'""",
    )
    assert ("u-s-department-of-state", "press_statement", "2017-03-22") in found
    assert ("rex-w-tillerson", "quote", "2017-03-22") in found


def test_editorial_introductions_are_summaries_not_statements(corpus_url: str) -> None:
    summaries = dict(rows(corpus_url, "SELECT file, summary FROM documents"))
    assert summaries["000_55055935efb3495f.txt"].startswith("On November 14, 2019, representatives")
    assert summaries["001_cc16919df8284fd1.txt"].startswith("On February 13, the Global Coalition")
    intro = rows(corpus_url, "SELECT count(*) FROM statements WHERE text LIKE 'On November 14, 2019, repr%'")
    assert intro == [(0,)]


def test_statements_are_attributed_and_linked(corpus_url: str) -> None:
    found = set(rows(corpus_url, "SELECT speaker_id, kind, meeting_id FROM statements"))
    assert (
        "global-coalition-to-defeat-isis",
        "joint_statement",
        "2019-11-14-washington-small-group-ministerial",
    ) in found
    assert (
        "global-coalition-to-defeat-isis",
        "joint_statement",
        "2018-02-13-kuwait-city-ministerial",
    ) in found
    assert ("rex-w-tillerson", "remarks", "2018-02-13-kuwait-city-ministerial") in found
    assert ("matthew-levitt", "analysis", None) in found
    assert ("u-s-department-of-state", "press_statement", None) in found  # 2019-11-18 designations
    assert ("u-s-embassy-syria", "social_post", "2018-02-13-kuwait-city-ministerial") in found
    assert ("fahrettin-altun", "quote", None) in found


def test_every_meeting_a_document_mentions_is_recorded(corpus_url: str) -> None:
    mentions = set(
        rows(
            corpus_url,
            """
        SELECT m.meeting_id, d.file FROM meeting_mentions m JOIN documents d ON d.id = m.document_id""",
        )
    )
    expected = {
        ("2019-11-14-washington-small-group-ministerial", "000_55055935efb3495f.txt"),
        ("2019-11-counter-isis-finance-group-meeting", "000_55055935efb3495f.txt"),
        ("2020-italy-ministerial", "000_55055935efb3495f.txt"),
        ("2018-02-13-kuwait-city-ministerial", "001_cc16919df8284fd1.txt"),
        ("2019-11-14-washington-small-group-ministerial", "002_6573b06288b43657.txt"),
        ("2019-06-paris-d-isis-meeting", "003_9ba76055e44e17b8.txt"),
        ("2019-11-14-washington-small-group-ministerial", "003_9ba76055e44e17b8.txt"),
        ("2017-03-22-washington-ministerial", "004_cb3361d4ec0bdd57.txt"),
        ("2016-07-20-washington-iraq-pledging-conference", "004_cb3361d4ec0bdd57.txt"),
    }
    assert expected <= mentions


def test_no_figure_is_a_year_a_date_or_a_resolution_number(corpus_url: str) -> None:
    for text, value, sentence in rows(corpus_url, "SELECT text, value, sentence FROM figures"):
        assert not re.fullmatch(r"(19|20)\d\d", text.strip()), text
        assert value not in (2254, 2396, 2242), (text, sentence)
        assert not re.search(
            r"\b(January|February|March|April|May|June|July|August|September|October|"
            r"November|December)\b",
            text,
        ), text


def test_figures_the_issue_names(corpus_url: str) -> None:
    found = set(rows(corpus_url, "SELECT text, value, unit, qualifier FROM figures"))
    values = {(v, u, q) for _, v, u, q in found}
    assert (1.2e9, "USD", "more_than") in values
    assert (7.7e6, "people", "approximately") in values
    assert (68.0, "count", "exact") in values
    assert (98.0, "percent", "approximately") in values


def dump(url: str) -> list[tuple]:
    out: list[tuple] = []
    for (table,) in rows(
        url,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'statements_fts%' ORDER BY name",
    ):
        out.append((table, tuple(sorted(rows(url, f"SELECT * FROM {table}"), key=repr))))
    return out


def test_ingesting_twice_gives_an_identical_database(corpus_url: str, tmp_path: Path) -> None:
    again = f"sqlite:///{tmp_path / 'again.db'}"
    run_ingest(MANIFEST, again)
    assert dump(again) == dump(corpus_url)
    assert (tmp_path / "again.db").read_bytes() == Path(corpus_url.removeprefix("sqlite:///")).read_bytes()


def test_the_build_has_every_index_the_migrations_make(corpus_url: str, tmp_path: Path) -> None:
    """The build drops the secondary indexes while its tables fill and makes them after:
    the finished file has each one, as the migrations wrote it, and is sound."""
    migrated = f"sqlite:///{tmp_path / 'migrated.db'}"
    engine = create_engine(migrated)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    engine.dispose()
    indexes = "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    assert len(rows(migrated, indexes)) > 20
    assert rows(corpus_url, indexes) == rows(migrated, indexes)
    assert rows(corpus_url, "PRAGMA integrity_check") == [("ok",)]


def test_statements_are_stored_in_speaker_order_each_item_at_its_statements_rowid(corpus_url: str) -> None:
    """A speaker's page reads its stored items on consecutive pages: the statements are
    stored in the order of the (speaker_id, date, id) index, and each item at its
    statement's rowid (what a page joins by)."""
    stored = assert_stored_in_speaker_order(corpus_url.removeprefix("sqlite:///"))
    assert stored != [sid for (sid,) in rows(corpus_url, "SELECT id FROM statements ORDER BY date, id")]


def test_progress_names_the_first_documents_then_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ingest import pipeline

    monkeypatch.setattr(pipeline, "DOCUMENT_LINES", 2)
    monkeypatch.setattr(pipeline, "PROGRESS_EVERY", 2)
    lines: list[str] = []
    run_ingest(MANIFEST, f"sqlite:///{tmp_path / 'p.db'}", lines.append, workers=0)
    read = [line for line in lines if "statements" in line or "documents read" in line]
    assert re.fullmatch(r"\S+: \d+ statements", read[0]) and re.fullmatch(r"\S+: \d+ statements", read[1])
    assert read[2] == "4 of 5 documents read"  # then every second document: the fourth
    assert read[3].startswith("5 documents read (")  # the step's own line, with its time
