"""A worker process that loads WeasyPrint at once (it takes about a second), so that the review sheet's PDF
can be rendered as soon as the diff is known. Light on purpose: importing this module imports nothing heavy,
and the worker is forked before the content is read."""

from __future__ import annotations

import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from ..errors import EnvironmentProblem


def _warm() -> None:
    import weasyprint  # noqa: F401 - loaded here, in the worker, while the parent computes
    from weasyprint.text.fonts import FontConfiguration  # noqa: F401


class PdfWorker:
    """Use as a context manager; `render` returns the PDF of one HTML document and its stylesheet."""

    def __init__(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_warm)
        self.pool.submit(int)  # start the worker now

    def render(self, html: str, css: str, name: str) -> bytes:
        from ..pdf import engine

        identifier = hashlib.sha256((css + html).encode("utf-8")).hexdigest()[:32]  # the same bytes for the same sheet
        try:
            return self.pool.submit(engine.render_pdf, (html,), identifier, css).result()
        except Exception as error:  # whatever WeasyPrint raised in the worker: a message, not a traceback
            raise EnvironmentProblem("env.pdf_failed", path=name, error=str(error)) from error

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(cancel_futures=True)
