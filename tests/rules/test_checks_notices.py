"""generator.rules.checks_notices and generator/markup.py: the `markup` data check warns of what a notice's
page and PDF will not show (pictures, links the sanitiser drops, HTML beyond the basic tags), at the line of
the notice's file where it is written; and what it reports is exactly what the sanitiser takes out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import examine
from generator.i18n import Translator
from generator.markup import dropped, kept_link
from generator.render.markdown import render_markdown
from tests.support import SITE_TOML, make_content

ZH, EN = Translator("zh-CN"), Translator("en")
TODAY = date(2026, 1, 6)

# Front matter of 5 lines (---, title, date, kind, ---), so the body's first line is line 6 of the file.
NOTICE = """---
title: 关于第一季度考核情况的通报
date: 2025-12-30
kind: 通报
---
各单位：

现场情况见下图。
![整改前后对比照片](photos/zhenggai.jpg)

详见[考核办法附件](file:///C:/考核/附件.docx)，或[网站](https://example.gov.cn/kh)、[本站期次](../../periods/index.html)。

<font color="red">请各单位高度重视。</font>

区委考核办
2025年12月30日
"""


def test_the_check_names_each_dropped_thing_at_its_line_in_both_languages(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"notices/2025-12-tongbao.md": NOTICE})
    _, _, report = examine(content, TODAY)
    found = [f for f in report.warnings if f.check == "markup"]
    # Line 9: the picture (body line 4: 各单位, blank, 现场情况, the picture). Line 11: the file:// link is
    # dropped; the https link and the relative one to the site's own page are kept. Line 13: <font>, not one
    # of the tags a notice keeps (its text is shown).
    assert [f.text(ZH) for f in found] == [
        "notices/2025-12-tongbao.md:9: 图片“整改前后对比照片”（photos/zhenggai.jpg）不会显示：公示网站和 PDF 不加载图片，"
        "请把图片要说明的内容写成文字 [markup]",
        "notices/2025-12-tongbao.md:11: 链接“考核办法附件”的地址 file:///C:/考核/附件.docx 不会保留：只保留 http、https、mailto "
        "和本站页面的链接，链接的文字照常显示 [markup]",
        "notices/2025-12-tongbao.md:13: HTML 标签 <font> 不会显示：通报只保留基本的排版标签（段落、加粗、列表、表格等） [markup]",
    ]
    assert [f.text(EN) for f in found] == [
        "notices/2025-12-tongbao.md:9: The picture “整改前后对比照片” (photos/zhenggai.jpg) will not be shown: the site and "
        "its PDFs load no pictures; write what it shows as text [markup]",
        "notices/2025-12-tongbao.md:11: The address file:///C:/考核/附件.docx of the link “考核办法附件” will not be kept: only "
        "http, https, mailto links and links to the site's own pages are; the link's text is shown [markup]",
        "notices/2025-12-tongbao.md:13: The HTML tag <font> will not be shown: a notice keeps only the basic tags of text "
        "(paragraphs, bold, lists, tables…) [markup]",
    ]
    assert {f.notice for f in found} == {"2025-12-tongbao"}
    # What the page shows agrees: no picture, no file:// address, no <font>; the kept links are there.
    html = render_markdown(content.joinpath("notices/2025-12-tongbao.md").read_text(encoding="utf-8").split("---", 2)[2])
    assert "<img" not in html and "file://" not in html and "<font" not in html
    assert 'href="https://example.gov.cn/kh"' in html and 'href="../../periods/index.html"' in html


def test_a_notice_is_accepted_by_its_slug_and_the_check_can_be_off(tmp_path: Path) -> None:
    accept = ('[checks]\naccept = [{ check = "markup", notice = "2025-12-tongbao", '
              'reason = "照片另行张贴在公示栏" }]\n')
    content = make_content(tmp_path / "content", {"notices/2025-12-tongbao.md": NOTICE, "site.toml": SITE_TOML + accept})
    _, _, report = examine(content, TODAY)
    assert [f for f in report.warnings if f.check == "markup"] == []
    reason = "照片另行张贴在公示栏"
    assert [(f.problem.row, why) for f, why in report.accepted] == [(9, reason), (11, reason), (13, reason)]
    # Another notice's slug accepts nothing of this one.
    other = accept.replace("2025-12-tongbao", "2026-01-gongshi")
    content = make_content(tmp_path / "other", {"notices/2025-12-tongbao.md": NOTICE, "site.toml": SITE_TOML + other})
    assert len([f for f in examine(content, TODAY)[2].warnings if f.check == "markup"]) == 3
    off = make_content(tmp_path / "off", {"notices/2025-12-tongbao.md": NOTICE,
                                          "site.toml": SITE_TOML + '[checks]\nmarkup = { level = "off" }\n'})
    _, _, report = examine(off, TODAY)
    assert [f for f in report.findings if f.check == "markup"] == [] and ("markup", "off") in report.levels


def test_links_kept_by_the_sanitiser_are_the_ones_the_check_keeps() -> None:
    # By hand: http, https and mailto (any case) and relative addresses are kept; other schemes, an address
    # from the server's root (/x) or another host (//host, \\host) are dropped.
    kept = ["https://a.cn/x", "HTTP://a.cn", "mailto:kh@a.cn", "../x.html", "x.html#a", "#top", "?q=1"]
    gone = ["file:///C:/a.doc", "javascript:alert(1)", "ftp://a.cn/f", "data:text/html,x", "/x", "//a.cn/x"]
    assert [kept_link(h) for h in kept] == [True] * len(kept)
    assert [kept_link(h) for h in gone] == [False] * len(gone)
    assert not kept_link("\\\\host\\share")  # \\host\share: browsers read it as //host/share
    for href in kept + gone:
        html = render_markdown(f"[文字]({href.replace(' ', '%20')})")
        assert ("href=" in html) == kept_link(href), href


WORDS = st.text(alphabet="考核通报单位 abc123，。", min_size=1, max_size=12).filter(lambda t: t.strip() != "")
ADDRESS = st.sampled_from(["https://a.cn/x", "mailto:k@a.cn", "../p.html", "file:///x", "javascript:x", "/root", "ftp://a"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["text", "link", "image", "bold"]), WORDS, ADDRESS), min_size=1, max_size=8))
def test_what_is_reported_is_what_the_page_loses(pieces: list[tuple[str, str, str]]) -> None:
    # A paragraph per piece: each picture is reported, each link whose address is dropped, nothing else.
    lines = []
    for kind, words, address in pieces:
        text = words.strip()
        lines.append({"text": text, "bold": f"**{text}**", "link": f"[{text}]({address})",
                      "image": f"![{text}]({address})"}[kind])
    body = "\n\n".join(lines)
    found = dropped(body)
    expected = [(2 * n, kind) for n, (kind, _, address) in enumerate(pieces)
                if kind == "image" or (kind == "link" and not kept_link(address))]
    assert [(d.line, d.kind) for d in found] == expected
    html = render_markdown(body)
    assert "<img" not in html
    assert html.count("href=") == sum(kind == "link" and kept_link(address) for kind, _, address in pieces)
