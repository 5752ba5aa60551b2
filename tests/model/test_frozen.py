"""A frozen year's files must stay as archived (generator/model/frozen.py), by content, not timestamps."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from generator.archive.freeze import freeze_year
from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from tests.support import RESULTS_2025, make_content

ZH = Translator("zh-CN")


def frozen_project(tmp_path: Path) -> Path:
    root = make_content(tmp_path)
    freeze_year(root, 2025, date(2025, 12, 1), ZH, make_pdfs=None)
    return root


def problems(root: Path) -> list[str]:
    _, found = build_model(load_project(root))
    return [p.text(ZH) for p in found]


def test_an_untouched_frozen_year_is_drawn_from_its_archive(tmp_path: Path) -> None:
    root = frozen_project(tmp_path)
    os.utime(root / "results" / "2025.csv", (0, 0))  # a new timestamp is no change
    content, found = build_model(load_project(root))
    assert found == [] and content is not None
    assert content.frozen_years == frozenset({2025})
    assert content.results == ()  # computed from the archive, not from the file again


def test_a_changed_or_added_file_of_a_frozen_year_is_refused(tmp_path: Path) -> None:
    root = frozen_project(tmp_path)
    make_content(root, {"results/2025.csv": RESULTS_2025.replace("甲局,90", "甲局,91"), "results/2025-Q4.csv": RESULTS_2025,
                        "results/2026-01.csv": RESULTS_2025})
    assert problems(root) == [
        "results/2025-Q4.csv: 该文件属于已归档（冻结）的 2025 年度，但归档中没有它。"
        "请删除，或用 gongshi archive freeze 2025 --force 重新归档",
        "results/2025.csv: 该文件属于已归档（冻结）的 2025 年度，内容与归档时不同。已公布的年度结果不能直接修改："
        "请恢复原文件（见 archive/2025/data/inputs/results/2025.csv），如需更正请运行 gongshi archive errata 2025 登记勘误",
    ]


def test_a_removed_file_of_a_frozen_year_is_fine(tmp_path: Path) -> None:
    root = frozen_project(tmp_path)
    (root / "results" / "2025.csv").unlink()
    assert problems(root) == []


def test_a_file_named_with_stray_spaces_is_still_of_its_frozen_year(tmp_path: Path) -> None:
    # The model reads "2025 -Q4.csv" as period 2025-Q4 (white space in file names is forgiven), so it belongs
    # to frozen 2025 and must be refused like "2025-Q4.csv"; it must never be silently ignored.
    root = frozen_project(tmp_path)
    make_content(root, {"results/2025 -Q4.csv": RESULTS_2025, "results/２０２５-Q3.csv": RESULTS_2025})
    added = "该文件属于已归档（冻结）的 2025 年度，但归档中没有它。请删除，或用 gongshi archive freeze 2025 --force 重新归档"
    assert problems(root) == [f"results/2025 -Q4.csv: {added}", f"results/２０２５-Q3.csv: {added}"]
