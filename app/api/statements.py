"""``/v1/statements``: the statements, filtered, sorted, paged or exported."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from app import schemas as s
from app.api.common import DETAIL_ERRORS, LIST_ERRORS, answer, json_response, raw_list_response
from app.api.deps import ReaderDep
from app.api.hot import HotRoute
from app.queries import statements as q

router = APIRouter(prefix="/v1/statements", tags=["statements"], route_class=HotRoute)

StatementId = Annotated[str, Path(description="A statement id.", examples=["3918dc3100d19542"])]


@router.get(
    "",
    response_model=s.StatementPage,
    operation_id="listStatements",
    summary="List statements",
    responses=LIST_ERRORS,
)
async def list_statements(
    request: Request,
    reader: ReaderDep,
    params: Annotated[s.StatementParams, Query()],
) -> Any:
    """Statements matching every filter given (values of one filter are alternatives).

    List items carry an excerpt of the text (`text_truncated` says so); ask for
    `include=text` to get full texts, or fetch `/v1/statements/{id}`.
    """
    return await raw_list_response(request, reader, params, q.listing(reader, params), s.StatementPage)


@router.get(
    "/{statement_id}",
    response_model=s.StatementDetail,
    operation_id="getStatement",
    summary="Get a statement with its figures and sources",
    responses=DETAIL_ERRORS,
)
async def get_statement(statement_id: StatementId, reader: ReaderDep) -> Response:
    """The full text, the quoted figures and where it stands in each source document."""
    return json_response(await answer(reader, q.get, reader, statement_id))
