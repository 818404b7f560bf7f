"""Whether a file may have been replaced, known without a system call per request.

:class:`~app.api.middleware.DataVersion` must notice at once when a new build is renamed
over the served file, and it did so by calling ``stat`` on every request: 4–5 µs of the
50 µs a statement's detail costs in-process, more under load, where the path walk finds
the kernel's caches cold. Linux's inotify reports changes to the file's directory
instead; the event loop reads them as they come, and until one comes the identity last
looked at still holds.

Why no change goes unseen: the kernel queues a rename's event before ``rename`` returns,
and an event loop runs the callbacks of every ready file descriptor before the tasks they
start, so a request that arrives after a rename is answered after the loop has read its
event. :meth:`FileWatch.quiet` therefore answers True only on an event loop that reads
the events. Anywhere else (another thread, no inotify, the instance limit reached) it
answers False and the caller looks at the file as before. A network filesystem may not
report other hosts' changes: after ``max_quiet`` seconds the file is looked at anyway.
"""

from __future__ import annotations

import asyncio
import os
import time
import weakref
from collections.abc import Callable
from pathlib import Path

try:
    from inotify_simple import INotify
    from inotify_simple import flags as _flags
except ImportError:  # not Linux: the file is looked at on every request
    INotify = None  # type: ignore[assignment,misc]

# Every way a directory entry can start naming another file, or a file change under it;
# not MODIFY, which a build written beside the served file would raise thousands of times.
_CHANGES = (
    (
        _flags.ATTRIB
        | _flags.CLOSE_WRITE
        | _flags.MOVED_FROM
        | _flags.MOVED_TO
        | _flags.CREATE
        | _flags.DELETE
        | _flags.DELETE_SELF
        | _flags.MOVE_SELF
    )
    if INotify is not None
    else 0
)


class _Events:
    """The process's one inotify instance (instances are limited per user, watches are
    not), read by every event loop that asked; ``generation`` counts the reads."""

    def __init__(self) -> None:
        self.inotify = INotify(nonblocking=True)
        self.generation = 0
        self.loops: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()
        self.watched: set[Path] = set()

    def watch(self, directory: Path) -> None:
        if directory not in self.watched:
            self.inotify.add_watch(directory, _CHANGES)
            self.watched.add(directory)

    def read_on(self, loop: asyncio.AbstractEventLoop) -> None:
        if loop not in self.loops:
            loop.add_reader(self.inotify.fileno(), self._read)
            self.loops.add(loop)

    def _read(self) -> None:
        # What changed does not matter: any event sends every watcher back to its file, and
        # its directories are watched again (the kernel drops the watch of a directory
        # deleted or unmounted; adding a watch that exists changes nothing).
        try:
            while os.read(self.inotify.fileno(), 65536):
                pass
        except BlockingIOError:
            pass
        self.watched.clear()
        self.generation += 1


_events: list[_Events | None] = []  # [] until first asked; [None] where inotify is unavailable


def _shared() -> _Events | None:
    if not _events:
        try:
            _events.append(_Events() if INotify is not None else None)
        except OSError:  # e.g. the per-user limit of inotify instances
            _events.append(None)
    return _events[0]


def _forget_in_child() -> None:
    # A forked child shares the parent's inotify descriptor: events one process reads, the
    # other would never see. The child starts its own when it first asks.
    _events.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


class FileWatch:
    """Whether ``path``'s directory entry (or the file it resolves to) may have changed
    since :meth:`arm` was called on this event loop."""

    def __init__(self, path: Path, max_quiet: float = 1.0) -> None:
        self.directories = {path.absolute().parent, path.resolve().parent}
        self.max_quiet = max_quiet
        self._generation: int | None = None
        self._until = 0.0
        self._loop: Callable[[], asyncio.AbstractEventLoop | None] = lambda: None  # armed on

    def quiet(self) -> bool:
        """True when nothing can have changed the file since :meth:`arm`; False when it
        may have, and wherever this cannot be known."""
        events = _events[0] if _events else None
        if events is None or self._generation != events.generation or time.monotonic() > self._until:
            return False
        try:
            return asyncio.get_running_loop() is self._loop()
        except RuntimeError:  # not on an event loop
            return False

    def arm(self) -> None:
        """Count changes from now: call it before looking at the file. Off an event loop
        (or without inotify) it does nothing, and :meth:`quiet` stays False there."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        events = _shared()
        if events is None:
            return
        try:
            for directory in self.directories:
                events.watch(directory)
            events.read_on(loop)
        except (OSError, NotImplementedError):  # a vanished directory; a loop without add_reader
            return
        self._generation = events.generation
        self._until = time.monotonic() + self.max_quiet
        self._loop = weakref.ref(loop)
