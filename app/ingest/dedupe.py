"""One speech, one statement: merge the copies of a text found in several documents.

Compilation pages reprint remarks that a transcript holds in full, often cut short;
an analysis quotes a sentence of a speech. Two drafts by the same speaker from
different documents are the same statement when the shorter one's word 5-grams are
(almost) all inside the longer one — robust to re-typed quotes, dashes and spacing,
and to the cut. The longest copy becomes the statement's text; every copy is a source
recording its own span and whether it is the full text or an excerpt.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, replace
from datetime import date

SAME_SPEECH = 0.8  # share of the shorter text's 5-grams found in the longer one
COMPLETE = 0.97  # a copy this close in length to the longest is the full text


@dataclass(frozen=True)
class Draft:
    """A statement as found in one document, its speaker resolved."""

    document_id: str
    sequence: int
    speaker_id: str
    role: str | None
    kind: str
    title: str | None
    text: str
    date: date | None
    meeting_id: str | None
    attribution: str | None
    raw_start: int
    raw_end: int
    context: str = ""


@dataclass(frozen=True)
class Source:
    """Where one copy stands."""

    document_id: str
    start: int
    end: int
    complete: bool
    sequence: int


@dataclass(frozen=True)
class Merged:
    """A statement with all its sources."""

    id: str
    speaker_id: str
    role: str | None
    kind: str
    title: str | None
    text: str
    date: date | None
    meeting_id: str | None
    attribution: str | None
    sources: tuple[Source, ...]


def normalise(text: str) -> str:
    """Text as compared: case, quotes, dashes and spacing folded."""
    text = text.casefold().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[–—―-]+", " ", text)
    return re.sub(r"\W+", " ", text).strip()


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """Word n-grams (a short text is its own single shingle)."""
    words = normalise(text).split()
    if len(words) < n:
        return {tuple(words)}
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def statement_id(speaker_id: str, when: date | None, text: str) -> str:
    """Stable id from the speaker, the date and the opening of the text."""
    key = f"{speaker_id}|{when.isoformat() if when else ''}|{normalise(text)[:500]}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _same(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> bool:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return bool(shorter) and len(shorter & longer) / len(shorter) >= SAME_SPEECH


SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")


def sentence_keys(text: str) -> set[int]:
    """Checksums of a text's sentences of six words or more, normalised.

    Two copies of a speech share whole sentences, whatever the cut; comparing the
    5-grams of every pair of a speaker's statements would be quadratic, so only
    statements that share a sentence are compared.
    """
    keys = set()
    for sentence in SENTENCE_END.split(text):
        norm = normalise(sentence)
        if norm.count(" ") >= 5:
            keys.add(zlib.crc32(norm.encode()))
    return keys


def merge(drafts: list[Draft]) -> list[Merged]:
    """Group copies of one speech (same speaker, different documents) into statements."""
    groups: list[list[Draft]] = []
    index: dict[tuple[str, int], list[int]] = {}
    for draft in drafts:
        keys = sentence_keys(draft.text)
        candidates = sorted({gi for key in keys for gi in index.get((draft.speaker_id, key), ())})
        target = None
        if candidates:
            grams = shingles(draft.text)
            for gi in candidates:
                group = groups[gi]
                if all(d.document_id != draft.document_id for d in group) and any(
                    _same(grams, shingles(d.text)) for d in group
                ):
                    target = gi
                    break
        if target is None:
            target = len(groups)
            groups.append([draft])
        else:
            groups[target].append(draft)
        for key in keys:
            slot = index.setdefault((draft.speaker_id, key), [])
            if not slot or slot[-1] != target:
                slot.append(target)
    merged = [_merge_group(g) for g in groups]
    return sorted(_unique_ids(merged), key=lambda m: (m.date or date.min, m.id))


def _unique_ids(merged: list[Merged]) -> list[Merged]:
    """Two different statements with the same speaker, date and opening (a passage said
    twice) get ids made unique by their order of appearance, so neither is lost."""
    seen: dict[str, int] = {}
    out = []
    for m in merged:
        n = seen.get(m.id, 0)
        seen[m.id] = n + 1
        out.append(m if n == 0 else replace(m, id=hashlib.sha256(f"{m.id}#{n}".encode()).hexdigest()[:16]))
    return out


def _merge_group(group: list[Draft]) -> Merged:
    canonical = max(group, key=lambda d: (d.kind != "quote", len(normalise(d.text)), -d.sequence))
    full = len(normalise(canonical.text))
    sources = tuple(
        sorted(
            (
                Source(
                    d.document_id,
                    d.raw_start,
                    d.raw_end,
                    len(normalise(d.text)) >= COMPLETE * full,
                    d.sequence,
                )
                for d in group
            ),
            key=lambda s: s.document_id,
        )
    )
    when = canonical.date or next((d.date for d in group if d.date), None)
    meeting = canonical.meeting_id or next((d.meeting_id for d in group if d.meeting_id), None)
    role = canonical.role or next((d.role for d in group if d.role), None)
    return Merged(
        id=statement_id(canonical.speaker_id, when, canonical.text),
        speaker_id=canonical.speaker_id,
        role=role,
        kind=canonical.kind,
        title=canonical.title,
        text=canonical.text,
        date=when,
        meeting_id=meeting,
        attribution=canonical.attribution,
        sources=sources,
    )
