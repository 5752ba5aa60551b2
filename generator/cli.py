"""The `gongshi` command: a thin layer that parses options, calls the library and prints its errors."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .build import build, check, reference_date
from .cli_archive import archive_app
from .cli_common import ContentArg, err, fail, lang_of, out
from .errors import ContentError, GongshiError
from .i18n import Messages
from .resources import demo_content_dir

_MSG = Messages(
    {
        "valid": ("内容有效：{units} 个单位，{indicators} 项指标，{periods} 个期次，{notices} 篇通报，{tasks} 项揭榜任务。",
                  "Content is valid: {units} units, {indicators} indicators, {periods} periods, {notices} notices, {tasks} tasks."),
        "built": ("已生成 {site}：{pages} 个页面，共 {files} 个文件。", "Built {site}: {pages} pages, {files} files."),
        "unchanged": ("内容没有变化，{site} 保持原样。", "Nothing changed; {site} is as it was."),
        "pdfs": ("PDF {pdfs} 个：本次生成 {rendered} 个，{cached} 个未变（取自缓存）。",
                 "{pdfs} PDFs: {rendered} rendered, {cached} unchanged (from the cache)."),
        "pdf_progress": ("正在生成 PDF", "Rendering PDFs"),
        "serving": ("预览地址：{url}（按 Ctrl+C 停止；内容改动后自动刷新）", "Serving at {url} (Ctrl+C to stop; pages reload on change)"),
        "init_exists": ("{path} 已存在且不为空，请换一个目录。", "{path} exists and is not empty; choose another folder."),
        "init_done": ("已创建内容目录 {path}（示例数据）。修改后运行：gongshi build {path}",
                      "Created the content folder {path} (demo data). Edit it, then run: gongshi build {path}"),
    }
)

app = typer.Typer(
    name="gongshi",
    help="考核结果公示站点生成器：把考核表格变成静态公示网站和可打印的晾晒表。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"gongshi {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号")] = False,
) -> None:
    """gongshi"""




@app.command()
def init(directory: Annotated[Path, typer.Argument(help="新内容目录")]) -> None:
    """新建一个可直接生成的内容目录（含示例数据）。"""
    if directory.exists() and any(directory.iterdir()):
        err.print(_MSG("zh-CN", "init_exists", path=directory), markup=False)
        raise typer.Exit(2)
    source = demo_content_dir()
    shutil.copytree(source, directory, dirs_exist_ok=True, ignore=shutil.ignore_patterns("archive", ".*"))
    out.print(_MSG("zh-CN", "init_done", path=directory), markup=False)


@app.command()
def validate(
    content: ContentArg = Path("content"),
    format: Annotated[str, typer.Option("--format", help="text 或 json")] = "text",
    today: Annotated[str | None, typer.Option("--today", help="参考日期 YYYY-MM-DD")] = None,
) -> None:
    """检查全部内容，一次列出所有问题（文件:行:列: 说明）。"""
    if format not in ("text", "json"):
        err.print(f"--format {format}: text | json", markup=False)
        raise typer.Exit(2)
    lang = lang_of(content)
    try:
        data, outcome = check(content, reference_date(today), lang)
    except ContentError as error:
        if format == "json":
            print(json.dumps({"ok": False, "problems": [p.as_dict() for p in error.problems]}, ensure_ascii=False, indent=1))
            raise typer.Exit(1) from None
        raise fail(error, lang) from None
    except GongshiError as error:
        raise fail(error, lang) from None
    if format == "json":
        print(json.dumps({"ok": True, "problems": [], "notes": list(data.notes)}, ensure_ascii=False))
        return
    for note in data.notes:
        err.print(note, style="yellow", markup=False)
    out.print(_MSG(data.lang, "valid", units=len(data.units), indicators=len(data.indicators),
                   periods=len(outcome.periods), notices=len(data.notices), tasks=len(data.tasks)), markup=False)


@app.command(name="build")
def build_command(
    content: ContentArg = Path("content"),
    output: Annotated[Path, typer.Option("-o", "--output", help="输出目录（默认 ./site）")] = Path("site"),
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="不生成 PDF")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="并行生成 PDF 的进程数（默认为 CPU 核数）")] = None,
    today: Annotated[str | None, typer.Option("--today", help="参考日期 YYYY-MM-DD")] = None,
) -> None:
    """生成公示网站（和 PDF）。失败时不写入任何文件，原有网站保持不变。"""
    lang = lang_of(content)
    try:
        with _pdf_progress(lang) as progress:
            result = build(content, output, reference_date(today), pdf=not no_pdf, jobs=jobs, progress=progress)
    except GongshiError as error:
        raise fail(error, lang) from None
    for note in result.notes:
        err.print(note, style="yellow", markup=False)
    key = "built" if result.written else "unchanged"
    out.print(_MSG(lang, key, site=output, pages=result.pages, files=result.files), markup=False)
    if result.pdfs:
        out.print(_MSG(lang, "pdfs", pdfs=result.pdfs, rendered=result.pdfs_rendered,
                       cached=result.pdfs - result.pdfs_rendered), markup=False)


@contextmanager
def _pdf_progress(lang: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr while PDFs render, only when stderr is a terminal."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    # auto_refresh=False: no refresh thread, so that the PDF workers can be forked safely; the bar is
    # redrawn each time a PDF is done.
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, auto_refresh=False) as bar:
        task = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task(_MSG(lang, "pdf_progress"), total=total)
            bar.update(task, completed=done, total=total)
            bar.refresh()

        yield update


@app.command()
def doctor(content: ContentArg = Path("content")) -> None:
    """检查本机环境：中文字体、PDF 引擎、字体子集化、搜索索引程序和版本。"""
    from rich.table import Table
    from rich.text import Text

    from .doctor import diagnose, summary

    lang = lang_of(content)
    lines = diagnose(content if content.is_dir() else None, lang)
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for line in lines:
        style = "" if line.ok else "bold red"
        table.add_row(Text("✓" if line.ok else "✗", style=style), Text(line.label), Text(line.value, style=style))
    out.print(table)
    out.print(summary(lines, lang), markup=False)
    if any(not line.ok for line in lines):
        raise typer.Exit(1)


@app.command()
def serve(
    content: ContentArg = Path("content"),
    output: Annotated[Path, typer.Option("-o", "--output", help="输出目录（默认 ./site）")] = Path("site"),
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="是否同时生成 PDF（默认不生成，以便快速预览）")] = False,
    today: Annotated[str | None, typer.Option("--today", help="参考日期 YYYY-MM-DD")] = None,
) -> None:
    """生成网站并在本机预览；内容有改动时自动重新生成并刷新浏览器。"""
    from .serve import serve as serve_site

    lang = lang_of(content)

    def rebuild() -> None:
        try:
            result = build(content, output, reference_date(today), pdf=pdf)
        except GongshiError as error:
            fail(error, lang)  # printed; the previous site stays and is still served
            return
        out.print(_MSG(lang, "built" if result.written else "unchanged", site=output, pages=result.pages,
                       files=result.files), markup=False)

    try:
        build(content, output, reference_date(today), pdf=pdf)
    except GongshiError as error:
        raise fail(error, lang) from None
    serve_site(content, output, rebuild, port=port,
               announce=lambda url: out.print(_MSG(lang, "serving", url=url), markup=False))


app.add_typer(archive_app, name="archive")
