"""The per-query time limit: a statement running past its deadline is stopped (a 503).

Each read connection has a deadline, ``record.info["deadline"]`` (a one-item list, so a
reader may lower it for a budget), set before every statement and cleared when the
connection goes back to the pool. Two things enforce it:

* a **watchdog** thread that wakes every ``TICK`` seconds and calls
  ``sqlite3.Connection.interrupt()`` on any connection past its deadline. SQLite checks
  for the interrupt between steps of the statement, and the querying thread does nothing
  for it, so the limit holds for every statement, including those whose time goes into a
  few long steps: FTS5's ``bm25`` and ``snippet`` over a prefix query run inside one
  step per row, and such a search ran for 1.7 s under a 50 ms limit when only the
  progress handler watched it;
* SQLite's **progress handler**, every ``PROGRESS_STEPS`` VM instructions (about 5 ms of
  SQLite work), which stops a statement of many short steps without waiting for the
  watchdog's next tick. It is a Python callback, so the querying thread takes the GIL
  for each check: at 1,000 instructions (every ~20 µs) a busy server's threads queued for
  the GIL so often that 20 ms queries reached a 2 s limit and were answered 503.

Either way the statement fails with ``OperationalError: interrupted``, which the error
handler renders as a 503 problem; the connection stays usable.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from typing import Any

from sqlalchemy import Engine, event

PROGRESS_STEPS = 250_000
TICK = 0.01  # seconds between two rounds of the watchdog
_NEVER = float("inf")

_Entry = tuple[sqlite3.Connection, list[float], threading.Lock]


class _Connections:
    """One engine's open connections, each with its deadline and the lock that guards it."""

    def __init__(self) -> None:
        self.entries: dict[int, _Entry] = {}


class _Watchdog:
    """The one thread that interrupts overdue statements, for every engine with a limit."""

    def __init__(self) -> None:
        self._engines: weakref.WeakSet[_Connections] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def watch(self, connections: _Connections) -> None:
        """Start watching an engine's connections (for as long as the engine lives)."""
        with self._lock:
            self._engines.add(connections)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="query-time-limit", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(TICK)
            now = time.monotonic()
            for connections in list(self._engines):
                for key, (conn, deadline, lock) in list(connections.entries.items()):
                    if deadline[0] <= now:
                        self._interrupt(connections, key, conn, deadline, lock, now)

    @staticmethod
    def _interrupt(
        connections: _Connections, key: int, conn: sqlite3.Connection, deadline: list[float], lock: Any, now: float
    ) -> None:
        # Under the lock a new statement cannot be armed (and started) between the check
        # and the interrupt. Interrupting a connection with no statement running does nothing.
        with lock:
            if deadline[0] > now:
                return
            deadline[0] = _NEVER
            try:
                conn.interrupt()
            except sqlite3.ProgrammingError:  # closed meanwhile
                connections.entries.pop(key, None)


_WATCHDOG = _Watchdog()


def _server_statement_timeout(engine: Engine, timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _set(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"SET statement_timeout = {int(timeout_ms)}")
        dbapi_conn.commit()  # before SQLAlchemy turns autocommit on, which needs no transaction open


def install_query_time_limit(engine: Engine, timeout_ms: int) -> None:
    """Stop any single statement of ``engine`` running longer than ``timeout_ms``."""
    if engine.dialect.name == "postgresql":  # the server enforces it, and says so with QueryCanceled
        _server_statement_timeout(engine, timeout_ms)
        return
    limit = timeout_ms / 1000
    connections = _Connections()  # lives as long as these listeners, that is, the engine

    @event.listens_for(engine, "connect")
    def _register(dbapi_conn: Any, record: Any) -> None:
        if not isinstance(dbapi_conn, sqlite3.Connection):
            return
        deadline = [_NEVER]
        lock = threading.Lock()
        record.info["deadline"] = deadline
        record.info["deadline_lock"] = lock
        connections.entries[id(dbapi_conn)] = (dbapi_conn, deadline, lock)
        dbapi_conn.set_progress_handler(lambda: time.monotonic() > deadline[0], PROGRESS_STEPS)

    @event.listens_for(engine, "close")
    def _forget(dbapi_conn: Any, _record: Any) -> None:
        connections.entries.pop(id(dbapi_conn), None)

    @event.listens_for(engine, "close_detached")
    def _forget_detached(dbapi_conn: Any) -> None:
        connections.entries.pop(id(dbapi_conn), None)

    @event.listens_for(engine, "before_cursor_execute")
    def _arm(conn: Any, *_args: Any) -> None:
        info = conn.info
        deadline = info.get("deadline")
        if deadline is not None:
            with info["deadline_lock"]:
                deadline[0] = time.monotonic() + limit

    @event.listens_for(engine, "checkin")
    def _disarm(_dbapi_conn: Any, record: Any) -> None:
        deadline = record.info.get("deadline") if record is not None else None
        if deadline is not None:
            deadline[0] = _NEVER

    _WATCHDOG.watch(connections)
