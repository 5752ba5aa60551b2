"""Message-code coverage: every code of generator.messages.MESSAGES must have its text produced by some test.

At session start, `generator.errors.Message.text` is wrapped (in this test process only) so that each call
records its message's code; nested messages (a hint inside a problem, a period's name inside a title) are
recorded too, since their text goes through the same method. Codes formatted in-process by the Typer CLI
(`typer.testing.CliRunner`) count; codes formatted in a subprocess (`gongshi …` run as a program) or in a
forked PDF worker do not.

When the run is the whole suite (no -k/-m/--lf/--deselect/--ignore, no node ids, no sub-paths: only the tests
folder, the repository, or nothing at all named on the command line) and it was not stopped early, the
session fails (exit status 1) and lists, sorted, every code whose text was never produced. The variable
GONGSHI_NO_CODE_COVERAGE=1 turns the check off.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TESTS_ROOT = Path(__file__).resolve().parent
OPT_OUT = "GONGSHI_NO_CODE_COVERAGE"

_formatted: set[str] = set()
_original_text: Callable[..., str] | None = None
_missing: list[str] = []


def _enabled() -> bool:
    return os.environ.get(OPT_OUT, "").strip() not in ("1", "true", "yes")


def pytest_sessionstart(session: pytest.Session) -> None:
    global _original_text
    _formatted.clear()
    _missing.clear()
    if not _enabled() or _original_text is not None:
        return
    from generator.errors import Message

    original = Message.text

    def text(self: Message, tr: Any) -> str:
        _formatted.add(self.code)
        return original(self, tr)

    _original_text = original
    Message.text = text  # type: ignore[method-assign]


def pytest_unconfigure(config: pytest.Config) -> None:
    global _original_text
    if _original_text is not None:
        from generator.errors import Message

        Message.text = _original_text  # type: ignore[method-assign]
        _original_text = None


def whole_suite(config: pytest.Config) -> bool:
    """Whether this run collects the whole tests folder, unfiltered."""
    option = config.option
    if getattr(option, "keyword", "") or getattr(option, "markexpr", ""):
        return False
    if getattr(option, "lf", False) or getattr(option, "stepwise", False) or getattr(option, "stepwise_skip", False):
        return False
    if getattr(option, "deselect", None) or getattr(option, "ignore", None) or getattr(option, "ignore_glob", None):
        return False
    if getattr(option, "collectonly", False):
        return False
    roots = {TESTS_ROOT, Path(str(config.rootpath)).resolve()}
    here = Path(config.invocation_params.dir)
    args = [str(a) for a in config.args]
    if any("::" in a for a in args):
        return False
    return not args or all((here / a).resolve() in roots for a in args)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _enabled() or _original_text is None or not whole_suite(session.config):
        return
    if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or session.shouldstop or session.shouldfail:
        return  # interrupted, or stopped early (-x): the codes left out say nothing
    if not session.testscollected:
        return
    from generator.messages import MESSAGES

    _missing.extend(sorted(set(MESSAGES) - _formatted))
    if _missing and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not _missing:
        return
    terminalreporter.section("message codes never formatted", sep="=", red=True, bold=True)
    terminalreporter.write_line(f"{len(_missing)} message code(s) of generator/messages.py never had their text produced "
                                f"by any test ({OPT_OUT}=1 turns this check off):")
    for code in _missing:
        terminalreporter.write_line(f"  {code}")
