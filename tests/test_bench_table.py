"""The benchmark's table: the floor a query is compared with, and what a skipped reference shows."""

from __future__ import annotations

from app.bench.run import Load, Row, SizeResult, mean_load, table


def _load(rps: float, cpu_us: float | None = 100.0) -> Load:
    return Load(rps=rps, p50_ms=rps / 1000, p99_ms=rps / 100, requests=int(rps), cpu_us=cpu_us)


def test_the_floor_is_the_mean_of_its_runs_around_ours() -> None:
    floor = mean_load([_load(12_000, 80), _load(10_000, 100)])
    assert floor is not None
    assert (floor.rps, floor.p50_ms, floor.p99_ms, floor.cpu_us) == (11_000, 11.0, 110.0, 90)
    assert floor.requests == 22_000
    assert mean_load([_load(12_000), None]) is None  # a failed run is no floor
    assert mean_load([_load(12_000, None), _load(10_000)]).cpu_us is None  # type: ignore[union-attr]


def test_the_share_of_the_floor_is_taken_from_the_mean() -> None:
    q4 = Row(size=20_000, query="Q4", label="one statement", ours=_load(6_600))
    floor = mean_load([_load(12_000), _load(10_000)])
    printed = table([SizeResult(size=20_000, floor=floor, rows=[q4], rss_mb=120, peak_rss_mb=120)])
    q4_line = next(line for line in printed.splitlines() if " Q4 " in line)
    assert q4_line.endswith("60%")
    assert "not run" in q4_line  # --no-datasette: no reference, not a failure
    assert "failed" not in q4_line
