"""`archive freeze` (freeze.py): a year's inputs, rules, results and snapshot (version 2) go into a bag; later
builds draw the year from it, and nothing later — rules, data, this program — changes what was published."""

from __future__ import annotations

import json
import shutil
import tomllib
from datetime import date
from pathlib import Path

import bagit
import pytest

from generator.archive.bag import add_erratum, bag_info, verify
from generator.archive.freeze import AlreadyFrozen, freeze_year, known_unit_ids, resolved_rules
from generator.archive.snapshot import Erratum
from generator.build import build, check
from generator.errors import ContentError, GongshiError
from generator.i18n import Translator
from tests.archive.projects import RICH_TOML, rich_content
from tests.support import RESULTS_2025, tree_bytes

ZH = Translator("zh-CN")
FROZEN_ON = date(2025, 1, 20)
TODAY = date(2025, 11, 30)
PAYLOAD = {
    "inputs/site.toml", "inputs/units.csv", "inputs/indicators.csv",
    "inputs/results/2024.csv", "inputs/results/2024-Q1.csv", "inputs/results/2024--zhaoshang.csv",
    "inputs/grades/2024--yiqing.csv", "inputs/standings/2024-H1.csv",
    "rules.toml", "results/2024-Q1.json", "results/2024-H1.json", "results/2024.json", "snapshot.json",
}
HEAVIER_PARTY = RICH_TOML.replace('weight = 0.5 },\n  { id = "work"', 'weight = 0.6 },\n  { id = "work"')


@pytest.fixture(scope="module")
def frozen_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rich project with 2024 frozen (without PDFs: those are made in test_cli_archive), made once."""
    root = rich_content(tmp_path_factory.mktemp("frozen") / "content")
    freeze_year(root, 2024, FROZEN_ON, ZH, make_pdfs=None)
    return root


@pytest.fixture
def content(frozen_template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(frozen_template, root)
    return root


def bag(content: Path) -> Path:
    return content / "archive" / "2024"


def test_freeze_writes_a_version_2_bag_of_the_years_files(tmp_path: Path) -> None:
    root = rich_content(tmp_path / "content")
    result = freeze_year(root, 2024, FROZEN_ON, ZH, make_pdfs=None)
    assert (result.year, result.bag, result.files, result.replaced) == (2024, bag(root), len(PAYLOAD), False)
    payload = {p.relative_to(bag(root) / "data").as_posix() for p in (bag(root) / "data").rglob("*") if p.is_file()}
    assert payload == PAYLOAD  # nothing of 2025
    info = bag_info(bag(root))
    assert {k: info[k] for k in ("Bagging-Date", "Snapshot-Version", "Source-Organization", "External-Description",
                                 "Bag-Software-Agent")} == {
        "Bagging-Date": "2025-01-20", "Snapshot-Version": "2", "Source-Organization": "中共测试区委组织部",
        "External-Description": "测试区考核结果公示 2024", "Bag-Software-Agent": "gongshi"}
    assert json.loads((bag(root) / "data" / "snapshot.json").read_bytes())["version"] == 2
    assert (bag(root) / "data/inputs/results/2024.csv").read_bytes() == (root / "results/2024.csv").read_bytes()
    assert verify(root) == {2024: []}
    bagit.Bag(str(bag(root))).validate()


def test_the_rules_in_force_are_written_resolved(tmp_path: Path) -> None:
    # [years.2024.scoring] replaces the categories for 2024 only: the archive keeps 2024's, 0.7 / 0.3.
    override = '\n[years.2024.scoring]\ncategories = [\n  { id = "party", name = "党的建设", weight = 0.7 },\n' \
               '  { id = "work", name = "业务工作", weight = 0.3 },\n]\n'
    root = rich_content(tmp_path / "content", {"site.toml": RICH_TOML + override})
    content, _ = check(root, TODAY)
    text = resolved_rules(content.config, 2024).decode("utf-8")
    assert text.startswith("# 归档时 2024 年度实行的考核规则（已合并 [years.2024] 的调整）\n")
    rules = tomllib.loads(text)
    assert [(c["id"], c["weight"]) for c in rules["main"]["scoring"]["categories"]] == [("party", "0.7"), ("work", "0.3")]
    assert rules["boards"]["zhaoshang"]["tiers"]["basis"] == "score"
    assert rules["boards"]["zhaoshang"]["tiers"]["levels"][0]["min_score"] == "85.5"
    assert rules["main"]["grades"]["quota"]["over_quota"] == "demote"
    assert [f["id"] for f in rules["flags"]] == ["priority"]
    later = tomllib.loads(resolved_rules(content.config, 2025).decode("utf-8"))
    assert [c["weight"] for c in later["main"]["scoring"]["categories"]] == ["0.5", "0.5"]


def test_a_year_without_data_cannot_be_frozen(tmp_path: Path) -> None:
    root = rich_content(tmp_path / "content")
    with pytest.raises(GongshiError) as caught:
        freeze_year(root, 2019, FROZEN_ON, ZH, make_pdfs=None)
    assert caught.value.lines(ZH) == ["2019 年度没有任何考核数据，无法归档"]
    assert not (root / "archive").exists()


def test_refreezing_the_same_data_is_said_to_be_needless(content: Path) -> None:
    with pytest.raises(AlreadyFrozen) as caught:
        freeze_year(content, 2024, FROZEN_ON, ZH, make_pdfs=None)
    assert caught.value.lines(ZH) == ["2024 年度已经归档，且与现有数据一致，无需重新归档"]


def test_refreezing_lists_every_change_and_needs_force(content: Path) -> None:
    before = tree_bytes(bag(content))
    # The party weighs 0.6 now (every score of 2024 moves), a Q2 file appears, the campaign file goes.
    rich_content(content, {"site.toml": HEAVIER_PARTY, "results/2024-Q2.csv": RESULTS_2025})
    (content / "grades" / "2024--yiqing.csv").unlink()
    with pytest.raises(AlreadyFrozen) as caught:
        freeze_year(content, 2024, FROZEN_ON, ZH, make_pdfs=None)
    # Sorted by path; the standings board (2024-H1) has no scores, so its JSON stays the same.
    assert caught.value.lines(ZH) == ["2024 年度已经归档。重新归档会改变以下文件（如确需重新归档，请加 --force）：\n"
                                      "  删除 data/inputs/grades/2024--yiqing.csv\n"
                                      "  新增 data/inputs/results/2024-Q2.csv\n"
                                      "  修改 data/inputs/site.toml\n"
                                      "  修改 data/results/2024-Q1.json\n"
                                      "  新增 data/results/2024-Q2.json\n"
                                      "  修改 data/results/2024.json\n"
                                      "  修改 data/rules.toml\n"
                                      "  修改 data/snapshot.json"]
    assert tree_bytes(bag(content)) == before
    result = freeze_year(content, 2024, date(2025, 2, 1), ZH, force=True, make_pdfs=None)
    assert result.replaced
    assert verify(content) == {2024: []}
    assert bag_info(bag(content))["Bagging-Date"] == "2025-02-01"
    assert sorted(p.name for p in (content / "archive").iterdir()) == ["2024"]  # the old bag is gone, no staging left
    assert (bag(content) / "data/results/2024-Q2.json").is_file()


def test_later_builds_draw_the_year_from_the_bag_whatever_the_rules_say(content: Path, tmp_path: Path) -> None:
    first, again = tmp_path / "first", tmp_path / "again"
    build(content, first, TODAY, pdf=False)
    build(content, again, TODAY, pdf=False, cache_dir=tmp_path / "other-cache")
    assert tree_bytes(first) == tree_bytes(again)  # the same content and date: the same bytes
    for period in ("2024-Q1", "2024-H1", "2024"):
        assert (first / "data" / f"{period}.json").read_bytes() == (bag(content) / "data/results" / f"{period}.json").read_bytes()
    rich_content(content, {"site.toml": HEAVIER_PARTY})
    second = tmp_path / "second"
    build(content, second, TODAY, pdf=False)
    for frozen in ("data/2024.json", "data/2024-Q1.json", "data/2024.csv", "periods/2024/index.html",
                   "periods/2024-Q1/index.html", "years/2024/index.html"):
        assert (first / frozen).read_bytes() == (second / frozen).read_bytes(), frozen
    assert (first / "data/2025.json").read_bytes() != (second / "data/2025.json").read_bytes()


def test_a_frozen_years_unit_page_prints_its_rank_bound_as_computed(content: Path, tmp_path: Path) -> None:
    # Computed, 甲局's page says its 2024 row was green by "前 1 名（名次 ≤ 1）"; read back from the
    # bag it must say the same, not "名次 ≤ 1.0".
    site = tmp_path / "site"
    build(content, site, TODAY, pdf=False)
    page = (site / "units" / "a" / "index.html").read_text(encoding="utf-8")
    assert "绿：前 1 名（名次 ≤ 1）" in page and "名次 ≤ 1.0" not in page


def test_editing_a_frozen_source_is_refused_and_the_old_site_stays(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site, TODAY, pdf=False)
    before = tree_bytes(site)
    source = content / "results" / "2024.csv"
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))  # the same numbers, other bytes
    (content / "results" / "2024-Q2.csv").write_text(RESULTS_2025, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(content, site, TODAY, pdf=False)
    assert caught.value.lines(ZH) == [
        "results/2024-Q2.csv: 该文件属于已归档（冻结）的 2024 年度，但归档中没有它。"
        "请删除，或用 gongshi archive freeze 2024 --force 重新归档",
        "results/2024.csv: 该文件属于已归档（冻结）的 2024 年度，内容与归档时不同。已公布的年度结果不能直接修改："
        "请恢复原文件（见 archive/2024/data/inputs/results/2024.csv），如需更正请运行 gongshi archive errata 2024 登记勘误"]
    assert tree_bytes(site) == before


def test_removing_a_frozen_source_is_fine(content: Path) -> None:
    (content / "results" / "2024.csv").unlink()
    (content / "results" / "2024-Q1.csv").unlink()
    _, outcome = check(content, TODAY)
    assert [p.period.id for p in outcome.periods] == ["2024-Q1", "2024-H1", "2024", "2025"]  # drawn from the bag


def test_flags_of_an_open_year_read_the_frozen_grades(content: Path) -> None:
    # 2024 froze 甲局 as 优秀 (score 90.00, band min 90). Now 优秀 needs 91 and 甲局 scores 92.00 in 2025
    # (党建工作 94: 0.5 × 94 + 0.5 × 90). Recomputed, 2024 would be 良好; frozen, it stays 优秀, so
    # "连续两年优秀" holds for 2025.
    rich_content(content, {"site.toml": RICH_TOML.replace('{ grade = "优秀", min = 90 }', '{ grade = "优秀", min = 91 }'),
                           "results/2025.csv": RESULTS_2025.replace("甲局,90,", "甲局,94,")})
    _, outcome = check(content, TODAY)
    grades = outcome.years[2024].outcomes.set_index("unit_id")["grade"]
    assert grades["a"] == "优秀"
    flags = outcome.flags
    met = flags[(flags["unit_id"] == "a") & (flags["year"] == 2025) & (flags["flag_id"] == "priority")]["met"]
    assert met.tolist() == [True]


def test_errata_may_name_the_archived_units_and_those_of_units_csv(content: Path) -> None:
    (content / "units.csv").write_text("id,name,kind,order\na,甲局,部门,1\nnew,新局,部门,9\n", encoding="utf-8")
    assert known_unit_ids(content, bag(content)) == {"a", "b", "c", "x", "y", "new"}


def frozen_digests(content: Path) -> list[str]:
    return [b.digest for p in check(content, TODAY)[1].periods if p.period.year == 2024 for b in p.boards]


def test_a_frozen_years_boards_are_keyed_by_their_bag(content: Path) -> None:
    # compute gives each archived board a digest of its bag and its place, so that what shows it is keyed
    # without reading its tables again: one per board, the same in another build, another when the bag changes.
    digests = frozen_digests(content)
    assert len(digests) >= 3 and all(digests) and len(set(digests)) == len(digests)
    assert frozen_digests(content) == digests
    add_erratum(bag(content), Erratum(date=date(2025, 3, 1), what="甲局 2024 年度得分", old="95", new="96",
                                      reason="核减重复计分", unit="a", period="2024"))
    changed = frozen_digests(content)
    assert all(changed) and not set(changed) & set(digests)
    # The pages name and order a frozen year's units as units.csv does today: a unit moved there changes them.
    units = (content / "units.csv").read_text(encoding="utf-8")
    moved = units.replace("a,甲局,部门,1", "a,甲局,部门,9")
    assert moved != units
    (content / "units.csv").write_text(moved, encoding="utf-8")
    reordered = frozen_digests(content)
    assert all(reordered) and not set(reordered) & set(changed)
