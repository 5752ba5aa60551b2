"""Issue 10, "active content reaching pages": nothing active or external from content. Config values that
reach CSS are colour values only; the sanitiser keeps relative links and, in `<a href>` only, https, http
and mailto (never `//host`, `\\\\host` or any resource that loads by itself); text cells of the CSV and XLSX
downloads that a spreadsheet would run as formulas are neutralised. Then hypothesis feeds hostile text to
every field that reaches a page and parses every page built (bs4): no script, handler, external URL or
style from content."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import tomli_w
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.errors import ContentError
from tests.hostile.common import NOTICE, TODAY, Cli, failed, project
from tests.support import RESULTS_2025, SITE_TOML, UNITS, soup

DAY = datetime.date(2025, 12, 1)
COLOR = "不是颜色：请写成 #1a7f37 这样的十六进制颜色"


@pytest.mark.parametrize(("value", "shown"), [
    ("url(http://evil.example/x.png)", "url(http://evil.example/x.png)"),  # an external resource in a style
    ('#fff" onmouseover="alert(1)', '#fff" onmouseover="alert(1)'),  # an attribute break-out
    ('"><script>alert(1)</script>', '"><script>alert(1)</script>'),
    ("red;background:url(//evil.example)", "red;background:url(//evil.example)"),
    ("expression(alert(1))", "expression(alert(1))"),
    ("#fff\n", "#fff\\n"),  # "$" matched before a final newline: \Z now; the line break is shown as an escape
    ("#12345", "#12345"),
    ("green", "green"),  # named colours too: only #rgb and #rrggbb, which cannot carry anything else
])
def test_a_tier_colour_is_a_colour_value_only(cli: Cli, tmp_path: Path, value: str, shown: str) -> None:
    toml = SITE_TOML.replace('label = "绿", top = 1', 'label = "绿", top = 1, color = ' + json.dumps(value))
    result = cli("validate", project(tmp_path / "content", {"site.toml": toml}), "--today", TODAY)
    # Line 21 holds the green level of [tiers] levels (tests/support SITE_TOML).
    assert (result.code, result.errors) == (1, [f"site.toml:21:tiers.levels.0.color: “{shown}”{COLOR}", failed(1)])


def test_a_valid_colour_reaches_the_page_as_a_css_variable(tmp_path: Path) -> None:
    toml = SITE_TOML.replace('label = "绿", top = 1', 'label = "绿", top = 1, color = "#0A0"')
    build(project(tmp_path / "content", {"site.toml": toml}), tmp_path / "site", DAY, pdf=False)
    style = soup(tmp_path / "site" / "periods" / "2025" / "index.html").select_one("table.board")["style"]
    assert style.startswith("--t0:#0A0;")


LINKS = """\
[上一期](../b/index.html) [本节](#yi) [写信](mailto:kaohe@example.cn) [政府网](https://www.gov.cn/) [旧站](http://old.example.cn/)
[别的主机](//evil.example/x) [反斜杠](\\\\\\\\evil\\\\x) [根](/etc/passwd) [脚本](javascript:alert(1)) [大写](JaVaScRiPt:alert(1))
[实体](&#106;avascript:alert(1)) [数据](data:text/html,x) [文件](file:///etc/passwd) [vb](vbscript:x)

<a href="\\\\evil.example\\x">反斜杠二</a> <a href=" //evil.example">空格</a> <a href="&#x2F;&#x2F;evil.example">实体斜杠</a>
<a href="https://www.gov.cn/" onclick="steal()" style="color:red" target="_top">带属性</a>
<img src="http://evil.example/pixel.png"> ![图](https://evil.example/x.png) <iframe src="https://evil.example"></iframe>
<form action="https://evil.example"><input name=x></form> <base href="//evil.example/"> <link rel=stylesheet href=//evil.example>
<style>body{background:url(//evil.example)}</style> <svg onload=alert(1)><circle/></svg> <object data=x.swf></object>
<meta http-equiv="refresh" content="0;url=//evil.example"> <span style="background:url(//evil.example)">样式</span>
"""


def test_links_in_a_notice(tmp_path: Path) -> None:
    build(project(tmp_path / "content", {"notices/a.md": NOTICE + LINKS, "notices/b.md": NOTICE}), tmp_path / "site", DAY,
          pdf=False)
    body = soup(tmp_path / "site" / "notices" / "a" / "index.html").select_one("div.notice-body")
    links = {a.get_text(): a.get("href") for a in body.select("a")}
    # Relative and mail links are kept, and https/http in <a href> (a click, never a load); every way of
    # naming another host without a scheme, and every other scheme, loses its target (the text stays).
    assert links == {"上一期": "../b/index.html", "本节": "#yi", "写信": "mailto:kaohe@example.cn", "政府网": "https://www.gov.cn/",
                     "旧站": "http://old.example.cn/", "别的主机": None, "反斜杠": "%5C%5Cevil%5Cx", "根": None, "脚本": None,
                     "大写": None, "实体": None, "数据": None, "文件": None, "vb": None, "反斜杠二": None, "空格": None,
                     "实体斜杠": None, "带属性": "https://www.gov.cn/"}
    # "\\\\evil\\x" in Markdown is the text \\evil\x, percent-encoded as a path: a file of that name here.
    assert {a.get("rel") and " ".join(a["rel"]) for a in body.select("a")} == {"noopener noreferrer"}
    assert body.select_one("a[target]") is None and body.find(style=True) is None
    for tag in ("img", "iframe", "form", "input", "base", "link", "style", "svg", "object", "meta", "script"):
        assert body.find(tag) is None, tag
    assert not [t for t in body.find_all(True) if any(name.startswith("on") for name in t.attrs)]
    assert body.select_one("span").get_text() == "样式"


FORMULAS = ['=HYPERLINK("http://evil.example","点我")', "+SUM(1,2)", "-2+3", "@SUM(A1)"]


def test_formula_text_is_neutralised_in_the_downloads_and_numbers_stay_numbers(tmp_path: Path) -> None:
    # Unit names and task texts that Excel would run; a negative value stays a number (OWASP: text only).
    units = UNITS
    for old, new in zip(("甲局", "乙局", "丙局", "东镇"), FORMULAS, strict=True):
        units = units.replace(old, '"' + new.replace('"', '""') + '"')
    results = RESULTS_2025
    for name, unit_id in (("甲局", "a"), ("乙局", "b"), ("丙局", "c"), ("东镇", "x"), ("西镇", "y")):
        results = results.replace(name, unit_id)
    results = results.replace("a,90,800,1,,", "a,90,800,-1,,")
    tasks = ("id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"
             't1,"=1+1",@张三,-区级,a,2025-01-01,2025-06-01,进行中,50,+备注\n')
    content = project(tmp_path / "content", {"units.csv": units, "results/2025.csv": results, "tasks.csv": tasks})
    build(content, tmp_path / "site", DAY, pdf=False)
    data = tmp_path / "site" / "data"
    rows = list(csv.DictReader(io.StringIO((data / "2025.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(row["unit"] for row in rows) == sorted([f"'{f}" for f in FORMULAS] + ["西镇"])
    by_id = {row["unit_id"]: row for row in rows}
    assert by_id["a"]["aq_raw"] == "-1.0"  # a number: not prefixed
    task = next(csv.DictReader(io.StringIO((data / "tasks.csv").read_text(encoding="utf-8-sig"))))
    assert (task["title"], task["claimant"], task["level"], task["note"]) == ("'=1+1", "'@张三", "'-区级", "'+备注")
    book = openpyxl.load_workbook(data / "2025.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [c for c in cells if c.data_type == "f"]  # no formula cell at all
    assert "'" + FORMULAS[0] in texts and FORMULAS[0] not in texts
    assert -1 in [c.value for c in cells]


# -- every field that reaches a page, fed hostile text ------------------------------------------------

PIECES = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", "javascript:alert(1)",
          "//evil.example/x", "\\\\evil\\x", "https://evil.example/", "</script>", "<style>*{display:none}</style>",
          "url(http://evil/x)", "{{ 7*7 }}", "{% if 1 %}", "<!--", "]]>", "&#106;avascript:", '<a href="//evil">',
          "<iframe src=//evil>", "<svg onload=alert(1)>", '"', "'", "<", ">", "&", "通报", " ", 'style="color:red"',
          "[x](//evil)", "![x](http://evil/x.png)", "<base href=//evil/>", "<meta http-equiv=refresh content=0;url=//evil>",
          '=HYPERLINK("//evil")', "\u202e", "<form action=//evil>", "data:text/html,x", "*", "_", "`", "|", "\\",
          "<https://evil.example>", "&lt;script&gt;", "</textarea>", "</title>", "${x}", "%s", "\u2028"]
_SAFE_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff")
HOSTILE = st.lists(st.sampled_from(PIECES) | st.text(_SAFE_CHARS, max_size=4), min_size=1, max_size=6).map("".join) \
    .map(str.strip).filter(lambda t: 0 < len(t) <= 120)
ONE_LINE = HOSTILE.map(lambda t: t.replace("\u2028", " ")).filter(lambda t: "\n" not in t and "\r" not in t)

SCRIPT_SRC = re.compile(r"(?:\.\./)*(?:static|pagefind)/[\w.-]+\.js")
OWN_STYLE = re.compile(r"(?:--t\d+t?:#[0-9a-fA-F]{3,6};)*(?:--t\d+t?:#[0-9a-fA-F]{3,6};?)|width:\d+(?:\.\d+)?%")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background",
                  "cite", "longdesc", "manifest", "ping")
FORBIDDEN_TAGS = ("iframe", "object", "embed", "img", "base", "style", "frame", "frameset", "applet", "video", "audio",
                  "source", "track", "image", "foreignobject", "textarea", "meta[http-equiv]")


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def hostile_project(root: Path, texts: dict[str, str]) -> Path:
    """The small project with every free text field taken from `texts`."""
    config = {
        "site": {"title": texts["title"], "organization": texts["organization"], "contact": texts["contact"]},
        "scoring": {"normalize": "efficacy", "decimals": 2, "categories": [
            {"id": "party", "name": texts["category"], "weight": 0.5}, {"id": "work", "name": "业务工作", "weight": 0.5}]},
        "ranking": {"ties": "min", "within": "kind"},
        "tiers": {"basis": "rank", "levels": [{"id": "green", "label": texts["tier0"], "top": 1},
                                              {"id": "yellow", "label": texts["tier1"]},
                                              {"id": "red", "label": texts["tier2"], "bottom": 1,
                                               "meaning": texts["meaning"]}]},
        "flags": [{"id": "good", "label": texts["flag"], "rule": "any_in_last", "grades": ["优秀"], "years": 1}],
        "boards": {"zs": {"title": texts["board"]}},
    }
    names = [texts[f"unit{n}"] + suffix for n, suffix in enumerate("甲乙丙丁戊")]
    units = _csv([["id", "name", "kind", "short_name"],
                  *[[i, name, "部门", name[:2]] for i, name in zip("abcxy", names, strict=True)]])
    indicators = _csv([["id", "name", "category", "weight", "direction", "unit", "target", "floor", "responsible"],
                       ["dj", texts["indicator"] + "甲", "party", "1", "higher", texts["measure"], "100", "60", ""],
                       ["zs", "招商引资", "work", "2", "higher", "万元", "1000", "200", "a"],
                       ["aq", "安全事故", "work", "1", "lower", "起", "0", "4", ""]])
    results = _csv([["unit", "dj", "zs", "aq", "备注"],
                    *[[u, str(90 - n), str(800 - 100 * n), str(n % 3), texts["note"] if n == 0 else ""]
                      for n, u in enumerate("abcxy")]])
    tasks = _csv([["id", "title", "claimant", "level", "unit", "claimed_on", "due", "status", "progress", "note"],
                  ["t1", texts["task_title"], texts["claimant"], texts["level"], "a", "2025-01-01", "2025-06-01", "进行中", "50",
                   texts["task_note"]]])
    notice = "---\n" + f"title: {json.dumps(texts['notice_title'], ensure_ascii=False)}\n" \
             "date: 2025-11-01\nkind: 通报\nperiod: '2025'\n---\n" + texts["notice_body"] + "\n"
    return project(root, {"site.toml": tomli_w.dumps(config), "units.csv": units, "indicators.csv": indicators,
                          "results/2025.csv": results, "results/2025--zs.csv": results, "tasks.csv": tasks,
                          "grades/2025.csv": "unit,grade\na,优秀\nb,良好\nc,良好\nx,良好\ny,一般\n", "notices/a.md": notice})


FIELDS = ("title", "organization", "contact", "category", "tier0", "tier1", "tier2", "meaning", "flag", "board", "unit0",
          "unit1", "unit2", "unit3", "unit4", "indicator", "measure", "note", "task_title", "claimant", "level",
          "task_note", "notice_title")


def tag_counts(path: Path) -> Counter[str]:
    """How many elements of each kind a page has, outside a notice's body (the one place Markdown makes some)."""
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for body in page.select("div.notice-body"):
        body.decompose()
    return Counter(tag.name for tag in page.find_all(True))


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Counter[str]]:
    """The pages of the hostile project built with plain words in every field, and their elements."""
    base = tmp_path_factory.mktemp("plain")
    texts = {name: "文字" for name in FIELDS} | {"notice_body": "正文"}
    build(hostile_project(base / "content", texts), base / "site", DAY, pdf=False)
    return {p.relative_to(base / "site").as_posix(): tag_counts(p) for p in (base / "site").rglob("*.html")}


def check_page(path: Path, notice_body: bool) -> None:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for selector in FORBIDDEN_TAGS:
        assert not page.select(selector), (path, selector)
    for script in page.find_all("script"):
        if script.get("src") is not None:
            assert SCRIPT_SRC.fullmatch(script["src"]), (path, script)
        else:
            assert script.get("type") == "application/json", (path, script)
            json.loads(script.string or "")  # data, intact: nothing broke out of it
    for link in page.find_all("link"):
        assert not re.match(r"[a-z][a-z0-9+.-]*:|//|/|\\", link.get("href", ""), re.I), (path, link)
    article = page.select_one("div.notice-body") if notice_body else None
    for tag in page.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], (path, tag)
        if "style" in tag.attrs:
            assert OWN_STYLE.fullmatch(tag["style"]), (path, tag)
        for name in URL_ATTRIBUTES:
            value = tag.get(name)
            if value is None:
                continue
            value = " ".join(value) if isinstance(value, list) else value
            stripped = value.lstrip("".join(map(chr, range(0x21))))
            assert not stripped.startswith(("//", "\\", "/")), (path, tag)
            scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", stripped)
            if scheme is None:
                continue
            inside_notice = article is not None and tag.name == "a" and name == "href" and article in tag.parents
            assert inside_notice and scheme.group(1).lower() in ("http", "https", "mailto"), (path, tag)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({name: ONE_LINE for name in FIELDS} | {"notice_body": HOSTILE}))
def test_no_hostile_text_in_any_field_becomes_active_or_external(tmp_path_factory: pytest.TempPathFactory,
                                                                plain_site: dict[str, Counter[str]],
                                                                texts: dict[str, str]) -> None:
    base = tmp_path_factory.mktemp("hostile")
    content = hostile_project(base / "content", texts)
    site = base / "site"
    try:
        build(content, site, DAY, pdf=False)
    except ContentError as error:
        # Refused text (a number the privacy guard takes for a phone, say) is fine: nothing is written.
        assert error.problems and not site.exists()
        return
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    assert sorted(pages) == sorted(plain_site)
    for name, path in sorted(pages.items()):
        check_page(path, notice_body=name == "notices/a/index.html")
        # Text is text: every page has the elements the plain build has, no more (escaping never failed).
        assert tag_counts(path) == plain_site[name], name


def test_the_hostile_project_builds_with_plain_texts(plain_site: dict[str, Counter[str]]) -> None:
    # The project itself is valid: plain words in every field build the notice, the themed board, the tasks.
    assert {"notices/a/index.html", "periods/2025/index.html", "tasks/index.html", "units/a/index.html"} <= set(plain_site)
    assert plain_site["tasks/index.html"]["tr"] >= 2
