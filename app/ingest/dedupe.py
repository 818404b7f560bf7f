"""One speech, one statement: merge the copies of a text found in several documents.

Compilation pages reprint remarks that a transcript holds in full, often cut short;
an analysis quotes a sentence of a speech. Two drafts by the same speaker from
different documents are the same statement when the shorter one's word 5-grams are
(almost) all inside the longer one — robust to re-typed quotes, dashes and spacing,
and to the cut. The longest copy becomes the statement's text; every copy is a source
recording its own span and whether it is the full text or an excerpt.

Only drafts of one speaker are ever compared, so the grouping runs speaker by speaker
(:func:`group_copies`), in any process, and gives the same groups as one pass over
every draft. What a draft contributes is computed once, where its text is parsed
(:func:`fingerprint`), so a million statements are grouped without holding their texts.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

SAME_SPEECH = 0.8  # share of the shorter text's 5-grams found in the longer one
COMPLETE = 0.97  # a copy this close in length to the longest is the full text
ID_TEXT = 500  # characters of the normalised text a statement id is made from


@dataclass(frozen=True)
class Fingerprint:
    """What dedupe needs of a text: computed once, beside the parse, and kept instead of the text."""

    length: int  # of the normalised text: the longest copy becomes the statement's text
    head: str  # the normalised text's first ID_TEXT characters: the statement id is made from them
    keys: tuple[int, ...]  # sentence_keys, sorted: only drafts sharing one are compared


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
    fingerprint: Fingerprint | None = None  # computed from ``text`` when not given
    asked: str = ""  # an interview answer's question: what its bare figures count


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


WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Text as compared: case, quotes, dashes and spacing folded — its words, casefolded, one
    space apart (quotes, dashes and every other non-word character are separators)."""
    return " ".join(WORD.findall(text.casefold()))


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """Word n-grams (a short text is its own single shingle)."""
    words = normalise(text).split()
    if len(words) < n:
        return {tuple(words)}
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def statement_id(speaker_id: str, when: date | None, text: str) -> str:
    """Stable id from the speaker, the date and the opening of the text."""
    return _statement_id(speaker_id, when, normalise(text)[:ID_TEXT])


def _statement_id(speaker_id: str, when: date | None, head: str) -> str:
    key = f"{speaker_id}|{when.isoformat() if when else ''}|{head}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


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


def fingerprint(text: str) -> Fingerprint:
    """The normalised length and opening of a text, and its sentence keys.

    One pass: sentences end between words, so the normalised text is its normalised
    sentences joined by a space.
    """
    sentences = [normalise(s) for s in SENTENCE_END.split(text)]
    norm = " ".join(s for s in sentences if s)
    keys = {zlib.crc32(s.encode()) for s in sentences if s.count(" ") >= 5}
    return Fingerprint(len(norm), norm[:ID_TEXT], tuple(sorted(keys)))


# --------------------------------------------------------------------------- 5-gram digests

_WORD_DIGESTS: dict[str, int] = {}


def _word_digest(word: str) -> int:
    found = _WORD_DIGESTS.get(word)
    if found is None:
        if len(_WORD_DIGESTS) > 1_000_000:
            _WORD_DIGESTS.clear()  # a vocabulary is far smaller; this only bounds the cache
        found = _WORD_DIGESTS[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest())
    return found


def digests(text: str) -> set[int]:
    """:func:`shingles` as 64-bit digests: 8 bytes a 5-gram instead of a tuple of strings.

    A word's digest is its BLAKE2b, a 5-gram's the hash of its words' digests (Python hashes
    ints and tuples of ints the same way in every process and run), so two 5-grams are
    taken for one only on a 64-bit collision: about one chance in 10^18 per pair compared.
    """
    words = [_word_digest(w) for w in normalise(text).split()]
    if len(words) < 5:
        return {hash(tuple(words))}
    return set(map(hash, zip(words, words[1:], words[2:], words[3:], words[4:], strict=False)))


SIGNATURE_BITS = 2048


@dataclass(frozen=True)
class Grams:
    """A text's 5-gram digests, and a bitmap of them: a cheap bound on an overlap."""

    digests: array[int]
    size: int
    bits: int

    @classmethod
    def of(cls, text: str) -> Grams:
        found = digests(text)
        bits = 0
        for d in found:
            bits |= 1 << (d & (SIGNATURE_BITS - 1))
        return cls(array("q", found), len(found), bits)

    def may_match(self, other: Grams) -> bool:
        """False when the bitmaps prove the texts apart: each bit the shorter's bitmap has and
        the longer's lacks is a 5-gram the longer lacks. Most pairs stop here."""
        if self.size <= other.size:
            return (self.size - (self.bits & ~other.bits).bit_count()) / self.size >= SAME_SPEECH
        return (other.size - (other.bits & ~self.bits).bit_count()) / other.size >= SAME_SPEECH


def same_speech(a: Grams, b: Grams, a_set: set[int] | None = None) -> bool:
    """Whether the shorter's 5-grams are (almost) all in the longer (``a_set``: ``a``'s digests)."""
    if not a.may_match(b):
        return False
    found = len((a_set if a_set is not None else set(a.digests)).intersection(b.digests))
    return found / min(a.size, b.size) >= SAME_SPEECH


# --------------------------------------------------------------------------- grouping


@dataclass(frozen=True)
class Copy:
    """What grouping reads of one draft."""

    document_id: str
    keys: tuple[int, ...]
    text: str


def group_copies(copies: Sequence[Copy]) -> list[int]:
    """Group one speaker's drafts, in document order: for each, the position of its group's first.

    A draft joins the earliest group that shares one of its sentences, holds nothing from
    the same document, and has a member with (almost) the same 5-grams; else it starts a
    group. A sentence no other draft of the speaker has cannot make a candidate, so only
    shared sentences are indexed, and 5-grams are computed only for drafts that share one.
    A speaker who repeats set phrases (a journalist's questions) has many candidates per
    draft: they are ruled out together on their bitmaps, and only the few left are gone
    through one by one, in the order their groups were made.
    """
    shared = Counter(k for c in copies for k in c.keys)
    index: dict[int, list[int]] = {}  # sentence key → groups (by first position) holding it
    members: dict[int, list[int]] = {}
    several: set[int] = set()  # groups of more than one draft
    grams: dict[int, Grams] = {}
    first = list(range(len(copies)))
    for i, copy in enumerate(copies):
        keys = [k for k in copy.keys if shared[k] > 1]
        if not keys:
            continue  # nothing to share: alone, and never a candidate
        mine = grams[i] = Grams.of(copy.text)
        found = set().union(*(index[k] for k in keys if k in index))
        likely = {g for g in found if mine.may_match(grams[g])} | (found & several)
        target = i
        mine_set: set[int] | None = None
        for g in sorted(likely):
            group = members[g]
            if any(copies[m].document_id == copy.document_id for m in group):
                continue
            if mine_set is None:
                mine_set = set(mine.digests)
            if any(same_speech(mine, grams[m], mine_set) for m in group):
                target = g
                break
        group = members.setdefault(target, [])
        group.append(i)
        if len(group) > 1:
            several.add(target)
        first[i] = target
        for k in keys:
            slot = index.setdefault(k, [])
            if not slot or slot[-1] != target:
                slot.append(target)
    return first


# --------------------------------------------------------------------------- merging


def merge(drafts: list[Draft]) -> list[Merged]:
    """Group copies of one speech (same speaker, different documents) into statements."""
    by_speaker: dict[str, list[int]] = {}
    for n, draft in enumerate(drafts):
        by_speaker.setdefault(draft.speaker_id, []).append(n)
    group_of = list(range(len(drafts)))
    for positions in by_speaker.values():
        firsts = group_copies([_copy(drafts[n]) for n in positions])
        for n, f in zip(positions, firsts, strict=True):
            group_of[n] = positions[f]
    groups: dict[int, list[Draft]] = {}
    for n, g in enumerate(group_of):
        groups.setdefault(g, []).append(drafts[n])
    merged = [merge_group(groups[g]) for g in sorted(groups)]
    return sorted(unique_ids(merged), key=lambda m: (m.date or date.min, m.id))


def _copy(draft: Draft) -> Copy:
    return Copy(draft.document_id, _print(draft).keys, draft.text)


def _print(draft: Draft) -> Fingerprint:
    return draft.fingerprint or fingerprint(draft.text)


def unique_ids(merged: Iterable[Merged]) -> list[Merged]:
    """Two different statements with the same speaker, date and opening (a passage said
    twice) get ids made unique by their order of appearance, so neither is lost."""
    seen: dict[str, int] = {}
    out = []
    for m in merged:
        n = seen.get(m.id, 0)
        seen[m.id] = n + 1
        out.append(m if n == 0 else replace(m, id=repeated_id(m.id, n)))
    return out


def repeated_id(first: str, n: int) -> str:
    """The id of the ``n``-th (from 1) further statement whose id would be ``first``."""
    return hashlib.sha256(f"{first}#{n}".encode()).hexdigest()[:16]


def canonical(group: Sequence[Draft]) -> int:
    """Which copy is the statement: the longest (a speech before a quotation of it), the first one."""
    return max(range(len(group)), key=lambda i: (group[i].kind != "quote", _print(group[i]).length, -group[i].sequence))


def merge_group(group: Sequence[Draft]) -> Merged:
    """The statement a group of copies makes (drafts in document order)."""
    lengths = [_print(d).length for d in group]
    at = canonical(group)
    canonical_draft, full = group[at], lengths[at]
    sources = tuple(
        sorted(
            (
                Source(d.document_id, d.raw_start, d.raw_end, length >= COMPLETE * full, d.sequence)
                for d, length in zip(group, lengths, strict=True)
            ),
            key=lambda s: s.document_id,
        )
    )
    when = canonical_draft.date or next((d.date for d in group if d.date), None)
    meeting = canonical_draft.meeting_id or next((d.meeting_id for d in group if d.meeting_id), None)
    role = canonical_draft.role or next((d.role for d in group if d.role), None)
    return Merged(
        id=_statement_id(canonical_draft.speaker_id, when, _print(canonical_draft).head),
        speaker_id=canonical_draft.speaker_id,
        role=role,
        kind=canonical_draft.kind,
        title=canonical_draft.title,
        text=canonical_draft.text,
        date=when,
        meeting_id=meeting,
        attribution=canonical_draft.attribution,
        sources=sources,
    )
