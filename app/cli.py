"""The ``coalition`` command: build the database from the manifest, and serve it.

``serve`` builds the bundled corpus first when the database is missing, so a fresh
clone needs one command to be useful.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from app.config import get_settings
from app.db import sqlite_path

cli = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Statements of the Global Coalition to Defeat ISIS: ingest and serve.",
)
err = Console(stderr=True, soft_wrap=True)
stdout = Console(soft_wrap=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL (default: $COALITION_DATABASE_URL).")]
ManifestOption = Annotated[
    Path | None, typer.Option("--manifest", help="Source manifest (default: data/sources.yaml).")
]


def _ingest(manifest: Path, url: str, quiet: bool = False, workers: int | None = None) -> int:
    from app.ingest.pipeline import run_ingest
    from app.ingest.sources import IngestError

    def progress(line: str) -> None:
        if not quiet:
            err.print(f"  [green]✓[/] {escape(line)}")

    if not quiet:
        err.print(f"Ingesting [bold]{escape(str(manifest))}[/] into {escape(url)}")
    try:
        summary = run_ingest(manifest, url, progress, workers)
    except IngestError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        err.print("The existing database was left untouched.")
        return 1
    stdout.print(
        f"documents: {summary.documents}  statements: {summary.statements}  speakers: {summary.speakers}  "
        f"meetings: {summary.meetings}  figures: {summary.figures}  warnings: {len(summary.warnings)}  "
        f"data version: {summary.data_version}"
    )
    for warning in summary.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    return 0


@cli.command()
def ingest(
    manifest: ManifestOption = None,
    db: DbOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=0, help="Worker processes (default: one per core; 0: none).")
    ] = None,
) -> None:
    """Build the database from the documents listed in the manifest (atomically)."""
    settings = get_settings()
    code = _ingest(manifest or Path(settings.manifest), db or settings.database_url, workers=workers)
    raise typer.Exit(code)


def _missing(url: str) -> bool:
    """Whether the database has never been built: no SQLite file, or no tables on a server."""
    path = sqlite_path(url)
    if path is not None:
        return not path.exists()
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        return not inspect(engine).has_table("meta")
    finally:
        engine.dispose()


def _warn_if_outdated(url: str) -> None:
    """Say so when the SQLite file was built by an older version: newer code reads tables
    and indexes it lacks (some endpoints would answer 503). It is not rebuilt here: it may
    hold documents of another manifest than this one."""
    from app.ingest.load import schema_is_current

    path = sqlite_path(url)
    if path is not None and path.exists() and not schema_is_current(path):
        err.print(
            f"[yellow]warning:[/] {escape(str(path))} was built by an older version of this code; "
            "endpoints that read what it lacks answer 503 until `coalition ingest` builds it again"
        )


@cli.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    build: Annotated[bool, typer.Option(help="Build the bundled corpus first if the database is missing.")] = True,
) -> None:
    """Serve the API (building the database from the manifest first if it is missing)."""
    import uvicorn

    settings = get_settings()
    url = db or settings.database_url
    if build and _missing(url):
        code = _ingest(Path(settings.manifest), url)
        if code:
            raise typer.Exit(code)
    _warn_if_outdated(url)
    os.environ["COALITION_DATABASE_URL"] = url
    get_settings.cache_clear()
    # The app writes its own access log (app.api.access_log): uvicorn's costs 40-65 µs a request.
    uvicorn.run("app.main:app", host=host, port=port, workers=workers, log_level="info", access_log=False)


@cli.command()
def synth(
    statements: Annotated[int, typer.Option("--statements", min=1, help="How many statements to write.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write sources/ and sources.yaml into.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed writes the same bytes.")] = 1,
    force: Annotated[bool, typer.Option(help="Replace a corpus already in --out.")] = False,
) -> None:
    """Write a deterministic synthetic corpus in the real documents' formats (for benchmarks)."""
    from app.synth import write_corpus

    try:
        report = write_corpus(statements, seed, out, force=force)
    except FileExistsError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    stdout.print(
        f"documents: {report.documents}  statements: {report.statements}  speakers: {report.speakers}  "
        f"meetings: {report.meetings}  figures: {report.figures}  manifest: {out / 'sources.yaml'}"
    )


@cli.command()
def bench(
    work: Annotated[Path, typer.Option("--work", help="Folder for the corpora, databases, logs and results.")] = Path(
        "bench"
    ),
    sizes: Annotated[str, typer.Option("--sizes", help="Statement counts, comma-separated.")] = "20000,200000,1000000",
    base: Annotated[int, typer.Option("--base", help="Size the real ingest builds; others copy it.")] = 20000,
    seconds: Annotated[int, typer.Option("--seconds", help="Measured load per query.")] = 10,
    warmup: Annotated[int, typer.Option("--warmup", help="Warm-up load per query (not measured).")] = 3,
    connections: Annotated[int, typer.Option("--connections", help="Concurrent connections.")] = 32,
    queries: Annotated[str, typer.Option("--queries", help="Only these queries, e.g. Q1,Q4.")] = "",
    datasette: Annotated[bool, typer.Option(help="Measure Datasette beside the API.")] = True,
    rebuild: Annotated[bool, typer.Option(help="Rebuild the corpora and databases.")] = False,
) -> None:
    """Benchmark the API against Datasette at 20k, 200k and 1M statements (needs wrk, taskset, '.[bench]')."""
    from app.bench.run import main as run_bench

    run_bench(
        work,
        [int(s) for s in sizes.split(",") if s],
        base,
        seconds=seconds,
        warmup=warmup,
        connections=connections,
        only={q.strip().upper() for q in queries.split(",") if q.strip()},
        with_datasette=datasette,
        rebuild=rebuild,
        echo=stdout.print,
    )


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli())


if __name__ == "__main__":
    main()
