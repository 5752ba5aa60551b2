"""Make the site's PDFs: each one read from the cache when nothing that goes into it changed, the others
rendered in parallel worker processes (`--jobs`), with a progress callback for the command line."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .. import __version__
from ..errors import GongshiError
from ..fonts import Fonts
from ..i18n import Messages
from ..render.html import environment
from ..render.pages import SiteBuilder
from . import engine
from .cache import PdfCache, cache_key
from .documents import PdfDocuments, PdfJob
from .style import stylesheet

CACHE_FORMAT = 1  # bump when the way PDFs are made changes in a way the key does not see
CACHE_DIR = (".gongshi-cache", "pdf")

_MSG = Messages(
    {
        "failed": ("生成 PDF 失败：{path}：{error}", "Could not make the PDF {path}: {error}"),
    }
)

Progress = Callable[[int, int], None]  # (done, total) of the PDFs being rendered


class PdfError(GongshiError):
    """WeasyPrint failed on one of the PDFs (exit 1; nothing is written)."""


@dataclass(frozen=True)
class PdfStats:
    total: int  # PDFs in the site
    rendered: int  # of which rendered now (the rest came from the cache)


def default_jobs() -> int:
    return os.cpu_count() or 1


def cache_folder(site_dir: Path) -> Path:
    return site_dir.resolve().parent.joinpath(*CACHE_DIR)


def _library_version(name: str, function: str) -> str:
    path = ctypes.util.find_library(name)
    if not path:
        return ""
    try:
        getter = getattr(ctypes.CDLL(path), function)
        getter.restype = ctypes.c_char_p
        return (getter() or b"").decode()
    except (OSError, AttributeError):
        return ""


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


@cache
def engine_identity() -> tuple[str, ...]:
    """What renders the PDFs, for the cache key: gongshi, WeasyPrint and pydyf, Pango and HarfBuzz."""
    return (__version__, _package_version("weasyprint"), _package_version("pydyf"),
            _library_version("pango-1.0", "pango_version_string"), _library_version("harfbuzz", "hb_version_string"),
            str(bool(_library_version("harfbuzz-subset", "hb_version_string"))))


def document_id(job: PdfJob, css: str) -> str:
    """The PDF's /ID: from what the document says and how it is styled only. Unlike the cache key, it
    does not see font files' paths or times, so the same content gives the same bytes on any machine
    with the same fonts and engine."""
    digest = hashlib.sha256(css.encode())
    for part in job.parts:
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()[:32]


def job_keys(jobs: Sequence[PdfJob], css: str, fonts: Fonts, variant: str | None = None) -> dict[str, str]:
    """Each PDF's cache key: a sha256 of its HTML, the stylesheet, the fonts, the engine and its options."""
    options = dict(engine.OPTIONS, pdf_variant=variant)
    common = [CACHE_FORMAT, engine_identity(), fonts.identity(), options, hashlib.sha256(css.encode()).hexdigest()]
    return {job.path: cache_key(common, job.max_pages, job.fallbacks,
                                [hashlib.sha256(part.encode()).hexdigest() for part in job.parts])
            for job in jobs}


def render_jobs(
    jobs: Sequence[PdfJob],
    css: str,
    fonts: Fonts,
    cache: PdfCache | None,
    workers: int,
    progress: Progress | None = None,
    lang: str = "zh-CN",
    variant: str | None = None,
) -> tuple[dict[str, bytes], PdfStats]:
    """path -> PDF bytes for every job; cached ones are not rendered again."""
    keys = job_keys(jobs, css, fonts, variant)
    files: dict[str, bytes] = {}
    todo: list[PdfJob] = []
    for job in jobs:
        data = cache.get(keys[job.path]) if cache else None
        if data is None:
            todo.append(job)
        else:
            files[job.path] = data
    todo.sort(key=lambda job: (-job.weight, job.path))  # the biggest first, so that workers finish together
    if progress and todo:
        progress(0, len(todo))

    rendered = 0

    def done(job: PdfJob, data: bytes) -> None:
        nonlocal rendered
        files[job.path] = data
        rendered += 1
        if cache:
            cache.put(keys[job.path], data)
        if progress:
            progress(rendered, len(todo))

    workers = max(1, min(workers, len(todo)))
    if workers == 1:
        for job in todo:
            try:
                data = engine.render_pdf(job.parts, document_id(job, css), css, variant, job.max_pages, job.fallbacks)
            except Exception as error:  # WeasyPrint raises many kinds
                raise PdfError(_MSG(lang, "failed", path=job.path, error=error)) from error
            done(job, data)
    elif todo:
        _render_in_pool(todo, keys, css, workers, done, lang, variant)
    if cache:
        cache.prune(set(keys.values()))
    ordered = {job.path: files[job.path] for job in jobs}
    return ordered, PdfStats(total=len(jobs), rendered=len(todo))


def _render_in_pool(todo: Sequence[PdfJob], keys: dict[str, str], css: str, workers: int,
                    done: Callable[[PdfJob, bytes], None], lang: str, variant: str | None) -> None:
    # fork (Linux): workers start at once and never re-run the caller's main module, which spawn and
    # forkserver would do for a script without an `if __name__ == "__main__"` guard. The caller must not
    # run other threads meanwhile (the command line's progress bar refreshes from this thread only).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=engine.start_worker,
                             initargs=(css,)) as pool:
        futures: dict[Future[bytes], PdfJob] = {
            pool.submit(engine.render_pdf, job.parts, document_id(job, css), None, variant, job.max_pages,
                        job.fallbacks): job
            for job in todo
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                job = futures[future]
                error = future.exception()
                if error is not None:
                    for other in pending:
                        other.cancel()
                    raise PdfError(_MSG(lang, "failed", path=job.path, error=error)) from error
                done(job, future.result())


def _setup(builder: SiteBuilder, fonts: Fonts) -> tuple[list[PdfJob], str]:
    content = builder.content
    env = environment(content.root, content.lang)
    settings = content.config.pdf
    jobs = PdfDocuments(builder, env, settings, fonts).jobs()
    return jobs, stylesheet(env, settings, fonts, content.lang)


def site_pdfs(
    builder: SiteBuilder,
    fonts: Fonts,
    site_dir: Path,
    workers: int | None = None,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> tuple[dict[str, bytes], PdfStats]:
    """Every PDF of the site (`pdf/…` paths), from the cache or rendered now. The PDFs of a frozen year
    are its archive's, byte for byte (its `pdf/…` files), and are never rendered again."""
    content = builder.content
    archived = {path: data for frozen in content.frozen for path, data in frozen.files.items()
                if path.startswith("pdf/")}
    jobs, css = _setup(builder, fonts)
    cache = PdfCache(cache_folder(site_dir)) if use_cache else None
    files, stats = render_jobs([job for job in jobs if job.path not in archived], css, fonts, cache,
                               workers or default_jobs(), progress, content.lang)
    files.update({job.path: archived[job.path] for job in jobs if job.path in archived})
    ordered = {job.path: files[job.path] for job in jobs}
    return ordered, PdfStats(total=len(jobs), rendered=stats.rendered)


def year_pdf_paths(builder: SiteBuilder, year: int) -> list[str]:
    """The PDFs that belong to a year: the boards of its periods and its year book."""
    paths = [f"pdf/board-{p.period.id}.pdf" for p in builder.outcome.periods if p.period.year == year]
    return paths + [f"pdf/year-{year}.pdf"]


def archival_pdfs(builder: SiteBuilder, fonts: Fonts, year: int, workers: int | None = None,
                  progress: Progress | None = None) -> dict[str, bytes]:
    """The PDFs of `year` as PDF/A (engine.ARCHIVAL), for freezing the year into its archive. Not cached:
    freezing is rare, and the archive keeps them."""
    wanted = set(year_pdf_paths(builder, year))
    jobs, css = _setup(builder, fonts)
    files, _ = render_jobs([job for job in jobs if job.path in wanted], css, fonts, None,
                           workers or default_jobs(), progress, builder.content.lang, variant=engine.ARCHIVAL)
    return files
