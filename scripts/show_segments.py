"""Print how the ingest reads a manifest's documents: a debugging aid for new sources.

Usage: python scripts/show_segments.py [MANIFEST]
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.ingest.pipeline import build_rows


def main() -> None:
    manifest = Path(sys.argv[1] if len(sys.argv) > 1 else "data/sources.yaml")
    rows, summary = build_rows(manifest)
    docs = {d["id"]: d["file"] for d in rows.documents}
    speakers = {s["id"]: s["name"] for s in rows.speakers}
    by_doc: dict[str, list[tuple[int, dict]]] = {}
    statements = {s["id"]: s for s in rows.statements}
    for src in rows.sources:
        by_doc.setdefault(src["document_id"], []).append((src["sequence"], statements[src["statement_id"]]))
    for doc_id, items in by_doc.items():
        print(f"=== {docs[doc_id]}")
        for seq, st in sorted(items, key=lambda x: x[0]):
            text = st["text"].replace("\n", " ")
            print(
                f"  #{seq:<4} {st['kind']:15} {st['date']} {speakers[st['speaker_id']]!r:35.35} "
                f"meeting={st['meeting_id']} figs={st['figure_count']}"
            )
            print(f"        {text[:90]!r} … {text[-40:]!r}")
    print("meetings:", [(m["id"], m["curated"]) for m in rows.meetings])
    for w in summary.warnings:
        print("warning:", w)


if __name__ == "__main__":
    main()
