"""generator/render/page_home.py and index.html: current notices, units to watch, latest boards, every unit's
latest result."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from generator.build import build
from generator.render.page_home import NoticeItem, current_notices
from tests.render.conftest import TODAY, Demo
from tests.support import DEMO, make_content, soup


def tasks_csv() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((DEMO / "tasks.csv").read_text(encoding="utf-8"))))


def test_every_unit_has_a_row_with_its_latest_main_board(demo: Demo) -> None:
    page = soup(demo.site / "index.html")
    rows = page.select("#units-table tbody tr")
    assert [r.select_one("a")["href"] for r in rows] == [f"units/{u.id}/index.html" for u in
                                                         sorted(demo.content.units, key=lambda u: (u.order, u.id))]
    annual = json.loads((demo.site / "data" / "2025.json").read_text(encoding="utf-8"))["boards"][0]["rows"]
    by_id = {r["unit_id"]: r for r in annual}
    for row in rows:
        unit_id = row.select_one("a")["href"].split("/")[1]
        cells = [td.get_text("|", strip=True) for td in row.select("td")]
        expected = by_id[unit_id]
        # The newest main board is the 2025 annual one (2025 is the last period of the year).
        assert cells[1] == f"{expected['score']:.2f}" and cells[2] == f"{expected['rank']}/{expected['group_size']}"
        assert cells[3].endswith(expected["tier_label"]) and cells[6] == "2025年度"
        # The filter finds a row by name, short name or id.
        assert unit_id in row["data-name"]


def test_current_notices_put_the_open_window_first(demo: Demo) -> None:
    page = soup(demo.site / "index.html")
    items = page.select("section.panel ul.notice-list li")
    # notices/2026-01-gongshi.md: 公示 from 2026-01-05 to 2026-01-09; on 2026-01-06 it is open for objections.
    first = items[0]
    assert first.select_one("a")["href"] == "notices/2026-01-gongshi/index.html"
    assert first.select_one(".window").get_text() == "公示中 · 公示期 2026-01-05 至 2026-01-09"
    assert [li.select_one(".date").get_text() for li in items[1:]] == ["2025-11-12", "2025-11-06", "2025-02-18"]


def test_current_notices_keep_every_open_one_and_fill_up_to_five() -> None:
    def item(n: int, status: str | None) -> NoticeItem:
        return NoticeItem(f"n{n}", f"通报{n}", "通报", date(2025, 1, n), None, None, status)

    items = tuple(item(n, "in_window" if n in (3, 7) else None) for n in range(1, 9))
    assert [i.slug for i in current_notices(items)] == ["n3", "n7", "n1", "n2", "n4"]
    many = tuple(item(n, "in_window") for n in range(1, 8))
    assert len(current_notices(many)) == 7  # open notices are never cut off


def test_warnings_are_the_overdue_tasks_worst_first(demo: Demo) -> None:
    page = soup(demo.site / "index.html")
    alert = page.select_one("section.alert")
    open_tasks = [t for t in tasks_csv() if t["status"] != "已完成"]
    overdue = [t for t in open_tasks if date.fromisoformat(t["due"]) < TODAY]
    warnings = alert.select("ul.warnings li")
    assert len(warnings) == min(10, len(demo.outcome.warnings))
    # t006 was due 2025-07-31 and is 进行中: 31 + 30 + 31 + 30 + 31 + 6 = 159 days overdue on 2026-01-06,
    # the longest of all, so it comes first.
    assert warnings[0].select("a")[1]["href"] == "tasks/index.html#task-t006"
    assert warnings[0].get_text().endswith("已逾期 159 天")
    assert max((TODAY - date.fromisoformat(t["due"])).days for t in overdue) == 159
    assert alert.select_one("h3:nth-of-type(2)").get_text() == f"预警（{len(demo.outcome.warnings)}）"


def test_latest_boards_count_their_tiers(demo: Demo) -> None:
    page = soup(demo.site / "index.html")
    cards = page.select("a.card")
    hrefs = [c["href"] for c in cards]
    # One card per kind of board: the newest annual, quarter, half, month main boards, themed board and standings.
    assert "periods/2025/index.html#board-main" in hrefs and "periods/2025-Q3/index.html#board-standings" in hrefs
    annual = next(c for c in cards if c["href"] == "periods/2025/index.html#board-main")
    counts = [int(part) for part in annual.select_one(".card-counts").get_text(" ", strip=True).split() if part.isdigit()]
    assert sum(counts) == 60


def test_years_list_marks_the_archived_ones(demo: Demo) -> None:
    page = soup(demo.site / "index.html")
    years = {li.select_one("a").get_text(): bool(li.select_one(".tag")) for li in page.select("ul.inline-list li")}
    assert years == {"2025": False, "2024": True, "2023": True}


def test_dates_of_publication_and_data_are_told_apart(demo: Demo) -> None:
    lead = soup(demo.site / "index.html").select_one("p.lead").get_text()
    # 统计截至: the end of the latest period shown (2025); 发布日期: the reference date.
    assert lead == "中共示例区委组织部 · 统计截至 2025-12-31 · 发布日期 2026-01-06"
    # The footer states no 统计截至: on a period's page it would contradict the period's own (its end, in the lead).
    footer = soup(demo.site / "units" / "qwb" / "index.html").select_one("footer").get_text(" ", strip=True)
    assert "发布日期 2026-01-06" in footer and "统计截至" not in footer and "异议反映：区委组织部干部监督科" in footer
    period = soup(demo.site / "periods" / "2025-03" / "index.html")
    assert period.select_one("p.lead").get_text() == "统计截至 2025-03-31 · 发布日期 2026-01-06"
    assert "统计截至" not in period.select_one("footer").get_text()


def test_a_project_without_grades_shows_no_grade(tmp_path: Path) -> None:
    # tests/support.py's project has no [grades] bands: the grade cells are empty, never "nan".
    site = tmp_path / "site"
    build(make_content(tmp_path / "content"), site, TODAY, pdf=False, cache_dir=tmp_path / "cache")
    home = soup(site / "index.html")
    assert [td.get_text() for td in home.select("#units-table tbody tr td:nth-of-type(6)")] == [""] * 5
    for path in site.rglob("*.html"):
        assert ">nan<" not in path.read_text(encoding="utf-8").lower(), path.relative_to(site)
