"""``/docs`` and ``/redoc``: the interactive documentation, under a strict Content-Security-Policy.

FastAPI's own pages load Swagger UI and ReDoc from a CDN and start Swagger UI with an
inline script. They are served here instead, so that each page carries a policy allowing
exactly what it needs: scripts from the CDN and the inline script by its SHA-256 hash
(never ``'unsafe-inline'`` scripts), requests only to this origin (the OpenAPI document),
no plugins, no framing, no form posts, no ``<base>``. Styles may be inline: ReDoc injects
its own, and a style cannot run code.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

CDN = "https://cdn.jsdelivr.net"
FAVICON_HOST = "https://fastapi.tiangolo.com"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)

BASE_POLICY = {
    "default-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'none'",
    "frame-ancestors": "'none'",
}


def script_hashes(html: str) -> list[str]:
    """CSP sources for every inline ``<script>`` of a page, by the hash of its exact text."""
    digests = (hashlib.sha256(body.encode()).digest() for body in _INLINE_SCRIPT.findall(html))
    return [f"'sha256-{base64.b64encode(d).decode()}'" for d in digests]


def with_policy(page: HTMLResponse, directives: dict[str, str]) -> HTMLResponse:
    """``page`` with a Content-Security-Policy of ``directives`` plus its inline scripts' hashes."""
    html = bytes(page.body).decode()
    policy = {**BASE_POLICY, **directives}
    hashes = script_hashes(html)
    if hashes:
        policy["script-src"] = " ".join([policy.get("script-src", ""), *hashes]).strip()
    page.headers["Content-Security-Policy"] = "; ".join(f"{k} {v}" for k, v in policy.items())
    return page


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over this API's OpenAPI document."""
    app = request.app
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url,
        title=f"{app.title} - Swagger UI",
        oauth2_redirect_url=None,
        swagger_ui_parameters=app.swagger_ui_parameters,
    )
    return with_policy(
        page,
        {
            "script-src": CDN,
            "style-src": f"{CDN} 'unsafe-inline'",
            "img-src": f"'self' data: {FAVICON_HOST}",
            "connect-src": "'self'",
        },
    )


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over this API's OpenAPI document."""
    app = request.app
    page = get_redoc_html(openapi_url=app.openapi_url, title=f"{app.title} - ReDoc")
    return with_policy(
        page,
        {
            "script-src": CDN,
            "worker-src": "blob:",
            "style-src": "https://fonts.googleapis.com 'unsafe-inline'",
            "font-src": "https://fonts.gstatic.com",
            "img-src": f"'self' data: {FAVICON_HOST} https://cdn.redoc.ly",
            "connect-src": "'self'",
        },
    )
