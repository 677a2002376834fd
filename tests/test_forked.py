"""A job in a forked process: its result or its error comes back; with threads, it runs here."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from caseload_tui.forked import Forked, ForkedError, fork_is_safe

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is used on Linux only")


@linux_only
def test_the_result_comes_back_from_another_process() -> None:
    here = os.getpid()
    job = Forked(lambda: (os.getpid(), [1, 2, 3]))
    assert job.forked
    pid, value = job.result()
    assert pid != here and value == [1, 2, 3]


@linux_only
def test_an_error_in_the_other_process_is_reported_with_its_message() -> None:
    def fails() -> None:
        raise ValueError("no worker with id 'W9'")

    with pytest.raises(ForkedError, match="no worker with id 'W9'"):
        Forked(fails).result()


def test_with_other_threads_the_job_runs_here_when_asked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not fork_is_safe()
        ran: list[int] = []
        job = Forked(lambda: ran.append(os.getpid()) or "done")
        assert not job.forked and ran == []  # nothing happens until the result is wanted
        assert job.result() == "done" and ran == [os.getpid()]
    finally:
        stop.set()
        other.join()
