"""What every resource's queries share: lookups, listings, facets, exports.

A resource module describes a listing as a :class:`Listing` (a filtered ``SELECT`` whose
first column is the entity, its sort, its loader options, its facets and how to turn a
row into a response model); the functions here run it as one page, as facet counts, or
as batches for a streamed export. Query count per request is therefore constant: one
``COUNT``, one page, one ``selectin`` per collection, one per facet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.interfaces import ORMOption

from app.errors import NotFound
from app.models import Base
from app.pagination import PageRequest, Sort, count, fetch_page
from app.schemas import FacetValue

M = TypeVar("M", bound=Base)

EXPORT_BATCH = 500
FACET_LIMIT = 100


def get_or_404(session: Session, model: type[M], ident: str, *options: ORMOption) -> M:
    """The record with this id, loaded with ``options``, or a 404 problem."""
    obj = session.scalars(select(model).where(model.id == ident).options(*options)).first()  # type: ignore[attr-defined]
    if obj is None:
        raise NotFound(f"No {model.__name__.lower()} with id {ident!r}.")
    return obj


def escape_like(text: str) -> str:
    """Make user text literal inside a LIKE pattern (used with ``escape='\\\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: ColumnElement[Any], text: str) -> ColumnElement[bool]:
    """Case-insensitive substring match with the user's ``%`` and ``_`` taken literally."""
    return column.ilike(f"%{escape_like(text)}%", escape="\\")


@dataclass(frozen=True)
class Facet:
    """How to count one facet: the value and label expressions, and joins for the label."""

    value: ColumnElement[Any]
    label: ColumnElement[Any]
    joins: tuple[tuple[Any, Any], ...] = ()


@dataclass(frozen=True)
class Listing:
    """A resource's filtered query, ready to be paged, counted, faceted or exported."""

    stmt: Select[Any]
    sort: Sort
    to_item: Callable[[Any], BaseModel]
    entity: type[Base]
    options: tuple[ORMOption, ...] = ()
    facets: Mapping[str, Facet] = field(default_factory=dict)


@dataclass(frozen=True)
class ListResult:
    """One page of response models and what the envelope needs."""

    items: list[BaseModel]
    total: int
    next_cursor: str | None
    facets: dict[str, list[FacetValue]] | None


def run_listing(session: Session, listing: Listing, page: PageRequest, facets: list[str]) -> ListResult:
    """Total, one page and the requested facets of a listing."""
    total = count(session, listing.stmt)
    rows, next_cursor = fetch_page(session, listing.stmt.options(*listing.options), listing.sort, page)
    counted = {name: facet_counts(session, listing, name) for name in dict.fromkeys(facets)}
    return ListResult(
        items=[listing.to_item(row) for row in rows],
        total=total,
        next_cursor=next_cursor,
        facets=counted if facets else None,
    )


def facet_counts(session: Session, listing: Listing, name: str) -> list[FacetValue]:
    """Counts per value of one facet over the whole filtered result, largest first."""
    facet = listing.facets[name]
    id_column = listing.entity.id  # type: ignore[attr-defined]
    ids = listing.stmt.order_by(None).with_only_columns(id_column)
    n = func.count()
    stmt = select(facet.value, facet.label, n).select_from(listing.entity).where(id_column.in_(ids))
    for target, onclause in facet.joins:
        stmt = stmt.outerjoin(target, onclause)
    stmt = (
        stmt.where(facet.value.is_not(None))
        .group_by(facet.value, facet.label)
        .order_by(n.desc(), facet.value)
        .limit(FACET_LIMIT)
    )
    return [
        FacetValue(value=str(value), label=str(label if label is not None else value), count=c)
        for value, label, c in session.execute(stmt)
    ]


def iter_listing(factory: sessionmaker[Session], listing: Listing, page: PageRequest) -> Iterator[list[BaseModel]]:
    """Every row from ``page`` on, in batches, each batch a fresh short query.

    Exports stream for as long as the client reads; batching by keyset keeps each query
    short (the time limit applies per query) and holds no cursor open between batches.
    """
    remaining = page.limit
    current = page
    while True:
        size = EXPORT_BATCH if remaining is None else min(EXPORT_BATCH, remaining)
        if size <= 0:
            return
        current = replace(current, limit=size)
        with factory() as session:
            stmt = listing.stmt.options(*listing.options)
            rows, next_cursor = fetch_page(session, stmt, listing.sort, current)
            items = [listing.to_item(row) for row in rows]
        if items:
            yield items
        if remaining is not None:
            remaining -= len(items)
        if next_cursor is None:
            return
        current = PageRequest(limit=size, offset=0, cursor=next_cursor)
