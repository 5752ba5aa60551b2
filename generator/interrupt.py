"""Ctrl+C that a build cannot lose.

Python answers SIGINT by raising KeyboardInterrupt wherever the main thread happens to be. When that is a
finalizer run by the garbage collector (WeasyPrint's FontConfiguration.__del__ removes a folder after each
PDF) or a callback from C, Python prints "Exception ignored" and goes on: the build would finish and swap
in the site the user meant to stop. `Interrupt` remembers the signal as well as raising, and the write
stage asks it once more just before the swap.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any


class Interrupt:
    """While entered (in the main thread), Ctrl+C raises KeyboardInterrupt as usual and is remembered;
    `check` raises it again if it was pressed since. Elsewhere (another thread) it only checks."""

    def __init__(self) -> None:
        self.received = False
        self._previous: Any = None  # the handler to put back; None while none is installed

    def _receive(self, signum: int, frame: FrameType | None) -> None:
        self.received = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.received:
            raise KeyboardInterrupt

    def __enter__(self) -> Interrupt:
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGINT, self._receive)
            # None: the handler before was not set from Python (an embedding program); Python's own then.
            self._previous = previous if previous is not None else signal.default_int_handler
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
