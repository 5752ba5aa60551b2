"""The search page in Chromium over HTTP (templates/static/search.js, Pagefind over the records of
generator/render/search_records.py): the page a reader means comes first — every unit of the demo by its full
name and by its short name, a part of a name, every indicator, a notice by words of its title, every task (at
its row on the tasks board) — with a sentence, not numbers, as its excerpt; from file:// names still work."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.render.chromium import chromium, needs_chromium, served
from tests.render.conftest import Demo

pytestmark = needs_chromium

# Every query in one page: the index is loaded once, and each query is timed in the page.
BATCH = """async (queries) => {
  const out = [];
  for (const q of queries) {
    const start = performance.now();
    await window.gongshiSearch(q);
    const items = [...document.querySelectorAll('.search-results li')].slice(0, 5);
    out.push({q, ms: performance.now() - start, status: document.querySelector('.search-status').textContent,
              results: items.map(li => ({href: li.querySelector('a').getAttribute('href'),
                                         title: li.querySelector('a').textContent,
                                         kind: li.querySelector('.kind').textContent,
                                         excerpt: li.querySelector('.excerpt').innerHTML}))});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def search(demo: Demo, browser: Any) -> Iterator[Any]:
    """A function: queries -> what the search page lists for each (over HTTP, one page for them all)."""
    with served(demo.site) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "search/index.html")

        def run(queries: list[str]) -> dict[str, Any]:
            found = {r["q"]: r for r in page.evaluate(BATCH, queries)}
            assert errors == []
            return found

        yield run
        page.close()


def first_links(found: dict[str, Any]) -> dict[str, str]:
    return {q: (r["results"][0]["href"] if r["results"] else "") for q, r in found.items()}


def test_every_unit_comes_first_for_its_full_name_and_its_short_name(demo: Demo, search: Any) -> None:
    wanted: dict[str, str] = {}
    for unit in demo.content.units:
        wanted[unit.name] = f"../units/{unit.id}/index.html"
    for unit in demo.content.units:
        # A short name that is another unit's full name (东河镇 is both) is that unit's already.
        wanted.setdefault(unit.short_name, f"../units/{unit.id}/index.html")
    started = time.perf_counter()
    found = search(list(wanted))
    elapsed = time.perf_counter() - started
    assert {q: link for q, link in first_links(found).items() if link != wanted[q]} == {}
    assert len(wanted) > 100  # 60 units, most with a short name of their own
    # The excerpt says what the unit is, in sentences: its kind, short name and latest standing.
    qwb = found["区委办公室"]["results"][0]
    assert qwb["kind"] == "单位"
    assert qwb["excerpt"] == "区委办公室，简称区委办，区直部门。2025年度综合考核第 15 名（共 52 个），绿档。"
    # Well under a second a query in the page (one index load; 2 cores shared with other tests).
    assert elapsed / len(wanted) < 0.5, elapsed


def test_every_indicator_comes_first_for_its_name(demo: Demo, search: Any) -> None:
    wanted = {i.name: f"../indicators/{i.id}/index.html" for i in demo.content.indicators}
    found = search(list(wanted))
    assert {q: link for q, link in first_links(found).items() if link != wanted[q]} == {}
    # 招商引资到位资金: the indicator, then the notice that names it and the periods whose boards rank by it.
    results = found["招商引资到位资金"]
    links = [r["href"] for r in results["results"]]
    assert links[0] == "../indicators/zsyz/index.html"
    assert all(link.startswith(("../periods/", "../notices/2025-10-yuedu/")) for link in links[1:])
    count = int(re.fullmatch(r"找到 (\d+) 条结果", results["status"]).group(1))
    # 1 indicator + 1 notice + the 16 periods whose boards count it (every period but the standings' own).
    periods = sum(1 for p in demo.outcome.periods if any("zsyz" in getattr(b, "indicator_ids", ()) for b in p.boards))
    assert count == 2 + periods


def test_a_part_of_a_name_finds_the_unit_first(search: Any) -> None:
    # Parts of names as people type them: the start (东河, 白音沟, 乌兰敖包), the middle (应急管理, 融媒体).
    wanted = {"东河": "dhz", "白音沟": "bygz", "乌兰敖包": "wlabsm", "应急管理": "yjj", "融媒体": "rmt", "档案": "dag",
              "退役军人": "tyjr"}
    found = first_links(search(list(wanted)))
    assert found == {q: f"../units/{unit}/index.html" for q, unit in wanted.items()}


def test_notices_by_title_words_and_tasks_by_title(demo: Demo, search: Any) -> None:
    notices = {"预警通报": "2025-11-yujing", "优秀等次拟定名单": "2026-01-gongshi", "10月份重点工作": "2025-10-yuedu",
               "2024年度领导班子": "2024-niandu", "考核 优秀 公示": "2026-01-gongshi"}  # words apart, in any order
    notices |= {n.title: n.slug for n in demo.content.notices}
    tasks = {str(title): f"../tasks/index.html#task-{task_id}" for task_id, title in
             demo.content.tasks[["id", "title"]].itertuples(index=False, name=None)}
    found = search(list(notices) + list(tasks))
    links = first_links(found)
    assert {q: links[q] for q in notices} == {q: f"../notices/{slug}/index.html" for q, slug in notices.items()}
    assert {q: links[q] for q in tasks} == tasks
    task = found["滨河花园老旧小区加装电梯试点"]["results"][0]
    assert (task["kind"], task["excerpt"]) == ("任务", "揭榜领题：滨河街道，顾某某，进行中。")


def test_full_text_excerpts_are_the_sentences_that_hold_the_words(search: Any) -> None:
    found = search(["加装电梯", "应急管理"])
    # The warning notice quotes the task: its excerpt is that sentence, the words marked, not a row of numbers.
    results = {r["href"]: r for r in found["加装电梯"]["results"]}
    notice = results["../notices/2025-11-yujing/index.html"]
    assert "<mark>加装电梯</mark>" in notice["excerpt"] and notice["excerpt"].endswith("。")
    for r in found["应急管理"]["results"]:
        text = re.sub("<[^>]+>", "", r["excerpt"])
        digits = sum(c.isdigit() for c in text)
        assert text and digits / len(text) < 0.3, r  # sentences, not streams of numbers


def test_from_file_the_names_are_searched_with_their_short_names(demo: Demo, browser: Any) -> None:
    page = browser.new_page()
    page.goto((demo.site / "search" / "index.html").as_uri() + "?q=发改委")
    assert page.locator(".search-offline").is_visible()
    assert page.locator(".search-results li > a").first.get_attribute("href") == "../units/fgw/index.html"
    # A part of a name, and a task, from file:// too.
    found = page.evaluate(BATCH, ["融媒体", "夜间经济"])
    assert [r["results"][0]["href"] for r in found] == ["../units/rmt/index.html", "../tasks/index.html#task-t024"]
    page.close()
