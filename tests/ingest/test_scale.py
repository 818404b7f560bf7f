"""The ingest at scale: the same database whatever the number of workers, dedupe that groups
speaker by speaker exactly as one pass over every draft did, and bad input found late
that still leaves the previous database untouched."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert

from app.ingest import dedupe, load, pipeline
from app.ingest.dedupe import Draft, Merged, merge
from app.ingest.pipeline import run_ingest
from app.ingest.sources import IngestError
from app.ingest.workers import Workers
from app.models import Base, Meeting, Speaker
from app.synth import write_corpus
from tests.ingest.test_bad_input import append_entry, corpus_copy


@pytest.fixture(scope="module")
def synth_manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    write_corpus(400, 11, out)
    return out / "sources.yaml"


def test_the_database_is_the_same_whatever_the_number_of_workers(
    synth_manifest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)  # workers even for a small corpus
    alone, pooled = tmp_path / "alone.db", tmp_path / "pooled.db"
    one = run_ingest(synth_manifest, f"sqlite:///{alone}", workers=0)
    two = run_ingest(synth_manifest, f"sqlite:///{pooled}", workers=2)
    assert one == two
    assert one.statements > 300 and one.figures > 0
    assert alone.read_bytes() == pooled.read_bytes()


def test_bad_input_found_late_by_a_worker_leaves_the_database_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    manifest = corpus_copy(tmp_path)
    db = tmp_path / "c.db"
    run_ingest(manifest, f"sqlite:///{db}", workers=2)
    before = db.read_bytes()
    (manifest.parent / "sources" / "late.txt").write_bytes(b"Some text\n\x00 and a NUL byte")
    append_entry(manifest, "- file: sources/late.txt\n  title: Late")
    with pytest.raises(IngestError, match=r"late\.txt.*NUL"):
        run_ingest(manifest, f"sqlite:///{db}", workers=2)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".c.db.*"))  # the aside build was deleted


def test_a_duplicate_is_reported_before_a_later_bad_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors come in manifest order, however the workers share the documents."""
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    manifest = corpus_copy(tmp_path)
    first = next(iter(sorted((manifest.parent / "sources").glob("*.txt"))))
    (manifest.parent / "sources" / "again.txt").write_bytes(first.read_bytes())
    append_entry(manifest, "- file: sources/again.txt\n  title: Again")
    append_entry(manifest, "- file: sources/missing.txt\n  title: Missing")
    with pytest.raises(IngestError, match=r"again\.txt has the same content"):
        run_ingest(manifest, f"sqlite:///{tmp_path / 'c.db'}", workers=2)


# --------------------------------------------------------------------------- dedupe


def _reference_merge(drafts: list[Draft]) -> list[Merged]:
    """The pairwise algorithm dedupe started from: one pass over every draft, exact 5-grams."""
    groups: list[list[Draft]] = []
    index: dict[tuple[str, int], list[int]] = {}
    for draft in drafts:
        keys = dedupe.sentence_keys(draft.text)
        candidates = sorted({g for k in keys for g in index.get((draft.speaker_id, k), ())})
        target = None
        grams = dedupe.shingles(draft.text)
        for g in candidates:
            if all(d.document_id != draft.document_id for d in groups[g]) and any(
                _same(grams, dedupe.shingles(d.text)) for d in groups[g]
            ):
                target = g
                break
        if target is None:
            target = len(groups)
            groups.append([draft])
        else:
            groups[target].append(draft)
        for k in keys:
            slot = index.setdefault((draft.speaker_id, k), [])
            if not slot or slot[-1] != target:
                slot.append(target)
    merged = dedupe.unique_ids(dedupe.merge_group(g) for g in groups)
    return sorted(merged, key=lambda m: (m.date or date.min, m.id))


def _same(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> bool:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return bool(shorter) and len(shorter & longer) / len(shorter) >= dedupe.SAME_SPEECH


def _random_drafts(rng: random.Random, n: int) -> list[Draft]:
    """Speeches built from a small stock of sentences, so that many share some, and copies of
    them cut, re-typed or said twice, across a few documents and speakers."""
    stock = [
        f"The coalition {rng.choice(['will', 'must', 'can'])} {rng.choice(['defeat', 'degrade', 'deny'])} "
        f"the enemy in {rng.choice(['Iraq', 'Syria', 'the region'])} with {rng.randint(2, 9)} partners now."
        for _ in range(40)
    ]
    speeches = [" ".join(rng.sample(stock, rng.randint(2, 12))) for _ in range(60)]
    drafts = []
    for i in range(n):
        text = rng.choice(speeches)
        if rng.random() < 0.4:  # an excerpt
            cut = text.split(" ")
            start = rng.randint(0, len(cut) // 3)
            text = " ".join(cut[start : start + rng.randint(6, len(cut))])
        if rng.random() < 0.2:
            text = text.replace("-", "—").replace("coalition", "Coalition")
        drafts.append(
            Draft(
                f"doc{rng.randint(0, 12)}",
                i,
                rng.choice(["a", "b", "c"]),
                rng.choice([None, "Minister"]),
                rng.choice(["remarks", "quote", "joint_statement"]),
                None,
                text,
                rng.choice([None, date(2019, 11, 14), date(2020, 1, 2)]),
                rng.choice([None, "m1", "m2"]),
                None,
                0,
                len(text),
            )
        )
    return drafts


@pytest.mark.parametrize("seed", range(6))
def test_grouping_speaker_by_speaker_merges_as_one_pass_did(seed: int) -> None:
    drafts = _random_drafts(random.Random(seed), 300)
    assert merge(drafts) == _reference_merge(drafts)


def test_digests_and_the_bitmap_bound_decide_as_exact_5grams() -> None:
    rng = random.Random(3)
    texts = [d.text for d in _random_drafts(rng, 200)] + ["Too short.", "", "a b c d e"]
    for text in texts:
        assert len(dedupe.digests(text)) == len(dedupe.shingles(text))
    grams = [dedupe.Grams.of(t) for t in texts]
    exact = [dedupe.shingles(t) for t in texts]
    for _ in range(3000):
        i, j = rng.randrange(len(texts)), rng.randrange(len(texts))
        assert dedupe.same_speech(grams[i], grams[j]) == _same(exact[i], exact[j])


def test_a_fingerprint_is_the_normalised_text_and_its_sentence_keys() -> None:
    for text in ["", "“Hello” — world!", *(d.text for d in _random_drafts(random.Random(5), 50))]:
        found = dedupe.fingerprint(text)
        norm = dedupe.normalise(text)
        assert (found.length, found.head, set(found.keys)) == (len(norm), norm[:500], dedupe.sentence_keys(text))


# --------------------------------------------------------------------------- plumbing


def _square(x: int) -> int:
    return x * x


def test_workers_give_results_in_order_and_take_other_work_meanwhile() -> None:
    steps = iter(range(10_000))
    with Workers(2) as pool:
        assert list(pool.map(_square, range(500), chunk=7, meanwhile=steps)) == [x * x for x in range(500)]
    with Workers(0) as inline:
        assert list(inline.map(_square, range(50))) == [x * x for x in range(50)]


def test_rows_are_converted_as_the_models_would(tmp_path: Path) -> None:
    """``load.insert`` (sqlite3) stores what SQLAlchemy's insert of the same rows stores."""
    speaker = {
        "id": "s",
        "name": "S",
        "kind": "person",
        "role": None,
        "organization": None,
        "aliases": ["S.", "Mr S"],
        "curated": True,
        "statement_count": 2,
        "first_date": date(2019, 1, 2),
        "last_date": None,
    }
    meeting = {
        "id": "m",
        "name": "M",
        "date": date(2020, 3, 4),
        "date_precision": "day",
        "city": None,
        "country": "X",
        "format": None,
        "participants": 3,
        "curated": False,
        "statement_count": 0,
    }
    engine = create_engine(f"sqlite:///{tmp_path / 'a.db'}")
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(Speaker), [speaker])
        conn.execute(insert(Meeting), [meeting])
    engine.dispose()
    db = sqlite3.connect(tmp_path / "b.db")
    Base.metadata.create_all(create_engine(f"sqlite:///{tmp_path / 'b.db'}"))
    load.insert(db, Speaker, [speaker])
    load.insert(db, Meeting, [meeting])
    db.commit()
    for table in ("speakers", "meetings"):
        query = f"SELECT * FROM {table}"
        columns = [c.name for c in Base.metadata.tables[table].columns]
        typed = f"SELECT {', '.join(f'typeof({c})' for c in columns)} FROM {table}"
        a = sqlite3.connect(tmp_path / "a.db")
        assert db.execute(query).fetchall() == a.execute(query).fetchall()
        assert db.execute(typed).fetchall() == a.execute(typed).fetchall()


def _slow(x: int) -> int:
    time.sleep(0.05)
    return x


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal and /proc are Linux's")
def test_workers_die_with_a_killed_ingest() -> None:
    pid = os.fork()
    if pid == 0:  # the "ingest": keeps its workers busy until it is killed
        try:
            with Workers(2) as pool:
                for _ in pool.map(_slow, range(100_000), chunk=4):
                    pass
        finally:
            os._exit(0)
    try:
        deadline = time.monotonic() + 10
        while not (kids := Path(f"/proc/{pid}/task/{pid}/children").read_text().split()):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        workers = [int(k) for k in kids]
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)
