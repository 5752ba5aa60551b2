"""generator/render/views.py: what a page, a PDF and a download show of a board, checked on the small test
project with every number worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import check
from generator.i18n import Translator
from generator.model.config import TierLevel, Tiers
from generator.model.types import Content
from generator.outcome import Outcome, UnitBoard
from generator.render.views import (
    BoardView,
    FlagView,
    RowView,
    TierView,
    Views,
    condition_text,
    contrast_text,
    tier_counts,
    tier_style,
    tier_view,
    value_cells,
    web_row,
)
from tests.support import make_content

ZH = Translator("zh-CN")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Content, Outcome]:
    return check(make_content(tmp_path_factory.mktemp("views") / "content"), date(2026, 1, 6))


def main_board(outcome: Outcome) -> UnitBoard:
    board = outcome.periods[0].main
    assert isinstance(board, UnitBoard)
    return board


def test_unit_board_view_worked_by_hand(small: tuple[Content, Outcome]) -> None:
    """tests/support.py's project: efficacy 60 + 40 × clip((x − floor)/(target − floor)); 党的建设 0.5 (dj: target 100,
    floor 60), 业务工作 0.5 (zs ×2: 1000/200; aq ×1, lower: target 0, floor 4).

    甲局 dj 90 → 90; zs 800 → 60 + 40×600/800 = 90; aq 1 → 60 + 40×3/4 = 90.  0.5×90 + 0.5×(2×90 + 90)/3 = 90.00
    乙局 dj 80 → 80; zs 600 → 80; aq 0 → 100.  40 + 0.5×(160 + 100)/3 = 83.333… + 加分 1 = 84.33
    丙局 dj 70 → 70; zs 400 → 70; aq 2 → 80.  35 + 0.5×(140 + 80)/3 = 71.67
    东镇 dj 95 → 95; zs 1000 → 100; aq 0 → 100.  47.5 + 50 = 97.50
    西镇 dj 85 → 85; zs 500 → 75; aq 3 → 70.  42.5 + 0.5×(150 + 70)/3 = 79.17
    Ranked within kind; tiers by rank: green top 1, red bottom 1, yellow the rest.
    """
    content, outcome = small
    view = Views(content, ZH).board(main_board(outcome))
    assert view.kind == "units" and view.title == "2025年度综合考核晾晒表" and view.period_label == "2025年度"
    assert [g.name for g in view.groups] == ["部门", "乡镇"]
    got = [(r.unit, r.score, r.rank, r.group_size, r.tier.label) for r in view.rows]
    assert got == [("甲局", "90.00", 1, 3, "绿"), ("乙局", "84.33", 2, 3, "黄"), ("丙局", "71.67", 3, 3, "红"),
                   ("东镇", "97.50", 1, 2, "绿"), ("西镇", "79.17", 2, 2, "红")]
    # Cells per indicator: the raw value as reported and its 0–100 score.
    assert [h.id for h in view.indicators] == ["dj", "zs", "aq"]
    assert [(h.name, h.unit, h.category) for h in view.indicators] == [
        ("党建工作", "分", "党的建设"), ("招商引资", "万元", "业务工作"), ("安全事故", "起", "业务工作")]
    assert view.rows[1].cells == (("80", "80.00"), ("600", "80.00"), ("0", "100.00"))
    assert view.rows[4].cells == (("85", "85.00"), ("500", "75.00"), ("3", "70.00"))
    assert view.category_runs == [("党的建设", 1), ("业务工作", 2)]
    # Only 乙局 has a bonus (加分 1) and a note; nobody a penalty; no grades on a board without grades.
    assert (view.rows[1].bonus, view.rows[1].note) == ("1", "获评先进")
    assert view.has_bonus and view.has_notes and not view.has_penalty
    assert [(t.id, n) for t, n in tier_counts(view)] == [("green", 2), ("yellow", 1), ("red", 2)]
    # A board's view is made once per build and shared (a period's page, its year's page and the PDFs).
    views = Views(content, ZH)
    assert views.board(main_board(outcome)) is views.board(main_board(outcome))


def tiers() -> Tiers:
    return Tiers(basis="rank", levels=(TierLevel(id="good", label="好", top=3, color="#ffffff"),
                                       TierLevel(id="mid", label="中"),
                                       TierLevel(id="bad", label="差", bottom=2, shape="✖")))


def test_tier_views_carry_label_shape_colour_and_condition() -> None:
    views = [tier_view(tiers(), level, ZH) for level in tiers().levels]
    assert [(v.label, v.shape, v.color, v.position, v.is_best, v.is_worst, v.condition) for v in views] == [
        ("好", "●", "#ffffff", 0, True, False, "前 3 名"),   # default shapes ● ▲ ■ where none is given
        ("中", "▲", "#9a6700", 1, False, False, "其余"),     # default colours by position
        ("差", "✖", "#cf222e", 2, False, True, "后 2 名")]
    assert views[0].text_color == "#000000"  # white needs black text
    assert condition_text(TierLevel(id="a", label="A", top_pct=Decimal("12.50")), ZH) == "前 12.5%"
    assert condition_text(TierLevel(id="a", label="A", bottom_pct=Decimal(20)), ZH) == "后 20%"
    assert condition_text(TierLevel(id="a", label="A", min_score=Decimal("90.0")), ZH) == "得分 ≥ 90"
    assert tier_style(tiers()) == "--t0:#ffffff;--t0t:#000000;--t1:#9a6700;--t1t:#ffffff;--t2:#cf222e;--t2t:#ffffff"


def luminance(hex_color: str) -> float:
    channels = [int(hex_color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_text_examples() -> None:
    assert contrast_text("#ffffff") == "#000000" and contrast_text("#000000") == "#ffffff"
    assert contrast_text("#fff") == "#000000"  # three-digit colours too
    assert contrast_text("#1a7f37") == "#ffffff" and contrast_text("#ffd33d") == "#000000"


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=0xFFFFFF))
def test_contrast_text_picks_the_more_readable_of_black_and_white(value: int) -> None:
    colour = f"#{value:06x}"
    chosen = contrast_text(colour)
    other = "#ffffff" if chosen == "#000000" else "#000000"
    assert ratio(colour, chosen) >= ratio(colour, other) - 1e-9
    assert ratio(colour, chosen) >= 4.58 - 0.01  # the better of the two always reaches at least √21 ≈ 4.58


def row(**changes: object) -> RowView:
    tier = TierView("red", "红", "■", "#cf222e", "#ffffff", 2, False, True, "后 1 名")
    values: dict[str, object] = dict(unit_id="c", unit="丙局<b>", group="部门", score="71.67", rank=3, group_size=3,
                                     rank_change=-1, tier=tier, grade=None, flags=(), cells=(("70", "70.00"), ("", "")),
                                     bonus="", penalty="", note="")
    values.update(changes)
    return RowView(**values)  # type: ignore[arg-type]


def board(**changes: object) -> BoardView:
    values: dict[str, object] = dict(id="main", kind="units", title="T", period_id="2025-Q3", period_label="2025年第三季度",
                                     source="results/2025-Q3.csv", legend=(), basis="按名次", tier_style="")
    values.update(changes)
    return BoardView(**values)  # type: ignore[arg-type]


def test_value_cells_show_raw_score_or_both() -> None:
    # Cells hold the raw value as HTML already (escaped once when the view is made).
    r = row(cells=(("4111.2", "91.11"), ("", ""), ("&lt;x&gt;", "60.00")))
    assert value_cells(r, "both", "不适用") == \
        '<td>4111.2<i>91.11</i></td><td title="不适用">—</td><td>&lt;x&gt;<i>60.00</i></td>'
    assert value_cells(r, "raw", "不适用") == '<td>4111.2</td><td title="不适用">—</td><td>&lt;x&gt;</td>'
    assert value_cells(r, "score", "不适用") == '<td>91.11</td><td title="不适用">—</td><td>60.00</td>'


def test_web_row_links_to_the_units_matrix_line_and_escapes() -> None:
    html = str(web_row(row(), board(), "../../", "勘误", "不适用"))
    cells = BeautifulSoup(html, "html.parser").select("td")
    assert cells[1].select_one("a")["href"] == "../../units/c/index.html#p-2025-Q3-main"
    assert cells[1].get_text() == "丙局<b>"  # the name is text, not markup
    assert [c.get_text() for c in cells[:5]] == ["3", "丙局<b>", "71.67", "■红", "↓1"]
    assert cells[3]["class"] == ["t", "t2"]


def test_web_row_optional_columns_flags_and_errata() -> None:
    flagged = row(grade="优秀", bonus="1.5", penalty="2", note="获评先进",
                  flags=(FlagView("priority", "连续三年考核优秀，晋职时优先考虑", True),
                         FlagView("no-promotion", "近三年有一般及以下等次，不得提拔使用", False)),
                  erratum="勘误（2026-01-02）：得分 原公布 71.67，更正为 72.67")
    full = board(has_grades=True, has_bonus=True, has_penalty=True, has_notes=True)
    cells = BeautifulSoup(str(web_row(flagged, full, "", "勘误", "不适用")), "html.parser").select("tr > td")
    assert [c.get_text() for c in cells[5:]] == ["优秀", "70<i>70.00</i>".replace("<i>", "").replace("</i>", ""), "—",
                                                  "1.5", "2", "获评先进"]
    unit = cells[1]
    assert [(s["class"], s.get_text()) for s in unit.select("span.flag")] == [
        (["flag", "flag-good"], "★连续三年考核优秀"), (["flag", "flag-bad"], "⚑近三年有一般及以下等次")]
    assert unit.select_one("span.erratum")["title"] == "勘误（2026-01-02）：得分 原公布 71.67，更正为 72.67"
    plain = BeautifulSoup(str(web_row(row(), board(), "", "勘误", "不适用")), "html.parser").select("tr > td")
    assert len(plain) == 5 + 2  # rank, unit, score, tier, change, then the two indicator cells


def test_standings_view(small: tuple[Content, Outcome], tmp_path: Path) -> None:
    standings = "indicator,rank,out_of,responsible,note\ndj,1,10,a、b,并列第一\nzs,9,10,x,\naq,5,10,,\n"
    content, outcome = check(make_content(tmp_path / "content", {"standings/2025.csv": standings}), date(2026, 1, 6))
    found = next(b for b in outcome.periods[0].boards if b.kind == "standings")
    view = Views(content, ZH).board(found)
    assert view.kind == "standings"
    # No [standings.tiers]: the board uses [tiers] (rank: green top 1, red bottom 1 of out_of = 10, i.e. rank 10).
    assert [(r.indicator, r.rank, r.out_of, r.tier.label) for r in view.standings] == [
        ("党建工作", 1, 10, "绿"), ("招商引资", 9, 10, "黄"), ("安全事故", 5, 10, "黄")]
    assert view.standings[0].responsible == (("a", "甲局"), ("b", "乙局"))
    assert [r.indicator_id for r in view.promote] == ["dj"] and view.summon == ()
