"""Worker processes for the PDFs, forked when there is something to render and spoken to over pipes: no thread
in this process, so that the stages may still fork their own workers while PDFs are being rendered, and the
build can go on with its pages while the workers load WeasyPrint (about half a second each) and render.

A worker takes a call (a module-level function and its arguments) at a time and sends back its result or the
words of its error. `warm`: load WeasyPrint and shape the CJK fonts at once, at a lower priority, before the
first call: workers started before the content is read (a build with PDFs, the review sheet) are ready when
the first PDF is; otherwise the first call loads it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from multiprocessing.connection import Connection, wait
from typing import Any

WARM_NICE = 5  # the priority a warm worker lowers itself by (it renders at that priority too)
WARM_UP = ('<html lang="zh-CN"><body><p style="font-family: sans-serif">审查单 0123456789 abc '
           '<b>审核人 批准人</b></p></body></html>')


def _serve(connection: Connection, warm: bool) -> None:
    """In the worker: each (call, args) received until None, answered ("ok", result) or ("error", words)."""
    if warm:
        # Loading while this machine's other core would be idle, not taking it from the build it waits for.
        with contextlib.suppress(OSError):
            os.nice(WARM_NICE)
        from . import engine, join  # noqa: F401 - join: pypdf, which reads each part of a book and joins it

        # A first document loads and shapes the CJK fonts (a quarter of a second); a failure here is the first
        # real call's to report.
        with contextlib.suppress(Exception):
            engine.render_pdf((WARM_UP,), "0" * 32, "")
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        call, args = task
        try:
            reply: tuple[str, Any] = ("ok", call(*args))
        except Exception as error:  # whatever WeasyPrint raised: sent back as words (it may not pickle)
            reply = ("error", str(error) or type(error).__name__)
        try:
            connection.send(reply)
        except (OSError, KeyboardInterrupt):
            return


class WorkerError(Exception):
    """A call failed in a worker (its words), or the worker ended without answering."""


class Workers:
    """`count` worker processes; `submit` hands a call to an idle one, `wait` returns the calls that finished.
    Use as a context manager: the workers are told to stop, and stopped, on the way out."""

    def __init__(self, count: int, warm: bool = False) -> None:
        methods = multiprocessing.get_all_start_methods()
        context: Any = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.size = max(1, count)
        self._used: set[Connection] = set()  # handed a call at least once (past any warming up)
        self._idle: list[tuple[Any, Connection]] = []
        self._busy: dict[Connection, tuple[Any, Future[Any]]] = {}
        for _ in range(self.size):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, warm), daemon=True)
            process.start()
            theirs.close()
            self._idle.append((process, mine))

    def submit(self, call: Callable[..., Any], *args: Any) -> Future[Any]:
        process, connection = self._idle.pop()
        future: Future[Any] = Future()
        try:
            connection.send((call, args))
        except OSError as error:
            future.set_exception(WorkerError(f"worker {process.pid} ended unexpectedly ({error})"))
            self._idle.append((process, connection))
            return future
        self._busy[connection] = (process, future)
        self._used.add(connection)
        return future

    def wait(self, futures: Iterable[Future[Any]]) -> set[Future[Any]]:
        """Block until at least one of `futures` is done; all of those done."""
        wanted = set(futures)
        while not (done := {f for f in wanted if f.done()}):
            for connection in wait(list(self._busy)):
                assert isinstance(connection, Connection)
                process, future = self._busy.pop(connection)
                try:
                    kind, value = connection.recv()
                except (EOFError, OSError):
                    future.set_exception(WorkerError(f"worker {process.pid} ended unexpectedly"))
                    continue  # a worker that died is not handed anything again
                self._idle.append((process, connection))
                if kind == "ok":
                    future.set_result(value)
                else:
                    future.set_exception(WorkerError(value))
        return done

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        """A worker that was used and is idle is told to stop; one that is busy (a PDF failed, or the build was
        interrupted) or was never used (it may still be warming up: nothing was left to render) is stopped."""
        stopped = []
        for process, connection in self._idle:
            if connection in self._used:
                with contextlib.suppress(OSError, ValueError):  # the worker may be gone already
                    connection.send(None)
            else:
                stopped.append(process)
        stopped += [process for process, _ in self._busy.values()]
        for process in stopped:
            process.terminate()
        for process, connection in [*self._idle, *((p, c) for c, (p, _) in self._busy.items())]:
            connection.close()
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
        self._idle.clear()
        self._busy.clear()
