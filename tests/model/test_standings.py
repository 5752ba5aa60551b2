"""standings/<period>.csv checked (generator/model/standings.py): indicator, rank, out_of[, responsible, note]."""

from __future__ import annotations

from pathlib import Path

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from generator.model.types import StandingEntry
from tests.support import SITE_TOML, make_content

ZH = Translator("zh-CN")


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    _, found = build_model(load_project(make_content(tmp_path, files)))
    return [p.text(ZH) for p in found]


def test_a_standings_file_is_typed(tmp_path: Path) -> None:
    text = "指标,排名,参评数,责任单位,备注\n招商引资（万元）,3,10,甲局、乙局,\naq,10,10,x;y,连续两期垫底\n"
    content, found = build_model(load_project(make_content(tmp_path, {"standings/2025-Q1.csv": text})))
    assert found == [] and content is not None
    [sheet] = content.standings
    assert (sheet.period.id, sheet.source) == ("2025-Q1", "standings/2025-Q1.csv")
    assert sheet.entries == (StandingEntry("zs", 3, 10, ("a", "b"), "", 2),
                             StandingEntry("aq", 10, 10, ("x", "y"), "连续两期垫底", 3))


def test_missing_columns(tmp_path: Path) -> None:
    assert problems(tmp_path, {"standings/2025-Q1.csv": "指标,排名\n党建工作,1\n"}) == [
        "standings/2025-Q1.csv:1:out_of: 缺少“out_of”列"
    ]


def test_a_header_only(tmp_path: Path) -> None:
    assert problems(tmp_path, {"standings/2025-Q1.csv": "indicator,rank,out_of\n"}) == [
        "standings/2025-Q1.csv:1: 只有表头，没有任何数据行"
    ]


def test_the_mistakes_of_rows(tmp_path: Path) -> None:
    text = ("indicator,rank,out_of,responsible\n"
            "党建,1,10,\n"  # unknown indicator
            "安全事故,11,10,\n"  # rank beyond out_of
            "党建工作,x,10,北局\n"  # not an integer (its unknown responsible unit is not read then)
            "招商引资,2,10,北局\n"
            "招商引资,0,10,\n"
            "党建工作,1.5,10,\n"
            "党建工作,,10,\n")
    assert problems(tmp_path, {"standings/2025-Q1.csv": text}) == [
        "standings/2025-Q1.csv:2:indicator: 找不到指标“党建”。是否指：“党建工作”？",
        "standings/2025-Q1.csv:3:rank: 排名 11 应在 1 到 10 之间",
        "standings/2025-Q1.csv:4:rank: “x”不是整数",
        "standings/2025-Q1.csv:5:responsible: 找不到单位“北局”。是否指：“甲局”、“乙局”、“丙局”？",
        "standings/2025-Q1.csv:6:rank: 排名 0 应在 1 到 10 之间",
        "standings/2025-Q1.csv:7:rank: “1.5”不是整数",
        "standings/2025-Q1.csv:8:rank: 不能为空",
    ]


def test_standings_are_tiered_by_rank_not_by_score(tmp_path: Path) -> None:
    toml = SITE_TOML + ('\n[standings.tiers]\nbasis = "score"\n'
                        'levels = [{ id = "a", label = "好", min_score = 90 }, { id = "b", label = "其余" }]\n')
    text = "indicator,rank,out_of\n党建工作,1,10\n"
    assert problems(tmp_path, {"site.toml": toml, "standings/2025-Q1.csv": text}) == [
        "site.toml:26:standings.tiers: 晾晒表按名次分档：[standings.tiers] 或 [tiers] 的 basis 须为 rank 或 percentile"
    ]
    assert problems(tmp_path / "without", {"site.toml": toml}) == []  # no standings file: nothing to tier
