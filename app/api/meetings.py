"""``/v1/meetings``: ministerials and other meetings, with the documents mentioning them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from app import models as m
from app import schemas as s
from app.api.common import DETAIL_ERRORS, LIST_ERRORS, list_response
from app.api.deps import SessionDep
from app.queries import meetings as q
from app.queries import statements as statement_queries
from app.queries.common import get_or_404

router = APIRouter(prefix="/v1/meetings", tags=["meetings"])

MeetingId = Annotated[str, Path(description="A meeting id.", examples=["2018-02-13-kuwait-city-ministerial"])]


@router.get(
    "",
    response_model=s.MeetingPage,
    operation_id="listMeetings",
    summary="List meetings",
    responses=LIST_ERRORS,
)
def list_meetings(
    request: Request,
    response: Response,
    session: SessionDep,
    params: Annotated[s.MeetingParams, Query()],
) -> Any:
    """Meetings matching every filter given, by date."""
    return list_response(request, response, session, params, q.listing(params), s.MeetingPage)


@router.get(
    "/{meeting_id}",
    response_model=s.Meeting,
    operation_id="getMeeting",
    summary="Get a meeting",
    responses=DETAIL_ERRORS,
)
def get_meeting(meeting_id: MeetingId, session: SessionDep) -> s.Meeting:
    """One meeting and the ids of the documents that mention it."""
    return q.get(session, meeting_id)


@router.get(
    "/{meeting_id}/statements",
    response_model=s.StatementPage,
    operation_id="listMeetingStatements",
    summary="List the statements made at a meeting",
    responses={**LIST_ERRORS, 404: DETAIL_ERRORS[404]},
)
def list_meeting_statements(
    meeting_id: MeetingId,
    request: Request,
    response: Response,
    session: SessionDep,
    params: Annotated[s.StatementParams, Query()],
) -> Any:
    """The statements made at one meeting, with every statement filter available."""
    get_or_404(session, m.Meeting, meeting_id)
    listing = statement_queries.listing(params, meeting=(meeting_id,))
    return list_response(request, response, session, params, listing, s.StatementPage)
