"""The review sheet's PDF worker (pdf/workers.py, warm): it loads WeasyPrint at once (about a second), so that
the sheet can be rendered as soon as the diff is known. Light on purpose: importing this module imports
nothing heavy, and the worker is started before the content is read."""

from __future__ import annotations

import hashlib

from ..errors import EnvironmentProblem
from ..pdf import engine
from ..pdf.workers import WorkerError, Workers


class PdfWorker:
    """Use as a context manager; `render` returns the PDF of one HTML document and its stylesheet."""

    def __init__(self) -> None:
        self.workers = Workers(1, warm=True)

    def render(self, html: str, css: str, name: str) -> bytes:
        identifier = hashlib.sha256((css + html).encode("utf-8")).hexdigest()[:32]  # the same bytes for the same sheet
        future = self.workers.submit(engine.render_pdf, (html,), identifier, css)
        self.workers.wait([future])
        try:
            data: bytes = future.result()
        except WorkerError as error:
            raise EnvironmentProblem("env.pdf_failed", path=name, error=str(error)) from error
        return data

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.workers.__exit__(*exc)
