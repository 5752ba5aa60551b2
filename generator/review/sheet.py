"""The review sheet (公开审查单, SPEC 7.2): what a reviewer signs before the site is copied to the server.

`STEM.html` and `STEM.pdf` (WeasyPrint, through the engine the site's PDFs use): the publication's reference
date, the published site and the new one with the sha256 of its manifest.json — so that the signed sheet names
exactly the files that get copied —, the changes, the data checks passed and accepted, the files that change
on the server with their sha256, and lines for the reviewer's and the approver's signatures. Every file to
publish goes to `STEM.sha256` (the format of `sha256sum`, so `sha256sum -c` in the site's folder checks them
all), whose own sha256 the sheet prints: a prefecture's site has thousands of files, which no reviewer reads on
paper and which took WeasyPrint seconds to lay out. All three are deterministic: the same diff gives the same
bytes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from .. import __version__
from ..errors import GongshiError
from ..fonts import find_fonts
from ..i18n import N_, Translator
from ..model.types import Content
from ..outcome import Outcome
from ..pdf.style import page_of_content
from ..render.html import environment
from ..state import MANIFEST
from .compare import UNIT_FIELDS
from .diff import Diff
from .printer import PdfWorker
from .views import BoardView, CheckLine, accepted_text, board_view, check_lines, diff_board_summary, diff_lines

PRINTED_FILES = 100  # at most this many changed files are printed; STEM.sha256 always lists every file
NOTICE_FIELDS = {"title": N_("标题"), "kind": N_("类别"), "date": N_("日期"), "period": N_("期次"), "window": N_("公示期"),
                 "body_sha256": N_("正文")}


@dataclass(frozen=True)
class NoticeLine:
    title: str
    slug: str
    what: str  # 新增 / 修改（标题、正文）/ 撤下


@dataclass(frozen=True)
class SheetData:
    title: str
    organization: str
    site_title: str
    today: str
    data_date: str
    against: str
    published_sha: str
    built: str
    built_sha: str
    lines: tuple[str, ...]
    boards: tuple[BoardView, ...]
    notices: tuple[NoticeLine, ...]
    checks: tuple[CheckLine, ...]
    accepted: tuple[str, ...]
    warnings: tuple[str, ...]
    changed: tuple[tuple[str, str], ...]  # (path, sha256) of files added or changed, the first PRINTED_FILES
    unprinted: int  # files added or changed beyond those
    removed: tuple[str, ...]  # files of the published site that the new one no longer has
    listing: Listing | None  # None without a site to publish
    version: str


@dataclass(frozen=True)
class Listing:
    """STEM.sha256: every file of the site to publish, manifest.json included, as `sha256sum` prints them."""

    path: str  # where it is written, absolute: `sha256sum -c` is run from the site's folder
    site: str  # that folder, as the command line named it
    lines: tuple[str, ...]  # "<sha256>  <path>", sorted by path

    @property
    def data(self) -> bytes:
        return "".join(line + "\n" for line in self.lines).encode("utf-8")

    @property
    def sha256(self) -> str:
        return sha256(self.data).hexdigest()


def _notice_lines(result: Diff, tr: Translator) -> tuple[NoticeLine, ...]:
    lines = [NoticeLine(n.title, n.slug, tr("新增")) for n in result.notices.added]
    for _, new, fields in result.notices.changed:
        what = tr("、").join(tr(NOTICE_FIELDS[f]) for f in fields)
        lines.append(NoticeLine(new.title, new.slug, tr("修改（{fields}）", fields=what)))
    lines += [NoticeLine(n.title, n.slug, tr("撤下")) for n in result.notices.withdrawn]
    return tuple(lines)


def file_listing(result: Diff, path: Path) -> Listing | None:
    """The listing to write at `path` (None without a site to publish), sorted by path. A name with a newline
    or a backslash is escaped as sha256sum escapes it (a leading backslash, then \\\\ and \\n)."""
    if result.files is None:
        return None
    rows = [(name, sha) for name, sha, _ in result.files.files] + [(MANIFEST, result.files.manifest_sha256)]
    lines = tuple("\\" + sha + "  " + name.replace("\\", "\\\\").replace("\n", "\\n") if "\\" in name or "\n" in name
                  else f"{sha}  {name}" for name, sha in sorted(rows))
    return Listing(str(path.absolute()), str(result.files.built), lines)


def sheet_data(result: Diff, content: Content, outcome: Outcome, tr: Translator, listing: Listing | None) -> SheetData:
    """`listing`: the STEM.sha256 written beside the sheet (file_listing)."""
    files = result.files
    changed = tuple((path, sha) for path, sha, kind in files.files if kind != "same") if files else ()
    return SheetData(
        title=tr("公开审查单"), organization=content.config.site.organization, site_title=content.config.site.title,
        today=result.today.isoformat(), data_date=outcome.data_date.isoformat() if outcome.data_date else "—",
        against=str(result.site.path), published_sha=result.site.manifest_sha256 or tr("（尚未发布过）"),
        built=str(files.built) if files else "—", built_sha=files.manifest_sha256 if files else "—",
        lines=tuple(diff_lines(result, tr)),
        boards=tuple(board_view(b, UNIT_FIELDS, tr, summary=diff_board_summary(b, tr)) for b in result.boards),
        notices=_notice_lines(result, tr), checks=tuple(check_lines(result.checks, tr)),
        accepted=tuple(accepted_text(f, reason, tr) for f, reason in result.checks.accepted),
        warnings=tuple(f.text(tr) for f in result.checks.warnings),
        changed=changed[:PRINTED_FILES], unprinted=max(0, len(changed) - PRINTED_FILES),
        removed=files.removed if files else (), listing=listing, version=__version__)


def sheet_html(data: SheetData, content: Content, tr: Translator, css: str, every_file: bool = False) -> str:
    """`every_file`: list every file of the listing too (the HTML sheet: text costs nothing there; on paper
    the listing's SHA-256 names them)."""
    env = environment(content.root, tr)
    return env.get_template("review/sheet.html").render(sheet=data, css=css, every_file=every_file,
                                                        html_lang="en" if tr.english else "zh-CN")


def sheet_css(content_root: Path, tr: Translator, fonts_css: str = "") -> str:
    env = environment(content_root, tr)
    assert env.loader is not None
    text, _, _ = env.loader.get_source(env, "review/sheet.css")
    return fonts_css + text + f"@page {{ @bottom-center {{ content: {page_of_content(tr)}; }} }}\n"


def write_sheet(stem: Path, result: Diff, content: Content, outcome: Outcome, tr: Translator,
                worker: PdfWorker | None = None) -> tuple[Path, ...]:
    """Write STEM.sha256 (with a site to publish), STEM.pdf and STEM.html, each whole or not at all, the
    listing first: the sheets print its SHA-256. Returns their paths, the sheets first. `worker`: one started
    beforehand (review.printer)."""
    html_path, pdf_path, listing_path = (stem.with_name(stem.name + suffix) for suffix in (".html", ".pdf", ".sha256"))
    listing = file_listing(result, listing_path)
    data = sheet_data(result, content, outcome, tr, listing)
    fonts = find_fonts(content.config.pdf.font, content.root)
    css = sheet_css(content.root, tr, fonts.css())
    document = sheet_html(data, content, tr, "")
    if worker is None:
        with PdfWorker() as own:
            pdf = own.render(document, css, pdf_path.name)
    else:
        pdf = worker.render(document, css, pdf_path.name)
    if listing is not None:
        write_file(listing_path, listing.data)
    write_file(pdf_path, pdf)
    write_file(html_path, sheet_html(data, content, tr, sheet_css(content.root, tr), every_file=True).encode("utf-8"))
    return (html_path, pdf_path) if listing is None else (html_path, pdf_path, listing_path)


def write_file(path: Path, data: bytes) -> None:
    """Write a report the user asked for (a file of theirs, not of the site), whole or not at all, with the
    permissions any new file of theirs gets (the umask's, as a plain write would): a clear error when it
    cannot be."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise GongshiError("review.write_failed", path=str(path), error=error.strerror or str(error)) from error
