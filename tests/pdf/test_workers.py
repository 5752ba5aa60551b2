"""generator/pdf/workers.py: PDF worker processes spoken to over pipes. Real processes (fork), real signals; the
calls are small functions of this module (a worker runs whatever module-level function it is handed)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import Future

import pytest

from generator.pdf import workers
from generator.pdf.workers import WorkerError, Workers


def add(a: int, b: int) -> int:
    return a + b


def pid() -> int:
    return os.getpid()


def niceness() -> int:
    return os.nice(0)


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def fail(words: str) -> None:
    raise ValueError(words)


def loaded_and_parent() -> tuple[bool, int, int]:
    return "weasyprint" in sys.modules, os.getppid(), os.getpid()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def children_of(parent: int) -> list[int]:
    """The processes whose parent is `parent` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry))
    return found


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_calls_come_back_from_as_many_processes_as_asked_for() -> None:
    with Workers(2) as pool:
        first, second = pool.submit(pid), pool.submit(pid)
        done: set[Future[int]] = set()
        while len(done) < 2:
            done |= pool.wait({first, second} - done)
        assert first.result() != second.result() and os.getpid() not in (first.result(), second.result())
        # A worker is handed the next call once it answered the last.
        later = pool.submit(add, 2, 3)
        assert pool.wait([later]) == {later} and later.result() == 5


def test_wait_returns_what_finished_first_and_keeps_the_rest_running() -> None:
    with Workers(2) as pool:
        slow, quick = pool.submit(nap, 1.5), pool.submit(nap, 0.05)
        assert pool.wait([slow, quick]) == {quick}
        assert not slow.done()
        assert pool.wait([slow]) == {slow} and slow.result() == 1.5


def test_an_error_comes_back_as_its_words_and_the_worker_goes_on() -> None:
    with Workers(1) as pool:
        failed = pool.submit(fail, "页眉模板有误")
        pool.wait([failed])
        with pytest.raises(WorkerError, match=r"^页眉模板有误$"):
            failed.result()
        again = pool.submit(add, 1, 1)
        pool.wait([again])
        assert again.result() == 2


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    with Workers(1) as pool:
        dead = pool.submit(die)
        assert pool.wait([dead]) == {dead}
        with pytest.raises(WorkerError, match=r"^worker \d+ ended unexpectedly$"):
            dead.result()


def test_a_warm_worker_lowers_its_priority() -> None:
    own = os.nice(0)
    with Workers(1, warm=True) as pool:
        found = pool.submit(niceness)
        pool.wait([found])
        assert found.result() == min(own + workers.WARM_NICE, 19)


def test_leaving_stops_busy_and_unused_workers_at_once() -> None:
    # One worker busy with a long call, one still warming up and never used: neither is waited for.
    start = time.perf_counter()
    with Workers(2, warm=True) as pool:
        pool.submit(nap, 60)
    assert time.perf_counter() - start < 5
    assert multiprocessing.active_children() == []


def test_leaving_lets_a_used_idle_worker_finish_on_its_own() -> None:
    with Workers(1) as pool:
        call = pool.submit(add, 1, 2)
        pool.wait([call])
        process = pool._processes[0]
    assert process.exitcode == 0  # told to stop, it returned: not terminated (that would be -SIGTERM)


def test_warm_workers_are_forked_from_one_process_that_loaded_weasyprint() -> None:
    # Both have WeasyPrint before their first call, and the same parent, which is not this process: the one
    # that loaded it once (the zygote).
    with Workers(2, warm=True) as pool:
        calls = [pool.submit(loaded_and_parent), pool.submit(loaded_and_parent)]
        while not all(call.done() for call in calls):
            pool.wait([call for call in calls if not call.done()])
        (first, first_parent, first_pid), (second, second_parent, second_pid) = (call.result() for call in calls)
        assert first and second
        assert first_parent == second_parent != os.getpid() and first_pid != second_pid
        assert first_parent == pool._processes[0].pid
        # Used and idle: told to stop, they return, and so does the process they were forked from.
    assert pool._processes[0].exitcode == 0
    assert not alive(first_pid) and not alive(second_pid)


def test_leaving_stops_warm_workers_busy_or_not_and_what_they_were_forked_from() -> None:
    with Workers(2, warm=True) as pool:
        call = pool.submit(loaded_and_parent)
        pool.wait([call])
        idle_pid = call.result()[2]
        pool.submit(nap, 60)
        deadline = time.monotonic() + 10  # the zygote forks the second a moment after the first (at low priority)
        while len(children := children_of(pool._processes[0].pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert idle_pid in children and len(children) == 2
        start = time.perf_counter()
    # Not waited for: the busy one was stopped, the idle one with it, and both reaped by their parent.
    assert time.perf_counter() - start < 5
    assert multiprocessing.active_children() == []
    assert not any(alive(pid) for pid in children)


def test_a_call_that_cannot_be_sent_leaves_a_worker_to_stop_not_to_wait_for() -> None:
    # The worker it was meant for counts as busy: leaving stops them all at once, none is left behind.
    start = time.perf_counter()
    with Workers(2, warm=True) as pool:
        calls = [pool.submit(add, 1, 1), pool.submit(add, 2, 2)]  # both used, both idle again
        while not all(call.done() for call in calls):
            pool.wait([call for call in calls if not call.done()])
        with pytest.raises(AttributeError, match="pickle") as raised:
            pool.submit(add, lambda: 1, 2)
        # Kept: its traceback holds the worker's end of the pipe open, as a caller that reports the error would.
        assert raised.traceback
        children = children_of(pool._processes[0].pid)
    assert time.perf_counter() - start < 5
    assert multiprocessing.active_children() == []
    assert children and not any(alive(pid) for pid in children)
