"""Issue 10, "silent acceptance": what a clerk got wrong is said, not quietly taken or dropped — a bonus of
`abc` in a long table, values in a column a long table does not read, a title that is a YAML map, ids and
file names ending in a line break, a board named like the built-in ones, a second file for the same
period spelled differently, a typo or a repeated key in a notice's front matter, a header-only
units.csv or indicators.csv (said once, at that file), a stray quote swallowing rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from tests.hostile.common import NOTICE, TODAY, Cli, failed, project
from tests.support import RESULTS_2025, SITE_TOML

LONG = "unit,indicator,value\n" + "".join(f"{u},{i},{50 + n}\n" for n, u in enumerate("abcxy") for i in ("dj", "zs", "aq"))
RESERVED = "是保留的名称（main 是综合晾晒表，standings 是指标晾晒表），不能用作专项的 id：请换一个"
SAME = "是同一期次的两个文件（文件名写法不同），无法确定以哪个为准。请删除或移走其中一个。"
BAD_SLUG = "不是合法的 id：只能用小写字母、数字和连字符，且以字母或数字开头"


def lines(cli: Cli, tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    result = cli("validate", project(tmp_path / "content", files), "--today", TODAY)
    assert result.code == (1 if result.errors else 0), result.err
    return result.errors


CASES = {
    # Line 17: the 15 rows of values follow the header; the bonus row is the 17th.
    "long table, bonus abc": ({"results/2025.csv": LONG + "a,加分,abc\n"}, ["results/2025.csv:17:value: “abc”不是数字"]),
    "long table, a column it does not read": (
        {"results/2025.csv": LONG.replace("unit,indicator,value", "unit,indicator,value,加分").replace("a,dj,50", "a,dj,50,3")},
        ["results/2025.csv:1:加分: 无法识别的列“加分”：按“单位、指标、数值”逐行填写的表只读这三列；加分、扣分、备注请各写一行，"
         "“指标”填 加分、扣分 或 备注"]),
    "wide table, bonus abc": ({"results/2025.csv": RESULTS_2025.replace("甲局,90,800,1,,", "甲局,90,800,1,abc,")},
                              ["results/2025.csv:2:加分: “abc”不是数字"]),
    "notice title that is a list": ({"notices/a.md": NOTICE.replace("关于考核情况的通报", "[通报, 预警]")},
                                    ["notices/a.md:2:title: “title”应为一段文字"]),
    "tier id ending in a line break": ({"site.toml": SITE_TOML.replace('id = "green"', 'id = "green\\n"')},
                                       [f"site.toml:21:tiers.levels.0.id: “green\\n”{BAD_SLUG}"]),
    "board id ending in a line break": ({"site.toml": SITE_TOML + '\n[boards."zs\\n"]\ntitle = "招商"\n'},
                                        [f"site.toml:26:boards.zs\\n: “zs\\n”{BAD_SLUG}"]),
    "a board file named --main": ({"results/2025--main.csv": RESULTS_2025}, [f"results/2025--main.csv: “main”{RESERVED}"]),
    "a board file named --standings": ({"results/2025-Q1--standings.csv": RESULTS_2025},
                                       [f"results/2025-Q1--standings.csv: “standings”{RESERVED}"]),
    "[boards.main] in site.toml": ({"site.toml": SITE_TOML + '\n[boards.main]\ntitle = "另一个标题"\n'},
                                   [f"site.toml:26:boards.main: “main”{RESERVED}"]),
    "the same period with a trailing space": ({"results/2025 .csv": RESULTS_2025},
                                              [f"results/2025.csv: “results/2025 .csv”与“results/2025.csv”{SAME}"]),
    "the same period in full-width digits": ({"results/２０２５.csv": RESULTS_2025},
                                             [f"results/２０２５.csv: “results/2025.csv”与“results/２０２５.csv”{SAME}"]),
    "a typo in front matter": ({"notices/a.md": NOTICE.replace("kind: 通报", "kind: 公示\npublish_form: 2025-12-01")},
                               ["notices/a.md:5:publish_form: 头信息中没有“publish_form”这一项（可写：title、date、kind、period、"
                                "publish_from、publish_to、slug）。是否指：“publish_from”？"]),
    "a key twice in front matter": ({"notices/a.md": NOTICE.replace("kind: 通报", "kind: 通报\ntitle: 另一个标题")},
                                    ["notices/a.md:5:title: “title”写了两次（第 2 行已有）：只保留一处"]),
    # The header alone: said at the file itself, once; the results that cannot be checked stay quiet.
    "header-only units.csv": ({"units.csv": "id,name,kind,order\n"}, ["units.csv:1: units.csv 只有表头，没有任何单位"]),
    "header-only indicators.csv": ({"indicators.csv": "id,name,category,weight,direction\n"},
                                   ["indicators.csv:1: 只有表头，没有任何数据行"]),
    # An opening quote never closed: the five rows after it are one cell of row 2, not units of the table.
    "a stray quote": ({"results/2025.csv": RESULTS_2025.replace("甲局,90", '甲局,"90')},
                      ['results/2025.csv:2:党建工作: 这一格以引号（"）开始，却没有配对的引号结束，其后 5 行都并进了这一格：'
                       "请删去这个引号，或在格末补上另一个"]),
    # A row pasted from a GBK file into a UTF-8 one: the bad bytes at their line, not a whole file of mojibake.
    "a GBK row in a UTF-8 file": ({"results/2025.csv": RESULTS_2025.encode() + "丁局,1,2,3,,\n".encode("gbk")},
                                  ["results/2025.csv: 无法识别文件的编码（第 7 行附近出现无法解码的字节）。"
                                   "可接受的编码：UTF-8（可带 BOM）、GB18030/GBK、带 BOM 的 UTF-16。"
                                   "请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”。"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_mistake_is_said_not_taken(cli: Cli, tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    assert lines(cli, tmp_path, files) == [*expected, failed(len(expected))]


def test_a_notice_file_name_ending_in_a_line_break_is_refused(cli: Cli, tmp_path: Path) -> None:
    # "abc\n.md": "$" used to match before the line break, and the page's link was broken.
    content = project(tmp_path / "content")
    (content / "notices").mkdir()
    (content / "notices" / "abc\n.md").write_text(NOTICE, encoding="utf-8")
    result = cli("validate", content, "--today", TODAY)
    # The name is shown with its line break as \n: the message stays on one line.
    assert (result.code, result.errors) == (1, [
        "notices/abc\\n.md:1:slug: 文件名不是合法的 slug，请在头信息中写 slug（小写字母、数字和连字符）", failed(1)])


def test_a_slug_written_with_a_line_break_in_yaml_is_the_slug_without_it(tmp_path: Path) -> None:
    # slug: "abc\n" in YAML's double quotes: white space around a slug is not part of it; the page is at abc/.
    content = project(tmp_path / "content", {"notices/文件.md": NOTICE.replace("kind: 通报", 'kind: 通报\nslug: "abc\\n"')})
    build(content, tmp_path / "site", __import__("datetime").date(2025, 12, 1), pdf=False)
    assert (tmp_path / "site" / "notices" / "abc" / "index.html").is_file()


def test_an_excel_sep_line_is_read_as_excel_reads_it(cli: Cli, tmp_path: Path) -> None:
    # "sep=;" on the first line is Excel's own hint: it names the delimiter and is not a row of the sheet, so
    # the header is row 1 (as Excel shows it) and a bad value of 甲局 is in row 2.
    text = "sep=;\n" + RESULTS_2025.replace(",", ";").replace("甲局;90", "甲局;九十")
    assert lines(cli, tmp_path, {"results/2025.csv": text}) == ["results/2025.csv:2:党建工作: “九十”不是数字", failed(1)]
