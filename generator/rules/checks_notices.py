"""The data check of the notices' text (`markup`): what their pages and PDFs will not show. The sanitiser takes
out images (no page loads a file), links to addresses other than http, https, mailto or the site's own pages,
and HTML beyond the basic tags (generator/markup.py); a notice that says 见下图 would otherwise be published
without its picture and nobody told."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Problem
from ..markup import dropped
from ..model.types import Notice
from .checks_values import Finding

CODES = {"image": "checks.markup_image", "link": "checks.markup_link", "html": "checks.markup_html"}


def notice_markup(notices: Sequence[Notice]) -> list[Finding]:
    found = []
    for notice in notices:
        for item in dropped(notice.body_markdown):
            problem = Problem.at(notice.source, notice.body_line + item.line, "", CODES[item.kind], what=item.what,
                                 address=item.address)
            found.append(Finding("markup", problem, period=notice.period, notice=notice.slug))
    return found
