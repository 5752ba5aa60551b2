"""Make the site's PDFs: each one read from the cache when nothing it is drawn from changed (its HTML is not
even made then), the others rendered in parallel worker processes (`--jobs`), with a progress callback."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from .. import __version__
from ..errors import EnvironmentProblem
from ..fingerprint import digest
from ..fonts import Fonts, find_fonts
from ..i18n import Translator
from ..model.types import Content
from ..outcome import Outcome
from ..outputs import Output
from ..parallel import default_jobs
from ..render.html import environment, templates_digest
from ..render.site import site_view
from . import engine
from .cache import PdfCache
from .documents import PdfDocuments, PdfJob, PdfSpec
from .style import stylesheet

CACHE_FORMAT = 2  # bump when the way PDFs are made changes in a way the key does not see
Progress = Callable[[int, int], None]  # (done, total) of the PDFs being rendered


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
    """The PDF's /ID: from what the document says and how it is styled only (not font paths or times), so the
    same content gives the same bytes on any machine with the same fonts and engine."""
    hasher = hashlib.sha256(css.encode())
    for part in job.parts:
        hasher.update(hashlib.sha256(part.encode()).digest())
    return hasher.hexdigest()[:32]


class _Renderer:
    def __init__(self, content: Content, outcome: Outcome, tr: Translator, code: str) -> None:
        self.fonts: Fonts = find_fonts(content.config.pdf.font, content.root)
        env = environment(content.root, tr)
        settings = content.config.pdf
        site = site_view(content.config.site.title, content.config.site.organization, content.config.site.contact,
                         content.lang, outcome.today, outcome.data_date, __version__, True, tr)
        self.documents = PdfDocuments(content, outcome, tr, env, settings, self.fonts, site)
        self.css = stylesheet(env, settings, self.fonts, tr)
        self.common = digest("pdf", CACHE_FORMAT, code, engine_identity(), self.fonts.identity(), engine.OPTIONS,
                             self.css, templates_digest(env, "pdf/"), site, content.lang, content.config.shows)

    def key(self, spec: PdfSpec, variant: str | None) -> str:
        return digest(self.common, variant, spec.path, spec.data)

    def render(self, specs: Sequence[PdfSpec], cache: PdfCache | None, workers: int, progress: Progress | None,
               variant: str | None = None) -> tuple[dict[str, bytes], dict[str, str], int]:
        """path -> bytes and path -> key of every spec; the cache's are not rendered again."""
        keys = {spec.path: self.key(spec, variant) for spec in specs}
        files: dict[str, bytes] = {}
        todo: list[PdfJob] = []
        for spec in specs:
            data = cache.get(keys[spec.path]) if cache else None
            if data is None:
                try:
                    todo.append(spec.make())
                except TemplateError as error:  # e.g. a broken override in content/templates/pdf/
                    where = f"{error.filename or error.name}:{error.lineno}: " if isinstance(error, TemplateSyntaxError) else ""
                    raise EnvironmentProblem("env.pdf_failed", path=spec.path, error=f"{where}{error}") from error
            else:
                files[spec.path] = data
        todo.sort(key=lambda job: (-job.weight, job.path))  # the biggest first, so that workers finish together
        if progress and todo:
            progress(0, len(todo))
        done = 0

        def finished(job: PdfJob, data: bytes) -> None:
            nonlocal done
            files[job.path] = data
            done += 1
            if cache:
                cache.put(keys[job.path], data)
            if progress:
                progress(done, len(todo))

        workers = max(1, min(workers, len(todo)))
        if workers == 1:
            for job in todo:
                try:
                    data = engine.render_pdf(job.parts, document_id(job, self.css), self.css, variant, job.max_pages,
                                             job.fallbacks)
                except (ValueError, OSError, RuntimeError, AssertionError, KeyError, TypeError) as error:
                    raise EnvironmentProblem("env.pdf_failed", path=job.path, error=str(error)) from error
                finished(job, data)
        elif todo:
            self._in_pool(todo, workers, finished, variant)
        return files, keys, len(todo)

    def _in_pool(self, todo: Sequence[PdfJob], workers: int, finished: Callable[[PdfJob, bytes], None],
                 variant: str | None) -> None:
        # fork (Linux): workers start at once and never re-run the caller's main module. The caller must not
        # run other threads meanwhile (the progress bar refreshes from this thread only).
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=engine.start_worker,
                                 initargs=(self.css,)) as pool:
            futures: dict[Future[bytes], PdfJob] = {
                pool.submit(engine.render_pdf, job.parts, document_id(job, self.css), None, variant, job.max_pages,
                            job.fallbacks): job for job in todo}
            pending = set(futures)
            while pending:
                complete, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in complete:
                    job = futures[future]
                    error = future.exception()
                    if error is not None:
                        for other in pending:
                            other.cancel()
                        raise EnvironmentProblem("env.pdf_failed", path=job.path, error=str(error)) from error
                    finished(job, future.result())


def site_pdfs(content: Content, outcome: Outcome, tr: Translator, code: str, cache_dir: Path, jobs: int | None,
              progress: Progress | None) -> tuple[list[Output], int, int]:
    """Every PDF of the site as outputs (`pdf/…`), from the cache or rendered now; a frozen year's PDFs are its
    archive's, byte for byte. Returns (outputs, PDFs in the site, PDFs rendered now)."""
    archived = {path: data for frozen in content.frozen for path, data in frozen.files.items() if path.startswith("pdf/")}
    renderer = _Renderer(content, outcome, tr, code)
    specs = [spec for spec in renderer.documents.specs() if spec.path not in archived]
    cache = PdfCache(cache_dir / "pdf")
    files, keys, rendered = renderer.render(specs, cache, jobs or default_jobs(), progress)
    cache.prune(set(keys.values()), max_age_days=0)
    outputs = [Output.ready(path, keys[path], files[path]) for path in keys]
    outputs.extend(Output.ready(path, digest("archived", data), data) for path, data in archived.items())
    return outputs, len(outputs), rendered


def archival_pdfs(content: Content, outcome: Outcome, tr: Translator, year: int, workers: int | None = None) -> dict[str, bytes]:
    """The boards and book of `year` as PDF/A (engine.ARCHIVAL), for freezing it. Not cached: freezing is rare,
    and the archive keeps them."""
    renderer = _Renderer(content, outcome, tr, "archival")
    specs = renderer.documents.specs(years=[year])
    files, _, _ = renderer.render(specs, None, workers or default_jobs(), None, variant=engine.ARCHIVAL)
    return files
