"""generator/render/page_misc.py and its templates: notices, the tasks board (揭榜领题), the method, indicators."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path

from bs4 import Tag

from generator.build import build
from tests.render.conftest import TODAY, Demo
from tests.support import DEMO, make_content, soup


def cells(row: Tag) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"], recursive=False)]


# ---- notices -------------------------------------------------------------------------------------------------

def test_a_notice_in_its_objection_window(demo: Demo) -> None:
    # notices/2026-01-gongshi.md: publish_from 2026-01-05, publish_to 2026-01-09; the build's date is 2026-01-06.
    page = soup(demo.site / "notices" / "2026-01-gongshi" / "index.html")
    assert page.select_one("h1").get_text() == "示例区2025年度考核优秀等次拟定名单公示"
    banner = page.select_one(".window-banner").get_text("|", strip=True)
    assert banner == "公示中 · 公示期 2026-01-05 至 2026-01-09|异议反映：区委组织部干部监督科，电话 0000-1234567"
    meta = page.select_one(".notice-meta")
    assert meta.select_one("a")["href"] == "../../periods/2025/index.html"
    # The Markdown body: its table of the 17 units proposed for 优秀 (序号, 单位, 类别).
    table = page.select_one(".notice-body table")
    assert [th.get_text() for th in table.select("thead th")] == ["序号", "单位", "类别"]
    assert len(table.select("tbody tr")) == 17
    assert page.select_one(".notice-sign").get_text(" ", strip=True) == "中共示例区委组织部 2026-01-05"


def test_notices_list_newest_first(demo: Demo) -> None:
    page = soup(demo.site / "notices" / "index.html")
    slugs = [li.select_one("a")["href"].split("/")[2] for li in page.select("ul.notice-list li")]
    # Every notice of the demo is dated on or before 2026-01-06 (file names are their slugs).
    assert sorted(slugs) == sorted(f.stem for f in DEMO.glob("notices/*.md"))
    dates = [d.get_text() for d in page.select("ul.notice-list .date")]
    assert dates == sorted(dates, reverse=True)


def test_a_notice_dated_after_the_reference_date_is_held_back(tmp_path: Path) -> None:
    notice = "---\ntitle: 关于{what}的通报\ndate: {date}\nkind: 通报\nperiod: \"2025\"\n---\n\n正文。\n"
    content = make_content(tmp_path / "content", {
        "notices/2025-12-tongbao.md": notice.format(what="已发", date="2025-12-30"),
        "notices/2026-02-tongbao.md": notice.format(what="未发", date="2026-02-01"),
    })
    site = tmp_path / "site"
    build(content, site, date(2026, 1, 6), pdf=False, cache_dir=tmp_path / "cache")
    assert (site / "notices" / "2025-12-tongbao" / "index.html").is_file()
    # Not issued yet on 2026-01-06: no page, no entry, no link, nothing in the search page's names.
    assert not (site / "notices" / "2026-02-tongbao").exists()
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "2026-02-tongbao" not in text and "关于未发的通报" not in text, path


# ---- tasks ---------------------------------------------------------------------------------------------------

def test_tasks_board_lists_every_task_with_the_totals(demo: Demo) -> None:
    tasks = list(csv.DictReader(io.StringIO((DEMO / "tasks.csv").read_text(encoding="utf-8"))))
    page = soup(demo.site / "tasks" / "index.html")
    rows = page.select("#tasks-table tbody tr")
    assert [r["id"] for r in rows] == [f"task-{t['id']}" for t in tasks]
    first = cells(rows[0])
    assert first[:4] == [tasks[0]["id"], f"{tasks[0]['title']} {tasks[0]['note']}", tasks[0]["claimant"], tasks[0]["level"]]
    assert rows[0].select_one("a")["href"] == f"../units/{tasks[0]['unit']}/index.html"
    totals = {dt.get_text(" ", strip=True): dd.get_text() for dt, dd in
              zip(page.select(".totals dt"), page.select(".totals dd"), strict=True)}
    statuses = Counter(t["status"] for t in tasks)
    for status in ("未开始", "进行中", "已完成"):
        assert totals[f"任务（按状态） · {status}"] == str(statuses[status])
    claimants: dict[str, set[str]] = {}
    for t in tasks:
        claimants.setdefault(t["level"], set()).add(t["claimant"])
    for level, people in claimants.items():
        assert totals[f"领题人（按层级） · {level}"] == str(len(people))
    # Overdue: not 已完成 and due before the reference date.
    overdue = sum(t["status"] != "已完成" and date.fromisoformat(t["due"]) < TODAY for t in tasks)
    assert totals["截至 2026-01-06 逾期未完成"] == str(overdue)
    marked = [r["id"] for r in rows if "warn-overdue" in (r.get("class") or [])]
    assert len(marked) == overdue


# ---- method and indicators ------------------------------------------------------------------------------------

def test_method_compares_the_rules_of_each_year(demo: Demo) -> None:
    page = soup(demo.site / "method" / "index.html")
    table = page.select_one("table.rules")
    assert cells(table.select_one("thead tr")) == ["", "2023", "2024", "2025"]
    rows = {cells(r)[0]: r for r in table.select("tbody tr")}
    weights = rows["类别权重"].select("td")
    # site.toml: 2023 weighs 党的建设 15%, 主导产业 and 部门任务 42.5%; from 2024 on 30/35/35 — a change in 2024.
    assert weights[0].get_text() == "党的建设 15%；主导产业 42.5%；部门任务 42.5%"
    assert "changed" in weights[1]["class"] and "changed" not in (weights[2].get("class") or [])
    assert rows["分档"].select("td")[0].get_text() == "按名次百分比：绿 前 30%；黄 其余；红 后 20%"
    assert rows["比例控制"].select("td")[2].get_text() == "优秀 ≤ 30%（向下取整）"
    flags = [li.get_text() for li in page.select("section.panel ul li") if li.select_one("strong")]
    assert "连续三年考核优秀，晋职时优先考虑：连续 3 年等次为优秀" in flags


def test_indicator_page_definition_and_values(demo: Demo) -> None:
    page = soup(demo.site / "indicators" / "zsyz" / "index.html")
    assert page.select_one("h1").get_text() == "招商引资到位资金"
    facts = {dt.get_text(" ", strip=True): dd.get_text(" ", strip=True) for dt, dd in
             zip(page.select("dl.facts dt"), page.select("dl.facts dd"), strict=True)}
    # indicators.csv: zsyz,招商引资到位资金,主导产业,3,higher,万元,5000,1000,tzcj,
    assert facts["类别"] == "主导产业" and facts["权重"] == "3" and facts["方向"] == "越高越好"
    assert facts["计量单位"] == "万元" and facts["目标值 / 底线值"] == "5000 / 1000" and facts["适用对象"] == "全部"
    assert facts["责任单位"] == "区投资促进中心"
    latest = next(s for s in page.select("section.panel") if s.select_one("h2").get_text().startswith("各单位最新数值"))
    assert latest.select_one("h2").get_text() == "各单位最新数值（2025年度）"
    values = {cells(r)[0]: cells(r)[1:] for r in latest.select("tbody tr")}
    # One table per ranking group of the board (kind), in the board's order, each by this indicator's score, best
    # first, equal scores in units.csv's order: 新城街道 (5225.7) and 滨河街道 (5226.4) are both over the target
    # 5000, so both score 100.00, and 新城街道 comes first in units.csv.
    assert [h.get_text() for h in latest.select("h3")] == ["区直部门（51）", "苏木乡镇街道（8）"]
    order = {u.name: (u.order, u.id) for u in demo.content.units}
    for table in latest.select("table"):
        rows = [(cells(r)[0], float(cells(r)[2])) for r in table.select("tbody tr")]
        assert rows == sorted(rows, key=lambda row: (-row[1], order[row[0]]))
    towns = [cells(r)[:3] for r in latest.select("table")[1].select("tbody tr")]
    assert towns[:2] == [["新城街道", "5225.7", "100.00"], ["滨河街道", "5226.4", "100.00"]]
    # An indicator for one kind of unit only: that group's table, under its heading, and no empty one.
    for indicator, group in (("xczx", "苏木乡镇街道"), ("yfxz", "区直部门")):
        other = soup(demo.site / "indicators" / indicator / "index.html")
        panel = next(s for s in other.select("section.panel") if s.select_one("h2").get_text().startswith("各单位最新数值"))
        count = sum(u.kind == group for u in demo.content.units)
        assert [h.get_text() for h in panel.select("h3")] == [f"{group}（{len(panel.select('tbody tr'))}）"]
        assert len(panel.select("table")) == 1 and 0 < len(panel.select("tbody tr")) <= count
    # results/2025.csv: qwb 4111.2 → 91.112 → 91.11; weight 0.35 × 3/10 = 10.5%. cl is exempt (免考): not listed.
    assert values["区委办公室"] == ["4111.2", "91.11", "10.5%"]
    assert "区残疾人联合会" not in values and len(values) == 59
    # Every unit's raw value is its cell in results/2025.csv (the first column holds unit ids).
    with (DEMO / "results" / "2025.csv").open(encoding="utf-8") as handle:
        reported = {r["单位"]: r["招商引资到位资金（万元）"] for r in csv.DictReader(handle)}
    names = {u.id: u.name for u in demo.content.units}
    assert {name: v[0] for name, v in values.items()} == {names[u]: raw for u, raw in reported.items() if raw != "免考"}
    standings = next(s for s in page.select("section.panel") if s.select_one("h2").get_text() == "全市晾晒")
    # standings/2025-Q3.csv: zsyz 6 of 10 → yellow (ranks 5–7).
    assert cells(standings.select_one("tbody tr")) == ["2025年第三季度", "6 / 10", "▲ 黄"]


def test_indicators_list(demo: Demo) -> None:
    page = soup(demo.site / "indicators" / "index.html")
    links = [a["href"] for a in page.select("main table a")]
    assert links == [f"../indicators/{i.id}/index.html" for i in demo.content.indicators]


def test_an_indicator_summary_gives_the_median_as_written(tmp_path: Path) -> None:
    # 招商引资 (efficacy, target 1000, floor 200: 60 + 40 × (x − 200) / 800, at most 100) of four units, 丙局
    # 不适用: 600, 800.6, 3551.8, 4000. The median is the mean of the middle two, (800.6 + 3551.8) / 2 = 2176.2,
    # which float64 gives as 2176.2000000000003. Their scores: 600 → 80, 800.6 → 60 + 30.03 = 90.03, then 100
    # and 100; the median score (90.03 + 100) / 2 = 95.015 is shown exactly, one decimal more than a score.
    results = ("单位,党建工作,招商引资（万元）,安全事故\n甲局,90,800.6,1\n乙局,80,600,0\n丙局,70,不适用,2\n"
               "东镇,95,3551.8,0\n西镇,85,4000,3\n")
    content = make_content(tmp_path / "content", {"results/2025.csv": results})
    build(content, tmp_path / "site", TODAY, pdf=False)
    page = soup(tmp_path / "site" / "indicators" / "zs" / "index.html")
    row = next(r for r in page.select("tbody tr") if r.select_one("a[href$='#board-main']"))
    assert cells(row)[3:5] == ["600 / 2176.2 / 4000", "80.00 / 95.015 / 100.00"]
