"""Queries over speakers: people, groups and organizations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from app import models as m
from app import schemas as s
from app.pagination import Sort
from app.queries.common import Facet, Listing, contains, get_or_404
from app.queries.portable import json_elements

SORTS = {
    "name": Sort(name="name", keys=(m.Speaker.name, m.Speaker.id)),
    "-statement_count": Sort(name="-statement_count", keys=(m.Speaker.statement_count, m.Speaker.id), descending=True),
}

FACETS = {
    "kind": Facet(m.Speaker.kind, m.Speaker.kind),
    "organization": Facet(m.Speaker.organization, m.Speaker.organization),
}


def _alias_contains(text: str) -> Any:
    """Whether any alias contains ``text``; aliases are a JSON array, read as rows."""
    aliases = json_elements(m.Speaker.aliases).table_valued("value")
    return exists(select(1).select_from(aliases).where(contains(aliases.c.value, text)))


def filtered(p: s.SpeakerParams) -> Select[Any]:
    """Speakers matching every given filter."""
    stmt = select(m.Speaker)
    if p.id:
        stmt = stmt.where(m.Speaker.id.in_(p.id))
    if p.kind:
        stmt = stmt.where(m.Speaker.kind.in_(p.kind))
    if p.organization:
        stmt = stmt.where(func.lower(m.Speaker.organization).in_([o.lower() for o in p.organization]))
    if p.q:
        stmt = stmt.where(or_(contains(m.Speaker.name, p.q), _alias_contains(p.q)))
    return stmt


def listing(p: s.SpeakerParams) -> Listing:
    """Speakers for a list request."""
    return Listing(
        stmt=filtered(p),
        sort=SORTS[p.sort],
        to_item=lambda row: s.Speaker.model_validate(row[0]),
        entity=m.Speaker,
        facets=FACETS,
    )


def get(session: Session, speaker_id: str) -> s.Speaker:
    """One speaker or a 404."""
    return s.Speaker.model_validate(get_or_404(session, m.Speaker, speaker_id))
