"""Issue 10, "tracebacks instead of messages": every mistake a clerk makes in a file or on the command line ends
in clean lines (`file:row:column: message`, in Chinese), exit 1 for content and 2 for usage, and no traceback.

Each case runs `gongshi validate` in this process (the entry point's own path to words); a few run the real
program, whose stderr must hold no "Traceback"."""

from __future__ import annotations

import datetime
import io
import socket
from pathlib import Path

import openpyxl
import pytest

from tests.hostile.common import NOTICE, TODAY, VALID, VALID_NOTICE, Cli, failed, gongshi, project
from tests.support import INDICATORS, RESULTS_2025, SITE_TOML, UNITS

BAD_DATE = "不是有效的日期（应为 YYYY-MM-DD，在 1900-01-01 至 2999-12-31 之间）"  # after --today VALUE:

MISSING = "缺少“{key}”"
NOT_DATE = "不是日期（应为 YYYY-MM-DD）"
DATE_RANGE = "超出可接受的范围（1900-01-01 至 2999-12-31）"
TASKS = "id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"


def validate(cli: Cli, tmp_path: Path, files: dict[str, str | bytes]) -> tuple[int, list[str]]:
    content = project(tmp_path / "content", files)
    result = cli("validate", content, "--today", TODAY)
    return result.code, result.errors or result.lines


def without(text: str, line: str) -> str:
    assert line in text
    return text.replace(line, "")


CONTENT_CASES = {
    # A notice without one of its three required keys: the old code crashed in _Checker.add().
    "notice without title": ({"notices/a.md": without(NOTICE, "title: 关于考核情况的通报\n")},
                             ["notices/a.md:1:title: " + MISSING.format(key="title")]),
    "notice without date": ({"notices/a.md": without(NOTICE, "date: 2025-11-01\n")},
                            ["notices/a.md:1:date: " + MISSING.format(key="date")]),
    "notice without kind": ({"notices/a.md": without(NOTICE, "kind: 通报\n")},
                            ["notices/a.md:1:kind: " + MISSING.format(key="kind")]),
    # UTF-16 without a BOM cannot be told from binary: the words say what to do (a BOM'd one is read).
    "notice in UTF-16 without BOM": ({"notices/a.md": NOTICE.encode("utf-16-le")},
                                     ["notices/a.md: 无法识别文件的编码：请保存为 UTF-8（记事本“另存为”时选择 UTF-8）"]),
    # 2025-02-30 is no day: YAML would have raised in its date constructor; dates are kept as text and checked.
    "YAML date 2025-02-30": ({"notices/a.md": NOTICE.replace("2025-11-01", "2025-02-30")},
                             [f"notices/a.md:3:date: “2025-02-30”{NOT_DATE}"]),
    "YAML date 9999-12-31": ({"notices/a.md": NOTICE.replace("2025-11-01", "9999-12-31")},
                             [f"notices/a.md:3:date: 日期 9999-12-31 {DATE_RANGE}"]),
    # A list where a date goes: quoted as written (it used to make the problem unhashable).
    "date that is a list": ({"notices/a.md": NOTICE.replace("2025-11-01", "[1, 2]")},
                            [f"notices/a.md:3:date: “[1, 2]”{NOT_DATE}"]),
    "title that is a map": ({"notices/a.md": NOTICE.replace("关于考核情况的通报", "{a: 1}")},
                            ["notices/a.md:2:title: “title”应为一段文字"]),
    # PyYAML's safe loader refuses python tags: the clerk sees the loader's words, at the line.
    "python tag in front matter": ({"notices/a.md": NOTICE.replace("kind: 通报", "kind: !!python/object/apply:os.system [id]")},
                                   ["notices/a.md:4: YAML 头信息有误：could not determine a constructor for the tag "
                                    "'tag:yaml.org,2002:python/object/apply:os.system'"]),
    "empty results file": ({"results/2025.csv": ""}, ["results/2025.csv: 文件是空的"]),
    "header-only results file": ({"results/2025.csv": RESULTS_2025.splitlines()[0] + "\n"},
                                 ["results/2025.csv:1: 只有表头，没有任何数据行"]),
    # 1e308 has a three-digit exponent: text, not a number to compute with (decimal.InvalidOperation before).
    "value 1e308": ({"results/2025.csv": RESULTS_2025.replace("甲局,90,800", "甲局,90,1e308")},
                    ["results/2025.csv:2:招商引资（万元）: “1e308”不是数字"]),
    "value 2e9": ({"results/2025.csv": RESULTS_2025.replace("甲局,90,800", "甲局,90,2e9")},
                  ["results/2025.csv:2:招商引资（万元）: “2e9”超出可接受的范围（绝对值不超过 1,000,000,000）"]),
    "weight 1e999999999": ({"indicators.csv": INDICATORS.replace("dj,党建工作,党的建设,1,", "dj,党建工作,党的建设,1e999999999,")},
                           ["indicators.csv:2:weight: “1e999999999”不是数字"]),
    "order 1e999999999": ({"units.csv": UNITS.replace("a,甲局,部门,1", "a,甲局,部门,1e999999999")},
                          ["units.csv:2:order: “1e999999999”不是整数"]),
    # site.toml line 5 is the added key (line 4 is contact).
    "huge publication_days": ({"site.toml": SITE_TOML.replace('科"\n', '科"\npublication_days = 99999999999999999999\n', 1)},
                              ["site.toml:5:site.publication_days: 不能大于 60"]),
    "huge flag years": ({"site.toml": SITE_TOML + '\n[[flags]]\nid = "p"\nlabel = "连续优秀"\nrule = "consecutive"\n'
                                                  'grades = ["优秀"]\nyears = 1000000000\n'},
                        ["site.toml:31:flags.0.years: 不能大于 50"]),
    "weight inf": ({"site.toml": SITE_TOML.replace("weight = 0.5 }", "weight = inf }", 1)},
                   ["site.toml:10:scoring.categories.0.weight: 应为有限的数字（不能是 inf 或 nan，也不能超出范围）"]),
    # `[boards] zs = 3` used to reach .get() on an int.
    "board that is a number": ({"site.toml": SITE_TOML + "\n[boards]\nzs = 3\n"},
                               ["site.toml:27:boards.zs: 应为一个表（[section]）"]),
    # tomllib recurses into nested arrays: a few thousand brackets were a RecursionError.
    "TOML nested 5000 deep": ({"site.toml": "x = " + "[" * 5000 + "]" * 5000 + "\n" + SITE_TOML},
                              ["site.toml: TOML 嵌套层次过深（数组或表套了上千层），已拒绝读取"]),
    # A calendar mixing a number, text and an impossible date: the old sort of problems compared 5 with "x".
    "calendar with mixed values": ({"calendar/2026.toml": 'holidays = ["2026-02-30", 5, "x"]\n'},
                                   [f"calendar/2026.toml:1:holidays: “2026-02-30”{NOT_DATE}",
                                    f"calendar/2026.toml:1:holidays: “5”{NOT_DATE}",
                                    f"calendar/2026.toml:1:holidays: “x”{NOT_DATE}"]),
    "task due 9999-12-31": ({"tasks.csv": TASKS + "t1,招商任务,张三,区级,a,2025-01-01,9999-12-31,进行中,50,\n"},
                            [f"tasks.csv:2:due: 日期 9999-12-31 {DATE_RANGE}"]),
    "task progress 1e999": ({"tasks.csv": TASKS + "t1,招商任务,张三,区级,a,2025-01-01,2025-06-01,进行中,1e999,\n"},
                            ["tasks.csv:2:progress: 进度“1e999”应为 0 到 100 的整数"]),
    "xlsx that is not a workbook": ({"results/2025-Q1.xlsx": b"PK\x03\x04 not a zip"},
                                    ["results/2025-Q1.xlsx: 无法作为 XLSX 工作簿打开：File is not a zip file。"
                                     "文件可能已损坏、设置了打开密码，或其实不是 XLSX 文件。"]),
    "binary site.toml": ({"site.toml": b"\x00\x01\x02\xff\xfe"},
                         ["site.toml: 无法识别文件的编码：请保存为 UTF-8（记事本“另存为”时选择 UTF-8）"]),
}


@pytest.mark.parametrize("case", sorted(CONTENT_CASES))
def test_a_content_mistake_is_a_message_not_a_traceback(cli: Cli, tmp_path: Path, case: str) -> None:
    files, expected = CONTENT_CASES[case]
    assert validate(cli, tmp_path, files) == (1, [*expected, failed(len(expected))])


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_a_notice_and_site_toml_in_other_encodings_are_read(cli: Cli, tmp_path: Path, encoding: str) -> None:
    # GBK and UTF-16 used to be UnicodeDecodeError; UTF-16 with its BOM, GBK and GB18030 are read as SPEC 2 says.
    files: dict[str, str | bytes] = {"notices/a.md": NOTICE.encode(encoding), "site.toml": SITE_TOML.encode(encoding)}
    assert validate(cli, tmp_path, files) == (0, [VALID_NOTICE])


def test_deeply_nested_markdown_is_refused_before_the_parser_recurses(cli: Cli, tmp_path: Path) -> None:
    # 300 nested list items (two spaces more each: 90 KB) and 500 quote markers without spaces: both deeper
    # than the 12 levels a notice may nest; the body starts on line 6 (after the five lines of front matter).
    lists = NOTICE + "".join("  " * depth + "- 条目\n" for depth in range(300))
    quotes = NOTICE.replace("title: 关于", "title: 引述") + ">" * 500 + " 引文\n"
    assert validate(cli, tmp_path, {"notices/a.md": lists, "notices/b.md": quotes}) == (1, [
        "notices/a.md:6: 正文嵌套层次过深（300 层，上限 12 层）",
        "notices/b.md:6: 正文嵌套层次过深（500 层，上限 12 层）",
        failed(2)])


def test_the_same_mistakes_in_a_real_program(tmp_path: Path) -> None:
    # Several classes at once in one project, run as the clerk runs it: every line, no traceback.
    content = project(tmp_path / "content", {
        "notices/a.md": without(NOTICE, "title: 关于考核情况的通报\n"),
        "notices/b.md": NOTICE.replace("2025-11-01", "2025-02-30"),
        "results/2025-Q1.csv": "",
        "calendar/2026.toml": 'holidays = [5, "x"]\n',
    })
    result = gongshi("validate", content, "--today", TODAY, cwd=tmp_path)
    assert (result.code, result.out) == (1, "")
    assert result.errors == [
        f"calendar/2026.toml:1:holidays: “5”{NOT_DATE}",
        f"calendar/2026.toml:1:holidays: “x”{NOT_DATE}",
        "notices/a.md:1:title: " + MISSING.format(key="title"),
        f"notices/b.md:3:date: “2025-02-30”{NOT_DATE}",
        "results/2025-Q1.csv: 文件是空的",
        failed(5),
    ]


USAGE_CASES = {
    "archive errata --today x": (["archive", "errata", "2024", "{content}", "--today", "x", "--what", "a", "--old", "1",
                                  "--new", "2", "--reason", "r"], [f"--today x：{BAD_DATE}"]),
    "--today 2025-02-30": (["build", "{content}", "--today", "2025-02-30"], [f"--today 2025-02-30：{BAD_DATE}"]),
    "--jobs 0": (["build", "{content}", "--jobs", "0", "--today", TODAY], ["--jobs 不能小于 1（现为 0）"]),
    "--format xml": (["validate", "{content}", "--format", "xml"], ["--format 只能是 “text”、“json”，而不是“xml”"]),
    "a bad year": (["archive", "freeze", "20x5", "{content}"], ["“20x5”不是年度（应为四位数字，如 2025）"]),
    "--port 0": (["serve", "{content}", "--port", "0"], ["端口应为 1 到 65535 之间的整数（现为 0）"]),
    "--jobs abc": (["build", "{content}", "--jobs", "abc"], ["--jobs / -j 应为整数", "运行 gongshi build --help 查看用法。"]),
    "an unknown option": (["validate", "{content}", "--bogus"],
                          ["没有这个选项：--bogus", "运行 gongshi validate --help 查看用法。"]),
}


@pytest.mark.parametrize("case", sorted(USAGE_CASES))
def test_a_usage_mistake_is_a_message_and_exit_2(cli: Cli, tmp_path: Path, case: str) -> None:
    content = project(tmp_path / "content")
    args, expected = USAGE_CASES[case]
    result = cli(*[str(content) if a == "{content}" else a for a in args])
    assert (result.code, result.errors, result.out) == (2, expected, "")


def test_archive_commands_on_a_missing_folder_say_so(cli: Cli, tmp_path: Path) -> None:
    # "没有已归档的年度" (exit 0) for a folder that is not there would mislead: the folder is named instead.
    missing = tmp_path / "nope"
    for args in (["archive", "verify", missing],
                 ["archive", "errata", "2024", missing, "--what", "a", "--old", "1", "--new", "2", "--reason", "r"],
                 ["archive", "freeze", "2024", missing, "--today", TODAY]):
        result = cli(*args)
        assert (result.code, result.errors) == (1, [f"{missing}: 找不到内容文件夹。", failed(1)]), args


def test_serve_on_busy_ports_says_so(cli: Cli, tmp_path: Path) -> None:
    # Every one of the 20 ports tried is taken: one message (a 42-line traceback before).
    content = project(tmp_path / "content")
    taken = []
    first = _free_port_block(20)
    for port in range(first, first + 20):
        listener = socket.socket()
        listener.bind(("127.0.0.1", port))
        listener.listen()
        taken.append(listener)
    try:
        result = cli("serve", content, "-o", tmp_path / "site", "--port", str(first), "--today", TODAY)
    finally:
        for listener in taken:
            listener.close()
    assert result.code == 1
    assert result.errors == [f"端口 {first} 已被占用，也没有找到可用的端口（已试到 {first + 19}）：请用 --port 指定其他端口"]


def test_serve_on_an_address_of_another_machine(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    result = cli("serve", content, "-o", tmp_path / "site", "--host", "10.9.9.9", "--today", TODAY)
    assert (result.code, result.errors) == (1, [
        "无法在地址 10.9.9.9 上监听：它不是本机的地址。请用 --host 指定本机的地址（默认 127.0.0.1）"])


def test_a_defect_of_the_program_is_one_line(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever no input explains (here the model stage raising) still ends in words, exit 70, site untouched.
    import generator.build

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(generator.build, "build_model", broken)
    content = project(tmp_path / "content")
    result = cli("build", content, "-o", tmp_path / "site", "--no-pdf", "--today", TODAY)
    assert (result.code, result.errors) == (70, [
        "gongshi 内部出错（ZeroDivisionError）：这是程序的缺陷，不是内容有误，网站没有改动。"
        "设置环境变量 GONGSHI_DEBUG=1 再运行一次可看到详情，请把它发给维护者。"])
    assert not (tmp_path / "site").exists()


def test_workbook_cells_of_odd_types(cli: Cli, tmp_path: Path) -> None:
    # A date and a boolean where numbers go, as Excel stores them (typed cells, not text): plain messages.
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [r.split(",") for r in RESULTS_2025.splitlines()]:
        sheet.append(row)
    sheet["B2"] = datetime.date(2025, 3, 1)
    sheet["C3"] = True
    buffer = io.BytesIO()
    book.save(buffer)
    content = project(tmp_path / "content", {"results/2025.xlsx": buffer.getvalue()})
    (content / "results" / "2025.csv").unlink()
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.errors) == (1, [
        "results/2025.xlsx:2:B 党建工作: “2025-03-01”不是数字",
        "results/2025.xlsx:3:C 招商引资（万元）: “TRUE”不是数字",
        failed(2)])


def test_the_small_project_itself_is_valid(cli: Cli, tmp_path: Path) -> None:
    assert validate(cli, tmp_path, {}) == (0, [VALID])


def _free_port_block(size: int) -> int:
    """A first port of `size` consecutive ports that are free now."""
    for first in range(23000, 60000, 97):
        try:
            probes = []
            for port in range(first, first + size):
                probe = socket.socket()
                probes.append(probe)
                probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
        return first
    raise AssertionError("no free block of ports")
