"""The small records an item names (speaker, meeting, statement, source), shared by the
statement and figure queries and by the build's stored items.

``*_refs`` read them by id through :func:`app.queries.raw.refs`, cached per data version:
an item names its speaker and meeting without a join.
"""

from __future__ import annotations

from typing import Any

from app.queries import raw
from app.queries.raw import Reader


def source_ref(document_id: str, start: int, end: int, complete: Any) -> dict[str, Any]:
    """A ``SourceSpan`` of a statement (a row of ``statement_sources``)."""
    return {"document_id": document_id, "start": start, "end": end, "complete": bool(complete)}


def speaker_ref(speaker_id: str, name: str) -> dict[str, Any]:
    """A ``SpeakerRef`` (a row of ``SELECT id, name FROM speakers``)."""
    return {"id": speaker_id, "name": name}


def meeting_ref(meeting_id: str, name: str, date: str | None) -> dict[str, Any]:
    """A ``MeetingRef`` (a row of ``SELECT id, name, date FROM meetings``)."""
    return {"id": meeting_id, "name": name, "date": date}


def speaker_refs(reader: Reader, ids: list[str]) -> dict[str, dict[str, Any]]:
    """``{"id", "name"}`` of each speaker, by id (cached per data version)."""
    return raw.refs(reader, "speakers", "name", ids, speaker_ref)


def meeting_refs(reader: Reader, ids: list[str | None]) -> dict[str, dict[str, Any]]:
    """``{"id", "name", "date"}`` of each meeting, by id (cached per data version)."""
    return raw.refs(reader, "meetings", "name, date", ids, meeting_ref)


def statement_refs(reader: Reader, ids: list[str]) -> dict[str, dict[str, Any]]:
    """``{"id", "kind", "title"}`` of each statement, by id (the most recent 20,000 cached)."""
    return raw.refs(
        reader, "statements", "kind, title", ids, lambda i, kind, title: {"id": i, "kind": kind, "title": title}, 20_000
    )
