"""Worker processes for the PDFs, forked when there is something to render and spoken to over pipes: no thread
in this process, so that the stages may still fork their own workers while PDFs are being rendered, and the
build can go on with its pages while the workers load WeasyPrint (about half a second) and render.

A worker takes a call (a module-level function and its arguments) at a time and sends back its result or the
words of its error. `warm`: load WeasyPrint and shape the CJK fonts at once, at a lower priority, before the
first call, in one process that the workers are then forked from (_zygote): workers started before the content
is read (a build with PDFs, the review sheet) are ready when the first PDF is; otherwise the first call loads it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from multiprocessing.connection import Connection, wait
from typing import Any

WARM_NICE = 5  # the priority a warm worker lowers itself by (it renders at that priority too)
WARM_UP = ('<html lang="zh-CN"><body><p style="font-family: sans-serif">审查单 0123456789 abc '
           '<b>审核人 批准人</b></p></body></html>')


def _serve(connection: Connection) -> None:
    """In a worker: each (call, args) received until None, answered ("ok", result) or ("error", words)."""
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


def _warm_up() -> None:
    # Loading while this machine's other core would be idle, not taking it from the build it waits for.
    with contextlib.suppress(OSError):
        os.nice(WARM_NICE)
    from . import engine, join  # noqa: F401 - join: pypdf, which reads each part of a book and joins it

    # A first document loads and shapes the CJK fonts (a quarter of a second); a failure here is the first
    # real call's to report.
    with contextlib.suppress(Exception):
        engine.render_pdf((WARM_UP,), "0" * 32, "")


def _zygote(connections: list[Connection], theirs: list[Connection]) -> None:
    """The process that warm workers are forked from once it has loaded WeasyPrint: they share what it loaded
    instead of each loading it again (half a second each of the core the build can spare). `theirs`: the
    build's ends of the pipes, which it closes so that a worker reads the end of its pipe when the build closes
    it. It waits for the workers; told to stop (SIGTERM), it stops them and leaves."""
    # Ctrl+C reaches every process of the terminal's group: the build answers it, and stops these.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by the build while it forked this
    for connection in theirs:
        connection.close()
    _warm_up()
    children: list[int] = []

    def stop(*_: object) -> None:
        for child in children:
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGTERM)
        for child in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    for index, connection in enumerate(connections):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})  # a stop between fork and append would miss it
        child = os.fork()
        if child == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            for other in connections[index + 1:]:
                other.close()
            try:
                _serve(connection)
            finally:
                os._exit(0)
        children.append(child)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        connection.close()  # only the worker holds it now: when the worker dies, the build reads the end of it
    while children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(children[0], 0)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})  # reaped: its number may be another's now
        children.pop(0)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


class WorkerError(Exception):
    """A call failed in a worker (its words), or the worker ended without answering."""


class Workers:
    """`count` worker processes; `submit` hands a call to an idle one, `wait` returns the calls that finished.
    Use as a context manager: the workers are told to stop, and stopped, on the way out."""

    def __init__(self, count: int, warm: bool = False) -> None:
        methods = multiprocessing.get_all_start_methods()
        context: Any = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.size = max(1, count)
        self._used: set[Connection] = set()  # handed a call at least once
        self._idle: list[Connection] = []
        self._busy: dict[Connection, Future[Any]] = {}
        self._names: dict[Connection, str] = {}  # for the words of an error: the worker's number
        self._processes: list[Any] = []
        pipes = []
        for _ in range(self.size):
            mine, theirs = context.Pipe()
            if not warm:  # forked one by one: none holds another's end of its pipe
                self._start(context.Process(target=_serve, args=(theirs,), daemon=True))
                theirs.close()
            pipes.append((mine, theirs))
        if warm:
            # Ctrl+C is held back while the zygote starts, until it ignores it (the build answers it).
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                self._start(context.Process(target=_zygote, args=([t for _, t in pipes], [m for m, _ in pipes]),
                                            daemon=True))
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
            for _, theirs in pipes:
                theirs.close()
        for number, (mine, _) in enumerate(pipes, 1):
            self._idle.insert(0, mine)  # `submit` takes from the end: worker 1 first, the first one ready
            self._names[mine] = str(number)

    def _start(self, process: Any) -> None:
        process.start()
        self._processes.append(process)

    def submit(self, call: Callable[..., Any], *args: Any) -> Future[Any]:
        connection = self._idle.pop()
        future: Future[Any] = Future()
        # Busy from now: a call that cannot be sent otherwise (it does not pickle, or Ctrl+C while a large one
        # waits for a worker still warming up) leaves a worker that `__exit__` must stop, not tell to stop.
        self._busy[connection] = future
        self._used.add(connection)
        try:
            connection.send((call, args))
        except OSError as error:
            del self._busy[connection]
            future.set_exception(WorkerError(f"worker {self._names[connection]} ended unexpectedly ({error})"))
            self._idle.append(connection)
        return future

    def wait(self, futures: Iterable[Future[Any]]) -> set[Future[Any]]:
        """Block until at least one of `futures` is done; all of those done."""
        wanted = set(futures)
        while not (done := {f for f in wanted if f.done()}):
            for connection in wait(list(self._busy)):
                assert isinstance(connection, Connection)
                future = self._busy.pop(connection)
                try:
                    kind, value = connection.recv()
                except (EOFError, OSError):
                    future.set_exception(WorkerError(f"worker {self._names[connection]} ended unexpectedly"))
                    continue  # a worker that died is not handed anything again
                self._idle.append(connection)
                if kind == "ok":
                    future.set_result(value)
                else:
                    future.set_exception(WorkerError(value))
        return done

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        """Workers that were used and are idle are told to stop; when one is busy (a PDF failed, or the build was
        interrupted) or was never used (it may still be warming up: nothing was left to render), they are all
        stopped at once."""
        stop = bool(self._busy) or any(connection not in self._used for connection in self._idle)
        if not stop:
            for connection in self._idle:
                with contextlib.suppress(OSError, ValueError):  # the worker may be gone already
                    connection.send(None)
        for connection in [*self._idle, *self._busy]:
            connection.close()
        for process in self._processes:
            if stop:
                process.terminate()
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
        self._idle.clear()
        self._busy.clear()


def build_workers(pdf: bool, jobs: int | None) -> contextlib.AbstractContextManager[Workers | None]:
    """A build's PDF workers, warm (as context manager): none when it makes no PDFs, or renders them in its own
    process (one job)."""
    from ..parallel import default_jobs

    count = jobs or default_jobs()
    return Workers(count, warm=True) if pdf and count > 1 else contextlib.nullcontext()
