"""generator/render/search_records.py: what the search index holds for each page — names and titles, never
the tables of numbers."""

from __future__ import annotations

import gzip
import json
import re

from bs4 import BeautifulSoup

from generator.i18n import Translator
from generator.render.search_records import KIND_WEIGHT, MAX_BODY, SearchRecord, record_for, record_html, search_records
from tests.render.conftest import Demo

ZH = Translator("zh-CN")


def test_one_record_per_page_people_search_for(demo: Demo) -> None:
    records = dict(search_records(demo.content, demo.outcome, ZH))
    content, outcome = demo.content, demo.outcome
    expected = {"index.html", "tasks/index.html", "method/index.html"}
    expected |= {f"periods/{p.period.id}/index.html" for p in outcome.periods}
    expected |= {f"units/{u.id}/index.html" for u in content.units}
    expected |= {f"indicators/{i.id}/index.html" for i in content.indicators}
    expected |= {f"years/{y}/index.html" for y in (2023, 2024, 2025)}
    expected |= {f"notices/{s.slug}/index.html" for s in outcome.notices}
    assert set(records) == expected
    # Every record is a page of the site: results link to the real pages.
    assert all((demo.site / path).is_file() for path in records)


def test_unit_and_notice_records_hold_their_words(demo: Demo) -> None:
    records = dict(search_records(demo.content, demo.outcome, ZH))
    qwb = records["units/qwb/index.html"]
    assert (qwb.kind, qwb.title, qwb.words) == ("unit", "区委办公室", ("区委办", "区直部门"))
    notice = records["notices/2025-11-yujing/index.html"]
    assert notice.kind == "notice" and notice.title == "关于重点任务推进滞后单位的预警通报"
    assert "南湖镇：重点任务完成率72.8%" in notice.words[0]
    period = records["periods/2025-Q3/index.html"]
    assert period.words == ("2025年第三季度综合考核晾晒表", "2025年第三季度全市高质量发展指标晾晒表")
    tasks = records["tasks/index.html"]
    assert "幸福家园小区自来水管网改造" in tasks.words


def test_records_hold_no_scores(demo: Demo) -> None:
    # A score such as 90.63 (qwb, 2025) is in no record: searching numbers would match every board.
    for path, record in search_records(demo.content, demo.outcome, ZH):
        if record.kind != "notice":  # a notice's own text may quote numbers
            assert not any(re.search(r"\d+\.\d\d", w) for w in record.words), path


def test_record_html_is_a_small_escaped_page() -> None:
    record = record_for("unit", "<甲局>", ("甲", "", "部门&"))
    assert record.words == ("甲", "部门&")  # empty words are dropped
    page = BeautifulSoup(record_html(record, "zh-CN"), "html.parser")
    assert page.html["lang"] == "zh-CN"
    heading = page.select_one("main[data-pagefind-body] h1")
    assert heading.get_text() == "<甲局>" and heading["data-pagefind-meta"] == "title"
    assert heading["data-pagefind-weight"] == str(KIND_WEIGHT["unit"])
    assert [p.get_text() for p in page.select("main p")] == ["甲", "部门&"]
    # No filter markup: Pagefind writes its filter index in a different order on every run.
    assert "data-pagefind-filter" not in record_html(record, "zh-CN")


def test_long_texts_are_clipped() -> None:
    page = BeautifulSoup(record_html(SearchRecord("notice", "通报", ("字" * (MAX_BODY + 500),)), "en"), "html.parser")
    assert page.html["lang"] == "en" and len(page.select_one("main p").get_text()) == MAX_BODY


def test_the_sites_search_index_holds_pages_not_tables(demo: Demo) -> None:
    # Pages are not indexed: their small records are. No fragment holds a board's numbers (qwb's 2025 score
    # 90.63, its composite 90.6324), and every result links to a page of the site.
    bundle = demo.site / "pagefind" / "fragment"
    urls = []
    for path in bundle.iterdir():
        data = gzip.decompress(path.read_bytes())
        page = json.loads(data[len(b"pagefind_dcd"):])
        urls.append(page["url"])
        assert "90.63" not in page["content"] and "<td" not in page["content"], page["url"]
    assert sorted(urls) == sorted("/" + path for path, _ in search_records(demo.content, demo.outcome, ZH))
