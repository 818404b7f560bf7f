"""The HTTP floor: a bare FastAPI route returning fixed bytes.

Served by uvicorn exactly like the API (one worker, same core, the same access log:
uvicorn's off, :mod:`app.api.access_log` on), so the benchmark can say how much of a
request's cost is the server and framework alone.
"""

from __future__ import annotations

from fastapi import FastAPI, Response

from app.api.access_log import AccessLog, LineBuffer

BODY = b'{"items":[],"total":0,"limit":50,"next":null,"facets":null}'

bare = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
app = AccessLog(bare, LineBuffer())


@bare.get("/floor")
async def floor() -> Response:
    """Fixed bytes: no database, no validation, no middleware but the access log."""
    return Response(content=BODY, media_type="application/json")
