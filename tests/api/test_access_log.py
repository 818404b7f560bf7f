"""The access log: a line per request, every answer's status, written in batches.

Through the app as served (hot routes and the full stack alike), on the bundled corpus.
"""

from __future__ import annotations

import io
import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.middleware.errors import ServerErrorMiddleware
from typer.testing import CliRunner

from app import cli
from app.api.access_log import AccessLog, LineBuffer
from app.config import Settings
from app.main import create_app

LINE = re.compile(
    r'^INFO:     (?P<client>\S+) - "(?P<request>[^"]*)" (?P<status>\d{3}) (?P<phrase>[^\d]+) (?P<ms>[\d.]+) ms$'
)


def _app(corpus_url: str, **lines: Any) -> tuple[Any, io.StringIO]:
    app = create_app(Settings(database_url=corpus_url, access_log=True))
    buffer: LineBuffer = app.state.access_lines
    buffer.stream = out = io.StringIO()
    for name, value in lines.items():
        setattr(buffer, name, value)
    return app, out


def _lines(out: io.StringIO) -> list[re.Match[str]]:
    found = [LINE.match(line) for line in out.getvalue().splitlines()]
    assert all(found), out.getvalue()
    return found  # type: ignore[return-value]


def test_every_answer_is_one_line_with_its_status(corpus_url: str) -> None:
    app, out = _app(corpus_url, interval=3600)
    with TestClient(app) as client:
        asked = [
            ("/v1/statements?limit=1", 200),  # a hot route
            ("/v1/statements?limit=0", 422),  # a hot route's validation error
            ("/v1/statements/no-such-statement", 404),
            ("/openapi.json", 200),  # the full stack
            ("/nowhere", 404),
        ]
        for path, status in asked:
            assert client.get(path).status_code == status
        assert out.getvalue() == ""  # kept, not yet written
    lines = _lines(out)  # the lifespan's end wrote them
    assert [(m["request"], int(m["status"])) for m in lines] == [(f"GET {p} HTTP/1.1", s) for p, s in asked]
    assert lines[0]["phrase"] == "OK" and lines[2]["phrase"] == "Not Found"
    assert all(m["client"] == "testclient:50000" and float(m["ms"]) > 0 for m in lines)


def test_lines_are_written_together_within_the_interval(corpus_url: str) -> None:
    app, out = _app(corpus_url, interval=0.05)
    with TestClient(app) as client:
        for _ in range(3):
            client.get("/v1/stats")
        deadline = time.monotonic() + 10
        while not out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(_lines(out)) == 3


def test_a_full_batch_is_written_at_once(corpus_url: str) -> None:
    app, out = _app(corpus_url, interval=3600, max_lines=2)
    client = TestClient(app)
    client.get("/v1/stats")
    assert out.getvalue() == ""
    client.get("/v1/stats")
    assert len(_lines(out)) == 2


def test_a_decoded_newline_cannot_forge_a_line(corpus_url: str) -> None:
    app, out = _app(corpus_url, interval=3600)
    client = TestClient(app)
    client.get("/v1/statements/x%0AINFO:%20forged")
    app.state.access_lines.flush()
    (line,) = _lines(out)
    assert "x%0AINFO%3A%20forged" in line["request"]


def test_a_closed_stream_loses_the_lines_not_the_answer(corpus_url: str) -> None:
    app, out = _app(corpus_url, max_lines=1)
    out.close()
    assert TestClient(app).get("/v1/stats").status_code == 200


def test_off_means_no_access_log(corpus_url: str) -> None:
    app = create_app(Settings(database_url=corpus_url, access_log=False))
    assert app.state.access_lines is None
    assert TestClient(app).get("/v1/stats").status_code == 200


def test_serve_turns_uvicorns_own_access_log_off(corpus_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    called: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: called.update(kwargs))
    result = CliRunner().invoke(cli.cli, ["serve", "--db", corpus_url, "--no-build"])
    assert result.exit_code == 0, result.output
    assert called["access_log"] is False


def test_a_crash_is_logged_with_the_500_its_client_got() -> None:
    async def crashing(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("boom")

    lines = LineBuffer(io.StringIO(), interval=3600)
    app = AccessLog(ServerErrorMiddleware(crashing), lines)
    assert TestClient(app, raise_server_exceptions=False).get("/v1/x?a=1").status_code == 500
    lines.flush()
    (line,) = _lines(lines.stream)  # type: ignore[arg-type]
    assert line["request"] == "GET /v1/x?a=1 HTTP/1.1" and line["status"] == "500"
