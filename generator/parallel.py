"""Work spread over the cores with `fork`: the children inherit what the parent has computed (nothing is
pickled on the way in), do their share and send back only their results. Where fork is missing, or there is
too little work to pay for a process, everything runs here, in order."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _child(work: Callable[[Sequence[Any]], Any], share: Sequence[Any], connection: Any) -> None:
    try:
        connection.send(("ok", work(share)))
    except BaseException as error:
        connection.send(("error", error))
    finally:
        connection.close()


def fork_shares(work: Callable[[Sequence[T]], R], items: Sequence[T], jobs: int, minimum: int) -> list[R]:
    """`work` applied to `jobs` shares of `items` (every jobs-th item, so that costs even out), one share per
    process with this one doing the first; the results in share order. Fewer than `minimum` items, one job
    or no fork: one share, here."""
    if jobs <= 1 or len(items) < max(minimum, 2) or "fork" not in multiprocessing.get_all_start_methods():
        return [work(items)]
    jobs = min(jobs, len(items))
    context = multiprocessing.get_context("fork")
    shares = [items[n::jobs] for n in range(jobs)]
    children = []
    # Objects that exist now are left out of garbage collection in the children: a collection would touch
    # every one of them and copy the parent's memory page by page.
    gc.freeze()
    try:
        for share in shares[1:]:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(work, share, send))
            process.start()
            send.close()
            children.append((process, receive))
    finally:
        gc.unfreeze()
    try:
        results = [work(shares[0])]
    finally:
        replies = []
        for process, receive in children:
            try:
                replies.append(receive.recv())
            except EOFError:  # the child died without a word (killed)
                replies.append(("error", ChildProcessError(f"worker {process.pid} ended unexpectedly")))
            process.join()
    for status, value in replies:
        if status == "error":
            raise value
        results.append(value)
    return results


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int, minimum: int) -> list[R]:
    """[function(item) for item in items], spread over `jobs` processes (see `fork_shares`), in item order."""
    shares = fork_shares(lambda share: [function(item) for item in share], items, jobs, minimum)
    if len(shares) == 1:
        return shares[0]
    jobs = len(shares)
    ordered: list[R] = [None] * len(items)  # type: ignore[list-item]
    for n, results in enumerate(shares):
        ordered[n::jobs] = results
    return ordered
