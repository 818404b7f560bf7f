"""HTTP caching and security headers, as one pure ASGI middleware.

The data only changes when a new build replaces the database file, so the data version
is a perfect validator: the ETag of a ``/v1`` answer is the version plus a hash of what
was asked (path, query, ``Accept``). A matching ``If-None-Match`` is answered 304 before
any query runs. The version is re-read only when the file's identity changes, and then
the pool is disposed so no connection keeps serving the replaced file; the identity is
looked at again only when the file's directory reports a change (:mod:`app.filewatch`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from pathlib import Path

from sqlalchemy import Engine
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.filewatch import FileWatch
from app.models import Meta

log = logging.getLogger(__name__)

# For answers that set no policy of their own (all but the HTML docs): nothing may load.
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'"
_CSP = (b"content-security-policy", DEFAULT_CSP.encode("latin-1"))
# Every answer varies with these request headers; with Origin too, which
# :class:`CORSWhenOrigin` leaves to this middleware when the request names none.
_VARIES = ("Accept", "Accept-Encoding")
_VARIES_ORIGIN = (*_VARIES, "Origin")
_VARY = {tokens: (b"vary", ", ".join(tokens).encode("latin-1")) for tokens in (_VARIES, _VARIES_ORIGIN)}
_NO_STORE = (b"cache-control", b"no-store")
_NOSNIFF = (b"x-content-type-options", b"nosniff")
_OURS = frozenset([_NOSNIFF[0], _CSP[0], b"vary", b"x-data-version", b"etag", b"cache-control"])


class DataVersion:
    """The ``data_version`` of the database being served, cached by file identity."""

    def __init__(self, engine: Engine, path: Path | None, ttl: float = 5.0) -> None:
        self._engine = engine
        self._path = path
        self._ttl = ttl
        self._lock = threading.Lock()
        self._key: object = None
        self._value: str | None = None
        self._watch = FileWatch(path) if path is not None else None

    def _identity(self) -> object:
        if self._watch is None or self._path is None:  # not a file: fall back to a time-based refresh
            return int(time.monotonic() // self._ttl)
        if self._key is not None and self._watch.quiet():
            return self._key
        self._watch.arm()  # before looking: a change from now on is reported
        try:
            st = os.stat(self._path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def get(self) -> str | None:
        """The current data version, or None when the database is missing or unreadable."""
        key = self._identity()
        if key is None:
            return None
        with self._lock:
            if key != self._key:
                if self._key is not None and self._path is not None:
                    self._engine.dispose()  # connections still point at the old file
                ok, self._value = self._read()
                self._key = key if ok else None
            return self._value

    def _read(self) -> tuple[bool, str | None]:
        # Through the DB-API, as ``Reader.data_version`` reads it: no SQLAlchemy events, so
        # this is not counted as (nor time-limited like) a query of the request that happens
        # to ask after the file changed or, with no file (PostgreSQL), after ``ttl`` seconds.
        try:
            conn = self._engine.raw_connection()
            try:
                cursor = conn.cursor()
                cursor.execute(f"SELECT value FROM {Meta.__tablename__} WHERE key = 'data_version'")
                row = cursor.fetchone()
                cursor.close()
            finally:
                conn.close()
            return True, row[0] if row else None
        except Exception:  # a missing/corrupt database is reported by /health, not here
            log.warning("cannot read the data version", exc_info=True)
            return False, None


def _etag(version: str, scope: Scope, accept: bytes) -> str:
    asked = b"\0".join([scope["path"].encode(), scope.get("query_string", b""), accept])
    # blake2b is CPython's own: no OpenSSL provider lookup per answer, as sha256 makes
    # (about 2 µs of a served detail); eight bytes tell the representations of one URL apart.
    return f'W/"{version}-{hashlib.blake2b(asked, digest_size=8).hexdigest()}"'


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [t.strip() for t in if_none_match.split(",")]
    bare = etag.removeprefix("W/")
    return "*" in tags or any(t.removeprefix("W/") == bare for t in tags)


class CachingHeadersMiddleware:
    """ETag/304, Cache-Control, X-Data-Version, Vary, nosniff and a CSP on every answer."""

    def __init__(self, app: ASGIApp, *, versions: DataVersion, max_age: int) -> None:
        self.app = app
        self.versions = versions
        self.max_age = max_age
        self._public = f"public, max-age={max_age}".encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        version = self.versions.get()
        cacheable = scope["method"] in ("GET", "HEAD") and scope["path"].startswith("/v1")
        etag = None
        accept, inm, varies = b"", None, _VARIES_ORIGIN
        for name, value in scope["headers"]:  # one pass over the raw headers (lower-case names)
            if name == b"accept":
                accept = value
            elif name == b"if-none-match":
                inm = value.decode("latin-1")
            elif name == b"origin":  # CORSMiddleware adds Origin to Vary
                varies = _VARIES
        if version and cacheable:
            etag = _etag(version, scope, accept)
            if inm and _matches(inm, etag):
                raw: list[tuple[bytes, bytes]] = []
                self._decorate(raw, version, etag, 304, varies)
                await send({"type": "http.response.start", "status": 304, "headers": raw})
                await send({"type": "http.response.body", "body": b""})
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = message.setdefault("headers", [])
                if not isinstance(raw, list):
                    raw = message["headers"] = list(raw)
                self._decorate(raw, version, etag, message["status"], varies)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _decorate(
        self,
        raw: list[tuple[bytes, bytes]],
        version: str | None,
        etag: str | None,
        status: int,
        varies: tuple[str, ...],
    ) -> None:
        """Set our headers on a raw ASGI header list (this runs on every answer: the usual
        case, where the answer set none of them, appends pre-encoded pairs)."""
        at = {name.lower(): i for i, (name, _) in enumerate(raw)}
        if version and etag is not None and 200 <= status < 300 and at.keys().isdisjoint(_OURS):
            raw += (_NOSNIFF, _CSP, _VARY[varies], (b"x-data-version", version.encode("latin-1")))
            raw += ((b"etag", etag.encode("latin-1")), (b"cache-control", self._public))
            return

        def put(name: bytes, value: bytes) -> None:
            if name in at:
                raw[at[name]] = (name, value)
            else:
                at[name] = len(raw)
                raw.append((name, value))

        put(*_NOSNIFF)
        if b"content-security-policy" not in at:
            raw.append(_CSP)
        if b"vary" in at:  # gzip may have added Accept-Encoding already
            vary = raw[at[b"vary"]][1].decode("latin-1")
            listed = {token.strip().lower() for token in vary.split(",")}
            missing = [token for token in varies if token.lower() not in listed]
            if missing:
                put(b"vary", ", ".join([vary, *missing]).encode("latin-1"))
        else:
            raw.append(_VARY[varies])
        if version:
            put(b"x-data-version", version.encode("latin-1"))
        if etag is not None and (200 <= status < 300 or status == 304):
            put(b"etag", etag.encode("latin-1"))
            put(b"cache-control", self._public)
        elif b"cache-control" not in at:
            raw.append(_NO_STORE)


class GZipWhenAccepted(GZipMiddleware):
    """Starlette's gzip, entered only for a client that accepts gzip.

    For the others Starlette still inspects every answer's headers, only to add
    ``Vary: Accept-Encoding``, which :class:`CachingHeadersMiddleware` adds to every answer.
    """

    trigger = b"accept-encoding"  # without it, it passes requests on (HotDispatch leaves it out)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not any(
            name == self.trigger and b"gzip" in value for name, value in scope["headers"]
        ):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


class CORSWhenOrigin(CORSMiddleware):
    """Starlette's CORS, entered only for a request that names an ``Origin``.

    Without one there is nothing to allow, yet Starlette parses the request's headers and
    wraps the answer, only to add ``Origin`` to ``Vary`` (about 8 µs of a 250 µs lookup),
    which :class:`CachingHeadersMiddleware` adds to those answers itself.
    """

    trigger = b"origin"  # without it, it passes requests on (HotDispatch leaves it out)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not any(name == self.trigger for name, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
