"""`make bench`: the build benchmark of issue 8, as a user runs it (`gongshi build --no-pdf`, a new process
each time), for the demo and for synthetic projects of 1,000 and 4,000 units (bench/make_large.py).

    .venv/bin/python bench/run.py [--sizes demo,1000,4000] [--runs 5] [--work DIR] [--pdf]

Scenarios, each the median of `--runs` runs (every run of an edit scenario makes a real change, undoing the
previous run's):
  full           no site and no cache
  no-op          nothing changed
  notice         one notice's text edited (its page, the notice list, the home page, search re-indexed)
  monthly        one value in the latest monthly results file changed
  template       one template (notice.html, overridden in content/templates) changed
Peak RSS is the largest of any process of the build (wait4's ru_maxrss covers the workers it waited for).
The generator's modules are compiled first and the builds may read their bytecode (PYTHONDONTWRITEBYTECODE
is dropped from their environment), as the installed `gongshi` does: pip compiles a package it installs, and
compiling ninety modules on every start (0.2 s here) is not a cost any user pays.
`--pdf` adds the demo's full build with PDFs (cold PDF cache) and a no-op with PDFs.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GONGSHI = [sys.executable, "-m", "generator"]
TODAY = "2026-01-06"
TARGETS_1000 = {"full": 5.0, "no-op": 0.3, "notice": 1.5, "monthly": 1.5}
TARGETS_DEMO = {"full": 2.0, "no-op": 0.3}
RSS_TARGET_MB = 500
BUILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Run:
    seconds: float
    rss_mb: float
    pages: int


def run_build(content: Path, site: Path, pdf: bool = False) -> Run:
    command = [*GONGSHI, "build", str(content), "-o", str(site), "--today", TODAY]
    if not pdf:
        command.append("--no-pdf")
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BUILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    out = process.stdout.read().decode() if process.stdout else ""
    err = process.stderr.read().decode() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"build failed ({process.returncode}): {out}{err}")
    pages = sum(1 for _ in site.rglob("*.html"))
    return Run(seconds, usage.ru_maxrss / 1024, pages)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def latest_published_notice(content: Path) -> Path:
    """The newest notice dated on or before TODAY: a later one is held back, and editing it changes nothing
    that is published (the scenario would measure a build with nothing to do)."""
    dated = []
    for path in (content / "notices").glob("*.md"):
        found = re.search(r"^date:\s*(\d{4}-\d{2}-\d{2})\s*$", path.read_text(encoding="utf-8"), re.M)
        if found and found.group(1) <= TODAY:
            dated.append((found.group(1), path.name, path))
    return max(dated)[2]


def edits(content: Path) -> dict[str, Callable[[int], None]]:
    """Scenario -> a function making the n-th change (n = 0, 1, …), each different from the one before."""
    notice = latest_published_notice(content)
    months = sorted(p for p in (content / "results").glob("????-??.csv"))
    month = months[-1] if months else sorted((content / "results").glob("*.csv"))[-1]
    month_text = month.read_text(encoding="utf-8")
    templates = content / "templates"
    template = templates / "notice.html"
    original = (REPO / "templates" / "notice.html").read_text(encoding="utf-8")

    def edit_notice(n: int) -> None:
        with notice.open("a", encoding="utf-8") as handle:
            handle.write(f"\n补充说明第 {n + 1} 条。\n")

    def edit_month(n: int) -> None:
        # The first data row's last numeric cell, nudged by a different amount each time.
        lines = month_text.splitlines(keepends=True)
        header_at = next(i for i, line in enumerate(lines) if "," in line)
        row = lines[header_at + 1].rstrip("\r\n").split(",")
        for position in range(len(row) - 1, 0, -1):
            try:
                value = float(row[position])
            except ValueError:
                continue
            row[position] = f"{value + 0.5 * (n + 1):g}"
            break
        lines[header_at + 1] = ",".join(row) + "\n"
        month.write_text("".join(lines), encoding="utf-8")

    def edit_template(n: int) -> None:
        templates.mkdir(exist_ok=True)
        template.write_text(original + f"{{# edited {n} #}}\n", encoding="utf-8")

    return {"notice": edit_notice, "monthly": edit_month, "template": edit_template}


def project(name: str, work: Path) -> Path:
    if name == "demo":
        target = work / "demo"
        if not target.exists():
            shutil.copytree(REPO / "content", target)
        return target
    target = work / f"large-{name}"
    if not target.exists():
        subprocess.run([sys.executable, str(REPO / "bench" / "make_large.py"), name, str(target)], check=True)
    return target


def measure(name: str, work: Path, runs: int) -> dict[str, list[Run]]:
    content = project(name, work)
    site = work / f"site-{name}"
    cache = work / ".gongshi-cache"  # beside the site: gongshi's default
    results: dict[str, list[Run]] = {"full": []}
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        results["full"].append(run_build(content, site))
    results["no-op"] = [run_build(content, site) for _ in range(runs)]
    for scenario, edit in edits(content).items():
        results[scenario] = []
        for n in range(runs):
            edit(n)
            results[scenario].append(run_build(content, site))
    return results


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def table(all_results: dict[str, dict[str, list[Run]]]) -> str:
    scenarios = ["full", "no-op", "notice", "monthly", "template"]
    lines = ["| project | pages | full (s) | pages/s | no-op (s) | notice edited (s) | monthly file changed (s) "
             "| template changed (s) | peak RSS (MB) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, results in all_results.items():
        pages = results["full"][-1].pages
        full = median(results["full"])
        cells = [f"{median(results[s]):.2f}" for s in scenarios[1:]]
        rss = max(r.rss_mb for runs in results.values() for r in runs)
        label = "demo" if name == "demo" else f"{int(name):,} units"
        lines.append(f"| {label} | {pages:,} | {full:.2f} | {pages / full:,.0f} | {' | '.join(cells)} | {rss:.0f} |")
    return "\n".join(lines)


def verdicts(all_results: dict[str, dict[str, list[Run]]]) -> list[str]:
    notes = []
    for name, targets in (("1000", TARGETS_1000), ("demo", TARGETS_DEMO)):
        if name not in all_results:
            continue
        for scenario, limit in targets.items():
            value = median(all_results[name][scenario])
            notes.append(f"{'ok  ' if value <= limit else 'MISS'} {name} {scenario}: {value:.2f} s (target ≤ {limit} s)")
        rss = max(r.rss_mb for runs in all_results[name].values() for r in runs)
        notes.append(f"{'ok  ' if rss <= RSS_TARGET_MB else 'MISS'} {name} peak RSS: {rss:.0f} MB (target ≤ {RSS_TARGET_MB})")
    if "1000" in all_results and "4000" in all_results:
        ratio = median(all_results["4000"]["full"]) / median(all_results["1000"]["full"])
        notes.append(f"{'ok  ' if ratio <= 4.5 else 'MISS'} full 4000 / full 1000: {ratio:.2f}× (target ≤ 4.5×)")
    return notes


def pdf_figures(work: Path) -> str:
    content = project("demo", work)
    site = work / "site-demo-pdf"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(work / ".gongshi-cache", ignore_errors=True)
    cold = run_build(content, site, pdf=True)
    warm = run_build(content, site, pdf=True)
    pdfs = sum(1 for _ in (site / "pdf").glob("*.pdf"))
    return (f"demo with PDFs: full {cold.seconds:.1f} s ({pdfs} PDFs, peak RSS {cold.rss_mb:.0f} MB); "
            f"no-op {warm.seconds:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="demo,1000,4000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="keep projects and sites here (default: a temporary folder)")
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gongshi-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; runs: {args.runs} (medians); work folder: {work}", flush=True)
    compileall.compile_dir(REPO / "generator", quiet=1)
    all_results = {}
    for name in args.sizes.split(","):
        print(f"… {name}", file=sys.stderr, flush=True)
        # Each size in its own folder, so that the default cache beside the site belongs to it alone.
        all_results[name] = measure(name, work / name, args.runs)
    print(table(all_results))
    for line in verdicts(all_results):
        print(line)
    if args.pdf:
        print(pdf_figures(work / "pdf"))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
