"""The access log: one line per request, written in batches instead of one by one.

uvicorn's access log goes through :mod:`logging` for every request (a record, the caller's
frame, a formatter, a handler lock, a write and a flush): 40–65 µs of CPU a request on
this machine, a quarter of what a statement's detail costs served. The same line (client,
request line, status) plus the time the answer took is formatted here in a few
microseconds and kept in memory; the lines are written to standard output together, at
most ``interval`` seconds after the first of them (or once ``max_lines`` wait), as
nginx's ``access_log … buffer= flush=`` does. The price: a line appears up to half a
second late, and a process killed with SIGKILL loses that half second of lines (a normal
shutdown writes them: the app's lifespan ends with :meth:`LineBuffer.flush`, and
``atexit`` calls it too).

``coalition serve`` turns uvicorn's own access log off and this one on; serving the app
with ``uvicorn app.main:app`` directly, pass ``--no-access-log`` or set
``COALITION_ACCESS_LOG=false`` to avoid two lines per request.
"""

from __future__ import annotations

import asyncio
import atexit
import sys
import time
from http import HTTPStatus
from typing import TextIO
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_PHRASES = {status.value: status.phrase for status in HTTPStatus}


class LineBuffer:
    """Lines kept in memory and written to a stream together (the event loop's thread only)."""

    def __init__(self, stream: TextIO | None = None, interval: float = 0.5, max_lines: int = 1000) -> None:
        self.stream = stream  # None: sys.stdout as it is when the lines are written (uvicorn's stream)
        self.interval = interval
        self.max_lines = max_lines
        self._lines: list[str] = []
        self._timer: asyncio.TimerHandle | None = None
        atexit.register(self.flush)

    def add(self, line: str) -> None:
        """Keep a line; write the batch when it is full, else within ``interval`` seconds."""
        self._lines.append(line)
        if len(self._lines) >= self.max_lines:
            self.flush()
        elif self._timer is None:
            try:
                self._timer = asyncio.get_running_loop().call_later(self.interval, self.flush)
            except RuntimeError:  # no event loop (a synchronous caller): write now
                self.flush()

    def flush(self) -> None:
        """Write the lines kept so far, in one write; a closed or broken stream drops them."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._lines:
            return
        text = "".join(self._lines)
        self._lines.clear()
        stream = self.stream or sys.stdout
        try:
            stream.write(text)
            stream.flush()
        except (OSError, ValueError):  # a log must never fail an answer or the shutdown
            pass


class AccessLog:
    """ASGI middleware: ``INFO:     <client> - "<method> <path> HTTP/<v>" <status> <phrase> <ms> ms``.

    Outside every other layer (the 500 handler included), so every answer is logged with
    the status the client got; the time runs from the request's arrival in the app to the
    end of its answer. The path is percent-quoted as uvicorn quotes it, so a decoded
    newline cannot forge a line.
    """

    def __init__(self, app: ASGIApp, lines: LineBuffer) -> None:
        self.app = app
        self.lines = lines

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            self.lines.add(_line(scope, status, time.perf_counter() - started))


def _line(scope: Scope, status: int, seconds: float) -> str:
    client = scope.get("client")
    where = f"{client[0]}:{client[1]}" if client else "-"
    target = quote(scope.get("root_path", "") + scope["path"])
    if scope["query_string"]:
        query = scope["query_string"].decode("latin-1")
        target += "?" + (query if query.isprintable() else query.encode("unicode_escape").decode("ascii"))
    answer = f"{status} {_PHRASES.get(status, '')}" if status else "- (no answer)"
    return (
        f'INFO:     {where} - "{scope["method"]} {target} HTTP/{scope["http_version"]}" '
        f"{answer} {seconds * 1000:.2f} ms\n"
    )
