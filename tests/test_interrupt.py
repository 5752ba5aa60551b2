"""generator/interrupt.py: Ctrl+C remembered where Python swallows the KeyboardInterrupt it raises. Real
signals, raised in this process; the finalizer that swallows it is a real one run by the garbage collector."""

from __future__ import annotations

import signal
import sys
import threading
import time
from typing import Any

import pytest

from generator.interrupt import Interrupt


class _Finalized:
    """Ctrl+C arrives while Python runs this object's finalizer, as it may during WeasyPrint's
    FontConfiguration.__del__ (which removes a folder after each PDF)."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # bytecode runs: the handler is called here
            pass


def test_ctrl_c_swallowed_by_a_finalizer_is_still_there_to_check(monkeypatch: pytest.MonkeyPatch) -> None:
    swallowed: list[type[BaseException] | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda report: swallowed.append(report.exc_type))
    with Interrupt() as interrupt:
        interrupt.check()  # nothing yet
        _Finalized()  # made and dropped: its finalizer runs at once
        assert swallowed == [KeyboardInterrupt]  # Python reported it as "ignored" and went on
        with pytest.raises(KeyboardInterrupt):
            interrupt.check()


def test_ctrl_c_raises_at_once_and_the_handler_before_is_put_back() -> None:
    before = signal.getsignal(signal.SIGINT)
    with Interrupt() as interrupt:
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
            time.sleep(5)
        assert interrupt.received
    assert signal.getsignal(signal.SIGINT) is before


def test_outside_the_main_thread_it_installs_nothing_and_checks_nothing_pressed() -> None:
    before = signal.getsignal(signal.SIGINT)
    seen: list[Any] = []

    def elsewhere() -> None:
        with Interrupt() as interrupt:
            seen.append(signal.getsignal(signal.SIGINT))
            interrupt.check()
            seen.append(interrupt.received)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert seen == [before, False]
    assert signal.getsignal(signal.SIGINT) is before
