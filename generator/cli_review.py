"""`gongshi check | diff | whatif`: before a build goes public (SPEC 7.1–7.3), thin over rules.checks and the
review package. Also the printing of the data checks' warnings that `validate`, `build` and `serve` share."""


import contextlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli_common import Consoles, examine_as, reference_day, stage_cache
from .errors import UsageError
from .i18n import Translator


def print_checks(report: Any, tr: Translator, consoles: Consoles, summary: bool = False) -> None:
    """The data checks' warnings on stderr, `file:row:column: message [check]`, and a line saying what they
    mean (always when `summary`, else only when there are warnings)."""
    from .review.views import checks_summary

    for line in report.lines(tr):
        consoles.warn(line)
    if summary or report.warnings:
        (consoles.say if summary else consoles.warn)(checks_summary(report, tr))


def checks_json(report: Any, tr: Translator) -> dict[str, Any]:
    return {"warnings": [{**f.problem.as_dict(tr), "check": f.check} for f in report.warnings],
            "accepted": [{**f.problem.as_dict(tr), "check": f.check, "reason": reason} for f, reason in report.accepted]}


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    if not (text.isdigit() and len(text) == 4):
        raise UsageError("usage.year", value=text)
    return int(text)


def review_commands(app: typer.Typer, tr: Translator, consoles: Consoles) -> None:
    content_arg = Annotated[Path, typer.Argument(help=tr("内容目录（默认 ./content）"))]
    today_option = Annotated[str | None, typer.Option(
        "--today", help=tr("参考日期 YYYY-MM-DD（默认：SOURCE_DATE_EPOCH，否则本机日期）"))]

    @app.command(name="check", help=tr("数据检查：找出格式无误、却可能填错的数据，作为警告列出（--strict 时作为错误）。"))
    def check_command(content: content_arg = Path("content"),
                      strict: Annotated[bool, typer.Option("--strict", help=tr("警告也作为错误（退出状态 1）"))] = False,
                      format: Annotated[str, typer.Option("--format", help=tr("text 或 json"))] = "text",
                      today: today_option = None,
                      cache: Annotated[Path | None, typer.Option("--cache", help=tr(
                          "缓存目录（默认为当前目录下的 .gongshi-cache，有则沿用）"))] = None) -> None:
        from .review.views import accepted_text

        _, _, report = examine_as(content, today, strict, format, consoles, tr, cache)
        if format == "json":
            consoles.say(json.dumps({"ok": True, **checks_json(report, tr),
                                     "checks": [{"check": c, "level": level, "warnings": w, "accepted": a}
                                                for c, level, w, _, a in report.summary()]}, ensure_ascii=False, indent=1))
            return
        for finding, reason in report.accepted:
            consoles.say(accepted_text(finding, reason, tr))
        print_checks(report, tr, consoles, summary=True)

    @app.command(help=tr("列出这次生成会让已发布的网站发生哪些变化；--sheet 生成公开审查单（HTML、PDF 和文件清单）。"
                         "没有变化时退出状态为 0，有变化时为 3。"))
    def diff(content: content_arg = Path("content"),
             against: Annotated[Path, typer.Option("--against", help=tr("已发布的网站（默认 ./site，可以是服务器上的副本）"))]
             = Path("site"),
             built: Annotated[Path | None, typer.Option("--built", help=tr(
                 "刚生成、准备发布的网站（gongshi build -o 的目录）：审查单列出它的文件和 manifest.json 的校验值"))] = None,
             sheet: Annotated[Path | None, typer.Option("--sheet", help=tr(
                 "生成公开审查单 STEM.html、STEM.pdf 和文件清单 STEM.sha256"))] = None,
             format: Annotated[str, typer.Option("--format", help=tr("text、json 或 csv"))] = "text",
             today: today_option = None,
             cache: Annotated[Path | None, typer.Option("--cache", help=tr(
                 "缓存目录（默认为 --built 目录旁的 .gongshi-cache）"))] = None) -> None:
        from .review.diff import diff_site
        from .state import default_cache

        if format not in ("text", "json", "csv"):
            raise UsageError("usage.choice", name="--format", known=("text", "json", "csv"), value=format)
        if sheet is not None and built is None:
            if Path("site").resolve() == against.resolve() or not Path("site").is_dir():
                raise UsageError("review.sheet_needs_built")
            built = Path("site")  # what `gongshi build` writes by default
        if sheet is not None:
            for site in (built, against):
                if site is not None and sheet.absolute().parent.resolve().is_relative_to(site.resolve()):
                    raise UsageError("review.sheet_in_site", path=str(sheet), site=str(site))
        day = reference_day(today, consoles, tr)
        with contextlib.ExitStack() as stack:
            printer = None
            if sheet is not None:
                from .review.printer import PdfWorker

                printer = stack.enter_context(PdfWorker())  # WeasyPrint loads while the diff is computed
            stages = stage_cache(cache or (default_cache(built) if built is not None else None))
            result, data, outcome = diff_site(content, against, day, built, stages)
            _show_diff(result, data, outcome, sheet, printer, format, consoles)
        if result.changed:
            raise typer.Exit(3)

    @app.command(help=tr("规则试算：用规则文件替换 site.toml 的相应部分重新计算，列出会变化的名次、档次、等次和结果运用。"
                         "不写入网站或归档。"))
    def whatif(rules: Annotated[Path, typer.Option("--rules", help=tr("规则文件：site.toml 的片段，写要替换的部分"))],
               content: content_arg = Path("content"),
               year: Annotated[str | None, typer.Option("--year", help=tr("只试算这一年度（已归档的年度也可以，只读）"))] = None,
               html: Annotated[Path | None, typer.Option("--html", help=tr("另存为左右对照的 HTML 报告"))] = None,
               today: today_option = None) -> None:
        from .review.views import board_view
        from .review.whatif import board_fields, what_if, whatif_html, whatif_lines

        number = _year(year)
        from .parallel import default_jobs
        from .review.whatif import SharedStages

        result, base, _ = what_if(content, rules, reference_day(today, consoles, tr), number, SharedStages(default_jobs()))
        words = Translator(base[0].lang)
        from .review.views import counts_text

        for board in result.boards:
            view = board_view(board, board_fields(board), words, summary=counts_text(board.counts(), words))
            _print_board(view, words, consoles)
        for line in whatif_lines(result, words):
            consoles.say(line)
        if html is not None:
            from .review.sheet import write_file

            write_file(html, whatif_html(result, base[0], words).encode("utf-8"))
            consoles.warn(words("已生成试算报告：{path}", path=html))


def _show_diff(result: Any, content: Any, outcome: Any, sheet: Path | None, printer: Any, format: str,
               consoles: Consoles) -> None:
    from .review.diff import diff_csv, diff_data

    words = Translator(content.lang)
    print_checks(result.checks, words, consoles)
    if format == "json":
        consoles.say(json.dumps(diff_data(result), ensure_ascii=False, indent=1))
    elif format == "csv":
        consoles.out.file.write(diff_csv(result, words).decode("utf-8"))
    else:
        _print_diff(result, words, consoles)
    if sheet is not None:
        from .review.sheet import write_sheet

        paths = write_sheet(sheet, result, content, outcome, words, printer)
        consoles.warn(words("已生成公开审查单：{files}", files=words("、").join(str(path) for path in paths)))


def _print_board(view: Any, tr: Translator, consoles: Consoles) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"{view.title}（{view.summary}）" if view.summary else view.title), title_justify="left",
                  show_lines=False, pad_edge=False)
    table.add_column(tr("单位"), overflow="fold")
    for heading in view.headings:
        table.add_column(heading, overflow="fold")
    for row in view.rows:
        cells = []
        for cell in row.cells:
            if cell.changed:
                cells.append(Text(f"{cell.old} → {cell.new}", style="bold"))
            else:
                cells.append(Text(cell.old if row.status == "removed" else cell.new))
        name = f"{row.name}（{row.note}）" if row.note else row.name
        table.add_row(Text(name), *cells)
    consoles.out.print(table)


def _print_diff(result: Any, tr: Translator, consoles: Consoles) -> None:
    from .review.compare import UNIT_FIELDS
    from .review.sheet import NOTICE_FIELDS
    from .review.views import board_view, diff_board_summary, diff_lines

    for board in result.boards:
        _print_board(board_view(board, UNIT_FIELDS, tr, summary=diff_board_summary(board, tr)), tr, consoles)
    for record in result.notices.added:
        consoles.say(tr("新增通报：{title}（{slug}）", title=record.title, slug=record.slug))
    for _, new, fields in result.notices.changed:
        consoles.say(tr("修改通报：{title}（{slug}）：{fields}", title=new.title, slug=new.slug,
                        fields=tr("、").join(tr(NOTICE_FIELDS[f]) for f in fields)))
    for record in result.notices.withdrawn:
        consoles.say(tr("撤下通报：{title}（{slug}）", title=record.title, slug=record.slug))
    for line in diff_lines(result, tr):
        consoles.say(line)
