"""generator/build.py: the whole flow. An incremental build gives the same bytes as a clean one, whatever
changed; a build with nothing changed does nothing; a failed build leaves the previous site whole."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from generator.archive.bag import add_erratum
from generator.archive.freeze import freeze_year
from generator.archive.snapshot import Erratum
from generator.build import build
from generator.errors import ContentError
from generator.i18n import Translator
from generator.resources import templates_dir
from generator.state import MANIFEST
from tests.support import RESULTS_2025, SITE_TOML, UNITS, copy_demo, make_content, tree_bytes

TODAY = date(2026, 1, 6)

GRADES = """
[grades]
scale = ["优秀", "良好", "一般", "较差"]
bands = [{ grade = "优秀", min = 90 }, { grade = "良好", min = 80 }, { grade = "一般", min = 60 }, { grade = "较差" }]
"""
RESULTS_2024 = "单位,党建工作,招商引资,安全事故\n甲局,85,700,1\n乙局,82,650,0\n丙局,75,500,1\n东镇,90,900,0\n西镇,80,600,2\n"
RESULTS_Q1 = "单位,党建工作,招商引资,安全事故\n甲局,88,300,0\n乙局,84,250,1\n丙局,72,200,0\n东镇,91,350,0\n西镇,83,150,1\n"
NOTICE = "---\ntitle: {title}\ndate: {date}\nkind: {kind}\nperiod: \"2025\"\n---\n\n{body}\n"
TASKS = ("id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"
         "t1,背街小巷路灯补亮,王某,科级,c,2025-03-01,2025-10-31,进行中,60,\n"
         "t2,老旧小区改造,李某,处级,x,2025-04-01,2026-06-30,进行中,30,\n")
STANDINGS = "indicator,rank,out_of,responsible,note\ndj,2,10,a,\nzs,9,10,b、c,\naq,5,10,x,\n"


def project(root: Path) -> Path:
    """tests/support.py's project with two years, a quarter, registered grades, notices, tasks and standings."""
    return make_content(root, {
        "site.toml": SITE_TOML + GRADES,
        "results/2024.csv": RESULTS_2024,
        "results/2025-Q1.csv": RESULTS_Q1,
        "grades/2024.csv": "unit,grade\n甲局,优秀\n乙局,良好\n丙局,一般\n东镇,优秀\n西镇,良好\n",
        "notices/2025-12-tongbao.md": NOTICE.format(title="关于2025年度考核情况的通报", date="2025-12-30", kind="通报",
                                                   body="## 总体情况\n\n各单位完成较好。"),
        "notices/2026-01-gongshi.md": NOTICE.format(title="2025年度优秀等次拟定名单公示", date="2026-01-05", kind="公示",
                                                   body="甲局、东镇拟定为优秀等次。").replace(
            "period:", "publish_from: 2026-01-05\npublish_to: 2026-01-09\nperiod:"),
        "tasks.csv": TASKS,
        "standings/2025.csv": STANDINGS,
    })


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def override(content: Path, template: str, old: str, new: str) -> None:
    """A project's own copy of a built-in template (content/templates/<name>), with one change."""
    path = content / "templates" / template
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        shutil.copy(templates_dir() / template, path)
    edit(path, old, new)


def drop_rows(content: Path, *names: str) -> None:
    """Remove every CSV line and XLSX row in which a cell is one of `names` (a unit's id or name)."""
    wanted = set(names)
    for path in content.rglob("*.csv"):
        raw = path.read_bytes()
        encoding = "utf-8"
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "gb18030"  # the demo keeps some files in GBK, as offices do
        if raw.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        lines = raw.decode(encoding).splitlines(keepends=True)
        kept = [line for line in lines if not wanted & {c.strip().strip('"') for c in line.rstrip("\r\n").split(",")}]
        if kept != lines:
            path.write_bytes("".join(kept).encode(encoding))
    for path in content.rglob("*.xlsx"):
        book = openpyxl.load_workbook(path)
        changed = False
        for sheet in book.worksheets:
            for number in range(sheet.max_row, 0, -1):
                if wanted & {str(c.value).strip() for c in sheet[number] if c.value is not None}:
                    sheet.delete_rows(number)
                    changed = True
        if changed:
            book.save(path)


def clean_build(content: Path, root: Path) -> Path:
    """The same content built from nothing: a new site folder and a new cache."""
    site = root / "site"
    build(content, site, TODAY, pdf=False, cache_dir=root / "cache")
    return site


def differences(a: Path, b: Path) -> list[str]:
    left, right = tree_bytes(a), tree_bytes(b)
    return sorted(p for p in left.keys() | right.keys() if left.get(p) != right.get(p))


def freeze_2024(content: Path) -> None:
    freeze_year(content, 2024, TODAY, Translator("zh-CN"), make_pdfs=None)


def erratum_2024(content: Path) -> None:
    add_erratum(content / "archive" / "2024", Erratum(date(2026, 1, 5), "丙局2024年度综合得分", "78.10", "79.10",
                                                      "数据录入错误", "c", "2024"))


# Each change is made to the project, the site is built again into the same folder with the same cache, and
# the result must be byte for byte the site a clean build makes of the changed project.
CHANGES: list[tuple[str, Callable[[Path], None], tuple[str, ...]]] = [
    ("a template override", lambda c: override(c, "unit.html", "<h2>{{ _(\"最新结果\") }}</h2>", "<h2>最新</h2>"), ()),
    ("the base template", lambda c: override(c, "base.html", "<footer class=\"footer wrap\">",
                                               "<footer class=\"footer wrap\" data-edited>"), ()),
    ("a template the pages do not use", lambda c: override(c, "notice.html", "notice-sign", "notice-sign edited"), ()),
    ("a static asset", lambda c: (c / "templates" / "static").mkdir(parents=True, exist_ok=True)
     or (c / "templates" / "static" / "site.css").write_text("body { color: #000 }\n", encoding="utf-8"), ()),
    ("a scoring rule", lambda c: edit(c / "site.toml", 'weight = 0.5 },\n  { id = "work"',
                                      'weight = 0.4 },\n  { id = "work"'), ()),
    ("a tier rule", lambda c: edit(c / "site.toml", 'label = "绿", top = 1 }', 'label = "绿", top = 2 }'), ()),
    ("a results value", lambda c: edit(c / "results" / "2025.csv", "丙局,70,400,2", "丙局,99,400,2"), ()),
    ("a registered grade", lambda c: edit(c / "grades" / "2024.csv", "丙局,一般", "丙局,良好"), ()),
    ("a notice's text", lambda c: edit(c / "notices" / "2025-12-tongbao.md", "各单位完成较好。", "个别单位滞后。"), ()),
    ("a notice's title", lambda c: edit(c / "notices" / "2025-12-tongbao.md", "关于2025年度考核情况的通报", "新标题"), ()),
    ("a task", lambda c: edit(c / "tasks.csv", "进行中,60", "已完成,100"), ()),
    ("a unit's name", lambda c: [edit(c / "units.csv", "b,乙局,", "b,乙局（新）,")]
     and [edit(c / p, "乙局,", "乙局（新）,") for p in ("results/2025.csv", "results/2024.csv", "results/2025-Q1.csv",
                                                     "grades/2024.csv")] and None, ()),
    ("a deleted notice", lambda c: (c / "notices" / "2025-12-tongbao.md").unlink(), ("notices/2025-12-tongbao/index.html",)),
    ("a deleted period", lambda c: (c / "results" / "2025-Q1.csv").unlink(),
     ("periods/2025-Q1/index.html", "data/2025-Q1.json", "data/2025-Q1.csv")),
    ("a deleted unit", lambda c: drop_rows(c, "y", "西镇"), ("units/y/index.html",)),
    ("a removed override", lambda c: shutil.rmtree(c / "templates"), ()),
    ("a frozen year", freeze_2024, ()),
    ("an erratum of a frozen year", erratum_2024, ()),
    ("a later change to the rules", lambda c: edit(c / "site.toml", 'ties = "min"', 'ties = "dense"'), ()),
]


def test_every_incremental_build_equals_a_clean_build(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    site, cache = tmp_path / "site", tmp_path / "cache"
    first = build(content, site, TODAY, pdf=False, cache_dir=cache)
    assert first.written and first.pages > 20
    failures = []
    for number, (name, change, gone) in enumerate(CHANGES):
        before = set(tree_bytes(site))
        change(content)
        result = build(content, site, TODAY, pdf=False, cache_dir=cache)
        clean = clean_build(content, tmp_path / f"clean-{number}")
        diff = differences(site, clean)
        if not result.written or diff:
            failures.append(f"{name}: written={result.written}, differs in {diff[:6]}")
        for path in gone:
            # What is no longer published is gone from the site (and from its manifest).
            if (site / path).exists() or path in (site / MANIFEST).read_text(encoding="utf-8"):
                failures.append(f"{name}: {path} is still there")
            assert path in before, (name, path)
        shutil.rmtree(tmp_path / f"clean-{number}")
    assert failures == []


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("demo-build")
    content = copy_demo(root / "content")
    site, cache = root / "site", root / "cache"
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    return content, site, cache


def test_deleting_a_demo_unit_and_its_rows(demo_copy: tuple[Path, Path, Path], tmp_path: Path) -> None:
    # 区档案馆 (dag): rows in CSV files (by id or name, UTF-8 and GBK) and XLSX sheets; no task or standing names it.
    content, site, cache = demo_copy
    assert (site / "units" / "dag" / "index.html").is_file()
    drop_rows(content, "dag", "区档案馆")
    result = build(content, site, TODAY, pdf=False, cache_dir=cache)
    assert result.written
    assert not (site / "units" / "dag").exists()
    assert "区档案馆" not in (site / "index.html").read_text(encoding="utf-8")
    assert differences(site, clean_build(content, tmp_path)) == []


def test_a_build_with_nothing_changed_does_nothing(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    site, cache = tmp_path / "site", tmp_path / "cache"
    first = build(content, site, TODAY, pdf=False, cache_dir=cache)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    again = build(content, site, TODAY, pdf=False, cache_dir=cache)
    assert (again.written, again.made, again.pages, again.files) == (False, 0, first.pages, first.files)
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before
    # Another reference date is another build.
    assert build(content, site, date(2026, 1, 12), pdf=False, cache_dir=cache).written


def test_a_touched_file_without_changes_rebuilds_to_the_same_site(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    before = tree_bytes(site)
    (content / "results" / "2025.csv").write_text(RESULTS_2025, encoding="utf-8")  # same bytes, new time
    result = build(content, site, TODAY, pdf=False, cache_dir=cache)
    assert result.written and result.made == 0  # checked again, found the same: every file linked, none made
    assert tree_bytes(site) == before


def test_a_hand_edited_or_deleted_site_file_is_restored(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    before = tree_bytes(site)
    (site / "units" / "a" / "index.html").write_text("<p>改过的页面</p>", encoding="utf-8")
    (site / "data" / "2025.csv").unlink()
    result = build(content, site, TODAY, pdf=False, cache_dir=cache)
    assert result.written and result.made == 2  # the two files, and only them
    assert tree_bytes(site) == before


def search_inodes(site: Path, bundle: str = "pagefind") -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in (site / bundle).rglob("*") if p.is_file()}


def test_a_notice_edited_re_indexes_the_notices_bundle_only(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    primary, notices, tasks = (search_inodes(site, b) for b in ("pagefind", "pagefind-notices", "pagefind-tasks"))
    assert primary and notices and tasks
    edit(content / "notices" / "2025-12-tongbao.md", "各单位完成较好。", "个别单位滞后。")
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    # The units' and the tasks' bundles are the last site's files, linked; the notices' is made again.
    assert search_inodes(site, "pagefind") == primary and search_inodes(site, "pagefind-tasks") == tasks
    remade = search_inodes(site, "pagefind-notices")
    assert remade != notices
    texts = [gzip.decompress(p.read_bytes()).decode() for p in (site / "pagefind-notices" / "fragment").iterdir()]
    assert any("滞\u200b后" in text for text in texts)  # the new words are in the index (spaced for it)
    assert differences(site, clean_build(content, tmp_path / "clean")) == []


def test_the_search_index_is_made_again_only_when_searchable_text_changed(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    first = search_inodes(site)
    assert any(p.startswith("pagefind/fragment/") for p in first)
    # A number changes: no search record does, so the bundle is linked from the last site, file for file.
    edit(content / "results" / "2025.csv", "丙局,70,400,2", "丙局,71,400,2")
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    assert search_inodes(site) == first
    # A unit's name changes: it is searched for, so the index is made again.
    edit(content / "units.csv", "c,丙局,", "c,丙局（更名）,")
    for name in ("results/2025.csv", "results/2024.csv", "results/2025-Q1.csv", "grades/2024.csv"):
        edit(content / name, "丙局,", "丙局（更名）,")
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    renamed = search_inodes(site)
    assert set(renamed) != set(first) or all(renamed[p] != first[p] for p in renamed)
    # A bundle file damaged by hand is not reused: the index is made again and the site equals a clean one.
    fragment = next(site / p for p in renamed if p.startswith("pagefind/fragment/"))
    fragment.write_bytes(b"damaged")
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    assert differences(site, clean_build(content, tmp_path / "clean")) == []


def test_a_failed_build_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(content, site, TODAY, pdf=False, cache_dir=cache)
    before = tree_bytes(site)
    (content / "units.csv").write_text(UNITS.replace("b,乙局,部门,2", "b,乙局,部门,二"), encoding="utf-8")
    with pytest.raises(ContentError):
        build(content, site, TODAY, pdf=False, cache_dir=cache)
    override(content, "unit.html", "{{ ctx.unit.name }}", "{{ ctx.unit.no_such_field.x }}")
    (content / "units.csv").write_text(UNITS, encoding="utf-8")
    with pytest.raises(Exception, match="no_such_field"):  # a template that cannot render
        build(content, site, TODAY, pdf=False, cache_dir=cache)
    assert tree_bytes(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".site-", ".gongshi-search-"))]


def test_builds_are_deterministic(tmp_path: Path) -> None:
    content = project(tmp_path / "content")
    one = clean_build(content, tmp_path / "one")
    two = clean_build(content, tmp_path / "two")
    assert differences(one, two) == []
