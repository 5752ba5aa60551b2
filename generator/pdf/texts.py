"""The words printed on the PDFs only (the site's words are in render/texts.py and are shared)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..i18n import Messages, normalise_lang

PDF = Messages(
    {
        "page_of": ("第 {page} 页 共 {pages} 页", "page {page} of {pages}"),
        "published_on": ("发布日期", "Published on"),
        "publisher": ("发布单位", "Published by"),
        "period": ("期次", "Period"),
        "window": ("公示期", "Public notice period"),
        "window_range": ("{start}至{end}", "{start} to {end}"),
        "objections": ("异议反映", "Objections to"),
        "objections_hint": ("公示期内对结果有异议的，请向{contact}反映。",
                            "Objections during the notice period: {contact}."),
        "legend": ("档次说明", "Tiers"),
        "values_note": ("指标列为各项指标得分（按考核办法标准化）；“—”表示该项不适用。",
                        "Indicator columns show each indicator's score (normalised as the method says); “—”: not applicable."),
        "group_count": ("{group}（共 {n} 个单位）", "{group} ({n} units)"),
        "all_units": ("全部单位（共 {n} 个）", "All units ({n})"),
        "absent": ("未参评单位", "Not ranked"),
        "source": ("数据来源", "Source"),
        "flags_legend": ("结果运用", "Consequences"),
        "promote": ("经验推广", "Good practice to share"),
        "summon": ("约谈督促", "Talks and follow-up"),
        "none": ("无", "none"),
        "card_title": ("考核结果报告单", "assessment report card"),
        "as_of": ("截至 {date}", "as of {date}"),
        "latest": ("最新结果", "Latest result"),
        "recent": ("近期结果", "Recent results"),
        "chart": ("得分走势", "Score over time"),
        "grades": ("年度考核等次", "Annual grades"),
        "flags_active": ("结果运用提示", "Consequences in force"),
        "standings": ("负责的全市晾晒指标（最近一期）", "City standings it answers for (latest)"),
        "tasks": ("揭榜领题", "Claimed problems"),
        "not_ranked": ("未参评", "not ranked"),
        "card_footer": ("本报告单根据考核数据自动生成，以考核办正式文件为准。",
                        "Generated from the assessment data; the assessment office's documents are authoritative."),
        "book_title": ("{year}年度考核结果汇编", "{year} assessment results"),
        "contents": ("目　录", "Contents"),
        "book_grades": ("年度考核等次", "Annual grades"),
        "book_boards": ("各期晾晒", "Boards of the year"),
        "book_annual": ("年度综合考核", "Annual assessment"),
        "grade_counts": ("各等次数量", "Count per grade"),
        "persons_hidden": ("按规定只公布各等次人数。", "Only the counts per grade are published."),
        "notice_window": ("公示期：{range}", "Notice period: {range}"),
        "kind": ("类别", "Kind"),
        "date": ("日期", "Date"),
        "rank_value": ("第 {rank} 名 / 共 {size} 个", "{rank} of {size}"),
        "more": ("另有 {n} 项，详见网站。", "{n} more on the website."),
        "errata_title": ("{year}年度考核结果汇编勘误表", "Errata to the {year} assessment results"),
        "errata_intro": ("{year}年度结果已于{date}归档；归档文件不作改动，更正以本表为准。",
                         "{year} was archived on {date}; the archive is never altered, and these corrections prevail."),
        "errata_what": ("更正事项", "What"),
        "errata_old": ("原公布", "Published"),
        "errata_new": ("更正为", "Corrected to"),
        "errata_reason": ("更正原因", "Reason"),
        "errata_note": ("归档校验值（SHA-256）：{checksum}", "Archive checksum (SHA-256): {checksum}"),
    }
)


def pdf_translator(lang: str) -> Callable[..., str]:
    def p(key: str, **values: object) -> str:
        return PDF(lang, key, **values)

    return p


def long_date(value: date, lang: str) -> str:
    """2025年11月30日 (GB/T 9704 writes dates with Arabic numerals and no leading zeros), or 30 November 2025."""
    if normalise_lang(lang) == "en":
        return f"{value.day} {value.strftime('%B')} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"
