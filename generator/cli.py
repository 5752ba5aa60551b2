"""The `gongshi` command: a thin layer that parses options, calls the library and prints its errors."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import __version__
from .build import build, check, reference_date
from .errors import ContentError, GongshiError, UsageError
from .i18n import Messages
from .resources import demo_content_dir

_MSG = Messages(
    {
        "valid": ("内容有效：{units} 个单位，{indicators} 项指标，{periods} 个期次，{notices} 篇通报，{tasks} 项揭榜任务。",
                  "Content is valid: {units} units, {indicators} indicators, {periods} periods, {notices} notices, {tasks} tasks."),
        "invalid": ("发现 {count} 个问题，未生成任何文件。", "{count} problem(s) found; nothing was written."),
        "built": ("已生成 {site}：{pages} 个页面，共 {files} 个文件。", "Built {site}: {pages} pages, {files} files."),
        "unchanged": ("内容没有变化，{site} 保持原样。", "Nothing changed; {site} is as it was."),
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
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        print(f"gongshi {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号")] = False,
) -> None:
    """gongshi"""


def _fail(error: GongshiError, lang: str = "zh-CN") -> typer.Exit:
    if isinstance(error, ContentError):
        for problem in error.problems:
            err.print(str(problem), markup=False)
        err.print(_MSG(lang, "invalid", count=len(error.problems)), style="bold red", markup=False)
    else:
        err.print(str(error), style="bold red", markup=False)
    return typer.Exit(error.exit_code)


def _lang_of(content: Path) -> str:
    try:
        import tomllib

        return tomllib.loads((content / "site.toml").read_text(encoding="utf-8-sig")).get("site", {}).get("lang", "zh-CN")
    except (OSError, ValueError):
        return "zh-CN"


ContentArg = Annotated[Path, typer.Argument(help="内容目录（默认 ./content）")]


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
    lang = _lang_of(content)
    try:
        data, outcome = check(content, reference_date(today), lang)
    except ContentError as error:
        if format == "json":
            print(json.dumps({"ok": False, "problems": [p.as_dict() for p in error.problems]}, ensure_ascii=False, indent=1))
            raise typer.Exit(1) from None
        raise _fail(error, lang) from None
    except GongshiError as error:
        raise _fail(error, lang) from None
    if format == "json":
        print(json.dumps({"ok": True, "problems": []}, ensure_ascii=False))
        return
    out.print(_MSG(data.lang, "valid", units=len(data.units), indicators=len(data.indicators),
                   periods=len(outcome.periods), notices=len(data.notices), tasks=len(data.tasks)), markup=False)


@app.command(name="build")
def build_command(
    content: ContentArg = Path("content"),
    output: Annotated[Path, typer.Option("-o", "--output", help="输出目录（默认 ./site）")] = Path("site"),
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="不生成 PDF")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="并行生成 PDF 的进程数")] = None,
    today: Annotated[str | None, typer.Option("--today", help="参考日期 YYYY-MM-DD")] = None,
) -> None:
    """生成公示网站（和 PDF）。失败时不写入任何文件，原有网站保持不变。"""
    lang = _lang_of(content)
    try:
        result = build(content, output, reference_date(today))
    except GongshiError as error:
        raise _fail(error, lang) from None
    key = "built" if result.written else "unchanged"
    out.print(_MSG(lang, key, site=output, pages=result.pages, files=result.files), markup=False)


def run() -> None:  # pragma: no cover - console entry for `python -m generator`
    try:
        app()
    except UsageError as error:
        err.print(str(error), markup=False)
        sys.exit(2)
