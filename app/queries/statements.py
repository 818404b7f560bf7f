"""Queries over statements, including full-text search.

The FTS5 table is joined as a subquery giving each matching statement its BM25 rank
(title weighted above text) and a snippet; relevance is then one more keyset sort,
``(rank, id)``, so search results page exactly like any other list.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, Subquery, column, func, literal, literal_column, select, table, type_coerce
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from app import models as m
from app import schemas as s
from app.errors import InvalidParameter
from app.pagination import Sort
from app.queries import figures
from app.queries.common import Facet, Listing, get_or_404
from app.queries.fts import to_fts5

_LAST_DATE = "9999-12-31"
_FIRST_DATE = "0000-01-01"
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_FTS = table("statements_fts", column("statement_id"))
_FTS_NAME = literal_column("statements_fts")


@dataclass(frozen=True)
class Filters:
    """The statement filters shared by ``/v1/statements``, search and sub-resources."""

    id: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    meeting: tuple[str, ...] = ()
    document: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    date_from: Any = None
    date_to: Any = None
    has_figures: bool | None = None

    @classmethod
    def of(cls, p: s.StatementParams | s.SearchParams, **override: Any) -> Filters:
        """The filters in a parameter model (``override`` pins one, e.g. the path id)."""
        values = {
            "id": tuple(p.id),
            "speaker": tuple(p.speaker),
            "meeting": tuple(p.meeting),
            "document": tuple(getattr(p, "document", ())),
            "kind": tuple(p.kind),
            "date_from": p.date_from,
            "date_to": p.date_to,
            "has_figures": getattr(p, "has_figures", None),
        }
        values.update(override)
        return cls(**values)


def fts_subquery(q: str, *, with_snippet: bool = False) -> Subquery:
    """Statements matching ``q`` with their rank (lower is better), optionally a snippet."""
    rank = func.bm25(_FTS_NAME, 0.0, 5.0, 1.0)
    cols: list[Any] = [_FTS.c.statement_id.label("statement_id"), rank.label("rank")]
    if with_snippet:
        snippet = func.snippet(_FTS_NAME, -1, _MARK_OPEN, _MARK_CLOSE, "…", 24)
        cols.append(snippet.label("snippet"))
    match = _FTS_NAME.op("MATCH")(literal(to_fts5(q), String))
    return select(*cols).select_from(_FTS).where(match).subquery("fts")


def _where(stmt: Select[Any], f: Filters) -> Select[Any]:
    st = m.Statement
    for col, values in ((st.id, f.id), (st.speaker_id, f.speaker), (st.meeting_id, f.meeting), (st.kind, f.kind)):
        if values:
            stmt = stmt.where(col.in_(values))
    if f.document:
        in_docs = select(m.StatementSource.statement_id).where(m.StatementSource.document_id.in_(f.document))
        stmt = stmt.where(st.id.in_(in_docs))
    if f.date_from is not None:
        stmt = stmt.where(st.date >= f.date_from)
    if f.date_to is not None:
        stmt = stmt.where(st.date <= f.date_to)
    if f.has_figures is not None:
        stmt = stmt.where(st.figure_count > 0 if f.has_figures else st.figure_count == 0)
    return stmt


def date_sort(name: str) -> Sort:
    """``date`` or ``-date``; undated statements come last either way."""
    descending = name.startswith("-")
    key = func.coalesce(type_coerce(m.Statement.date, String), literal(_FIRST_DATE if descending else _LAST_DATE))
    return Sort(name=name, keys=(key, m.Statement.id), descending=descending)


FACETS = {
    "speaker": Facet(m.Statement.speaker_id, m.Speaker.name, ((m.Speaker, m.Speaker.id == m.Statement.speaker_id),)),
    "meeting": Facet(m.Statement.meeting_id, m.Meeting.name, ((m.Meeting, m.Meeting.id == m.Statement.meeting_id),)),
    "kind": Facet(m.Statement.kind, m.Statement.kind),
    "year": Facet(func.substr(m.Statement.date, 1, 4), func.substr(m.Statement.date, 1, 4)),
}


def load_options(include_figures: bool) -> tuple[ORMOption, ...]:
    """Eager loads for list items: never a query per row."""
    opts: list[ORMOption] = [
        joinedload(m.Statement.speaker),
        joinedload(m.Statement.meeting),
        selectinload(m.Statement.sources),
    ]
    if include_figures:
        opts.append(selectinload(m.Statement.figures))
    return tuple(opts)


def excerpt(text: str, limit: int = s.EXCERPT_CHARS) -> tuple[str, bool]:
    """The start of ``text`` cut at a word boundary, and whether it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…", True


def to_schema(st: m.Statement, *, full_text: bool, with_figures: bool) -> s.Statement:
    """A statement as a list item (excerpt unless ``full_text``)."""
    text, truncated = (st.text, False) if full_text else excerpt(st.text)
    return s.Statement(
        id=st.id,
        speaker=s.SpeakerRef.model_validate(st.speaker),
        meeting=s.MeetingRef.model_validate(st.meeting) if st.meeting is not None else None,
        date=st.date,
        kind=st.kind,  # type: ignore[arg-type]
        title=st.title,
        text=text,
        text_truncated=truncated,
        word_count=st.word_count,
        figure_count=st.figure_count,
        sources=[s.SourceRef.model_validate(src) for src in st.sources],
        figures=[figures.to_schema(f, st) for f in st.figures] if with_figures else None,
    )


def listing(p: s.StatementParams, **override: Any) -> Listing:
    """Statements for a list request; ``override`` pins a filter (speaker, meeting)."""
    stmt = _where(select(m.Statement), Filters.of(p, **override))
    sort_name = p.sort or ("relevance" if p.q else "date")
    if p.q:
        fts = fts_subquery(p.q)
        stmt = stmt.join(fts, fts.c.statement_id == m.Statement.id)
        if sort_name == "relevance":
            sort = Sort(name="relevance", keys=(fts.c.rank, m.Statement.id))
        else:
            sort = date_sort(sort_name)
    elif sort_name == "relevance":
        raise InvalidParameter("sort", "relevance needs a full-text query in q")
    else:
        sort = date_sort(sort_name)
    full_text, with_figures = "text" in p.include, "figures" in p.include
    return Listing(
        stmt=stmt,
        sort=sort,
        to_item=lambda row: to_schema(row[0], full_text=full_text, with_figures=with_figures),
        entity=m.Statement,
        options=load_options(with_figures),
        facets=FACETS,
    )


def _snippet(raw: str | None) -> str:
    """HTML-escape the snippet, then turn our private markers into ``<mark>``."""
    escaped = html.escape(raw or "", quote=False)
    return escaped.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


def search_listing(p: s.SearchParams) -> Listing:
    """Ranked full-text hits with snippets."""
    fts = fts_subquery(p.q, with_snippet=True)
    stmt = _where(
        select(m.Statement, fts.c.rank, fts.c.snippet).join(fts, fts.c.statement_id == m.Statement.id),
        Filters.of(p),
    )

    def to_item(row: tuple[Any, ...]) -> s.SearchHit:
        statement, rank, snippet = row
        return s.SearchHit(
            statement=to_schema(statement, full_text=False, with_figures=False),
            score=round(-rank, 6),
            snippet=_snippet(snippet),
        )

    return Listing(
        stmt=stmt,
        sort=Sort(name="relevance", keys=(fts.c.rank, m.Statement.id)),
        to_item=to_item,
        entity=m.Statement,
        options=load_options(False),
        facets=FACETS,
    )


DETAIL: tuple[ORMOption, ...] = (
    joinedload(m.Statement.speaker),
    joinedload(m.Statement.meeting),
    selectinload(m.Statement.sources),
    selectinload(m.Statement.figures),
)


def get(session: Session, statement_id: str) -> s.StatementDetail:
    """One statement with full text, figures and sources, or a 404."""
    st = get_or_404(session, m.Statement, statement_id, *DETAIL)
    base = to_schema(st, full_text=True, with_figures=True)
    return s.StatementDetail(**dict(base), attribution=st.attribution)
