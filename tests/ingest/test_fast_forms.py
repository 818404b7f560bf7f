"""The fast forms of the linking regexes answer as the plain ones they stand for.

``link.sentences`` scans with ``_SENTENCE_SCAN`` and ``speaks_of_meeting`` searches with
``_MEETING_WORD``, rewritten for speed from ``SENTENCE`` and ``MEETING_WORDS``, which
stay as their definitions. Checked on every document the repository holds (the bundled
corpus and the held-out sets) and on the hard cases named here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ingest.link import _SENTENCE_SCAN, MEETING_WORDS, SENTENCE, speaks_of_meeting

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = (ROOT / "data", ROOT / "tests" / "fixtures")
DOCUMENTS = sorted(p for folder in FOLDERS for p in folder.rglob("*") if p.suffix in (".txt", ".md"))
HARD = [
    "Gen. Austin met Lt. Col. Smith at 10:07 a.m. on Feb. 13. Then he left!",
    "A line with no stop\nand another one\nthat ends here.",
    "U.S. and U.K. officials, approx. 40 of them, met in St. Louis… “Done.” Next",
    "GOV.KRD said: the ministers take place… no — they took place in Rome",
    "İstanbul ſ K convened the CONFERENCE; Summits? gatherings.",
]


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in DOCUMENTS] + HARD


def test_there_are_documents_to_check() -> None:
    assert len(DOCUMENTS) > 40


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:30])
def test_the_sentence_scan_finds_what_the_sentence_pattern_finds(text: str) -> None:
    plain = [s for s in SENTENCE.findall(text) if s.strip()]
    fast = [s for s in _SENTENCE_SCAN.findall(text) if s.strip()]
    assert fast == plain


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:30])
def test_speaks_of_meeting_is_a_search_for_meeting_words(text: str) -> None:
    for line in text.splitlines():
        assert speaks_of_meeting(line) == (MEETING_WORDS.search(line) is not None), line
