"""Issue 10, "personal data published": every published text (site.toml's texts and keys, table cells, notices'
titles, front matter, body and file names, task fields, errata) is checked after NFKC normalisation, for
mobile and ID numbers however written — spaces, dashes of every kind, dots, brackets, +86, full-width or
circled digits, Chinese numerals, one digit at a time — and `[privacy] never_publish` columns are refused.
Masked numbers and ordinary numbers pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.privacy import findings
from tests.hostile.common import NOTICE, TODAY, Cli, gongshi, project
from tests.support import RESULTS_2025, SITE_TOML, UNITS

MOBILE = "：公开信息中不得出现完整手机号，请遮蔽（如 138****1234）"
ID = "：公开信息中不得出现完整身份证号，请遮蔽（如 1501**********1234）"
TASKS = "id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"


def problems(cli: Cli, tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    result = cli("validate", project(tmp_path / "content", files), "--today", TODAY)
    assert result.code == (1 if result.errors else 0)
    return result.errors[:-1] if result.errors else []


def toml_with(old: str, new: str) -> str:
    assert old in SITE_TOML
    return SITE_TOML.replace(old, new)


# (files, the lines): each a field of site.toml or a kind of file, each with another way of writing.
CASES = {
    "site title, +86 glued": ({"site.toml": toml_with('"测试区考核结果公示"', '"测试区考核结果公示 +8613812345678"')},
                              [f"site.toml:2:site.title: 疑似手机号“+8613812345678”{MOBILE}"]),
    # Full-width digits are shown as NFKC makes them.
    "organization, full-width": ({"site.toml": toml_with('"中共测试区委组织部"', '"中共测试区委组织部１３８１２３４５６７８"')},
                                 [f"site.toml:3:site.organization: 疑似手机号“13812345678”{MOBILE}"]),
    "contact, dots": ({"site.toml": toml_with('"区委组织部干部监督科"', '"干部监督科 138.1234.5678"')},
                      [f"site.toml:4:site.contact: 疑似手机号“138.1234.5678”{MOBILE}"]),
    "tier label, brackets and spaces": ({"site.toml": toml_with('label = "红"', 'label = "红（联系 (138) 1234 5678）"')},
                                        [f"site.toml:23:tiers.levels.2.label: 疑似手机号“(138) 1234 5678”{MOBILE}"]),
    "tier meaning, em dashes": ({"site.toml": toml_with('{ id = "yellow", label = "黄" }',
                                                       '{ id = "yellow", label = "黄", meaning = "咨询138—1234—5678" }')},
                                [f"site.toml:22:tiers.levels.1.meaning: 疑似手机号“138—1234—5678”{MOBILE}"]),
    "flag label, ID in 6-8-4": ({"site.toml": SITE_TOML + '\n[[flags]]\nid = "p"\nlabel = "优先 110101 19900307 123X"\n'
                                                          'rule = "consecutive"\ngrades = ["优秀"]\nyears = 3\n'},
                                [f"site.toml:28:flags.0.label: 疑似身份证号“110101 19900307 123X”{ID}"]),
    "board title, 3-3-5": ({"site.toml": SITE_TOML + '\n[boards.zs]\ntitle = "招商专项 138 123 45678"\n'},
                           [f"site.toml:27:boards.zs.title: 疑似手机号“138 123 45678”{MOBILE}"]),
    # A key is published too (a board's id is its address): [boards.13812345678].
    "board id": ({"site.toml": SITE_TOML + '\n[boards.13812345678]\ntitle = "专项"\n'},
                 [f"site.toml:26:boards.13812345678: 疑似手机号“13812345678”{MOBILE}"]),
    "notice title, digit by digit": ({"notices/a.md": NOTICE.replace("关于考核情况的通报", "通报 1 3 8 1 2 3 4 5 6 7 8")},
                                     [f"notices/a.md:2:title: 疑似手机号“1 3 8 1 2 3 4 5 6 7 8”{MOBILE}"]),
    # YAML reads an unquoted 13812345678 as a number: published all the same.
    "notice front matter, a number": ({"notices/a.md": NOTICE.replace("kind: 通报", "kind: 通报\nslug: 13812345678")},
                                      [f"notices/a.md:5:slug: 疑似手机号“13812345678”{MOBILE}"]),
    # Line 6 of the file is the body's first line: a landline then a mobile in one run of digits.
    "notice body, landline beside a mobile": ({"notices/a.md": NOTICE.replace("各单位：", "电话 0471-1234567 13812345678")},
                                              [f"notices/a.md:6: 疑似手机号“13812345678”{MOBILE}"]),
    "notice body, circled digits": ({"notices/a.md": NOTICE.replace("各单位：", "手机①③⑧①②③④⑤⑥⑦⑧")},
                                    [f"notices/a.md:6: 疑似手机号“13812345678”{MOBILE}"]),
    "notice file name": ({"notices/13812345678.md": NOTICE}, [f"notices/13812345678.md:1:slug: 疑似手机号“13812345678”{MOBILE}"]),
    "unit cell, Chinese numerals": ({"units.csv": UNITS.replace("id,name,kind,order", "id,name,kind,order,leader")
                                     .replace("甲局,部门,1", "甲局,部门,1,张某 一三八一二三四五六七八")},
                                    [f"units.csv:2:leader: 疑似手机号“一三八一二三四五六七八”{MOBILE}"]),
    "results note, (+86)": ({"results/2025.csv": RESULTS_2025.replace("获评先进", "联系(+86)138-1234-5678")},
                            [f"results/2025.csv:3:备注: 疑似手机号“(+86)138-1234-5678”{MOBILE}"]),
    "task fields": ({"tasks.csv": TASKS + "t1,招商任务,张某 13812345678,区级,a,2025-01-01,2025-06-01,进行中,50,"
                                          "身份证11010119900307123x\n"},
                    [f"tasks.csv:2:claimant: 疑似手机号“13812345678”{MOBILE}",
                     f"tasks.csv:2:note: 疑似身份证号“11010119900307123x”{ID}"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_personal_numbers_are_refused_wherever_published(cli: Cli, tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    assert problems(cli, tmp_path, files) == expected


@pytest.mark.parametrize("text", [
    "联系 138****1234", "身份证 1501**********1234", "电话 0471-1234567", "电话（0471）12345678，邮编 010010",
    "得分 13.5 16.7 15.2 18.9 14.3", "编号 2023001 2023002", "2025年11月30日 13:45 第138期", "金额 12345678901234567890 元",
    "第1、3、8、1、2、3、4、5、6、7、8名",
])
def test_masked_and_ordinary_numbers_pass(cli: Cli, tmp_path: Path, text: str) -> None:
    files: dict[str, str | bytes] = {"notices/a.md": NOTICE.replace("各单位：", text),
                                     "results/2025.csv": RESULTS_2025.replace("获评先进", text.replace(",", "，"))}
    assert problems(cli, tmp_path, files) == []


def with_column(text: str, header: str) -> str:
    """A CSV with one more, empty, column headed `header`."""
    lines = text.splitlines()
    return "\n".join([lines[0] + "," + header, *(line + "," for line in lines[1:])]) + "\n"


def test_never_publish_columns_are_refused_in_every_table(cli: Cli, tmp_path: Path) -> None:
    # Headers match after NFKC, without white space and ignoring case: "联系 电话" is 联系电话, "ＰＨＯＮＥ"
    # (full-width) is Phone. Each table holding one is refused at that column; the others are not.
    toml = SITE_TOML + '\n[privacy]\nnever_publish = ["联系电话", "身份证号", "Phone"]\n'
    files: dict[str, str | bytes] = {"site.toml": toml, "results/2025.csv": with_column(RESULTS_2025, "联系 电话"),
                                     "grades/2025.csv": "unit,身份证号,grade\n甲局,x,优秀\n",
                                     "tasks.csv": with_column(TASKS, "ＰＨＯＮＥ")}
    rule = "列按 site.toml 的 privacy.never_publish 不得公开：请删除这一列"
    assert problems(cli, tmp_path, files) == [
        f"grades/2025.csv:1:身份证号: “身份证号”{rule}",
        f"results/2025.csv:1:联系 电话: “联系 电话”{rule}",
        # The results file cannot use the column either (SPEC 2: any other column is an error).
        "results/2025.csv:1:联系 电话: 无法识别的列“联系 电话”：既不是指标，也不是单位、加分、扣分、备注列",
        f"tasks.csv:1:PHONE: “PHONE”{rule}",
    ]


def test_never_publish_in_english_and_its_own_checks(cli: Cli, tmp_path: Path) -> None:
    toml = SITE_TOML.replace('contact = "区委组织部干部监督科"', 'contact = "x"\nlang = "en"')
    toml += '\n[privacy]\nnever_publish = ["联系电话"]\n'
    assert problems(cli, tmp_path, {"site.toml": toml, "units.csv": with_column(UNITS, "联系电话")}) == [
        "units.csv:1:联系电话: the “联系电话” column must not be published (privacy.never_publish in site.toml): "
        "delete the column"]
    bad = SITE_TOML + '\n[privacy]\nnever_publish = "联系电话"\nalways = true\n'
    assert problems(cli, tmp_path / "bad", {"site.toml": bad}) == [
        'site.toml:27:privacy.never_publish: 应为列表（如 ["a", "b"]）',
        "site.toml:28:privacy.always: 未知的设置项（请检查拼写）",
    ]


SEPARATORS = st.sampled_from(["", " ", "  ", "-", "－", "—", "–", ".", "·", "/", " - "])


@settings(max_examples=150, deadline=None)
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       st.sampled_from([(3, 4, 4), (3, 8), (7, 4), (3, 3, 5), (11,), (4, 4, 3)]),
       SEPARATORS, st.sampled_from(["", "+86 ", "86-", "0086 ", "(+86)"]), st.sampled_from(["", "联系", "电话："]),
       st.sampled_from(["", "。", "，请联系", " 0471-1234567"]), st.booleans())
def test_a_mobile_is_found_however_grouped_and_its_mask_never(mobile: str, grouping: tuple[int, ...], separator: str,
                                                               prefix: str, before: str, after: str, wide: bool) -> None:
    # A mobile in groups of three to eight digits, with any separator, a country code, full-width digits or
    # not, and text or a landline around it: found, and only it. Its mask (138****5678) never is.
    parts, at = [], 0
    for size in grouping:
        parts.append(mobile[at:at + size])
        at += size
    written = prefix + separator.join(parts)
    if wide:
        written = written.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert [code for code, _ in findings(before + written + after)] == ["privacy.mobile"]
    assert list(findings(before + prefix + mobile[:3] + "****" + mobile[7:] + after)) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 99), min_size=3, max_size=12), st.sampled_from([" ", ".", "、", "，", " / "]))
def test_lists_of_small_numbers_are_no_phone(numbers: list[int], separator: str) -> None:
    # Scores, ranks, counts written one after another (1–99 each, so every group has one or two digits,
    # and the whole list, unless it is exactly 11 or 18 digits long, is not a number either).
    text = separator.join(str(n) for n in numbers)
    digits = "".join(str(n) for n in numbers)
    if len(digits) in (11, 18) and separator in (" ", ".", " / "):
        return  # written digit group by digit group, such a list is a number: said below
    assert list(findings("得分：" + text)) == []


def test_eleven_digits_written_in_pairs_are_a_number() -> None:
    # "13 81 23 45 67 8": all one run of digits, eleven of them: a mobile however it is spaced.
    assert list(findings("电话 13 81 23 45 67 8。")) == [("privacy.mobile", "13 81 23 45 67 8")]


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with 2024 frozen by the real program, once; tests record errata on copies."""
    root = project(tmp_path_factory.mktemp("frozen") / "content", {"results/2024.csv": RESULTS_2025})
    result = gongshi("archive", "freeze", "2024", root, "--today", "2025-01-20", cwd=root.parent, timeout=300)
    assert result.code == 0, result.err
    return root


@pytest.mark.parametrize(("option", "value", "line"), [
    ("--reason", "经核实，联系人 +86 138-1234-5678", f"疑似手机号“+86 138-1234-5678”{MOBILE}"),
    ("--what", "张某（１３８１２３４５６７８）的得分", f"疑似手机号“13812345678”{MOBILE}"),
    ("--old", "110101.19900307.1234", f"疑似身份证号“110101.19900307.1234”{ID}"),
    ("--new", "一三八 一二三四 五六七八", f"疑似手机号“一三八 一二三四 五六七八”{MOBILE}"),
])
def test_errata_are_checked_for_personal_numbers(cli: Cli, frozen: Path, tmp_path: Path, option: str, value: str,
                                                 line: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(frozen, content)
    options = {"--what": "乙局2024年度综合得分", "--old": "1", "--new": "2", "--reason": "录入错误", option: value}
    result = cli("archive", "errata", "2024", content, *[a for pair in options.items() for a in pair], "--today", "2025-03-01")
    assert (result.code, result.errors) == (2, [line])
    assert not (content / "archive" / "2024" / "errata.json").exists()
