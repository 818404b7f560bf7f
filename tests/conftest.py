"""Shared fixtures: a database built from the real bundled corpus, once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ingest.pipeline import Summary, run_ingest

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "data" / "sources.yaml"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Summary]:
    """(database URL, ingest summary) of the bundled corpus, built through the real pipeline."""
    path = tmp_path_factory.mktemp("corpus") / "coalition.db"
    url = f"sqlite:///{path}"
    summary = run_ingest(MANIFEST, url)
    return url, summary


@pytest.fixture(scope="session")
def corpus_url(corpus: tuple[str, Summary]) -> str:
    """URL of the bundled corpus database."""
    return corpus[0]
