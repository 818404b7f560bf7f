"""The fast forms of the linking regexes answer as the plain ones they stand for.

``link.sentences`` scans with ``_SENTENCE_SCAN`` and ``speaks_of_meeting`` searches with
``_FOLDED_MEETING_WORD`` and ``_CASED_MEETING_WORD``, rewritten for speed from ``SENTENCE`` and ``MEETING_WORDS``, which
stay as their definitions; meeting names are found with ``names_pattern``, a trie, as
their longest-first alternation would find them. Checked on every document the repository holds (the bundled
corpus and the held-out sets) and on the hard cases named here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from app.ingest.link import (
    _SENTENCE_SCAN,
    LISTING,
    MEETING_WORDS,
    SENTENCE,
    _is_listing,
    names_pattern,
    speaks_of_meeting,
)
from app.synth import write_corpus

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


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic corpus: hundreds of meetings, and documents that name them."""
    out = tmp_path_factory.mktemp("synth")
    write_corpus(3000, 5, out)
    return out


def _meeting_names(synthetic: Path) -> list[str]:
    """The names linking looks for: every curated and synthetic meeting's name and aliases,
    and names made to share beginnings and to overlap."""
    names = set()
    for path in (ROOT / "data" / "meetings.yaml", synthetic / "meetings.yaml"):
        for meeting in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for name in (meeting.get("name"), *(meeting.get("aliases") or [])):
                if name and len(name) > 8:
                    names.add(name.casefold())
    names |= {
        "washington ministerial",
        "washington ministerial meeting",
        "ministerial meeting of the coalition",
        "rome ministerial",
        "rome ministerial (2021)",
        "coalition [small group]",
        "a.b.c meeting?",
    }
    return sorted(names)


def test_the_names_pattern_finds_what_the_alternation_finds(synthetic: Path) -> None:
    names = _meeting_names(synthetic)
    assert len(names) > 200
    plain = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    trie = names_pattern(names)
    hard = [
        "the washington ministerial meeting of the coalition, then the rome ministerial (2021) and rome ministerials",
        "coalition [small group] met; a.b.c meeting? a-b-c meeting. xwashington ministerialx",
    ]
    documents = [*DOCUMENTS, *sorted((synthetic / "sources").rglob("*.txt"))[:300]]
    for text in [p.read_text(encoding="utf-8").casefold() for p in documents] + hard:
        assert [m.group(0) for m in trie.finditer(text)] == [m.group(0) for m in plain.finditer(text)]
    assert [m.group(0) for m in trie.finditer(hard[0])] == [
        "washington ministerial meeting",
        "rome ministerial (2021)",
        "rome ministerial",
    ]


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:30])
def test_the_listing_check_answers_as_its_pattern(text: str) -> None:
    lines = [*text.splitlines(), "talks with the EU 2021-03-25 10:12  ", "Rome, 28 June 2021 9:05", "at 12:30"]
    for line in lines:
        assert _is_listing(line) == (LISTING.search(line) is not None), line
