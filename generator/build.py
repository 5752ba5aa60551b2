"""The whole flow, as MkDocs' build() reads: gather and check everything, compute, render, then write."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ContentError, UsageError
from .resources import templates_dir
from .fonts import find_fonts, fonts_identity
from .model import Content
from .render import render_site
from .render.pages import SiteBuilder
from .rules import Outcome, compute
from .search import index_site
from .validate import validate_content
from .write import intact_manifest, write_site

Progress = Callable[[int, int], None]  # (PDFs rendered so far, PDFs to render)


@dataclass(frozen=True)
class BuildResult:
    site: Path
    pages: int
    files: int
    written: bool
    pdfs: int = 0  # PDFs in the site
    pdfs_rendered: int = 0  # of which rendered by this build (the others came from the cache)
    notes: tuple[str, ...] = ()  # e.g. lock files skipped


def reference_date(option: str | None) -> date:
    """`--today`, else SOURCE_DATE_EPOCH, else the clock's date."""
    if option:
        try:
            return date.fromisoformat(option)
        except ValueError as error:
            raise UsageError(f"--today {option}: YYYY-MM-DD") from error
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except ValueError as error:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch}") from error
    return date.today()


def check(content_dir: Path, today: date, lang_hint: str = "zh-CN",
          thaw: frozenset[int] = frozenset()) -> tuple[Content, Outcome]:
    """Validate the content and compute every rule; raise ContentError listing every problem.

    `thaw`: frozen years to compute from their source files instead of their archive (refreezing)."""
    content = validate_content(content_dir, lang_hint, thaw)
    outcome, problems = compute(content, today)
    if problems:
        raise ContentError(sorted(set(problems), key=lambda p: (p.file, p.row, p.column, p.message)))
    return content, outcome


def build(
    content_dir: Path,
    site_dir: Path,
    today: date,
    *,
    pdf: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Check, render the pages and (unless `pdf` is false) the PDFs, then write the site in one swap.

    `jobs`: worker processes for the PDFs (default: the number of cores); `progress(done, total)` is
    called as PDFs are rendered (not for those the cache already holds)."""
    stamp = inputs_fingerprint(content_dir, today, pdf, site_dir)
    current = intact_manifest(site_dir)
    if current is not None and current.get("inputs") == stamp:
        # Nothing that goes into the site changed: no file is read beyond the fingerprint, none written.
        return _unchanged_result(site_dir, current)
    content, outcome = check(content_dir, today)
    fonts = find_fonts(content.config.pdf.font, content.root, content.lang) if pdf else None
    builder = SiteBuilder(content, outcome)
    files = render_site(content, outcome, builder=builder, pdf_links=pdf)
    stats = None
    if fonts is not None:
        # imported here: the PDF machinery is not needed for --no-pdf (and WeasyPrint is loaded only by
        # the processes that render)
        from .pdf.render import site_pdfs

        pdf_files, stats = site_pdfs(builder, fonts, site_dir, jobs, progress)
        files.update(pdf_files)
    written = write_site(files, site_dir, finish=index_site, inputs=stamp, current=current)
    pages = sum(1 for path in files if path.endswith(".html"))
    return BuildResult(site_dir, pages, len(files), written,
                       stats.total if stats else 0, stats.rendered if stats else 0, content.notes)


def inputs_fingerprint(content_dir: Path, today: date, pdf: bool, site_dir: Path | None = None) -> str:
    """A sha256 of everything a build reads: the content folder, the built-in templates, this program's
    code, the reference date and the options (and, for PDFs, the fonts fontconfig offers)."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{today.isoformat()}\0{pdf}\0".encode())
    output = site_dir.resolve() if site_dir else None
    for label, base in (("content", content_dir), ("templates", templates_dir()), ("code", Path(__file__).parent)):
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(base)
            if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in relative.parts):
                continue
            if output is not None and output in path.resolve().parents:
                continue  # a site built inside its own content folder
            digest.update(f"{label}/{relative.as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    if pdf:
        digest.update(fonts_identity().encode())
    return digest.hexdigest()


def _unchanged_result(site_dir: Path, manifest: dict[str, Any]) -> BuildResult:
    files = manifest["files"]
    pdfs = sum(1 for path in files if path.startswith("pdf/"))
    pages = sum(1 for path in files if path.endswith(".html"))
    return BuildResult(site_dir, pages, len(files), False, pdfs, 0)
