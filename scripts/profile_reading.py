"""Profile the ingest's document reading stage, in one process, without a database.

The "documents read" step of the ingest has two parts that compete for the same cores:
``prepare`` (run in the worker processes: read, clean, segment, quotes...) and what the
main process does with each prepared document (attribute its statements, create the
meetings they describe). This script times each part on its own with ``process_time``
(CPU, not wall time), so a change to either can be measured without the noise of the
worker pool, and optionally writes a cProfile of either part.

    .venv/bin/python scripts/profile_reading.py --manifest /tmp/c20k/sources.yaml
    .venv/bin/python scripts/profile_reading.py --manifest M --profile prepare --out /tmp/p.prof
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from app.ingest.attribute import SpeakerResolver
from app.ingest.link import MeetingIndex
from app.ingest.pipeline import Ingest, _registry_dir
from app.ingest.prepare import Prepared, prepare
from app.ingest.sources import SourceEntry, read_manifest, read_speakers


def prepare_all(manifest: Path, entries: list[SourceEntry], names: SpeakerResolver) -> list[Prepared]:
    """Every document prepared as a worker would (one resolver, read-only state)."""
    return [prepare(entry, manifest, names) for entry in entries]


def attribute_all(ingest: Ingest, prepared: list[Prepared]) -> int:
    """What the main process does per document in ``Ingest._parse`` besides staging:
    attribution and the meetings statements describe. Returns the number of drafts."""
    meetings: MeetingIndex = ingest.meetings
    count = 0
    for found in prepared:
        drafts = ingest._attribute(found)
        for d in drafts:
            if d.kind in ("remarks", "joint_statement"):
                meetings.from_statement(f"{d.title or ''} {d.context}", d.text, d.date, found.place)
        count += len(drafts)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--profile", choices=("prepare", "attribute"), help="write a cProfile of this part")
    parser.add_argument("--out", type=Path, default=Path("/tmp/reading.prof"))
    parser.add_argument("--top", type=int, default=0, help="print the top N functions by total time")
    args = parser.parse_args()
    manifest = args.manifest.resolve()

    # What a worker is given when it starts (read once, not per document).
    entries = read_manifest(manifest)
    names = SpeakerResolver(read_speakers(_registry_dir(manifest) / "speakers.yaml"))
    profiler = cProfile.Profile()
    t0 = time.process_time()
    if args.profile == "prepare":
        profiler.enable()
    prepared = prepare_all(manifest, entries, names)
    if args.profile == "prepare":
        profiler.disable()
    ingest = Ingest(manifest, None, 0)  # reads the manifest and registries: not per document
    t1 = time.process_time()
    if args.profile == "attribute":
        profiler.enable()
    drafts = attribute_all(ingest, prepared)
    if args.profile == "attribute":
        profiler.disable()
    t2 = time.process_time()
    print(f"documents: {len(prepared)}  drafts: {drafts}")
    print(f"prepare:   {t1 - t0:.2f} s CPU ({1000 * (t1 - t0) / len(prepared):.2f} ms a document)")
    print(f"attribute: {t2 - t1:.2f} s CPU ({1000 * (t2 - t1) / len(prepared):.2f} ms a document)")
    if args.profile:
        profiler.dump_stats(args.out)
        if args.top:
            pstats.Stats(str(args.out)).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
