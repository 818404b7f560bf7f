"""``/v1/search``: ranked full-text search over statements with highlighted snippets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app import schemas as s
from app.api.common import LIST_ERRORS, raw_list_response
from app.api.deps import ReaderDep
from app.api.hot import HotRoute
from app.queries import statements as q

router = APIRouter(prefix="/v1", tags=["search"], route_class=HotRoute)


@router.get(
    "/search",
    response_model=s.SearchPage,
    operation_id="searchStatements",
    summary="Search statements",
    responses=LIST_ERRORS,
)
async def search(
    request: Request,
    reader: ReaderDep,
    params: Annotated[s.SearchParams, Query()],
) -> Any:
    """Statements matching `q`, best first.

    Syntax: words (all must occur; stemmed, so `stabilize` finds `stabilization`),
    `"exact phrases"`, `OR`, `NOT`, `prefix*` and parentheses. A malformed query is a
    422 naming `q`, and so is one with more than 16 terms or a prefix of one character
    (`a*`): such queries match nearly every word and cannot be ranked quickly.
    """
    return await raw_list_response(request, reader, params, q.search_listing(reader, params), s.SearchPage)
