"""The `gongshi` command: a thin layer that parses options, calls the library and prints what it returns.

The app is made for one language (`make_app(tr, …)`), so that its help texts come from the catalogue too;
`main` finds the language (the site's, else the environment's) and runs it through `cli_common.run`.
"""


import atexit
import contextlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .cli_common import Consoles, build_summary, examine_as, reference_day, run
from .errors import UsageError
from .i18n import Translator


def _jobs(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise UsageError("usage.at_least", name="--jobs", limit=1, value=value)
    return value


def make_app(tr: Translator, consoles: Consoles) -> typer.Typer:
    app = typer.Typer(name="gongshi",
                      help=tr("考核结果公示站点生成器：把考核表格变成静态公示网站和可打印的晾晒表。"),
                      no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
    content_arg = Annotated[Path, typer.Argument(help=tr("内容目录（默认 ./content）"))]
    today_option = Annotated[str | None, typer.Option(
        "--today", help=tr("参考日期 YYYY-MM-DD（默认：SOURCE_DATE_EPOCH，否则本机日期）"))]
    output_option = Annotated[Path, typer.Option("-o", "--output", help=tr("输出目录（默认 ./site）"))]
    strict_option = Annotated[bool, typer.Option("--strict", help=tr("数据检查的警告也作为错误：退出状态 1，不写入任何文件"))]

    def version(value: bool) -> None:
        if value:
            consoles.say(f"gongshi {__version__}")
            raise typer.Exit()

    @app.callback()
    def main(show_version: Annotated[bool, typer.Option("--version", callback=version, is_eager=True,
                                                         help=tr("显示版本号"))] = False) -> None:
        """gongshi"""

    @app.command(help=tr("新建一个可直接生成的内容目录（含示例数据）。"))
    def init(directory: Annotated[Path, typer.Argument(help=tr("新内容目录"))]) -> None:
        from .resources import demo_content_dir

        if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
            raise UsageError("usage.init_exists", path=str(directory))
        shutil.copytree(demo_content_dir(), directory, dirs_exist_ok=True, ignore=shutil.ignore_patterns("archive", ".*"))
        consoles.say(tr("已创建内容目录 {path}（示例数据）。修改后运行：gongshi build {path}", path=directory))

    @app.command(help=tr("检查全部内容，一次列出所有问题（文件:行:列: 说明）。"))
    def validate(content: content_arg = Path("content"),
                 format: Annotated[str, typer.Option("--format", help=tr("text 或 json"))] = "text",
                 today: today_option = None, strict: strict_option = False,
                 cache: Annotated[Path | None, typer.Option("--cache", help=tr(
                     "缓存目录（默认为当前目录下的 .gongshi-cache，有则沿用）"))] = None) -> None:
        from .cli_review import checks_json, print_checks

        data, outcome, report = examine_as(content, today, strict, format, consoles, tr, cache)
        notes = [note.text(tr) for note in data.notes]
        if format == "json":
            consoles.say(json.dumps({"ok": True, "problems": [], "notes": notes, **checks_json(report, tr)},
                                    ensure_ascii=False))
            return
        for note in notes:
            consoles.warn(note)
        print_checks(report, tr, consoles)
        consoles.say(tr("内容有效：{units} 个单位，{indicators} 项指标，{periods} 个期次，{notices} 篇通报，{tasks} 项揭榜任务。",
                        units=len(data.units), indicators=len(data.indicators), periods=len(outcome.periods),
                        notices=len(data.notices), tasks=len(data.tasks)))

    @app.command(name="build", help=tr("生成公示网站（和 PDF）。失败时不写入任何文件，原有网站保持不变。"))
    def build_command(content: content_arg = Path("content"), output: output_option = Path("site"),
                      no_pdf: Annotated[bool, typer.Option("--no-pdf", help=tr("不生成 PDF"))] = False,
                      jobs: Annotated[int | None, typer.Option("--jobs", "-j", help=tr("并行进程数（默认为 CPU 核数）"))] = None,
                      today: today_option = None,
                      cache: Annotated[Path | None, typer.Option(
                          "--cache", help=tr("缓存目录（默认为输出目录旁的 .gongshi-cache）"))] = None,
                      strict: strict_option = False) -> None:
        from .state import unchanged

        day = reference_day(today, consoles, tr)
        if not strict and unchanged(content, output, day.isoformat(), not no_pdf, cache) is not None:
            consoles.say(tr("内容没有变化，{site} 保持原样。", site=output))
            return
        from .interrupt import Interrupt
        from .pdf.workers import build_workers

        # Forked before the build's modules (pandas and the rest) are imported: they load WeasyPrint meanwhile.
        with Interrupt() as interrupt, build_workers(not no_pdf, _jobs(jobs)) as workers:
            from .build import build

            with _Progress(tr, consoles) as progress:
                result = build(content, output, day, pdf=not no_pdf, jobs=_jobs(jobs), progress=progress,
                               cache_dir=cache, strict=strict, workers=workers, checkpoint=interrupt.check)
        for note in result.notes:
            consoles.warn(note.text(tr))
        if result.checks is not None:
            from .cli_review import print_checks

            print_checks(result.checks, tr, consoles)
        consoles.say(build_summary(result, output, tr))
        if result.written and result.pdfs:
            consoles.say(tr("PDF {pdfs} 个：本次生成 {rendered} 个，{cached} 个未变（取自缓存）。", pdfs=result.pdfs,
                            rendered=result.pdfs_rendered, cached=result.pdfs - result.pdfs_rendered))

    @app.command(help=tr("检查本机环境：中文字体、PDF 引擎、字体子集化、搜索索引程序和版本。"))
    def doctor(content: content_arg = Path("content")) -> None:
        from rich.table import Table
        from rich.text import Text

        from .doctor import diagnose, summary

        lines = diagnose(content if content.is_dir() else None, tr)
        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold")
        for line in lines:
            style = "" if line.ok else "bold red"
            table.add_row(Text("✓" if line.ok else "✗", style=style), Text(line.label), Text(line.value, style=style))
        consoles.out.print(table)
        consoles.say(summary(lines, tr))
        if any(not line.ok for line in lines):
            raise typer.Exit(1)

    @app.command(help=tr("生成网站并在本机预览；内容有改动时自动重新生成并刷新浏览器。"))
    def serve(content: content_arg = Path("content"), output: output_option = Path("site"),
              host: Annotated[str, typer.Option("--host", help=tr("监听地址（默认只监听本机 127.0.0.1）"))] = "127.0.0.1",
              port: Annotated[int, typer.Option("--port", help=tr("端口（被占用时自动试下一个）"))] = 8000,
              pdf: Annotated[bool, typer.Option(
                  "--pdf/--no-pdf", help=tr("是否同时生成 PDF（默认不生成，以便快速预览）"))] = False,
              today: today_option = None) -> None:
        from .serve import serve as serve_site

        if not 1 <= port <= 65535:
            raise UsageError("usage.port", value=port)
        serve_site(content, output, reference_day(today, consoles, tr), tr, consoles, host=host, port=port, pdf=pdf)

    from .cli_archive import archive_app

    app.add_typer(archive_app(tr, consoles), name="archive", help=tr("年度归档：冻结、校验、勘误。"))
    from .cli_review import review_commands

    review_commands(app, tr, consoles)
    return app


class _Progress:
    """A progress bar on stderr while PDFs render, only when stderr is a terminal."""

    def __init__(self, tr: Translator, consoles: Consoles) -> None:
        self.tr, self.consoles = tr, consoles
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not self.consoles.err.is_terminal:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        # auto_refresh=False: no refresh thread, so that the PDF workers can be forked safely.
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=self.consoles.err, transient=True, auto_refresh=False)
        self.bar.__enter__()
        task: list[Any] = []

        def update(done: int, total: int) -> None:
            assert self.bar is not None
            if not task:
                task.append(self.bar.add_task(self.tr("正在生成 PDF"), total=total))
            self.bar.update(task[0], completed=done, total=total)
            self.bar.refresh()

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def main() -> None:
    status = run(make_app)
    # Leave without tearing the interpreter down: freeing a build's objects module by module takes a tenth of
    # a second that the system does at once. What must happen at exit still does: the exit handlers (they
    # join any child process) and the flushing of the output.
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
