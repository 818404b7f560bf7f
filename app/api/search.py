"""``/v1/search``: ranked full-text search over statements with highlighted snippets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from app import schemas as s
from app.api.common import LIST_ERRORS, list_response
from app.api.deps import SessionDep
from app.queries import statements as q

router = APIRouter(prefix="/v1", tags=["search"])


@router.get(
    "/search",
    response_model=s.SearchPage,
    operation_id="searchStatements",
    summary="Search statements",
    responses=LIST_ERRORS,
)
def search(
    request: Request,
    response: Response,
    session: SessionDep,
    params: Annotated[s.SearchParams, Query()],
) -> Any:
    """Statements matching `q`, best first.

    Syntax: words (all must occur; stemmed, so `stabilize` finds `stabilization`),
    `"exact phrases"`, `OR`, `NOT`, `prefix*` and parentheses. A malformed query is a
    422 naming `q`.
    """
    return list_response(request, response, session, params, q.search_listing(params), s.SearchPage)
