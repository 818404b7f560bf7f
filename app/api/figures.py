"""``/v1/figures``: quoted numbers as structured data."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from app import schemas as s
from app.api.common import DETAIL_ERRORS, LIST_ERRORS, raw_list_response
from app.api.deps import ReaderDep, SessionDep
from app.api.hot import HotRoute
from app.queries import figures as q

router = APIRouter(prefix="/v1/figures", tags=["figures"], route_class=HotRoute)

FigureId = Annotated[str, Path(description="A figure id.", examples=["448fa6f5fd82c3c3"])]


@router.get(
    "",
    response_model=s.FigurePage,
    operation_id="listFigures",
    summary="List quoted figures",
    responses=LIST_ERRORS,
)
async def list_figures(
    request: Request,
    reader: ReaderDep,
    params: Annotated[s.FigureParams, Query()],
) -> Any:
    """Figures matching every filter given; `min_value`/`max_value` compare in each unit."""
    return await raw_list_response(request, reader, params, q.listing(reader, params), s.FigurePage)


@router.get(
    "/{figure_id}",
    response_model=s.Figure,
    operation_id="getFigure",
    summary="Get a figure",
    responses=DETAIL_ERRORS,
)
def get_figure(figure_id: FigureId, session: SessionDep) -> s.Figure:
    """One figure with its statement, speaker, meeting and date."""
    return q.get(session, figure_id)
