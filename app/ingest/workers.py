"""Worker processes for the ingest's pure stages, with results in input order.

Preparing documents and extracting figures are pure and take most of the time, so they
run on every core; the pipeline consumes the results in the order it submitted the
work, so the database is the same with one process or eight. Work is sent in chunks
(one task per item costs more in messages than small items take to process) and only a
few chunks ahead of the consumer, so neither the inputs nor the results of a million
statements pile up in memory.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 8
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
_DONE = object()


def default_workers() -> int:
    """One worker per core (at most ``MAX_WORKERS``); none on a single core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, MAX_WORKERS) if cores > 1 else 0


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def _start(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker's first act: die with the ingest. A killed ingest would otherwise leave its
    workers blocked for ever on a queue no one reads."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the ingest died before the line above
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)


class Workers:
    """A pool of ``processes`` workers, or none (``processes=0``: everything runs inline).

    ``initializer(*initargs)`` runs once in each worker (and once here when inline), for
    state the tasks share — registries — so it is not sent with every chunk.
    """

    def __init__(
        self, processes: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
    ) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        if processes > 0:
            self._pool = ProcessPoolExecutor(
                processes, initializer=_start, initargs=(os.getpid(), initializer, initargs)
            )
        elif initializer is not None:
            initializer(*initargs)

    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        chunk: int = 64,
        meanwhile: Iterator[object] | None = None,
    ) -> Iterator[R]:
        """``fn`` over ``items``, in order, a few chunks ahead of the consumer.

        ``meanwhile``: other work for this process, in small steps (an iterator); a step
        is taken whenever the next result is not ready yet, so this process works while
        the workers do. Steps left when the results are all in are left to the caller.
        """
        if self._pool is None:
            yield from map(fn, items)
            return
        ahead = 2 * self.processes + 1
        pending: deque[Future[list[R]]] = deque()
        source = iter(items)
        while True:
            while len(pending) < ahead and (batch := list(islice(source, chunk))):
                pending.append(self._pool.submit(_run_chunk, fn, batch))
            if not pending:
                return
            while meanwhile is not None and not pending[0].done():
                if next(meanwhile, _DONE) is _DONE:
                    meanwhile = None
            yield from pending.popleft().result()

    def close(self) -> None:
        """Stop the workers (pending work is cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
