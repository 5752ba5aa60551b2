"""generator/render/page_unit.py and unit.html: one unit's latest standing, history, the period × indicator
explanation matrix, grades, flags, standings and tasks — and the page's size."""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from bench import make_large
from generator.build import build
from tests.render.conftest import Demo
from tests.support import soup


def unit_page(demo: Demo, unit_id: str) -> BeautifulSoup:
    return soup(demo.site / "units" / unit_id / "index.html")


def cells(row: Tag) -> list[str]:
    # A matrix cell's score, weight and contribution are lines of one text (the stylesheet breaks them).
    return [c.get_text("|", strip=True).replace("\n", "|") for c in row.find_all(["th", "td"], recursive=False)]


def boards_of(demo: Demo, unit_id: str) -> tuple[list[str], list[str]]:
    """(ranked, unranked main) board anchors of a unit, oldest first, from the open data."""
    ranked, unranked = [], []
    for period in demo.outcome.periods:
        data = json.loads((demo.site / "data" / f"{period.period.id}.json").read_text(encoding="utf-8"))
        for board in data["boards"]:
            if board["kind"] != "units":
                continue
            anchor = f"p-{period.period.id}-{board['id']}"
            if any(r["unit_id"] == unit_id for r in board["rows"]):
                ranked.append(anchor)
            elif board["id"] == "main":
                unranked.append(anchor)
    return ranked, unranked


def test_latest_standing_is_the_newest_main_board(demo: Demo) -> None:
    page = unit_page(demo, "qwb")
    assert page.select_one("h1").get_text() == "区委办公室"
    assert page.select_one("p.lead").get_text(strip=True) == "区直部门 · 区委办"
    # The 2025 annual board (worked out by hand in test_data.py): 90.63, 15th of 52, green, ↑16, 优秀.
    assert page.select_one("p.latest-title a")["href"] == "../../periods/2025/index.html"
    latest = [dd.get_text(" ", strip=True) for dd in page.select("dl.latest dd")]
    assert latest == ["90.63", "第 15 名 / 共 52 个", "● 绿", "↑16", "优秀"]


def test_history_lists_every_board_newest_first(demo: Demo) -> None:
    for unit_id in ("qwb", "cl", "dhz"):
        page = unit_page(demo, unit_id)
        ranked, unranked = boards_of(demo, unit_id)
        rows = page.select("table.history tbody tr")
        assert len(rows) == len(ranked) + len(unranked), unit_id
        # Ranked rows link to their line in the matrix below; unranked ones say 未参评.
        # The score is the third cell; a ranked row's links to its matrix line (#p-<period>-<board>).
        scored = [r.find_all("td")[2].a["href"].lstrip("#") for r in rows if r.find_all("td")[2].a]
        assert scored == list(reversed(sorted(ranked, key=ranked.index)))
        assert sum("未参评" in r.get_text() for r in rows) == len(unranked)
    # cl is absent from results/2025-05.csv: its history says so for that month.
    cl = unit_page(demo, "cl")
    may = next(r for r in cl.select("table.history tbody tr") if r.select_one("a").get_text() == "2025年5月")
    assert "未参评" in may.get_text()


def test_matrix_holds_raw_value_score_weight_and_contribution(demo: Demo) -> None:
    page = unit_page(demo, "qwb")
    matrix = page.select_one("#explain table.matrix")
    heads = [th.get_text(strip=True) for th in matrix.select("thead th")]
    assert heads[0] == "期次" and heads[1] == "基层党组织建设（分）"
    assert heads[-4:] == ["加权综合分", "加分/扣分", "综合得分", "档次规则"]
    row = matrix.select_one("tr#p-2025-main")
    values = cells(row)
    assert values[0] == "2025年度"
    # Hand-worked in test_data.py: jcdj 89.1 → score 89.1, weight 0.30×3/9 = 10%, contribution 8.91;
    # zsyz 4111.2 → 91.112, weight 0.35×3/10 = 10.5%, contribution 0.105 × 91.112 = 9.56676 → 9.5668 (4 decimals);
    # dflz 96.4, weight 0.30×2/9 = 6.67%, contribution 0.066667 × 96.4 = 6.4267. Numbers are published at 4
    # decimals and shown without the zeros that end them, never with fewer than the score's 2.
    assert values[1] == "89.1|89.10|10%|8.91"
    assert values[2] == "96.4|96.40|6.67%|6.4267"
    assert values[5] == "4111.2|91.112|10.5%|9.5668"
    # zdrw 92.2 → 60 + 40 × 22.2/30 = 89.6, weight 0.35×3/10, contribution 9.408.
    assert values[13] == "92.2|89.60|10.5%|9.408"
    # Composite 90.632427 at 4 decimals, no bonus or penalty, the score, and the tier rule with its bound.
    assert values[-4:] == ["90.6324", "", "90.63", "绿：前 30%（名次 ≤ 16）"]
    method = page.select_one("#explain ul.methods").get_text()
    assert "功效系数法：60 + 40 × (实际值 − 底线值) ÷ (目标值 − 底线值)" in method


def test_matrix_has_a_row_per_ranked_board(demo: Demo) -> None:
    for unit_id in ("qwb", "cl", "yjj", "dhz"):
        page = unit_page(demo, unit_id)
        ranked, _ = boards_of(demo, unit_id)
        ids = [tr["id"] for tr in page.select("table.matrix tbody tr")]
        assert sorted(ids) == sorted(ranked), unit_id
        width = len(page.select("table.matrix thead th"))
        assert all(len(tr.find_all(["th", "td"], recursive=False)) == width for tr in page.select("table.matrix tbody tr"))


def test_an_exempt_indicator_shows_a_dash(demo: Demo) -> None:
    # results/2025.csv: cl's 招商引资 cells are "免考" (exempt): no value, no score — a dash, with the note.
    page = unit_page(demo, "cl")
    heads = [th.get_text(strip=True) for th in page.select("table.matrix thead th")]
    row = cells(page.select_one("tr#p-2025-main"))
    assert row[heads.index("招商引资到位资金（万元）")] == "—"
    assert row[heads.index("新签约招商项目数（个）")] == "—"


def test_chart_draws_one_mark_per_ranked_main_board(demo: Demo) -> None:
    page = unit_page(demo, "yjj")
    ranked, _ = boards_of(demo, "yjj")
    chart = page.select_one("svg.chart")
    marks = chart.select("g.mark text")
    assert len(marks) == sum(a.endswith("-main") for a in ranked)
    # Each mark is the tier's shape with the period, score and rank as its tooltip; lines told apart by dashes.
    assert {m.contents[0].strip() for m in marks} <= {"●", "▲", "■"}
    assert all(re.search(r"：\d+\.\d\d，第 \d+/\d+ 名$", m.select_one("title").get_text()) for m in marks)
    assert chart["aria-label"] == "得分走势"


def test_grades_and_the_flags_they_lead_to(demo: Demo) -> None:
    page = unit_page(demo, "qwb")
    grades = next(s for s in page.select("section.panel") if s.select_one("h2").get_text() == "年度考核等次")
    rows = {cells(r)[0]: cells(r) for r in grades.select("tbody tr")}
    assert rows["2025"][1:3] == ["优秀", "按分档：得分 ≥ 90 为“优秀”"]
    assert rows["2024"][1:3] == ["良好", "登记等次（grades/2024.csv）"]
    # Three years are needed for a flag; the demo starts in 2023, so 2024 lacks 2022.
    assert "连续三年考核优秀，晋职时优先考虑：缺少 2022 年度等次" in rows["2024"][3]
    # fgw was 优秀 three years running: the distinction flag is shown as a banner.
    fgw = unit_page(demo, "fgw")
    assert [b.get_text(strip=True) for b in fgw.select("p.banner.flag")] == ["★ 连续三年考核优秀，晋职时优先考虑"]


def test_worst_tier_three_periods_running_is_flagged(demo: Demo) -> None:
    streaks = demo.outcome.worst_streaks
    assert streaks, "the demo has units in the worst tier three periods running"
    for unit_id, periods in streaks.items():
        banner = unit_page(demo, unit_id).select_one("p.banner.worst").get_text()
        labels = "、".join(p.label_message().text(__import__("generator.i18n").i18n.Translator("zh-CN")) for p in periods)
        assert banner == f"▼▼▼ 连续三期处于最差档次：{labels}"


def test_standings_and_tasks_the_unit_answers_for(demo: Demo) -> None:
    # standings/2025-Q3.csv and 2025-H1.csv: aqsg (安全生产事故数), responsible yjj, rank 1 of 10 → green.
    page = unit_page(demo, "yjj")
    section = next(s for s in page.select("section.panel") if s.select_one("h2").get_text() == "负责的全市晾晒指标")
    lines = [cells(r) for r in section.select("tbody tr")]
    assert ["2025年第三季度", "安全生产事故数", "1/10", "●|绿"] in lines
    assert section.select_one("a")["href"] == "../../periods/2025-Q3/index.html#board-standings"
    # tasks.csv t001 is claimed for xcjd: listed on its page, linked to the task board's row.
    xcjd = unit_page(demo, "xcjd")
    tasks = next(s for s in xcjd.select("section.panel") if s.select_one("h2").get_text() == "揭榜领题任务")
    first = tasks.select_one("tbody tr")
    assert first.select_one("a")["href"] == "../../tasks/index.html#task-t001"
    assert cells(first)[:5] == ["幸福家园小区自来水管网改造", "黄某（科级）", "2025-06-30", "已完成", "100%"]


def test_unit_pages_stay_within_the_size_budget_per_period(demo: Demo) -> None:
    # Budget: a unit with 22 periods in under 40 KB, i.e. 40 KB / 22 ≈ 1.8 KB per period shown.
    for path in sorted((demo.site / "units").glob("*/index.html")):
        periods = path.read_text(encoding="utf-8").count('<tr id="p-')
        assert path.stat().st_size <= periods * 40 * 1024 / 22 + 1024, path.parent.name


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic project as the benchmark makes it (bench/make_large.py: 20 indicators, 10 years and 12 months
    = 22 periods), with 6 units, one task and no notices: what is left is the unit pages' own weight."""
    root = tmp_path_factory.mktemp("long-history")
    content = root / "content"
    content.mkdir()
    rng = random.Random(1)
    units = make_large.make_units(rng, 6)
    strength = {u["id"]: make_large.clip(rng.gauss(0, 1), -2.5, 2.5) for u in units}
    make_large.write_config(content, units)
    make_large.write_results(rng, content, units, strength)
    (content / "tasks.csv").write_text("id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"
                                       f"t1,背街小巷路灯补亮,王某,科级,{units[0]['id']},2025-03-01,2025-12-31,进行中,60,\n",
                                       encoding="utf-8")
    site = root / "site"
    build(content, site, date(2026, 1, 6), pdf=False, cache_dir=root / "cache")
    return site


def test_a_unit_with_22_periods_is_under_40_kb(long_history: Path) -> None:
    pages = sorted((long_history / "units").glob("*/index.html"))
    assert len(pages) == 6
    sizes: dict[str, Any] = {}
    for path in pages:
        assert path.read_text(encoding="utf-8").count('<tr id="p-') == 22
        sizes[path.parent.name] = path.stat().st_size
    assert max(sizes.values()) < 40 * 1024, sizes
