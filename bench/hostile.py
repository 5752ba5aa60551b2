"""The bounded-work benchmark of issue 10: big and hostile inputs are read or refused within 60 s and 2 GB.

    .venv/bin/python bench/hostile.py [--work DIR] [--only NAME,NAME]

Each scenario is the small test project (tests/support) with one big file added, run as a user runs it
(`gongshi validate` or `gongshi build --no-pdf`, a new process), timed, with the peak RSS of the process
and the children it waited for (wait4's ru_maxrss). Scenarios:
  blank-100mb     results/2025-Q1.csv: 100 MB of blank rows (",,,,,") -> refused unread (over 64 MB)
  blank-60mb      the same, 60 MB: read (a million empty lines cost no memory) -> valid
  rows-60mb       60 MB of data rows (3 million) -> refused while reading (over 1,000,000 rows)
  wide-rows       900,000 rows of a known unit each -> refused: every row but the first repeats the unit
  tasks-200k      tasks.csv of 200,000 valid tasks, half of them overdue -> valid (validate), built (build)
  notice-256kb    a notice of 256 KB of "![" (the densest input for the Markdown parser) -> built
Not a test: the figures go to the terminal (and the README).
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support import make_content  # noqa: E402  (the small project of the tests)

GONGSHI = [sys.executable, "-m", "generator"]
TODAY = "2025-12-01"
SECONDS, RSS_MB = 60.0, 2048.0


@dataclass
class Figure:
    name: str
    command: str
    seconds: float
    rss_mb: float
    code: int
    said: str  # the last line on stderr or stdout


def run(args: list[str], work: Path) -> tuple[float, float, int, str]:
    out, err = work / "out.txt", work / "err.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen([*GONGSHI, *args], cwd=work, stdout=stdout, stderr=stderr,
                                   env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "250"})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    lines = (err.read_text(encoding="utf-8", errors="replace") or out.read_text(encoding="utf-8", errors="replace")).splitlines()
    said = lines[-1] if lines else ""
    if len(lines) > 1 and lines[-1].startswith("发现"):
        said = f"{lines[0][:90]} … {lines[-1]}"
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), said


def write_lines(path: Path, line: str, total_bytes: int) -> None:
    """`line` repeated to `total_bytes`, written in blocks (the file never sits in this process whole)."""
    block = (line * (2**20 // len(line.encode()) + 1)).encode()[: 2**20 // len(line.encode()) * len(line.encode())]
    with path.open("wb") as handle:
        written = 0
        while written < total_bytes:
            handle.write(block)
            written += len(block)


def tasks_csv(path: Path, count: int) -> None:
    """`count` valid tasks over the five units; every other one is overdue on the reference date."""
    units = "abcxy"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,title,claimant,level,unit,claimed_on,due,status,progress,note\n")
        for n in range(count):
            due = "2025-06-30" if n % 2 else "2026-06-30"
            handle.write(f"t{n},招商引资任务{n},张某,区级,{units[n % 5]},2025-01-01,{due},进行中,{n % 100},\n")


Scenario = tuple[str, Callable[[Path], None], list[list[str]]]


def scenarios() -> list[Scenario]:
    validate = ["validate", "content", "--today", TODAY]
    build = ["build", "content", "-o", "site", "--no-pdf", "--today", TODAY]
    return [
        ("blank-100mb", lambda c: write_lines(c / "results" / "2025-Q1.csv", ",,,,,\n", 100 * 2**20), [validate]),
        ("blank-60mb", lambda c: write_lines(c / "results" / "2025-Q1.csv", ",,,,,\n", 60 * 2**20), [validate]),
        ("rows-60mb", lambda c: write_lines(c / "results" / "2025-Q1.csv", "甲局,90,800,1,,\n", 60 * 2**20), [validate]),
        ("wide-rows", lambda c: (c / "results" / "2025-Q1.csv").write_text(
            "单位,党建工作,招商引资,安全事故\n" + "甲局,90,800,1\n" * 900_000, encoding="utf-8"), [validate]),
        ("tasks-200k", lambda c: tasks_csv(c / "tasks.csv", 200_000), [validate, build]),
        ("notice-256kb", lambda c: (c / "notices").mkdir() or (c / "notices" / "a.md").write_text(
            "---\ntitle: 通报\ndate: 2025-11-01\nkind: 通报\n---\n" + "![" * (256 * 1024 // 2 - 40), encoding="utf-8"),
         [build]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=None, help="a folder for the projects (default: a temporary one)")
    parser.add_argument("--only", default="", help="scenario names, comma-separated")
    options = parser.parse_args()
    base = options.work or Path(tempfile.mkdtemp(prefix="gongshi-hostile-"))
    wanted = {name for name in options.only.split(",") if name}
    figures: list[Figure] = []
    try:
        for name, setup, commands in scenarios():
            if wanted and name not in wanted:
                continue
            work = base / name
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            setup(make_content(work / "content"))
            for args in commands:
                seconds, rss, code, said = run(args, work)
                figures.append(Figure(name, args[0], seconds, rss, code, said))
                print(f"{name:13} {args[0]:8} {seconds:7.1f} s {rss:7.0f} MB  exit {code}  {said}", flush=True)
    finally:
        if options.work is None:
            shutil.rmtree(base, ignore_errors=True)
    print()
    print("| scenario | command | time (s) | peak RSS (MB) | exit | what it said |")
    print("| --- | --- | --- | --- | --- | --- |")
    for f in figures:
        print(f"| {f.name} | {f.command} | {f.seconds:.1f} | {f.rss_mb:.0f} | {f.code} | {f.said} |")
    misses = [f for f in figures if f.seconds > SECONDS or f.rss_mb > RSS_MB]
    print()
    print(f"{datetime.date.today()}: {len(figures) - len(misses)} of {len(figures)} within {SECONDS:.0f} s and {RSS_MB:.0f} MB")
    for f in misses:
        print(f"MISS {f.name} {f.command}: {f.seconds:.1f} s, {f.rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
