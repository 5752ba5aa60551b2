"""generator.review.diff (SPEC 7.2): what a build of the content would change on a published site, read from
the site alone (data/*.json, data/notices.json, manifest.json). Sites are real builds written into tmp_path;
the expected changes are worked out by hand from the small test project (tests/support) and its efficacy rules:
党建 target 100 floor 60, 招商 1000/200 (weight 2), 安全事故 lower-is-better 0/4 (weight 1); 党的建设 and 业务工作
weigh 0.5 each; tiers by rank within kind: 1 = 绿, last = 红, else 黄."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.build import build, check
from generator.errors import GongshiError, UsageError
from generator.i18n import Translator
from generator.review.diff import Diff, diff_csv, diff_data, diff_site
from generator.review.states import content_boards
from generator.review.views import diff_lines
from tests.support import DEMO, RESULTS_2025, make_content

ZH = Translator("zh-CN")
TODAY = date(2025, 11, 30)

# The published scores of RESULTS_2025 (the same in any period), by hand:
#   甲局 dj 90 → 90; zs 800 → 60 + 40 × 600/800 = 90; aq 1 → 60 + 40 × 3/4 = 90       → 0.5 × 90 + 0.5 × 90 = 90.00
#   乙局 dj 80 → 80; zs 600 → 80; aq 0 → 100; 业务 (2 × 80 + 100)/3 = 86.667; + 加分 1  → 40 + 43.333 + 1 = 84.33
#   丙局 dj 70 → 70; zs 400 → 70; aq 2 → 80; 业务 (140 + 80)/3 = 73.333                 → 35 + 36.667 = 71.67
#   东镇 95 / 100 / 100 → 97.50, 西镇 85 / 75 / 70 → 42.5 + 36.667 = 79.17
# 部门: 甲 1 绿, 乙 2 黄, 丙 3 红; 乡镇: 东 1 绿, 西 2 红 (last of two).
NOTICE_A = "---\ntitle: 2025年3月考核结果公示\ndate: 2025-04-02\nkind: 公示\nperiod: \"2025-03\"\n---\n\n公示内容。\n"
NOTICE_B = "---\ntitle: 关于3月考核情况的通报\ndate: 2025-04-03\nkind: 通报\n---\n\n通报内容。\n"


def project(root: Path, march: str = RESULTS_2025, **files: str) -> Path:
    return make_content(root, {"results/2025-03.csv": march, "notices/2025-03-gongshi.md": NOTICE_A,
                               "notices/2025-03-tongbao.md": NOTICE_B, **files})


def publish(content: Path, site: Path, today: date = TODAY) -> Path:
    build(content, site, today, pdf=False, cache_dir=site.parent / f".cache-{site.name}")
    return site


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("published")
    return publish(project(root / "content"), root / "site")


def diff_of(content: Path, site: Path, today: date = TODAY, built: Path | None = None) -> Diff:
    return diff_site(content, site, today, built)[0]


# -- boards ---------------------------------------------------------------------------------------------
def test_one_value_changed_lists_exactly_the_rows_it_moves(tmp_path: Path, published: Path) -> None:
    # 丙局's 党建 70 → 100 in the March file: 丙 = 0.5 × 100 + 0.5 × 73.333 = 86.67, above 乙's 84.33 and below 甲's
    # 90: 丙 3 → 2 (红 → 黄), 乙 2 → 3 (黄 → 红, its score unchanged); 甲 and the towns do not move, and the year's
    # board (results/2025.csv, untouched) is not listed. New rows come in the new board's order (丙 before 乙).
    content = project(tmp_path, RESULTS_2025.replace("丙局,70,", "丙局,100,"))
    result = diff_of(content, published)
    assert [b for b in diff_data(result)["boards"]] == [{
        "period": "2025-03", "board": "main", "kind": "units", "title": "2025年3月综合考核晾晒表", "status": "changed",
        "changes": [
            {"key": "c", "name": "丙局", "fields": {"score": [71.67, 86.67], "rank": [3, 2], "tier": ["red", "yellow"]}},
            {"key": "b", "name": "乙局", "fields": {"rank": [2, 3], "tier": ["yellow", "red"]}},
        ],
        "added": [], "removed": []}]
    assert result.changed and not result.notices.any
    assert diff_csv(result, ZH).decode("utf-8") == "\ufeff" + "\r\n".join([
        "period,board,change,key,name,field,old,new",
        "2025-03,main,row,c,丙局,score,71.67,86.67",
        "2025-03,main,row,c,丙局,rank,3,2",
        "2025-03,main,row,c,丙局,tier,红,黄",
        "2025-03,main,row,b,乙局,rank,2,3",
        "2025-03,main,row,b,乙局,tier,黄,红",
    ]) + "\r\n"


def test_the_same_content_changes_nothing(published: Path) -> None:
    result = diff_of(published.parent / "content", published)
    assert (result.boards, result.notices.any, result.changed) == ((), False, False)
    assert diff_lines(result, ZH) == ["晾晒表：没有变化。", "通报公告：没有变化（页面上印的发布日期不算变化）。",
                                      "没有已归档的年度。", "与已发布的网站相比，没有任何数据变化。"]


def test_units_and_boards_added_and_removed(tmp_path: Path, published: Path) -> None:
    # 南镇 joins units.csv and the March file (乡镇: 南 99 / 1000 / 0 → 0.5 × 99 + 0.5 × 100 = 99.50, first: 东 1 → 2
    # and 绿 → 黄, 西 2 → 3 and still 红, the last), and 乙局 leaves it (部门: 甲 1 绿, 丙 3 → 2, still 红: the last
    # of two). A new April file publishes a whole new board; the year's board goes with results/2025.csv.
    units = "id,name,kind,order\na,甲局,部门,1\nb,乙局,部门,2\nc,丙局,部门,3\nx,东镇,乡镇,4\ny,西镇,乡镇,5\nz,南镇,乡镇,6\n"
    march = "\n".join(line for line in RESULTS_2025.splitlines() if not line.startswith("乙局")) + "\n南镇,99,1000,0,,\n"
    content = project(tmp_path, march, **{"units.csv": units, "results/2025-04.csv": RESULTS_2025})
    (content / "results/2025.csv").unlink()
    result = diff_of(content, published)
    summary = [(b.period, b.status, [c.key for c in b.changes], [r.key for r in b.added], [r.key for r in b.removed])
               for b in result.boards]
    assert summary == [
        ("2025-03", "changed", ["c", "x", "y"], ["z"], ["b"]),
        ("2025-04", "added", [], ["a", "b", "c", "x", "y"], []),
        ("2025", "removed", [], [], ["a", "b", "c", "x", "y"]),
    ]
    east = result.boards[0].changes[1]
    assert (east.fields, east.old.rank, east.new.rank, east.old.tier_label, east.new.tier_label) == \
        (("rank", "tier"), 1, 2, "绿", "黄")
    assert diff_lines(result, ZH)[0] == ("晾晒表：3 张有变化，其中 3 行的得分、名次、档次、等次或结果运用变化，"
                                         "新发布 1 张，不再发布 1 张。")


# -- notices ----------------------------------------------------------------------------------------------
def test_notices_added_changed_and_withdrawn(tmp_path: Path, published: Path) -> None:
    # A's title changes, B is taken out, C is new; A's body and the others' dates are as before.
    c = "---\ntitle: 关于4月考核情况的通报\ndate: 2025-05-06\nkind: 通报\n---\n\n新的通报。\n"
    content = project(tmp_path, **{"notices/2025-03-gongshi.md": NOTICE_A.replace("考核结果公示", "考核结果公示（更正）"),
                                   "notices/2025-04-tongbao.md": c})
    (content / "notices/2025-03-tongbao.md").unlink()
    notices = diff_of(content, published).notices
    assert [n.slug for n in notices.added] == ["2025-04-tongbao"]
    assert [(old.title, new.title, fields) for old, new, fields in notices.changed] == [
        ("2025年3月考核结果公示", "2025年3月考核结果公示（更正）", ("title",))]
    assert [n.slug for n in notices.withdrawn] == ["2025-03-tongbao"]


def test_a_later_reference_date_alone_is_not_a_change(tmp_path: Path, published: Path) -> None:
    # A month later every page prints another publication date and the 公示 is over, but no notice says anything
    # else: nothing changes. A notice's own date is what it says, though: that is a change.
    assert not diff_of(published.parent / "content", published, date(2025, 12, 31)).changed
    content = project(tmp_path, **{"notices/2025-03-tongbao.md": NOTICE_B.replace("2025-04-03", "2025-04-04")})
    notices = diff_of(content, published).notices
    assert [(new.slug, fields) for _, new, fields in notices.changed] == [("2025-03-tongbao", ("date",))]


def test_a_site_built_before_notices_json_is_compared_by_pages(tmp_path: Path, published: Path) -> None:
    site = tmp_path / "old"
    shutil.copytree(published, site)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]["data/notices.json"]
    (site / "data/notices.json").unlink()
    (site / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    content = project(tmp_path / "content")
    (content / "notices/2025-03-tongbao.md").unlink()
    result = diff_of(content, site)
    assert (result.notices.known, [n.slug for n in result.notices.withdrawn], result.notices.changed) == \
        (False, ["2025-03-tongbao"], ())
    assert ("已发布的网站没有 data/notices.json（由较早的版本生成）：通报公告只能按页面比较新增和撤下，"
            "无法比较内容。") in diff_lines(result, ZH)


# -- the sites themselves -----------------------------------------------------------------------------------
def test_first_publication(tmp_path: Path, published: Path) -> None:
    result = diff_of(published.parent / "content", tmp_path / "nothing-yet")
    assert result.first and result.changed
    assert [(b.period, b.status, len(b.added)) for b in result.boards] == [("2025-03", "added", 5), ("2025", "added", 5)]
    assert [n.slug for n in result.notices.added] == ["2025-03-tongbao", "2025-03-gongshi"]  # newest first
    assert diff_lines(result, ZH)[0] == f"{tmp_path / 'nothing-yet'} 还没有发布过网站：以下全部按新发布列出。"


def test_a_folder_that_is_not_a_site_is_refused(tmp_path: Path, published: Path) -> None:
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "index.html").write_text("hello", encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        diff_of(published.parent / "content", tmp_path / "www")
    assert (raised.value.exit_code, raised.value.lines(ZH)) == (2, [
        f"{tmp_path / 'www'} 不是 gongshi 生成的网站（没有可用的 manifest.json）：请用 --against 指定已发布的网站目录"])


def test_the_new_data_is_what_a_build_writes(published: Path) -> None:
    content, outcome = check(published.parent / "content", TODAY)
    _, files = content_boards(content, outcome, ZH)
    assert files == {path: (published / path).read_bytes() for path in files}


def test_files_to_publish_and_the_manifest(tmp_path: Path, published: Path) -> None:
    content = project(tmp_path / "content", RESULTS_2025.replace("丙局,70,", "丙局,100,"))
    built = publish(content, tmp_path / "built")
    files = diff_of(content, published, built=built).files
    assert files is not None
    old = json.loads((published / "manifest.json").read_text(encoding="utf-8"))["files"]
    new = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert files.manifest_sha256 == hashlib.sha256((built / "manifest.json").read_bytes()).hexdigest()
    assert {path: sha for path, sha, _ in files.files} == new
    assert set(files.of("changed")) == {p for p in new if p in old and old[p] != new[p]}
    assert "data/2025-03.json" in files.of("changed") and "data/2025.json" in files.of("same")
    assert files.of("added") == () and files.removed == ()


def test_a_stale_or_same_built_site_is_refused(tmp_path: Path, published: Path) -> None:
    # The published site was built before 丙局's change: it is not what this content publishes.
    content = project(tmp_path / "content", RESULTS_2025.replace("丙局,70,", "丙局,100,"))
    copy = tmp_path / "copy"
    shutil.copytree(published, copy)
    with pytest.raises(GongshiError) as raised:
        diff_of(content, published, built=copy)
    assert raised.value.lines(ZH) == [f"{copy} 不是按现在的内容和参考日期生成的（data/2025-03.json 与计算结果不同）："
                                      "请先运行 gongshi build，并使用相同的 --today"]
    with pytest.raises(UsageError) as same:
        diff_of(content, published, built=published)
    assert same.value.lines(ZH) == [f"--against 与 --built 是同一个目录（{published}）：--against 应是已发布的网站"
                                    "（如服务器上的副本），--built 是刚生成、准备发布的网站"]


# -- frozen years (the demo, with its archive) ----------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("demo")
    content = root / "content"
    shutil.copytree(DEMO, content)
    return content, publish(content, root / "site", date(2026, 1, 6))


def test_frozen_years_are_proven_unchanged(demo: tuple[Path, Path]) -> None:
    content, site = demo
    result = diff_of(content, site, date(2026, 1, 6))
    assert not result.changed
    assert [(f.year, f.compared, f.differing) for f in result.frozen] == [(2023, ("data/2023.json",), ()),
                                                                         (2024, ("data/2024.json",), ())]
    checksum = hashlib.sha256((content / "archive/2023/manifest-sha256.txt").read_bytes()).hexdigest()
    assert f"2023 年度已归档（校验值 {checksum[:16]}），没有变化：已发布网站上该年度的 1 个文件（数据和 PDF）与归档逐字节相同。" \
        in diff_lines(result, ZH)


def test_a_frozen_year_altered_on_the_server(tmp_path: Path, demo: tuple[Path, Path]) -> None:
    # Someone edits a score in data/2024.json on the server: the file no longer matches the site's manifest nor
    # the archive, and the row shows as changed back (the build publishes the archive's numbers).
    content, site = demo
    copy = tmp_path / "server"
    shutil.copytree(site, copy)
    data = json.loads((copy / "data/2024.json").read_text(encoding="utf-8"))
    row = data["boards"][0]["rows"][0]
    archived_score = row["score"]
    row["score"] = 99.99
    (copy / "data/2024.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = diff_of(content, copy, date(2026, 1, 6))
    assert result.changed and result.site.altered == ("data/2024.json",)
    assert [(f.year, f.differing) for f in result.frozen] == [(2023, ()), (2024, ("data/2024.json",))]
    assert [(b.period, [(c.key, c.old.score, c.new.score) for c in b.changes]) for b in result.boards] == \
        [("2024", [(row["unit_id"], 99.99, archived_score)])]
    lines = diff_lines(result, ZH)
    assert "注意：已发布网站上的 data/2024.json 与它的 manifest.json 不符，可能在服务器上被改动过，请核实。" in lines
    assert "2024 年度已归档，但已发布网站上的 data/2024.json 与归档不同：请核实服务器上的文件。" in lines


def test_a_data_file_that_does_not_read(tmp_path: Path, published: Path) -> None:
    site = tmp_path / "broken"
    shutil.copytree(published, site)
    (site / "data/2025.json").write_text("not json", encoding="utf-8")
    with pytest.raises(GongshiError) as raised:
        diff_of(published.parent / "content", site)
    assert raised.value.lines(ZH) == [f"无法读取 {site / 'data/2025.json'}：Expecting value: line 1 column 1 (char 0)"]
