"""Frozen years as BagIt bags (bag.py): the demo's bags verify, and every altered, missing or added file is
named, by our own check and by the `bagit` library itself."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import bagit
import pytest

from generator.archive.bag import (
    add_erratum,
    check_bag,
    frozen_years,
    payload_changes,
    period_in_year,
    read_frozen_year,
    read_tree,
    sha256,
    verify,
    write_bag,
    year_of_source,
)
from generator.archive.snapshot import Erratum
from generator.build import check
from generator.errors import ContentError
from generator.i18n import Translator
from tests.support import DEMO, copy_demo

ZH = Translator("zh-CN")
ALTERED, MISSING, ADDED = "已被改动（校验值不符）", "缺失（清单中有，文件不存在）", "多出的文件（不在清单中）"


def texts(findings: list[tuple[str, object]]) -> list[tuple[str, str]]:
    return [(path, message.text(ZH)) for path, message in findings]  # type: ignore[attr-defined]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A content folder holding a copy of the demo's two bags only."""
    root = tmp_path / "content"
    shutil.copytree(DEMO / "archive", root / "archive")
    return root


def bag(root: Path, year: int = 2024) -> Path:
    return root / "archive" / str(year)


def test_the_demos_bags_verify() -> None:
    assert frozen_years(DEMO) == [2023, 2024]
    results = verify(DEMO)
    assert {year: texts(findings) for year, findings in results.items()} == {2023: [], 2024: []}
    for year in (2023, 2024):
        bagit.Bag(str(bag(DEMO, year))).validate()  # the archivists' own tool agrees


@pytest.mark.parametrize("year", [2023, 2024])
def test_the_demos_frozen_years_read_as_version_1(year: int) -> None:
    frozen, problems = read_frozen_year(DEMO, year)
    assert problems == [] and frozen is not None
    assert (frozen.year, frozen.snapshot.version, frozen.snapshot.year) == (year, 1, year)
    # Bagging-Date of bag-info.txt: 20 January of the next year.
    assert frozen.frozen_on == date(year + 1, 1, 20)
    # The checksum that stands for the year is the sha256 of its payload manifest.
    assert frozen.checksum == sha256((bag(DEMO, year) / "manifest-sha256.txt").read_bytes())
    assert set(frozen.files) == {f"data/{year}.json", f"pdf/board-{year}.pdf", f"pdf/year-{year}.pdf"}
    assert frozen.inputs[f"results/{year}.csv"] == sha256((bag(DEMO, year) / "data/inputs/results" / f"{year}.csv").read_bytes())


def damage(root: Path, how: str) -> None:
    data = bag(root) / "data"
    if how == "alter":
        target = data / "results" / "2024.json"
        raw = bytearray(target.read_bytes())
        raw[10] ^= 0x01  # one bit of one byte
        target.write_bytes(bytes(raw))
    elif how == "delete":
        (data / "rules.toml").unlink()
    elif how == "add":
        (data / "extra.csv").write_text("x\n", encoding="utf-8")
    elif how == "link":
        # The same bytes, but through a link: a bag holds its own files, so the file counts as missing.
        copy = bag(root).parent / "rules.toml"
        shutil.copy(data / "rules.toml", copy)
        (data / "rules.toml").unlink()
        (data / "rules.toml").symlink_to(copy)
    elif how == "tagfile":
        info = bag(root) / "bag-info.txt"
        info.write_text(info.read_text(encoding="utf-8").replace("2025-01-20", "2025-01-21"), encoding="utf-8")


@pytest.mark.parametrize(("how", "expected"), [
    ("alter", [("data/results/2024.json", ALTERED)]),
    ("delete", [("data/rules.toml", MISSING)]),
    ("add", [("data/extra.csv", ADDED)]),
    ("link", [("data/rules.toml", MISSING)]),
    ("tagfile", [("bag-info.txt", ALTERED)]),  # the tag manifest covers bag-info.txt (the frozen-on date)
])
def test_verify_names_each_altered_missing_or_added_file(archive: Path, how: str, expected: list[tuple[str, str]]) -> None:
    damage(archive, how)
    assert {year: texts(f) for year, f in verify(archive).items()} == {2023: [], 2024: expected}
    with pytest.raises(bagit.BagError):
        bagit.Bag(str(bag(archive))).validate()


def test_a_missing_tag_manifest_is_named_and_the_tag_files_are_not_called_extra(archive: Path) -> None:
    (bag(archive) / "tagmanifest-sha256.txt").unlink()
    assert texts(check_bag(bag(archive))) == [("tagmanifest-sha256.txt", MISSING)]


def test_a_manifest_entry_may_not_point_outside_the_bag(archive: Path) -> None:
    manifest = bag(archive) / "manifest-sha256.txt"
    outside = archive / "archive" / "2023" / "bagit.txt"
    manifest.write_text(manifest.read_text(encoding="utf-8") + f"{sha256(outside.read_bytes())}  ../2023/bagit.txt\n",
                        encoding="utf-8")
    findings = texts(check_bag(bag(archive)))
    assert ("../2023/bagit.txt", MISSING) in findings and ("manifest-sha256.txt", ALTERED) in findings


def test_a_damaged_bag_stops_the_build_with_the_file_named(archive: Path, tmp_path: Path) -> None:
    content = copy_demo(tmp_path / "demo")
    shutil.copytree(archive / "archive", content / "archive")
    damage(content, "delete")
    with pytest.raises(ContentError) as caught:
        check(content, date(2025, 11, 30))
    assert caught.value.lines(ZH) == [f"archive/2024/data/rules.toml: {MISSING}"]


def test_bagits_own_validation_is_reported_when_our_check_passes(archive: Path) -> None:
    # Payload-Oxum (file count and bytes) wrong in bag-info.txt, with the tag manifest rewritten to match:
    # our checksums all agree, the bagit library does not.
    info = bag(archive) / "bag-info.txt"
    text = info.read_text(encoding="utf-8")
    oxum = next(line for line in text.splitlines() if line.startswith("Payload-Oxum:"))
    size, count = oxum.split(":")[1].strip().split(".")
    info.write_text(text.replace(oxum, f"Payload-Oxum: {size}.{int(count) + 1}"), encoding="utf-8")
    names = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
    tags = "".join(f"{sha256((bag(archive) / n).read_bytes())}  {n}\n" for n in names)
    (bag(archive) / "tagmanifest-sha256.txt").write_text(tags, encoding="utf-8")
    assert check_bag(bag(archive)) == []
    with pytest.raises(bagit.BagError) as error:
        bagit.Bag(str(bag(archive))).validate()
    assert texts(verify(archive)[2024]) == [("", f"归档无法读取：{error.value}")]


def test_errata_keep_the_bag_valid_and_are_covered_by_the_tag_manifest(archive: Path) -> None:
    first = Erratum(date(2025, 3, 1), "区财政局2024年度综合得分", "88.12", "88.21", "录入时两位数字颠倒",
                    unit="czj", period="2024")
    second = Erratum(date(2025, 3, 2), "区统计局2024年度备注", "无", "获评先进", "漏填")
    assert add_erratum(bag(archive), first) == (first,)
    assert add_erratum(bag(archive), second) == (first, second)
    assert verify(archive)[2024] == []
    bagit.Bag(str(bag(archive))).validate()
    frozen, _ = read_frozen_year(archive, 2024)
    assert frozen is not None and frozen.errata == (first, second)
    assert json.loads((bag(archive) / "errata.json").read_text(encoding="utf-8"))[0] == {
        "date": "2025-03-01", "what": "区财政局2024年度综合得分", "old": "88.12", "new": "88.21", "reason": "录入时两位数字颠倒",
        "unit": "czj", "period": "2024"}
    errata = bag(archive) / "errata.json"
    errata.write_text(errata.read_text(encoding="utf-8").replace("88.21", "99.99"), encoding="utf-8")
    assert texts(verify(archive)[2024]) == [("errata.json", ALTERED)]


def write_test_bag(root: Path, year: int, snapshot: bytes) -> Path:
    target = root / "archive" / str(year)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bag(target, {"snapshot.json": snapshot}, {"Bagging-Date": f"{year + 1}-01-20"})
    return target


def test_an_unknown_snapshot_version_asks_for_a_newer_program(tmp_path: Path) -> None:
    write_test_bag(tmp_path, 2030, b'{"version": 99}')
    frozen, problems = read_frozen_year(tmp_path, 2030)
    assert frozen is None
    assert [p.text(ZH) for p in problems] == [
        "archive/2030/data/snapshot.json: 归档格式版本 99 无法识别（本程序可读 1, 2）：请用较新版本的 gongshi 生成网站"]


def test_an_unreadable_snapshot_is_said(tmp_path: Path) -> None:
    write_test_bag(tmp_path, 2030, b"not json")
    _, problems = read_frozen_year(tmp_path, 2030)
    assert [p.text(ZH) for p in problems] == ["archive/2030: 归档无法读取：Expecting value: line 1 column 1 (char 0)"]


def test_write_bag_never_leaves_a_half_written_bag(tmp_path: Path) -> None:
    target = tmp_path / "archive" / "2030"
    target.mkdir(parents=True)
    (target / "keep.txt").write_text("already here", encoding="utf-8")
    with pytest.raises(OSError):
        write_bag(target, {"x.txt": b"x"}, {})
    assert sorted(p.name for p in target.parent.iterdir()) == ["2030"]  # no staging folder left
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_frozen_years_are_four_digit_folders_with_a_bag(tmp_path: Path) -> None:
    write_test_bag(tmp_path, 2021, b"{}")
    (tmp_path / "archive" / "2022").mkdir()  # no bagit.txt: not a bag
    (tmp_path / "archive" / "old").mkdir()
    (tmp_path / "archive" / "20231").mkdir()
    (tmp_path / "archive" / "2024").symlink_to(tmp_path / "archive" / "2021")  # a link is not a bag of ours
    assert frozen_years(tmp_path) == [2021]
    assert frozen_years(tmp_path / "nowhere") == []


@pytest.mark.parametrize(("relative", "year"), [
    ("results/2024.csv", 2024), ("results/2024-Q1.xlsx", 2024), ("results/2024-03--zhaoshang.csv", 2024),
    ("grades/2023--yiqing.csv", 2023), ("standings/2025-H1.csv", 2025),
    ("notices/2024.md", None), ("results/sub/2024.csv", None), ("results/readme.csv", None), ("units.csv", None),
])
def test_the_year_a_source_file_belongs_to(relative: str, year: int | None) -> None:
    assert year_of_source(relative) == year


def test_read_tree_does_not_follow_links_out_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "a.txt").write_bytes(b"a")
    (tmp_path / "secret.txt").write_bytes(b"s")
    (tmp_path / "inside" / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert read_tree(tmp_path / "inside") == {"a.txt": b"a"}


def test_payload_changes_and_periods_of_a_year() -> None:
    assert payload_changes({"a": b"1", "b": b"2", "c": b"3"}, {"a": b"1", "b": b"9", "d": b"4"}) == [
        ("b", "changed"), ("c", "removed"), ("d", "added")]
    assert period_in_year("2024-Q3", 2024) and period_in_year("2024", 2024)
    assert not period_in_year("2025-01", 2024) and not period_in_year("去年", 2024)
