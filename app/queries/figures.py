"""Queries over quoted figures.

Figures carry copies of their statement's speaker, meeting and date, so every filter
and sort runs on the one table; the statement, speaker and meeting named in each item
come in with joined eager loads (one query per page, whatever its size).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Select, String, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.interfaces import ORMOption

from app import models as m
from app import schemas as s
from app.pagination import Sort
from app.queries.common import Facet, Listing, contains, get_or_404

_LAST_DATE = "9999-12-31"
_FIRST_DATE = "0000-01-01"
_HUGE = 1e308


def _date_key(descending: bool) -> Any:
    return func.coalesce(type_coerce(m.Figure.date, String), literal(_FIRST_DATE if descending else _LAST_DATE))


def _value_key(descending: bool) -> Any:
    """NULL values (vague amounts) sort last in both directions."""
    return func.coalesce(m.Figure.value, literal(-_HUGE if descending else _HUGE, Float))


def sort_for(name: str) -> Sort:
    """The keyset sort for one of ``value``, ``-value``, ``date``, ``-date``."""
    descending = name.startswith("-")
    key = _value_key(descending) if name.lstrip("-") == "value" else _date_key(descending)
    return Sort(name=name, keys=(key, m.Figure.id), descending=descending)


LOAD: tuple[ORMOption, ...] = (
    joinedload(m.Figure.statement).joinedload(m.Statement.speaker),
    joinedload(m.Figure.statement).joinedload(m.Statement.meeting),
)

FACETS = {
    "speaker": Facet(m.Figure.speaker_id, m.Speaker.name, ((m.Speaker, m.Speaker.id == m.Figure.speaker_id),)),
    "meeting": Facet(m.Figure.meeting_id, m.Meeting.name, ((m.Meeting, m.Meeting.id == m.Figure.meeting_id),)),
    "year": Facet(func.substr(m.Figure.date, 1, 4), func.substr(m.Figure.date, 1, 4)),
    "dimension": Facet(m.Figure.dimension, m.Figure.dimension),
    "unit": Facet(m.Figure.unit, m.Figure.unit),
    "qualifier": Facet(m.Figure.qualifier, m.Figure.qualifier),
}


def to_schema(figure: m.Figure, statement: m.Statement | None = None) -> s.Figure:
    """A figure with its statement, speaker and meeting (from ``statement`` if given)."""
    st = statement if statement is not None else figure.statement
    return s.Figure(
        id=figure.id,
        statement_id=figure.statement_id,
        speaker_id=figure.speaker_id,
        meeting_id=figure.meeting_id,
        date=figure.date,
        text=figure.text,
        value=figure.value,
        unit=figure.unit,
        dimension=figure.dimension,
        qualifier=figure.qualifier,
        noun=figure.noun,
        sentence=figure.sentence,
        speaker=s.SpeakerRef.model_validate(st.speaker),
        meeting=s.MeetingRef.model_validate(st.meeting) if st.meeting is not None else None,
        statement=s.StatementRef.model_validate(st),
    )


def filtered(p: s.FigureParams) -> Select[Any]:
    """Figures matching every given filter."""
    f = m.Figure
    stmt = select(f)
    for column, values in (
        (f.id, p.id),
        (f.dimension, p.dimension),
        (f.unit, p.unit),
        (f.qualifier, p.qualifier),
        (f.speaker_id, p.speaker),
        (f.meeting_id, p.meeting),
        (f.statement_id, p.statement),
    ):
        if values:
            stmt = stmt.where(column.in_(values))
    if p.min_value is not None:
        stmt = stmt.where(f.value >= p.min_value)
    if p.max_value is not None:
        stmt = stmt.where(f.value <= p.max_value)
    if p.date_from is not None:
        stmt = stmt.where(f.date >= p.date_from)
    if p.date_to is not None:
        stmt = stmt.where(f.date <= p.date_to)
    if p.q:
        for word in p.q.split():
            stmt = stmt.where(or_(contains(f.sentence, word), contains(f.noun, word)))
    return stmt


def listing(p: s.FigureParams) -> Listing:
    """Figures for a list request."""
    return Listing(
        stmt=filtered(p),
        sort=sort_for(p.sort),
        to_item=lambda row: to_schema(row[0]),
        entity=m.Figure,
        options=LOAD,
        facets=FACETS,
    )


def get(session: Session, figure_id: str) -> s.Figure:
    """One figure or a 404."""
    return to_schema(get_or_404(session, m.Figure, figure_id, *LOAD))
