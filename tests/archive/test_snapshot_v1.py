"""Version 1 of `snapshot.json` (snapshot_v1.py), as the demo's 2023 and 2024 bags hold it: read into today's
outcome types with every published number rounded exactly from the archived decimals, and built into the site
exactly as it was published."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path

import pytest

from generator.archive.snapshot import decode
from generator.archive.snapshot_v1 import _canonical, _rounded
from generator.build import build
from generator.outcome import StandingsBoard, UnitBoard
from tests.support import DEMO, soup

BAG = DEMO / "archive"


def raw(year: int) -> dict:
    return json.loads((BAG / str(year) / "data" / "snapshot.json").read_bytes())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo (with its two bags) built once, without PDFs."""
    out = tmp_path_factory.mktemp("v1") / "site"
    build(DEMO, out, date(2025, 11, 30), pdf=False)
    return out


def test_the_demos_bags_have_no_version_field_and_read_as_version_1() -> None:
    for year in (2023, 2024):
        assert "version" not in raw(year)
        snapshot = decode((BAG / str(year) / "data" / "snapshot.json").read_bytes())
        assert (snapshot.version, snapshot.year) == (1, year)
        assert [p.period.id for p in snapshot.periods] == [str(year)]
        assert len(snapshot.units) == 60  # the 60 units of the demo's units.csv as they were then
        board = snapshot.periods[0].boards[0]
        assert isinstance(board, UnitBoard) and board.id == "main"
        assert board.groups == ("区直部门", "苏木乡镇街道")


def test_a_rows_numbers_are_its_archived_decimals_rounded_half_up() -> None:
    snapshot = decode((BAG / "2023" / "data" / "snapshot.json").read_bytes())
    board = snapshot.periods[0].boards[0]
    assert isinstance(board, UnitBoard)
    row = board.rows[board.rows["unit_id"] == "xcban"].iloc[0]
    # 区行政审批局 (xcban), 2023: the 14 contributions of its explain sum to
    # party 4.625 + 2.93333… + 3.27666… + 3.25333… = 14.088333…, industry 12.312675 + 8.5 + 8.415 + 7.395 + 4.25 =
    # 40.872675, tasks 8.5 + 8.5 + 8.0835 + 12.053 + 4.01625 = 41.15275: composite 96.113758333…
    assert row["score"] == 96.11 and row["score@2"] == 96.11
    assert row["composite@4"] == 96.1138  # …758 → the 5th decimal 5 followed by 8: up
    assert row["composite@6"] == 96.113758
    assert (row["rank"], row["group_size"], row["tier"], row["tier_condition"]) == (1, 52, "green", "top_pct")
    # top_pct = 30 of 52 departments: rank ≤ ceil(15.6) = 16; kept as an int, not 16.0.
    assert row["tier_threshold"] == 16 and type(row["tier_threshold"]) is int
    parts = board.parts[board.parts["unit_id"] == "xcban"].set_index("indicator_id")
    assert parts.loc["dflz", "raw_text"] == "88"  # "88.0" as archived, written canonically
    assert parts.loc["zdrw", "normalised@2"] == 94.53  # 94.5333…
    assert parts.loc["dflz", "weight@4"] == 0.0333  # 1/30


@pytest.mark.parametrize(("text", "decimals", "expected"), [
    ("84.125", 2, 84.13),  # exactly half: away from zero (a float's round() would give 84.12, half to even)
    ("-0.125", 2, -0.13),
    ("90.99503416666666666666666666666666666667", 2, 91.0),
    ("2.9333333333333333333333333333333333333333", 4, 2.9333),
])
def test_rounding_is_exact_and_half_away_from_zero(text: str, decimals: int, expected: float) -> None:
    assert _rounded(text, decimals) == expected


def test_absent_numbers_and_canonical_texts() -> None:
    assert math.isnan(_rounded(None, 2))
    assert [_canonical(t) for t in ("88.0", "4657.0", "1E+1", "0.50", None)] == ["88", "4657", "10", "0.5", ""]


def test_flags_and_grades_of_version_1() -> None:
    snapshot = decode((BAG / "2024" / "data" / "snapshot.json").read_bytes())
    assert snapshot.grades is not None and snapshot.grades.source == "registered"
    grades = dict(zip(snapshot.grades.outcomes["unit_id"], snapshot.grades.outcomes["grade"], strict=True))
    registered = dict(line.split(",") for line in (BAG / "2024" / "data/inputs/grades/2024.csv").read_text(
        encoding="utf-8").splitlines()[1:])
    assert grades == registered  # registered grades are published as registered
    flags = snapshot.flags
    assert set(flags["year"]) == {2024} and set(flags["flag_id"]) == {"priority", "no-promotion", "adjust"}
    raw_flags = raw(2024)["flags"]
    assert len(flags) == sum(len(v) for v in raw_flags.values())
    met = {(u, f["flag_id"]) for u, results in raw_flags.items() for f in results if f["met"]}
    assert set(zip(flags[flags["met"]]["unit_id"], flags[flags["met"]]["flag_id"], strict=True)) == met
    campaign = snapshot.grades.campaigns[0]
    assert campaign.campaign == "yiqing" and campaign.source == "grades/2024--yiqing.csv"


def test_the_frozen_years_open_data_is_the_archived_json_byte_for_byte(site: Path) -> None:
    for year in (2023, 2024):
        assert (site / "data" / f"{year}.json").read_bytes() == (BAG / str(year) / "data/results" / f"{year}.json").read_bytes()


def test_the_frozen_years_pages_show_the_archived_numbers(site: Path) -> None:
    snapshot = raw(2023)
    published = {r["unit_id"]: r["score"] for r in snapshot["periods"][0]["boards"][0]["rows"]}
    page = soup(site / "periods" / "2023" / "index.html").get_text(" ")
    for unit_id in ("xcban", "bb", "yqgw"):
        assert published[unit_id] in page, unit_id
    unit = (site / "units" / "xcban" / "index.html").read_text(encoding="utf-8")
    assert "绿：前 30%（名次 ≤ 16）" in unit
    assert not re.search(r"名次 [≤>] \d+\.0", unit)  # no rank bound printed as a float
    year = soup(site / "years" / "2023" / "index.html").get_text(" ")
    assert "本年度结果已于 2024-01-20 归档冻结" in year


def test_a_standings_board_of_version_1_reads_as_rows() -> None:
    # The demo's bags hold no standings board; one in version 1's shape (rows with a nested tier) reads so.
    from generator.archive.snapshot_v1 import _standings_board
    from generator.periods import Period

    tiers = raw(2023)["periods"][0]["boards"][0]["rules"]["tiers"]
    level = tiers["levels"][0]
    row = {"indicator_id": "jcdj", "rank": 2, "out_of": 10, "responsible": ["zzb"], "note": "",
           "tier": {"level": level, "condition": "top_pct", "threshold": 3}}
    board = _standings_board({"id": "standings", "title": "2023年上半年全市高质量发展指标晾晒表",
                              "source": "standings/2023-H1.csv", "tiers": tiers, "rows": [row]}, Period.parse("2023-H1"))
    assert isinstance(board, StandingsBoard)
    assert [(r.indicator_id, r.rank, r.out_of, r.tier, r.tier_threshold, r.responsible) for r in board.rows] == [
        ("jcdj", 2, 10, "green", 3, ("zzb",))]
