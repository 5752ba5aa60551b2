"""The privacy guard (generator/model/privacy.py): no full mobile or ID number in anything published,
however it is written; masked numbers pass."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from generator.model.privacy import findings
from tests.support import RESULTS_2025, SITE_TOML, UNITS, make_content

ZH = Translator("zh-CN")
MOBILE = "：公开信息中不得出现完整手机号，请遮蔽（如 138****1234）"
ID = "：公开信息中不得出现完整身份证号，请遮蔽（如 1501**********1234）"


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    _, found = build_model(load_project(make_content(tmp_path, files)))
    return [p.text(ZH) for p in found]


def with_note(tmp_path: Path, note: str) -> list[str]:
    return problems(tmp_path, {"results/2025.csv": RESULTS_2025.replace("获评先进", note)})


@pytest.mark.parametrize("number", ["13912345678", "139-1234-5678", "139 1234 5678", "+86 139 1234 5678", "(139)1234-5678",
                                    "0086-13912345678"])
def test_mobile_numbers_are_refused_however_written(tmp_path: Path, number: str) -> None:
    assert with_note(tmp_path, f"联系{number}") == [f"results/2025.csv:3:备注: 疑似手机号“{number}”{MOBILE}"]


def test_full_width_digits_are_found_and_shown_normalised(tmp_path: Path) -> None:
    assert with_note(tmp_path, "联系１３９１２３４５６７８") == [f"results/2025.csv:3:备注: 疑似手机号“13912345678”{MOBILE}"]


@pytest.mark.parametrize("number", ["11010119900307123X", "110101 19900307 1234", "110101-19900307-123x"])
def test_id_numbers_are_refused_however_written(tmp_path: Path, number: str) -> None:
    assert with_note(tmp_path, f"身份证{number}") == [f"results/2025.csv:3:备注: 疑似身份证号“{number}”{ID}"]


@pytest.mark.parametrize("text", ["联系138****1234", "身份证1501**********1234", "金额 12345678901234567890 元",
                                  "电话 0471-1234567"])
def test_masked_numbers_and_other_digits_pass(tmp_path: Path, text: str) -> None:
    assert with_note(tmp_path, text) == []


def test_every_table_and_site_toml_is_scanned(tmp_path: Path) -> None:
    units = UNITS.replace("id,name,kind,order", "id,name,kind,order,leader")
    units = units.replace("甲局,部门,1", "甲局,部门,1,张三 13812345678")
    toml = SITE_TOML.replace('contact = "区委组织部干部监督科"', 'contact = "干部监督科 13912345678"')
    assert problems(tmp_path, {"units.csv": units, "site.toml": toml}) == [
        f"site.toml:4:site.contact: 疑似手机号“13912345678”{MOBILE}",
        f"units.csv:2:leader: 疑似手机号“13812345678”{MOBILE}",
    ]


def test_a_number_cell_of_a_workbook_is_scanned(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in [r.split(",") for r in RESULTS_2025.splitlines()]:
        book.active.append(row)
    book.active["F3"] = 13812345678  # a number cell, as Excel stores a typed phone number
    buffer = io.BytesIO()
    book.save(buffer)
    root = make_content(tmp_path, {"results/2025.xlsx": buffer.getvalue()})
    (root / "results" / "2025.csv").unlink()
    _, found = build_model(load_project(root))
    assert [p.text(ZH) for p in found] == [f"results/2025.xlsx:3:F 备注: 疑似手机号“13812345678”{MOBILE}"]


@settings(max_examples=150, deadline=None)
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.text(alphabet="通报联系人电话：，。 ", max_size=6),
       st.text(alphabet="通报联系人电话：，。 ", max_size=6))
def test_any_mobile_in_chinese_text_is_found_and_its_mask_never(mobile: str, before: str, after: str) -> None:
    assert [code for code, _ in findings(before + mobile + after)] == ["privacy.mobile"]
    assert list(findings(before + mobile[:3] + "****" + mobile[7:] + after)) == []
