"""Builds the demo once and reads the site as a visitor and a data user would: HTML parsed, JSON and CSV loaded."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from generator.cli import app
from tests.support import DEMO, soup
from typer.testing import CliRunner

TODAY = "2025-11-30"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    result = CliRunner().invoke(app, ["build", str(DEMO), "-o", str(out), "--today", TODAY, "--no-pdf"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def annual(site: Path) -> dict:
    return json.loads((site / "data" / "2025.json").read_text(encoding="utf-8"))


def units_csv() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((DEMO / "units.csv").read_text(encoding="utf-8"))))


def test_every_unit_has_a_page_linked_from_the_index(site: Path) -> None:
    index = soup(site / "index.html")
    linked = {a["href"] for a in index.select("#units-table a")}
    for unit in units_csv():
        assert f"units/{unit['id']}/index.html" in linked
        assert (site / "units" / unit["id"] / "index.html").is_file()
    assert len(index.select("#units-table tbody tr")) == 60


def test_index_row_shows_score_rank_and_tier_of_the_latest_annual_board(site: Path, annual: dict) -> None:
    main = next(b for b in annual["boards"] if b["id"] == "main")
    rows = {r["unit_id"]: r for r in main["rows"]}
    index = soup(site / "index.html")
    for tr in index.select("#units-table tbody tr"):
        unit_id = tr.select_one("a")["href"].split("/")[1]
        cells = [td.get_text(" ", strip=True) for td in tr.select("td")]
        row = rows[unit_id]
        assert cells[3] == f"{row['score']:.2f}"
        assert cells[4] == f"{row['rank']}/{row['group_size']}"
        assert row["tier_label"] in cells[5]


def test_unit_page_holds_latest_standing_and_full_history(site: Path, annual: dict) -> None:
    page = soup(site / "units" / "yjj" / "index.html")
    assert page.select_one("h1").get_text(strip=True) == "区应急管理局"
    latest = [dd.get_text(" ", strip=True) for dd in page.select("dl.latest dd")]
    row = next(r for r in annual["boards"][0]["rows"] if r["unit_id"] == "yjj")
    assert latest[0] == f"{row['score']:.2f}"
    assert latest[1] == f"第 {row['rank']} 名 / 共 {row['group_size']} 个"
    history_periods = [a.get_text(strip=True) for a in page.select("table.history tbody td:first-child a")]
    # Every main board (10 months, 3 quarters, 3 years) and the three themed boards it is on.
    assert len(history_periods) == 19
    assert history_periods[0] == "2025年度" and history_periods[-1] == "2023年度"
    assert page.select_one("svg.chart") is not None


def test_tiers_carry_label_and_shape_not_colour_alone(site: Path) -> None:
    page = soup(site / "periods" / "2025" / "index.html")
    badges = page.select("table.board span.tier")
    assert len(badges) == 60  # one per unit on the annual main board
    for badge in badges:
        shape = badge.select_one(".shape").get_text(strip=True)
        label = badge.get_text(strip=True).replace(shape, "")
        assert shape in "●▲■" and label in ("绿", "黄", "红")


def test_data_json_has_the_shape_of_section_4(annual: dict) -> None:
    assert annual["period"] == "2025"
    assert [b["id"] for b in annual["boards"]] == ["main"]
    main = annual["boards"][0]
    assert main["kind"] == "units" and main["title"] == "2025年度综合考核晾晒表"
    required = {"unit_id", "unit", "group", "score", "rank", "previous_rank", "rank_change", "tier", "grade", "flags",
                "values", "explain"}
    for row in main["rows"]:
        assert required <= set(row)
        assert row["tier"] in ("green", "yellow", "red")
        assert row["group"] in ("区直部门", "苏木乡镇街道")
        assert row["rank_change"] == (None if row["previous_rank"] is None else row["previous_rank"] - row["rank"])
    fgw = next(r for r in main["rows"] if r["unit_id"] == "fgw")
    assert fgw["grade"] == "优秀" and "priority" in fgw["flags"]


def test_standings_rows_and_csv_with_bom(site: Path) -> None:
    data = json.loads((site / "data" / "2025-Q3.json").read_text(encoding="utf-8"))
    standings = next(b for b in data["boards"] if b["id"] == "standings")
    assert standings["kind"] == "standings"
    assert len(standings["rows"]) == 15
    for row in standings["rows"]:
        assert set(row) >= {"indicator_id", "indicator", "rank", "out_of", "tier", "responsible"}
        expected = "green" if row["rank"] <= 4 else "red" if row["rank"] > row["out_of"] - 3 else "yellow"
        assert row["tier"] == expected
    raw = (site / "data" / "2025-Q3.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["board"] for r in rows} == {"main", "standings"}
    assert len([r for r in rows if r["board"] == "standings"]) == 15


def test_every_link_is_relative_and_resolves(site: Path) -> None:
    for page in site.rglob("*.html"):
        for tag in soup(page).select("[href], [src]"):
            target = tag.get("href") or tag.get("src")
            assert not re.match(r"^(/|[a-z]+:)", target), f"{page}: {target}"
            path = target.split("#")[0].split("?")[0]
            if not path or path.startswith("pdf/") or "/pdf/" in path or path.endswith("search/index.html"):
                continue
            assert (page.parent / path).resolve().exists(), f"{page.relative_to(site)} → {target}"


def test_manifest_lists_every_file_with_its_sha256(site: Path) -> None:
    import hashlib

    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["files"]
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(manifest) == on_disk
    for path, digest in manifest.items():
        assert hashlib.sha256((site / path).read_bytes()).hexdigest() == digest


def test_a_notice_dated_after_the_reference_date_is_held_back(site: Path) -> None:
    # The 公示 of 2026-01-05 is not issued yet on 2025-11-30: no page, no link, no list entry.
    assert not (site / "notices" / "2026-01-gongshi").exists()
    assert "2026-01-gongshi" not in (site / "notices" / "index.html").read_text(encoding="utf-8")
    assert "2026-01-gongshi" not in (site / "periods" / "2025" / "index.html").read_text(encoding="utf-8")


def test_notices_are_rendered_and_the_window_is_shown(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["build", str(DEMO), "-o", str(out), "--today", "2026-01-06", "--no-pdf"])
    assert result.exit_code == 0, result.output
    page = soup(out / "notices" / "2026-01-gongshi" / "index.html")
    assert page.select_one("h1").get_text(strip=True).startswith("示例区2025年度")
    assert "公示中 · 公示期 2026-01-05 至 2026-01-09" in page.get_text(" ", strip=True)
    assert page.select_one(".notice-body table") is not None


def test_tasks_board_totals(site: Path) -> None:
    page = soup(site / "tasks" / "index.html")
    assert len(page.select("#tasks-table tbody tr")) == 40
    text = page.get_text(" ", strip=True)
    assert "截至 2025-11-30 逾期未完成" in text


def contrast(a: str, b: str) -> float:
    def luminance(color: str) -> float:
        channels = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_tier_badges_pass_wcag_aa_contrast(site: Path) -> None:
    styles = {badge["style"] for badge in soup(site / "periods" / "2025-Q3" / "index.html").select("span.tier")}
    assert len(styles) == 3
    for style in styles:
        colors = dict(part.split(":") for part in style.split(";"))
        assert contrast(colors["--tier"], colors["--tier-text"]) >= 4.5, style
