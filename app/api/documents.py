"""``/v1/documents``: the source documents and their provenance."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from app import schemas as s
from app.api.common import DETAIL_ERRORS, LIST_ERRORS, list_response
from app.api.deps import SessionDep
from app.queries import documents as q

router = APIRouter(prefix="/v1/documents", tags=["documents"])

DocumentId = Annotated[
    str, Path(description="A document id (16 hex digits of its sha256).", examples=["02d2322cad699a43"])
]


@router.get(
    "",
    response_model=s.DocumentPage,
    operation_id="listDocuments",
    summary="List source documents",
    responses=LIST_ERRORS,
)
def list_documents(
    request: Request,
    response: Response,
    session: SessionDep,
    params: Annotated[s.DocumentParams, Query()],
) -> Any:
    """Documents with checksum, publisher and URL, by publication date."""
    return list_response(request, response, session, params, q.listing(params), s.DocumentPage)


@router.get(
    "/{document_id}",
    response_model=s.Document,
    operation_id="getDocument",
    summary="Get a source document",
    responses=DETAIL_ERRORS,
)
def get_document(document_id: DocumentId, session: SessionDep) -> s.Document:
    """One document's provenance."""
    return q.get(session, document_id)
