"""The ASGI application: ``uvicorn app.main:app``.

``create_app`` wires settings, the read-only engine, the query time limit, the routers,
the one error renderer and the middleware. Nothing here touches the database at import
time, so the module imports (and ``/health`` answers 503) even when the database file
does not exist yet.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute
from fastapi.telemetry import TelemetryConfig
from opentelemetry import metrics as otel_metrics
from opentelemetry import trace

from app.api import docs, documents, figures, meetings, metrics, search, speakers, statements, stats
from app.api.access_log import AccessLog, LineBuffer
from app.api.deps import reject_unknown_params
from app.api.hot import HotApp
from app.api.middleware import CachingHeadersMiddleware, CORSWhenOrigin, DataVersion, GZipWhenAccepted
from app.config import Settings, get_settings
from app.db import make_read_engine, session_factory, sqlite_path
from app.errors import install_error_handlers
from app.queries.raw import LoopConnection
from app.timelimit import install_query_time_limit

TAGS = [
    {"name": "statements", "description": "What was said, by whom, where and when."},
    {"name": "speakers", "description": "People, groups and organizations."},
    {"name": "meetings", "description": "Ministerials and other meetings."},
    {"name": "figures", "description": "Quoted numbers as structured data."},
    {"name": "metrics", "description": "The coalition's running numbers over time: series, flags, charts."},
    {"name": "documents", "description": "Source documents and their provenance."},
    {"name": "search", "description": "Ranked full-text search."},
    {"name": "stats", "description": "Corpus facts, data version, health."},
]

DESCRIPTION = """\
Read-only API over the public record of the Global Coalition to Defeat ISIS.

* Lists answer `{"items", "total", "limit", "next", "facets"}`; follow `next` (also in
  the `Link` header) to walk every row exactly once; `offset` gives random access.
* Every list also answers as CSV (`format=csv` or `Accept: text/csv`) and NDJSON
  (`format=ndjson`), streaming the whole filtered result.
* Errors are `application/problem+json` (RFC 9457). Unknown parameters are a 400.
* `ETag`/`If-None-Match` and `X-Data-Version` name the corpus build of every answer.
"""


def telemetry_config(enabled: bool | None) -> TelemetryConfig:
    """FastAPI's OpenTelemetry, on only when something receives it.

    Left on, FastAPI asks on every request whether a provider has been set since the last
    one (three lookups in ``os.environ``, about 10 µs of a 250 µs answer). Providers are
    set before the app is built (``opentelemetry-instrument``) or by FastAPI's own OTLP
    auto-configuration at start-up, so the question is answered once, here.
    """
    if enabled is None:
        meters = otel_metrics.get_meter_provider()
        enabled = (
            os.environ.get("FASTAPI_OTEL_AUTO_CONFIGURE", "").lower() == "true"
            or not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider | trace.NoOpTracerProvider)
            or not (isinstance(meters, otel_metrics.NoOpMeterProvider) or "Proxy" in type(meters).__name__)
        )
    if enabled:
        return {}
    return {"tracing": False, "metrics": False, "logs": False}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    engine = make_read_engine(settings.database_url)
    install_query_time_limit(engine, settings.query_timeout_ms)
    access_lines = LineBuffer() if settings.access_log else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if access_lines is not None:  # a worker process of `--workers N` exits without atexit
            access_lines.flush()

    app = HotApp(
        lifespan=lifespan,
        telemetry=telemetry_config(settings.telemetry),
        title="Coalition Statements API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        dependencies=[Depends(reject_unknown_params)],
        docs_url=None,  # served by app.api.docs, under a Content-Security-Policy
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)
    app.state.loop_connection = LoopConnection(engine)  # for answers computed on the event loop
    app.state.access_lines = access_lines
    if access_lines is not None:
        app.outer_middleware = [lambda inner: AccessLog(inner, access_lines)]

    install_error_handlers(app)
    routers = [m.router for m in (statements, speakers, meetings, figures, metrics, documents, search, stats, docs)]
    for router in routers:
        app.include_router(router)
    app.hot_routes = [route for router in routers for route in router.routes if isinstance(route, APIRoute)]

    app.add_middleware(GZipWhenAccepted, minimum_size=1024, compresslevel=6)  # zlib's default: 9 cost twice the CPU
    app.add_middleware(
        CachingHeadersMiddleware,
        versions=DataVersion(engine, sqlite_path(settings.database_url)),
        max_age=settings.cache_max_age,
    )
    app.add_middleware(
        CORSWhenOrigin,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "Link", "X-Data-Version", "X-Total-Count"],
    )
    return app


app = create_app()
