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
from collections.abc import Callable, Coroutine, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.deps import check_params, get_reader, reject_unknown_params
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
            check_params(request)
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


# --------------------------------------------------------------------------- dispatch


def _segments(path: str) -> list[str | None]:
    """A route path's segments, ``None`` for a parameter."""
    return [None if part.startswith("{") else part for part in path.strip("/").split("/")]


def _overlap(a: str, b: str) -> bool:
    """Whether some URL path could match both route paths (``str`` parameters match one segment)."""
    sa, sb = _segments(a), _segments(b)
    return len(sa) == len(sb) and all(x is None or y is None or x == y for x, y in zip(sa, sb, strict=True))


def _find_handler(app: FastAPI, exc: Exception) -> Any:
    """The handler the app registered for ``exc``, as Starlette's ExceptionMiddleware finds it
    (by status code first for an HTTP error, then by the exception's classes); None for the
    ones it leaves to ServerErrorMiddleware."""
    handlers = app.exception_handlers
    if isinstance(exc, StarletteHTTPException) and exc.status_code in handlers:
        return handlers[exc.status_code]
    for cls in type(exc).__mro__:
        if cls is not Exception and cls in handlers:
            return handlers[cls]
    return None


class HotDispatch:
    """The ASGI app of a :class:`HotApp`: GET requests for a hot route skip FastAPI's router.

    FastAPI answers a request through six layers of its own middleware and a router that
    tries route after route (included routers nested): about 60 µs of CPU, more than a
    lookup by id costs in SQL. Here a hot route is found by a dict lookup (fixed paths) or
    one regex per parametrised route, and its handler is called under the app's own user
    middleware (CORS, caching headers, gzip; without CORS and gzip for a request that names
    neither an Origin nor an encoding), its exception handlers and its 500 handler:
    the same answer, byte for byte, as through the router (``tests/api/test_hot_paths.py``
    compares them). Anything else — other methods, other routes, a mounted root path — goes
    through the full stack.

    A hot route is dispatched only where FastAPI would pick it: a route declared before it
    that could match the same paths (``_overlap``) leaves it to the router.
    """

    def __init__(self, app: FastAPI, full: ASGIApp, routes: Sequence[APIRoute]) -> None:
        self.app = app
        self.full = full
        self.fixed: dict[str, tuple[APIRoute, Handler]] = {}
        self.patterns: list[tuple[APIRoute, Handler]] = []
        for i, route in enumerate(routes):
            handler = route._fast_handler() if isinstance(route, HotRoute) else None
            if handler is None or "GET" not in (route.methods or ()):
                continue
            if any(_overlap(earlier.path, route.path) for earlier in routes[:i]):
                continue
            if route.param_convertors:
                self.patterns.append((route, handler))
            else:
                self.fixed[route.path] = (route, handler)
        # Middleware that acts only on requests with a header it names (``trigger``: CORS
        # on Origin, gzip on Accept-Encoding) is left out of a second stack, for requests
        # with none of those headers, where it would only pass them on.
        optional = [m for m in app.user_middleware if getattr(m.cls, "trigger", None)]
        self.triggers: frozenset[bytes] = frozenset(m.cls.trigger for m in optional)  # type: ignore[attr-defined]
        self.hot = self._stack(app, app.user_middleware)
        self.plain = self._stack(app, [m for m in app.user_middleware if m not in optional])

    def _stack(self, app: FastAPI, user_middleware: Sequence[Any]) -> ASGIApp:
        stack: ASGIApp = self._endpoint
        for middleware in reversed(user_middleware):
            stack = middleware.cls(stack, *middleware.args, **middleware.kwargs)
        error_handler = app.exception_handlers.get(500) or app.exception_handlers.get(Exception)
        return ServerErrorMiddleware(stack, handler=error_handler, debug=app.debug)

    def _route(self, path: str) -> tuple[APIRoute, Handler, dict[str, Any]] | None:
        found = self.fixed.get(path)
        if found is not None:
            return found[0], found[1], {}
        for route, handler in self.patterns:
            match = route.path_regex.match(path)
            if match is not None:
                convert = route.param_convertors
                return route, handler, {k: convert[k].convert(v) for k, v in match.groupdict().items()}
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope.get("root_path"):
            found = self._route(scope["path"])
            if found is not None:
                scope["route"], scope["hot_handler"], scope["path_params"] = found
                stack = self.plain
                for name, _ in scope["headers"]:
                    if name in self.triggers:
                        stack = self.hot
                        break
                await stack(scope, receive, send)
                return
        await self.full(scope, receive, send)

    async def _endpoint(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        try:
            response = await scope["hot_handler"](request)
        except Exception as exc:
            handler = _find_handler(self.app, exc)
            if handler is None:
                raise
            if inspect.iscoroutinefunction(handler):
                response = await handler(request, exc)
            else:
                response = await run_in_threadpool(handler, request, exc)
        await response(scope, receive, send)


class HotApp(FastAPI):
    """FastAPI whose hot routes are dispatched by :class:`HotDispatch` (``hot_routes``:
    every route of the app, in the order they were included).

    ``outer_middleware`` wraps the whole (both ways in), outside even the 500 handler:
    what must see every request and the status its client got, as the access log.
    """

    hot_routes: Sequence[APIRoute] = ()
    outer_middleware: Sequence[Callable[[ASGIApp], ASGIApp]] = ()

    def build_middleware_stack(self) -> ASGIApp:
        full = super().build_middleware_stack()
        stack = HotDispatch(self, full, self.hot_routes) if self.hot_routes else full
        for wrap in reversed(self.outer_middleware):
            stack = wrap(stack)
        return stack
