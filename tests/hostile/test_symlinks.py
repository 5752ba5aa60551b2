"""Issue 10, "symlinks followed": a results file, a notice, units.csv, a results folder, a template or a
template's static file that is a link out of the content folder is refused with a message naming the link
(never read, never published); a dangling link or a loop is said, not silently ignored; a link that stays
inside the folder is followed. Real symlinks, through `gongshi build`."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.common import NOTICE, TODAY, Cli, failed, project
from tests.support import RESULTS_2025

SECRET = "机密：不得公开的内容"


def outside(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "elsewhere" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused(link: str, target: Path) -> str:
    return f"{link}: 这是指向内容文件夹以外的链接（{target}），已拒绝读取：请把文件本身复制进来"


def build(cli: Cli, content: Path, site: Path) -> tuple[int, list[str]]:
    result = cli("build", content, "-o", site, "--no-pdf", "--today", TODAY)
    return result.code, result.errors


def test_links_to_files_outside_are_refused_and_nothing_is_published(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    secret_results = outside(tmp_path, "2025-Q1.csv", RESULTS_2025.replace("获评先进", SECRET))
    secret_notice = outside(tmp_path, "secret.md", NOTICE + SECRET + "\n")
    secret_units = outside(tmp_path, "units.csv", (content / "units.csv").read_text(encoding="utf-8"))
    (content / "results" / "2025-Q1.csv").symlink_to(secret_results)
    (content / "notices").mkdir()
    (content / "notices" / "a.md").symlink_to(secret_notice)
    (content / "units.csv").unlink()
    (content / "units.csv").symlink_to(Path("..") / "elsewhere" / "units.csv")  # a relative link too
    site = tmp_path / "site"
    assert build(cli, content, site) == (1, [refused("notices/a.md", secret_notice),
                                             refused("results/2025-Q1.csv", secret_results),
                                             refused("units.csv", secret_units), failed(3)])
    assert not site.exists()


def test_a_linked_folder_outside_is_refused(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    elsewhere = tmp_path / "elsewhere" / "results"
    elsewhere.mkdir(parents=True)
    (elsewhere / "2025.csv").write_text(RESULTS_2025, encoding="utf-8")
    for name in ("2025.csv",):
        (content / "results" / name).unlink()
    (content / "results").rmdir()
    (content / "results").symlink_to(elsewhere)
    (tmp_path / "elsewhere" / "grades").mkdir()
    (content / "grades").symlink_to(tmp_path / "elsewhere" / "grades")
    assert build(cli, content, tmp_path / "site") == (1, [refused("grades/", tmp_path / "elsewhere" / "grades"),
                                                          refused("results/", elsewhere), failed(2)])


def test_a_template_static_file_linked_outside_is_refused(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    static = content / "templates" / "static"
    static.mkdir(parents=True)
    secret = outside(tmp_path, "site.css", f"/* {SECRET} */")
    (static / "site.css").symlink_to(secret)
    site = tmp_path / "site"
    assert build(cli, content, site) == (1, [refused("templates/static/site.css", secret), failed(1)])
    assert not site.exists()


def test_a_template_linked_outside_is_refused(cli: Cli, tmp_path: Path) -> None:
    # A template override that is a link to any file of the machine would publish that file in every page.
    content = project(tmp_path / "content")
    (content / "templates").mkdir()
    secret = outside(tmp_path, "base.html", f"<html><body>{SECRET}</body></html>")
    (content / "templates" / "base.html").symlink_to(secret)
    site = tmp_path / "site"
    code, lines = build(cli, content, site)
    published = [p for p in site.rglob("*.html") if SECRET in p.read_text(encoding="utf-8")] if site.exists() else []
    assert published == []
    assert (code, lines) == (1, [refused("templates/base.html", secret), failed(1)])


def test_dangling_links_and_loops_are_said(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    (content / "results" / "2025-Q1.csv").symlink_to(content / "results" / "gone.csv")
    (content / "results" / "2025-Q2.csv").symlink_to("2025-Q3.csv")
    (content / "results" / "2025-Q3.csv").symlink_to("2025-Q2.csv")  # a loop: never resolves
    assert build(cli, content, tmp_path / "site") == (1, [
        f"results/2025-Q1.csv: 这是一个失效的链接（指向的文件 {content / 'results' / 'gone.csv'} 不存在）",
        "results/2025-Q2.csv: 这是一个失效的链接（指向的文件 2025-Q3.csv 不存在）",
        "results/2025-Q3.csv: 这是一个失效的链接（指向的文件 2025-Q2.csv 不存在）",
        failed(3)])


def test_links_inside_the_folder_are_followed(cli: Cli, tmp_path: Path) -> None:
    # The same file as two periods and a folder linked from inside: read as if copied.
    content = project(tmp_path / "content")
    (content / "results" / "2025-Q4.csv").symlink_to("2025.csv")
    (content / "shared").mkdir()
    (content / "shared" / "a.md").write_text(NOTICE, encoding="utf-8")
    (content / "notices").symlink_to("shared")
    site = tmp_path / "site"
    code, _ = build(cli, content, site)
    assert code == 0
    assert (site / "periods" / "2025-Q4" / "index.html").is_file()
    assert (site / "notices" / "a" / "index.html").is_file()


def test_a_content_folder_given_as_a_link_is_read(cli: Cli, tmp_path: Path) -> None:
    content = project(tmp_path / "real")
    (tmp_path / "content").symlink_to(content)
    site = tmp_path / "site"
    code, _ = build(cli, tmp_path / "content", site)
    assert code == 0 and (site / "index.html").is_file()
