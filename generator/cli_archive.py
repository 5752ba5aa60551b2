"""`gongshi archive freeze | verify | errata`: the commands of archived years, thin over archive/freeze."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .archive import (
    ARCHIVE_FOLDER,
    Erratum,
    add_erratum,
    archived_unit_ids,
    check_bag,
    current_unit_ids,
    frozen_years,
    period_in_year,
    verify,
)
from .build import reference_date
from .cli_common import ContentArg, err, fail, lang_of, out
from .errors import GongshiError
from .freeze import freeze_year
from .i18n import Messages

_MSG = Messages(
    {
        "frozen": ("已归档 {year} 年度：{path}（{files} 个文件，BagIt 格式，可用 bagit 工具校验）",
                   "Archived {year}: {path} ({files} files, a BagIt bag)"),
        "refrozen": ("已重新归档 {year} 年度：{path}", "Archived {year} again: {path}"),
        "verify_ok": ("{year} 年度归档完好", "{year}: intact"),
        "verify_bad": ("{year} 年度归档有 {count} 处问题：", "{year}: {count} problem(s):"),
        "no_archive": ("没有已归档的年度", "no archived year"),
        "not_frozen": ("{year} 年度尚未归档：请先运行 gongshi archive freeze {year}",
                       "{year} is not archived: run gongshi archive freeze {year} first"),
        "errata_damaged": ("{year} 年度归档已被改动，不能登记勘误（否则改动会被掩盖）。请先从备份恢复归档：",
                           "the archive of {year} is damaged; no erratum is recorded (it would hide the damage). Restore it first:"),
        "errata_unit": ("找不到单位“{unit}”（应为 units.csv 或归档中的单位 id）", "unknown unit “{unit}” (use a unit id)"),
        "errata_period": ("期次“{period}”不属于 {year} 年度", "period “{period}” is not in {year}"),
        "errata_ok": ("已在 {year} 年度归档中登记第 {n} 条勘误；归档校验仍然通过", "Recorded erratum {n} of {year}; the archive still verifies"),
    }
)

archive_app = typer.Typer(help="年度归档：冻结、校验、勘误。", no_args_is_help=True)

TodayOption = Annotated[str | None, typer.Option("--today", help="参考日期 YYYY-MM-DD（归档日期）")]


@archive_app.command()
def freeze(
    year: Annotated[int, typer.Argument(help="要归档的年度，如 2024")],
    content: ContentArg = Path("content"),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的归档")] = False,
    today: TodayOption = None,
) -> None:
    """冻结一个年度：输入文件、当年规则、计算结果和 PDF/A 存入 content/archive/<年度>/。"""
    lang = lang_of(content)
    try:
        result = freeze_year(content, year, reference_date(today), force=force)
    except GongshiError as error:
        raise fail(error, lang) from None
    key = "refrozen" if result.replaced else "frozen"
    out.print(_MSG(lang, key, year=year, path=result.bag, files=result.files), markup=False)


@archive_app.command(name="verify")
def verify_command(content: ContentArg = Path("content")) -> None:
    """校验全部已归档年度：列出每个被改动、缺失或多出的文件。"""
    lang = lang_of(content)
    results = verify(content, lang)
    if not results:
        out.print(_MSG(lang, "no_archive"), markup=False)
        return
    failed = False
    for year, findings in results.items():
        if not findings:
            out.print(_MSG(lang, "verify_ok", year=year), markup=False)
            continue
        failed = True
        err.print(_MSG(lang, "verify_bad", year=year, count=len(findings)), markup=False)
        for path, message in findings:
            err.print(f"  {ARCHIVE_FOLDER}/{year}/{path}: {message}", markup=False)
    if failed:
        raise typer.Exit(1)


@archive_app.command()
def errata(
    year: Annotated[int, typer.Argument(help="已归档的年度")],
    what: Annotated[str, typer.Option("--what", help="更正事项，如“区财政局2024年度综合得分”")],
    old: Annotated[str, typer.Option("--old", help="原公布的数值或内容")],
    new: Annotated[str, typer.Option("--new", help="更正后的数值或内容")],
    reason: Annotated[str, typer.Option("--reason", help="更正原因")],
    content: ContentArg = Path("content"),
    unit: Annotated[str | None, typer.Option("--unit", help="涉及单位的 id（在该单位页面上显示）")] = None,
    period: Annotated[str | None, typer.Option("--period", help="涉及的期次，如 2024")] = None,
    today: TodayOption = None,
) -> None:
    """登记一条勘误（日期、事项、原值、新值、原因）；不改动原归档文件，归档校验仍然通过。"""
    lang = lang_of(content)
    if year not in frozen_years(content):
        err.print(_MSG(lang, "not_frozen", year=year), markup=False)
        raise typer.Exit(1)
    bag = content / ARCHIVE_FOLDER / str(year)
    findings = check_bag(bag, lang)
    if findings:
        # Rewriting the tag manifest over a damaged bag would make the damage pass for intact.
        err.print(_MSG(lang, "errata_damaged", year=year), markup=False)
        for path, message in findings:
            err.print(f"  {ARCHIVE_FOLDER}/{year}/{path}: {message}", markup=False)
        raise typer.Exit(1)
    known_units = archived_unit_ids(bag) | current_unit_ids(content)
    if unit is not None and unit not in known_units:
        err.print(_MSG(lang, "errata_unit", unit=unit), markup=False)
        raise typer.Exit(2)
    if period is not None and not period_in_year(period, year):
        err.print(_MSG(lang, "errata_period", period=period, year=year), markup=False)
        raise typer.Exit(2)
    entry = Erratum(reference_date(today), what, old, new, reason, unit, period)
    recorded = add_erratum(bag, entry)
    out.print(_MSG(lang, "errata_ok", year=year, n=len(recorded)), markup=False)
