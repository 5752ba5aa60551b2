"""A worker process that loads WeasyPrint at once (it takes about a second), so that the review sheet's PDF
can be rendered as soon as the diff is known. Light on purpose: importing this module imports nothing heavy,
and the worker is started before the content is read. It talks over a pipe (no thread in this process, so
that the stages may still fork their own workers)."""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from ..errors import EnvironmentProblem

WARM_UP = ('<html lang="zh-CN"><body><p style="font-family: sans-serif">审查单 0123456789 abc '
           '<b>审核人 批准人</b></p></body></html>')


def _serve(connection: Connection) -> None:
    """In the worker: load WeasyPrint, then render each (html, identifier, css) received until None."""
    import weasyprint  # noqa: F401 - loaded here, while the parent computes

    from ..pdf import engine

    # A first document loads and shapes the CJK fonts (a quarter of a second) before the sheet is ready;
    # a failure here is the sheet's to report.
    with contextlib.suppress(Exception):
        engine.render_pdf((WARM_UP,), "0" * 32, "")

    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        html, identifier, css = job
        try:
            connection.send(("pdf", engine.render_pdf((html,), identifier, css)))
        except Exception as error:  # whatever WeasyPrint raised: sent back as words, not a traceback
            connection.send(("error", str(error)))


class PdfWorker:
    """Use as a context manager; `render` returns the PDF of one HTML document and its stylesheet."""

    def __init__(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        context: Any = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def render(self, html: str, css: str, name: str) -> bytes:
        identifier = hashlib.sha256((css + html).encode("utf-8")).hexdigest()[:32]  # the same bytes for the same sheet
        try:
            self.connection.send((html, identifier, css))
            kind, value = self.connection.recv()
        except (EOFError, OSError) as error:
            raise EnvironmentProblem("env.pdf_failed", path=name, error=str(error) or type(error).__name__) from error
        if kind != "pdf":
            raise EnvironmentProblem("env.pdf_failed", path=name, error=str(value))
        data: bytes = value
        return data

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError, ValueError):  # the worker may be gone already
            self.connection.send(None)
        self.connection.close()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
