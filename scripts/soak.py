"""Soak test: drive `coalition serve` on loopback with many concurrent clients, report figures.

Usage::

    python scripts/soak.py [--seconds 60] [--connections 64] [--db URL] [--json FILE]

It starts its own server (``python -m app.cli serve``) on a free loopback port, serving
``--db`` or, by default, a fresh build of the bundled corpus in a temporary folder. Then
``--connections`` clients, each on its own keep-alive connection, send requests back to
back for ``--seconds`` (at most an hour, and at most ``--max-requests``): a mix of lists,
details, searches, facets, CSV/NDJSON exports, conditional requests (304) and requests
that are 404 or 422 by design. It prints requests, errors, p50/p99 latency and the
server's resident memory (``VmRSS``) idle, after the warm-up and at the end, and exits 1
when any request failed or memory grew by ``--max-growth`` or more.

The server runs with ``MALLOC_ARENA_MAX=2``, as the Dockerfile sets it: with glibc's
default of one heap per thread, its 40 worker threads fragment memory and RSS keeps
creeping up (+11% in 4 minutes, with no growth in Python objects under tracemalloc);
``--malloc-arena-max 0`` measures that default.

An error is a transport failure or any status other than the one the request expects: a
5xx, a 4xx that was not designed, a 200 where a 304 was due. Memory growth is measured
from the end of the warm-up (the first fifth of the run, at most 10 s), when the thread
pool, the connection pool and SQLite's page caches have reached their working size;
growth after that is what a leak would look like.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
MAX_SECONDS = 3600
SEARCH_WORDS = ["isis", "coalition", "stabiliz*", '"foreign fighters"', "iraq OR syria", "daesh", "mosul", "defeat"]


@dataclass
class Request:
    """One request of the mix and the status it must get."""

    kind: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    expect: int = 200


@dataclass
class Report:
    """What a soak run measured."""

    seconds: float
    connections: int
    requests: int
    errors: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    by_kind: dict[str, int]
    statuses: dict[str, int]
    error_samples: list[str]
    rss_idle_kb: int
    rss_start_kb: int
    rss_end_kb: int
    rss_growth: float
    rss_samples_kb: list[int]
    malloc_arena_max: str


def free_port() -> int:
    """A TCP port nobody listens on right now (loopback)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def rss_kb(pid: int) -> int:
    """Resident memory of a process, from ``/proc/<pid>/status``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


class RssSampler(threading.Thread):
    """Reads a process's RSS once a second, to tell a leak (steady climb) from warming up."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[int] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            try:
                self.samples.append(rss_kb(self.pid))
            except (OSError, RuntimeError):
                return


def start_server(db_url: str, port: int, log: Path, arenas: int = 0) -> subprocess.Popen[bytes]:
    """``coalition serve`` in a child process, building the corpus first if the file is missing.

    ``arenas``: glibc's ``MALLOC_ARENA_MAX`` for the server (0: inherit the environment).
    """
    env = {**os.environ, "COALITION_MANIFEST": str(ROOT / "data" / "sources.yaml")}
    if arenas:
        env["MALLOC_ARENA_MAX"] = str(arenas)
    cmd = [sys.executable, "-m", "app.cli", "serve", "--db", db_url, "--host", LOOPBACK, "--port", str(port)]
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Until ``/health`` answers 200; fail if the server dies or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server was not ready within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGINT (uvicorn's graceful stop), then SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def build_mix(base: str) -> list[Request]:
    """The request mix, with real ids and ETags read from the server once."""
    with httpx.Client(base_url=base, timeout=10) as client:

        def ids(path: str) -> list[str]:
            return [item["id"] for item in client.get(path, params={"limit": 20}).json()["items"]]

        statements, speakers, meetings = ids("/v1/statements"), ids("/v1/speakers"), ids("/v1/meetings")
        figures, documents = ids("/v1/figures"), ids("/v1/documents")
        etag = client.get("/v1/statements", params={"limit": 10}).headers["etag"]
    mix = [
        Request("list", "/v1/statements"),
        Request("list", "/v1/statements", {"sort": "-date", "limit": 100}),
        Request("list", "/v1/speakers", {"sort": "-statement_count"}),
        Request("list", "/v1/meetings"),
        Request("list", "/v1/figures", {"sort": "-value", "limit": 100}),
        Request("list", "/v1/documents"),
        Request("facet", "/v1/statements", {"facet": "speaker,meeting,kind,year", "limit": 1}),
        Request("facet", "/v1/figures", {"facet": "unit,dimension,qualifier,year", "limit": 1}),
        Request("facet", "/v1/speakers", {"facet": "kind,organization", "limit": 1}),
        Request("export", "/v1/statements", {"format": "csv"}),
        Request("export", "/v1/figures", {"format": "ndjson"}),
        Request("cached", "/v1/statements", {"limit": 10}, {"If-None-Match": etag}, expect=304),
        Request("missing", "/v1/statements/0000000000000000", expect=404),
        Request("invalid", "/v1/statements", {"limit": 10_000}, expect=422),
        Request("invalid", "/v1/search", {"q": "(unbalanced"}, expect=422),
        Request("stats", "/v1/stats"),
    ]
    mix += [Request("search", "/v1/search", {"q": word}) for word in SEARCH_WORDS]
    mix += [Request("detail", f"/v1/statements/{i}") for i in statements]
    mix += [Request("detail", f"/v1/speakers/{i}") for i in speakers]
    mix += [Request("detail", f"/v1/meetings/{i}") for i in meetings]
    mix += [Request("detail", f"/v1/figures/{i}") for i in figures]
    mix += [Request("detail", f"/v1/documents/{i}") for i in documents]
    return mix


class Connection:
    """One keep-alive HTTP/1.1 connection with a minimal client.

    A general client (httpx) spends about a millisecond of CPU per request, which on a
    small machine makes the load generator, not the server, the bottleneck, and its
    queueing shows up as server latency. This one writes a GET and reads the status, the
    headers it needs and the body (by length or chunked); that is all the API sends.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, target: str, headers: dict[str, str]) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"GET {target} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept: */*", "Accept-Encoding: gzip"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                chunked = "chunked" in value
            elif name == "connection":
                close = value == "close"
        body = b""
        if status in (204, 304) or status < 200:
            pass
        elif chunked:
            parts = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            await self.reader.readline()  # the empty trailer
            body = b"".join(parts)
        elif length is not None:
            body = await self.reader.readexactly(length)
        else:
            body, close = await self.reader.read(), True
        if close:
            await self.close()
        return status, body


async def drive(
    host: str, port: int, mix: list[Request], seconds: float, connections: int, max_requests: int
) -> dict[str, Any]:
    """Run ``connections`` clients until the time or the request budget is spent."""
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    # Weighted so each kind is well represented whatever the corpus size.
    by_kind: dict[str, list[Request]] = {}
    for req in mix:
        by_kind.setdefault(req.kind, []).append(req)
    weights = {
        "list": 20,
        "detail": 25,
        "search": 20,
        "facet": 12,
        "export": 5,
        "cached": 8,
        "missing": 4,
        "invalid": 4,
        "stats": 2,
    }
    kind_names = [k for k in weights if k in by_kind]
    kind_weights = [weights[k] for k in kind_names]
    budget = [max_requests]

    async def client_loop(n: int) -> None:
        rng = random.Random(n)
        conn = Connection(host, port)
        try:
            while time.monotonic() < deadline and budget[0] > 0:
                budget[0] -= 1
                req = rng.choice(by_kind[rng.choices(kind_names, kind_weights)[0]])
                target = req.path + ("?" + urlencode(req.params) if req.params else "")
                start = time.perf_counter()
                try:
                    code, body = await conn.get(target, req.headers)
                    status, ok, detail = str(code), code == req.expect, body[:200].decode(errors="replace")
                except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
                    await conn.close()
                    status, ok, detail = type(exc).__name__, False, str(exc)[:200]
                latencies.append(time.perf_counter() - start)
                statuses[status] += 1
                kinds[req.kind] += 1
                if not ok:
                    errors.append(f"{target} -> {status} (expected {req.expect}): {detail}")
        finally:
            await conn.close()

    await asyncio.gather(*(client_loop(n) for n in range(connections)))
    return {"latencies": latencies, "statuses": statuses, "kinds": kinds, "errors": errors}


def soak(db_url: str | None, seconds: float, connections: int, max_requests: int, arenas: int = 0) -> Report:
    """Start a server, warm it up, drive it, stop it; return the figures."""
    seconds = min(seconds, MAX_SECONDS)
    warmup = min(10.0, seconds / 5)
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'coalition.db'}"
        port = free_port()
        base = f"http://{LOOPBACK}:{port}"
        log = Path(tmp) / "server.log"
        proc = start_server(url, port, log, arenas)
        try:
            wait_ready(base, proc)
            mix = build_mix(base)
            rss_idle = rss_kb(proc.pid)
            asyncio.run(drive(LOOPBACK, port, mix, warmup, connections, max_requests))
            rss_start = rss_kb(proc.pid)
            sampler = RssSampler(proc.pid)
            sampler.start()
            started = time.monotonic()
            result = asyncio.run(drive(LOOPBACK, port, mix, seconds - warmup, connections, max_requests))
            elapsed = time.monotonic() - started
            rss_end = rss_kb(proc.pid)
            sampler.done.set()
        except BaseException:
            sys.stderr.write(log.read_text(errors="replace")[-4000:])
            raise
        finally:
            stop_server(proc)
    latencies = sorted(result["latencies"])
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return Report(
        seconds=round(elapsed, 1),
        connections=connections,
        requests=len(latencies),
        errors=len(result["errors"]),
        requests_per_second=round(len(latencies) / elapsed, 1),
        p50_ms=round(cuts[49] * 1000, 1),
        p99_ms=round(cuts[98] * 1000, 1),
        max_ms=round(latencies[-1] * 1000, 1) if latencies else 0.0,
        by_kind=dict(sorted(result["kinds"].items())),
        statuses=dict(sorted(result["statuses"].items())),
        error_samples=result["errors"][:10],
        rss_idle_kb=rss_idle,
        rss_start_kb=rss_start,
        rss_end_kb=rss_end,
        rss_growth=round((rss_end - rss_start) / rss_start, 4),
        rss_samples_kb=sampler.samples,
        malloc_arena_max=str(arenas) if arenas else os.environ.get("MALLOC_ARENA_MAX", "glibc default"),
    )


def describe(r: Report) -> str:
    """The figures, one line each."""
    return "\n".join(
        [
            f"soak: {r.requests} requests in {r.seconds} s over {r.connections} connections "
            f"({r.requests_per_second}/s), {r.errors} errors",
            f"latency: p50 {r.p50_ms} ms, p99 {r.p99_ms} ms, max {r.max_ms} ms",
            f"by kind: {r.by_kind}",
            f"statuses: {r.statuses}",
            f"server RSS: idle {r.rss_idle_kb} kB, after warm-up {r.rss_start_kb} kB, end {r.rss_end_kb} kB "
            f"(growth {r.rss_growth:+.1%}; MALLOC_ARENA_MAX {r.malloc_arena_max})",
            *(f"error: {e}" for e in r.error_samples),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="Duration, warm-up included (max 3600).")
    parser.add_argument("--connections", type=int, default=64, help="Concurrent client connections.")
    parser.add_argument("--max-requests", type=int, default=5_000_000, help="Stop after this many requests.")
    parser.add_argument("--db", help="Database URL to serve (default: a fresh build of the bundled corpus).")
    parser.add_argument("--max-growth", type=float, default=0.10, help="Fail at this RSS growth (0.10 = 10%%).")
    parser.add_argument(
        "--malloc-arena-max",
        type=int,
        default=2,
        help="MALLOC_ARENA_MAX for the server, as the Dockerfile sets it (0: inherit the environment).",
    )
    parser.add_argument("--json", type=Path, help="Also write the figures to this file as JSON.")
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.connections <= 0:
        parser.error("--seconds and --connections must be positive")
    report = soak(args.db, args.seconds, args.connections, args.max_requests, args.malloc_arena_max)
    print(describe(report), flush=True)
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2))
    return 1 if report.errors or report.rss_growth >= args.max_growth else 0


if __name__ == "__main__":
    sys.exit(main())
