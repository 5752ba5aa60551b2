"""Issue 10, "messages that mislead or are not in the user's language": usage errors of Typer/click in the
site's language (Chinese, or English with `lang = "en"`, also when site.toml is saved in GBK), TOML errors
in words with the full-width-quote hint, the section a list came from, the title-row case, real line
numbers in site.toml and no `:0:` for a whole file, and every message on one honest line (control
characters and bidirectional overrides of a cell shown as escapes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from generator.cli import make_app
from generator.cli_common import Consoles
from generator.i18n import Translator
from tests.hostile.common import TODAY, Cli, failed, project
from tests.support import RESULTS_2025, SITE_TOML

BAD_DATE = "不是有效的日期（应为 YYYY-MM-DD，在 1900-01-01 至 2999-12-31 之间）"  # after --today VALUE:

ENGLISH = SITE_TOML.replace('contact = "区委组织部干部监督科"', 'contact = "x"\nlang = "en"')
INVALID_VALUE = "这里的值写得不对（文字要加英文双引号，日期写成 2025-01-01，数字和 true/false 不加引号）"


def commands(tr: Translator) -> tuple[str, ...]:
    app = typer.main.get_command(make_app(tr, Consoles()))
    return tuple(app.list_commands(typer.Context(app)))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["build", "{c}", "--today", "2025-02-30"], [f"--today 2025-02-30：{BAD_DATE}"],
     ["--today 2025-02-30: not a valid date (YYYY-MM-DD, between 1900-01-01 and 2999-12-31)"]),
    (["build", "{c}", "--jobs", "0", "--today", TODAY], ["--jobs 不能小于 1（现为 0）"], ["--jobs must be at least 1 (it is 0)"]),
    (["validate", "{c}", "--format", "xml"], ["--format 只能是 “text”、“json”，而不是“xml”"],
     ["--format must be “text”, “json”, not “xml”"]),
    (["archive", "freeze", "20x5", "{c}"], ["“20x5”不是年度（应为四位数字，如 2025）"],
     ["“20x5” is not a year (four digits, e.g. 2025)"]),
])
def test_usage_errors_speak_the_sites_language(cli: Cli, tmp_path: Path, args: list[str], zh: list[str], en: list[str]) -> None:
    chinese = project(tmp_path / "zh")
    english = project(tmp_path / "en", {"site.toml": ENGLISH})
    for content, expected in ((chinese, zh), (english, en)):
        result = cli(*[str(content) if a == "{c}" else a for a in args])
        assert (result.code, result.errors) == (2, expected)


def test_an_unknown_command_in_both_languages(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The command line names no content folder: ./content decides the language (here an English one).
    zh = Translator("zh-CN")
    names = "、".join(f"“{name}”" for name in commands(zh))
    result = cli("frobnicate")
    assert (result.code, result.errors) == (2, [f"没有这个命令：frobnicate（可用的命令：{names}）",
                                                "运行 gongshi --help 查看用法。"])
    monkeypatch.chdir(project(tmp_path / "english").parent)
    (tmp_path / "english").rename(tmp_path / "content")
    (tmp_path / "content" / "site.toml").write_text(ENGLISH, encoding="utf-8")
    names = ", ".join(f"“{name}”" for name in commands(Translator("en")))
    result = cli("frobnicate")
    assert (result.code, result.errors) == (2, [f"No such command: frobnicate (the commands are: {names})",
                                                "Run gongshi --help to see how to use it."])


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_an_english_site_saved_in_gbk_or_utf16_still_speaks_english(cli: Cli, tmp_path: Path, encoding: str) -> None:
    # The language is read from site.toml before anything else, as the loader reads it (any encoding it takes).
    content = project(tmp_path / "content", {"site.toml": ENGLISH.replace('title = "测试区考核结果公示"', 'title = "测试区"')
                                             .encode(encoding)})
    result = cli("build", content, "--jobs", "0", "--today", TODAY)
    assert (result.code, result.errors) == (2, ["--jobs must be at least 1 (it is 0)"])


def test_toml_errors_are_words_with_the_quote_hint(cli: Cli, tmp_path: Path) -> None:
    toml = SITE_TOML.replace('title = "测试区考核结果公示"', "title = “测试区考核结果公示”")
    result = cli("validate", project(tmp_path / "zh", {"site.toml": toml}), "--today", TODAY)
    assert (result.code, result.errors) == (1, [
        f'site.toml:2: TOML 语法错误：{INVALID_VALUE}。常见原因是用了中文引号（“”或‘’），请改用英文引号（"）', failed(1)])
    # An English site with the same mistake: its language is not readable from a broken site.toml, so the
    # environment's is used (LANG=C.UTF-8 here: Chinese); with LANG=en_US.UTF-8 it is English.
    result = cli("validate", project(tmp_path / "twice", {"site.toml": SITE_TOML + "\n[site]\n"}), "--today", TODAY)
    assert (result.code, result.errors) == (1, ["site.toml:26: TOML 语法错误：[site] 写了两次", failed(1)])


def test_toml_errors_in_english_from_the_environment(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    toml = ENGLISH.replace("decimals = 2", "decimals = 2 2")  # line 9: ENGLISH has one line more than SITE_TOML
    result = cli("validate", project(tmp_path / "content", {"site.toml": toml}), "--today", TODAY)
    assert (result.code, result.errors) == (1, [
        "site.toml:9: TOML syntax error: one setting a line: nothing may follow the value (a comment starts with #)",
        "1 problem found; no files were written."])


def test_the_section_a_list_came_from_is_named(cli: Cli, tmp_path: Path) -> None:
    # The categories of 2025 come from [years.2025.scoring]: the message names that section, not scoring.
    toml = SITE_TOML + '\n[years.2025.scoring]\ncategories = [{ id = "p", name = "其他", weight = 1 }]\n'
    result = cli("validate", project(tmp_path / "content", {"site.toml": toml}), "--today", TODAY)
    section = "不在 site.toml 的 years.2025.scoring.categories 中（其他）"
    assert (result.code, result.errors) == (1, [
        f"indicators.csv:2:category: 类别“党的建设”{section}", f"indicators.csv:3:category: 类别“业务工作”{section}",
        f"indicators.csv:4:category: 类别“业务工作”{section}", failed(3)])


def test_a_title_row_above_the_header(cli: Cli, tmp_path: Path) -> None:
    # "no indicator columns" misled: the clerk's sheet has a title in A1 and the header in row 2.
    text = "2025年度考核得分表,,,,,\n" + RESULTS_2025
    result = cli("validate", project(tmp_path / "content", {"results/2025.csv": text}), "--today", TODAY)
    assert (result.code, result.errors) == (1, [
        "results/2025.csv:1: 第 1 行看起来是标题，表头似乎在第 2 行：请删除表头上方的标题行", failed(1)])


def test_site_toml_problems_found_elsewhere_have_their_line(cli: Cli, tmp_path: Path) -> None:
    # ranking.within names no column of units.csv (line 16), a board's indicator does not exist (line 28),
    # standings tiered by score (line 31): each at its line, never "site.toml:0:".
    toml = SITE_TOML.replace('within = "kind"', 'within = "area"') + (
        '\n[boards.zs]\ntitle = "招商"\nindicators = ["不存在"]\n\n[standings.tiers]\nbasis = "score"\n'
        'levels = [{ id = "a", label = "好", min_score = 90 }, { id = "b", label = "其余" }]\n')
    files: dict[str, str | bytes] = {"site.toml": toml, "standings/2025.csv": "indicator,rank,out_of\ndj,1,10\n"}
    result = cli("validate", project(tmp_path / "content", files), "--today", TODAY)
    assert result.code == 1
    assert result.errors == [
        "site.toml:16:ranking.within: site.toml 中 ranking.within = \"area\"，但 units.csv 没有这一列",
        "site.toml:28:boards.zs.indicators: [boards.zs] 中的指标“不存在”不存在",
        "site.toml:30:standings.tiers: 晾晒表按名次分档：[standings.tiers] 或 [tiers] 的 basis 须为 rank 或 percentile",
        failed(3)]
    assert not [line for line in result.errors if ":0:" in line]


def test_whole_file_messages_have_no_row(cli: Cli, tmp_path: Path) -> None:
    # Text: "file: message"; JSON: row 0 and column "" (the JSON says what the text leaves out).
    content = project(tmp_path / "content", {"results/2025-Q1.csv": ""})
    (content / "site.toml").rename(content / "site.toml.bak")
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.errors) == (1, ["results/2025-Q1.csv: 文件是空的", "site.toml: 找不到 site.toml", failed(2)])
    result = cli("validate", content, "--format", "json", "--today", TODAY)
    assert result.code == 1
    assert json.loads(result.out)["problems"] == [
        {"file": "results/2025-Q1.csv", "row": 0, "column": "", "code": "table.empty", "message": "文件是空的"},
        {"file": "site.toml", "row": 0, "column": "", "code": "config.missing_file", "message": "找不到 site.toml"}]


def test_control_characters_of_a_cell_are_shown_not_obeyed(cli: Cli, tmp_path: Path) -> None:
    # A terminal escape (clear the screen) and a right-to-left override in a unit's name: the message shows
    # them as escapes on one line, so that what the clerk reads is what the file holds.
    text = RESULTS_2025.replace("丙局,70", "丙局\x1b[2J\u202e,70")
    result = cli("validate", project(tmp_path / "content", {"results/2025.csv": text}), "--today", TODAY)
    assert (result.code, result.errors) == (1, ["results/2025.csv:4:单位: 找不到单位“丙局\\x1b[2J\\u202e”。是否指：“丙局”？",
                                                failed(1)])
