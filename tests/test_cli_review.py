"""`gongshi check | diff | whatif`, and the data checks in `validate`, `build` and `serve`, as a clerk runs them:
exact lines on stdout and stderr, exit statuses (SPEC 7: 0, 1 invalid, 2 usage, 3 diff found changes), and
that --strict turns every warning into exit 1 with nothing written. In this process, through cli_common.run."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from generator.cli_common import Consoles
from generator.i18n import Translator
from tests.cli_support import Cli, in_process
from tests.support import INDICATORS, RESULTS_2025, SITE_TOML, make_content, tree_bytes

TODAY = "2025-11-30"
SUMMARY = "数据检查：{n} 条警告，0 条已确认。警告不会阻止生成；核实无误的，可在 site.toml 的 [checks] accept 中逐条写明理由。"
REFUSED = "发现 {n} 个问题，未生成任何文件。"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return in_process(tmp_path, monkeypatch, capsys)


# One warning of each kind the issue names, each the only warning of its project (worked out in
# tests/rules/test_checks.py; the lines are the problem as an error prints it, without the check's id).
FEBRUARY = "单位,党建工作,招商引资（万元）,安全事故\n甲局,91,810,1\n乙局,81,610,0\n东镇,96,990,0\n西镇,86,510,3\n"
RANGE_INDICATORS = INDICATORS.replace("target,floor\n", "target,floor,min,max\n") + \
    "wc,任务完成率,业务工作,1,higher,%,100,60,0,100\n"
RANGE_RESULTS = "单位,党建工作,招商引资（万元）,安全事故,任务完成率（%）\n甲局,90,800,1,90\n乙局,80,600,0,180%\n" \
    "丙局,70,400,2,80\n东镇,95,1000,0,100\n西镇,85,500,3,95\n"
RANKED = RESULTS_2025.replace("加分,备注\n", "加分,备注,排名\n").replace("甲局,90,800,1,,", "甲局,90,800,1,,,1") \
    .replace("获评先进", "获评先进,2").replace("丙局,70,400,2,,", "丙局,70,400,2,,,5") \
    .replace("东镇,95,1000,0,,", "东镇,95,1000,0,,,1").replace("西镇,85,500,3,,", "西镇,85,500,3,,,2")
WARNINGS = {
    # 2025-02 repeats 2025-01: 15 of 15 values the same.
    "copied": ({"results/2025-01.csv": RESULTS_2025, "results/2025-02.csv": RESULTS_2025},
               "results/2025-02.csv: 与上一期（2025年1月，results/2025-01.csv）共有的 15 个数值中，15 个完全相同（100%）："
               "是否复制了上一期的文件而没有更新？"),
    # "180%" reads as 180, above max 100, on 乙局's row (3).
    "range": ({"indicators.csv": RANGE_INDICATORS, "results/2025.csv": RANGE_RESULTS},
              "results/2025.csv:3:任务完成率（%）: “乙局”的“任务完成率”为 180，高于合理范围的上限 100（indicators.csv 的 max）"),
    # 丙局 is not in February; every other value differs from January's but the 安全事故 column (4 of 12 < 90%).
    "dropped": ({"results/2025-01.csv": RESULTS_2025, "results/2025-02.csv": FEBRUARY},
                "results/2025-02.csv: “丙局”在上一期（2025年1月）参加了排名，本期文件中没有这个单位（未参评）"),
    # The file ranks 丙局 5th of all five units; within 部门 it is 3rd (甲 90, 乙 84.33, 丙 71.67).
    "file_rank": ({"results/2025.csv": RANKED},
                  'results/2025.csv:4:排名: “丙局”的名次：文件中为 5，按规则计算为 3（差别在于分组：按 ranking.within = "kind" '
                  "在同组单位中排名，文件中像是全部单位一起排的）"),
}


@pytest.mark.parametrize("kind", sorted(WARNINGS))
def test_strict_turns_each_warning_into_exit_1_with_nothing_written(cli: Cli, tmp_path: Path, kind: str) -> None:
    files, line = WARNINGS[kind]
    content = make_content(tmp_path / "content", files)
    site = tmp_path / "site"
    for command in (("build", content, "-o", site, "--no-pdf"), ("validate", content), ("check", content)):
        result = cli(*command, "--today", TODAY, "--strict")
        assert (result.code, result.out, result.errors) == (1, "", [line, REFUSED.format(n=1)])
    assert not site.exists()
    # Without --strict it is a warning with the check's id; the build goes on.
    result = cli("build", content, "-o", site, "--no-pdf", "--today", TODAY)
    assert result.code == 0 and result.errors == [f"{line} [{kind}]", SUMMARY.format(n=1)]
    # A site already there is left whole by a strict build that fails, even with nothing changed since.
    before = tree_bytes(site)
    result = cli("build", content, "-o", site, "--no-pdf", "--today", TODAY, "--strict")
    assert result.code == 1 and tree_bytes(site) == before


def test_a_check_at_level_error_stops_the_build_without_strict(cli: Cli, tmp_path: Path) -> None:
    files, line = WARNINGS["dropped"]
    content = make_content(tmp_path / "content", {**files, "site.toml": SITE_TOML + '[checks]\ndropped = { level = "error" }\n'})
    result = cli("build", content, "-o", tmp_path / "site", "--no-pdf", "--today", TODAY)
    assert (result.code, result.errors) == (1, [line, REFUSED.format(n=1)]) and not (tmp_path / "site").exists()


def test_check_lists_warnings_and_accepted_ones(cli: Cli, tmp_path: Path) -> None:
    files, line = WARNINGS["dropped"]
    content = make_content(tmp_path / "content", files)
    result = cli("check", content, "--today", TODAY)
    assert (result.code, result.errors, result.lines) == (0, [f"{line} [dropped]"], [SUMMARY.format(n=1)])
    accept = '[checks]\naccept = [{ check = "dropped", unit = "丙局", reason = "2月起撤并" }]\n'
    (content / "site.toml").write_text(SITE_TOML + accept, encoding="utf-8")
    result = cli("check", content, "--today", TODAY)
    assert (result.code, result.err) == (0, "")
    assert result.lines == [f"{line} [dropped]（已确认：2月起撤并）", "数据检查通过：没有警告（1 条已确认）。"]
    data = json.loads(cli("check", content, "--today", TODAY, "--format", "json").out)
    assert (data["ok"], data["warnings"], data["accepted"][0]["reason"], data["accepted"][0]["code"]) == \
        (True, [], "2月起撤并", "checks.dropped")
    assert {c["check"]: c["accepted"] for c in data["checks"]}["dropped"] == 1


def stage_entries(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (cache / "stages").rglob("*.pkl")}


def test_check_after_a_build_is_served_from_the_builds_cache(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    assert cli("check", content, "--today", TODAY).code == 0
    assert not Path(".gongshi-cache").exists()  # no build here yet: nothing is cached, nothing is made
    assert cli("build", content, "-o", "site", "--no-pdf", "--today", TODAY).code == 0
    cache = Path(".gongshi-cache")  # beside ./site, the build's default
    built = stage_entries(cache)
    assert built
    # Nothing changed: every stage is read from the cache, none made again (no entry written, none added).
    for command in ("check", "validate"):
        assert cli(command, content, "--today", TODAY).code == 0
        assert stage_entries(cache) == built
    # A value edited: the check computes what changed and keeps it; the build then reuses it.
    make_content(content, {"results/2025.csv": RESULTS_2025.replace("甲局,90,", "甲局,94,")})
    assert cli("check", content, "--today", TODAY).code == 0
    checked = stage_entries(cache)
    added = set(checked) - set(built)
    assert added
    assert cli("build", content, "-o", "site", "--no-pdf", "--today", TODAY).code == 0
    after = stage_entries(cache)
    assert {name: after[name] for name in added} == {name: checked[name] for name in added}
    # --cache names another folder, made if need be.
    assert cli("check", content, "--today", TODAY, "--cache", tmp_path / "elsewhere").code == 0
    assert stage_entries(tmp_path / "elsewhere")


def test_validate_shows_the_warnings(cli: Cli, tmp_path: Path) -> None:
    files, line = WARNINGS["copied"]
    content = make_content(tmp_path / "content", files)
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.errors) == (0, [f"{line} [copied]", SUMMARY.format(n=1)])
    assert result.lines == ["内容有效：5 个单位，3 项指标，3 个期次，0 篇通报，0 项揭榜任务。"]
    data = json.loads(cli("validate", content, "--today", TODAY, "--format", "json").out)
    assert [(w["file"], w["code"], w["check"]) for w in data["warnings"]] == [("results/2025-02.csv", "checks.copied", "copied")]
    result = cli("check", content, "--today", TODAY, "--format", "json", "--strict")
    assert result.code == 1 and json.loads(result.out)["problems"][0]["message"] == line.split(": ", 1)[1]


def test_serve_shows_the_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    from generator.serve import serve

    files, line = WARNINGS["dropped"]
    content = make_content(tmp_path / "content", files)
    stop = threading.Event()
    stop.set()  # build once, serve, and stop at once
    serve(content, tmp_path / "site", date(2025, 11, 30), Translator("zh-CN"), Consoles(), port=18931, stop=stop,
          announce=lambda _: None)
    err = capsys.readouterr().err.splitlines()
    assert [e.split("] ", 1)[1] for e in err] == [f"{line} [dropped]"]


# -- diff -------------------------------------------------------------------------------------------------
def test_diff_exit_status_formats_and_sheet(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"results/2025-03.csv": RESULTS_2025})
    published = tmp_path / "published"
    assert cli("build", content, "-o", published, "--no-pdf", "--today", TODAY).code == 0
    result = cli("diff", content, "--against", published, "--today", TODAY)
    assert (result.code, result.err, result.lines) == (0, "", [
        "晾晒表：没有变化。", "通报公告：没有变化（页面上印的发布日期不算变化）。", "没有已归档的年度。",
        "与已发布的网站相比，没有任何数据变化。"])
    # 丙局's 党建 70 → 100 in March (by hand in tests/review/test_diff.py): 丙 and 乙 swap places and tiers.
    (content / "results/2025-03.csv").write_text(RESULTS_2025.replace("丙局,70,", "丙局,100,"), encoding="utf-8")
    result = cli("diff", content, "--against", published, "--today", TODAY)
    assert result.code == 3
    assert "│丙局│71.67→86.67│3→2│红→黄│—│—│" in result.out.replace(" ", "")
    assert result.lines[-2:] == ["没有已归档的年度。", "发布后，已发布的网站会有上述变化。"]
    data = json.loads(cli("diff", content, "--against", published, "--today", TODAY, "--format", "json").out)
    assert [(c["key"], c["fields"]) for c in data["boards"][0]["changes"]] == [
        ("c", {"score": [71.67, 86.67], "rank": [3, 2], "tier": ["red", "yellow"]}),
        ("b", {"rank": [2, 3], "tier": ["yellow", "red"]})]
    csv_lines = cli("diff", content, "--against", published, "--today", TODAY, "--format", "csv").out.splitlines()
    assert csv_lines[0] == "\ufeffperiod,board,change,key,name,field,old,new" and len(csv_lines) == 6
    # The sheet needs the site to publish: here there is no ./site to default to.
    result = cli("diff", content, "--against", published, "--today", TODAY, "--sheet", tmp_path / "review")
    assert (result.code, result.errors) == (2, [
        "--sheet 需要用 --built 指定刚生成、准备发布的网站目录（gongshi build -o 的目录），"
        "审查单才能列出要发布的文件和 manifest.json 的校验值"])
    built = tmp_path / "built"
    assert cli("build", content, "-o", built, "--no-pdf", "--today", TODAY).code == 0
    # A sheet written into the site to publish (or the published one) would be copied with it, unlisted.
    for inside, site in ((built / "review", built), (published / "docs" / "review", published)):
        result = cli("diff", content, "--against", published, "--built", built, "--today", TODAY, "--sheet", inside)
        assert (result.code, result.errors) == (2, [
            f"审查单 {inside} 不能写在网站目录 {site} 里：它会被一起复制到服务器上，而文件清单里没有它；请写到网站目录以外"])
        assert not (built / "review.pdf").exists() and not (published / "docs").exists()
    result = cli("diff", content, "--against", published, "--built", built, "--today", TODAY, "--sheet", tmp_path / "review")
    assert result.code == 3
    written = "、".join(str(tmp_path / f"review.{suffix}") for suffix in ("html", "pdf", "sha256"))
    assert result.errors == [f"已生成公开审查单：{written}"]
    assert (tmp_path / "review.pdf").read_bytes().startswith(b"%PDF-")


def test_diff_of_a_folder_that_is_not_a_site(cli: Cli, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "a.txt").write_text("x", encoding="utf-8")
    result = cli("diff", content, "--against", tmp_path / "www", "--today", TODAY)
    assert (result.code, result.errors) == (2, [
        f"{tmp_path / 'www'} 不是 gongshi 生成的网站（没有可用的 manifest.json）：请用 --against 指定已发布的网站目录"])
    result = cli("diff", content, "--format", "xml", "--today", TODAY)
    assert result.code == 2 and result.errors[0] == "--format 只能是 “text”、“json”、“csv”，而不是“xml”"


# -- whatif -----------------------------------------------------------------------------------------------
RULES = """[scoring]
normalize = "efficacy"
categories = [
  { id = "party", name = "党的建设", weight = 0.2 },
  { id = "work", name = "业务工作", weight = 0.8 },
]
"""


def test_whatif_lists_the_moves_and_writes_a_report(cli: Cli, tmp_path: Path) -> None:
    # RESULTS_2025 with 党的建设 at 20% instead of 50% (业务 as in test_diff: 甲 90, 乙 86.667, 丙 73.333, 东 100,
    # 西 73.333): 甲 90, 乙 16 + 69.333 + 1 = 86.33, 丙 14 + 58.667 = 72.67, 东 19 + 80 = 99, 西 17 + 58.667 = 75.67:
    # the same order in both groups, so nothing moves.
    content = make_content(tmp_path / "content", {"rules.toml": RULES})
    before = tree_bytes(content)
    result = cli("whatif", content, "--rules", content / "rules.toml", "--today", TODAY, "--html", tmp_path / "whatif.html")
    assert (result.code, result.lines) == (0, ["共比较 2025 年度的 1 张晾晒表，其中 0 张有名次、档次、等次或结果运用的变化。"])
    assert result.errors == [f"已生成试算报告：{tmp_path / 'whatif.html'}"]
    assert "在试算规则下，没有任何名次、档次、等次或结果运用会变化。" in (tmp_path / "whatif.html").read_text(encoding="utf-8")
    assert tree_bytes(content) == before


def test_whatif_with_a_move(cli: Cli, tmp_path: Path) -> None:
    # 业务 (as in tests/review/test_whatif.py): 甲 75 (招商 500, 安全事故 2.5), 乙 90, 丙 80, 东 100, 西 73.333.
    year = "单位,党建工作,招商引资（万元）,安全事故\n甲局,100,500,2.5\n乙局,60,800,1\n丙局,80,600,2\n" \
        "东镇,95,1000,0\n西镇,85,500,3\n"
    # 50/50: 甲 87.5, 乙 30 + 45 = 75, 丙 80 → 甲 1 绿, 丙 2 黄, 乙 3 红.
    # 20/80: 甲 20 + 60 = 80, 乙 12 + 72 = 84, 丙 80 → 乙 1 绿, 甲 2 and 丙 2 (tied, 黄; none is last: red takes
    # rank > 3 − 1 = 2, and both are 2), so: 甲 1 → 2 (绿 → 黄), 乙 3 → 1 (红 → 绿), 丙 stays 2 黄.
    content = make_content(tmp_path / "content", {"rules.toml": RULES, "results/2025.csv": year})
    result = cli("whatif", content, "--rules", content / "rules.toml", "--today", TODAY)
    assert result.code == 0
    assert result.lines[-2:] == ["2025年度综合考核晾晒表：2 个单位名次变化；2 个单位档次变化（升 1、降 1）",
                                 "共比较 2025 年度的 1 张晾晒表，其中 1 张有名次、档次、等次或结果运用的变化。"]
    table = result.out.replace(" ", "")
    assert "│甲局│87.50→80.00│1→2│绿→黄│" in table and "│乙局│75.00→84.00│3→1│红→绿│" in table
    result = cli("whatif", content, "--rules", content / "rules.toml", "--today", TODAY, "--year", "25")
    assert (result.code, result.errors[0]) == (2, "“25”不是年度（应为四位数字，如 2025）")


def test_check_in_english(cli: Cli, tmp_path: Path) -> None:
    files, _ = WARNINGS["dropped"]
    content = make_content(tmp_path / "content", {**files, "site.toml": SITE_TOML.replace("[site]\n", '[site]\nlang = "en"\n')})
    result = cli("check", content, "--today", TODAY)
    assert (result.code, result.errors, result.lines) == (0, [
        "results/2025-02.csv: “丙局” was ranked in the previous period (January 2025) and is not in this file (not ranked) "
        "[dropped]"], ["Data checks: 1 warning, 0 accepted. Warnings do not stop a build; once a warning is verified, accept it "
                       "with its reason in [checks] accept of site.toml."])
    result = cli("check", content, "--today", TODAY, "--strict")
    assert (result.code, result.errors[0]) == (1, "results/2025-02.csv: “丙局” was ranked in the previous period (January 2025) "
                                                  "and is not in this file (not ranked)")
