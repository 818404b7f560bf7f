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
``os.wait4``. The tree's peak is the most the ingest and its workers held together,
sampled every half second: the sum of their proportional set sizes (``Pss`` in
``/proc/PID/smaps_rollup``: a page the forked workers still share with the ingest counts
once, as a container's memory limit counts it; the sum of their resident sizes would
count it in each). Linux only; elsewhere the column is empty. A corpus of a million
statements takes about 40 s to write and 1.1 GB.

The machine's other load counts: CPU time says what the ingest needed, elapsed time
what it got.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
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


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass  # the process ended between the listing and the read
    return 0


def _watch_tree(pid: int, done: threading.Event, peak: list[int]) -> None:
    """Keep in ``peak[0]`` the largest sum of the tree's proportional set sizes (kB)."""
    while not done.wait(0.5):
        peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(pid)))


def _ingest(manifest: Path, db: Path, workers: int | None) -> dict[str, float | int | str]:
    db.unlink(missing_ok=True)
    command = [*COALITION, "ingest", "--manifest", str(manifest), "--db", f"sqlite:///{db}"]
    if workers is not None:
        command += ["--workers", str(workers)]
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    done, peak = threading.Event(), [0]
    sampler = threading.Thread(target=_watch_tree, args=(child.pid, done, peak), daemon=True)
    if Path("/proc/self/smaps_rollup").exists():
        sampler.start()
    out = child.stdout.read() if child.stdout else ""
    done.set()  # the output closes as the ingest exits: sampled until then
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
        "tree_pss_mb": round(peak[0] / 1024) if peak[0] else "",
        "database_mb": round(db.stat().st_size / 1e6),
    }


def _mb(value: float | int | str) -> str:
    return f"{value:>6,} MB" if isinstance(value, int) else f"{'-':>9}"


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
        f"{'size':>10} {'statements':>10} {'figures':>10} {'elapsed':>9} {'CPU':>9} {'max RSS':>9} "
        f"{'tree PSS':>9} {'database':>9}",
        flush=True,
    )
    for size in (int(s) for s in args.sizes.split(",") if s):
        manifest = _corpus(args.work, size, args.seed)
        found = _ingest(manifest, args.work / f"ingest-{size}.db", args.workers)
        results.append({"size": size, **found})
        print(
            f"{size:>10,} {found['statements']:>10,} {found['figures']:>10,} {found['elapsed_s']:>8.1f}s "
            f"{found['cpu_s']:>8.1f}s {found['max_rss_mb']:>6,} MB {_mb(found['tree_pss_mb'])} "
            f"{found['database_mb']:>6,} MB",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
