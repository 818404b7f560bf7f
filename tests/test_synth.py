"""The synthetic corpus generator: deterministic, well-formed, and faithful enough that the
real ingest finds the statements it was meant to find."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import yaml

from app.synth import PHRASE, SynthReport, write_corpus


def _digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` by relative path, with its SHA-256."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthReport, list[int]]:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    seen: list[int] = []
    report = write_corpus(60, 3, out, progress=seen.append)
    return out, report, seen


def test_same_arguments_give_byte_identical_output(small: tuple[Path, SynthReport, list[int]], tmp_path: Path) -> None:
    out, report, _ = small
    again = write_corpus(60, 3, tmp_path / "again")
    assert again == report
    assert _digest(tmp_path / "again") == _digest(out)
    write_corpus(60, 4, tmp_path / "other")
    assert _digest(tmp_path / "other") != _digest(out)


def test_manifest_is_valid_and_lists_every_file(small: tuple[Path, SynthReport, list[int]]) -> None:
    out, report, _ = small
    entries = yaml.safe_load((out / "sources.yaml").read_text(encoding="utf-8"))
    assert isinstance(entries, list) and len(entries) == report.documents
    kinds = {"transcript", "communique", "press_release", "analysis", "compilation"}
    for entry in entries:
        assert set(entry) == {"file", "title", "publisher", "url", "published", "kind"}
        assert entry["file"].startswith("sources/") and entry["title"] and entry["url"] is None
        assert entry["kind"] in kinds
        assert entry["published"].year in range(2014, 2025)
    listed = {e["file"] for e in entries}
    on_disk = {str(p.relative_to(out)) for p in (out / "sources").rglob("*") if p.is_file()}
    assert listed == on_disk
    assert sum(report.kinds.values()) == report.documents


def test_manifest_and_registries_pass_the_ingest_readers(small: tuple[Path, SynthReport, list[int]]) -> None:
    from app.ingest.sources import read_manifest, read_meetings, read_speakers

    out, report, _ = small
    assert len(read_manifest(out / "sources.yaml")) == report.documents
    speakers = read_speakers(out / "speakers.yaml")
    people = [s for s in speakers if s.kind == "person"]
    assert len(people) == report.registered_speakers
    assert 0.4 * report.speakers < len(people) < 0.6 * report.speakers  # about half are left to the ingest
    assert {"Michael R. Pompeo", "Jens Stoltenberg", "Antony J. Blinken"} <= {s.name for s in speakers}
    meetings = read_meetings(out / "meetings.yaml")
    assert len(meetings) == report.registered_meetings < report.meetings
    assert all(m.city and m.date and m.name.endswith(f"in {m.city}") for m in meetings)


def test_counts_are_reported(small: tuple[Path, SynthReport, list[int]]) -> None:
    _, report, seen = small
    assert report.statements == 60
    assert seen == sorted(seen) and seen[-1] == 60 and len(seen) == report.documents
    assert report.phrase_statements == 60 // 4
    assert report.figures > report.statements  # several figures a statement
    assert report.speakers > 2000 and report.meetings == 500


def test_every_file_is_utf8_text(small: tuple[Path, SynthReport, list[int]]) -> None:
    out, report, _ = small
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) == report.documents + 3
    for path in files:
        data = path.read_bytes()
        assert b"\x00" not in data and b"\r" not in data
        text = data.decode("utf-8")
        assert text.strip()
    assert sum(p.stat().st_size for p in (out / "sources").rglob("*.txt")) == report.bytes


def test_refuses_to_mix_corpora(small: tuple[Path, SynthReport, list[int]], tmp_path: Path) -> None:
    out, _, _ = small
    with pytest.raises(FileExistsError):
        write_corpus(10, 3, out)
    target = tmp_path / "c"
    write_corpus(40, 1, target)
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    report = write_corpus(10, 1, target, force=True)
    listed = yaml.safe_load((target / "sources.yaml").read_text(encoding="utf-8"))
    assert len(listed) == report.documents == len(list((target / "sources").rglob("*.txt")))
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_prose_paragraphs_end_with_sentence_punctuation(small: tuple[Path, SynthReport, list[int]]) -> None:
    """The segmenter tells prose from headings by the last character, so prose must end in one."""
    out, _, _ = small
    for path in (out / "sources").rglob("*.txt"):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            para = para.strip()
            if len(para.split()) > 25:  # headings and chrome are short; every long block is prose
                assert para[-1] in ".?!”❖", (path.name, para[-60:])


def test_the_real_ingest_finds_the_intended_statements(tmp_path: Path) -> None:
    pipeline = pytest.importorskip("app.ingest.pipeline")
    n = 200
    report = write_corpus(n, 5, tmp_path / "corpus")
    db = tmp_path / "synth.db"
    summary = pipeline.run_ingest(tmp_path / "corpus" / "sources.yaml", f"sqlite:///{db}")
    assert abs(summary.statements - n) <= 0.05 * n
    with sqlite3.connect(db) as conn:
        (statements,) = conn.execute("SELECT count(*) FROM statements").fetchone()
        (figures,) = conn.execute("SELECT count(*) FROM figures").fetchone()
        (phrase,) = conn.execute(
            "SELECT count(*) FROM statements WHERE lower(text) LIKE ?", (f"%{PHRASE}%",)
        ).fetchone()
        (linked,) = conn.execute("SELECT count(*) FROM statements WHERE meeting_id IS NOT NULL").fetchone()
        (billions,) = conn.execute("SELECT count(*) FROM figures WHERE unit = 'USD' AND value > 1e9").fetchone()
    assert abs(statements - n) <= 0.05 * n
    assert abs(figures - report.figures) <= 0.1 * report.figures
    assert abs(phrase - report.phrase_statements) <= 0.05 * n
    assert linked > n // 2  # documents about a meeting are dated that day and name its city
    assert 0 < billions < 0.05 * figures
