"""``/v1/meetings``: ministerials and other meetings, with the documents mentioning them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from app import schemas as s
from app.api.common import DETAIL_ERRORS, LIST_ERRORS, answer, list_response, raw_list_response
from app.api.deps import ReaderDep, SessionDep
from app.api.hot import HotRoute
from app.queries import meetings as q
from app.queries import statements as statement_queries
from app.queries.raw import exists_or_404

router = APIRouter(prefix="/v1/meetings", tags=["meetings"], route_class=HotRoute)

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
async def list_meeting_statements(
    meeting_id: MeetingId,
    request: Request,
    reader: ReaderDep,
    params: Annotated[s.StatementParams, Query()],
) -> Any:
    """The statements made at one meeting, with every statement filter available."""
    await answer(reader, exists_or_404, reader, "meetings", meeting_id, "meeting")
    listing = statement_queries.listing(reader, params, meeting=(meeting_id,))
    return await raw_list_response(request, reader, params, listing, s.StatementPage)
