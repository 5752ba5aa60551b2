"""The `gongshi` command as a clerk runs it: exact lines, exit codes, languages.

Most calls go through `cli_common.run` in this process (what the `gongshi` entry point calls, so every
error takes the same path to words); a few run `.venv/bin/gongshi` as a real program, to show that no
traceback ever reaches the terminal."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from generator import __version__
from generator.cli import make_app
from generator.cli_common import _usage_message, cli_lang, run
from generator.errors import ContentError, Problem
from generator.i18n import Translator
from tests.cli_support import Cli, Result, in_process
from tests.support import DEMO, REPO, RESULTS_2025, SITE_TOML, make_content, tree_bytes

BAD_DATE = "不是有效的日期（应为 YYYY-MM-DD，在 1900-01-01 至 2999-12-31 之间）"  # after --today VALUE:

GONGSHI = REPO / ".venv" / "bin" / "gongshi"
TODAY = "2025-11-30"
VALID = "内容有效：5 个单位，3 项指标，1 个期次，0 篇通报，0 项揭榜任务。"
BAD_RESULTS = RESULTS_2025.replace("甲局,90", "甲局,九十").replace("西镇,85", "北镇,85")
BAD_LINES = ["results/2025.csv:2:党建工作: “九十”不是数字",
             "results/2025.csv:6:单位: 找不到单位“北镇”。是否指：“西镇”、“东镇”？"]
COMMANDS = "“init”、“validate”、“build”、“doctor”、“serve”、“check”、“diff”、“whatif”、“archive”"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`gongshi …` in this process, from an empty working folder (no ./content to pick a language from)."""
    return in_process(tmp_path, monkeypatch, capsys)


def gongshi(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """`gongshi …` as a program."""
    base = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(cwd)}
    done = subprocess.run([str(GONGSHI), *map(str, args)], capture_output=True, text=True, cwd=cwd, env={**base, **(env or {})},
                          check=False, timeout=120)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr
    return Result(done.returncode, done.stdout, done.stderr)


def site_counts(site: Path) -> tuple[int, int]:
    """(HTML pages, files) of a built site, counted on disk."""
    files = [p for p in site.rglob("*") if p.is_file()]
    return sum(p.suffix == ".html" for p in files), len(files)


# -- version, help --------------------------------------------------------------------------------

def test_version(tmp_path: Path) -> None:
    result = gongshi("--version", cwd=tmp_path)
    assert (result.code, result.lines) == (0, [f"gongshi {__version__}"])


def test_version_and_help_in_process(cli: Cli) -> None:
    assert (cli("--version").code, cli("--version").lines) == (0, [f"gongshi {__version__}"])
    result = cli()
    assert result.code == 2 and "考核结果公示站点生成器：把考核表格变成静态公示网站和可打印的晾晒表。" in result.out


def test_no_command_shows_the_help_in_chinese(tmp_path: Path) -> None:
    result = gongshi(cwd=tmp_path)
    assert result.code == 2
    assert "考核结果公示站点生成器：把考核表格变成静态公示网站和可打印的晾晒表。" in result.err + result.out
    assert "生成公示网站（和 PDF）。失败时不写入任何文件，原有网站保持不变。" in result.err + result.out


# -- validate -------------------------------------------------------------------------------------

def test_validate_ok(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    result = cli("validate", content, "--today", TODAY)
    # 5 units, 3 indicators, one period (results/2025.csv), no notices, no tasks.
    assert (result.code, result.lines, result.err) == (0, [VALID], "")


def test_validate_says_when_the_clock_gives_the_date(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_content(tmp_path / "content")
    result = cli("validate", content)
    assert result.errors == [f"未指定参考日期（--today），按本机时钟取 {date.today().isoformat()} 为发布日期和统计预警的基准。"]
    # SOURCE_DATE_EPOCH is a stated date, not the clock: nothing to say.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2025, 11, 30, tzinfo=UTC).timestamp())))
    result = cli("validate", content)
    assert (result.code, result.err) == (0, "")


def test_validate_lists_every_problem_and_exits_1(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"results/2025.csv": BAD_RESULTS})
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.out) == (1, "")
    assert result.errors == [*BAD_LINES, "发现 2 个问题，未生成任何文件。"]


def test_validate_as_json(cli: Cli, tmp_path: Path) -> None:
    good = make_content(tmp_path / "good")
    result = cli("validate", good, "--format", "json", "--today", TODAY)
    assert (result.code, json.loads(result.out)) == (0, {"ok": True, "problems": [], "notes": [], "warnings": [], "accepted": []})
    bad = make_content(tmp_path / "bad", {"results/2025.csv": BAD_RESULTS})
    result = cli("validate", bad, "--format", "json", "--today", TODAY)
    assert result.code == 1
    assert json.loads(result.out) == {"ok": False, "problems": [
        {"file": "results/2025.csv", "row": 2, "column": "党建工作", "code": "cell.not_number", "message": "“九十”不是数字"},
        {"file": "results/2025.csv", "row": 6, "column": "单位", "code": "ref.unknown_unit",
         "message": "找不到单位“北镇”。是否指：“西镇”、“东镇”？"}]}


def test_validate_rejects_an_unknown_format(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", tmp_path, "--format", "xml")
    assert (result.code, result.errors) == (2, ["--format 只能是 “text”、“json”，而不是“xml”"])


def test_a_missing_content_folder_is_invalid_data(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", tmp_path / "nowhere", "--today", TODAY)
    assert (result.code, result.errors) == (1, [f"{tmp_path / 'nowhere'}: 找不到内容文件夹。", "发现 1 个问题，未生成任何文件。"])


def test_problems_print_as_a_program_would_without_traceback(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"results/2025.csv": BAD_RESULTS})
    result = gongshi("validate", "content", "--today", TODAY, cwd=tmp_path)
    assert (result.code, result.errors) == (1, [*BAD_LINES, "发现 2 个问题，未生成任何文件。"])
    assert content.is_dir()


def test_a_location_is_printed_as_it_is(cli: Cli, tmp_path: Path) -> None:
    # Line 100 of tasks.csv: rich would print ":100:" as the emoji 💯, and the clerk would lose the row.
    rows = "".join(f"t{n},题目{n},王某,科级,a,2025-03-01,2025-12-31,进行中,60,\n" for n in range(1, 98))
    tasks = "id,title,claimant,level,unit,claimed_on,due,status,progress,note\n" + rows + \
        "t98,题目98,王某,科级,a,2025-03-01,2025-12-31,进行中,60,\nt99,题目99,王某,科级,a,2025-03-01,2025-13-45,进行中,60,\n"
    content = make_content(tmp_path / "content", {"tasks.csv": tasks})
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.errors[0]) == (1, "tasks.csv:100:due: “2025-13-45”不是日期（应为 YYYY-MM-DD）")


def test_many_problems_of_one_kind_are_counted_not_all_printed(cli: Cli, tmp_path: Path) -> None:
    # 甲局 repeated on 25 more rows: 25 problems of one kind in one file; the first 20 are printed, the other 5
    # counted on one line, and the total is still the whole count.
    results = RESULTS_2025 + "甲局,90,800,1,,\n" * 25
    content = make_content(tmp_path / "content", {"results/2025.csv": results})
    result = cli("validate", content, "--today", TODAY)
    assert result.code == 1 and len(result.errors) == 22
    assert result.errors[0] == "results/2025.csv:7:单位: 单位“甲局”重复出现（第 2 行已有）"
    assert result.errors[19] == "results/2025.csv:26:单位: 单位“甲局”重复出现（第 2 行已有）"
    assert result.errors[20:] == ["results/2025.csv：同类问题还有 5 个，未一一列出（改正上面几处后再检查）",
                                  "发现 25 个问题，未生成任何文件。"]
    one_more = ContentError([Problem.at("a.csv", n, "单位", "cell.empty") for n in range(2, 23)])
    assert one_more.lines(Translator("en"))[-1] == \
        "a.csv: 1 more problem of the same kind, not listed (correct the ones above, then check again)"


# -- build ----------------------------------------------------------------------------------------

def test_build_then_nothing_changed(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    result = cli("build", content, "-o", site, "--no-pdf", "--today", TODAY)
    pages, files = site_counts(site)
    assert (result.code, result.lines, result.err) == (0, [f"已生成 {site}：{pages} 个页面，共 {files} 个文件。"], "")
    # index, search, tasks, method, notices/; indicators/ and its 3; periods/ and 2025; years/ and 2025; the 5 units
    assert pages == 5 + 4 + 2 + 2 + 5
    stamp = (site / "index.html").stat().st_mtime_ns
    result = cli("build", content, "-o", site, "--no-pdf", "--today", TODAY)
    assert (result.code, result.lines) == (0, [f"内容没有变化，{site} 保持原样。"])
    assert (site / "index.html").stat().st_mtime_ns == stamp


def test_a_build_with_nothing_to_do_loads_neither_the_pipeline_nor_rich(cli: Cli, tmp_path: Path) -> None:
    # The no-op check answers before pandas, the stages, rich and Typer's help formatter are imported: the
    # whole command is then mostly the interpreter's start (issue 8: ≤ 0.3 s).
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    assert cli("build", content, "-o", site, "--no-pdf", "--today", TODAY).code == 0
    probe = ("import sys\nfrom generator.cli import make_app\nfrom generator.cli_common import run\n"
             f"code = run(make_app, ['build', {str(content)!r}, '-o', {str(site)!r}, '--no-pdf', '--today', {TODAY!r}])\n"
             "print(code, sorted(m for m in ('pandas', 'generator.build', 'rich.console', 'typer.rich_utils', 'jinja2')"
             " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == [f"内容没有变化，{site} 保持原样。", "0 []"], done.stderr


def test_a_change_rebuilds_and_says_how_many_files_were_kept(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    assert cli("build", content, "-o", site, "--no-pdf", "--today", TODAY).code == 0
    make_content(content, {"results/2025.csv": RESULTS_2025.replace("甲局,90,", "甲局,94,")})
    result = cli("build", content, "-o", site, "--no-pdf", "--today", TODAY)
    found = re.fullmatch(r"已生成 (.+)：(\d+) 个页面，共 (\d+) 个文件（本次生成 (\d+) 个，(\d+) 个未变、沿用上次）。",
                         result.lines[0])
    assert found and found.group(1) == str(site), result.lines
    pages, files = site_counts(site)
    made, reused = int(found.group(4)), int(found.group(5))
    assert (int(found.group(2)), int(found.group(3))) == (pages, files)
    assert made > 0 and reused > 0 and made + reused <= files


def test_a_hand_edited_site_is_repaired_by_the_next_build(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    assert cli("build", content, "-o", site, "--no-pdf", "--today", TODAY).code == 0
    original = (site / "index.html").read_bytes()
    (site / "index.html").write_bytes(original + b"<!-- edited by hand -->")
    result = cli("build", content, "-o", site, "--no-pdf", "--today", TODAY)
    assert result.code == 0 and result.lines[0].startswith(f"已生成 {site}：")
    assert (site / "index.html").read_bytes() == original


def test_lock_files_are_skipped_and_said(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"results/~$2025.xlsx": b"lock"})
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.lines) == (0, [VALID])
    assert result.errors == ["已跳过 results/~$2025.xlsx：这是 Excel、WPS 或 LibreOffice 打开文件时生成的临时锁定文件。"]


def test_invalid_data_keeps_the_old_site(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    assert cli("build", content, "-o", site, "--no-pdf", "--today", TODAY).code == 0
    before = tree_bytes(site)
    make_content(content, {"results/2025.csv": BAD_RESULTS})
    result = cli("build", content, "-o", site, "--no-pdf", "--today", TODAY)
    assert (result.code, result.errors) == (1, [*BAD_LINES, "发现 2 个问题，未生成任何文件。"])
    assert tree_bytes(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gongshi-cache", "content", "site", "work"]  # no staging left


def test_build_refuses_an_unsafe_output_folder(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "report.docx").write_bytes(b"a clerk's file")
    result = cli("build", content, "-o", foreign, "--no-pdf", "--today", TODAY)
    assert (result.code, result.errors) == (2, [
        f"输出目录 {foreign} 不是空的，也不是 gongshi 生成的网站：为免误删，未作任何改动。请换一个空目录或删除其中的内容"])
    assert [p.name for p in foreign.iterdir()] == ["report.docx"]
    result = cli("build", content, "-o", content, "--no-pdf", "--today", TODAY)
    inside = "就是内容目录，或包含内容目录：请换一个输出目录（默认 ./site）"
    assert (result.code, result.errors) == (2, [f"输出目录 {content} {inside}"])
    result = cli("build", content, "-o", tmp_path, "--no-pdf", "--today", TODAY)  # the parent of the content
    assert (result.code, result.errors) == (2, [f"输出目录 {tmp_path} {inside}"])
    result = cli("build", content, "-o", foreign / "report.docx", "--no-pdf", "--today", TODAY)
    assert (result.code, result.errors) == (2, [f"输出位置 {foreign / 'report.docx'} 是一个文件，不是文件夹：请换一个输出目录"])


def test_a_bad_reference_date(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_content(tmp_path / "content")
    for value in ("yesterday", "2025-02-30", "1850-01-01"):
        result = cli("build", content, "--today", value)
        assert (result.code, result.errors) == (2, [f"--today {value}：{BAD_DATE}"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tuesday")
    result = cli("validate", content)
    assert (result.code, result.errors) == (2, ["环境变量 SOURCE_DATE_EPOCH=tuesday 不是时间戳"])


def test_jobs_must_be_a_positive_integer(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    result = cli("build", content, "--jobs", "0", "--today", TODAY)
    assert (result.code, result.errors) == (2, ["--jobs 不能小于 1（现为 0）"])
    result = cli("build", content, "--jobs", "two", "--today", TODAY)
    assert (result.code, result.errors) == (2, ["--jobs / -j 应为整数", "运行 gongshi build --help 查看用法。"])


def test_interrupting_a_build_leaves_no_half_site(cli: Cli, tmp_path: Path) -> None:
    """Ctrl+C (SIGINT) while PDFs render: a short word, exit 130, nothing written, also when the interrupt
    lands where Python swallows it (a finalizer: tests/test_interrupt.py) and the build runs on to the swap."""
    content = make_content(tmp_path / "content")
    site, cache = tmp_path / "site", tmp_path / "cache"
    running = threading.Event()

    def interrupt() -> None:
        # The first PDF in the cache: the other six are still to render (seconds), so the signal lands mid-build.
        deadline = time.monotonic() + 60
        while running.is_set() and not any((cache / "pdf").glob("*.pdf")) and time.monotonic() < deadline:
            time.sleep(0.01)
        if running.is_set():
            signal.raise_signal(signal.SIGINT)

    running.set()
    threading.Thread(target=interrupt, daemon=True).start()
    try:
        result = cli("build", content, "-o", site, "--cache", cache, "--jobs", "1", "--today", TODAY)
    finally:
        running.clear()
    assert (result.code, result.errors) == (130, ["已中止。"]), result
    assert not site.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")]


# -- usage errors, translated ---------------------------------------------------------------------

@pytest.mark.parametrize(("args", "lines"), [
    (["build", "--nope"], ["没有这个选项：--nope（是否指：“--no-pdf”？）", "运行 gongshi build --help 查看用法。"]),
    (["build", "--zzzz"], ["没有这个选项：--zzzz", "运行 gongshi build --help 查看用法。"]),
    (["buidl"], [f"没有这个命令：buidl（可用的命令：{COMMANDS}）", "运行 gongshi --help 查看用法。"]),
    (["archive", "frz"], ["没有这个命令：frz（可用的命令：“freeze”、“verify”、“errata”）",
                          "运行 gongshi archive --help 查看用法。"]),
    (["--"], [f"缺少命令（可用的命令：{COMMANDS}）", "运行 gongshi --help 查看用法。"]),
    (["archive", "freeze"], ["缺少参数 YEAR", "运行 gongshi archive freeze --help 查看用法。"]),
    (["build", "--today"], ["缺少参数 --today", "运行 gongshi --help 查看用法。"]),
    (["build", "a", "b", "c"], ["多余的参数：b c", "运行 gongshi build --help 查看用法。"]),
    (["serve", "--port", "0"], ["端口应为 1 到 65535 之间的整数（现为 0）"]),
    (["serve", "--port", "65536"], ["端口应为 1 到 65535 之间的整数（现为 65536）"]),
    (["build", "--no-pdf=yes"], ["命令用法有误：Option '--no-pdf' does not take a value.", "运行 gongshi --help 查看用法。"]),
])
def test_usage_errors_are_translated_and_exit_2(cli: Cli, args: list[str], lines: list[str]) -> None:
    result = cli(*args)
    assert (result.code, result.out, result.errors) == (2, "", lines)


def test_a_usage_error_of_a_real_program_is_words_not_a_traceback(tmp_path: Path) -> None:
    result = gongshi("build", "--nope", cwd=tmp_path)
    assert (result.code, result.errors) == (2, ["没有这个选项：--nope（是否指：“--no-pdf”？）",
                                                "运行 gongshi build --help 查看用法。"])


def test_usage_messages_no_command_line_reaches() -> None:
    """BadParameter without "integer" cannot come from today's options (strings, paths, flags): its words."""
    from typer._click import exceptions as cx

    zh = Translator("zh-CN")
    assert _usage_message(cx.BadParameter("不是文件夹", param_hint="'--cache'"), zh).text(zh) == "'--cache' 的值无效：不是文件夹"
    assert _usage_message(cx.UsageError("Something else."), zh).text(zh) == "命令用法有误：Something else."


# -- init -----------------------------------------------------------------------------------------

def test_init_makes_a_project_that_validates_and_builds(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = cli("init", folder)
    assert (result.code, result.lines) == (0, [f"已创建内容目录 {folder}（示例数据）。修改后运行：gongshi build {folder}"])
    assert not (folder / "archive").exists()  # the demo's frozen years are the demo's, not the new office's
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in DEMO.iterdir() if p.name != "archive")
    # The demo's counts, from its files: 60 units, 15 indicators, 4 bulletins, 40 tasks; a period per results or
    # standings file name (without the "--board" part).
    names = {p.name.split(".")[0].split("--")[0] for sub in ("results", "standings") for p in (folder / sub).iterdir()}
    result = cli("validate", folder, "--today", TODAY)
    assert (result.code, result.lines) == (0, [f"内容有效：60 个单位，15 项指标，{len(names)} 个期次，4 篇通报，40 项揭榜任务。"])
    site = tmp_path / "site"
    result = cli("build", folder, "-o", site, "--no-pdf", "--today", TODAY)
    pages, files = site_counts(site)
    assert (result.code, result.lines) == (0, [f"已生成 {site}：{pages} 个页面，共 {files} 个文件。"])
    result = cli("init", folder)
    assert (result.code, result.errors) == (2, [f"{folder} 已存在且不为空，请换一个目录。"])


def test_init_into_an_empty_folder_is_fine(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert cli("init", folder).code == 0 and (folder / "site.toml").is_file()


# -- language -------------------------------------------------------------------------------------

EN_TOML = SITE_TOML.replace('[site]\n', '[site]\nlang = "en"\n')


def test_a_site_in_english_speaks_english(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"site.toml": EN_TOML})
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.lines) == (0, ["Content is valid: 5 units, 3 indicators, 1 periods, 0 notices, 0 claimed tasks."])
    make_content(content, {"site.toml": EN_TOML, "results/2025.csv": BAD_RESULTS})
    result = cli("validate", content, "--today", TODAY)
    assert result.code == 1
    assert result.errors == ["results/2025.csv:2:党建工作: “九十” is not a number",
                             "results/2025.csv:6:单位: unknown unit “北镇”. Did you mean: “西镇”, “东镇”?",
                             "2 problems found; no files were written."]
    result = cli("build", content, "--today", "someday")  # even usage errors, once the site's language is known
    assert result.errors == ["--today someday: not a valid date (YYYY-MM-DD, between 1900-01-01 and 2999-12-31)"]


def test_without_a_site_the_environment_chooses_the_language(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert cli_lang(["buidl"]) == "en"
    result = cli("buidl")
    assert result.errors == ["No such command: buidl (the commands are: "
                             "“init”, “validate”, “build”, “doctor”, “serve”, “check”, “diff”, “whatif”, “archive”)",
                             "Run gongshi --help to see how to use it."]
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # no German catalogue: Chinese
    assert cli_lang([]) == "zh-CN"


def test_english_from_a_real_program(tmp_path: Path) -> None:
    make_content(tmp_path / "content", {"site.toml": EN_TOML})
    result = gongshi("validate", "--today", TODAY, cwd=tmp_path)  # ./content by default, and its language
    assert (result.code, result.lines) == (0, ["Content is valid: 5 units, 3 indicators, 1 periods, 0 notices, 0 claimed tasks."])


def test_a_chinese_site_stays_chinese_whatever_the_environment(cli: Cli, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    content = make_content(tmp_path / "content")  # no `lang` in site.toml: zh-CN, the default
    assert cli_lang([str(content)]) == "zh-CN"
    result = cli("validate", content, "--today", TODAY)
    assert result.lines == [VALID]
    assert cli_lang([str(tmp_path / "nowhere")]) == "en"  # no site there: the environment's


def test_a_defect_of_the_program_is_said_in_words_not_a_traceback(cli: Cli, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # A bug inside gongshi (here: the build raising an error no user input explains) still ends in one line,
    # with the way to see the details; the site is left as it was.
    import generator.build

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(generator.build, "build", broken)
    content = make_content(tmp_path / "content")
    result = cli("build", content, "-o", tmp_path / "site", "--no-pdf", "--today", TODAY)
    assert result.code == 70
    assert "Traceback" not in result.err
    assert result.errors[-1] == ("gongshi 内部出错（ZeroDivisionError）：这是程序的缺陷，不是内容有误，网站没有改动。"
                                 "设置环境变量 GONGSHI_DEBUG=1 再运行一次可看到详情，请把它发给维护者。")
    monkeypatch.setenv("GONGSHI_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        run(make_app, ["build", str(content), "-o", str(tmp_path / "site"), "--no-pdf", "--today", TODAY])
