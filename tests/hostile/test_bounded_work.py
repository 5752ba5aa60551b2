"""Issue 10, "hangs and blow-ups": numbers, dates, sizes and nesting from users are checked before use; YAML
aliases never expand; Markdown renders in time linear in its input; workbooks declaring a huge range are
refused before they are read; only regular files are read. What could hang runs as a program with a
timeout, so that a regression fails instead of hanging the suite. (The 100 MB and 200,000-row figures are
bench/hostile.py's, not a timed test.)"""

from __future__ import annotations

import io
import os
import re
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from generator.cli_common import Consoles
from generator.i18n import Translator
from generator.markup import dropped
from generator.model.privacy import findings
from generator.render.markdown import render_markdown
from generator.serve import serve
from tests.hostile.common import NOTICE, TODAY, VALID, Cli, failed, gongshi, project
from tests.support import RESULTS_2025

NOT_REGULAR = "不是普通文件（可能是管道、设备或文件夹），已拒绝读取"


def test_a_yaml_alias_bomb_never_expands(cli: Cli, tmp_path: Path) -> None:
    # "Billion laughs": nine levels of nine aliases would be 9⁹ strings; the first anchor (line 2) is refused.
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    bomb = "---\n" + "\n".join(levels) + "\ntitle: 炸弹\ndate: 2025-11-01\nkind: 通报\n---\n正文\n"
    result = cli("validate", project(tmp_path / "content", {"notices/a.md": bomb}), "--today", TODAY)
    assert (result.code, result.errors) == (1, ["notices/a.md:2: YAML 头信息中不能使用锚点和别名（& 与 *）", failed(1)])


# Inputs that took the old Markdown parser quadratic time (100,000 "[" ran for over twenty minutes): at
# 20,000 repeats each now renders in well under the bound; the old one needed minutes for most of them.
PATHOLOGICAL = ["[", "![", "[x](", "[x][", "[(", "*[", "`[", "<![CDATA[", "<a ", '<a href="', "<span ", "<x:",
                "<http://", "a\n---\n", "\n- ", "<div>\n", "[^", "**a", "*a_", "- ", "1. ", "> ", ">"]


@pytest.mark.parametrize("piece", PATHOLOGICAL)
def test_markdown_is_linear_in_its_input(piece: str) -> None:
    started = time.perf_counter()
    html = render_markdown(piece * 20_000 + "\n")
    assert time.perf_counter() - started < 10, piece
    assert "<script" not in html
    started = time.perf_counter()
    dropped(piece * 20_000 + "\n")  # the data check that reads the same text (generator/markup.py)
    assert time.perf_counter() - started < 10, piece


def test_a_notice_of_100000_brackets_builds(tmp_path: Path) -> None:
    content = project(tmp_path / "content", {"notices/a.md": NOTICE + "[" * 100_000 + "\n"})
    result = gongshi("build", content, "-o", tmp_path / "site", "--no-pdf", "--today", TODAY, cwd=tmp_path, timeout=120)
    assert result.code == 0, result.err
    page = (tmp_path / "site" / "notices" / "a" / "index.html").read_text(encoding="utf-8")
    assert "[" * 100_000 in page


def test_a_notice_beyond_256_kb_is_refused_unread(cli: Cli, tmp_path: Path) -> None:
    # 300,000 bytes of "![" (the densest input for the parser): over the 256 KB a bulletin may take.
    content = project(tmp_path / "content", {"notices/a.md": NOTICE + "![" * 150_000})
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.errors) == (1, ["notices/a.md: 文件太大（0.3 MB，上限 0.25 MB）", failed(1)])


def _workbook(declared: str, last_cell: str | None = None) -> bytes:
    """The small results as a workbook whose sheet declares the range `declared` (and, if given, holds one
    cell at `last_cell`), written as Excel would: a file of a few KB."""
    book = openpyxl.Workbook()
    for row in [r.split(",") for r in RESULTS_2025.splitlines()]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(), data)
                if last_cell:
                    data = data.replace(b"</sheetData>", f'<row r="{last_cell[3:]}"><c r="{last_cell}" t="n"><v>1</v></c>'
                                                         f"</row></sheetData>".encode())
            target.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize(("declared", "cell", "rows", "columns"), [
    ("A1:XFD1048576", None, 1048576, 16384),  # the Rust reader allocated this range at once and aborted
    ("A1:F6", "XFD1048576"[:3] + "1048576", 1048576, 16384),  # a range not declared but held by one cell
    ("A1:ALM6", None, 6, 1001),
])
def test_a_workbook_declaring_a_huge_range_is_refused_unread(cli: Cli, tmp_path: Path, declared: str, cell: str | None,
                                                             rows: int, columns: int) -> None:
    data = _workbook(declared, cell)
    assert len(data) < 8000
    content = project(tmp_path / "content", {"results/2025.xlsx": data})
    (content / "results" / "2025.csv").unlink()
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.errors) == (1, [
        f"results/2025.xlsx: 工作表声明的范围过大（{rows} 行 × {columns} 列，上限 1000000 行 × 1000 列）", failed(1)])


def test_fifos_are_never_opened(tmp_path: Path) -> None:
    # Opening a FIFO blocks until someone writes: a results file, tasks.csv, a notice and site.toml itself
    # (read early for the language of the messages) are each refused, and the command ends.
    content = project(tmp_path / "content")
    (content / "site.toml").unlink()
    for name in ("site.toml", "results/2025-Q1.csv", "tasks.csv", "notices/a.md"):
        (content / name).parent.mkdir(exist_ok=True)
        os.mkfifo(content / name)
    result = gongshi("validate", content, "--today", TODAY, cwd=tmp_path, timeout=60)
    assert (result.code, result.errors) == (1, [
        f"notices/a.md: {NOT_REGULAR}", f"results/2025-Q1.csv: {NOT_REGULAR}", f"site.toml: {NOT_REGULAR}",
        f"tasks.csv: {NOT_REGULAR}", failed(4)])


def test_a_link_to_an_endless_device_is_refused(cli: Cli, tmp_path: Path) -> None:
    # /dev/zero never ends and /dev/urandom neither: links out of the folder are refused before any read.
    content = project(tmp_path / "content")
    (content / "results" / "2025-Q1.csv").symlink_to("/dev/zero")
    (content / "tasks.csv").symlink_to("/dev/urandom")
    result = cli("validate", content, "--today", TODAY)
    assert (result.code, result.errors) == (1, [
        "results/2025-Q1.csv: 这是指向内容文件夹以外的链接（/dev/zero），已拒绝读取：请把文件本身复制进来",
        "tasks.csv: 这是指向内容文件夹以外的链接（/dev/urandom），已拒绝读取：请把文件本身复制进来",
        failed(2)])


def test_a_table_of_more_than_a_million_rows_is_refused(cli: Cli, tmp_path: Path) -> None:
    # 1,000,001 data rows (7 MB): over MAX_ROWS, refused while reading, not after building the table.
    text = "单位,党建工作\n" + "甲局,1\n" * 1_000_001
    result = cli("validate", project(tmp_path / "content", {"results/2025-Q1.csv": text}), "--today", TODAY)
    assert (result.code, result.errors) == (1, ["results/2025-Q1.csv: 表格行数过多（>1000000 行，上限 1000000 行）", failed(1)])


def test_a_table_of_more_than_a_thousand_columns_is_refused(cli: Cli, tmp_path: Path) -> None:
    text = ",".join(f"c{n}" for n in range(1001)) + "\n" + ",".join("1" for _ in range(1001)) + "\n"
    result = cli("validate", project(tmp_path / "content", {"results/2025-Q1.csv": text}), "--today", TODAY)
    assert (result.code, result.errors) == (1, ["results/2025-Q1.csv: 表格列数过多（1001 列，上限 1000 列）", failed(1)])


def test_the_privacy_guard_is_linear_in_its_text(cli: Cli, tmp_path: Path) -> None:
    # Digits one by one ("1 1 1 …") and decimals: each cluster of digits is read once (the first version
    # tried a pattern at every digit: 5 s a megabyte), and none of it is a phone number.
    for text in ("1 " * 500_000, "1-" * 500_000, "13.5 " * 200_000, "(" * 1_000_000):
        started = time.perf_counter()
        assert list(findings(text)) == []
        assert time.perf_counter() - started < 10
    started = time.perf_counter()
    assert len(list(findings("138 1234 5678 " * 70_000))) == 70_000  # a megabyte of mobiles, each found once
    assert time.perf_counter() - started < 10
    body = "1 " * 60_000 + "\n" + "13.5 " * 20_000 + "\n"  # 220 KB, in a notice
    result = cli("validate", project(tmp_path / "content", {"notices/a.md": NOTICE + body}), "--today", TODAY)
    assert (result.code, result.errors) == (0, [])


def wait_for(condition: Callable[[], object], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_serve_survives_a_notice_saved_in_gbk_and_broken_content(tmp_path: Path) -> None:
    # `serve` used to die when a notice was saved in GBK; now it is read, and a broken file afterwards is an
    # overlay message while the last good site stays.
    content = project(tmp_path / "content")
    site = tmp_path / "site"
    stop = threading.Event()
    urls: list[str] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            serve(content, site, __import__("datetime").date(2025, 12, 1), Translator("zh-CN"), Consoles(), port=0,
                  stop=stop, announce=urls.append)
        except BaseException as error:  # reported below
            failure.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    try:
        wait_for(lambda: urls or failure)
        assert not failure
        (content / "notices").mkdir()
        (content / "notices" / "gbk.md").write_bytes(NOTICE.encode("gbk"))
        wait_for(lambda: (site / "notices" / "gbk" / "index.html").exists())
        assert "关于考核情况的通报" in (site / "notices" / "gbk" / "index.html").read_text(encoding="utf-8")
        (content / "notices" / "bad.md").write_bytes(b"---\ntitle: x\n---\n\x80\x81\n")
        time.sleep(2)
        assert thread.is_alive() and not failure
        assert (site / "notices" / "gbk" / "index.html").exists()
    finally:
        stop.set()
        thread.join(timeout=20)
    assert not thread.is_alive()


def test_a_valid_project_still_validates(cli: Cli, tmp_path: Path) -> None:
    assert cli("validate", project(tmp_path / "content"), "--today", TODAY).lines == [VALID]
