"""generator/render/search_records.py: what the search index holds for each page — names, titles and a sentence
that says what the page is, never the tables of numbers — spaced character by character for the index."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from generator.build import check
from generator.i18n import Translator
from generator.render.search_records import (
    KIND_WEIGHT,
    MAX_BODY,
    MAX_TASK_RECORDS,
    SPLIT,
    SearchRecord,
    bundle_of,
    merged_bundles,
    plain_text,
    record_for,
    record_html,
    search_records,
    search_words,
    spaced,
)
from tests.render.conftest import Demo
from tests.support import make_content

ZH = Translator("zh-CN")
EN = Translator("en")


def test_one_record_per_page_people_search_for_and_one_per_task(demo: Demo) -> None:
    records = dict(search_records(demo.content, demo.outcome, ZH))
    content, outcome = demo.content, demo.outcome
    expected = {"index.html", "tasks/index.html", "method/index.html"}
    expected |= {f"periods/{p.period.id}/index.html" for p in outcome.periods}
    expected |= {f"units/{u.id}/index.html" for u in content.units}
    expected |= {f"indicators/{i.id}/index.html" for i in content.indicators}
    expected |= {f"years/{y}/index.html" for y in (2023, 2024, 2025)}
    expected |= {f"notices/{s.slug}/index.html" for s in outcome.notices}
    tasks = {f"tasks/{t}/index.html" for t in content.tasks["id"]}
    assert set(records) == expected | tasks
    # Every page's record is at the page's path (a result links to the real page); a task's record links to
    # its row on the tasks board, which has that anchor.
    assert all((demo.site / path).is_file() and not records[path].link for path in expected)
    board = (demo.site / "tasks" / "index.html").read_text(encoding="utf-8")
    for path in tasks:
        task_id = path.split("/")[1]
        assert records[path].link == f"tasks/index.html#task-{task_id}" and f'id="task-{task_id}"' in board


def test_records_hold_their_names_and_say_what_the_page_is(demo: Demo) -> None:
    records = dict(search_records(demo.content, demo.outcome, ZH))
    qwb = records["units/qwb/index.html"]
    assert (qwb.kind, qwb.title, qwb.words) == ("unit", "区委办公室", ("区委办", "区直部门"))
    # units.csv: qwb 区委办公室, short name 区委办, 区直部门; 2025's main board (test_data.py): 15th of 52, green.
    assert qwb.summary == "区委办公室，简称区委办，区直部门。2025年度综合考核第 15 名（共 52 个），绿档。"
    town = records["units/dhz/index.html"]
    assert town.summary.startswith("东河镇，苏木乡镇街道。")  # short name = name: not said twice
    zsyz = records["indicators/zsyz/index.html"]
    assert zsyz.summary == "主导产业类考核指标。责任单位：区投资促进中心。"
    notice = records["notices/2025-11-yujing/index.html"]
    assert notice.kind == "notice" and notice.title == "关于重点任务推进滞后单位的预警通报"
    assert notice.summary == "预警 · 2025-11-12"
    assert "南湖镇：重点任务完成率72.8%" in notice.words[0]
    period = records["periods/2025-Q3/index.html"]
    assert period.words[:2] == ("2025年第三季度综合考核晾晒表", "2025年第三季度全市高质量发展指标晾晒表")
    assert "招商引资到位资金" in period.words[2]  # the indicators its boards rank by: a search for one finds them
    task = records["tasks/t002/index.html"]
    assert (task.kind, task.title) == ("task", "滨河花园老旧小区加装电梯试点")
    assert task.summary == "揭榜领题：滨河街道，顾某某，进行中。"


def test_records_hold_no_scores(demo: Demo) -> None:
    # A score such as 90.63 (qwb, 2025) is in no record: searching numbers would match every board.
    for path, record in search_records(demo.content, demo.outcome, ZH):
        if record.kind != "notice":  # a notice's own text may quote numbers
            assert not any(re.search(r"\d+\.\d\d", w) for w in (*record.words, record.summary)), path


def test_chinese_is_spaced_character_by_character_for_the_index() -> None:
    assert spaced("区委办 No.1 局") == f"区{SPLIT}委{SPLIT}办{SPLIT} No.1 局{SPLIT}"
    assert spaced("Plain English") == "Plain English"


def test_record_html_is_a_small_escaped_page() -> None:
    record = record_for("unit", "<甲局>", ("甲", "", "部门&"), "甲局，部门。")
    assert record.words == ("甲", "部门&")  # empty words are dropped
    page = BeautifulSoup(record_html(record, "zh-CN"), "html.parser")
    assert page.html["lang"] == "zh-CN"
    heading = page.select_one("main[data-pagefind-body] h1")
    assert heading.get_text() == spaced("<甲局>") and heading["data-pagefind-weight"] == str(KIND_WEIGHT["unit"])
    # The title and summary as they read, as metadata (the index holds them spaced).
    meta = {m["data-pagefind-meta"]: m["content"] for m in page.select("meta[data-pagefind-meta]")}
    assert meta == {"title[content]": "<甲局>", "summary[content]": "甲局，部门。"}
    assert [p.get_text() for p in page.select("main p")] == [spaced("甲局，部门。"), spaced("甲"), spaced("部门&")]
    # No filter markup: Pagefind writes its filter index in a different order on every run.
    assert "data-pagefind-filter" not in record_html(record, "zh-CN")
    linked = BeautifulSoup(record_html(record_for("task", "题", (), "", "tasks/index.html#task-t1"), "en"), "html.parser")
    assert linked.select_one('meta[data-pagefind-meta="link[content]"]')["content"] == "tasks/index.html#task-t1"


def test_long_texts_are_clipped() -> None:
    page = BeautifulSoup(record_html(SearchRecord("notice", "通报", ("字" * (MAX_BODY + 500),)), "en"), "html.parser")
    assert page.html["lang"] == "en" and page.select_one("main p").get_text() == spaced("字" * MAX_BODY)


def test_a_notice_is_indexed_as_its_reader_sees_it() -> None:
    # Markup goes; a table's rows become sentences (cells joined by the language's comma), so that the
    # sentence found and shown as an excerpt reads as words, not as a stream of numbers.
    text = "## 一、结果\n\n**优秀**单位：区财政局。\n\n| 序号 | 单位 |\n| --- | --- |\n| 1 | 区财政局 |\n| 2 | 东河镇 |\n"
    assert plain_text(text) == "一、结果\n优秀单位：区财政局。\n序号，单位。\n1，区财政局。\n2，东河镇。"
    assert plain_text("| a | b |\n| - | - |\n| 1 | 2 |", ", ", ".") == "a, b.\n1, 2."


def test_search_words_are_what_the_page_looks_names_up_in(demo: Demo) -> None:
    words = search_words(search_records(demo.content, demo.outcome, ZH))
    by_link = {w[2]: w for w in words}
    assert by_link["units/qwb/index.html"][:4] == ["区委办公室", "区委办", "units/qwb/index.html", "unit"]
    assert by_link["tasks/index.html#task-t003"][:4] == ["东河镇农贸市场提升改造", "", "tasks/index.html#task-t003", "task"]
    assert by_link["indicators/xczx/index.html"][0] == "乡村振兴"
    assert {w[3] for w in words} == {"unit", "indicator", "notice", "task", "period", "year"}
    assert len([w for w in words if w[3] == "unit"]) == len(demo.content.units)


def test_english_records_use_the_english_words(demo: Demo) -> None:
    records = dict(search_records(demo.content, demo.outcome, EN))
    # The data stays as written (Chinese names); the words around it are the catalogue's.
    assert not re.search("[，。：（）]", records["tasks/t002/index.html"].summary)
    assert not re.search("[，。：（）]", records["units/qwb/index.html"].summary)


def test_the_sites_search_index_holds_pages_not_tables(demo: Demo) -> None:
    # Pages are not indexed: their small records are. No fragment holds a board's numbers (qwb's 2025 score
    # 90.63, its composite 90.6324), and every record is in the index: notices and tasks in bundles of their
    # own, everything else in the primary one.
    records = search_records(demo.content, demo.outcome, ZH)
    for bundle in ("pagefind", "pagefind-notices", "pagefind-tasks"):
        urls = []
        for path in (demo.site / bundle / "fragment").iterdir():
            data = gzip.decompress(path.read_bytes())
            page = json.loads(data[len(b"pagefind_dcd"):])
            urls.append(page["url"])
            assert "90.63" not in page["content"] and "<td" not in page["content"], page["url"]
        assert sorted(urls) == sorted("/" + path for path, record in records if bundle_of(record.kind) == bundle)
    # A merged bundle holds its index only: the search page runs the primary bundle's scripts on it.
    assert sorted(p.name for p in (demo.site / "pagefind-notices").iterdir() if p.is_file())[0] == "pagefind-entry.json"
    assert not list((demo.site / "pagefind-notices").glob("*.js"))
    assert merged_bundles(records) == ["pagefind-notices", "pagefind-tasks"]


def test_a_huge_tasks_board_indexes_its_first_tasks_only(tmp_path: Path) -> None:
    # 5,003 tasks: the first MAX_TASK_RECORDS (5,000) get a record each, the other three are on the board only.
    rows = "".join(f"t{n},题目{n},王某,科级,a,2025-03-01,2026-12-31,进行中,60,\n" for n in range(1, 5004))
    content = make_content(tmp_path / "content",
                           {"tasks.csv": "id,title,claimant,level,unit,claimed_on,due,status,progress,note\n" + rows})
    project, outcome = check(content, date(2026, 1, 6))
    tasks = [path for path, record in search_records(project, outcome, ZH) if record.kind == "task"]
    assert MAX_TASK_RECORDS == 5000 and len(tasks) == 5000
    assert tasks[0] == "tasks/t1/index.html" and tasks[-1] == "tasks/t5000/index.html"
