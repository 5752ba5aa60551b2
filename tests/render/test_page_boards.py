"""generator/render/page_boards.py and the board templates: a period's boards, the list of periods, a year's
archive, read from the built demo as a visitor reads them."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from generator.archive.bag import add_erratum
from generator.archive.freeze import freeze_year
from generator.archive.snapshot import Erratum
from generator.build import build
from generator.i18n import Translator
from tests.render.conftest import TODAY, Demo
from tests.support import DEMO, make_content, soup


def data(site: Path, period: str) -> dict[str, Any]:
    return json.loads((site / "data" / f"{period}.json").read_text(encoding="utf-8"))


def board_rows(page: BeautifulSoup, board: str) -> list[Tag]:
    return page.select(f"#board-{board} table.board tbody tr")


def texts(row: Tag) -> list[str]:
    return [td.get_text("|", strip=True) for td in row.find_all("td", recursive=False)]


def test_the_annual_board_row_of_qwb(demo: Demo) -> None:
    page = soup(demo.site / "periods" / "2025" / "index.html")
    row = next(r for r in board_rows(page, "main") if r.select_one("td.u").get_text(strip=True) == "区委办公室")
    cells = texts(row)
    # rank, unit, score, tier (shape and label), change, grade; then per indicator raw value | score (2 decimals).
    # (Values worked out by hand in test_data.py: 90.63, 15th of 52, green, 优秀; previous rank 31 → ↑16.)
    assert cells[:6] == ["15", "区委办公室", "90.63", "●|绿", "↑16", "优秀"]
    # results/2025.csv: zsyz 4111.2 万元 → 91.112 → "91.11"; gdtz 6.4% → 81.333… → "81.33"; xczx "—" (不适用).
    assert cells[6:21] == ["89.1|89.10", "96.4|96.40", "95.9|95.90", "83.6|83.60", "4111.2|91.11", "4|84.00", "6.4|81.33",
                           "89.7|89.70", "10.8|88.80", "0|100.00", "0|100.00", "89.8|89.80", "92.2|89.60", "88.8|88.80", "—"]
    assert row.find_all("td", recursive=False)[20]["title"] == "不适用"


def test_board_header_names_indicators_with_units_under_their_categories(demo: Demo) -> None:
    page = soup(demo.site / "periods" / "2025" / "index.html")
    table = page.select_one("#board-main table.board")
    cats = [(th.get_text(strip=True), int(th["colspan"])) for th in table.select("thead tr.cats th.cat")]
    assert cats == [("党的建设", 4), ("主导产业", 5), ("部门任务", 6)]
    heads = [th.get_text(strip=True) for th in table.select("thead tr:nth-of-type(2) th.ind")]
    assert heads[0] == "基层党组织建设（分）" and heads[4] == "招商引资到位资金（万元）" and heads[6] == "固定资产投资增速（%）"
    assert len(heads) == 15


def test_every_board_row_links_to_its_line_in_the_unit_matrix(demo: Demo) -> None:
    anchors: dict[str, set[str]] = {}
    for period in demo.outcome.periods:
        page = soup(demo.site / "periods" / period.period.id / "index.html")
        for board in period.boards:
            if board.kind != "units":
                continue
            rows = board_rows(page, board.id)
            assert len(rows) == len(board.rows), (period.period.id, board.id)
            for row in rows:
                href = row.select_one("td.u a")["href"]
                match = re.fullmatch(r"\.\./\.\./units/([a-z0-9-]+)/index\.html#(p-.+)", href)
                assert match, href
                assert match.group(2) == f"p-{period.period.id}-{board.id}"
                anchors.setdefault(match.group(1), set()).add(match.group(2))
    for unit_id, wanted in anchors.items():
        # The matrix rows' ids (read with a pattern: 60 pages through a full parser would take seconds).
        raw = (demo.site / "units" / unit_id / "index.html").read_text(encoding="utf-8")
        matrix = raw[raw.index('<table class="board matrix">'):]
        ids = set(re.findall(r'<tr id="([^"]+)">', matrix[:matrix.index("</table>")]))
        assert wanted <= ids, (unit_id, wanted - ids)


def test_groups_are_ranked_apart_with_their_sizes(demo: Demo) -> None:
    page = soup(demo.site / "periods" / "2025" / "index.html")
    groups = [h.get_text(strip=True) for h in page.select("#board-main h3.group")]
    assert groups == ["区直部门（52）", "苏木乡镇街道（8）"]
    tables = page.select("#board-main table.board")
    for table, size in zip(tables, (52, 8), strict=True):
        ranks = [int(tr.select_one("td.n").get_text()) for tr in table.select("tbody tr")]
        assert len(ranks) == size and ranks[0] == 1 and ranks == sorted(ranks)


def test_units_absent_from_a_file_are_listed_as_not_ranked(demo: Demo) -> None:
    # results/2025-05.csv has no rows for 区档案馆 and 区残疾人联合会 (58 of the 60 units).
    page = soup(demo.site / "periods" / "2025-05" / "index.html")
    absent = page.select_one("#board-main p.absent")
    assert [a.get_text() for a in absent.select("a")] == ["区档案馆", "区残疾人联合会"]
    assert [a["href"] for a in absent.select("a")] == ["../../units/dag/index.html", "../../units/cl/index.html"]
    assert data(demo.site, "2025-05")["boards"][0]["not_ranked"] == ["dag", "cl"]


def test_tiers_carry_label_and_shape_and_pass_wcag_aa(demo: Demo) -> None:
    page = soup(demo.site / "periods" / "2025-Q3" / "index.html")
    tier_cells = page.select("table.board td.t")
    assert len(tier_cells) == 60 + 15  # one per unit on the main board, one per indicator on the standings
    for cell in tier_cells:
        shape = cell.select_one("span[aria-hidden]").get_text()
        label = cell.get_text().replace(shape, "")
        # Never colour alone: the demo's levels are ● 绿, ▲ 黄, ■ 红.
        assert (shape, label) in {("●", "绿"), ("▲", "黄"), ("■", "红")}
    for table in page.select("table.board"):
        colours = dict(part.split(":") for part in table["style"].split(";"))
        for n in range(3):
            assert contrast(colours[f"--t{n}"], colours[f"--t{n}t"]) >= 4.5, table["style"]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(color: str) -> float:
        channels = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_standings_board_with_its_follow_up_lists(demo: Demo) -> None:
    # standings/2025-Q3.csv: ranks 1–4 of 10 are green (经验推广), 8–10 red (约谈督促).
    page = soup(demo.site / "periods" / "2025-Q3" / "index.html")
    rows = board_rows(page, "standings")
    assert len(rows) == 15
    first = texts(rows[0])
    assert first[:3] == ["基层党组织建设", "2 / 10", "●|绿"] and first[3] == "区委组织部"
    assert rows[0].select_one("a")["href"] == "../../indicators/jcdj/index.html"
    promote, summon = page.select("#board-standings section.followup")
    assert promote.select_one("h3").get_text() == "经验推广（8）"
    assert [li.get_text().split("（")[0] for li in summon.select("li")] == ["固定资产投资增速", "信访积案数"]
    names = {u.id: u.name for u in demo.content.units}
    assert [a.get_text() for a in summon.select("li")[0].select("a")] == [names["fgw"], names["zjj"]]  # "fgw、zjj"


def test_bonus_and_penalty_columns_only_where_a_row_has_one(demo: Demo) -> None:
    for period in ("2025", "2025-10"):
        page = soup(demo.site / "periods" / period / "index.html")
        heads = [th.get_text() for th in page.select("#board-main table.board thead th")]
        rows = data(demo.site, period)["boards"][0]["rows"]
        assert ("加分" in heads) == any(r["bonus"] for r in rows), period
        assert ("扣分" in heads) == any(r["penalty"] for r in rows), period


def test_period_page_offers_the_open_data(demo: Demo) -> None:
    page = soup(demo.site / "periods" / "2025-Q3" / "index.html")
    links = {a.get_text(): a["href"] for a in page.select("p.downloads a")}
    assert links["CSV 表格"] == "../../data/2025-Q3.csv" and links["JSON 数据"] == "../../data/2025-Q3.json"
    assert "打印版 PDF" not in links  # built without PDFs: no link to one
    notices = [a.get_text() for a in page.select("ul.notice-list a")]
    assert notices == [] or all(n for n in notices)


def test_notice_about_a_period_is_listed_on_its_page(demo: Demo) -> None:
    # notices/2025-11-yujing.md: period "2025-10".
    page = soup(demo.site / "periods" / "2025-10" / "index.html")
    items = [(li.select_one(".kind").get_text(), li.select_one("a")["href"]) for li in page.select("ul.notice-list li")]
    assert ("预警", "../../notices/2025-11-yujing/index.html") in items


def test_list_of_periods_newest_first(demo: Demo) -> None:
    page = soup(demo.site / "periods" / "index.html")
    items = page.select("ul.period-list > li")
    ids = [li.select_one("a")["href"].split("/")[2] for li in items]
    periods = [p.period.id for p in demo.outcome.periods]
    assert ids == list(reversed(periods))
    q3 = items[ids.index("2025-Q3")]
    # Labels and titles from messages.py: period.quarter, title.main, title.standings.
    assert [a.get_text() for a in q3.select("a")][:3] == ["2025年第三季度", "2025年第三季度综合考核晾晒表",
                                                         "2025年第三季度全市高质量发展指标晾晒表"]


def test_year_page_grades_quota_and_campaign_counts(demo: Demo) -> None:
    page = soup(demo.site / "years" / "2024" / "index.html")
    assert page.select_one("h1").get_text() == "2024 年度考核结果"
    # 2024 is frozen in the demo's archive: the page says so and shows the archive's checksum.
    assert "归档冻结" in page.select_one(".frozen-banner").get_text()
    assert re.fullmatch(r"[0-9a-f]{64}", page.select_one(".frozen-banner code").get_text())
    grades = {tr.select_one("a")["href"].split("/")[3]: texts(tr) for tr in page.select("#grades-table tbody tr")}
    assert len(grades) == 60
    assert grades["qwb"][2] == "良好" and grades["qwb"][4] == "登记等次（grades/2024.csv）"
    counts = page.select_one("#grades p").get_text()
    registered = (DEMO / "grades" / "2024.csv").read_text(encoding="utf-8").splitlines()[1:]
    for grade in ("优秀", "良好", "一般", "较差"):
        assert f"{grade} {sum(line.endswith(',' + grade) for line in registered)}" in counts
    # grades/2024--yiqing.csv: persons are not published by name (publish_persons = false), only counts.
    campaign = next(s for s in page.select("section.panel") if "专项鉴定登记" in s.select_one("h2").get_text())
    assert "按规定只公布各等次人数" in campaign.get_text() and "潘某某" not in page.get_text()


def test_open_year_is_marked_as_not_archived(demo: Demo) -> None:
    page = soup(demo.site / "years" / "2025" / "index.html")
    assert page.select_one(".frozen-banner") is None
    assert "本年度尚未归档" in page.get_text()
    assert page.select("#board-main table.board tbody tr")


def test_board_pages_stay_under_1_kb_per_row(demo: Demo) -> None:
    # The demo's annual board: 60 rows × 15 indicators; the whole page, header and legend included.
    path = demo.site / "periods" / "2025" / "index.html"
    raw = path.read_text(encoding="utf-8")
    rows = re.findall(r'<tr><td class="n">.*?</tr>', raw)
    assert len(rows) == 60
    assert max(len(r.encode()) for r in rows) < 1024
    assert path.stat().st_size < 60 * 1024


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test project with 2024 frozen and one erratum recorded for 丙局 (c) in it."""
    root = tmp_path_factory.mktemp("errata")
    results_2024 = "单位,党建工作,招商引资,安全事故\n甲局,85,700,1\n乙局,82,650,0\n丙局,75,500,1\n东镇,90,900,0\n西镇,80,600,2\n"
    content = make_content(root / "content", {"results/2024.csv": results_2024})
    freeze_year(content, 2024, TODAY, Translator("zh-CN"), make_pdfs=None)
    add_erratum(content / "archive" / "2024", Erratum(date(2026, 1, 5), "丙局2024年度综合得分", "78.10", "79.10",
                                                      "数据录入错误", "c", "2024"))
    site = root / "site"
    build(content, site, TODAY, pdf=False, cache_dir=root / "cache")
    return site


def test_an_erratum_is_shown_beside_the_original_numbers(corrected: Path) -> None:
    words = "勘误（2026-01-05）：丙局2024年度综合得分 原公布 78.10，更正为 79.10"
    year = soup(corrected / "years" / "2024" / "index.html")
    table = year.select_one("#errata table")
    assert [td.get_text() for td in table.select("tbody td")] == ["2026-01-05", "丙局2024年度综合得分（c）", "78.10",
                                                                 "79.10", "数据录入错误"]
    assert table.select_one("a")["href"] == "../../units/c/index.html"
    # The board keeps the published numbers, with the correction marked on the row.
    period = soup(corrected / "periods" / "2024" / "index.html")
    row = next(r for r in board_rows(period, "main") if r.select_one("td.u").get_text().startswith("丙局"))
    assert row.select_one("span.erratum")["title"] == words
    unit = soup(corrected / "units" / "c" / "index.html")
    banner = unit.select_one("p.errata-banner").get_text()
    assert banner == "勘误（2026-01-05）：丙局2024年度综合得分：原公布 78.10 → 更正为 79.10。数据录入错误"
    history = next(r for r in unit.select("table.history tbody tr") if r.select_one("a").get_text() == "2024年度")
    assert history.select_one("span.erratum").get_text() == f"※{words}"
    # Another unit's pages carry no correction.
    assert soup(corrected / "units" / "a" / "index.html").select_one(".erratum, .errata-banner") is None
