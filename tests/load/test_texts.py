"""site.toml, calendar files and notices as text (generator/load/texts.py): TOML syntax errors with their
line, the lines of keys for later messages, and notices' YAML front matter (dates kept as written, no
aliases)."""

from __future__ import annotations

import hashlib

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.i18n import Translator
from generator.load import texts
from generator.load.files import SourceFile
from generator.load.texts import RawNotice, TomlText, parse_notice, parse_toml

ZH = Translator("zh-CN")
INVALID_VALUE = "这里的值写得不对（文字要加英文双引号，日期写成 2025-01-01，数字和 true/false 不加引号）"


def source(relative: str, text: str | bytes) -> SourceFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SourceFile(relative, data, hashlib.sha256(data).hexdigest())


def toml(text: str | bytes, relative: str = "site.toml") -> TomlText:
    return parse_toml(source(relative, text))


def toml_errors(text: str | bytes, relative: str = "site.toml") -> list[str]:
    with pytest.raises(ContentError) as caught:
        toml(text, relative)
    return [problem.text(ZH) for problem in caught.value.problems]


def notice(text: str | bytes, relative: str = "notices/a.md") -> RawNotice:
    return parse_notice(source(relative, text))


def notice_errors(text: str | bytes, relative: str = "notices/a.md") -> list[str]:
    with pytest.raises(ContentError) as caught:
        notice(text, relative)
    return [problem.text(ZH) for problem in caught.value.problems]


# ------------------------------------------------------------------------------------------ TOML


def test_a_syntax_error_names_its_line() -> None:
    # Line 3 starts a key with no value: tomllib's "(at line 3, column 11)" becomes the location.
    # tomllib's "Invalid value" is said in words.
    assert toml_errors('[site]\ntitle = "x"\ndecimals =\n') == [f"site.toml:3: TOML 语法错误：{INVALID_VALUE}"]


def test_a_table_declared_twice() -> None:
    assert toml_errors('[site]\ntitle = "x"\n\n[site]\n') == ["site.toml:4: TOML 语法错误：[site] 写了两次"]


def test_chinese_quotes_get_a_hint() -> None:
    # “…” typed by a Chinese IME instead of "…": the commonest TOML mistake of a clerk.
    assert toml_errors('[site]\ntitle = “测试区”\n') == [
        f'site.toml:2: TOML 语法错误：{INVALID_VALUE}。常见原因是用了中文引号（“”或‘’），请改用英文引号（"）'
    ]


def test_an_error_at_the_end_of_the_file_names_the_last_line() -> None:
    # An array never closed: tomllib reports "at end of document", which is the file's last line.
    assert toml_errors("holidays = [\n  2026-01-01,\n", "calendar/2026.toml") == [
        f"calendar/2026.toml:2: TOML 语法错误：{INVALID_VALUE}"
    ]


def test_an_undecodable_toml_file_asks_for_utf8() -> None:
    assert toml_errors(b'title = "\x80\x80"\n') == ["site.toml: 无法识别文件的编码：请保存为 UTF-8（记事本“另存为”时选择 UTF-8）"]


def test_gbk_and_bom_toml_files_are_read() -> None:
    assert toml('title = "测试"\n'.encode("gbk")).data == {"title": "测试"}
    assert toml(b"\xef\xbb\xbf" + 'title = "测试"\n'.encode()).data == {"title": "测试"}


SITE = """\
[site]
title = "x"   # a comment

[scoring]
decimals = 2
categories = [
  { id = "party", name = "党的建设", weight = 0.5 },
  # the second:
  { id = "work", name = "业务工作", weight = 0.5 },
]

[[flags]]
id = "a"
years = 3

[[flags]]
id = "b"
years = 2

[years.2024.scoring]
decimals = 1
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("site", "title"), 2),
        (("site",), 1),
        (("scoring", "decimals"), 5),
        (("scoring", "categories"), 6),
        (("scoring", "categories", 0, "weight"), 7),
        (("scoring", "categories", 1), 9),  # the element, after a comment line
        (("scoring", "categories", 1, "weight"), 9),
        (("scoring", "categories", 5, "weight"), 6),  # no such element: the array
        (("flags", 0, "years"), 14),
        (("flags", 1, "years"), 18),
        (("flags", 1), 16),
        (("years", "2024", "scoring", "decimals"), 21),
        (("years", "2024"), 20),  # a table written only as part of a deeper header
        (("pdf", "paper"), 0),  # not written anywhere
    ],
)
def test_the_line_of_a_key(path: tuple[str | int, ...], line: int) -> None:
    assert toml(SITE).line(path) == line


# ------------------------------------------------------------------------------------------ notices


def test_front_matter_and_body_with_their_lines() -> None:
    raw = notice("---\ntitle: 关于2025年度考核结果的通报\ndate: 2025-11-01\nkind: 通报\n---\n正文第一行\n第二行\n")
    # YAML would turn 2025-11-01 into a date; it stays the text written, checked with its line later.
    assert raw.front == {"title": "关于2025年度考核结果的通报", "date": "2025-11-01", "kind": "通报"}
    assert raw.front_lines == {"title": 2, "date": 3, "kind": 4}
    assert raw.body == "正文第一行\n第二行\n"
    assert raw.body_line == 6


def test_bom_crlf_and_quoted_keys() -> None:
    raw = notice('\ufeff---\r\n"title": 通报\r\n\'date\': 2025-11-01 10:00\r\n---\r\n正文\r\n')
    assert raw.front == {"title": "通报", "date": "2025-11-01 10:00"}
    assert raw.front_lines == {"title": 2, "date": 3}
    assert (raw.body, raw.body_line) == ("正文\r\n", 5)


def test_front_matter_values_other_than_text_are_kept_for_the_model_to_judge() -> None:
    raw = notice("---\ntitle: 1\ntags:\n  - a\n---\n")
    assert raw.front == {"title": 1, "tags": ["a"]}


@pytest.mark.parametrize("text", ["正文，没有头信息\n", "---\ntitle: x\n", "title: x\n---\n正文\n", "---\n---\n正文\n"])
def test_missing_front_matter(text: str) -> None:
    assert notice_errors(text) == [
        "notices/a.md:1: 缺少 YAML 头信息：文件应以 --- 开头，列出 title、date、kind 等，再以 --- 结束"
    ]


def test_a_yaml_error_names_the_line_of_the_file() -> None:
    # Front matter starts on line 2 of the file; the bad mapping is its second line: file line 3.
    assert notice_errors("---\ntitle: a\ndate: : :\n---\n正文\n") == [
        "notices/a.md:3: YAML 头信息有误：mapping values are not allowed here"
    ]


def test_anchors_and_aliases_are_refused_before_anything_is_built() -> None:
    # The "billion laughs" alias bomb never expands: the first anchor (line 2) is refused.
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n---\n"
    assert notice_errors(bomb) == ["notices/a.md:2: YAML 头信息中不能使用锚点和别名（& 与 *）"]
    assert notice_errors("---\ntitle: x\nref: *a\n---\n") == ["notices/a.md:3: YAML 头信息中不能使用锚点和别名（& 与 *）"]


def test_front_matter_that_is_not_a_mapping() -> None:
    assert notice_errors("---\n- 标题\n- 日期\n---\n") == ["notices/a.md:2: YAML 头信息应为“键: 值”的列表"]


def test_front_matter_beyond_64_kb() -> None:
    text = "---\ntitle: x\nnote: " + "长" * 70_000 + "\n---\n正文\n"
    assert notice_errors(text) == ["notices/a.md:2: YAML 头信息有误：> 64 KB"]


def test_front_matter_nested_too_deep_for_the_parser() -> None:
    assert notice_errors("---\ntitle: x\nx: " + "[" * 2000 + "]" * 2000 + "\n---\n") == [
        "notices/a.md:2: YAML 头信息有误：nesting"
    ]


def test_an_undecodable_notice_asks_for_utf8() -> None:
    assert notice_errors(b"---\ntitle: x\n---\n\x80\x80\n") == [
        "notices/a.md: 无法识别文件的编码：请保存为 UTF-8（记事本“另存为”时选择 UTF-8）"
    ]


def test_english_words_for_toml_and_text_files() -> None:
    en = Translator("en")
    with pytest.raises(ContentError) as caught:
        toml('[site]\ntitle = “测试区”\n')
    assert caught.value.lines(en) == [
        "site.toml:2: TOML syntax error: the value is not written right (text in straight double quotes, dates as "
        "2025-01-01, numbers and true/false without quotes). A common cause is Chinese quotation marks (“” or ‘’): "
        'use straight quotes (") instead'
    ]
    with pytest.raises(ContentError) as caught:
        notice(b"---\n\x80\n---\n")
    assert caught.value.lines(en) == [
        "notices/a.md: cannot tell the text encoding of the file: save it as UTF-8 (in Notepad, choose UTF-8 under “Save as”)"
    ]


# Every complaint tomllib makes, in the site's language: the input that draws it, and the line it names.
TOML_COMPLAINTS = [
    ("a = 1\na = 2\n", "2", "同一项设置写了两次"),
    ("a = {b = 1}\na.c = 2\n", "2", "a 已在前面整体写成一个值（如 a = {…}），不能再往里加项"),
    ("[a.b]\nc = 1\n[a]\nb.d = 2\n", "4", "a.b 前面已写成另一种形式，不能再这样写"),
    ("a = {b = 1, b = 2}\n", "1", "花括号 {…} 里“b”写了两次"),
    ("a 1\n", "1", "设置名后面缺少等号（=）"),
    ("[a\n", "1", "表头缺少结尾的 ]"),
    ("[[a]\n", "1", "表头缺少结尾的 ]]"),
    ("a = 1 b\n", "1", "一行只能写一项设置：值的后面不能再有别的内容（注释以 # 开头）"),
    ("a = '''x\n", "1", "这里应当是 '''"),  # a multi-line literal string never closed
    ("a = 'x\x01'\n", "1", "这里不该出现 \\x01"),  # a control character, shown as its escape
    ('a = "x\x01"\n', "1", "字符串里有不允许的字符 \\x01"),
    ("a = 2025-02-30\n", "1", "日期或时间写得不对（应为 2025-01-01 或 2025-01-01 08:00:00）"),
    ("a.= 1\n", "1", "设置名的开头不对（设置名只用英文字母、数字、- 和 _，其他文字要加英文双引号）"),
    (".\n", "1", "这一行既不是“设置名 = 值”，也不是 [表头]"),
    ("a = [1 2]\n", "1", "方括号 [ 没有配对的 ]"),
    ("a = {b = 1\n", "1", "花括号没有闭合：少了结尾的右花括号"),
    ('a = "c:\\x"\n', "1", "字符串里的反斜杠 \\ 要写成 \\\\，或把字符串改用单引号"),
    ('a = "x', "1", "字符串缺少结尾的引号"),  # at the end of the document: its last line
    ('a = "\\uZZZZ"\n', "1", "字符串里的 \\u 或 \\U 转义写得不对"),
]


@pytest.mark.parametrize(("text", "line", "words"), TOML_COMPLAINTS)
def test_every_toml_complaint_is_said_in_words(text: str, line: str, words: str) -> None:
    assert toml_errors(text) == [f"site.toml:{line}: TOML 语法错误：{words}"]


# libyaml reads front matter in every build (texts._fast_front); the Python loader stays the reference: what
# libyaml reads must be what the Python loader reads, value for value, and anything else is left to it.
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=12),
                     st.dates().map(lambda d: d.isoformat()), st.floats(allow_nan=False, allow_infinity=False))
_FRONTS = st.dictionaries(st.text(min_size=1, max_size=8), st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3)),
                          max_size=6)


@settings(max_examples=150, deadline=None)
@given(_FRONTS)
def test_libyaml_reads_front_matter_as_the_python_loader_does(front: dict[str, object]) -> None:
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    fast = texts._fast_front(text)
    assert fast is not texts._UNREAD
    assert fast == texts._front(text, texts._NoDatesLoader, "")


def test_the_demo_notices_are_read_by_libyaml_as_by_the_python_loader() -> None:
    from generator.resources import demo_content_dir

    for path in sorted((demo_content_dir() / "notices").glob("*.md")):
        front_text = path.read_text(encoding="utf-8").split("---\n")[1]
        fast = texts._fast_front(front_text)
        assert fast is not texts._UNREAD, path.name
        assert fast == texts._front(front_text, texts._NoDatesLoader, ""), path.name
        assert "date" in fast and isinstance(fast["date"], str)  # dates stay text on both paths


@pytest.mark.parametrize("front_text", ["title: x\nref: *a", "a: b: c", "x: " + "[" * 40 + "]" * 40, "- 标题\n- 日期"])
def test_what_libyaml_refuses_or_nests_deep_is_left_to_the_python_loader(front_text: str) -> None:
    fast = texts._fast_front(front_text)
    if front_text.startswith("- "):
        assert fast == ["标题", "日期"]  # not a map: parse_notice says so, whichever loader read it
    else:
        assert fast is texts._UNREAD
