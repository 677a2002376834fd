"""A job done in a forked copy of this process, on the other core, while this one goes on.

Used where the work is Python bound by one core: the second half of a large evaluation, and
the first week's data while the app itself is still importing Textual. ``fork`` is only safe
on Linux and only from a process with a single thread (forking a threaded process can deadlock
the copy); anywhere else the job simply runs in this process when its result is asked for.

The copy inherits everything (nothing is pickled on the way in) and sends back only its result,
pickled, through a pipe. It ends with ``os._exit``: no atexit handlers, no flushing of output
buffers it shares with this process.
"""

from __future__ import annotations

import os
import pickle
import select
import sys
import threading
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

T = TypeVar("T")


class ForkedError(Exception):
    """The job failed in the forked process (the message is its exception's)."""


def fork_is_safe() -> bool:
    """Linux, and no other thread in this process."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


class Forked(Generic[T]):
    """Start ``job`` at once in a forked process (where safe); :meth:`result` waits for it."""

    def __init__(self, job: Callable[[], T], fork: bool = True) -> None:
        self._job: Callable[[], T] | None = job
        self._pid = 0
        self._pipe = -1
        if fork and fork_is_safe():
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _run_and_exit(job, write)
            os.close(write)
            self._pid, self._pipe, self._job = pid, read, None

    @property
    def forked(self) -> bool:
        return self._job is None

    def ready(self) -> bool:
        """Whether the forked job has finished, so :meth:`result` will not wait for it
        (False when not forked: then :meth:`result` would do the whole job)."""
        if self._job is not None:
            return False
        readable, _, _ = select.select([self._pipe], [], [], 0)  # its result, or end of file
        return bool(readable)

    def result(self) -> T:
        """The job's result (run here and now if it was not forked). Call once.

        Raises :class:`ForkedError` with the job's message if it failed in the other process.
        """
        if self._job is not None:
            return self._job()
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self._pid, 0)
        if not data:
            raise ForkedError("the forked process ended without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise ForkedError(value)
        result: T = value
        return result


def _run_and_exit(job: Callable[[], object], write: int) -> NoReturn:
    status = 0
    try:
        try:
            payload = pickle.dumps((True, job()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # the other process says what went wrong
            payload, status = pickle.dumps((False, str(exc) or type(exc).__name__)), 1
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(status)
