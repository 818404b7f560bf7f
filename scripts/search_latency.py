"""Latency of full-text searches through ``coalition serve``: one client, one request at a time.

Starts the server on a database (``--no-build``), asks each search a few times to warm
it, then ``--runs`` times in a row, and prints p50/p99/max per search and the server's
CPU time per request. One request at a time measures what a search costs, not the queue
in front of it (``coalition bench`` loads 32 connections at once: its p50 is about 32
times the CPU time per request on one core).

    .venv/bin/python scripts/search_latency.py --db /path/to/bench_1000000.db
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.soak import LOOPBACK, free_port, start_server, stop_server, wait_ready  # noqa: E402

SEARCHES = [
    ("Q2", "/v1/search", {"q": '"foreign terrorist fighters"', "limit": 20}),
    ("Q2 page 2", "/v1/search", {"q": '"foreign terrorist fighters"', "limit": 20, "offset": 20}),
    ("two words", "/v1/search", {"q": '"global coalition"', "limit": 20}),
    ("five words", "/v1/search", {"q": '"global coalition to defeat isis"', "limit": 20}),
    ("word", "/v1/search", {"q": "coalition", "limit": 20}),
    ("prefix", "/v1/search", {"q": "stabiliz*", "limit": 20}),
    ("OR", "/v1/search", {"q": "iraq OR syria", "limit": 20}),
    ("filtered", "/v1/search", {"q": '"foreign terrorist fighters"', "kind": "remarks", "limit": 20}),
    ("statements", "/v1/statements", {"q": '"foreign terrorist fighters"', "limit": 20}),
]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    # As `coalition bench`: a slow answer is measured, not turned into a 503 by the 2 s limit.
    os.environ.setdefault("COALITION_QUERY_TIMEOUT_MS", "30000")
    port = free_port()
    base = f"http://{LOOPBACK}:{port}"
    log = Path(tempfile.mkdtemp()) / "server.log"
    proc = start_server(f"sqlite:///{args.db.resolve()}", port, log)
    try:
        wait_ready(base, proc, timeout=120)
        with httpx.Client(base_url=base, timeout=120) as client:
            print(f"{'search':<12} {'total':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'CPU ms':>8}  engine")
            for name, path, params in SEARCHES:
                first = client.get(path, params=params)
                first.raise_for_status()
                body = first.json()
                for _ in range(args.warmup):
                    client.get(path, params=params).raise_for_status()
                times = []
                cpu = _cpu_seconds(proc.pid)
                for _ in range(args.runs):
                    started = time.perf_counter()
                    client.get(path, params=params).raise_for_status()
                    times.append((time.perf_counter() - started) * 1000)
                cpu_ms = (_cpu_seconds(proc.pid) - cpu) * 1000 / args.runs
                times.sort()
                p99 = times[min(len(times) - 1, round(len(times) * 0.99))]
                engine = "index" if "cursor=" in (body.get("next") or "") and _keys(body["next"]) == 3 else "sql"
                print(
                    f"{name:<12} {body['total']:>9,} {statistics.median(times):>8.2f} {p99:>8.2f} "
                    f"{times[-1]:>8.2f} {cpu_ms:>8.2f}  {engine}"
                )
    finally:
        stop_server(proc)


def _keys(next_url: str) -> int:
    """How many sort keys the next page's cursor carries (3: the search index's)."""
    import base64
    import json
    from urllib.parse import parse_qs, urlsplit

    token = parse_qs(urlsplit(next_url).query)["cursor"][0]
    _name, values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return len(values)


if __name__ == "__main__":
    main()
