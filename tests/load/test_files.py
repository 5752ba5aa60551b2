"""Which files of a content folder are read, and how safely (generator/load/files.py): real symlinks, FIFOs,
sparse oversized files, lock and hidden files, unreadable files — each with its exact message."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.i18n import Translator
from generator.load.files import read_content_files, read_inside
from generator.load.project import load_project
from tests.support import RESULTS_2025, make_content

ZH = Translator("zh-CN")
LOCK = "：这是 Excel、WPS 或 LibreOffice 打开文件时生成的临时锁定文件。"
PAIR = "是同一份数据的两个文件，无法确定以哪个为准。请删除或移走其中一个。"
XLS = "不支持旧版 Excel 的 .xls 格式。请在 Excel 或 WPS 中打开，另存为 .xlsx 或 CSV（UTF-8）。"


def found(root: Path) -> tuple[list[str], list[str]]:
    """(problems, notes) of reading the folder, as a clerk reads them."""
    files = read_content_files(root)
    return [p.text(ZH) for p in files.problems], [n.text(ZH) for n in files.notes]


def touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def outside_file(tmp_path: Path, name: str = "elsewhere.csv") -> Path:
    return touch(tmp_path / "outside" / name, RESULTS_2025.encode())


def test_the_small_project_reads_cleanly(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    files = read_content_files(root)
    assert (files.problems, files.notes) == ((), ())
    assert [f.relative for f in files.results] == ["results/2025.csv"]
    assert files.units is not None and files.units.relative == "units.csv"
    assert files.tasks is None


def test_lock_hidden_and_system_files_are_skipped_with_a_note(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    for name in ("~$2025.xlsx", ".~lock.2025.csv#", ".hidden.csv", "Thumbs.db", "desktop.ini"):
        touch(root / "results" / name)
    touch(root / "~$units.xlsx")
    touch(root / "notices" / ".~lock.a.md#")
    problems, notes = found(root)
    assert problems == []
    # In reading order: the top folder, then results/ by name (code points: ".h" < ".~" < "T" < "d" < "~"),
    # then notices/.
    assert notes == [
        f"已跳过 ~$units.xlsx{LOCK}",
        "已跳过隐藏文件 results/.hidden.csv。",
        f"已跳过 results/.~lock.2025.csv#{LOCK}",
        "已跳过系统文件 results/Thumbs.db。",
        "已跳过系统文件 results/desktop.ini。",
        f"已跳过 results/~$2025.xlsx{LOCK}",
        f"已跳过 notices/.~lock.a.md#{LOCK}",
    ]
    assert [f.relative for f in read_content_files(root).results] == ["results/2025.csv"]


def test_subfolders_of_a_table_folder_are_skipped_with_a_note(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content", {"results/旧/2024.csv": RESULTS_2025})
    assert found(root) == ([], ["已跳过子文件夹 results/旧/：只读取 results/ 下直接存放的文件。"])


def test_xls_other_suffixes_and_pairs_are_refused(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    touch(root / "results" / "2024.xls")
    touch(root / "results" / "2025.XLSX")  # the same period as 2025.csv, whatever the case of its suffix
    touch(root / "standings" / "说明.txt")
    touch(root / "grades" / "2025")
    touch(root / "tasks.csv")
    touch(root / "tasks.xlsx")
    touch(root / "indicators.xls")
    problems, _ = found(root)
    # In reading order: the single files, then each folder by name ("2025.XLSX" < "2025.csv": X < c).
    assert problems == [
        f"indicators.xls: {XLS}",
        f"tasks.csv: “tasks.csv”与“tasks.xlsx”{PAIR}",
        f"results/2024.xls: {XLS}",
        f"results/2025.XLSX: “results/2025.XLSX”与“results/2025.csv”{PAIR}",
        "standings/说明.txt: 不支持的文件类型“.txt”：此文件夹只接受 .csv 和 .xlsx 文件。",
        "grades/2025: 不支持的文件类型“2025”：此文件夹只接受 .csv 和 .xlsx 文件。",
    ]
    files = read_content_files(root)
    assert files.results == () and files.tasks is None
    assert files.indicators is not None and files.indicators.relative == "indicators.csv"


def test_missing_required_files(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    for name in ("site.toml", "units.csv", "indicators.csv"):
        (root / name).unlink()
    assert found(root)[0] == ["site.toml: 找不到 site.toml", "units.csv: 缺少文件 units.csv",
                              "indicators.csv: 缺少文件 indicators.csv"]


def test_a_missing_content_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_project(tmp_path / "nope")
    assert caught.value.lines(ZH) == [f"{tmp_path / 'nope'}: 找不到内容文件夹。"]


def test_a_symlink_inside_the_project_is_followed(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    (root / "results" / "2025-Q1.csv").symlink_to(root / "results" / "2025.csv")
    files = read_content_files(root)
    assert files.problems == ()
    assert [f.relative for f in files.results] == ["results/2025-Q1.csv", "results/2025.csv"]
    assert files.results[0].data == files.results[1].data


def test_a_symlink_to_a_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    target = outside_file(tmp_path)
    (root / "results" / "2025-Q1.csv").symlink_to(target)
    (root / "units.csv").unlink()
    (root / "units.csv").symlink_to(Path("..") / "outside" / "elsewhere.csv")  # relative links too
    problems, _ = found(root)
    assert problems == [
        f"units.csv: 这是指向内容文件夹以外的链接（{target}），已拒绝读取：请把文件本身复制进来",
        f"results/2025-Q1.csv: 这是指向内容文件夹以外的链接（{target}），已拒绝读取：请把文件本身复制进来",
    ]
    assert read_content_files(root).results[0].relative == "results/2025.csv"


def test_a_symlinked_folder_outside_the_project_is_refused(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    elsewhere = tmp_path / "outside" / "notices"
    touch(elsewhere / "a.md", b"---\ntitle: x\n---\n")
    (root / "notices").symlink_to(elsewhere)
    problems, _ = found(root)
    assert problems == [f"notices/: 这是指向内容文件夹以外的链接（{elsewhere}），已拒绝读取：请把文件本身复制进来"]
    assert read_content_files(root).notices == ()


def test_a_dangling_symlink(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    (root / "results" / "2025-Q1.csv").symlink_to(root / "gone.csv")
    assert found(root)[0] == [f"results/2025-Q1.csv: 这是一个失效的链接（指向的文件 {root / 'gone.csv'} 不存在）"]


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    # Opening a FIFO for reading blocks until a writer comes: reading it would hang the build for ever.
    root = make_content(tmp_path / "content")
    os.mkfifo(root / "results" / "2025-Q1.csv")
    os.mkfifo(root / "tasks.csv")
    assert found(root)[0] == [
        "tasks.csv: 不是普通文件（可能是管道、设备或文件夹），已拒绝读取",
        "results/2025-Q1.csv: 不是普通文件（可能是管道、设备或文件夹），已拒绝读取",
    ]


def test_oversized_files_are_refused_unread(tmp_path: Path) -> None:
    # Sparse files: 64 MB and one byte for a table (the limit is 64 MB), 5 MB for a notice (limit 256 KB).
    root = make_content(tmp_path / "content")
    with (root / "results" / "2025-Q1.csv").open("wb") as handle:
        handle.truncate(64 * 2**20 + 1)
    touch(root / "notices" / "big.md", b"")
    with (root / "notices" / "big.md").open("wb") as handle:
        handle.truncate(5 * 2**20)
    assert found(root)[0] == [
        "results/2025-Q1.csv: 文件太大（64.0 MB，上限 64 MB）",
        "notices/big.md: 文件太大（5.0 MB，上限 0.25 MB）",
    ]


def test_an_unreadable_file(tmp_path: Path) -> None:
    expected = ["units.csv: 无法读取文件：Permission denied。如果文件正在 Excel 或 WPS 中打开，请先关闭后重试。"]
    if os.geteuid() != 0:
        root = make_content(tmp_path / "content")
        (root / "units.csv").chmod(0)
        assert found(root)[0] == expected
        return
    # Permissions do not stop root: the folder is read by a forked child that became `nobody`, from a folder
    # of its own that `nobody` may enter (pytest's tmp folders are private to root).
    base = Path(tempfile.mkdtemp(prefix="gongshi-unreadable-"))
    try:
        base.chmod(0o755)
        root = make_content(base / "content")
        (root / "units.csv").chmod(0)
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child process
            try:
                os.close(reading)
                os.setgid(65534)
                os.setuid(65534)
                os.write(writing, pickle.dumps(read_content_files(root).problems))
            finally:
                os._exit(0)
        os.close(writing)
        with os.fdopen(reading, "rb") as pipe:
            answer = pipe.read()
        os.waitpid(pid, 0)
    finally:
        shutil.rmtree(base)
    assert [p.text(ZH) for p in pickle.loads(answer)] == expected  # worded here, in the test process


def test_archive_templates_and_attachments_are_not_inputs(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    touch(root / "archive" / "2023" / "results" / "2023.xls")
    touch(root / "templates" / "results" / "x.txt")
    touch(root / "notices" / "附件.png")
    touch(root / "calendar" / "说明.txt")
    files = read_content_files(root)
    assert (files.problems, files.notes, files.notices, files.calendars) == ((), (), (), ())


def test_read_inside_applies_the_same_rules(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    touch(root / "templates" / "page.html", b"<p>x</p>")
    assert read_inside(root, root / "templates" / "page.html") == (b"<p>x</p>", [])
    (root / "templates" / "base.html").symlink_to(outside_file(tmp_path, "base.html"))
    data, problems = read_inside(root, root / "templates" / "base.html")
    assert data is None
    assert [p.text(ZH) for p in problems] == [
        f"templates/base.html: 这是指向内容文件夹以外的链接（{tmp_path / 'outside' / 'base.html'}），"
        "已拒绝读取：请把文件本身复制进来"
    ]


def test_a_skipped_lock_file_in_english(tmp_path: Path) -> None:
    root = make_content(tmp_path / "content")
    touch(root / "grades" / "~$2024.xlsx")
    files = read_content_files(root)
    assert [n.text(Translator("en")) for n in files.notes] == [
        "Skipped grades/~$2024.xlsx: it is a temporary lock file that Excel, WPS or LibreOffice creates while a file is open."
    ]
