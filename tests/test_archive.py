"""Archived years: freeze, verify, errata, and that nothing later can change a frozen year."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import bagit
import pytest

from generator.archive import Erratum, add_erratum, verify
from generator.build import build, check
from generator.errors import ContentError
from generator.freeze import AlreadyFrozen, freeze_year
from tests.support import DEMO, tree_bytes

FROZEN_ON = date(2025, 1, 20)
TODAY = date(2025, 11, 30)


@pytest.fixture(scope="module")
def frozen_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with 2024 frozen, made once; each test works on its own copy."""
    root = tmp_path_factory.mktemp("frozen") / "content"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("archive"))
    freeze_year(root, 2024, FROZEN_ON, make_pdfs=None)  # PDFs: see test_archive_pdf.py
    return root


@pytest.fixture
def content(frozen_template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(frozen_template, root)
    return root


def bag(content: Path) -> Path:
    return content / "archive" / "2024"


def test_freeze_writes_a_valid_bag_and_verify_passes(content: Path) -> None:
    assert verify(content, "zh-CN") == {2024: []}
    bagit.Bag(str(bag(content))).validate()  # the archivists' own tool agrees
    payload = {p.relative_to(bag(content) / "data").as_posix() for p in (bag(content) / "data").rglob("*") if p.is_file()}
    assert {"inputs/units.csv", "inputs/indicators.csv", "inputs/site.toml", "inputs/results/2024.csv",
            "inputs/grades/2024.csv", "inputs/grades/2024--yiqing.csv", "rules.toml", "results/2024.json",
            "snapshot.json"} <= payload
    assert "Bagging-Date: 2025-01-20" in (bag(content) / "bag-info.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("alter", ("data/results/2024.json", "已被改动（校验值不符）")),
        ("delete", ("data/rules.toml", "缺失（清单中有，文件不存在）")),
        ("add", ("data/extra.csv", "多出的文件（不在清单中）")),
    ],
)
def test_verify_names_each_altered_missing_or_added_file(content: Path, damage: str, expected: tuple[str, str]) -> None:
    data = bag(content) / "data"
    if damage == "alter":
        target = data / "results" / "2024.json"
        raw = bytearray(target.read_bytes())
        raw[10] = raw[10] ^ 0x01  # one byte, one bit
        target.write_bytes(bytes(raw))
    elif damage == "delete":
        (data / "rules.toml").unlink()
    else:
        (data / "extra.csv").write_text("x\n", encoding="utf-8")
    assert verify(content, "zh-CN") == {2024: [expected]}


def test_a_changed_rule_leaves_the_frozen_year_alone_but_changes_an_open_year(content: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    build(content, first, TODAY, pdf=False)
    toml = content / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("weight = 0.30 }", "weight = 0.50 }"), encoding="utf-8")
    second = tmp_path / "second"
    build(content, second, TODAY, pdf=False)
    for frozen in ("data/2024.json", "data/2024.csv", "periods/2024/index.html", "years/2024/index.html"):
        assert (first / frozen).read_bytes() == (second / frozen).read_bytes(), frozen
    assert (first / "data/2025.json").read_bytes() != (second / "data/2025.json").read_bytes()


def test_the_site_carries_the_archived_json_byte_for_byte(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site, TODAY, pdf=False)
    assert (site / "data" / "2024.json").read_bytes() == (bag(content) / "data" / "results" / "2024.json").read_bytes()
    page = (site / "years" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "已于 2025-01-20 归档冻结" in page


def test_editing_a_frozen_source_is_refused_and_the_old_site_stays(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site, TODAY, pdf=False)
    before = tree_bytes(site)
    source = content / "results" / "2024.csv"
    source.write_bytes(source.read_bytes().replace(b"\r\n", b"\n", 1))
    with pytest.raises(ContentError) as caught:
        build(content, site, TODAY, pdf=False)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "results/2024.csv:0:: 该文件属于已归档（冻结）的 2024 年度，内容与归档时不同。已公布的年度结果不能直接修改："
        "请恢复原文件（见 archive/2024/data/inputs/results/2024.csv），如需更正请运行 gongshi archive errata 2024 登记勘误"
    ]
    assert tree_bytes(site) == before


def test_removing_a_frozen_source_is_fine(content: Path) -> None:
    (content / "results" / "2024.csv").unlink()
    _, outcome = check(content, TODAY)
    assert outcome.period("2024") is not None  # drawn from the archive


def test_refreezing_is_refused_without_force_and_says_what_would_change(content: Path) -> None:
    toml = content / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("weight = 0.30 }", "weight = 0.50 }"), encoding="utf-8")
    with pytest.raises(AlreadyFrozen) as caught:
        freeze_year(content, 2024, FROZEN_ON, make_pdfs=None)
    message = str(caught.value)
    assert message.startswith("2024 年度已经归档。重新归档会改变以下文件")
    assert "修改 data/results/2024.json" in message and "修改 data/inputs/site.toml" in message
    freeze_year(content, 2024, FROZEN_ON, force=True, make_pdfs=None)
    assert verify(content, "zh-CN") == {2024: []}


def test_flags_of_an_open_year_read_frozen_grades(content: Path) -> None:
    _, outcome = check(content, TODAY)
    # 区发展和改革委员会: 优秀 in 2023 and 2024 (registered; 2024 now archived) and 2025 (derived).
    fgw = {r.flag_id: r.met for r in outcome.flags[("fgw", 2025)]}
    assert fgw["priority"] is True


def test_errata_keep_the_bag_valid_and_show_on_the_pages(content: Path, tmp_path: Path) -> None:
    erratum = Erratum(date(2025, 3, 1), "区财政局2024年度综合得分", "88.12", "88.21", "录入时两位数字颠倒", unit="czj",
                      period="2024")
    add_erratum(bag(content), erratum)
    assert verify(content, "zh-CN") == {2024: []}
    bagit.Bag(str(bag(content))).validate()
    site = tmp_path / "site"
    build(content, site, TODAY, pdf=False)
    year_page = (site / "years" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "录入时两位数字颠倒" in year_page and "88.21" in year_page
    assert "88.21" in (site / "units" / "czj" / "index.html").read_text(encoding="utf-8")
    board = (site / "periods" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "勘误（2025-03-01）：区财政局2024年度综合得分 原公布 88.12，更正为 88.21" in board
    # The tag file is covered by the tag manifest: altering it is caught.
    errata = bag(content) / "errata.json"
    errata.write_text(errata.read_text(encoding="utf-8").replace("88.21", "99.99"), encoding="utf-8")
    assert verify(content, "zh-CN") == {2024: [("errata.json", "已被改动（校验值不符）")]}


def test_two_builds_are_byte_identical(content: Path, tmp_path: Path) -> None:
    build(content, tmp_path / "a", TODAY, pdf=False)
    build(content, tmp_path / "b", TODAY, pdf=False)
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")
