"""Run the benchmark: build the databases, serve each, load each server, print one table.

For every size the same database file is served, one server at a time, pinned to core 0
(``taskset -c 0``): the bare FastAPI floor, ``coalition serve`` (one uvicorn worker), the
floor again (the table compares with their mean) and ``datasette -i`` (same uvicorn).
``wrk`` runs pinned to core 1 (one thread, 32 connections on loopback), first a warm-up,
then the measured run. Datasette gets every candidate of a query (table view, SQL) and
keeps its best. The raw SQL floor is timed in this process, on core 0 while no server runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.bench import queries
from app.bench.scale import scale
from app.ingest.load import schema_is_current

SERVER_CORE = "0"
LOAD_CORE = "1"
PORTS = {"floor": 8781, "ours": 8782, "datasette": 8783}
ALONE = ("Q2",)  # also measured from one connection: its latency is its own cost, not the queue's
BASE_SEED = 1
QUERY_LIMIT_MS = 30_000  # both servers: a slow answer is measured, not turned into an error

Echo = Callable[[str], None]


@dataclass
class Load:
    """What one wrk run measured."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int = 0  # non-2xx answers plus socket errors and timeouts
    cpu_us: float | None = None  # server CPU time per request: steady even when the machine is shared


@dataclass
class Row:
    """One query at one size."""

    size: int
    query: str
    label: str
    ours: Load | None = None
    datasette: Load | None = None
    datasette_mode: str | None = None
    datasette_modes: dict[str, Load | None] = field(default_factory=dict)
    sql_ms: float | None = None
    alone: Load | None = None  # ALONE queries: one connection, the latency of one request with no queue
    datasette_alone: Load | None = None


@dataclass
class SizeResult:
    """Everything measured at one size."""

    size: int
    floor: Load | None
    rows: list[Row]
    rss_mb: float | None
    peak_rss_mb: float | None


# --------------------------------------------------------------------------- databases


def _bin(name: str) -> str:
    """An executable of this virtualenv (falling back to PATH)."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def ensure_databases(work: Path, sizes: list[int], base: int, echo: Echo, rebuild: bool = False) -> dict[int, Path]:
    """The database for each size: ``base`` by the real ingest, bigger ones by replication
    (each made again when missing, older than the base, or of an older schema)."""
    work.mkdir(parents=True, exist_ok=True)
    base_db = work / f"bench_{base}.db"
    if rebuild or not schema_is_current(base_db):
        corpus = work / f"corpus_{base}"
        if rebuild or not (corpus / "sources.yaml").exists():
            echo(f"synthesising {base:,} statements into {corpus}")
            subprocess.run(
                [
                    _bin("coalition"),
                    "synth",
                    "--statements",
                    str(base),
                    "--seed",
                    str(BASE_SEED),
                    "--out",
                    str(corpus),
                    "--force",
                ],
                check=True,
            )
        echo(f"ingesting {corpus} (the real ingest; its time is not part of the API benchmark)")
        started = time.monotonic()
        with open(work / f"ingest_{base}.log", "w") as log:
            subprocess.run(
                [
                    _bin("coalition"),
                    "ingest",
                    "--manifest",
                    str(corpus / "sources.yaml"),
                    "--db",
                    f"sqlite:///{base_db}",
                ],
                check=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        echo(f"  ingest took {time.monotonic() - started:.0f} s")
    paths = {}
    for size in sizes:
        if size % base:
            raise ValueError(f"size {size} is not a multiple of the ingested base {base}")
        path = base_db if size == base else work / f"bench_{size}.db"
        stale = not schema_is_current(path) or path.stat().st_mtime < base_db.stat().st_mtime
        if size != base and (rebuild or stale):
            echo(f"replicating {base_db.name} x{size // base} into {path.name}")
            scale(base_db, path, size // base, progress=echo)
        paths[size] = path
    return paths


# --------------------------------------------------------------------------- servers and load


def _get(url: str, timeout: float = 60.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@contextmanager
def server(
    cmd: list[str], port: int, ready_path: str, log_path: Path, env: dict[str, str] | None = None
) -> Iterator[int]:
    """Start ``cmd`` pinned to the server core; yield its pid once ``ready_path`` answers."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            ["taskset", "-c", SERVER_CORE, *cmd],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited ({proc.returncode}); see {log_path}")
                try:
                    status, _ = _get(f"http://127.0.0.1:{port}{ready_path}", timeout=5)
                    if status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server not ready after 120 s; see {log_path}")
                time.sleep(0.2)
            yield proc.pid
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def rss_mb(pid: int) -> tuple[float | None, float | None]:
    """Resident set size now and at its peak (VmRSS, VmHWM) in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None, None
    found = {k: int(v) / 1024 for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M)}
    return found.get("VmRSS"), found.get("VmHWM")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(port: int, paths: list[str], seconds: int, connections: int) -> Load:
    """Drive the server with ``wrk`` on the load core, cycling through ``paths``."""
    script = "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
    script += (
        "local i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        out = subprocess.run(
            [
                "taskset",
                "-c",
                LOAD_CORE,
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "--latency",
                "-s",
                fh.name,
                f"http://127.0.0.1:{port}",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(fh.name)
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if len(pct) < 2:
        raise RuntimeError(f"cannot read wrk's output:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        bad += sum(int(n) for n in errors.groups())
    return Load(rps=rps, p50_ms=_ms(pct["50"]), p99_ms=_ms(pct["99"]), requests=requests, bad=bad)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(port: int, pid: int, paths: list[str], seconds: int, warmup: int, connections: int) -> Load | None:
    """Check every path answers 200, warm up, then measure; None if a path fails."""
    for path in paths[:20]:
        for _attempt in range(3):  # a cold first answer may miss the time limit
            try:
                status, body = _get(f"http://127.0.0.1:{port}{path}", timeout=120)
            except OSError as exc:  # a timeout too
                status, body = 0, str(exc).encode()
            if status == 200:
                break
            print(f"    {status} {path[:120]}: {body[:200]!r}", file=sys.stderr)
        else:
            return None
    if warmup:
        wrk(port, paths, warmup, connections)
        drain(port, paths[0])  # what the warm-up left queued must not run in the measured window
    before = cpu_seconds(pid)
    load = wrk(port, paths, seconds, connections)
    if load.requests:
        load.cpu_us = (cpu_seconds(pid) - before) * 1e6 / load.requests
    drain(port, paths[0])
    return load


def drain(port: int, path: str, limit: float = 300) -> None:
    """Wait until the server has worked off what the load left queued (slow queries go on
    after wrk hangs up), so the next measurement starts from an idle server."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            started = time.monotonic()
            _get(f"http://127.0.0.1:{port}{path}", timeout=limit)
            if time.monotonic() - started < 5:
                return
        except OSError:
            pass


def sql_floor(path: Path, statements: list[tuple[str, tuple[object, ...]]], runs: int = 15) -> float:
    """Median time (ms) to run a query's statements directly, on the server core."""
    previous = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {int(SERVER_CORE)})
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        timings = []
        for i in range(runs + 3):
            started = time.perf_counter()
            for sql, params in statements:
                conn.execute(sql, params).fetchall()
            if i >= 3:
                timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings)
    finally:
        conn.close()
        os.sched_setaffinity(0, previous)


# --------------------------------------------------------------------------- the run


def run_size(
    size: int,
    db: Path,
    work: Path,
    *,
    seconds: int,
    warmup: int,
    connections: int,
    only: set[str],
    with_datasette: bool,
    echo: Echo,
) -> SizeResult:
    """Measure the floor, our API and Datasette on one database."""
    qs = [q for q in queries.build(db) if not only or q.name in only]
    rows = {q.name: Row(size=size, query=q.name, label=q.label) for q in qs}
    for q in qs:
        rows[q.name].sql_ms = sql_floor(db, q.sql)
    echo(f"[{size:,}] raw SQL: " + ", ".join(f"{q.name} {rows[q.name].sql_ms:.2f} ms" for q in qs))

    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    py = sys.executable
    floor_cmd = [py, "-m", "uvicorn", "app.bench.floor:app", "--port", str(PORTS["floor"]), "--log-level", "info"]
    floor_cmd.append("--no-access-log")  # it logs as `coalition serve` does (app.api.access_log)

    def measure_floor(when: str) -> Load | None:
        with server(floor_cmd, PORTS["floor"], "/floor", logs / f"floor_{size}_{when}.log") as pid:
            load = measure(PORTS["floor"], pid, ["/floor"], seconds, warmup, connections)
        echo(f"[{size:,}] floor, {when} our queries: {_fmt(load)}")
        return load

    floors = [measure_floor("before")]

    ours_cmd = [_bin("coalition"), "serve", "--db", f"sqlite:///{db}", "--port", str(PORTS["ours"]), "--no-build"]
    limit = {"COALITION_QUERY_TIMEOUT_MS": str(QUERY_LIMIT_MS)}  # Datasette gets the same
    with server(ours_cmd, PORTS["ours"], "/health", logs / f"ours_{size}.log", env=limit) as pid:
        for q in qs:
            rows[q.name].ours = measure(PORTS["ours"], pid, q.ours, seconds, warmup, connections)
            echo(f"[{size:,}] ours {q.name}: {_fmt(rows[q.name].ours)}")
            if q.name in ALONE:
                rows[q.name].alone = measure(PORTS["ours"], pid, q.ours, seconds, warmup, 1)
                echo(f"[{size:,}] ours {q.name}, one connection: {_fmt(rows[q.name].alone)}")
        rss, peak = rss_mb(pid)
    floors.append(measure_floor("after"))
    floor = mean_load(floors)

    if with_datasette:
        ds_cmd = [
            _bin("datasette"),
            "serve",
            "-i",
            str(db),
            "--port",
            str(PORTS["datasette"]),
            "--setting",
            "sql_time_limit_ms",
            str(QUERY_LIMIT_MS),
            "--setting",
            "facet_time_limit_ms",
            str(QUERY_LIMIT_MS),
            "--setting",
            "suggest_facets",
            "off",
        ]
        with server(ds_cmd, PORTS["datasette"], "/-/versions.json", logs / f"datasette_{size}.log") as pid:
            for q in qs:
                row = rows[q.name]
                for mode, paths in q.datasette.items():
                    load = measure(PORTS["datasette"], pid, paths, seconds, warmup, connections)
                    row.datasette_modes[mode] = load
                    echo(f"[{size:,}] datasette {q.name} ({mode}): {_fmt(load)}")
                    if load is not None and load.requests and (row.datasette is None or load.rps > row.datasette.rps):
                        row.datasette, row.datasette_mode = load, mode
                if q.name in ALONE and row.datasette_mode is not None:
                    row.datasette_alone = measure(
                        PORTS["datasette"], pid, q.datasette[row.datasette_mode], seconds, warmup, 1
                    )
                    echo(f"[{size:,}] datasette {q.name}, one connection: {_fmt(row.datasette_alone)}")
    return SizeResult(size=size, floor=floor, rows=list(rows.values()), rss_mb=rss, peak_rss_mb=peak)


def mean_load(loads: list[Load | None]) -> Load | None:
    """The floor as the mean of its measurements before and after our queries (None if
    either failed): the machine's speed drifts within a run (the bare route did 9,840 to
    12,214 requests a second between sizes of one run), and a query is compared with the
    floor around it rather than with one taken a minute before."""
    if not loads or any(load is None for load in loads):
        return None
    done = [load for load in loads if load is not None]
    cpus = [load.cpu_us for load in done if load.cpu_us is not None]
    return Load(
        rps=statistics.fmean(load.rps for load in done),
        p50_ms=statistics.fmean(load.p50_ms for load in done),
        p99_ms=statistics.fmean(load.p99_ms for load in done),
        requests=sum(load.requests for load in done),
        bad=sum(load.bad for load in done),
        cpu_us=statistics.fmean(cpus) if len(cpus) == len(done) else None,
    )


def _fmt(load: Load | None) -> str:
    if load is None:
        return "failed"
    bad = f", {load.bad} bad" if load.bad else ""
    cpu = f", {load.cpu_us:,.0f} µs CPU/req" if load.cpu_us is not None else ""
    return f"{load.rps:,.0f} req/s, p50 {load.p50_ms:.2f} ms, p99 {load.p99_ms:.2f} ms{cpu}{bad}"


# --------------------------------------------------------------------------- the table


def table(results: list[SizeResult]) -> str:
    """The one table: per size and query, ours, Datasette's best, ratios and floors."""
    head = (
        f"{'size':>9} {'query':5} | {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU µs':>6} | "
        f"{'DS req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU µs':>6} {'mode':5} | {'x DS':>5} {'p99/DS':>6} | "
        f"{'SQL ms':>7} {'%floor':>6}"
    )
    lines = [head, "-" * len(head)]

    def ds_cols(row: Row, load: Load | None) -> str:
        if not row.datasette_modes:  # --no-datasette
            return f"{'not run':>{8 + 23}} {'-':5}"
        return f"{cols(load, 8)} {row.datasette_mode or '-':5}"

    def cols(load: Load | None, width: int = 7) -> str:
        if load is None or not load.requests:
            return f"{'failed' if load is None else 'no answer':>{width + 23}}"
        cpu = f"{load.cpu_us:>6,.0f}" if load.cpu_us is not None else f"{'-':>6}"
        bad = "!" if load.bad else " "
        return f"{load.rps:>{width},.0f} {load.p50_ms:>7.2f} {load.p99_ms:>7.1f}{bad}{cpu}"

    for res in results:
        floor = res.floor
        if floor is not None:
            what = "bare FastAPI route, fixed bytes (before and after ours, mean)"
            lines.append(f"{res.size:>9,} {'floor':5} | {cols(floor)} | {what}")
        for row in res.rows:
            o, d = row.ours, row.datasette
            ds = ds_cols(row, d)
            ratio = f"{o.rps / d.rps:>5.1f} {o.p99_ms / d.p99_ms:>6.2f}" if o and d else f"{'-':>5} {'-':>6}"
            pct = f"{100 * o.rps / floor.rps:>5.0f}%" if o and floor else f"{'-':>6}"
            sql = f"{row.sql_ms:>7.2f}" if row.sql_ms is not None else f"{'-':>7}"
            lines.append(f"{row.size:>9,} {row.query:5} | {cols(o)} | {ds} | {ratio} | {sql} {pct}")
            if row.alone is not None:
                o, d = row.alone, row.datasette_alone
                ds = ds_cols(row, d)
                ratio = f"{o.rps / d.rps:>5.1f} {o.p99_ms / d.p99_ms:>6.2f}" if o and d else f"{'-':>5} {'-':>6}"
                lines.append(f"{row.size:>9,} {row.query + '/1':5} | {cols(o)} | {ds} | {ratio} | one connection")
        rss = f"{res.rss_mb:.0f} MB (peak {res.peak_rss_mb:.0f} MB)" if res.rss_mb is not None else "-"
        lines.append(f"{res.size:>9,} server RSS after the run: {rss}")
    lines.append("(! = some answers were not 2xx or timed out; CPU µs = server CPU time per request;")
    lines.append(" Q2/1 = the same query from one connection: a request's own latency, with no queue)")
    return "\n".join(lines)


def targets(results: list[SizeResult]) -> list[tuple[bool, str]]:
    """The issue's targets, each with whether this run met it."""
    by = {(r.size, row.query): row for r in results for row in r.rows}
    sizes = sorted(r.size for r in results)
    out: list[tuple[bool, str]] = []
    for size in [s for s in sizes if s >= 200_000]:
        for q in ("Q1", "Q3", "Q4", "Q5", "Q6"):
            row = by.get((size, q))
            if row is None or row.ours is None or row.datasette is None:
                continue
            x = row.ours.rps / row.datasette.rps
            p = row.ours.p99_ms / row.datasette.p99_ms
            out.append((x >= 3, f"{size:,} {q} throughput {x:.1f}x Datasette (>= 3x)"))
            out.append((p <= 1 / 3, f"{size:,} {q} p99 {p:.2f} of Datasette's (<= 0.33)"))
    for res in results:
        row = by.get((res.size, "Q4"))
        if row and row.ours and res.floor:
            share = row.ours.rps / res.floor.rps
            out.append((share >= 0.5, f"{res.size:,} Q4 at {share:.0%} of the bare FastAPI floor (>= 50%)"))
    if sizes and sizes[0] < sizes[-1]:
        small, big = sizes[0], sizes[-1]
        for q in ("Q1", "Q3", "Q4", "Q5"):
            a, b = by.get((small, q)), by.get((big, q))
            if a and b and a.ours and b.ours:
                growth = b.ours.p50_ms / a.ours.p50_ms
                out.append((growth <= 1.5, f"{q} p50 at {big:,} is {growth:.2f}x its {small:,} p50 (<= 1.5x)"))
    big_q2 = by.get((sizes[-1], "Q2")) if sizes else None
    if big_q2 and big_q2.ours:
        loaded = big_q2.ours.p50_ms
        out.append((loaded <= 50, f"{sizes[-1]:,} Q2 p50 {loaded:.1f} ms under the load (<= 50 ms)"))
    if big_q2 and big_q2.alone:
        alone = big_q2.alone.p50_ms
        out.append((alone <= 50, f"{sizes[-1]:,} Q2 p50 {alone:.1f} ms from one connection (<= 50 ms)"))
    last = results[-1] if results else None
    if last and last.peak_rss_mb is not None:
        out.append((last.peak_rss_mb <= 200, f"{last.size:,} server peak RSS {last.peak_rss_mb:.0f} MB (<= 200 MB)"))
    return out


def check_tools(with_datasette: bool) -> None:
    """Fail early, with the fix, when a tool is missing."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    if shutil.which("taskset") is None:
        raise SystemExit("taskset is missing: apt-get install -y util-linux")
    if with_datasette and shutil.which(_bin("datasette")) is None:
        raise SystemExit("datasette is missing: pip install -e '.[bench]'")
    if len(os.sched_getaffinity(0)) < 2:
        raise SystemExit("the benchmark needs two cores: one for the server, one for the load")


def main(
    work: Path,
    sizes: list[int],
    base: int,
    *,
    seconds: int = 10,
    warmup: int = 3,
    connections: int = 32,
    only: set[str] | None = None,
    with_datasette: bool = True,
    rebuild: bool = False,
    echo: Echo = print,
) -> list[SizeResult]:
    """Build, measure every size, print the table and the targets; save JSON beside the databases."""
    check_tools(with_datasette)
    dbs = ensure_databases(work, sizes, base, echo, rebuild)
    started = time.monotonic()
    os.sync()  # gigabytes just written are flushed now, not under the load measured next
    echo(f"written data flushed to disk in {time.monotonic() - started:.1f} s")
    results: list[SizeResult] = []
    for size in sizes:  # saved after each size: a failure later keeps what was measured
        options = {"seconds": seconds, "warmup": warmup, "connections": connections, "only": only or set()}
        results.append(run_size(size, dbs[size], work, **options, with_datasette=with_datasette, echo=echo))
        (work / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=2))
    echo("")
    echo(table(results))
    echo("")
    for ok, text in targets(results):
        echo(f"{'PASS' if ok else 'FAIL'}  {text}")
    return results
