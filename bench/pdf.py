"""Benchmark of the PDFs of the demo: cold (empty cache) and warm (nothing changed) with 1 and 2 worker
processes, seconds per board page, and a whole `gongshi build` with nothing changed.

    .venv/bin/python bench/pdf.py            (or `make bench`, which runs bench/run.py)

Each measurement runs in a fresh temporary folder, so the PDF cache is empty for the cold runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import check
from generator.fonts import find_fonts
from generator.pdf.render import site_pdfs
from generator.render.pages import SiteBuilder

DEMO = REPO / "content"
TODAY = date(2025, 11, 30)


@dataclass
class Run:
    label: str
    seconds: float
    rendered: int
    total: int


def pdf_pages(data: bytes) -> int:
    import io

    import pypdf  # a test dependency: `make bench` installs it

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def measure(builder: SiteBuilder, fonts: object, workers: int, folder: Path) -> tuple[Run, Run]:
    """All PDFs cold, then warm, into `folder`/site (so the cache is `folder`/.gongshi-cache)."""
    site = folder / "site"
    jobs = f"{workers} job{'s' if workers > 1 else ''}"
    start = time.perf_counter()
    _, stats = site_pdfs(builder, fonts, site, workers)  # type: ignore[arg-type]
    cold = Run(f"cold, {jobs}", time.perf_counter() - start, stats.rendered, stats.total)
    start = time.perf_counter()
    _, again = site_pdfs(builder, fonts, site, workers)  # type: ignore[arg-type]
    warm = Run(f"warm, {jobs}", time.perf_counter() - start, again.rendered, again.total)
    return cold, warm


def board_seconds_per_page(builder: SiteBuilder, fonts: object, folder: Path) -> tuple[float, int, float]:
    """Render only the board PDFs, one worker, cold: (seconds per board page, board pages, seconds for the
    one-page standings board of 2025-H1)."""
    from generator.pdf.cache import PdfCache
    from generator.pdf.documents import PdfDocuments
    from generator.pdf.render import render_jobs
    from generator.pdf.style import stylesheet
    from generator.render.html import environment

    content = builder.content
    env = environment(content.root, content.lang)
    documents = PdfDocuments(builder, env, content.config.pdf, fonts)  # type: ignore[arg-type]
    boards = [job for job in documents.jobs() if job.path.startswith("pdf/board-")]
    css = stylesheet(env, content.config.pdf, fonts, content.lang)  # type: ignore[arg-type]
    one_page = next(job for job in boards if job.path == "pdf/board-2025-H1.pdf")
    render_jobs([one_page], css, fonts, PdfCache(folder / "warmup"), 1)  # WeasyPrint loaded, fonts read
    start = time.perf_counter()
    render_jobs([one_page], css, fonts, PdfCache(folder / "one"), 1)  # type: ignore[arg-type]
    one_page_seconds = time.perf_counter() - start
    start = time.perf_counter()
    files, _ = render_jobs(boards, css, fonts, PdfCache(folder / "boards"), 1)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    pages = sum(pdf_pages(data) for data in files.values())
    return seconds / pages, pages, one_page_seconds


def whole_build_warm(folder: Path) -> float:
    """`gongshi build` of the demo twice; the time of the second (nothing changed), as a user sees it."""
    command = [sys.executable, "-m", "generator", "build", str(DEMO), "-o", str(folder / "site"),
               "--today", TODAY.isoformat()]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO)
    return time.perf_counter() - start


def main() -> int:
    content, outcome = check(DEMO, TODAY)
    fonts = find_fonts(content.config.pdf.font, content.root, content.lang)
    builder = SiteBuilder(content, outcome)
    runs: list[Run] = []
    print(f"gongshi PDF benchmark: the demo ({DEMO.relative_to(REPO)}), {os.cpu_count()} cores", flush=True)
    for workers in (1, 2):
        with tempfile.TemporaryDirectory(prefix="gongshi-bench-") as folder:
            cold, warm = measure(builder, fonts, workers, Path(folder))
            runs += [cold, warm]
            print(f"  {cold.label}: {cold.seconds:.1f} s ({cold.rendered} of {cold.total} PDFs rendered)", flush=True)
            print(f"  {warm.label}: {warm.seconds:.2f} s ({warm.rendered} rendered)", flush=True)
    with tempfile.TemporaryDirectory(prefix="gongshi-bench-") as folder:
        per_page, pages, one_page = board_seconds_per_page(builder, fonts, Path(folder))
    with tempfile.TemporaryDirectory(prefix="gongshi-bench-") as folder:
        build_warm = whole_build_warm(Path(folder))
    print()
    print("| measurement | seconds |")
    print("| --- | --- |")
    for run in runs:
        print(f"| all {run.total} PDFs, {run.label} | {run.seconds:.2f} |")
    print(f"| board PDFs, per page ({pages} pages, 1 job, cold) | {per_page:.2f} |")
    print(f"| one-page board (2025-H1 standings, cold) | {one_page:.2f} |")
    print(f"| `gongshi build` of the demo, nothing changed | {build_warm:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
