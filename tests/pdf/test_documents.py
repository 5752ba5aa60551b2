"""How a printed board is laid out (documents.py): paper, type size, table width, tier fills, flag marks and
the bulletin's signature block, worked out by hand on the small project's views."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n import Translator
from generator.pdf.documents import (
    MM_TO_PT,
    board_ems,
    board_font_pt,
    board_width_pct,
    flag_marks,
    notice_body,
    paper_width_mm,
    print_chart,
    tier_cell,
    tier_class,
    tint,
    unit_column_em,
)
from generator.render.views import BoardView, FlagView, GroupView, IndicatorHead, Views
from tests.support import make_content

ZH = Translator("zh-CN")
A3_LANDSCAPE = 420
# The line of a board page: A3 landscape less 2 × 12 mm margin, in pt: 396 × 72 / 25.4 = 1122.52.
LINE_PT = (A3_LANDSCAPE - 24) * MM_TO_PT


@pytest.fixture(scope="module")
def main_board(tmp_path_factory: pytest.TempPathFactory) -> BoardView:
    from generator.build import check

    content, outcome = check(make_content(tmp_path_factory.mktemp("docs") / "content"), date(2025, 11, 30))
    board = next(b for b in outcome.periods[0].boards if b.id == "main")
    return Views(content, ZH).board(board)


def with_indicators(board: BoardView, count: int) -> BoardView:
    heads = tuple(IndicatorHead(f"i{n}", f"指标{n}", "", "业务工作") for n in range(count))
    return replace(board, indicators=heads)


def with_flags(board: BoardView, flags: tuple[FlagView, ...]) -> BoardView:
    first = board.groups[0]
    return replace(board, groups=(replace(first, rows=(replace(first.rows[0], flags=flags), *first.rows[1:])),
                                  *board.groups[1:]))


@pytest.mark.parametrize(("paper", "orientation", "width"), [("A3", "landscape", 420), ("A3", "portrait", 297),
                                                             ("A4", "portrait", 210), ("B4", "landscape", 353)])
def test_paper_width(paper: str, orientation: str, width: int) -> None:
    assert paper_width_mm(paper, orientation) == width


def test_the_small_boards_natural_width_and_type_size(main_board: BoardView) -> None:
    # Names of 2 characters, no flags: the unit column is max(2, 4) + 1.2 = 5.2 em.
    assert unit_column_em(main_board) == pytest.approx(5.2)
    # rank 2.8 + unit 5.2 + score 4.6 + tier 4.2 + change 4.0 = 20.8; no grades ([grades] absent);
    # 3 indicators × 4.1 = 12.3; a bonus column (乙局 +1) 3.4; a note column (获评先进) 7: 43.5 em.
    assert (main_board.has_grades, main_board.has_bonus, main_board.has_penalty, main_board.has_notes) == \
        (False, True, False, True)
    assert board_ems(main_board) == pytest.approx(43.5)
    # 1122.52 pt / 43.5 em = 25.8 pt a column would allow: capped at 10 pt.
    assert board_font_pt(main_board, A3_LANDSCAPE) == 10.0
    # At 10 pt and 1.5 × the natural width: 652.5 pt of 1122.52 = 58 %: narrower than 60 %, so 60 % (centred).
    assert board_width_pct(main_board, A3_LANDSCAPE, 10.0) == 60


def test_many_indicators_shrink_the_type_down_to_a_floor(main_board: BoardView) -> None:
    # 20 indicators: 43.5 + 17 × 4.1 = 113.2 em; 1122.52 / 113.2 = 9.916 → 9.9 pt (to 0.1, down).
    twenty = with_indicators(main_board, 20)
    assert board_ems(twenty) == pytest.approx(113.2)
    assert board_font_pt(twenty, A3_LANDSCAPE) == 9.9
    # 113.2 × 9.9 × 1.5 = 1681 pt > the line: the table takes all of it.
    assert board_width_pct(twenty, A3_LANDSCAPE, 9.9) == 100
    # 40 indicators: 195.2 em → 5.75 pt would fit, below the legible floor of 6.5 pt.
    assert board_font_pt(with_indicators(main_board, 40), A3_LANDSCAPE) == 6.5


def test_flags_widen_the_unit_column_and_get_one_mark_each(main_board: BoardView) -> None:
    priority = FlagView("priority", "连续三年考核优秀，晋职时优先考虑", True)
    adjust = FlagView("adjust", "连续三年一般及以下，组织调整", False)
    board = with_flags(main_board, (priority, adjust))
    # 甲局 with two marks: 2 + 1.6 × 2 = 5.2; max(5.2, 4) + 1.2 = 6.4 em.
    assert unit_column_em(board) == pytest.approx(6.4)
    marks = flag_marks(board)
    assert [(key, mark.mark, mark.label) for key, mark in marks.items()] == [
        ("priority", "①", "连续三年考核优秀，晋职时优先考虑"), ("adjust", "②", "连续三年一般及以下，组织调整")]


def test_a_very_long_name_is_capped_at_15_em(main_board: BoardView) -> None:
    first = main_board.groups[0]
    long_row = replace(first.rows[0], unit="示例市公安局示例区分局交通管理大队第一中队")  # 20 characters
    board = replace(main_board, groups=(GroupView(first.name, (long_row,)),))
    assert unit_column_em(board) == 15


def test_tint_mixes_a_colour_with_white() -> None:
    # #1a7f37 = (26, 127, 55); 30 % of it: 255 − (255 − c) × 0.3 → 186.3, 216.6, 195 → ba d9 c3.
    assert tint("#1a7f37", 0.3) == "#bad9c3"
    assert tint("#fff", 0.5) == "#ffffff"  # 3-digit colours are read as 6
    assert tint("#000", 1.0) == "#000000" and tint("#000", 0.0) == "#ffffff"


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 0xFFFFFF), st.floats(0, 1))
def test_tint_is_never_darker_than_the_colour(value: int, share: float) -> None:
    color = f"#{value:06x}"
    tinted = tint(color, share)
    assert len(tinted) == 7
    for i in (1, 3, 5):
        assert int(tinted[i:i + 2], 16) >= int(color[i:i + 2], 16)


def test_tiers_differ_by_fill_not_only_by_colour(main_board: BoardView) -> None:
    rows = {row.unit: row for row in main_board.rows}
    best, middle, worst = rows["甲局"].tier, rows["乙局"].tier, rows["丙局"].tier
    assert [tier_class(t) for t in (best, middle, worst)] == ["t-best", "t-mid", "t-worst"]
    # The worst tier is filled solid with its own colour; the best gets a 30 % tint; the middle one only a frame.
    assert f"background: {worst.color}" in tier_cell(worst)
    assert f"background: {tint(best.color, 0.3)}" in tier_cell(best)
    assert "background" not in tier_cell(middle)
    assert str(tier_cell(best)).endswith(">● 绿</td>")  # shape and label, never colour alone


def test_a_bulletins_addressee_and_signature_are_set_as_gongwen() -> None:
    html = "<p>各部门、各乡镇：</p>\n<p>现将考核结果通报如下。</p>\n<p>中共测试区委组织部\n2025年11月20日</p>\n"
    body, signed = notice_body(html)
    assert signed
    assert body == ('<p class="addressee">各部门、各乡镇：</p>\n<p>现将考核结果通报如下。</p>\n'
                    '<p class="sign"><span class="sign-line">中共测试区委组织部</span><br>'
                    '<span class="sign-line">2025年11月20日</span></p>\n')


@pytest.mark.parametrize("last", [
    "<p>请各单位认真整改。</p>",  # no date on the last line
    "<p>" + "很长的一行" * 10 + "\n2025-11-20</p>",  # a line of 50 characters is text, not a signature
    "<p>一\n二\n三\n四\n五\n2025-11-20</p>",  # six lines
])
def test_a_closing_paragraph_that_is_not_a_signature_is_left_alone(last: str) -> None:
    html = f"<p>正文。</p>\n{last}\n"
    assert notice_body(html) == (html, False)


def test_the_print_chart_carries_its_styles_and_a_safe_family() -> None:
    svg = '<svg viewBox="0 0 10 10"><line class="grid"/></svg>'
    chart = str(print_chart(svg, "Noto Sans CJK SC'</style><script>"))
    assert chart.startswith('<svg viewBox="0 0 10 10"><style>.grid{stroke:#c8c8c8;stroke-width:1}')
    # ' < > are dropped (the slash stays, harmless without them): the name cannot close the style element.
    assert "font-family:'Noto Sans CJK SC/stylescript'" in chart
    assert chart.endswith('<line class="grid"/></svg>')
    assert print_chart("", "x") == ""


def test_a_board_prints_one_table_per_ranking_group_in_units_order(main_board: BoardView) -> None:
    # ranking.within = "kind": 部门 (甲乙丙, order 1–3) before 乡镇 (东西, order 4–5), each by rank.
    assert [(g.name, [r.unit for r in g.rows]) for g in main_board.groups] == [
        ("部门", ["甲局", "乙局", "丙局"]), ("乡镇", ["东镇", "西镇"])]
