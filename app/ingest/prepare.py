"""Prepare: what can be learnt from one document alone — the costly part of the parse.

Read (with every check on the file), clean, segment, find the quotations, map spans back
to the raw file, fingerprint each text for dedupe, and keep the sentences linking will
read. None of it depends on another document, so documents are prepared in worker
processes. What does depend on the documents before — which speaker a label names
(speakers are created as the ingest goes), which meetings exist — is decided afterwards,
one document at a time in manifest order, by the pipeline: the database is the same
whatever the number of workers. The cleaned text itself does not leave this stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from app.ingest.attribute import SpeakerResolver
from app.ingest.clean import clean
from app.ingest.dedupe import Fingerprint, fingerprint
from app.ingest.link import sentences, speaks_of_meeting
from app.ingest.quotes import Quotation, find_quotations
from app.ingest.segment import ParsedDocument, Segment, segment
from app.ingest.sources import SourceEntry, read_source
from app.ingest.types import Cleaned

QUOTE_KINDS = ("analysis", "press_statement")  # statements whose reported speech becomes quotes
# Remarks report speech only in quotation marks ("As Prime Minister al-Abadi told me: “…”"):
# a witness's or a minister's own "X said that …" is their statement, not X's.
QUOTED_KINDS = ("remarks",)


@dataclass(frozen=True)
class Quote:
    """A quotation inside a segment, its span in the raw file."""

    quotation: Quotation
    raw_start: int
    raw_end: int
    fingerprint: Fingerprint


@dataclass(frozen=True)
class Piece:
    """A segment, its span in the raw file, and the quotations it reports."""

    segment: Segment
    raw_start: int
    raw_end: int
    fingerprint: Fingerprint
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Prepared:
    """One document, ready for attribution and linking."""

    entry: SourceEntry
    sha256: str
    size: int
    parsed: ParsedDocument  # its segments are in ``pieces``
    pieces: tuple[Piece, ...]
    publisher: str | None  # from front matter
    place: str | None  # from front matter
    names: dict[str, str]  # the full names the text writes, by surname (for "MR MCCARY")
    meeting_sentences: tuple[str, ...]  # only what linking reads: the whole text is not kept


def prepare(entry: SourceEntry, manifest: Path, names: SpeakerResolver) -> Prepared:
    """Read, check, clean and segment one document. Raises IngestError on a bad file.

    ``names`` is a resolver used only to read the document's full names: that reading
    depends on the text alone, not on the speakers created so far.
    """
    source = read_source(entry, manifest)
    cleaned: Cleaned = clean(source.raw)
    parsed = segment(cleaned, entry.kind, entry.published, entry.title)
    pieces = []
    for seg in parsed.segments:
        start, end = cleaned.raw_span(seg.start, seg.end)
        quotes = []
        quoting = seg.kind in QUOTED_KINDS and ('"' in seg.text or "“" in seg.text)
        if seg.kind in QUOTE_KINDS or quoting:
            for quote in find_quotations(seg.text, reported=not quoting):
                q_start, q_end = cleaned.raw_span(seg.start + quote.start, seg.start + quote.end)
                quotes.append(Quote(quote, q_start, q_end, fingerprint(quote.quote)))
        pieces.append(Piece(seg, start, end, fingerprint(seg.text), tuple(quotes)))
    names.read_document(cleaned.text)
    return Prepared(
        entry,
        source.sha256,
        source.size,
        replace(parsed, segments=()),
        tuple(pieces),
        front(cleaned, "publisher", "source", "organization") or masthead(cleaned.text, entry.url),
        front(cleaned, "location", "place", "city"),
        names.document_names,
        tuple(sentence for sentence in sentences(cleaned.text) if speaks_of_meeting(sentence)),
    )


def masthead(text: str, url: str | None) -> str | None:
    """The site's name printed at the top of its page ("THE NATIONAL" on thenationalnews.com):
    the publisher of a page whose manifest entry names none. A top line is the site's name
    only when the address's host spells it, so a menu or a section name never is."""
    if not url:
        return None
    host = re.sub(r"^[a-z]+://(?:www\.)?", "", url.casefold()).split("/")[0]
    labels = re.split(r"[.:]", host)
    site = max(labels, key=len).replace("-", "")  # "thenationalnews" of www.thenationalnews.com
    for line in text.lstrip()[:400].split("\n")[:3]:
        name = line.strip()
        letters = re.sub(r"[^a-z0-9]", "", name.casefold())
        # Most of the site's name, not a word of it ("News", a menu's entry, on thenationalnews.com);
        # or every word of the name one of the address's labels ("UN News" on news.un.org).
        words = re.findall(r"[a-z0-9]+", name.casefold())
        if (1 <= len(name.split()) <= 5 and len(letters) >= max(4, len(site) // 2) and letters in site) or (
            len(words) >= 2 and set(words) <= set(labels)
        ):
            return name.title() if name.isupper() and " " in name else name  # "THE NATIONAL", not "NATO"
    return None


def front(cleaned: Cleaned, *keys: str) -> str | None:
    """The first of ``keys`` the front matter gives."""
    for key in keys:
        value = cleaned.front_matter.get(key)
        if value:
            return str(value)
    return None
