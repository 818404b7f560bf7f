"""Ingest benchmark: time and peak memory of `coalition ingest` on synthetic corpora.

Usage::

    python scripts/bench_ingest.py [--sizes 20000,200000,1000000] [--work bench/ingest] [--seed 7]
                                   [--workers N] [--json FILE]

For each size it writes the synthetic corpus once (``coalition synth --statements N
--seed S``, kept in ``--work`` for the next run), then runs ``coalition ingest`` on it in
a child process, into a new database in ``--work``, and prints one line: statements,
elapsed time, CPU time (the ingest and its worker processes) and peak resident memory.
The peak is the largest of the ingest process and each of its workers (the kernel's
``ru_maxrss`` for the child, as ``/usr/bin/time -v`` reports it), measured with
``os.wait4``. A corpus of a million statements takes about 40 s to write and 1.1 GB.

The machine's other load counts: CPU time says what the ingest needed, elapsed time
what it got.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

COALITION = [sys.executable, "-c", "from app.cli import main; main()"]


def _corpus(work: Path, size: int, seed: int) -> Path:
    folder = work / f"corpus-{size}-{seed}"
    manifest = folder / "sources.yaml"
    if not manifest.exists():
        print(f"writing the corpus of {size:,} statements in {folder} ...", file=sys.stderr, flush=True)
        subprocess.run(
            [*COALITION, "synth", "--statements", str(size), "--seed", str(seed), "--out", str(folder), "--force"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return manifest


def _ingest(manifest: Path, db: Path, workers: int | None) -> dict[str, float | int | str]:
    db.unlink(missing_ok=True)
    command = [*COALITION, "ingest", "--manifest", str(manifest), "--db", f"sqlite:///{db}"]
    if workers is not None:
        command += ["--workers", str(workers)]
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ingest failed on {manifest}: {out}")
    counts = dict(part.split(": ") for part in out.strip().splitlines()[0].split("  "))
    return {
        "statements": int(counts["statements"]),
        "figures": int(counts["figures"]),
        "elapsed_s": round(elapsed, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "max_rss_mb": round(usage.ru_maxrss / 1024),
        "database_mb": round(db.stat().st_size / 1e6),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,200000,1000000", help="statement counts, comma-separated")
    parser.add_argument("--work", type=Path, default=Path("bench/ingest"), help="corpora and databases")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    print(
        f"{'size':>10} {'statements':>10} {'figures':>10} {'elapsed':>9} {'CPU':>9} {'max RSS':>9} {'database':>9}",
        flush=True,
    )
    for size in (int(s) for s in args.sizes.split(",") if s):
        manifest = _corpus(args.work, size, args.seed)
        found = _ingest(manifest, args.work / f"ingest-{size}.db", args.workers)
        results.append({"size": size, **found})
        print(
            f"{size:>10,} {found['statements']:>10,} {found['figures']:>10,} {found['elapsed_s']:>8.1f}s "
            f"{found['cpu_s']:>8.1f}s {found['max_rss_mb']:>6,} MB {found['database_mb']:>6,} MB",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
