"""Print how the ingest reads a manifest's documents: a debugging aid for new sources.

Usage: python scripts/show_segments.py [MANIFEST]

It runs the real ingest into a throwaway database and prints each document's statements
in order, with their speaker, date, meeting and number of figures.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

from app.ingest.pipeline import run_ingest


def main() -> None:
    manifest = Path(sys.argv[1] if len(sys.argv) > 1 else "data/sources.yaml")
    with tempfile.TemporaryDirectory(prefix="segments-") as scratch:
        db = Path(scratch) / "segments.db"
        summary = run_ingest(manifest, f"sqlite:///{db}", workers=0)
        conn = sqlite3.connect(db)
        rows = conn.execute(
            "SELECT d.file, src.sequence, s.kind, s.date, p.name, s.meeting_id, s.figure_count, s.text "
            "FROM statement_sources src JOIN documents d ON d.id = src.document_id "
            "JOIN statements s ON s.id = src.statement_id JOIN speakers p ON p.id = s.speaker_id "
            "ORDER BY d.rowid, src.sequence"
        ).fetchall()
        meetings = conn.execute("SELECT id, curated FROM meetings ORDER BY id").fetchall()
        conn.close()
    current = None
    for file, seq, kind, when, speaker, meeting, figures, text in rows:
        if file != current:
            print(f"=== {file}")
            current = file
        text = text.replace("\n", " ")
        print(f"  #{seq:<4} {kind:15} {when} {speaker!r:35.35} meeting={meeting} figs={figures}")
        print(f"        {text[:90]!r} … {text[-40:]!r}")
    print("meetings:", [(m, bool(c)) for m, c in meetings])
    for w in summary.warnings:
        print("warning:", w)


if __name__ == "__main__":
    main()
