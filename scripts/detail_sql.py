"""The SQL of a statement's detail (Q4), in-process: warm, and with the CPU caches cold.

Served, a detail's queries run between other work (the HTTP parsing, the middleware, the
previous answer's bytes), which evicts the CPU caches; a tight loop over the same few
statements keeps them warm and flatters the SQL. So each form is timed both ways: in a
loop, and with an 8 MB buffer written between two details. The forms:

* ``one``: what ``app.queries.statements.get`` runs, the row with its stored item and its
  figures' ids in one query;
* ``two``: the row with its item, then its figures' ids in a second query (the form before
  session 7).

Run it on a bench database (``coalition bench`` keeps them in its ``--work`` folder); it
uses the same 500 statements as the benchmark's Q4::

    .venv/bin/python scripts/detail_sql.py /path/to/bench_1000000.db
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.bench import queries  # noqa: E402
from app.queries import raw  # noqa: E402
from app.queries.statements import _FIGURE_IDS  # noqa: E402

ROW = (
    "SELECT s.text, s.attribution, CAST(i.item AS BLOB) FROM statements s "
    "JOIN statement_items i ON i.rowid = s.rowid WHERE s.id = ?"
)
IDS = "SELECT f.id FROM figures f WHERE f.statement_id = ? ORDER BY f.start, f.id"
ONE = (
    f"SELECT s.text, s.attribution, {_FIGURE_IDS[raw.SQLITE]}, CAST(i.item AS BLOB) FROM statements s "
    "JOIN statement_items i ON i.rowid = s.rowid WHERE s.id = ?"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path, help="a database built by this code (a bench file)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ids = [url.rsplit("/", 1)[1] for q in queries.build(args.db) if q.name == "Q4" for url in q.ours]
    conn = sqlite3.connect(f"{args.db.resolve().as_uri()}?immutable=1", uri=True)
    conn.execute("PRAGMA cache_size = -65536")  # the server's page cache

    def two(statement_id: str) -> None:
        conn.execute(ROW, (statement_id,)).fetchall()
        conn.execute(IDS, (statement_id,)).fetchall()

    def one(statement_id: str) -> None:
        conn.execute(ONE, (statement_id,)).fetchall()

    forms: dict[str, Callable[[str], None]] = {"two": two, "one": one}
    junk = bytearray(8 * 1024 * 1024)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in forms}
    for _ in range(args.rounds):
        for name, form in forms.items():
            for statement_id in ids:  # every page in SQLite's cache
                form(statement_id)
            n = 3000
            started = time.process_time()
            for k in range(n):
                form(ids[k % len(ids)])
            warm = (time.process_time() - started) / n * 1e6
            cold = 0.0
            for k in range(800):
                junk[::64] = b"\x01" * (len(junk) // 64)  # evict the CPU caches
                started = time.perf_counter()
                form(ids[k % len(ids)])
                cold += time.perf_counter() - started
            results[name].append((warm, cold / 800 * 1e6))
    print(f"{len(ids)} statements of Q4 in {args.db.name}, median of {args.rounds} rounds (µs a detail)")
    for name, runs in results.items():
        warm = statistics.median(w for w, _ in runs)
        cold = statistics.median(c for _, c in runs)
        print(f"  {name}: warm {warm:5.1f}, CPU caches cold {cold:5.1f}")


if __name__ == "__main__":
    main()
