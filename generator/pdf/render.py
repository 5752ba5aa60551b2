"""Make the site's PDFs: each one read from the cache when nothing it is drawn from changed (its HTML is not
even made then), the others rendered in parallel worker processes (`--jobs`), with a progress callback. A year
book is made in sections, each cached on its own, and joined (_Book, join.py): an edit to one period renders
that period's boards again, not the whole book."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import heapq
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
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
from . import engine
from .cache import Layout, PdfCache
from .documents import BookPlan, PdfDocuments, PdfJob, PdfSpec
from .style import stylesheet
from .workers import Workers

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
    def __init__(self, content: Content, outcome: Outcome, tr: Translator, code: str, cache: Path | None = None) -> None:
        """`cache`: the build cache, where the compiled templates are kept (as the pages' are)."""
        self.fonts: Fonts = find_fonts(content.config.pdf.font, content.root)
        env = environment(content.root, tr, cache)
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
        """`start`, then `_Run.finish`: everything at once."""
        with self.start(specs, cache, workers, progress, variant) as run:
            return run.finish(progress)

    def start(self, specs: Sequence[PdfSpec], cache: PdfCache | None, workers: int | Workers, progress: Progress | None,
              variant: str | None = None) -> _Run:
        """The PDFs of `specs`, those the cache does not hold handed to `workers` processes (forked now) at
        once; `finish` on the run gives path -> bytes and path -> key of every spec, how many were rendered and
        the keys of every cache entry they use (a book's sections too). `workers`: how many, or workers started
        earlier (the caller stops them). A year book is made in sections (documents.BookPlan), except in a
        `variant` (the PDF/A of a frozen year: rendered whole)."""
        keys = {spec.path: self.key(spec, variant) for spec in specs}
        run = _Run(self, cache, variant, keys)
        for spec in specs:
            data = cache.get(keys[spec.path]) if cache else None
            if data is not None:
                run.files[spec.path] = data
                if cache and spec.plan is not None:
                    run.kept.update(cache.parts(keys[spec.path]))
            elif spec.plan is not None and variant is None:
                _Book(run, spec.plan(), keys[spec.path])
            else:
                run.pdf(_make(spec.path, spec.make), keys[spec.path])
        run.start(workers, progress)
        return run


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

    def __init__(self, renderer: _Renderer, cache: PdfCache | None, variant: str | None, keys: dict[str, str]) -> None:
        self.renderer, self.cache, self.variant, self.keys = renderer, cache, variant, keys
        self.pool: Workers | _Inline | None = None
        self.owned = True  # the pool is this run's to stop
        self.running: dict[Future[Any], _Task] = {}
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

    def pdf(self, job: PdfJob, key: str) -> None:
        """Render one of the site's PDFs (cached under `key`)."""
        call, args = self._call(job)

        def finished(data: bytes) -> None:
            self.store(key, data)
            self.files[job.path] = data
            self.rendered += 1

        self._add_pdf(job, key, _ORDINARY, True, call, args, finished)

    def part(self, job: PdfJob, key: str, stage: int, then: Callable[[bytes], None]) -> None:
        """Render a part of a book (cached under `key`); `then` takes it."""
        call, args = self._call(job)

        def finished(data: bytes) -> None:
            self.store(key, data)
            then(data)

        self._add_pdf(job, key, stage, False, call, args, finished)

    def laid_out(self, job: PdfJob, key: str, stage: int, then: Callable[[bytes, Layout], None]) -> None:
        """Render a part of a book (cached under `key` with its layout, which the worker reads); `then` takes both."""
        call, args = self._call(job)

        def finished(result: tuple[bytes, Layout]) -> None:
            data, layout = result
            self.store(key, data)
            if self.cache:
                self.cache.put_layout(key, layout)
            then(data, layout)

        self._add_pdf(job, key, stage, False, engine.laid_out, (call, *args), finished)

    def cached_layout(self, key: str, data: bytes) -> Layout:
        """The layout kept with a cached part, else read from it here (a cache written by an older version)."""
        found = self.cache.layout(key) if self.cache else None
        if found is None:
            from .join import anchor_pages

            found = anchor_pages(data)
            if self.cache:
                self.cache.put_layout(key, found)
        return found

    def _call(self, job: PdfJob) -> tuple[Callable[..., bytes], tuple[Any, ...]]:
        css = self.renderer.css
        if job.front_pages is not None:
            return engine.render_front, (job.parts, document_id(job, css), css, job.extra_css, job.front_pages)
        return engine.render_pdf, (job.parts, document_id(job, css), css, self.variant, job.max_pages, job.fallbacks,
                                   job.extra_css)

    def _add_pdf(self, job: PdfJob, key: str, stage: int, site: bool, call: Callable[..., Any], args: tuple[Any, ...],
                 finished: Callable[[Any], None]) -> None:
        self.kept.add(key)
        counted = site or stage == _SECTION
        self.total += counted
        self.add(stage, job.path, job.weight, call, args, finished, counted)

    def start(self, workers: int | Workers, progress: Progress | None) -> None:
        """Fork the workers (one: this process renders, when `finish` is called), or take those given, and hand
        them the first calls."""
        if progress and self.total:
            progress(0, self.total)
        if not self.waiting:
            return
        if isinstance(workers, Workers):
            self.pool, self.owned = workers, False
        else:
            count = max(1, min(workers, len(self.waiting)))
            self.pool = _Inline() if count == 1 else Workers(count)
        self._fill()

    def finish(self, progress: Progress | None) -> tuple[dict[str, bytes], dict[str, str], int, set[str]]:
        """Keep the workers busy, the most urgent call first (a later one may become ready meanwhile), until
        every PDF is made."""
        pool = self.pool
        while pool is not None and self.running:
            complete = pool.wait(self.running)
            for future in sorted(complete, key=lambda f: self.running[f].order):
                task = self.running.pop(future)
                try:
                    task.then(future.result())
                except Exception as error:
                    if isinstance(error, EnvironmentProblem):
                        raise
                    raise EnvironmentProblem("env.pdf_failed", path=task.path, error=str(error)) from error
                if task.counted:
                    self.done += 1
                    if progress:
                        progress(self.done, self.total)
            self._fill()
        return self.files, self.keys, self.rendered, self.kept | set(self.keys.values())

    def _fill(self) -> None:
        assert self.pool is not None
        while self.waiting and len(self.running) < self.pool.size:
            task = heapq.heappop(self.waiting)
            self.running[self.pool.submit(task.call, *task.args)] = task

    def __enter__(self) -> _Run:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the workers (at once, when a PDF failed or the build was interrupted)."""
        if isinstance(self.pool, Workers) and self.owned:
            self.pool.__exit__(*exc)
        self.pool = None


class _Inline:
    """Runs each call at once, in this process (one worker: no process to start)."""

    size = 1

    def submit(self, call: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(call(*args))
        except Exception as error:
            future.set_exception(error)
        return future

    def wait(self, futures: Iterable[Future[Any]]) -> set[Future[Any]]:
        return set(futures)


class _Book:
    """A year book made in sections (documents.BookPlan): each section from the cache or rendered; once all are
    there, the front (its contents need every board's page); then the page numbers (they need the front's
    length); then the join (join.py), cached whole under the book's key with a list of the entries it used.
    Each part's layout (its pages and where its boards start) is read by the worker that renders it and kept
    beside it in the cache: this process, which waits for the parts, never parses a PDF."""

    def __init__(self, run: _Run, plan: BookPlan, key: str) -> None:
        self.run, self.plan, self.key = run, plan, key
        self.sections: list[tuple[bytes, Layout] | None] = [None] * len(plan.sections)
        self.parts: list[str] = []  # the keys of the cache entries it is made from
        self.section_pages = 0
        self.front_pdf = b""
        run.total += 1  # the book itself, when joined
        for index, section in enumerate(plan.sections):
            section_key = run.renderer.key(section.spec, None)
            self.parts.append(section_key)
            data = run.cached(section_key)
            if data is None:
                run.laid_out(_make(section.spec.path, section.spec.make), section_key, _SECTION,
                             partial(self.section_done, index))
            else:
                self.sections[index] = (data, run.cached_layout(section_key, data))
        if all(part is not None for part in self.sections):
            self.front()

    def section_done(self, index: int, data: bytes, layout: Layout) -> None:
        self.sections[index] = (data, layout)
        if all(part is not None for part in self.sections):
            self.front()

    def ready(self) -> list[tuple[bytes, Layout]]:
        return [part for part in self.sections if part is not None]

    def front(self) -> None:
        starts: dict[str, int] = {}
        offset = 0
        for section, (_, (pages, anchors)) in zip(self.plan.sections, self.ready(), strict=True):
            starts.update({anchor: offset + anchors[anchor] + 1 for anchor in section.anchors})
            offset += pages
        self.section_pages = offset
        job = _make(self.plan.path, partial(self.plan.front, starts))
        self._step(job, self.numbers)  # its layout gives the front's length

    def numbers(self, front: bytes, layout: Layout) -> None:
        self.front_pdf = front
        job = _make(self.plan.path, partial(self.plan.stamp, self.plan.page_names(layout[0], self.section_pages)))
        key = self._key(job)
        data = self.run.cached(key)
        if data is None:
            self.run.part(job, key, _LATER, self.join)
        else:
            self.join(data)

    def join(self, numbers: bytes) -> None:
        run = self.run
        levels = (1, *(section.level for section in self.plan.sections))
        fonts = (str(run.cache.folder), run.renderer.common) if run.cache else None
        parts = [self.front_pdf, *(data for data, _ in self.ready())]
        run.add(_LATER, self.plan.path, 0, engine.joined_book, (parts, levels, numbers, fonts), self.joined, True)

    def joined(self, result: tuple[bytes, list[str]]) -> None:
        data, fonts = result
        run = self.run
        run.store(self.key, data)
        run.kept.update(fonts)
        if run.cache:
            run.cache.put_parts(self.key, [*self.parts, *fonts])
        run.files[self.plan.path] = data
        run.rendered += 1

    def _step(self, job: PdfJob, then: Callable[[bytes, Layout], None]) -> None:
        key = self._key(job)
        data = self.run.cached(key)
        if data is None:
            self.run.laid_out(job, key, _LATER, then)
        else:
            then(data, self.run.cached_layout(key, data))

    def _key(self, job: PdfJob) -> str:
        """The key of a step made from the others' results (the front, the page numbers), one of the book's parts."""
        key = self.run.renderer.job_key(job)
        self.parts.append(key)
        return key


@dataclass
class SitePdfs:
    """The site's PDFs being made (start_site_pdfs): `finish` waits for the workers and gives them as outputs;
    use as a context manager, so that the workers stop whatever happens meanwhile."""

    run: _Run
    cache: PdfCache
    archived: dict[str, bytes]
    progress: Progress | None

    def finish(self) -> tuple[list[Output], int, int]:
        """(outputs, PDFs in the site, PDFs rendered now)."""
        files, keys, rendered, kept = self.run.finish(self.progress)
        self.cache.prune(kept, max_age_days=0)
        outputs = [Output.ready(path, keys[path], files[path]) for path in keys]
        outputs.extend(Output.ready(path, digest("archived", data), data) for path, data in self.archived.items())
        return outputs, len(outputs), rendered

    def __enter__(self) -> SitePdfs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.run.__exit__(*exc)


def start_site_pdfs(content: Content, outcome: Outcome, tr: Translator, code: str, cache_dir: Path,
                    jobs: int | Workers | None, progress: Progress | None) -> SitePdfs:
    """Every PDF of the site (`pdf/…`), from the cache or handed to worker processes now (`jobs` of them, or
    those given, started before the content was read: warm), which render while the build makes its pages; a
    frozen year's PDFs are its archive's, byte for byte."""
    archived = {path: data for frozen in content.frozen for path, data in frozen.files.items() if path.startswith("pdf/")}
    renderer = _Renderer(content, outcome, tr, code, cache_dir)
    specs = [spec for spec in renderer.documents.specs() if spec.path not in archived]
    cache = PdfCache(cache_dir / "pdf")
    return SitePdfs(renderer.start(specs, cache, jobs or default_jobs(), progress), cache, archived, progress)


def archival_pdfs(content: Content, outcome: Outcome, tr: Translator, year: int, workers: int | None = None) -> dict[str, bytes]:
    """The boards and book of `year` as PDF/A (engine.ARCHIVAL), for freezing it. Not cached: freezing is rare,
    and the archive keeps them. The book is rendered whole, as one document (documents.year_job): joined from
    sections it would not be PDF/A without more work."""
    renderer = _Renderer(content, outcome, tr, "archival")
    specs = renderer.documents.specs(years=[year])
    files, _, _, _ = renderer.render(specs, None, workers or default_jobs(), None, variant=engine.ARCHIVAL)
    return files
