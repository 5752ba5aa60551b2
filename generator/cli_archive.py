"""`gongshi archive freeze | verify | errata`: the commands of archived years, thin over the archive package."""


from pathlib import Path
from typing import Annotated

import typer

from .cli_common import Consoles
from .errors import GongshiError, UsageError
from .i18n import Translator


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise UsageError("usage.year", value=text)
    return int(text)


def _content(folder: Path) -> Path:
    """The content folder, which must be there: an archive is never said missing of a folder that is."""
    if not folder.is_dir():
        from .errors import ContentError, Problem

        raise ContentError([Problem.at(str(folder), 0, "", "files.no_content_dir")])
    return folder


def archive_app(tr: Translator, consoles: Consoles) -> typer.Typer:
    app = typer.Typer(no_args_is_help=True)
    content_arg = Annotated[Path, typer.Argument(help=tr("内容目录（默认 ./content）"))]
    today_option = Annotated[str | None, typer.Option("--today", help=tr("参考日期 YYYY-MM-DD（归档日期）"))]
    year_arg = Annotated[str, typer.Argument(help=tr("年度，如 2024"))]

    @app.command(help=tr("冻结一个年度：输入文件、当年规则、计算结果和 PDF/A 存入 content/archive/<年度>/。"))
    def freeze(year: year_arg, content: content_arg = Path("content"),
               force: Annotated[bool, typer.Option("--force", help=tr("覆盖已有的归档"))] = False,
               today: today_option = None) -> None:
        from .archive.freeze import freeze_year
        from .reference import reference_date

        result = freeze_year(_content(content), _year(year), reference_date(today)[0], tr, force=force)
        text = tr("已重新归档 {year} 年度：{path}", year=year, path=result.bag) if result.replaced else \
            tr("已归档 {year} 年度：{path}（{files} 个文件，BagIt 格式，可用 bagit 工具校验）", year=year, path=result.bag,
               files=result.files)
        consoles.say(text)

    @app.command(name="verify", help=tr("校验全部已归档年度：列出每个被改动、缺失或多出的文件。"))
    def verify_command(content: content_arg = Path("content")) -> None:
        from .archive.bag import ARCHIVE_FOLDER, verify

        results = verify(_content(content))
        if not results:
            consoles.say(tr("没有已归档的年度"))
            return
        failed = False
        for year, findings in results.items():
            if not findings:
                consoles.say(tr("{year} 年度归档完好", year=year))
                continue
            failed = True
            consoles.err.print(tr.plural("{year} 年度归档有 {n} 处问题：", "{year} 年度归档有 {n} 处问题：", len(findings),
                                         year=year), markup=False)
            for path, message in findings:
                consoles.err.print(f"  {ARCHIVE_FOLDER}/{year}/{path}: {message.text(tr)}", markup=False)
        if failed:
            raise typer.Exit(1)

    @app.command(help=tr("登记一条勘误（日期、事项、原值、新值、原因）；不改动原归档文件，归档校验仍然通过。"))
    def errata(year: year_arg,
               what: Annotated[str, typer.Option("--what", help=tr("更正事项，如“区财政局2024年度综合得分”"))],
               old: Annotated[str, typer.Option("--old", help=tr("原公布的数值或内容"))],
               new: Annotated[str, typer.Option("--new", help=tr("更正后的数值或内容"))],
               reason: Annotated[str, typer.Option("--reason", help=tr("更正原因"))],
               content: content_arg = Path("content"),
               unit: Annotated[str | None, typer.Option("--unit", help=tr("涉及单位的 id（在该单位页面上显示）"))] = None,
               period: Annotated[str | None, typer.Option("--period", help=tr("涉及的期次，如 2024"))] = None,
               today: today_option = None) -> None:
        from .archive.bag import ARCHIVE_FOLDER, add_erratum, check_bag, frozen_years, period_in_year
        from .archive.freeze import known_unit_ids
        from .archive.snapshot import Erratum
        from .model.privacy import findings as personal_data
        from .reference import reference_date

        number = _year(year)
        day = reference_date(today)[0]
        if number not in frozen_years(_content(content)):
            raise GongshiError("archive.not_frozen", year=number)
        bag = content / ARCHIVE_FOLDER / str(number)
        damage = check_bag(bag)
        if damage:
            # Rewriting the tag manifest over a damaged bag would make the damage pass for intact.
            listing = "\n".join(f"  {ARCHIVE_FOLDER}/{number}/{path}: {message.text(tr)}" for path, message in damage)
            raise GongshiError("archive.damaged", year=number, findings=listing)
        if unit is not None and unit not in known_unit_ids(content, bag):
            raise UsageError("archive.errata_unit", unit=unit)
        if period is not None and not period_in_year(period, number):
            raise UsageError("archive.errata_period", period=period, year=number)
        for text in (what, old, new, reason):
            for code, value in personal_data(text):
                raise UsageError(code, value=value)
        recorded = add_erratum(bag, Erratum(day, what, old, new, reason, unit, period))
        consoles.say(tr("已在 {year} 年度归档中登记第 {n} 条勘误；归档校验仍然通过", year=number, n=len(recorded)))

    return app
