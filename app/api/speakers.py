"""``/v1/speakers``: people, groups and organizations who made statements."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from app import schemas as s
from app.api.common import DETAIL_ERRORS, LIST_ERRORS, answer, list_response, raw_list_response
from app.api.deps import ReaderDep, SessionDep
from app.api.hot import HotRoute
from app.queries import speakers as q
from app.queries import statements as statement_queries
from app.queries.raw import exists_or_404

router = APIRouter(prefix="/v1/speakers", tags=["speakers"], route_class=HotRoute)

SpeakerId = Annotated[str, Path(description="A speaker id.", examples=["michael-r-pompeo"])]


@router.get(
    "",
    response_model=s.SpeakerPage,
    operation_id="listSpeakers",
    summary="List speakers",
    responses=LIST_ERRORS,
)
def list_speakers(
    request: Request,
    response: Response,
    session: SessionDep,
    params: Annotated[s.SpeakerParams, Query()],
) -> Any:
    """Speakers matching every filter given; `role` is the latest known role."""
    return list_response(request, response, session, params, q.listing(params), s.SpeakerPage)


@router.get(
    "/{speaker_id}",
    response_model=s.Speaker,
    operation_id="getSpeaker",
    summary="Get a speaker",
    responses=DETAIL_ERRORS,
)
def get_speaker(speaker_id: SpeakerId, session: SessionDep) -> s.Speaker:
    """One speaker with their statement count and date range."""
    return q.get(session, speaker_id)


@router.get(
    "/{speaker_id}/statements",
    response_model=s.StatementPage,
    operation_id="listSpeakerStatements",
    summary="List a speaker's statements",
    responses={**LIST_ERRORS, 404: DETAIL_ERRORS[404]},
)
async def list_speaker_statements(
    speaker_id: SpeakerId,
    request: Request,
    reader: ReaderDep,
    params: Annotated[s.StatementParams, Query()],
) -> Any:
    """The statements of one speaker, with every statement filter available."""
    await answer(reader, exists_or_404, reader, "speakers", speaker_id, "speaker")
    listing = statement_queries.listing(reader, params, speaker=(speaker_id,))
    return await raw_list_response(request, reader, params, listing, s.StatementPage)
