"""Queries over meetings and the documents that mention them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, extract, func, literal, select
from sqlalchemy.orm import Session, selectinload

from app import models as m
from app import schemas as s
from app.pagination import Sort
from app.queries.common import Facet, Listing, get_or_404
from app.queries.portable import date_text, year


def _date_sort(name: str) -> Sort:
    descending = name.startswith("-")
    key = func.coalesce(date_text(m.Meeting.date), literal("0000-01-01" if descending else "9999-12-31"))
    return Sort(name=name, keys=(key, m.Meeting.id), descending=descending)


LOAD = (selectinload(m.Meeting.mentions),)

FACETS = {
    "year": Facet(year(m.Meeting.date), year(m.Meeting.date)),
    "format": Facet(m.Meeting.format, m.Meeting.format),
    "city": Facet(m.Meeting.city, m.Meeting.city),
}


def to_schema(meeting: m.Meeting) -> s.Meeting:
    """A meeting with the ids of the documents that mention it."""
    return s.Meeting(
        id=meeting.id,
        name=meeting.name,
        date=meeting.date,
        date_precision=meeting.date_precision,  # type: ignore[arg-type]
        city=meeting.city,
        country=meeting.country,
        format=meeting.format,
        participants=meeting.participants,
        statement_count=meeting.statement_count,
        mentioned_in=[mention.document_id for mention in meeting.mentions],
    )


def filtered(p: s.MeetingParams) -> Select[Any]:
    """Meetings matching every given filter."""
    mt = m.Meeting
    stmt = select(mt)
    if p.id:
        stmt = stmt.where(mt.id.in_(p.id))
    if p.year:
        stmt = stmt.where(extract("year", mt.date).in_(p.year))
    if p.date_from is not None:
        stmt = stmt.where(mt.date >= p.date_from)
    if p.date_to is not None:
        stmt = stmt.where(mt.date <= p.date_to)
    if p.city:
        stmt = stmt.where(func.lower(mt.city).in_([c.lower() for c in p.city]))
    if formats := p.meeting_formats():
        stmt = stmt.where(mt.format.in_(formats))
    return stmt


def listing(p: s.MeetingParams) -> Listing:
    """Meetings for a list request."""
    return Listing(
        stmt=filtered(p),
        sort=_date_sort(p.sort),
        to_item=lambda row: to_schema(row[0]),
        entity=m.Meeting,
        options=LOAD,
        facets=FACETS,
    )


def get(session: Session, meeting_id: str) -> s.Meeting:
    """One meeting or a 404."""
    return to_schema(get_or_404(session, m.Meeting, meeting_id, *LOAD))
