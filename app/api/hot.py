"""``HotRoute``: the hot endpoints' request handling, without FastAPI's per-request introspection.

FastAPI reads a query-parameter model field by field, inspecting each annotation on
every request: about 120 µs of CPU for the statement filters, more than the rest of a
lookup by id. A ``HotRoute`` is declared and documented like any route (the OpenAPI
document comes from the same signature), but answers with a handler built once from
that signature: the query string is read into the model with the list fields known in
advance and validated by pydantic in one call, errors become the same
``RequestValidationError`` (so the same 422 problem), and unknown parameters are refused
by :func:`~app.api.deps.reject_unknown_params` as on every route.

It handles endpoints whose parameters are only: the ``Request``, path parameters of type
``str``, one query model, and :data:`~app.api.deps.ReaderDep`. Any other endpoint falls
back to FastAPI's own handler, so the class is safe to set on a whole router.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from app.api.deps import get_reader, reject_unknown_params
from app.queries.raw import Reader

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def _is_list(annotation: Any) -> bool:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_list(a) for a in get_args(annotation) if a is not type(None))
    return get_origin(annotation) in (list, tuple, set, frozenset)


def _reader_for(request: Request) -> Reader:
    return Reader(request.app.state.engine, request.app.state.loop_connection)


class HotRoute(APIRoute):
    """An ``APIRoute`` whose supported endpoints skip FastAPI's dependency solving."""

    def get_route_handler(self) -> Handler:
        fast = self._fast_handler()
        return fast if fast is not None else super().get_route_handler()

    def _fast_handler(self) -> Handler | None:
        dependant = self.dependant
        if dependant.header_params or dependant.cookie_params or dependant.body_params:
            return None
        if any(dep.call is not get_reader for dep in dependant.dependencies):
            return None
        if any(dep.dependency is not reject_unknown_params for dep in self.dependencies):
            return None
        if not inspect.iscoroutinefunction(dependant.call):
            return None
        if any(field.field_info.annotation is not str for field in dependant.path_params):
            return None
        model: type[BaseModel] | None = None
        model_name = None
        if dependant.query_params:
            field = dependant.query_params[0]
            annotation = field.field_info.annotation
            is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
            if len(dependant.query_params) > 1 or not is_model:
                return None
            model, model_name = annotation, field.name
        reader_names = [dep.name for dep in dependant.dependencies]
        path_names = [field.name for field in dependant.path_params]
        request_name = dependant.request_param_name
        lists = {f.alias or n for n, f in model.model_fields.items() if _is_list(f.annotation)} if model else set()
        endpoint = dependant.call
        assert endpoint is not None

        async def handler(request: Request) -> Response:
            await reject_unknown_params(request)
            kwargs: dict[str, Any] = {name: request.path_params[name] for name in path_names}
            if request_name:
                kwargs[request_name] = request
            if model is not None:
                query = request.query_params
                raw = {key: query.getlist(key) if key in lists else query[key] for key in query}
                try:
                    kwargs[model_name] = model.model_validate(raw)  # type: ignore[index]
                except ValidationError as exc:
                    errors = exc.errors(include_url=False)
                    raise RequestValidationError([{**e, "loc": ("query", *e["loc"])} for e in errors]) from None
            reader = _reader_for(request) if reader_names else None
            try:
                for name in reader_names:
                    kwargs[name] = reader  # type: ignore[index]
                return await endpoint(**kwargs)  # type: ignore[no-any-return]
            finally:
                if reader is not None:
                    reader.close()

        return handler
