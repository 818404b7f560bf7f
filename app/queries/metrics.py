"""Queries over metrics and their series.

A metric's summary (counts, dates, latest value, scopes) and its flags were computed by
the ingest; a series is the metric's figures in date order, each with the change from
the previous point of the same scope. That change comes from a window function over
the whole metric, computed before any filter or page, so it is the same whichever page
or scope filter a point is read through.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from app import models as m
from app import schemas as s
from app.pagination import Sort
from app.queries import figures
from app.queries.common import Listing, get_or_404
from app.queries.portable import date_text

_LAST_DATE = "9999-12-31"
CHART_MAX_POINTS = 1000

SORT = Sort(name="position", keys=(m.Metric.position, m.Metric.id))

SERIES_LOAD: tuple[ORMOption, ...] = (
    *figures.LOAD,
    selectinload(m.Figure.flags),
    selectinload(m.Figure.flagged_with),
)


def to_schema(metric: m.Metric) -> s.Metric:
    """A metric with its series summary."""
    return s.Metric.model_validate(metric)


def filtered(p: s.MetricParams) -> Select[Any]:
    """Metrics matching every given filter."""
    stmt = select(m.Metric)
    if p.id:
        stmt = stmt.where(m.Metric.id.in_(p.id))
    if p.dimension:
        stmt = stmt.where(m.Metric.dimension.in_(p.dimension))
    if p.cumulative is not None:
        stmt = stmt.where(m.Metric.cumulative.is_(p.cumulative))
    return stmt


def listing(p: s.MetricParams) -> Listing:
    """Metrics for a list request, in the taxonomy's order."""
    return Listing(stmt=filtered(p), sort=SORT, to_item=lambda row: to_schema(row[0]), entity=m.Metric)


def get(session: Session, metric_id: str) -> s.MetricDetail:
    """One metric with its cues, or a 404."""
    return s.MetricDetail.model_validate(get_or_404(session, m.Metric, metric_id))


def _date_key() -> Any:
    return func.coalesce(date_text(m.Figure.date), literal(_LAST_DATE))


def series_statement(metric_id: str, scopes: list[str]) -> tuple[Select[Any], Sort]:
    """(figure, change, previous_id) rows of a metric's series, and its date order."""
    f = m.Figure
    order = (_date_key(), f.id)
    window: dict[str, Any] = {"partition_by": (f.scope, f.date.is_(None)), "order_by": order}
    points = (
        select(
            f.id.label("figure_id"),
            func.lag(f.id).over(**window).label("previous_id"),
            (f.value - func.lag(f.value).over(**window)).label("change"),
        )
        .where(f.metric_id == metric_id)
        .subquery("series")
    )
    stmt = select(f, points.c.change, points.c.previous_id).join(points, points.c.figure_id == f.id)
    if scopes:
        stmt = stmt.where(f.scope.in_(scopes))
    return stmt, Sort(name="date", keys=order)


def to_point(row: Any) -> s.SeriesPoint:
    """A series row as a point; an undated point has no previous point."""
    figure, change, previous_id = row
    flags = sorted({flag.id: flag for flag in (*figure.flags, *figure.flagged_with)}.values(), key=lambda f: f.id)
    dated = figure.date is not None
    return s.SeriesPoint(
        **figures.fields(figure),
        change=change if dated else None,
        previous_id=previous_id if dated else None,
        flags=[s.MetricFlag.model_validate(flag) for flag in flags],
    )


def series_listing(metric_id: str, p: s.SeriesParams) -> Listing:
    """A metric's series for a list request."""
    stmt, sort = series_statement(metric_id, p.scope)
    return Listing(stmt=stmt, sort=sort, to_item=to_point, entity=m.Figure, options=SERIES_LOAD)


def chart_points(session: Session, metric_id: str, scopes: list[str]) -> list[s.SeriesPoint]:
    """The dated points of a series (at most ``CHART_MAX_POINTS``, the latest), in date order."""
    stmt, sort = series_statement(metric_id, scopes)
    stmt = stmt.where(m.Figure.date.is_not(None)).options(*SERIES_LOAD)
    latest = stmt.order_by(*[k.desc() for k in sort.keys]).limit(CHART_MAX_POINTS)
    return [to_point(row) for row in reversed(session.execute(latest).all())]
