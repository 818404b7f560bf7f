"""The ingest, end to end: manifest → clean → segment → attribute → date → link →
figures → dedupe → metrics → load.

Each stage is a pure function over plain data; this module only wires them together,
keeps the counts for the closing summary, and hands the finished rows to ``load``,
the one writer. Nothing is written until every document has been read and parsed, so
bad input anywhere leaves the previous database untouched.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from app.config import get_settings
from app.ingest import load
from app.ingest.attribute import Attribution, SpeakerResolver
from app.ingest.clean import clean
from app.ingest.dedupe import Draft, Merged, merge
from app.ingest.figures import extract_figures
from app.ingest.link import MEETING_WORDS, MeetingIndex, meeting_for, mentions, sentences
from app.ingest.metrics import Registry, bounds, classify_all, metric_rows, read_metrics
from app.ingest.quotes import find_quotations
from app.ingest.segment import POST_LINE, SIGNATURE, Segment, segment
from app.ingest.sources import (
    IngestError,
    SourceText,
    read_manifest,
    read_meetings,
    read_source,
    read_speakers,
)
from app.ingest.types import Cleaned, FigureMatch

SCHEMA_NOTE = "coalition-statements ingest v1"
QUOTE_KINDS = ("analysis", "press_statement")


@dataclass
class Summary:
    """What an ingest did, for the closing report and the tests."""

    documents: int = 0
    statements: int = 0
    speakers: int = 0
    meetings: int = 0
    figures: int = 0
    data_version: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Parsed:
    """One document after segmentation and attribution."""

    source: SourceText
    doc_id: str
    title: str
    published: date | None
    summary: str | None
    drafts: tuple[Draft, ...]
    mentions: frozenset[str]
    meeting_sentences: tuple[str, ...]  # only what linking reads: the whole text is not kept
    place: str | None
    doc_date: date | None


def _doc_id(sha256: str) -> str:
    return sha256[:16]


def _attribute(
    seg: Segment,
    resolver: SpeakerResolver,
    publisher: str | None,
    author: str | None,
    warnings: list[str],
    where: str,
) -> Attribution:
    """Resolve the speaker the segment names, falling back to who published it."""
    found: Attribution | None = None
    if seg.speaker_source == "label" and seg.speaker_text:
        found = resolver.resolve_label(seg.speaker_text, seg.date)
    elif seg.speaker_source == "post" and seg.speaker_text:
        m = POST_LINE.match(f"— {seg.speaker_text}")
        name, handle = (m.group("name"), m.group("handle")) if m else (seg.speaker_text, "")
        found = resolver.resolve_post(name.strip(), handle, seg.date)
    elif seg.speaker_source == "heading" and seg.speaker_text:
        if signed := SIGNATURE.match(seg.speaker_text):
            found = resolver.resolve_name(signed.group("name"), seg.date, signed.group("role"), "person")
        else:
            found = resolver.resolve_heading(seg.speaker_text, seg.date, "person", seg.role_hint)
    elif seg.speaker_source == "signatories":
        found = resolver.resolve_signatories(seg.signatories, seg.date)
    elif seg.speaker_source == "group":
        found = resolver.resolve_group(seg.speaker_text, seg.text, seg.date)
    elif seg.speaker_source == "author" and author:
        found = resolver.resolve_author(author, seg.date)
    if found is None and seg.speaker_text and seg.speaker_source in ("publisher", "group", "heading"):
        found = resolver.resolve_heading(seg.speaker_text, seg.date, "organization")
    if found is None and publisher:
        found = resolver.resolve_name(publisher, seg.date, kind="organization")
    if found is None:
        warnings.append(
            f"{where}: statement {seg.sequence + 1} has no identifiable speaker; "
            "attributed to 'Unknown source' (add a publisher to the manifest entry)"
        )
        found = resolver.resolve_name("Unknown source", seg.date, kind="organization")
    return found


def _parse(source: SourceText, resolver: SpeakerResolver, warnings: list[str]) -> Parsed:
    """Clean, segment and attribute one document; meetings are linked later, over all documents."""
    entry = source.entry
    where = str(entry.file.name)
    cleaned: Cleaned = clean(source.raw)
    parsed = segment(cleaned, entry.kind, entry.published, entry.title)
    warnings.extend(f"{where}: {w}" for w in parsed.warnings)
    doc_id = _doc_id(source.sha256)
    publisher = entry.publisher or parsed.issuer or _front(cleaned, "publisher", "source", "organization")
    resolver.read_document(cleaned.text)
    drafts: list[Draft] = []
    for seg in parsed.segments:
        who = _attribute(seg, resolver, publisher, parsed.author, warnings, where)
        start, end = cleaned.raw_span(seg.start, seg.end)
        drafts.append(
            Draft(
                doc_id,
                seg.sequence * 100,
                who.speaker.id,
                who.role,
                seg.kind,
                seg.title,
                seg.text,
                seg.date,
                None,
                seg.speaker_text,
                start,
                end,
                seg.context,
            )
        )
        if seg.kind in QUOTE_KINDS:
            for n, quote in enumerate(find_quotations(seg.text), start=1):
                speaker = resolver.resolve_name(quote.who, seg.date, role_hint=quote.descriptor)
                q_start, q_end = cleaned.raw_span(seg.start + quote.start, seg.start + quote.end)
                drafts.append(
                    Draft(
                        doc_id,
                        seg.sequence * 100 + n,
                        speaker.speaker.id,
                        speaker.role,
                        "quote",
                        seg.title,
                        quote.quote,
                        seg.date,
                        None,
                        quote.who,
                        q_start,
                        q_end,
                        seg.context,
                    )
                )
    return Parsed(
        replace(source, raw=""),  # the raw text is not needed past this point
        doc_id,
        entry.title,
        entry.published or parsed.date,
        parsed.summary,
        tuple(drafts),
        frozenset(),
        tuple(sentence for sentence in sentences(cleaned.text) if MEETING_WORDS.search(sentence)),
        _front(cleaned, "location", "place", "city"),
        parsed.date,
    )


MEETING_KINDS = ("remarks", "joint_statement", "press_statement", "social_post")


def _link(docs: list[Parsed], meetings: MeetingIndex) -> list[Parsed]:
    """Create the meetings statements describe, then link statements and record mentions.

    Two passes over all documents, so a briefing that announces a meeting is linked to it
    even when the remarks that describe the meeting come later in the manifest.
    """
    for doc in docs:
        place = doc.place
        for d in doc.drafts:
            if d.kind in ("remarks", "joint_statement"):
                meetings.from_statement(f"{d.title or ''} {d.context}", d.text, d.date, place)
    linked_docs = []
    for doc in docs:
        headings = [(d.title, d.date) for d in doc.drafts if d.title]
        found = mentions(meetings, doc.meeting_sentences, doc.doc_date or doc.published, headings)
        drafts = tuple(
            replace(d, meeting_id=meeting_for(meetings, d.kind, d.date, f"{d.title or ''} {d.context}", d.text))
            if d.kind in MEETING_KINDS or d.kind == "quote"
            else d
            for d in doc.drafts
        )
        linked = {d.meeting_id for d in drafts if d.meeting_id}
        linked_docs.append(replace(doc, drafts=drafts, mentions=frozenset(found | linked)))
    return linked_docs


def _front(cleaned: Cleaned, *keys: str) -> str | None:
    for key in keys:
        value = cleaned.front_matter.get(key)
        if value:
            return str(value)
    return None


PARALLEL_FROM = 2000  # statements; below this, starting worker processes costs more than it saves


def _extract_all(texts: list[str]) -> list[list[FigureMatch]]:
    """Figure extraction is pure and the costliest stage: spread it over the machine's cores.

    ``map`` keeps the order, so the result (and the database) is the same as in one process.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(texts) < PARALLEL_FROM or workers < 2:
        return [extract_figures(text) for text in texts]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(extract_figures, texts, chunksize=256))


def _figure_rows(statements: list[Merged], warnings: list[str], metrics: Registry) -> list[load.Row]:
    """Every figure with its bounds and, where one fits, its metric, cue and scope."""
    rows: list[load.Row] = []
    unitless = 0
    for st, found in zip(statements, _extract_all([st.text for st in statements]), strict=True):
        for fig, classified in zip(found, classify_all(found, st.text, metrics), strict=True):
            fid = hashlib.sha256(f"{st.id}|{fig.start}|{fig.text}".encode()).hexdigest()[:16]
            if fig.unit is None:
                unitless += 1
            low, high = bounds(fig.value, fig.qualifier)
            rows.append(
                {
                    "id": fid,
                    "statement_id": st.id,
                    "speaker_id": st.speaker_id,
                    "meeting_id": st.meeting_id,
                    "date": st.date,
                    "text": fig.text,
                    "value": fig.value,
                    "unit": fig.unit,
                    "dimension": fig.dimension,
                    "qualifier": fig.qualifier,
                    "noun": fig.noun,
                    "sentence": fig.sentence,
                    "start": fig.start,
                    "end": fig.end,
                    "low": low,
                    "high": high,
                    "metric_id": classified.metric if classified else None,
                    "scope": classified.scope if classified else None,
                    "metric_cue": classified.cue if classified else None,
                }
            )
    if unitless:
        warnings.append(f"{unitless} figures have no unit")
    return rows


def _speaker_rows(resolver: SpeakerResolver, statements: list[Merged]) -> list[load.Row]:
    by_speaker: dict[str, list[Merged]] = defaultdict(list)
    for st in statements:
        by_speaker[st.speaker_id].append(st)
    rows = []
    for sid in sorted(by_speaker):
        speaker = resolver.speakers[sid]
        said = by_speaker[sid]
        dates = sorted(s.date for s in said if s.date)
        latest = max(said, key=lambda s: (s.date or date.min, s.id))
        rows.append(
            {
                "id": sid,
                "name": speaker.name,
                "kind": speaker.kind,
                "role": latest.role
                or next(
                    (s.role for s in sorted(said, key=lambda s: s.date or date.min, reverse=True) if s.role),
                    None,
                ),
                "organization": speaker.organization,
                "aliases": list(speaker.aliases),
                "curated": speaker.curated,
                "statement_count": len(said),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
            }
        )
    return rows


def build_rows(manifest: Path, progress: Callable[[str], None] | None = None) -> tuple[load.Rows, Summary]:
    """Read and parse everything; return the rows to load. Raises IngestError on bad input."""
    manifest = manifest.resolve()
    entries = read_manifest(manifest)
    if not entries:
        raise IngestError(f"{manifest}: the manifest lists no documents")
    data_dir = _registry_dir(manifest)
    resolver = SpeakerResolver(read_speakers(data_dir / "speakers.yaml"))
    meetings = MeetingIndex(read_meetings(data_dir / "meetings.yaml"))
    metric_registry = read_metrics(data_dir / "metrics.yaml")
    warnings: list[str] = []
    parsed: list[Parsed] = []
    seen: dict[str, SourceText] = {}
    for entry in entries:
        source = read_source(entry, manifest)
        if source.sha256 in seen:
            other = seen[source.sha256].entry
            raise IngestError(
                f"{manifest}: entry {entry.index + 1} (line {entry.line}): {entry.file.name} has the same content "
                f"as entry {other.index + 1} ({other.file.name}); list each document once"
            )
        seen[source.sha256] = source
        doc = _parse(source, resolver, warnings)
        parsed.append(doc)
        if progress:
            progress(f"{entry.file.name}: {len(doc.drafts)} statements")
    parsed = _link(parsed, meetings)

    statements = merge([d for doc in parsed for d in doc.drafts])
    figures = _figure_rows(statements, warnings, metric_registry)
    rows = load.Rows()
    per_doc = Counter(src.document_id for st in statements for src in st.sources)
    for doc in parsed:
        e = doc.source.entry
        rows.documents.append(
            {
                "id": doc.doc_id,
                "file": e.file.name,
                "title": doc.title,
                "publisher": e.publisher,
                "url": e.url,
                "published": doc.published,
                "kind": e.kind,
                "sha256": doc.source.sha256,
                "size": doc.source.size,
                "summary": doc.summary,
                "statement_count": per_doc[doc.doc_id],
            }
        )
    figure_count = Counter(f["statement_id"] for f in figures)
    for st in statements:
        rows.statements.append(
            {
                "id": st.id,
                "speaker_id": st.speaker_id,
                "meeting_id": st.meeting_id,
                "date": st.date,
                "kind": st.kind,
                "title": st.title,
                "text": st.text,
                "attribution": st.attribution,
                "word_count": len(st.text.split()),
                "figure_count": figure_count[st.id],
            }
        )
        for src in st.sources:
            rows.sources.append(
                {
                    "statement_id": st.id,
                    "document_id": src.document_id,
                    "start": src.start,
                    "end": src.end,
                    "complete": src.complete,
                    "sequence": src.sequence,
                }
            )
    rows.figures = figures
    rows.metrics, rows.flags = metric_rows(metric_registry, figures)
    rows.speakers = _speaker_rows(resolver, statements)
    at_meeting = Counter(st.meeting_id for st in statements if st.meeting_id)
    mentioned: dict[str, set[str]] = defaultdict(set)
    for doc in parsed:
        for mid in doc.mentions:
            mentioned[mid].add(doc.doc_id)
    for mid in sorted(meetings.meetings):
        m = meetings.meetings[mid]
        if not m.curated and not mentioned[mid] and not at_meeting[mid]:
            continue
        rows.meetings.append(
            {
                "id": m.id,
                "name": m.name,
                "date": m.date,
                "date_precision": m.date_precision,
                "city": m.city,
                "country": m.country,
                "format": m.format,
                "participants": m.participants,
                "curated": m.curated,
                "statement_count": at_meeting[mid],
            }
        )
        rows.mentions.extend({"meeting_id": mid, "document_id": d} for d in sorted(mentioned[mid]))

    created = sorted(s["name"] for s in rows.speakers if not s["curated"])
    if created:
        shown = ", ".join(created[:20]) + (f", … ({len(created) - 20} more)" if len(created) > 20 else "")
        warnings.append(f"{len(created)} speakers created from the text (not in the registry): {shown}")
    version = hashlib.sha256(
        "|".join(
            [
                SCHEMA_NOTE,
                *sorted(d["sha256"] for d in rows.documents),
                *(_file_sha(data_dir / n) for n in ("speakers.yaml", "meetings.yaml", "metrics.yaml")),
            ]
        ).encode()
    ).hexdigest()[:12]
    rows.meta = {
        "data_version": version,
        "documents": str(len(rows.documents)),
        "statements": str(len(rows.statements)),
    }
    summary = Summary(
        len(rows.documents),
        len(rows.statements),
        len(rows.speakers),
        len(rows.meetings),
        len(rows.figures),
        version,
        warnings,
    )
    return rows, summary


def _registry_dir(manifest: Path) -> Path:
    """Registries beside the manifest; else the project's curated ones (``data/`` beside
    the default manifest), so a manifest of new documents still resolves known people."""
    if (manifest.parent / "speakers.yaml").exists() or (manifest.parent / "meetings.yaml").exists():
        return manifest.parent
    bundled = Path(get_settings().manifest).resolve().parent
    return bundled if bundled.exists() else manifest.parent


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


def run_ingest(manifest: Path, database_url: str, progress: Callable[[str], None] | None = None) -> Summary:
    """Parse every document, then replace the database atomically."""
    rows, summary = build_rows(manifest, progress)
    load.write(database_url, rows)
    return summary
