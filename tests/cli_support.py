"""The command line in this process, as the entry point runs it, for the tests of every command: what it
printed and the exit status, from an empty working folder (no ./content to take a language from) and an
environment that decides nothing (no locale, colour, clock or debug variables)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import make_app
from generator.cli_common import run


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    @property
    def errors(self) -> list[str]:
        return self.err.splitlines()


Cli = Callable[..., Result]
UNSET = ("LC_ALL", "LC_MESSAGES", "SOURCE_DATE_EPOCH", "FORCE_COLOR", "TTY_COMPATIBLE", "GONGSHI_DEBUG")


def clean_environment(monkeypatch: pytest.MonkeyPatch, lang: str = "C.UTF-8", columns: int | None = 200) -> None:
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    if columns is not None:
        monkeypatch.setenv("COLUMNS", str(columns))


def in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
               columns: int | None = 200, no_traceback: bool = False) -> Cli:
    """`gongshi …` run in this process; `no_traceback`: fail the test if anything printed one."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    clean_environment(monkeypatch, columns=columns)

    def invoke(*args: str | Path) -> Result:
        capsys.readouterr()
        code = run(make_app, [str(a) for a in args])
        out, err = capsys.readouterr()
        if no_traceback:
            assert "Traceback" not in err and "Traceback" not in out, err
        return Result(code, out, err)

    return invoke
