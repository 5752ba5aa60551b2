"""generator/render/data.py: data/<period>.json and .csv (SPEC section 4) — complete, compact, exact, and safe to
open in Excel. Published numbers are checked against values worked out by hand from the demo's files."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.build import check
from generator.i18n import Translator
from generator.render.data import period_csv, period_data, period_json, safe_text
from tests.render.conftest import Demo
from tests.support import DEMO, make_content

ZH = Translator("zh-CN")


def load(site: Path, period: str) -> dict[str, Any]:
    return json.loads((site / "data" / f"{period}.json").read_text(encoding="utf-8"))


def row_of(data: dict[str, Any], unit_id: str, board: str = "main") -> dict[str, Any]:
    found = next(b for b in data["boards"] if b["id"] == board)
    return next(r for r in found["rows"] if r["unit_id"] == unit_id)


def csv_rows(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so that Excel reads Chinese
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


# ---- published numbers, worked out by hand from content/ -------------------------------------------------

def test_qwb_2025_annual_score_worked_by_hand(demo: Demo) -> None:
    """区委办公室 (qwb, 区直部门) in results/2025.csv, with efficacy scoring 60 + 40 × clip((x − floor)/(target − floor)):

    党的建设 (0.30; jcdj 3, dflz 2, ysxt 2, gbdw 2; target 100, floor 60, so the score is the value itself):
        (3×89.1 + 2×96.4 + 2×95.9 + 2×83.6) / 9 = 819.1 / 9 = 91.0111…
    主导产业 (0.35; zsyz 3, qyxm 2, gdtz 2, xmkg 2, tscy 1):
        zsyz 4111.2 → 60 + 40×3111.2/4000 = 91.112;  qyxm 4 → 60 + 40×3/5 = 84;  gdtz 6.4 → 60 + 40×6.4/12 = 81.3333…
        xmkg 89.7 → 89.7;  tscy 10.8 → 60 + 40×10.8/15 = 88.8
        (3×91.112 + 2×84 + 2×81.3333… + 2×89.7 + 88.8) / 10 = 87.220266…
    部门任务 (0.35; aqsg 2, xfjj 2, yshj 2, zdrw 3, yfxz 1 — 依法行政 applies to 区直部门, 乡村振兴 is "—"):
        aqsg 0 and xfjj 0 (lower is better, target 0) → 100;  yshj 89.8;  zdrw 92.2 → 60 + 40×22.2/30 = 89.6;  yfxz 88.8
        (200 + 200 + 179.6 + 268.8 + 88.8) / 10 = 93.72
    composite = 0.30×91.0111… + 0.35×87.220266… + 0.35×93.72 = 27.303333 + 30.527093 + 32.802 = 90.632427 → 90.63
    """
    row = row_of(load(demo.site, "2025"), "qwb")
    assert row["score"] == 90.63
    assert row["explain"]["composite"] == pytest.approx(90.632427, abs=1e-6)
    assert row["values"]["zsyz"] == pytest.approx(91.112) and row["values"]["zdrw"] == pytest.approx(89.6)
    assert row["values"]["gdtz"] == pytest.approx(81.333333, abs=1e-6) and row["values"]["aqsg"] == 100
    # Weights: category weight × indicator weight ÷ the category's weights: jcdj 0.30×3/9, zsyz 0.35×3/10, yfxz 0.35×1/10.
    weights = row["explain"]["weights"]
    assert (weights["jcdj"], weights["zsyz"], weights["yfxz"]) == (0.1, 0.105, 0.035)
    assert "xczx" not in weights and "xczx" not in row["values"]  # 不适用: neither counted nor shown as a score
    # Contribution = weight × score: jcdj 0.1 × 89.1 = 8.91.
    assert row["explain"]["contributions"]["jcdj"] == pytest.approx(8.91)
    # Tier: percentile, top_pct 30 of the 52 区直部门 = ranks ≤ ceil(15.6) = 16; qwb is 15th, so green.
    assert (row["rank"], row["group_size"], row["tier"], row["explain"]["tier"]["threshold"]) == (15, 52, "green", 16)
    # Grade from the bands (≥ 90 is 优秀); 15th of 52 is within the quota floor(0.30 × 52) = 15.
    assert row["grade"] == "优秀" and row["explain"]["grade"]["source"] == "bands"


def test_2023_uses_its_own_category_weights(demo: Demo) -> None:
    # [years.2023.scoring]: 党的建设 0.15, the others 0.425: jcdj 0.15×3/9 = 0.05, zsyz 0.425×3/10 = 0.1275.
    row = row_of(load(demo.site, "2023"), "qwb")
    assert row["explain"]["category_weights"] == {"party": 0.15, "industry": 0.425, "tasks": 0.425}
    assert (row["explain"]["weights"]["jcdj"], row["explain"]["weights"]["zsyz"]) == (0.05, 0.1275)


def test_three_years_of_excellence_flag_a_unit(demo: Demo) -> None:
    # fgw: 优秀 registered in grades/2023.csv and grades/2024.csv, and 95.23 ≥ 90 in 2025 → 连续三年优秀 (priority).
    row = row_of(load(demo.site, "2025"), "fgw")
    assert row["grade"] == "优秀" and row["flags"] == ["priority"]
    assert row["flag_labels"] == ["连续三年考核优秀，晋职时优先考虑"]
    for year in ("2023", "2024"):
        registered = (DEMO / "grades" / f"{year}.csv").read_text(encoding="utf-8")
        assert any(line.split(",")[-1] == "优秀" and line.split(",")[0] in ("fgw", "区发展和改革委员会")
                   for line in registered.splitlines())


def test_registered_grades_are_published_as_registered(demo: Demo) -> None:
    # grades/2024.csv registers qwb as 良好; a registered grade is shown, never recomputed from the score.
    row = row_of(load(demo.site, "2024"), "qwb")
    assert row["grade"] == "良好" and row["explain"]["grade"]["source"] == "registered"


def test_standings_tiers_by_the_city_rank(demo: Demo) -> None:
    # standings/2025-Q3.csv; [standings.tiers]: rank 1–4 green, bottom 3 of 10 (ranks 8–10) red, else yellow.
    data = load(demo.site, "2025-Q3")
    board = next(b for b in data["boards"] if b["id"] == "standings")
    tiers = {r["indicator_id"]: (r["rank"], r["tier"]) for r in board["rows"]}
    assert tiers["jcdj"] == (2, "green") and tiers["dflz"] == (4, "green")
    assert tiers["gbdw"] == (5, "yellow") and tiers["yfxz"] == (7, "yellow")
    assert tiers["gdtz"] == (8, "red") and tiers["xfjj"] == (9, "red")
    zsyz = next(r for r in board["rows"] if r["indicator_id"] == "zsyz")
    # "tzcj、swj": several responsible units, split on 、.
    assert zsyz["responsible"] == ["tzcj", "swj"] and zsyz["responsible_names"] == ["区投资促进中心", "区商务局"]  # units.csv


# ---- shape and completeness ------------------------------------------------------------------------------

def test_every_period_has_its_json_and_csv(demo: Demo) -> None:
    periods = {p.period.id for p in demo.outcome.periods}
    years = {p.period.year for p in demo.outcome.periods} | set(demo.outcome.years)
    on_disk = {p.name for p in (demo.site / "data").iterdir()}
    # With the downloads for people (tests/render/test_downloads.py): workbooks, years, tasks, units' history.
    assert on_disk == {f"{p}.{suffix}" for p in periods for suffix in ("json", "csv", "xlsx")} | {"notices.json"} | \
        {f"year-{y}.{suffix}" for y in years for suffix in ("xlsx", "csv")} | {"tasks.xlsx", "tasks.csv", "units"}


def test_json_rows_carry_the_fields_of_spec_section_4(demo: Demo) -> None:
    unit_ids = {u.id for u in demo.content.units}
    for period in demo.outcome.periods:
        data = load(demo.site, period.period.id)
        assert data["period"] == period.period.id
        assert [b["id"] for b in data["boards"]] == [b.id for b in period.boards]
        for board in data["boards"]:
            assert board["kind"] in ("units", "standings") and board["title"] and board["rows"]
            if board["kind"] == "standings":
                for row in board["rows"]:
                    assert {"indicator_id", "indicator", "rank", "out_of", "tier", "responsible"} <= set(row)
                continue
            ranked = {r["unit_id"] for r in board["rows"]}
            # Every unit is on the board or listed as not ranked (未参评), never both.
            assert not ranked & set(board["not_ranked"])
            if board["id"] == "main":
                assert ranked | set(board["not_ranked"]) == unit_ids, period.period.id
            for row in board["rows"]:
                assert {"unit_id", "unit", "group", "score", "rank", "previous_rank", "rank_change", "tier", "grade",
                        "flags", "values"} <= set(row)
                assert set(row["values"]) <= set(board["indicators"])
                assert row["rank_change"] == (None if row["previous_rank"] is None else row["previous_rank"] - row["rank"])
                explain = row["explain"]
                # The contributions add up to the composite (each at 6 decimals: within 0.5e-6 apiece).
                total = sum(explain["contributions"].values())
                assert abs(total - explain["composite"]) <= 0.5e-6 * (len(explain["contributions"]) + 1)
                if explain["midterm_weight"] is None:
                    adjusted = explain["composite"] + (row["bonus"] or 0) - (row["penalty"] or 0)
                    # The score is that rounded to 2 decimals (the composite is published at 6: allow for it).
                    assert abs(adjusted - row["score"]) <= 0.005 + 1e-6


def test_json_is_compact_utf8(demo: Demo) -> None:
    frozen = {str(f.year) for f in demo.content.frozen}
    assert frozen == {"2023", "2024"}
    for year in frozen:
        # A frozen year publishes the data file of its archive, byte for byte (never made again).
        archived = DEMO / "archive" / year / "data" / "results" / f"{year}.json"
        assert (demo.site / "data" / f"{year}.json").read_bytes() == archived.read_bytes()
    for path in sorted((demo.site / "data").glob("*.json")):
        if path.stem in frozen:
            continue
        raw = path.read_bytes()
        data = json.loads(raw)
        # No indentation, no spaces after separators, Chinese as UTF-8 rather than \\u escapes: the canonical form.
        assert raw == (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"), path.name
        assert b"\\u" not in raw
    # About 1.5 KB per row with the full explanation (60 rows × 15 indicators in the demo's annual file).
    assert (demo.site / "data" / "2025.json").stat().st_size < 60 * 1600


def test_csv_holds_the_rows_of_the_json(demo: Demo) -> None:
    for period in ("2025", "2025-Q3", "2025-03"):
        data = load(demo.site, period)
        rows = csv_rows((demo.site / "data" / f"{period}.csv").read_bytes())
        assert len(rows) == sum(len(b["rows"]) for b in data["boards"])
        assert [r["board"] for r in rows] == [b["id"] for b in data["boards"] for _ in b["rows"]]
        for board in data["boards"]:
            if board["kind"] != "units":
                continue
            by_unit = {r["unit_id"]: r for r in rows if r["board"] == board["id"]}
            for row in board["rows"]:
                line = by_unit[row["unit_id"]]
                assert (line["unit"], float(line["score"]), int(line["rank"])) == (row["unit"], row["score"], row["rank"])
                assert line["flags"] == ";".join(row["flags"])
                for indicator, value in row["values"].items():
                    raw = row["explain"]["inputs"][indicator]
                    if value is None:  # a 免考 / 不适用 cell in the file: no value, no score, blank cells
                        assert raw is None and line[indicator] == line[f"{indicator}_raw"] == ""
                        continue
                    assert float(line[indicator]) == value and float(line[f"{indicator}_raw"]) == raw
    raw = (demo.site / "data" / "2025-Q3.csv").read_bytes()
    assert b"\r\n" in raw and b"\n\n" not in raw  # one row per line, CRLF as Excel writes


def test_period_json_and_csv_are_what_the_site_holds(demo: Demo) -> None:
    # Output again from the outcome, the files are byte for byte the site's: nothing else goes into them.
    period = next(p for p in demo.outcome.periods if p.period.id == "2025-Q3")
    data = period_data(demo.content, demo.outcome, period, ZH)
    assert period_json(data) == (demo.site / "data" / "2025-Q3.json").read_bytes()
    assert period_csv(data) == (demo.site / "data" / "2025-Q3.csv").read_bytes()


# ---- CSV injection -----------------------------------------------------------------------------------------

def test_safe_text_neutralises_what_excel_would_run() -> None:
    for text in ("=SUM(A1:A9)", "+甲局", "-乙局", "@丙局", "\t=1", "\r=1"):
        assert safe_text(text) == "'" + text
    for value in ("甲局", "", "a=b", 12, -3, 1.5, None):
        assert safe_text(value) == value  # numbers, even negative ones, stay numbers


def test_csv_of_units_whose_names_start_like_formulas(tmp_path: Path) -> None:
    units = ("id,name,kind,order\na,=HYPERLINK(\"http://x\"),部门,1\nb,+甲局,部门,2\nc,-丙局,部门,3\n"
             "x,@东镇,乡镇,4\ny,西镇,乡镇,5\n")
    results = "单位,党建工作,招商引资,安全事故,备注\na,90,800,1,=1+1\nb,80,600,0,\nc,70,400,2,\nx,95,1000,0,\ny,85,500,3,\n"
    content = make_content(tmp_path / "content", {"units.csv": units, "results/2025.csv": results})
    project, outcome = check(content, date(2026, 1, 6))
    rows = csv_rows(period_csv(period_data(project, outcome, outcome.periods[0], ZH)))
    names = {r["unit_id"]: r["unit"] for r in rows}
    assert names == {"a": "'=HYPERLINK(\"http://x\")", "b": "'+甲局", "c": "'-丙局", "x": "'@东镇", "y": "西镇"}
    # Negative numbers are numbers: rank changes and raw values keep their sign and no apostrophe.
    assert all(not r["score"].startswith("'") and not r["rank"].startswith("'") for r in rows)
    # The JSON keeps the names as they are: only the spreadsheet needs the guard.
    data = period_data(project, outcome, outcome.periods[0], ZH)
    assert {r["unit"] for r in data["boards"][0]["rows"]} == {"=HYPERLINK(\"http://x\")", "+甲局", "-丙局", "@东镇", "西镇"}


def test_demo_data_is_built_from_the_demo_folder() -> None:
    # Guard for the fixtures above: they read the checked-in demo, not a copy with other numbers.
    assert (DEMO / "results" / "2025.csv").read_text(encoding="utf-8").splitlines()[1].startswith("qwb,89.1,96.4,95.9,83.6")


def strict_json(raw: bytes) -> object:
    def refuse(name: str) -> object:
        raise ValueError(f"{name} is not JSON")

    return json.loads(raw, parse_constant=refuse)


def test_json_is_valid_json_for_a_project_without_grades(tmp_path: Path) -> None:
    # The small project has no [grades] bands: no grades at all. "grade" must be null — NaN is not JSON, and
    # a browser's JSON.parse rejects the whole file.
    project, outcome = check(make_content(tmp_path / "content"), date(2026, 1, 6))
    raw = period_json(period_data(project, outcome, outcome.periods[0], ZH))
    data = strict_json(raw)
    assert [r["grade"] for r in data["boards"][0]["rows"]] == [None] * 5  # type: ignore[index]


def test_demo_json_is_strict_json(demo: Demo) -> None:
    for path in (demo.site / "data").glob("*.json"):
        strict_json(path.read_bytes())
