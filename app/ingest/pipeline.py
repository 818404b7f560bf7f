"""The ingest, end to end: manifest → prepare (read, clean, segment, quotes) → attribute →
link → dedupe → figures → metrics → load.

Each stage is a pure function over plain data; this module only wires them together,
keeps the counts for the closing summary, and hands the rows to ``load``, the one writer.

It is built to scale to millions of statements in bounded memory: documents are read and
prepared in worker processes, what each step finds is spilled to scratch tables in the
build file's connection (``stage``) and read back by cursor, and only what later
decisions need stays in memory (speakers, meetings, counts). The decisions that depend on
order — who a label names, which meetings exist, which drafts are copies of one speech —
are made in manifest order in this process, so the database is the same whatever the
number of workers. Everything is written into a new file beside the database, which
replaces it only once it is complete: bad input anywhere, found early or late, leaves
the previous database untouched.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.config import get_settings
from app.ingest import load
from app.ingest.attribute import Attribution, SpeakerResolver, name_case, role_case
from app.ingest.dedupe import Copy, Draft, canonical, group_copies, merge_group, repeated_id
from app.ingest.figures import extract_figures, page_dollar
from app.ingest.items import write_items
from app.ingest.link import MeetingIndex, meeting_for, mentions
from app.ingest.metrics import Registry, bounds, classify_all, metric_rows, read_metrics
from app.ingest.prepare import Prepared, prepare
from app.ingest.segment import POST_LINE, SIGNATURE, Segment
from app.ingest.sources import (
    IngestError,
    SourceEntry,
    SpeakerEntry,
    read_manifest,
    read_meetings,
    read_speakers,
)
from app.ingest.stage import LinkInput, Stage, day, iso
from app.ingest.types import FigureMatch
from app.ingest.workers import Workers, default_workers
from app.models import Meeting, Meta, Metric, MetricFlag, Speaker

# Part of the data version: raise it whenever the parser reads the same documents
# differently, so the ETags and per-version caches of a new build change with its content.
SCHEMA_NOTE = "coalition-statements ingest v10"
MEETING_KINDS = ("remarks", "joint_statement", "press_statement", "social_post")
PARALLEL_FROM = 50  # documents; below this, starting worker processes costs more than it saves
BATCH = 10_000  # rows written to the scratch tables at a time
# Progress: a line per document for the first ones, then a count every so often. A line
# per document of a large corpus is unreadable, and writing 60,000 of them cost the main
# process half a minute at 1M statements (while the workers waited for it).
DOCUMENT_LINES = 200
PROGRESS_EVERY = 5_000
GROUP_TASK = 5_000  # drafts of a few speakers grouped in one task


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


def run_ingest(
    manifest: Path,
    database_url: str,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> Summary:
    """Parse every document, then replace the database atomically.

    ``workers``: processes for the pure stages (default: one per core; 0 runs them here).
    Raises IngestError on bad input, the database untouched.
    """
    ingest = Ingest(manifest, progress, default_workers() if workers is None else workers)
    load.write(database_url, ingest.build)
    return ingest.summary


# --------------------------------------------------------------------------- worker side

_WORKER: dict[str, Any] = {}  # each worker's read-only state, set once by _start_worker


def _start_worker(manifest: Path, speakers: list[SpeakerEntry], metrics: Registry) -> None:
    _WORKER.update(manifest=manifest, names=SpeakerResolver(speakers), metrics=metrics)


def _prepare(entry: SourceEntry) -> Prepared | IngestError:
    """Bad input is returned, not raised, so that it is reported in manifest order. So is a
    stage failing on text it was not written for: the user learns which document, not a
    traceback from a worker process."""
    try:
        return prepare(entry, _WORKER["manifest"], _WORKER["names"])
    except IngestError as exc:
        return exc
    except Exception as exc:  # any bug, reported with the document it met
        return IngestError(
            f"{_WORKER['manifest']}: entry {entry.index + 1} (line {entry.line}): {entry.file.name}: "
            f"{_BUG.format(f'{type(exc).__name__}: {exc}')}"
        )


_BUG = "the ingest failed reading it ({}); this is a bug in the ingest, please report it with this document"


@dataclass(frozen=True)
class _Failed:
    """A statement a stage failed on in a worker, named back in the pipeline."""

    gseq: int
    error: str


def _group_speakers(speakers: list[tuple[list[int], list[Copy]]]) -> list[tuple[list[int], list[int]]]:
    return [(numbers, group_copies(copies)) for numbers, copies in speakers]


# number, id, speaker, date, role, text, the question an interview answer answers, and
# the currency a bare "$" stands for in its document
StatementText = tuple[int, str, str, str | None, str | None, str, str, str]
Found = tuple[int, str, str, str | None, str | None, int, int, list[tuple[Any, ...]]]


def _extract(statement: StatementText) -> Found | _Failed:
    """A statement's figures, passed on with what the pipeline gathers from it."""
    gseq, sid, speaker, when, role, text, asked, dollar = statement
    try:
        rows, unitless = figure_rows(sid, text, _WORKER["metrics"], asked, dollar)
    except Exception as exc:  # any bug, reported with the document it met
        return _Failed(gseq, f"{type(exc).__name__}: {exc}")
    return gseq, sid, speaker, when, role, len(text.split()), unitless, rows


def answer_figures(text: str, asked: str, dollar: str = "USD") -> list[FigureMatch]:
    """An interview answer's figures, read after the question it answers ("How many ISIS
    fighters are left?" "Our estimate is fewer than 2,000": people), the question's own
    figures left out and offsets kept in the answer."""
    prefix = f"{asked}\n\n"
    skip = len(prefix)
    return [
        replace(f, start=f.start - skip, end=f.end - skip)
        for f in extract_figures(prefix + text, dollar=dollar)
        if f.start >= skip
    ]


def figure_rows(
    statement_id: str, text: str, metrics: Registry, asked: str = "", dollar: str = "USD"
) -> tuple[list[tuple[Any, ...]], int]:
    """A statement's figures as rows of ``stage.FIGURE_COLUMNS`` (what is not its statement's:
    speaker, meeting and date are), with bounds and, where one fits, metric, cue and scope;
    and how many have no unit. ``asked``: the question an interview answer answers;
    ``dollar``: the currency a bare "$" stands for (``figures.page_dollar``)."""
    rows = []
    unitless = 0
    found = answer_figures(text, asked, dollar) if asked else extract_figures(text, dollar=dollar)
    for fig, classified in zip(found, classify_all(found, text, metrics), strict=True):
        if fig.unit is None:
            unitless += 1
        low, high = bounds(fig.value, fig.qualifier)
        rows.append(
            (
                hashlib.sha256(f"{statement_id}|{fig.start}|{fig.text}".encode()).hexdigest()[:16],
                fig.text,
                fig.value,
                fig.unit,
                fig.dimension,
                fig.qualifier,
                fig.noun,
                fig.sentence,
                fig.start,
                fig.end,
                low,
                high,
                classified.metric if classified else None,
                classified.scope if classified else None,
                classified.cue if classified else None,
            )
        )
    return rows, unitless


# --------------------------------------------------------------------------- attribution


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
            name, role = signed.group("name"), signed.group("role")
            if name.isupper():  # "MATTHEW MILLER, DEPARTMENT SPOKESPERSON": a page's head in capitals
                name, role = name_case(name), role_case(role)
            found = resolver.resolve_name(name, seg.date, role, "person")
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


def _speaker_batches(speakers: Iterable[tuple[list[int], list[Copy]]]) -> Iterator[list[tuple[list[int], list[Copy]]]]:
    """Speakers' drafts in tasks of about GROUP_TASK drafts (a speaker is never split)."""
    batch: list[tuple[list[int], list[Copy]]] = []
    size = 0
    for numbers, copies in speakers:
        batch.append((numbers, copies))
        size += len(numbers)
        if size >= GROUP_TASK:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


@dataclass
class _Said:
    """What a speaker's row needs of their statements, seen by date then id."""

    count: int = 0
    first: str | None = None
    last: str | None = None
    latest_role: str | None = None  # the role given with the latest statement
    role: str | None = None  # else the role given on the latest date one was (first statement of that date)
    role_on: str = ""

    def add(self, when: str | None, role: str | None) -> None:
        self.count += 1
        if when:
            self.first = self.first or when
            self.last = when
        self.latest_role = role
        if role and (self.role is None or (when or "") > self.role_on):
            self.role, self.role_on = role, when or ""


class Ingest:
    """One ingest: its inputs, read and checked up front, and what it found (``summary``)."""

    def __init__(self, manifest: Path, progress: Callable[[str], None] | None, workers: int) -> None:
        self.manifest = manifest.resolve()
        self.entries = read_manifest(self.manifest)
        if not self.entries:
            raise IngestError(f"{self.manifest}: the manifest lists no documents")
        self.data_dir = _registry_dir(self.manifest)
        self.speaker_registry = read_speakers(self.data_dir / "speakers.yaml")
        self.resolver = SpeakerResolver(self.speaker_registry)
        self.meetings = MeetingIndex(read_meetings(self.data_dir / "meetings.yaml"))
        self.metrics = read_metrics(self.data_dir / "metrics.yaml")
        self.progress = progress
        self.workers = workers if len(self.entries) >= PARALLEL_FROM else 0
        self.warnings: list[str] = []
        self.dollars: dict[str, str] = {}  # document id -> what a bare "$" means there, when not USD
        self.summary = Summary()
        self.clock = time.monotonic()

    def build(self, db: sqlite3.Connection) -> None:
        """Write every table (``load.write`` calls this inside the build transaction)."""
        stage = Stage(db)
        indexes = load.drop_indexes(db)
        with Workers(self.workers, _start_worker, (self.manifest, self.speaker_registry, self.metrics)) as pool:
            self._parse(stage, pool)
            self._step(f"{self.summary.documents:,} documents read")
            # Linking is sequential and needs no worker: it runs here while the workers find
            # the copies of each speech and the figures, which do not depend on it.
            linking = self._link(stage)
            groups = self._group(stage, pool, linking)
            self._step("copies of one speech found")
            self._merge(stage, groups)
            self._step(f"{self.summary.statements:,} statements")
            said, points, figures = self._figures(stage, pool, linking)
            self._step(f"{figures:,} figures")
        for _ in linking:
            pass
        stage.link_statements()
        self._step("statements linked to meetings")
        self._write(db, stage, said, points, figures)
        self._step("tables written")
        load.make_indexes(db, indexes)
        self._step("indexes made")

    def _step(self, done: str) -> None:
        """Report a step of the ingest (after the per-document lines), with its time."""
        if self.progress:
            now = time.monotonic()
            self.progress(f"{done} ({now - self.clock:.1f} s)")
            self.clock = now

    # ------------------------------------------------------------------ steps

    def _parse(self, stage: Stage, pool: Workers) -> None:
        """Prepare every document (in the workers), attribute its statements in manifest
        order, and create the meetings statements describe (linking's first pass)."""
        seen: dict[str, SourceEntry] = {}
        for pos, found in enumerate(pool.map(_prepare, self.entries, chunk=8)):
            if isinstance(found, IngestError):
                raise found
            entry = found.entry
            if found.sha256 in seen:
                other = seen[found.sha256]
                raise IngestError(
                    f"{self.manifest}: entry {entry.index + 1} (line {entry.line}): {entry.file.name} has the same "
                    f"content as entry {other.index + 1} ({other.file.name}); list each document once"
                )
            seen[found.sha256] = entry
            drafts = self._attribute(found)
            # A briefing may announce a meeting that remarks later in the manifest describe:
            # every meeting is created before any statement is linked (``_link``).
            for d in drafts:
                if d.kind in ("remarks", "joint_statement"):
                    self.meetings.from_statement(f"{d.title or ''} {d.context}", d.text, d.date, found.place)
            parsed = found.parsed
            published = entry.published or parsed.date
            dollar = entry.dollar or page_dollar(entry.url, entry.publisher or parsed.issuer or found.publisher)
            if dollar != "USD":
                self.dollars[found.sha256[:16]] = dollar
            row = (
                found.sha256[:16],
                entry.file.name,
                entry.title,
                entry.publisher,
                entry.url,
                iso(published),
                entry.kind,
                found.sha256,
                found.size,
                parsed.summary,
            )
            headings = tuple((d.title, d.date) for d in drafts if d.title)
            stage.add_document(pos, row, drafts, LinkInput(parsed.date or published, headings, found.meeting_sentences))
            if self.progress:
                if pos < DOCUMENT_LINES:
                    self.progress(f"{entry.file.name}: {len(drafts)} statements")
                elif (pos + 1) % PROGRESS_EVERY == 0:
                    self.progress(f"{pos + 1:,} of {len(self.entries):,} documents read")
        self.summary.documents = len(seen)

    def _attribute(self, found: Prepared) -> list[Draft]:
        """A document's drafts: its segments and the quotations they report, speakers resolved."""
        entry, parsed = found.entry, found.parsed
        where = str(entry.file.name)
        self.warnings.extend(f"{where}: {w}" for w in parsed.warnings)
        doc_id = found.sha256[:16]
        publisher = entry.publisher or parsed.issuer or found.publisher
        resolver = self.resolver
        resolver.document_names = found.names  # what read_document would find: it reads the text alone
        drafts: list[Draft] = []
        for piece in found.pieces:
            seg = piece.segment
            who = _attribute(seg, resolver, publisher, parsed.author, self.warnings, where)
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
                    piece.raw_start,
                    piece.raw_end,
                    seg.context,
                    piece.fingerprint,
                    seg.asked,
                )
            )
            for n, quote in enumerate(piece.quotes, start=1):
                said = quote.quotation
                speaker = resolver.resolve_name(said.who, seg.date, role_hint=said.descriptor)
                drafts.append(
                    Draft(
                        doc_id,
                        seg.sequence * 100 + n,
                        speaker.speaker.id,
                        speaker.role,
                        "quote",
                        seg.title,
                        said.quote,
                        seg.date,
                        None,
                        said.who,
                        quote.raw_start,
                        quote.raw_end,
                        seg.context,
                        quote.fingerprint,
                    )
                )
        return drafts

    def _link(self, stage: Stage) -> Iterator[None]:
        """Link drafts to meetings and record the meetings each document mentions (linking's
        second pass: every meeting statements describe now exists). One step a document."""
        for doc_id, link, drafts in stage.link_inputs():
            found = mentions(self.meetings, link.sentences, link.when, list(link.headings))
            linked = []
            for d in drafts:
                if d.kind in MEETING_KINDS or d.kind == "quote":
                    meeting = meeting_for(self.meetings, d.kind, d.date, f"{d.title or ''} {d.context}", d.opening)
                    if meeting:
                        linked.append((d.n, meeting))
            stage.add_links(doc_id, linked, found | {m for _, m in linked})
            yield

    def _group(self, stage: Stage, pool: Workers, meanwhile: Iterator[None]) -> dict[int, list[int]]:
        """Dedupe's groups of two drafts or more (speaker by speaker, in the workers), by the
        number of their first draft."""
        groups: dict[int, list[int]] = {}
        for batch in pool.map(_group_speakers, _speaker_batches(stage.speakers()), chunk=1, meanwhile=meanwhile):
            for numbers, firsts in batch:
                for i, first in enumerate(firsts):
                    if first != i:
                        groups.setdefault(numbers[first], [numbers[first]]).append(numbers[i])
        return groups

    def _merge(self, stage: Stage, groups: dict[int, list[int]]) -> None:
        """One statement per group, in the order groups were made, ids made unique. Their
        meetings are set once linking is done (``Stage.link_statements``)."""
        later = {n for members in groups.values() for n in members[1:]}
        statements: list[tuple[Any, ...]] = []
        members: list[tuple[int, int]] = []
        sources: list[tuple[Any, ...]] = []
        gseq = 0
        for n, draft in stage.drafts_in_order():
            if n in later:
                continue
            numbers = groups.get(n, [n])
            group = [draft] if len(numbers) == 1 else [d for _, d in stage.drafts_numbered(numbers)]
            merged = merge_group(group)
            statements.append(
                (
                    gseq,
                    merged.id,
                    merged.speaker_id,
                    merged.role,
                    merged.kind,
                    merged.title,
                    iso(merged.date),
                    merged.attribution,
                    numbers[canonical(group)],
                )
            )
            if len(numbers) > 1:
                members.extend((gseq, m) for m in numbers)
            sources.extend((gseq, s.document_id, s.start, s.end, int(s.complete), s.sequence) for s in merged.sources)
            gseq += 1
            if len(statements) >= BATCH:
                stage.add_statements(statements, members, sources)
                statements, members, sources = [], [], []
        stage.add_statements(statements, members, sources)
        seen: Counter[str] = Counter()
        renamed = []
        for number, sid in stage.repeated_ids():
            if seen[sid]:
                renamed.append((repeated_id(sid, seen[sid]), number))
            seen[sid] += 1
        stage.rename(renamed)
        self.summary.statements = gseq

    def _figures(
        self, stage: Stage, pool: Workers, meanwhile: Iterator[None]
    ) -> tuple[dict[str, _Said], list[dict[str, Any]], int]:
        """Figures of every statement (in the workers) and its word and figure counts; what
        the speaker and metric rows need is gathered on the way."""
        said: dict[str, _Said] = {}
        points: list[dict[str, Any]] = []
        unitless = figures = 0
        counts: list[tuple[int, int, int]] = []
        rows: list[tuple[Any, ...]] = []
        dollars = self.dollars
        statements = ((*row[:-1], dollars.get(row[-1], "USD")) for row in stage.statements_in_order())
        for found in pool.map(_extract, statements, chunk=64, meanwhile=meanwhile):
            if isinstance(found, _Failed):
                file, sid = stage.statement_source(found.gseq)
                raise IngestError(f"{file}: statement {sid}: {_BUG.format(found.error)}")
            gseq, _, speaker, when, role, words, no_unit, figs = found
            counts.append((gseq, words, len(figs)))
            rows.extend((gseq, *fig) for fig in figs)
            unitless += no_unit
            figures += len(figs)
            said.setdefault(speaker, _Said()).add(when, role)
            points.extend(_point(fig, when) for fig in figs if fig[12] and fig[2] is not None)
            if len(rows) >= BATCH or len(counts) >= BATCH:
                stage.add_figures(counts, rows)
                counts, rows = [], []
        stage.add_figures(counts, rows)
        if unitless:
            self.warnings.append(f"{unitless} figures have no unit")
        return said, points, figures

    def _write(
        self, db: sqlite3.Connection, stage: Stage, said: dict[str, _Said], points: list[dict[str, Any]], figures: int
    ) -> None:
        """Every table of the database, in the order of its schema's dependencies."""
        at_meeting = stage.meeting_counts()
        speakers = []
        for sid in sorted(said):
            speaker, s = self.resolver.speakers[sid], said[sid]
            speakers.append(
                {
                    "id": sid,
                    "name": speaker.name,
                    "kind": speaker.kind,
                    "role": s.latest_role or s.role,
                    "organization": speaker.organization,
                    "aliases": list(speaker.aliases),
                    "curated": speaker.curated,
                    "statement_count": s.count,
                    "first_date": day(s.first),
                    "last_date": day(s.last),
                }
            )
        mentioned = stage.mentioned()
        meetings = []
        for mid in sorted(self.meetings.meetings):
            m = self.meetings.meetings[mid]
            if not m.curated and mid not in mentioned and mid not in at_meeting:
                continue
            meetings.append(
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
                    "statement_count": at_meeting.get(mid, 0),
                }
            )
        metrics, flags = metric_rows(self.metrics, points)
        stage.write_documents()
        load.insert(db, Speaker, speakers)
        load.insert(db, Meeting, meetings)
        stage.write_mentions()
        stage.write_statements()
        write_items(db)
        load.insert(db, Metric, metrics)
        stage.write_figures()
        load.insert(db, MetricFlag, flags)

        created = sorted(s["name"] for s in speakers if not s["curated"])
        if created:
            shown = ", ".join(created[:20]) + (f", … ({len(created) - 20} more)" if len(created) > 20 else "")
            self.warnings.append(f"{len(created)} speakers created from the text (not in the registry): {shown}")
        registries = (_file_sha(self.data_dir / n) for n in ("speakers.yaml", "meetings.yaml", "metrics.yaml"))
        version = hashlib.sha256("|".join([SCHEMA_NOTE, *stage.document_hashes(), *registries]).encode()).hexdigest()[
            :12
        ]
        meta = {
            "data_version": version,
            "documents": str(self.summary.documents),
            "statements": str(self.summary.statements),
        }
        load.insert(db, Meta, [{"key": k, "value": v} for k, v in sorted(meta.items())])
        self.summary.speakers = len(speakers)
        self.summary.meetings = len(meetings)
        self.summary.figures = figures
        self.summary.data_version = version
        self.summary.warnings = self.warnings


def _point(figure: tuple[Any, ...], when: str | None) -> dict[str, Any]:
    """What ``metric_rows`` reads of a classified figure (a row of ``figure_rows``)."""
    return {
        "id": figure[0],
        "date": day(when),
        "text": figure[1],
        "value": figure[2],
        "qualifier": figure[5],
        "low": figure[10],
        "high": figure[11],
        "metric_id": figure[12],
        "scope": figure[13],
    }


def _registry_dir(manifest: Path) -> Path:
    """Registries beside the manifest; else the project's curated ones (``data/`` beside
    the default manifest), so a manifest of new documents still resolves known people."""
    if (manifest.parent / "speakers.yaml").exists() or (manifest.parent / "meetings.yaml").exists():
        return manifest.parent
    bundled = Path(get_settings().manifest).resolve().parent
    return bundled if bundled.exists() else manifest.parent


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"
