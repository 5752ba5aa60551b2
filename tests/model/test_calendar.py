"""calendar/<year>.toml checked (generator/model/calendar.py): holidays and 调休 workdays of one year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from tests.support import make_content

ZH = Translator("zh-CN")


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    _, found = build_model(load_project(make_content(tmp_path, files)))
    return [p.text(ZH) for p in found]


def test_a_calendar_is_read(tmp_path: Path) -> None:
    text = 'holidays = [2031-01-01, "2031-01-02"]\nworkdays = ["2031/1/4"]\n'
    content, found = build_model(load_project(make_content(tmp_path, {"calendar/2031.toml": text})))
    assert found == [] and content is not None
    assert content.calendar.holidays == frozenset({date(2031, 1, 1), date(2031, 1, 2)})
    assert content.calendar.workdays == frozenset({date(2031, 1, 4)})
    assert content.calendar.years == frozenset({2031})


def test_the_mistakes_of_a_calendar(tmp_path: Path) -> None:
    text = 'holidays = [2031-01-01, "2031-13-01", 2032-01-01, "2031-02-01"]\nworkdays = ["2031-02-01"]\nother = 1\n'
    assert problems(tmp_path, {"calendar/2031.toml": text}) == [
        "calendar/2031.toml:1:holidays: “2031-13-01”不是日期（应为 YYYY-MM-DD）",
        "calendar/2031.toml:1:holidays: 日期 2032-01-01 不在 2031 年",
        "calendar/2031.toml:2:workdays: 2031-02-01 同时列在 holidays 和 workdays 中",
        "calendar/2031.toml:3:other: 未知的设置项（请检查拼写）",
    ]


def test_a_list_is_needed(tmp_path: Path) -> None:
    assert problems(tmp_path, {"calendar/2031.toml": 'holidays = "2031-01-01"\n'}) == [
        "calendar/2031.toml:1:holidays: 应为列表（如 [\"a\", \"b\"]）"
    ]


def test_a_calendar_file_names_a_year(tmp_path: Path) -> None:
    assert problems(tmp_path, {"calendar/31.toml": "holidays = []\n"}) == [
        "calendar/31.toml: 文件名“31”应为年度，如 2025.csv 或 2025--<id>.csv"
    ]
