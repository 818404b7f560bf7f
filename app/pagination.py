"""Keyset pagination with opaque cursors, offset for random access.

Every sort is a tuple of key expressions ending with the primary key, all in one
direction, so ``(k1, ..., id) > (v1, ..., vid)`` finds the next page with an index seek
however deep the page is, and walking the pages yields every row exactly once. Nullable
sort columns are wrapped in ``COALESCE`` with a sentinel so NULLs sort last and compare
like any value. The cursor is base64url JSON of the sort name and the last row's key:
opaque to clients, but stateless and checkable here.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, literal, select, tuple_
from sqlalchemy.orm import Session

from app.errors import InvalidParameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 100_000  # SQLite reads and discards every skipped row: deeper pages use `cursor`

T = TypeVar("T")


@dataclass(frozen=True)
class Sort:
    """A named ordering: key expressions (the last one unique) and a direction."""

    name: str
    keys: tuple[ColumnElement[Any], ...]
    descending: bool = False

    def order_by(self) -> list[ColumnElement[Any]]:
        """ORDER BY clauses matching the keyset comparison."""
        return [k.desc() if self.descending else k.asc() for k in self.keys]

    def after(self, values: Sequence[Any]) -> ColumnElement[bool]:
        """The condition selecting rows strictly after ``values`` in this order."""
        left = tuple_(*self.keys)
        right = tuple_(*(literal(v) for v in values))
        return left < right if self.descending else left > right


@dataclass(frozen=True)
class PageRequest:
    """What the client asked for: a window given by cursor or offset, and a size.

    ``limit`` None means "to the end" (used by the bulk exports).
    """

    limit: int | None = DEFAULT_LIMIT
    offset: int = 0
    cursor: str | None = None


@dataclass(frozen=True)
class PageResult(Generic[T]):
    """One page: its rows, the size of the whole filtered result, the next cursor."""

    rows: list[T]
    total: int
    next_cursor: str | None


def encode_cursor(sort: str, values: Sequence[Any]) -> str:
    """Make an opaque token from the sort name and the last row's key values."""
    raw = json.dumps([sort, list(values)], separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str, sort: Sort) -> list[Any]:
    """The key values in ``token``, checked against the sort they will be used with."""
    try:
        padded = token + "=" * (-len(token) % 4)
        name, values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise InvalidParameter("cursor", "is not a cursor returned by this API") from exc
    if name != sort.name:
        raise InvalidParameter("cursor", f"was made for sort={name!r}, not sort={sort.name!r}")
    if not isinstance(values, list) or len(values) != len(sort.keys):
        raise InvalidParameter("cursor", "is not a cursor returned by this API")
    if not all(v is None or isinstance(v, str | int | float) for v in values):
        raise InvalidParameter("cursor", "is not a cursor returned by this API")
    return values


def count(session: Session, stmt: Select[Any]) -> int:
    """Rows in the filtered result (ordering and loader options do not matter)."""
    sub = stmt.order_by(None).with_only_columns(literal(1), maintain_column_froms=True).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def fetch_page(session: Session, stmt: Select[Any], sort: Sort, page: PageRequest) -> tuple[list[Any], str | None]:
    """Run ``stmt`` for one window; return its rows (without sort keys) and the next cursor.

    One row beyond the limit is read to know whether there is a next page, so the last
    page never links to an empty one.
    """
    if page.cursor is not None:
        stmt = stmt.where(sort.after(decode_cursor(page.cursor, sort)))
    stmt = stmt.add_columns(*sort.keys).order_by(*sort.order_by())
    if page.offset:
        stmt = stmt.offset(page.offset)
    if page.limit is not None:
        stmt = stmt.limit(page.limit + 1)
    rows = list(session.execute(stmt).all())
    more = page.limit is not None and len(rows) > page.limit
    rows = rows[: page.limit] if page.limit is not None else rows
    width = len(sort.keys)
    next_cursor = encode_cursor(sort.name, list(rows[-1][-width:])) if more and rows else None
    return [tuple(row[:-width]) for row in rows], next_cursor


def paginate(session: Session, stmt: Select[Any], sort: Sort, page: PageRequest) -> PageResult[Any]:
    """Total plus one window of ``stmt`` in ``sort`` order."""
    total = count(session, stmt)
    rows, next_cursor = fetch_page(session, stmt, sort, page)
    return PageResult(rows=rows, total=total, next_cursor=next_cursor)
