"""The command as a clerk runs it: real processes, real exit codes, messages on the terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator import __version__
from tests.support import RESULTS_2025, make_content, tree_bytes


def gongshi(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
                               "LANG": "C.UTF-8"}, check=False)


def test_version() -> None:
    result = gongshi("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"gongshi {__version__}"


def test_validate_ok_and_json(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    result = gongshi("validate", str(content))
    assert result.returncode == 0
    assert result.stdout.strip() == "内容有效：5 个单位，3 项指标，1 个期次，0 篇通报，0 项揭榜任务。"
    result = gongshi("validate", str(content), "--format", "json")
    assert json.loads(result.stdout) == {"ok": True, "problems": [], "notes": []}


def test_invalid_data_exits_1_lists_problems_and_keeps_the_old_site(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    assert gongshi("build", str(content), "-o", str(site), "--no-pdf", "--today", "2025-11-30").returncode == 0
    before = tree_bytes(site)
    make_content(content, {"results/2025.csv": RESULTS_2025.replace("甲局,90", "甲局,九十")})
    result = gongshi("build", str(content), "-o", str(site), "--no-pdf")
    assert result.returncode == 1
    assert "results/2025.csv:2:党建工作: “九十”不是数字" in result.stderr
    assert "发现 1 个问题，未生成任何文件。" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_bytes(site) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")]  # no staging folder left behind


def test_validate_json_lists_problems(tmp_path: Path) -> None:
    content = make_content(tmp_path, {"results/2025.csv": RESULTS_2025.replace("西镇,85", "北镇,85")})
    result = gongshi("validate", str(content), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["problems"] == [
        {"file": "results/2025.csv", "row": 6, "column": "单位", "message": "找不到单位“北镇”。是否指：“西镇”、“东镇”？"}
    ]


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    assert gongshi("build", "--no-such-option").returncode == 2
    assert gongshi("validate", str(tmp_path), "--format", "xml").returncode == 2
    assert gongshi("build", str(make_content(tmp_path / "c")), "--today", "yesterday").returncode == 2


def test_missing_content_folder_is_invalid_data(tmp_path: Path) -> None:
    result = gongshi("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "site.toml" in result.stderr or "nowhere" in result.stderr


def test_init_makes_a_folder_that_builds(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = gongshi("init", str(folder))
    assert result.returncode == 0
    assert (folder / "site.toml").is_file() and (folder / "units.csv").is_file()
    assert gongshi("validate", str(folder)).returncode == 0
    assert gongshi("init", str(folder)).returncode == 2  # refuses to overwrite


def test_second_build_without_change_writes_nothing(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    args = ("build", str(content), "-o", str(site), "--no-pdf", "--today", "2025-11-30")
    assert gongshi(*args).returncode == 0
    stamp = (site / "index.html").stat().st_mtime_ns
    result = gongshi(*args)
    assert result.returncode == 0
    assert "内容没有变化" in result.stdout
    assert (site / "index.html").stat().st_mtime_ns == stamp


def test_archive_commands_end_to_end(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"results/2024.csv": RESULTS_2025})
    freeze = gongshi("archive", "freeze", "2024", str(content), "--today", "2025-01-20")
    assert freeze.returncode == 0, freeze.stderr
    assert freeze.stdout.startswith("已归档 2024 年度")
    assert (content / "archive" / "2024" / "data" / "pdf" / "year-2024.pdf").is_file()
    again = gongshi("archive", "freeze", "2024", str(content), "--today", "2025-01-20")
    assert again.returncode == 1 and "已经归档" in again.stderr
    verify = gongshi("archive", "verify", str(content))
    assert verify.returncode == 0 and verify.stdout.strip() == "2024 年度归档完好"
    errata = gongshi("archive", "errata", "2024", str(content), "--what", "乙局2024年度综合得分", "--old", "85.10",
                     "--new", "85.01", "--reason", "录入错误", "--unit", "b", "--today", "2025-03-01")
    assert errata.returncode == 0, errata.stderr
    assert gongshi("archive", "verify", str(content)).returncode == 0
    site = tmp_path / "site"
    build = gongshi("build", str(content), "-o", str(site), "--today", "2025-11-30")
    assert build.returncode == 0, build.stderr
    assert (site / "pdf" / "year-2024-errata.pdf").is_file()
    assert (site / "pdf" / "year-2024.pdf").read_bytes() == \
        (content / "archive" / "2024" / "data" / "pdf" / "year-2024.pdf").read_bytes()
    (content / "archive" / "2024" / "data" / "rules.toml").write_text("tampered\n", encoding="utf-8")
    verify = gongshi("archive", "verify", str(content))
    assert verify.returncode == 1
    assert "archive/2024/data/rules.toml: 已被改动（校验值不符）" in verify.stderr


def test_a_hand_edited_site_is_repaired_by_the_next_build(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    site = tmp_path / "site"
    args = ("build", str(content), "-o", str(site), "--no-pdf", "--today", "2025-11-30")
    assert gongshi(*args).returncode == 0
    original = (site / "index.html").read_bytes()
    (site / "index.html").write_bytes(original + b"<!-- edited by hand -->")
    result = gongshi(*args)
    assert result.returncode == 0 and "已生成" in result.stdout
    assert (site / "index.html").read_bytes() == original


def test_skipped_lock_files_are_said(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"results/~$2025.xlsx": b"lock"})
    result = gongshi("validate", str(content))
    assert result.returncode == 0
    assert "~$2025.xlsx" in result.stderr
