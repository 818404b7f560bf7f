"""``/v1/metrics``: the coalition's running numbers, their series over time and a chart."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from app import models as m
from app import schemas as s
from app.api.common import DETAIL_ERRORS, LIST_ERRORS, list_response
from app.api.deps import SessionDep
from app.chart import ChartLine, ChartPoint, line_chart
from app.queries import metrics as q
from app.queries.common import get_or_404

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])

SVG_TYPE = "image/svg+xml"

MetricId = Annotated[
    str, Path(description="A metric id (see `/v1/metrics` or `data/metrics.yaml`).", examples=["territory-liberated"])
]


@router.get(
    "",
    response_model=s.MetricPage,
    operation_id="listMetrics",
    summary="List metrics",
    responses=LIST_ERRORS,
)
def list_metrics(
    request: Request,
    response: Response,
    session: SessionDep,
    params: Annotated[s.MetricParams, Query()],
) -> Any:
    """The curated metrics, each with its count of figures, first and last date, latest
    value, flags and a summary per scope."""
    return list_response(request, response, session, params, q.listing(params), s.MetricPage)


@router.get(
    "/{metric_id}",
    response_model=s.MetricDetail,
    operation_id="getMetric",
    summary="Get a metric",
    responses=DETAIL_ERRORS,
)
def get_metric(metric_id: MetricId, session: SessionDep) -> s.MetricDetail:
    """One metric with its series summary and the cues that identify it."""
    return q.get(session, metric_id)


@router.get(
    "/{metric_id}/series",
    response_model=s.SeriesPage,
    operation_id="listMetricSeries",
    summary="List a metric's series over time",
    responses={**LIST_ERRORS, 404: DETAIL_ERRORS[404]},
)
def list_metric_series(
    metric_id: MetricId,
    request: Request,
    response: Response,
    session: SessionDep,
    params: Annotated[s.SeriesParams, Query()],
) -> Any:
    """The figures stating the metric in date order (undated last), each with speaker,
    meeting, statement, sentence, the cue that classified it, the change from the previous
    point of the same scope, and the flags that name it."""
    get_or_404(session, m.Metric, metric_id)
    return list_response(request, response, session, params, q.series_listing(metric_id, params), s.SeriesPage)


@router.get(
    "/{metric_id}/chart.svg",
    operation_id="getMetricChart",
    summary="Chart a metric's series (SVG)",
    response_class=Response,
    responses={
        **DETAIL_ERRORS,
        200: {
            "description": "A line chart, one line per scope.",
            "content": {SVG_TYPE: {"schema": {"type": "string"}}},
        },
    },
)
def get_metric_chart(
    metric_id: MetricId,
    session: SessionDep,
    params: Annotated[s.ChartParams, Query()],
) -> Response:
    """A self-contained SVG line chart of the series, for an `<img>` tag: points labelled
    with the figure, speaker and date; filled markers for exact figures, open ones with a
    bar or an arrow for qualified ones; flagged points ringed in red."""
    metric = q.get(session, metric_id)
    points = q.chart_points(session, metric_id, params.scope)
    labels = {scope.id: scope.label for scope in metric.scopes}
    lines = []
    for scope in metric.scopes:
        inside = [p for p in points if p.scope == scope.id]
        if inside:
            lines.append(ChartLine(labels.get(scope.id, "not stated"), tuple(_chart_point(p) for p in inside)))
    shown = sum(len(line.points) for line in lines)
    kind = "running total" if metric.cumulative else "as stated"
    subtitle = f"{metric.unit} · {kind} · {shown} dated figure{'s' if shown != 1 else ''} · one line per scope"
    return Response(line_chart(metric.label, subtitle, metric.unit, lines), media_type=SVG_TYPE)


def _chart_point(p: s.SeriesPoint) -> ChartPoint:
    assert p.date is not None and p.value is not None
    return ChartPoint(
        date=p.date,
        value=p.value,
        low=p.low,
        high=p.high,
        exact=p.qualifier == "exact",
        text=p.text,
        speaker=p.speaker.name,
        flagged=bool(p.flags),
    )
