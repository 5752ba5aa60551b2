"""What the hostile-input tests share: the command line in this process and as a program, a notice, and the
lines a clerk sees when a build stops."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.cli_support import Cli, Result, in_process
from tests.support import REPO, make_content

PYTHON = REPO / ".venv" / "bin" / "python"
TODAY = "2025-12-01"
NOTICE = "---\ntitle: 关于考核情况的通报\ndate: 2025-11-01\nkind: 通报\n---\n各单位：\n\n正文。\n"
# The small project of tests/support: 5 units, 3 indicators, one period; with a notice, one more notice.
VALID = "内容有效：5 个单位，3 项指标，1 个期次，0 篇通报，0 项揭榜任务。"
VALID_NOTICE = "内容有效：5 个单位，3 项指标，1 个期次，1 篇通报，0 项揭榜任务。"


def failed(count: int) -> str:
    """The last line of a build or validation that found `count` problems."""
    return f"发现 {count} 个问题，未生成任何文件。"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`gongshi …` in this process (what the entry point runs); rich wraps nothing: one message, one line."""
    return in_process(tmp_path, monkeypatch, capsys, columns=250, no_traceback=True)


def gongshi(*args: str | Path, cwd: Path, timeout: float = 120, env: dict[str, str] | None = None) -> Result:
    """`gongshi …` as a program (a hang fails the test after `timeout` seconds instead of hanging it)."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": str(cwd), "COLUMNS": "250",
            "PYTHONPATH": str(REPO)}
    done = subprocess.run([str(PYTHON), "-m", "generator", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**base, **(env or {})}, check=False, timeout=timeout)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr
    return Result(done.returncode, done.stdout, done.stderr)


def project(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    return make_content(root, files)


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (links as the text of the link)."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[relative] = f"-> {os.readlink(path)}".encode()
        elif path.is_file():
            found[relative] = path.read_bytes()
    return found
