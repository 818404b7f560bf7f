"""Request-scoped dependencies: the database session and the query-string guard.

All are ``async def``: none waits on anything (a session or a reader connects lazily,
on its first query), and a sync dependency would cost the request a trip to the thread
pool each (two for one with ``yield``): about 100 µs of CPU apiece, as much as the
whole answer to a lookup by id.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.errors import InvalidParameter, NotFound, UnknownParameter
from app.queries.raw import Reader


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One read-only session per request, always closed (returning its connection to the pool)."""
    with request.app.state.session_factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def get_reader(request: Request) -> AsyncIterator[Reader]:
    """The hot paths' reader: takes a pooled connection on its first statement, gives it back at the end."""
    reader = Reader(request.app.state.engine, request.app.state.loop_connection)
    try:
        yield reader
    finally:
        reader.close()


ReaderDep = Annotated[Reader, Depends(get_reader)]

_ACCEPTED: dict[int, tuple[str, ...]] = {}


def _query_names(dependant: Dependant) -> list[str]:
    """Query parameter names of a dependant and its sub-dependencies, models expanded."""
    names: list[str] = []
    for field in dependant.query_params:
        annotation = field.field_info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names.extend(f.alias or n for n, f in annotation.model_fields.items())
        else:
            names.append(field.alias or field.name)
    for sub in dependant.dependencies:
        names.extend(_query_names(sub))
    return names


def _accepted(route: Any) -> tuple[str, ...]:
    """Query parameter names a route declares, computed once per route."""
    key = id(route)
    if key not in _ACCEPTED:
        _ACCEPTED[key] = tuple(dict.fromkeys(_query_names(route.dependant)))
    return _ACCEPTED[key]


def _refuse_nul(request: Request) -> None:
    """No value matches a NUL character, and PostgreSQL cannot even take one in a query."""
    for name, value in request.query_params.multi_items():
        if "\x00" in value:
            raise InvalidParameter(name, "contains a control character (NUL)")


async def reject_unknown_params(request: Request) -> None:
    """A misspelt filter (``speakr=``) must fail loudly, not silently return everything."""
    check_params(request)


def check_params(request: Request) -> None:
    """:func:`reject_unknown_params` itself, for a caller that need not await it (the hot
    handlers: one coroutine less per request)."""
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    for name, value in request.path_params.items():
        if "\x00" in str(value):  # no id holds one, and PostgreSQL cannot even be asked
            raise NotFound(f"No {name.removesuffix('_id')} with id {value!r}.")
    if not request.scope["query_string"]:  # a lookup by id: nothing to parse
        return
    accepted = _accepted(route)
    unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in accepted]
    if not unknown:
        if "%00" in request.scope["query_string"].decode("latin-1"):
            _refuse_nul(request)
        return
    listed = ", ".join(accepted) if accepted else "none"
    raise UnknownParameter(
        f"Unknown query parameter(s): {', '.join(unknown)}. Accepted: {listed}.",
        errors=[{"parameter": name, "in": "query", "message": f"unknown; accepted: {listed}"} for name in unknown],
    )
