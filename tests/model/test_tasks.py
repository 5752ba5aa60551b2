"""tasks.csv (揭榜领题) checked column by column (generator/model/tasks.py)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from tests.support import make_content

ZH = Translator("zh-CN")
HEADER = "id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"
GOOD = "t1,修复乡村道路,王某某,科级,甲局,2025-03-01,2025-06-30,进行中,50,\n"


def problems(tmp_path: Path, rows: str) -> list[str]:
    _, found = build_model(load_project(make_content(tmp_path, {"tasks.csv": HEADER + rows})))
    return [p.text(ZH) for p in found]


def test_tasks_are_typed(tmp_path: Path) -> None:
    rows = GOOD + "t2,招商,李某,处级,东镇,2025/3/1,2025年12月31日,已完成,100,提前完成\n"
    content, found = build_model(load_project(make_content(tmp_path, {"tasks.csv": HEADER + rows})))
    assert found == [] and content is not None
    tasks = content.tasks
    assert tasks["id"].tolist() == ["t1", "t2"]
    assert tasks["unit_id"].tolist() == ["a", "x"]
    assert tasks["claimed_on"].tolist() == [pd.Timestamp("2025-03-01")] * 2
    assert tasks["due"].tolist() == [pd.Timestamp("2025-06-30"), pd.Timestamp("2025-12-31")]
    assert tasks["progress"].tolist() == [50, 100]
    assert tasks["row"].tolist() == [2, 3]
    assert tasks["note"].tolist() == ["", "提前完成"]


def test_missing_columns(tmp_path: Path) -> None:
    text = "id,title,claimant,level,unit,status\nt1,a,b,c,甲局,进行中\n"
    _, found = build_model(load_project(make_content(tmp_path, {"tasks.csv": text})))
    assert [p.text(ZH) for p in found] == [
        "tasks.csv:1:claimed_on: 缺少“claimed_on”列",
        "tasks.csv:1:due: 缺少“due”列",
        "tasks.csv:1:progress: 缺少“progress”列",
    ]


def test_ids(tmp_path: Path) -> None:
    rows = GOOD + GOOD.replace("t1", "T2") + GOOD + GOOD.replace("t1,", ",")
    assert problems(tmp_path, rows) == [
        "tasks.csv:3:id: “T2”不是合法的 id：只能用小写字母、数字和连字符（-），且以字母或数字开头",
        "tasks.csv:4:id: id “t1”重复（第 2 行已有）",
        "tasks.csv:5:id: 不能为空",
    ]


def test_empty_and_overlong_text(tmp_path: Path) -> None:
    rows = "t1,,,,甲局,2025-03-01,2025-06-30,进行中,50,\n" + GOOD.replace("t1,修复乡村道路", "t2," + "长" * 2001)
    assert problems(tmp_path, rows) == [
        "tasks.csv:2:claimant: 不能为空",
        "tasks.csv:2:level: 不能为空",
        "tasks.csv:2:title: 不能为空",
        "tasks.csv:3:title: 内容过长（2001 个字符，上限 2000 个）",
    ]


def test_unknown_units(tmp_path: Path) -> None:
    assert problems(tmp_path, GOOD.replace("甲局", "北局")) == [
        "tasks.csv:2:unit: 找不到单位“北局”。是否指：“甲局”、“乙局”、“丙局”？"
    ]


def test_dates(tmp_path: Path) -> None:
    rows = (GOOD.replace("2025-06-30", "2025-02-01")  # due before claimed
            + GOOD.replace("t1", "t2").replace("2025-03-01", "2025-13-01")
            + GOOD.replace("t1", "t3").replace("2025-03-01", "1899-12-31")
            + GOOD.replace("t1", "t4").replace("2025-06-30", "3000-01-01")
            + GOOD.replace("t1", "t5").replace("2025-06-30", ""))
    assert problems(tmp_path, rows) == [
        "tasks.csv:2:due: 完成时限 2025-02-01 早于认领日期 2025-03-01",
        "tasks.csv:3:claimed_on: “2025-13-01”不是日期（应为 YYYY-MM-DD）",
        "tasks.csv:4:claimed_on: 日期 1899-12-31 超出可接受的范围（1900-01-01 至 2999-12-31）",
        "tasks.csv:5:due: 日期 3000-01-01 超出可接受的范围（1900-01-01 至 2999-12-31）",
        "tasks.csv:6:due: 不能为空",
    ]


def test_status_and_progress(tmp_path: Path) -> None:
    rows = (GOOD.replace("进行中", "完成")
            + GOOD.replace("t1", "t2").replace(",50,", ",150,")
            + GOOD.replace("t1", "t3").replace(",50,", ",50.5,")
            + GOOD.replace("t1", "t4").replace(",50,", ",半,")
            + GOOD.replace("t1", "t5").replace("进行中,50", "已完成,90")
            + GOOD.replace("t1", "t6").replace(",50,", ",５０,"))  # full-width digits are fine
    assert problems(tmp_path, rows) == [
        "tasks.csv:2:status: 状态“完成”应为 未开始、进行中 或 已完成",
        "tasks.csv:3:progress: 进度“150”应为 0 到 100 的整数",
        "tasks.csv:4:progress: 进度“50.5”应为 0 到 100 的整数",
        "tasks.csv:5:progress: 进度“半”应为 0 到 100 的整数",
        "tasks.csv:6:progress: 状态为已完成，进度应为 100（现为 90）",
    ]


def test_excel_date_cells_in_a_workbook(tmp_path: Path) -> None:
    # Real date cells (a datetime loses its time); a date Excel cannot hold (before 1900) is typed as text.
    book = openpyxl.Workbook()
    book.active.append(HEADER.strip().split(","))
    due = dt.datetime(2025, 6, 30, 17, 0)
    book.active.append(["t1", "修路", "王某", "科级", "甲局", dt.date(2025, 3, 1), due, "已完成", 100])
    book.active.append(["t2", "修桥", "李某", "科级", "乙局", "1899-12-31", dt.date(2025, 6, 30), "进行中", 10])
    buffer = io.BytesIO()
    book.save(buffer)
    content, found = build_model(load_project(make_content(tmp_path, {"tasks.xlsx": buffer.getvalue()})))
    assert [p.text(ZH) for p in found] == [
        "tasks.xlsx:3:F claimed_on: 日期 1899-12-31 超出可接受的范围（1900-01-01 至 2999-12-31）"
    ]
    book.active["F3"] = dt.date(2025, 3, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    content, found = build_model(load_project(make_content(tmp_path, {"tasks.xlsx": buffer.getvalue()})))
    assert found == [] and content is not None
    assert content.tasks["due"].tolist() == [pd.Timestamp("2025-06-30")] * 2
