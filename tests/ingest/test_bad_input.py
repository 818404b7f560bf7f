"""Bad input through the `coalition ingest` command: a clear message naming the file,
entry or line, a non-zero exit, and the previous database byte-for-byte untouched."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from tests.conftest import MANIFEST

runner = CliRunner()


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a database built from the bundled corpus."""
    work = tmp_path_factory.mktemp("good")
    db = work / "c.db"
    result = runner.invoke(cli, ["ingest", "--manifest", str(MANIFEST), "--db", f"sqlite:///{db}"])
    assert result.exit_code == 0, result.output
    return db.read_bytes()


def corpus_copy(tmp: Path) -> Path:
    """A writable copy of the data folder; returns its manifest."""
    data = tmp / "data"
    shutil.copytree(MANIFEST.parent, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    return data / "sources.yaml"


def append_entry(manifest: Path, entry: str) -> None:
    manifest.write_text(manifest.read_text() + "\n" + entry + "\n")


def missing_file(m: Path) -> None:
    append_entry(m, "- file: sources/nope.txt\n  title: Missing")


def directory(m: Path) -> None:
    (m.parent / "sources" / "adir").mkdir()
    append_entry(m, "- file: sources/adir\n  title: A directory")


def empty(m: Path) -> None:
    (m.parent / "sources" / "empty.txt").write_text("")
    append_entry(m, "- file: sources/empty.txt\n  title: Empty")


def blank(m: Path) -> None:
    (m.parent / "sources" / "blank.txt").write_text("  \n\n\t\n")
    append_entry(m, "- file: sources/blank.txt\n  title: Blank")


def binary(m: Path) -> None:
    (m.parent / "sources" / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    append_entry(m, "- file: sources/img.txt\n  title: An image")


def latin1(m: Path) -> None:
    (m.parent / "sources" / "latin1.txt").write_bytes("Déclaration de Paris\n\nLes ministres".encode("latin-1"))
    append_entry(m, "- file: sources/latin1.txt\n  title: Latin-1")


def huge(m: Path) -> None:
    line = "The Coalition has trained more than 220,000 security and police personnel.\n\n"
    (m.parent / "sources" / "huge.txt").write_text(line * (17 * 1024 * 1024 // len(line) + 1))
    append_entry(m, "- file: sources/huge.txt\n  title: Huge")


def yaml_syntax(m: Path) -> None:
    append_entry(m, "- file: sources/x.txt\n  title: [unclosed")


def no_file(m: Path) -> None:
    append_entry(m, "- title: No file here")


def no_title(m: Path) -> None:
    append_entry(m, "- file: sources/000_55055935efb3495f.txt")


def duplicate_entry(m: Path) -> None:
    append_entry(m, "- file: sources/002_6573b06288b43657.txt\n  title: Again")


def duplicate_content(m: Path) -> None:
    src = m.parent / "sources"
    shutil.copy(src / "002_6573b06288b43657.txt", src / "copy.txt")
    append_entry(m, "- file: sources/copy.txt\n  title: Same bytes, other name")


def bad_date(m: Path) -> None:
    append_entry(m, "- file: sources/x.txt\n  title: X\n  published: last Tuesday")


def bad_kind(m: Path) -> None:
    append_entry(m, "- file: sources/x.txt\n  title: X\n  kind: blog")


def bad_dollar(m: Path) -> None:
    append_entry(m, "- file: sources/x.txt\n  title: X\n  dollar: Canadian")


def alias_conflict(m: Path) -> None:
    registry = m.parent / "speakers.yaml"
    registry.write_text(
        registry.read_text() + "\n- name: Someone Else\n  kind: person\n  aliases: [Secretary Pompeo]\n"
    )


def bad_metric(m: Path) -> None:
    registry = m.parent / "metrics.yaml"
    registry.write_text(
        registry.read_text() + "\n  - id: airstrikes\n    label: Airstrikes\n    dimension: sorties\n"
        "    unit: count\n    cumulative: true\n    cues: [{noun: airstrike*}]\n"
    )


def missing_manifest(m: Path) -> None:
    m.unlink()


CASES: list[tuple[Callable[[Path], None], list[str]]] = [
    (missing_file, ["entry 6", "nope.txt", "file not found"]),
    (directory, ["entry 6", "adir", "not a regular file"]),
    (empty, ["entry 6", "empty.txt", "file is empty"]),
    (blank, ["entry 6", "blank.txt", "no text"]),
    (binary, ["entry 6", "img.txt", "binary"]),
    (latin1, ["entry 6", "latin1.txt", "not UTF-8", "line 1"]),
    (huge, ["entry 6", "huge.txt", "MiB limit"]),
    (yaml_syntax, ["sources.yaml", "line", "YAML syntax error"]),
    (no_file, ["entry 6", "missing required field 'file'"]),
    (no_title, ["entry 6", "missing required field 'title'"]),
    (duplicate_entry, ["entry 6", "duplicate entry", "entry 3"]),
    (duplicate_content, ["entry 6", "copy.txt", "same content", "entry 3"]),
    (bad_date, ["entry 6", "'published' is not a date", "last Tuesday"]),
    (bad_kind, ["entry 6", "unknown kind 'blog'"]),
    (bad_dollar, ["entry 6", "'dollar' is not a currency code", "Canadian"]),
    (alias_conflict, ["speakers.yaml", "Secretary Pompeo", "already claimed"]),
    (missing_manifest, ["sources.yaml", "not found"]),
    (bad_metric, ["metrics.yaml", "metric 10 'airstrikes'", "line", "unknown dimension 'sorties'"]),
]


@pytest.mark.parametrize(("breaks", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_is_refused_and_loses_nothing(
    breaks: Callable[[Path], None], message: list[str], good_db: bytes, tmp_path: Path
) -> None:
    manifest = corpus_copy(tmp_path)
    db = tmp_path / "c.db"
    db.write_bytes(good_db)
    breaks(manifest)
    result = runner.invoke(cli, ["ingest", "--manifest", str(manifest), "--db", f"sqlite:///{db}"])
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    for part in message:
        assert part in flat, flat
    assert db.read_bytes() == good_db
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db", "data"]  # no temporary file left behind


def test_serve_says_when_the_database_is_of_an_older_schema(
    good_db: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    db = tmp_path / "c.db"
    db.write_bytes(good_db)
    current = runner.invoke(cli, ["serve", "--db", f"sqlite:///{db}", "--no-build"])
    assert current.exit_code == 0 and "older version" not in current.output
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = 'c4e7a1d9b205'")  # an earlier head
    older = runner.invoke(cli, ["serve", "--db", f"sqlite:///{db}", "--no-build"])
    assert older.exit_code == 0
    assert "was built by an older version" in " ".join(older.output.split())


def _fails_on(name: str, stage: Callable[..., object]) -> Callable[..., object]:
    """``stage`` raising as a parser bug would when it meets the corpus file ``name``."""

    def failing(*args: object, **kwargs: object) -> object:
        if any(name in str(getattr(arg, "file", "")) or (isinstance(arg, str) and "FLAG-X" in arg) for arg in args):
            raise ValueError("could not convert string to float: '¹'")
        return stage(*args, **kwargs)

    return failing


@pytest.mark.parametrize("where", ["prepare", "figure_rows"])
def test_a_stage_failing_on_a_document_names_it_and_loses_nothing(
    where: str, good_db: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug a document trips in a stage (in a worker) is reported with the document, not as a
    bare traceback, and the ingest fails atomically like bad input."""
    from app.ingest import pipeline

    manifest = corpus_copy(tmp_path)
    doc = manifest.parent / "sources" / "004_cb3361d4ec0bdd57.txt"
    doc.write_text(doc.read_text().replace("Secretary", "FLAG-X Secretary", 1))
    monkeypatch.setattr(pipeline, where, _fails_on(doc.name, getattr(pipeline, where)))
    db = tmp_path / "c.db"
    db.write_bytes(good_db)
    result = runner.invoke(cli, ["ingest", "--manifest", str(manifest), "--db", f"sqlite:///{db}", "--workers", "0"])
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert "004_cb3361d4ec0bdd57.txt" in flat and "ValueError: could not convert string to float" in flat, flat
    assert "this is a bug in the ingest" in flat, flat
    assert db.read_bytes() == good_db
