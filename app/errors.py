"""Errors as RFC 9457 problem documents, rendered by one handler.

Every failure a client can see goes through :func:`problem_response`, so the shape is
the same whether the cause is a bad parameter, an unknown id, an interrupted query or a
bug. Bodies never carry a stack trace, SQL or a file path: what went wrong is logged,
what the client needs to fix is returned.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://coalition-statements.example/problems/"


class ProblemError(Exception):
    """An error with everything needed to render a problem document."""

    status: int = 500
    slug: str = "internal-error"
    title: str = "Internal server error"

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}


class NotFound(ProblemError):
    """An id that names no record."""

    status = 404
    slug = "not-found"
    title = "Not found"


class UnknownParameter(ProblemError):
    """A query parameter the endpoint does not accept (a typo must not widen a filter)."""

    status = 400
    slug = "unknown-parameter"
    title = "Unknown query parameter"


class InvalidParameter(ProblemError):
    """A parameter that parsed but cannot be honoured (e.g. ``min_value > max_value``)."""

    status = 422
    slug = "invalid-parameter"
    title = "Invalid parameter"

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(
            f"{parameter}: {message}",
            errors=[{"parameter": parameter, "message": message}],
        )


class ServiceUnavailable(ProblemError):
    """The database is missing, unreadable, or a query ran past its time limit."""

    status = 503
    slug = "service-unavailable"
    title = "Service unavailable"


def _problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    errors: Sequence[dict[str, Any]] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = jsonable_encoder(list(errors))
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def problem_response(exc: ProblemError) -> JSONResponse:
    """Render one of our errors."""
    return _problem(exc.status, exc.slug, exc.title, exc.detail, exc.errors, exc.headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Name the parameter and say why, without echoing pydantic internals."""
    errors: list[dict[str, Any]] = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = loc[1] if len(loc) > 1 else where
        message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        errors.append({"parameter": name, "in": where, "message": message})
    return errors


def is_interrupted(exc: BaseException) -> bool:
    """Whether a database error is the query time limit stopping a slow query."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, sqlite3.OperationalError):
        return "interrupted" in str(orig)
    return type(orig).__name__ == "QueryCanceled"  # PostgreSQL's statement_timeout (psycopg)


def install_error_handlers(app: FastAPI) -> None:
    """Register the one renderer for every kind of failure."""

    @app.exception_handler(ProblemError)
    def _ours(_request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
        return _problem(422, "invalid-parameter", "Invalid parameter", detail, errors)

    @app.exception_handler(StarletteHTTPException)
    def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        return _problem(exc.status_code, slug, title, detail, headers=exc.headers)

    @app.exception_handler(OperationalError)
    def _database(_request: Request, exc: OperationalError) -> JSONResponse:
        if is_interrupted(exc):
            log.warning("query interrupted by the time limit: %s", exc.statement)
            detail = "The query took too long and was stopped; narrow the filters."
        else:
            log.error("database unavailable: %s", exc.orig)
            detail = "The database is not available."
        return _problem(503, "service-unavailable", "Service unavailable", detail, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return _problem(500, "internal-error", "Internal server error", "An unexpected error.")
