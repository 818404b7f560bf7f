"""``/v1/stats`` and ``/health``: what is served, and whether it can be."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app import schemas as s
from app.api.common import ERRORS
from app.api.deps import SessionDep
from app.queries import stats as q

log = logging.getLogger(__name__)

router = APIRouter(tags=["stats"])


@router.get(
    "/v1/stats",
    response_model=s.Stats,
    operation_id="getStats",
    summary="Corpus statistics and data version",
    responses=ERRORS,
)
def get_stats(session: SessionDep) -> s.Stats:
    """Counts per resource (with the flags raised on metric series), the statements' date
    range, and which build is served."""
    return q.stats(session)


@router.get(
    "/health",
    response_model=s.Health,
    operation_id="getHealth",
    summary="Liveness and readiness",
    responses={503: {"model": s.Health, "description": "Running, but the database is not usable."}},
)
def health(request: Request) -> JSONResponse:
    """200 when the database answers; 503 (same body shape) when it does not."""
    try:
        with request.app.state.session_factory() as session:
            q.ping(session)
            version = q.data_version(session)
    except Exception as exc:
        log.warning("health check: database not usable: %s", type(exc).__name__)
        body = s.Health(status="unavailable", database=False, data_version=None)
        return JSONResponse(body.model_dump(), status_code=503)
    body = s.Health(status="ok", database=True, data_version=version)
    return JSONResponse(body.model_dump())
