"""generator/render/markdown.py: a notice's Markdown becomes HTML that can neither run code nor leave the site."""

from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.markdown import render_markdown


def html(text: str) -> BeautifulSoup:
    return BeautifulSoup(render_markdown(text), "html.parser")


def test_headings_lists_and_tables_are_kept() -> None:
    page = html("## 一、预警情况\n\n- 南湖镇：72.8%\n- 区商务局：77.0%\n\n| 单位 | 完成率 |\n|---|---|\n| 南湖镇 | 72.8% |\n")
    assert page.select_one("h2").get_text() == "一、预警情况"
    assert [li.get_text() for li in page.select("ul li")] == ["南湖镇：72.8%", "区商务局：77.0%"]
    assert [td.get_text() for td in page.select("table tbody td")] == ["南湖镇", "72.8%"]
    assert [th.get_text() for th in page.select("table thead th")] == ["单位", "完成率"]


def test_scripts_frames_styles_and_images_are_removed() -> None:
    text = ('<script>alert(1)</script><iframe src="x.html"></iframe><style>p{display:none}</style>'
            '![照片](photo.png) <b onclick="steal()">加粗</b> <span style="position:fixed">文字</span>')
    out = render_markdown(text)
    page = BeautifulSoup(out, "html.parser")
    assert page.find(["script", "iframe", "style", "img"]) is None
    assert "alert(1)" not in out and "display:none" not in out
    assert page.select_one("b").attrs == {} and page.select_one("span").attrs == {}
    assert page.select_one("b").get_text() == "加粗"


def test_only_relative_and_mail_links_keep_their_target() -> None:
    page = html("[上一期](../2025-10-yuedu/index.html) [本节](#fen) [写信](mailto:kaohe@example.cn) "
                "[外网](https://example.com/) [脚本](javascript:alert(1)) [数据](data:text/html,hi) "
                "[别的主机](//example.com/x) [根目录](/notices/index.html)")
    links = {a.get_text(): a.get("href") for a in page.select("a")}
    assert links == {"上一期": "../2025-10-yuedu/index.html", "本节": "#fen", "写信": "mailto:kaohe@example.cn",
                     "外网": "https://example.com/", "脚本": None, "数据": None, "别的主机": None, "根目录": None}
    # A link the reader follows opens nothing that could act back on this page.
    assert {a.get("rel") and " ".join(a["rel"]) for a in page.select("a")} == {"noopener noreferrer"}


def test_attribute_lists_cannot_add_handlers_or_ids() -> None:
    page = html('# 标题 {: #top .red onclick="x()" }')
    assert page.select_one("h1").attrs == {}


PIECES = st.sampled_from(["<", ">", '"', "'", "=", "/", " ", ":", "(", ")", "[", "]", "!", "#", "*", "-", "|", "\n", "通报",
                          "javascript:", "JaVaScRiPt:", "<script>", "</script>", "onerror=", "<a href=", "<img src=x ",
                          "](", "//", "data:", "&#106;", "{: ", "}"])


@settings(max_examples=80, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_no_input_yields_a_script_or_a_handler(text: str) -> None:
    page = html(text)
    assert page.find(["script", "iframe", "img", "style", "object", "embed"]) is None
    for tag in page.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
        href = tag.get("href")
        if href is not None:
            assert not href.strip().lower().startswith(("javascript:", "data:", "//", "/")), href
