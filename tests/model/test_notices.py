"""notices/*.md checked (generator/model/notices.py): front matter keys, dates, slugs, body depth, privacy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.i18n import Translator
from generator.load.project import load_project
from generator.model.build import build_model
from generator.model.types import Content
from tests.support import make_content

ZH = Translator("zh-CN")
GOOD = "---\ntitle: 关于2025年度考核结果的通报\ndate: 2025-11-01\nkind: 通报\n---\n正文\n"


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    _, found = build_model(load_project(make_content(tmp_path, files)))
    return [p.text(ZH) for p in found]


def notice(tmp_path: Path, front: str, body: str = "正文\n", name: str = "notices/a.md") -> list[str]:
    return problems(tmp_path, {name: f"---\n{front}---\n{body}"})


def content(tmp_path: Path, files: dict[str, str | bytes]) -> Content:
    built, found = build_model(load_project(make_content(tmp_path, files)))
    assert found == [] and built is not None
    return built


def test_notices_are_typed_and_sorted_newest_first(tmp_path: Path) -> None:
    older = ("---\ntitle: >-\n  关于开展\n  专项整治的预警\ndate: 2025/10/8\nkind: 预警\nperiod: 2025-Q3\n"
             "publish_from: 2025-10-08\npublish_to: 2025年10月14日\n---\n# 预警\n")
    built = content(tmp_path, {"notices/2025-tongbao.md": GOOD, "notices/预警一.md": older.replace("kind", "slug: yujing\nkind")})
    first, second = built.notices
    assert (first.slug, first.title, first.date, first.kind, first.period) == (
        "2025-tongbao", "关于2025年度考核结果的通报", date(2025, 11, 1), "通报", None)
    assert (second.slug, second.title, second.date, second.period) == (
        "yujing", "关于开展 专项整治的预警", date(2025, 10, 8), "2025-Q3")
    assert (second.publish_from, second.publish_to) == (date(2025, 10, 8), date(2025, 10, 14))
    assert second.body_markdown == "# 预警\n" and second.source == "notices/预警一.md"


def test_required_keys(tmp_path: Path) -> None:
    assert notice(tmp_path, "title: 通报\n") == ["notices/a.md:1:date: 缺少“date”", "notices/a.md:1:kind: 缺少“kind”"]


def test_a_key_that_must_be_text(tmp_path: Path) -> None:
    assert notice(tmp_path, "title:\n  x: 1\ndate: 2025-11-01\nkind: 通报\n") == ["notices/a.md:2:title: “title”应为一段文字"]


def test_a_file_name_that_is_no_slug_needs_a_slug(tmp_path: Path) -> None:
    assert problems(tmp_path, {"notices/关于通报.md": GOOD}) == [
        "notices/关于通报.md:1:slug: 文件名不是合法的 slug，请在头信息中写 slug（小写字母、数字和连字符）"
    ]
    assert problems(tmp_path, {"notices/关于通报.md": GOOD.replace("kind:", "slug: Bad Slug\nkind:")}) == [
        "notices/关于通报.md:4:slug: “Bad Slug”不是合法的 id：只能用小写字母、数字和连字符（-），且以字母或数字开头"
    ]


def test_kind(tmp_path: Path) -> None:
    assert notice(tmp_path, "title: 通报\ndate: 2025-11-01\nkind: 表扬\n") == [
        "notices/a.md:4:kind: kind “表扬”应为 通报、预警、公示 或 其他"
    ]


def test_dates(tmp_path: Path) -> None:
    front = "title: t\ndate: 2025-11-31\nkind: 通报\npublish_from: 1800-01-01\npublish_to: 下周\n"
    assert notice(tmp_path, front) == [
        "notices/a.md:3:date: “2025-11-31”不是日期（应为 YYYY-MM-DD）",
        "notices/a.md:5:publish_from: 日期 1800-01-01 超出可接受的范围（1900-01-01 至 2999-12-31）",
        "notices/a.md:6:publish_to: “下周”不是日期（应为 YYYY-MM-DD）",
    ]


def test_a_window_that_ends_before_it_starts(tmp_path: Path) -> None:
    front = "title: t\ndate: 2025-11-01\nkind: 公示\npublish_from: 2025-11-05\npublish_to: 2025-11-01\n"
    assert notice(tmp_path, front) == ["notices/a.md:6:publish_to: 公示截止日期 2025-11-01 早于开始日期 2025-11-05"]


def test_a_period_that_is_no_period(tmp_path: Path) -> None:
    front = "title: t\ndate: 2025-11-01\nkind: 通报\nperiod: 2025-13\n"
    assert notice(tmp_path, front) == [
        "notices/a.md:5:period: 文件名“2025-13”不是期次：应为 2025（年度）、2025-H1（半年）、2025-Q2（季度）或 2025-03（月度），"
        "专项通报加 --<id>"
    ]


def test_an_overlong_title(tmp_path: Path) -> None:
    front = "title: " + "长" * 201 + "\ndate: 2025-11-01\nkind: 通报\n"
    assert notice(tmp_path, front) == ["notices/a.md:2:title: 内容过长（201 个字符，上限 200 个）"]


def test_a_body_nested_too_deep(tmp_path: Path) -> None:
    # Fourteen list levels, each indented two spaces more: depth = 1 marker + 2k/2 indent = 14 on the last.
    body = "\n".join("  " * level + "- 项" for level in range(14)) + "\n"
    assert notice(tmp_path, "title: t\ndate: 2025-11-01\nkind: 通报\n", body) == [
        "notices/a.md:6: 正文嵌套层次过深（14 层，上限 12 层）"
    ]
    twelve = "\n".join("  " * level + "- 项" for level in range(12))
    assert notice(tmp_path / "ok", "title: t\ndate: 2025-11-01\nkind: 通报\n", twelve) == []


def test_two_notices_with_one_slug(tmp_path: Path) -> None:
    files = {"notices/a.md": GOOD, "notices/b.md": GOOD.replace("kind:", "slug: a\nkind:")}
    assert problems(tmp_path, files) == ["notices/b.md:4:slug: slug “a”与 notices/a.md 重复"]


def test_personal_numbers_in_front_matter_and_body(tmp_path: Path) -> None:
    # The body starts on line 6; the ID number is on the body's second line (file line 7). A mobile number
    # YAML reads as an integer (unquoted) is refused as well.
    front = "title: 13812345678\ndate: 2025-11-01\nkind: 通报\n"
    assert notice(tmp_path, front, "正文\n举报人身份证 110101199003071234\n") == [
        "notices/a.md:2:title: 疑似手机号“13812345678”：公开信息中不得出现完整手机号，请遮蔽（如 138****1234）",
        "notices/a.md:7: 疑似身份证号“110101199003071234”：公开信息中不得出现完整身份证号，请遮蔽（如 1501**********1234）",
    ]


def test_the_notices_are_checked_once_for_as_long_as_none_changes(tmp_path: Path) -> None:
    """Through the stage cache as one entry (a real StageCache): a later build with the same notices reads
    their checked values and problems back; an edited notice checks them again."""
    from generator.cache import StageCache

    bad = "---\ntitle: 通报\ndate: 2025-11-01\nkind: 通报\n---\n举报人身份证 110101199003071234\n"
    root = make_content(tmp_path / "content", {"notices/a.md": GOOD, "notices/b.md": bad})
    expected = ["notices/b.md:6: 疑似身份证号“110101199003071234”：公开信息中不得出现完整身份证号，"
                "请遮蔽（如 1501**********1234）"]
    runs = []
    for _ in range(2):
        cache = StageCache(tmp_path / "cache", "code")
        _, found = build_model(load_project(root), cache.memo, cache.memo_many)
        runs.append(([p.text(ZH) for p in found], cache.hits, cache.misses))
    assert runs[0][0] == runs[1][0] == expected  # the problem is still reported when read back
    assert runs[1][2] == 0 and runs[1][1] == runs[0][2]  # nothing checked again, notices included
    (root / "notices/a.md").write_text(GOOD.replace("正文", "正文有改动"), encoding="utf-8")
    cache = StageCache(tmp_path / "cache", "code")
    build_model(load_project(root), cache.memo, cache.memo_many)
    assert cache.misses == 1  # the notices' entry, and only it
