"""Make the site's PDFs: each one read from the cache when nothing it is drawn from changed (its HTML is not
even made then), the others rendered in parallel worker processes (`--jobs`), with a progress callback. A year
book is made in sections, each cached on its own, and joined (_Book, join.py): an edit to one period renders
that period's boards again, not the whole book."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import heapq
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import cache, partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

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
from . import book_fonts, engine, join
from .cache import PdfCache
from .documents import BookPlan, PdfDocuments, PdfJob, PdfSpec
from .style import stylesheet

CACHE_FORMAT = 3  # bump when the way PDFs are made changes in a way the key does not see
Progress = Callable[[int, int], None]  # (done, total) of the PDFs being rendered, a book's sections each one


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
    """What renders the PDFs, for the cache key: gongshi, WeasyPrint and pydyf, Pango and HarfBuzz, and what
    joins a book's sections: pypdf and fontTools."""
    return (__version__, _package_version("weasyprint"), _package_version("pydyf"), _package_version("pypdf"),
            _package_version("fonttools"),
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

    def job_key(self, job: PdfJob) -> str:
        """The key of a job made from others' results (a book's front and page numbers): its HTML says it all."""
        return digest(self.common, "job", job.path, job.parts, job.extra_css, job.front_pages)

    def render(self, specs: Sequence[PdfSpec], cache: PdfCache | None, workers: int, progress: Progress | None,
               variant: str | None = None) -> tuple[dict[str, bytes], dict[str, str], int, set[str]]:
        """path -> bytes and path -> key of every spec (the cache's are not rendered again), how many were
        rendered, and the keys of every cache entry they use (a book's sections too). A year book is made in
        sections (documents.BookPlan), except in a `variant` (the PDF/A of a frozen year: rendered whole)."""
        keys = {spec.path: self.key(spec, variant) for spec in specs}
        run = _Run(self, cache, variant)
        for spec in specs:
            data = cache.get(keys[spec.path]) if cache else None
            if data is not None:
                run.files[spec.path] = data
                if cache and spec.plan is not None:
                    run.kept.update(cache.parts(keys[spec.path]))
            elif spec.plan is not None and variant is None:
                _Book(run, spec.plan(), keys[spec.path])
            else:
                run.pdf(_make(spec.path, spec.make), keys[spec.path], _ORDINARY, site=True)
        run.go(workers, progress)
        return run.files, keys, run.rendered, run.kept | set(keys.values())


def _make(path: str, make: Callable[[], PdfJob]) -> PdfJob:
    try:
        return make()
    except TemplateError as error:  # e.g. a broken override in content/templates/pdf/
        where = f"{error.filename or error.name}:{error.lineno}: " if isinstance(error, TemplateSyntaxError) else ""
        raise EnvironmentProblem("env.pdf_failed", path=path, error=f"{where}{error}") from error


# What the workers take first: a book's later steps as soon as they can start, then its sections, then the
# other PDFs, each group the biggest first; so the book, a chain of steps, is not left to the end of a build.
_LATER, _SECTION, _ORDINARY = 0, 1, 2


@dataclass(order=True)
class _Task:
    order: tuple[int, int, str]
    path: str = field(compare=False)
    call: Callable[..., Any] = field(compare=False)
    args: tuple[Any, ...] = field(compare=False)
    then: Callable[[Any], None] = field(compare=False)
    counted: bool = field(compare=False)  # one of the `total` told to the progress callback


class _Run:
    """The PDFs being made in one build: calls for the workers, each started once its inputs are there, and
    what to do with each result (cache it, start what waited for it)."""

    def __init__(self, renderer: _Renderer, cache: PdfCache | None, variant: str | None) -> None:
        self.renderer, self.cache, self.variant = renderer, cache, variant
        self.files: dict[str, bytes] = {}
        self.kept: set[str] = set()
        self.rendered = 0
        self.total = 0
        self.done = 0
        self.waiting: list[_Task] = []

    def cached(self, key: str) -> bytes | None:
        self.kept.add(key)
        return self.cache.get(key) if self.cache else None

    def store(self, key: str, data: bytes) -> None:
        if self.cache:
            self.cache.put(key, data)

    def add(self, stage: int, path: str, weight: int, call: Callable[..., Any], args: tuple[Any, ...],
            then: Callable[[Any], None], counted: bool) -> None:
        """A call for a worker; `then` takes its result (in this process)."""
        heapq.heappush(self.waiting, _Task((stage, -weight, path), path, call, args, then, counted))

    def pdf(self, job: PdfJob, key: str, stage: int, site: bool = False, then: Callable[[bytes], None] | None = None) -> None:
        """Render `job` (cached under `key`); a site PDF is one of the files, else `then` takes it."""
        css = self.renderer.css
        if job.front_pages is not None:
            call: Callable[..., bytes] = engine.render_front
            args: tuple[Any, ...] = (job.parts, document_id(job, css), css, job.extra_css, job.front_pages)
        else:
            call = engine.render_pdf
            args = (job.parts, document_id(job, css), css, self.variant, job.max_pages, job.fallbacks, job.extra_css)

        def finished(data: bytes) -> None:
            self.store(key, data)
            if site:
                self.files[job.path] = data
                self.rendered += 1
            if then:
                then(data)

        self.kept.add(key)
        counted = site or stage == _SECTION
        self.total += counted
        self.add(stage, job.path, job.weight, call, args, finished, counted)

    def go(self, workers: int, progress: Progress | None) -> None:
        workers = max(1, min(workers, len(self.waiting)))
        if progress and self.total:
            progress(0, self.total)
        if not self.waiting:
            return
        if workers == 1:
            self._loop(_Inline(), 1, progress)
            return
        # fork (Linux): workers start at once and never re-run the caller's main module. The caller must not
        # run other threads meanwhile (the progress bar refreshes from this thread only).
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=engine.start_worker,
                                 initargs=(self.renderer.css,)) as pool:
            self._loop(pool, workers, progress)

    def _loop(self, pool: Executor, workers: int, progress: Progress | None) -> None:
        """Keep `workers` calls running, the most urgent first (a later one may become ready meanwhile)."""
        running: dict[Future[Any], _Task] = {}
        while self.waiting or running:
            while self.waiting and len(running) < workers:
                task = heapq.heappop(self.waiting)
                running[pool.submit(task.call, *task.args)] = task
            complete, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(complete, key=lambda f: running[f].order):
                task = running.pop(future)
                try:
                    task.then(future.result())
                except Exception as error:
                    for other in running:
                        other.cancel()
                    if isinstance(error, EnvironmentProblem):
                        raise
                    raise EnvironmentProblem("env.pdf_failed", path=task.path, error=str(error)) from error
                if task.counted:
                    self.done += 1
                    if progress:
                        progress(self.done, self.total)


class _Inline(Executor):
    """Runs each call at once, in this process (one worker: no pool to start)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:
            future.set_exception(error)
        return future


class _Book:
    """A year book made in sections (documents.BookPlan): each section from the cache or rendered; once all are
    there, the front (its contents need every board's page); then the page numbers (they need the front's
    length); then the join (join.py), cached whole under the book's key with a list of the entries it used."""

    def __init__(self, run: _Run, plan: BookPlan, key: str) -> None:
        self.run, self.plan, self.key = run, plan, key
        self.sections: list[bytes | None] = [None] * len(plan.sections)
        self.parts: list[str] = []  # the keys of the cache entries it is made from
        self.section_pages = 0
        self.front_pdf = b""
        run.total += 1  # the book itself, when joined
        for index, section in enumerate(plan.sections):
            section_key = run.renderer.key(section.spec, None)
            self.parts.append(section_key)
            data = run.cached(section_key)
            if data is None:
                run.pdf(_make(section.spec.path, section.spec.make), section_key, _SECTION,
                        then=partial(self.section_done, index))
            else:
                self.sections[index] = data
        if all(data is not None for data in self.sections):
            self.front()

    def section_done(self, index: int, data: bytes) -> None:
        self.sections[index] = data
        if all(data is not None for data in self.sections):
            self.front()

    def ready(self) -> list[bytes]:
        return [data for data in self.sections if data is not None]

    def front(self) -> None:
        starts: dict[str, int] = {}
        offset = 0
        for section, data in zip(self.plan.sections, self.ready(), strict=True):
            pages, anchors = join.anchor_pages(data)
            starts.update({anchor: offset + anchors[anchor] + 1 for anchor in section.anchors})
            offset += pages
        self.section_pages = offset
        job = _make(self.plan.path, partial(self.plan.front, starts))
        self._step(job, self.numbers)

    def numbers(self, front: bytes) -> None:
        self.front_pdf = front
        job = _make(self.plan.path, partial(self.plan.stamp, self.plan.page_names(join.anchor_pages(front)[0],
                                                                                  self.section_pages)))
        self._step(job, self.join)

    def join(self, numbers: bytes) -> None:
        run = self.run
        levels = (1, *(section.level for section in self.plan.sections))
        fonts = book_fonts.FontStore(str(run.cache.folder), run.renderer.common) if run.cache else None
        run.add(_LATER, self.plan.path, 0, join.join_book, ([self.front_pdf, *self.ready()], levels, numbers, fonts),
                self.joined, True)

    def joined(self, result: tuple[bytes, list[str]]) -> None:
        data, fonts = result
        run = self.run
        run.store(self.key, data)
        run.kept.update(fonts)
        if run.cache:
            run.cache.put_parts(self.key, [*self.parts, *fonts])
        run.files[self.plan.path] = data
        run.rendered += 1

    def _step(self, job: PdfJob, then: Callable[[bytes], None]) -> None:
        key = self.run.renderer.job_key(job)
        self.parts.append(key)
        data = self.run.cached(key)
        if data is None:
            self.run.pdf(job, key, _LATER, then=then)
        else:
            then(data)


def site_pdfs(content: Content, outcome: Outcome, tr: Translator, code: str, cache_dir: Path, jobs: int | None,
              progress: Progress | None) -> tuple[list[Output], int, int]:
    """Every PDF of the site as outputs (`pdf/…`), from the cache or rendered now; a frozen year's PDFs are its
    archive's, byte for byte. Returns (outputs, PDFs in the site, PDFs rendered now)."""
    archived = {path: data for frozen in content.frozen for path, data in frozen.files.items() if path.startswith("pdf/")}
    renderer = _Renderer(content, outcome, tr, code)
    specs = [spec for spec in renderer.documents.specs() if spec.path not in archived]
    cache = PdfCache(cache_dir / "pdf")
    files, keys, rendered, kept = renderer.render(specs, cache, jobs or default_jobs(), progress)
    cache.prune(kept, max_age_days=0)
    outputs = [Output.ready(path, keys[path], files[path]) for path in keys]
    outputs.extend(Output.ready(path, digest("archived", data), data) for path, data in archived.items())
    return outputs, len(outputs), rendered


def archival_pdfs(content: Content, outcome: Outcome, tr: Translator, year: int, workers: int | None = None) -> dict[str, bytes]:
    """The boards and book of `year` as PDF/A (engine.ARCHIVAL), for freezing it. Not cached: freezing is rare,
    and the archive keeps them. The book is rendered whole, as one document (documents.year_job): joined from
    sections it would not be PDF/A without more work."""
    renderer = _Renderer(content, outcome, tr, "archival")
    specs = renderer.documents.specs(years=[year])
    files, _, _, _ = renderer.render(specs, None, workers or default_jobs(), None, variant=engine.ARCHIVAL)
    return files
