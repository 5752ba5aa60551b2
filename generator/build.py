"""The whole flow, as MkDocs' build() reads: load → model → rules → render → write, one way.

Each stage reads only what the one before it produced. A cache (`cache.StageCache`) may serve a stage's
results for inputs it has seen; a build whose every input is as the last one left it returns at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import StageCache, code_digest
from .errors import ContentError, Message
from .fingerprint import digest
from .i18n import Translator
from .load.project import load_project
from .model.build import build_model
from .model.types import Content
from .outcome import Outcome
from .outputs import Output
from .parallel import default_jobs
from .reference import reference_date
from .resources import templates_dir
from .rules import compute, data_checks
from .rules.checks import CheckReport
from .state import MANIFEST, default_cache, quick_stamp, read_manifest, read_state, spare_path, stat_tree, write_state
from .write import check_target, write_site

if TYPE_CHECKING:
    from .pdf.workers import Workers

Progress = Callable[[int, int], None]  # (PDFs rendered so far, PDFs to render)


@dataclass(frozen=True)
class BuildResult:
    site: Path
    pages: int
    files: int
    written: bool  # False: nothing had changed, the site on disk was left as it was
    made: int = 0  # files made by this build
    reused: int = 0  # files linked, unchanged, from the previous site
    pdfs: int = 0
    pdfs_rendered: int = 0
    notes: tuple[Message, ...] = ()
    checks: CheckReport | None = None  # the data checks' warnings (SPEC 7.1); None when nothing was rebuilt


def check(content_dir: Path, today: date, thaw: frozenset[int] = frozenset(),
          stages: StageCache | None = None, strict: bool = False) -> tuple[Content, Outcome]:
    """Load, validate and compute; ContentError listing every problem. `thaw`: frozen years to compute from
    their files instead of their archive (refreezing)."""
    content, outcome, _ = examine(content_dir, today, thaw, stages, strict)
    return content, outcome


def examine(content_dir: Path, today: date, thaw: frozenset[int] = frozenset(), stages: StageCache | None = None,
            strict: bool = False) -> tuple[Content, Outcome, CheckReport]:
    """`check`, and the data checks (SPEC 7.1): the warnings they find are returned; those that are errors
    (`[checks]` in site.toml, or every warning when `strict`) are a ContentError."""
    stages = stages if stages is not None else StageCache(None, "")
    raw = load_project(content_dir, thaw, stages.memo, stages.memo_many)
    content, problems = build_model(raw, stages.memo, stages.memo_many)
    if content is None:
        raise ContentError(problems)
    outcome, problems = compute(content, today, stages.memo, stages.memo_many)
    if problems:
        raise ContentError(problems)
    report = data_checks(content, outcome, strict, stages.memo, stages.memo_many)
    if report.errors:
        raise ContentError([finding.problem for finding in report.errors])
    return content, outcome, report


def build(content_dir: Path, site_dir: Path, today: date, *, pdf: bool = True, jobs: int | None = None,
          progress: Progress | None = None, cache_dir: Path | None = None, strict: bool = False,
          workers: Workers | None = None, checkpoint: Callable[[], None] | None = None) -> BuildResult:
    """Build the site (and unless `pdf` is false, its PDFs) into `site_dir`, in one swap. `strict`: every
    warning of the data checks is an error. `workers`: the PDF workers, when the caller started them itself
    (the CLI, before it imports this module: they load WeasyPrint meanwhile); the caller stops them.
    `checkpoint`: called just before the new site is swapped in; what it raises leaves the old site as it was."""
    check_target(content_dir, site_dir)
    cache = cache_dir or default_cache(site_dir)
    stamp = quick_stamp(content_dir, site_dir, today.isoformat(), pdf, templates_dir(), Path(__file__).resolve().parent)
    state = read_state(cache, site_dir)
    manifest = read_manifest(site_dir)
    if state is not None and manifest is not None and state.get("stamp") == stamp \
            and stat_tree(site_dir) == state.get("outputs") and not (strict and state.get("warnings")):
        files = manifest["files"]
        return BuildResult(site_dir, sum(p.endswith(".html") for p in files), len(files) + 1, False,
                           pdfs=sum(p.startswith("pdf/") for p in files))
    code = code_digest()
    jobs = jobs or default_jobs()
    stages = StageCache(cache, code, jobs)
    with contextlib.ExitStack() as stack:
        if workers is None:
            from .pdf.workers import build_workers

            # Started now, they load WeasyPrint while the content is read and computed (stopped unused when
            # every PDF is in the cache).
            workers = stack.enter_context(build_workers(pdf, jobs))
        content, outcome, report = examine(content_dir, today, stages=stages, strict=strict)
        tr = Translator(content.lang)
        pdfs = None
        if pdf:
            from .pdf.render import start_site_pdfs

            # Handed to the workers first: they render while the pages are planned and made.
            pdfs = stack.enter_context(start_site_pdfs(content, outcome, tr, code, cache, workers or jobs, progress))
        from .render import search_plan, site_outputs

        search = search_plan(content, outcome, tr)
        finish = search.start(site_dir, state, site_dir.absolute().parent, cache)  # indexes while the site is made
        stack.callback(search.close)
        site = site_outputs(content, outcome, tr, code, pdf_links=pdf, cache=cache, records=search.records,
                            memo=stages.memo)
        outputs = site.outputs
        pdf_total = pdf_rendered = 0
        if pdfs is not None:
            pdf_outputs, pdf_total, pdf_rendered = pdfs.finish()
            outputs.extend(pdf_outputs)
        stats = state.get("outputs", {}) if state is not None else {}
        inputs = digest(code, stamp["today"], pdf, [o.key for o in outputs])
        result = write_site(outputs, site_dir, inputs, manifest, stats, finish=finish, jobs=jobs,
                            prepare=site.prepare, spare=spare_path(cache, site_dir), checkpoint=checkpoint)
    stages.prune()
    write_state(cache, site_dir, {"stamp": stamp, "outputs": result.stats, "search": search.keys,
                                  "warnings": len(report.warnings)})
    files = result.files
    return BuildResult(site_dir, sum(p.endswith(".html") for p in files), len(files) + 1, True, result.made,
                       len(outputs) - result.made, pdf_total, pdf_rendered, content.notes, report)


__all__ = ["MANIFEST", "BuildResult", "Output", "build", "check", "examine", "reference_date"]
