"""Time and profile the ingest's figures stage on statements already in a database.

Why: the figures stage (``figure_rows``: extraction, then metric classification) is run
once per statement of an ingest, so its CPU per statement decides how long a large
ingest takes. This runs exactly what the pipeline's workers run, on real statement
texts, so that its cost can be measured and its output compared before and after a
change (``--save`` one run, ``--compare`` the next: every row must be equal).

    .venv/bin/python scripts/profile_figures.py --db /tmp/s3/ref20k.db --limit 5000
    .venv/bin/python scripts/profile_figures.py --db /tmp/s3/ref20k.db --limit 0 --save /tmp/before.pkl
    .venv/bin/python scripts/profile_figures.py --db /tmp/s3/ref20k.db --limit 0 --compare /tmp/before.pkl
    .venv/bin/python scripts/profile_figures.py --db /tmp/s3/ref20k.db --profile 30

``--metrics`` picks the registry (default: none, as for a synthetic corpus whose
directory has no ``metrics.yaml``; pass ``data/metrics.yaml`` to time classification too).
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from app.ingest.metrics import Registry, read_metrics
from app.ingest.pipeline import figure_rows


def _statements(db: Path, limit: int) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        query = "select id, text from statements order by id"
        rows = conn.execute(query + (f" limit {int(limit)}" if limit > 0 else "")).fetchall()
    return [(str(sid), str(text)) for sid, text in rows]


def _run(statements: list[tuple[str, str]], registry: Registry) -> list[tuple[list[tuple[Any, ...]], int]]:
    return [figure_rows(sid, text, registry) for sid, text in statements]


def main(argv: list[str] | None = None) -> int:
    """Time (best of ``--repeat``), optionally profile, save or compare the outputs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/s3/ref20k.db"))
    parser.add_argument("--limit", type=int, default=5000, help="statements (0: all)")
    parser.add_argument("--metrics", type=Path, default=None, help="metrics.yaml (default: no registry)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions by cumulative time")
    parser.add_argument("--save", type=Path, default=None)
    parser.add_argument("--compare", type=Path, default=None)
    args = parser.parse_args(argv)

    registry = read_metrics(args.metrics) if args.metrics else Registry()
    statements = _statements(args.db, args.limit)
    out: list[tuple[list[tuple[Any, ...]], int]] = []
    best = float("inf")
    for _ in range(max(1, args.repeat)):
        t0 = time.process_time()
        out = _run(statements, registry)
        best = min(best, time.process_time() - t0)
    figures = sum(len(rows) for rows, _ in out)
    print(
        f"{len(statements)} statements, {figures} figures: {best:.3f} s CPU, "
        f"{best / len(statements) * 1e6:.0f} µs/statement, {best / max(1, figures) * 1e6:.0f} µs/figure"
    )
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        _run(statements, registry)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)
    if args.save:
        args.save.write_bytes(pickle.dumps(out))
    if args.compare:
        ref = pickle.loads(args.compare.read_bytes())
        if len(ref) != len(out):
            print(f"DIFF: {len(ref)} vs {len(out)} statements")
            return 1
        bad = [n for n, (a, b) in enumerate(zip(ref, out, strict=True)) if a != b]
        for n in bad[:5]:
            print(f"DIFF statement {statements[n][0]}:\n  before {ref[n]}\n  after  {out[n]}")
        print(f"compare: {len(bad)} of {len(out)} statements differ")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
