"""Queries over source documents and their provenance."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from app import models as m
from app import schemas as s
from app.pagination import Sort
from app.queries.common import Facet, Listing, get_or_404
from app.queries.portable import date_text, year


def _sort(name: str) -> Sort:
    if name == "title":
        return Sort(name=name, keys=(m.Document.title, m.Document.id))
    descending = name.startswith("-")
    key = func.coalesce(
        date_text(m.Document.published),
        literal("0000-01-01" if descending else "9999-12-31"),
    )
    return Sort(name=name, keys=(key, m.Document.id), descending=descending)


FACETS = {
    "kind": Facet(m.Document.kind, m.Document.kind),
    "year": Facet(year(m.Document.published), year(m.Document.published)),
}


def filtered(p: s.DocumentParams) -> Select[Any]:
    """Documents matching every given filter."""
    stmt = select(m.Document)
    if p.id:
        stmt = stmt.where(m.Document.id.in_(p.id))
    if p.kind:
        stmt = stmt.where(m.Document.kind.in_(p.kind))
    if p.meeting:
        mentioning = select(m.MeetingMention.document_id).where(m.MeetingMention.meeting_id.in_(p.meeting))
        stmt = stmt.where(m.Document.id.in_(mentioning))
    return stmt


def listing(p: s.DocumentParams) -> Listing:
    """Documents for a list request."""
    return Listing(
        stmt=filtered(p),
        sort=_sort(p.sort),
        to_item=lambda row: s.Document.model_validate(row[0]),
        entity=m.Document,
        facets=FACETS,
    )


def get(session: Session, document_id: str) -> s.Document:
    """One document or a 404."""
    return s.Document.model_validate(get_or_404(session, m.Document, document_id))
