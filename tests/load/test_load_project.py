"""The load stage as a whole (generator/load/project.py): every file read, every unreadable one listed, the
[input] sheet option, and the memo that lets a cache serve parsed tables."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from tests.support import SITE_TOML, make_content

ZH = Translator("zh-CN")


def two_sheet_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由考核办填写", "", ""])
    book.active.append(["", "", ""])
    data = book.create_sheet("数据")
    data.append(["单位", "党建工作", "招商引资", "安全事故"])
    for row in (["甲局", 90, 800, 1], ["乙局", 80, 600, 0], ["丙局", 70, 400, 2], ["东镇", 95, 1000, 0], ["西镇", 85, 500, 3]):
        data.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_small_project_loads(tmp_path: Path) -> None:
    raw = load_project(make_content(tmp_path))
    assert raw.problems == () and raw.notes == ()
    assert raw.toml is not None and raw.toml.data["site"]["title"] == "测试区考核结果公示"
    assert [t.source for t in raw.results] == ["results/2025.csv"]
    assert raw.units is not None and len(raw.units.cells) == 5
    assert (raw.tasks, raw.standings, raw.grades, raw.notices, raw.calendars, raw.frozen) == (None, (), (), (), (), ())


def test_the_input_sheet_option_names_the_sheet_to_read(tmp_path: Path) -> None:
    root = make_content(tmp_path, {"results/2025-Q1.xlsx": two_sheet_workbook()})
    raw = load_project(root)
    assert [p.text(ZH) for p in raw.problems] == [
        "results/2025-Q1.xlsx: 工作簿中有多个含数据的工作表：“说明”、“数据”。请只保留一个，或在 site.toml 中用 [input] sheet "
        "指定要读取的工作表。"
    ]
    make_content(tmp_path, {"site.toml": SITE_TOML + '\n[input]\nsheet = "数据"\n'})
    raw = load_project(root)
    assert raw.problems == ()
    assert [t.source for t in raw.results] == ["results/2025-Q1.xlsx", "results/2025.csv"]
    assert raw.results[0].cells.loc[2].tolist() == ["甲局", "90", "800", "1"]


def test_every_unreadable_file_is_listed_in_one_pass(tmp_path: Path) -> None:
    root = make_content(tmp_path, {
        "units.csv": b"id,name,kind\n\x80\x80,x,y\n",
        "results/2025-Q1.xlsx": b"not a workbook",
        "notices/a.md": "---\ntitle: [\n---\n",
        "calendar/2026.toml": "holidays = [2026-01-01\nworkdays = []\n",
    })
    raw = load_project(root)
    _, problems = build_model(raw)
    assert [p.text(ZH) for p in problems] == [
        "calendar/2026.toml:2: TOML 语法错误：方括号 [ 没有配对的 ]",
        "notices/a.md:2: YAML 头信息有误：expected the node content, but found '<stream end>'",
        "results/2025-Q1.xlsx: 无法作为 XLSX 工作簿打开：File is not a zip file。"
        "文件可能已损坏、设置了打开密码，或其实不是 XLSX 文件。",
        "units.csv: 无法识别文件的编码（第 2 行附近出现无法解码的字节）。"
        "可接受的编码：UTF-8（可带 BOM）、GB18030/GBK、带 BOM 的 UTF-16。"
        "请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”。",
    ]


def test_a_broken_site_toml_stops_the_model_but_not_the_load(tmp_path: Path) -> None:
    root = make_content(tmp_path, {"site.toml": SITE_TOML.replace("[ranking]", "[ranking"),
                                   "results/2025-Q1.csv": b"\x80\x80"})
    content, problems = build_model(load_project(root))
    assert content is None
    assert [p.text(ZH) for p in problems] == [
        "results/2025-Q1.csv: 无法识别文件的编码（第 1 行附近出现无法解码的字节）。可接受的编码：UTF-8（可带 BOM）、GB18030/GBK、"
        "带 BOM 的 UTF-16。请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”。",
        "site.toml:14: TOML 语法错误：表头缺少结尾的 ]",
    ]


def test_the_memo_serves_parsed_tables_by_their_digest(tmp_path: Path) -> None:
    store: dict[tuple[str, tuple[Any, ...]], Any] = {}
    made: list[tuple[Any, ...]] = []

    def memo(stage: str, inputs: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        if (stage, inputs) not in store:
            made.append(inputs)
            store[(stage, inputs)] = make()
        return store[(stage, inputs)]

    root = make_content(tmp_path)
    first = load_project(root, memo=memo)
    assert sorted(key[2] for key in made) == ["indicators.csv", "results/2025.csv", "units.csv"]
    # The key: the file's sha256, its suffix, its path (messages name it) and the sheet option.
    assert all(len(key[0]) == 64 and key[1] == ".csv" and key[3] is None for key in made)
    made.clear()
    second = load_project(root, memo=memo)
    assert made == []  # nothing parsed again
    assert second.results[0].digest == first.results[0].digest != ""
    make_content(tmp_path, {"results/2025.csv": "单位,党建工作\n甲局,1\n"})
    third = load_project(root, memo=memo)
    assert [key[2] for key in made] == ["results/2025.csv"]
    assert third.results[0].digest != first.results[0].digest


def test_the_memo_serves_a_frozen_years_decoded_snapshot_by_its_digest() -> None:
    # The demo's 2023 and 2024 bags: decoding a snapshot's boards is most of what reading a frozen year costs,
    # so a cache may serve it, keyed by the sha256 of the snapshot's bytes (nothing else goes into it).
    import hashlib

    from generator.archive.snapshot import decode
    from generator.fingerprint import digest
    from tests.support import DEMO

    asked: list[tuple[str, tuple[Any, ...]]] = []
    kept: dict[tuple[Any, ...], Any] = {}

    def memo(stage: str, inputs: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        asked.append((stage, inputs))
        if inputs not in kept:
            kept[inputs] = make()
        return kept[inputs]

    first = load_project(DEMO, memo=memo)
    snapshots = {year: (DEMO / "archive" / str(year) / "data" / "snapshot.json").read_bytes() for year in (2023, 2024)}
    assert [inputs for stage, inputs in asked if stage == "snapshot"] == \
        [(hashlib.sha256(data).hexdigest(),) for data in snapshots.values()]
    assert [digest(f.snapshot) for f in first.frozen] == [digest(decode(data)) for data in snapshots.values()]
    second = load_project(DEMO, memo=memo)
    assert all(a.snapshot is b.snapshot for a, b in zip(first.frozen, second.frozen, strict=True))  # the memo's
