"""generator/render/plan.py (through generator.render.site_outputs): every file of the site as an output with
a key; a key changes exactly when what its file shows changes, and nothing is rendered while planning."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator.build import check
from generator.errors import ContentError
from generator.i18n import Translator
from generator.memo import no_memo
from generator.outputs import Output
from generator.render import site_outputs, static_outputs
from generator.resources import templates_dir
from tests.support import INDICATORS, RESULTS_2025, UNITS, make_content

TODAY = date(2026, 1, 6)
ZH = Translator("zh-CN")
NOTICE = "---\ntitle: 关于2025年度考核的通报\ndate: 2025-12-30\nkind: 通报\nperiod: \"2025\"\n---\n\n正文。\n"
TASKS = ("id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"
         "t1,路灯补亮,王某,科级,a,2025-03-01,2025-12-31,进行中,60,\n")


def planned(root: Path, **files: str) -> dict[str, Output]:
    content = make_content(root, {"notices/2025-12-tongbao.md": NOTICE, "tasks.csv": TASKS, **files})
    project, outcome = check(content, TODAY)
    outputs = site_outputs(project, outcome, ZH, "code", pdf_links=False).outputs
    paths = [o.path for o in outputs]
    assert len(paths) == len(set(paths)), "one output per path"
    return {o.path: o for o in outputs}


def keys(root: Path, **files: str) -> dict[str, str]:
    return {path: output.key for path, output in planned(root, **files).items()}


def latest_rows(page: bytes) -> list[list[str]]:
    """An indicator page's latest values: (group heading or "", unit, raw, score, weight) per row."""
    html = BeautifulSoup(page.decode("utf-8"), "html.parser")
    panel = next(s for s in html.select("section.panel") if s.select_one("h2").get_text().startswith("各单位最新数值"))
    rows = []
    for table in panel.select("table"):
        heading = table.find_previous("h3")
        group = heading.get_text() if heading is not None and panel in heading.parents else ""
        rows += [[group, *(td.get_text() for td in tr.select("td"))] for tr in table.select("tbody tr")]
    return rows


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def test_the_site_layout(tmp_path: Path) -> None:
    paths = set(keys(tmp_path / "content"))
    pages = {"index.html", "periods/index.html", "periods/2025/index.html", "indicators/index.html",
             "indicators/dj/index.html", "indicators/zs/index.html", "indicators/aq/index.html", "years/index.html",
             "years/2025/index.html", "notices/index.html", "notices/2025-12-tongbao/index.html", "tasks/index.html",
             "method/index.html", "search/index.html"} | {f"units/{u}/index.html" for u in "abcxy"}
    assert paths == pages | {"data/2025.json", "data/2025.csv", "data/notices.json", "static/site.css", "static/site.js",
                             "static/search.js"} | {"data/2025.xlsx", "data/year-2025.xlsx", "data/year-2025.csv",
                                                    "data/tasks.xlsx", "data/tasks.csv"} | \
        {f"data/units/{u}.{e}" for u in "abcxy" for e in ("xlsx", "csv")}


def test_keys_are_stable_across_plans(tmp_path: Path) -> None:
    assert keys(tmp_path / "one") == keys(tmp_path / "two")


def test_planning_renders_nothing(tmp_path: Path) -> None:
    # The outputs are made later, and only the ones whose key changed: planning a site with a template that
    # cannot render must not fail — making that page must.
    content = make_content(tmp_path / "content", {"templates/tasks.html": "{{ no_such_name.x }}"})
    project, outcome = check(content, TODAY)
    outputs = {o.path: o for o in site_outputs(project, outcome, ZH, "code", pdf_links=False).outputs}
    assert outputs["index.html"].make().startswith(b"<!DOCTYPE html>")
    try:
        outputs["tasks/index.html"].make()
    except Exception as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("the broken template rendered")


def test_a_score_that_moves_nobody_changes_only_what_shows_it(tmp_path: Path) -> None:
    # 丙局 (c) 党建工作 70 → 69: its score 71.67 → 71.17, still last of 部门 and red. Pages that show 丙局's
    # numbers change; other units' pages, the notices, the method, the tasks and the search page do not.
    before = keys(tmp_path / "one")
    after = keys(tmp_path / "two", **{"results/2025.csv": RESULTS_2025.replace("丙局,70,", "丙局,69,")})
    moved = changed(before, after)
    shown = {"units/c/index.html", "periods/2025/index.html", "years/2025/index.html", "index.html",
             "indicators/dj/index.html", "data/2025.json", "data/2025.csv", "data/2025.xlsx", "data/year-2025.xlsx",
             "data/year-2025.csv", "data/units/c.xlsx", "data/units/c.csv"}
    assert shown <= moved
    assert not moved & {"units/a/index.html", "units/b/index.html", "units/x/index.html", "units/y/index.html",
                        "notices/index.html", "notices/2025-12-tongbao/index.html", "method/index.html",
                        "tasks/index.html", "search/index.html", "indicators/index.html", "years/index.html"}
    # Pages that show none of what changed but are keyed on whole boards, so are made again too: the list of
    # periods (board titles only) and the other indicators' pages (their own column only). Correct, but work
    # a one-cell change need not cost; listed here so that a narrower key shows up as a change of this test.
    assert moved - shown <= {
        "periods/index.html", "indicators/zs/index.html", "indicators/aq/index.html"}



def test_a_swap_of_ranks_leaves_the_other_indicators_pages_as_they_were(tmp_path: Path) -> None:
    # 甲局's 党建工作 90 → 70 (efficacy, target 100, floor 60: only its own cell moves): its score 90 → 80, below
    # 乙局's 84.33, so the two swap places on the board. An indicator's page lists its cells by its own score,
    # so 招商引资's and 安全事故's pages, whose cells are all as they were, are not made again; 党建工作's is.
    before = planned(tmp_path / "one")
    after = planned(tmp_path / "two", **{"results/2025.csv": RESULTS_2025.replace("甲局,90,", "甲局,70,")})
    moved = changed({p: o.key for p, o in before.items()}, {p: o.key for p, o in after.items()})
    assert {"indicators/dj/index.html", "periods/2025/index.html", "units/a/index.html", "units/b/index.html"} <= moved
    assert not moved & {"indicators/zs/index.html", "indicators/aq/index.html", "units/c/index.html"}
    for path in ("indicators/zs/index.html", "indicators/aq/index.html"):  # an unchanged key: unchanged bytes
        assert before[path].make() == after[path].make()
    # 党建工作 by its score (efficacy, floor 60 → 60 and target 100 → 100: the score is the value here), weighing
    # 50% (党的建设 0.5, its one indicator): 甲 90, 乙 80, 丙 70; then 甲's 70 ties with 丙's, and 甲 comes first
    # by units.csv's order. 东镇 95 and 西镇 85 in the other group.
    assert latest_rows(before["indicators/dj/index.html"].make()) == [
        ["部门（3）", "甲局", "90", "90.00", "50%"], ["部门（3）", "乙局", "80", "80.00", "50%"],
        ["部门（3）", "丙局", "70", "70.00", "50%"], ["乡镇（2）", "东镇", "95", "95.00", "50%"],
        ["乡镇（2）", "西镇", "85", "85.00", "50%"]]
    assert [row[1] for row in latest_rows(after["indicators/dj/index.html"].make())] == ["乙局", "甲局", "丙局", "东镇", "西镇"]


def test_an_indicators_page_follows_the_units_order_and_groups(tmp_path: Path) -> None:
    # 甲局 and 乙局 both 80 on 党建工作: a tie, listed in units.csv's `order` (甲 1, 乙 2); with the orders
    # swapped, 乙局 first, and the page's key changes although no number does. 丙局 moved to 乡镇: it is listed
    # there, and every indicator's page changes.
    tied = RESULTS_2025.replace("甲局,90,", "甲局,80,")
    before = planned(tmp_path / "one", **{"results/2025.csv": tied})
    swapped = UNITS.replace("a,甲局,部门,1", "a,甲局,部门,2").replace("b,乙局,部门,2", "b,乙局,部门,1")
    reordered = planned(tmp_path / "two", **{"results/2025.csv": tied, "units.csv": swapped})
    assert [row[1] for row in latest_rows(before["indicators/dj/index.html"].make())][:2] == ["甲局", "乙局"]
    assert [row[1] for row in latest_rows(reordered["indicators/dj/index.html"].make())][:2] == ["乙局", "甲局"]
    assert before["indicators/dj/index.html"].key != reordered["indicators/dj/index.html"].key
    moved_unit = planned(tmp_path / "three", **{"results/2025.csv": tied,
                                                "units.csv": UNITS.replace("c,丙局,部门", "c,丙局,乡镇")})
    for indicator in ("dj", "zs", "aq"):
        assert before[f"indicators/{indicator}/index.html"].key != moved_unit[f"indicators/{indicator}/index.html"].key
    groups = {row[1]: row[0] for row in latest_rows(moved_unit["indicators/dj/index.html"].make())}
    assert groups["丙局"] == "乡镇（3）" and groups["甲局"] == "部门（2）"


def test_an_edit_to_a_month_leaves_the_years_page_as_it_was(tmp_path: Path) -> None:
    # The year's page shows the annual boards and names the year's other periods (the key holds no month's
    # board): 丙局's November value edited makes November's pages again, not 2025's.
    before = keys(tmp_path / "one", **{"results/2025-11.csv": RESULTS_2025})
    after = keys(tmp_path / "two", **{"results/2025-11.csv": RESULTS_2025.replace("丙局,70,", "丙局,69,")})
    moved = changed(before, after)
    assert {"periods/2025-11/index.html", "data/2025-11.json", "units/c/index.html"} <= moved
    assert not moved & {"years/2025/index.html", "periods/2025/index.html", "data/2025.json", "years/index.html"}

def test_a_notice_changes_its_pages_only(tmp_path: Path) -> None:
    before = keys(tmp_path / "one")
    after = keys(tmp_path / "two", **{"notices/2025-12-tongbao.md": NOTICE.replace("正文。", "正文有改动。")})
    # data/notices.json carries the notices' text too (gongshi diff compares it with the published site).
    assert changed(before, after) == {"notices/2025-12-tongbao/index.html", "data/notices.json"}
    retitled = keys(tmp_path / "three", **{"notices/2025-12-tongbao.md": NOTICE.replace("关于2025年度考核的通报", "新标题")})
    # A title is shown in the lists (home, notices, the period's page) and the search page's names.
    assert changed(before, retitled) == {"notices/2025-12-tongbao/index.html", "notices/index.html", "index.html",
                                         "periods/2025/index.html", "search/index.html", "data/notices.json"}


def test_a_unit_name_changes_every_page_that_names_it(tmp_path: Path) -> None:
    before = keys(tmp_path / "one")
    units = (tmp_path / "one" / "units.csv").read_text(encoding="utf-8").replace("c,丙局,", "c,丙局（新）,")
    results = RESULTS_2025.replace("丙局,", "丙局（新）,")
    after = keys(tmp_path / "two", **{"units.csv": units, "results/2025.csv": results})
    moved = changed(before, after)
    assert {"units/c/index.html", "periods/2025/index.html", "index.html", "search/index.html", "data/2025.json",
            "data/2025.csv", "years/2025/index.html"} <= moved
    assert not moved & {"units/a/index.html", "units/x/index.html", "method/index.html", "notices/index.html"}



def test_an_indicators_unit_of_measure_changes_every_page_that_names_it(tmp_path: Path) -> None:
    # 招商引资 counted in 万元 → 十万元 (indicators.csv only; no number moves): the unit pages name it in their
    # explanation's header, so each is made again, as is the indicator's own page.
    before = keys(tmp_path / "one")
    indicators = INDICATORS.replace("higher,万元,", "higher,十万元,")
    moved = changed(before, keys(tmp_path / "two", **{"indicators.csv": indicators}))
    assert {f"units/{u}/index.html" for u in "abcxy"} | {"indicators/zs/index.html"} <= moved
    assert not moved & {"notices/index.html", "tasks/index.html"}


def test_a_units_order_changes_the_year_page_that_lists_it(tmp_path: Path) -> None:
    # A year graded from grades/2026.csv alone, without an annual board (its only board is January's): its page
    # lists the graded units in units.csv's order, so moving 甲局 (a) last makes it again.
    files = {"results/2026-01.csv": RESULTS_2025, "grades/2026.csv": "单位,等次\n甲局,优秀\n乙局,良好\n"}
    before = keys(tmp_path / "one", **files)
    units = (tmp_path / "one" / "units.csv").read_text(encoding="utf-8").replace("a,甲局,部门,1", "a,甲局,部门,9")
    assert units != (tmp_path / "one" / "units.csv").read_text(encoding="utf-8")
    assert "years/2026/index.html" in changed(before, keys(tmp_path / "two", **files, **{"units.csv": units}))

def test_a_rule_that_moves_no_number_still_changes_every_page_that_explains_it(tmp_path: Path) -> None:
    # ties = "dense" instead of "min": no ties here, so no rank moves; but each unit page states the rules.
    before = keys(tmp_path / "one")
    toml = (tmp_path / "one" / "site.toml").read_text(encoding="utf-8").replace('ties = "min"', 'ties = "dense"')
    moved = changed(before, keys(tmp_path / "two", **{"site.toml": toml}))
    assert {f"units/{u}/index.html" for u in "abcxy"} | {"method/index.html"} <= moved


def test_a_template_changes_the_pages_that_use_it(tmp_path: Path) -> None:
    before = keys(tmp_path / "one")
    notice = (templates_dir() / "notice.html").read_text(encoding="utf-8").replace("notice-sign", "notice-sign x")
    after = keys(tmp_path / "two", **{"templates/notice.html": notice})
    assert changed(before, after) == {"notices/2025-12-tongbao/index.html"}
    base = (templates_dir() / "base.html").read_text(encoding="utf-8").replace("<footer", "<footer data-x")
    everything = keys(tmp_path / "three", **{"templates/base.html": base})
    pages = {p for p in before if p.endswith(".html")}
    assert changed(before, everything) == pages  # every page extends base.html; the data files do not


def test_static_assets_are_overridden_by_the_contents_templates(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"templates/static/site.css": "body { color: #000 }\n",
                                                  "templates/static/extra/logo.svg": "<svg/>"})
    made = {o.path: o.make() for o in static_outputs(content)}
    assert made["static/site.css"] == b"body { color: #000 }\n"
    assert made["static/extra/logo.svg"] == b"<svg/>"
    assert made["static/site.js"] == (templates_dir() / "static" / "site.js").read_bytes()


def test_a_static_override_that_is_a_link_out_of_the_content_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    content = make_content(tmp_path / "content")
    (content / "templates" / "static").mkdir(parents=True)
    (content / "templates" / "static" / "site.css").symlink_to(outside)
    with pytest.raises(ContentError) as raised:
        static_outputs(content)
    assert raised.value.lines(ZH) == [
        f"templates/static/site.css: 这是指向内容文件夹以外的链接（{outside}），已拒绝读取：请把文件本身复制进来"]


def test_unit_page_keys_come_from_the_stage_cache_when_nothing_they_read_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The digests of every unit's page data are remembered under a digest of all that gather_unit_data reads:
    # a notice edited reads them back (no unit's data gathered), a score changed makes them again; the keys
    # are those of a plan made without any cache.
    from generator.cache import StageCache
    from generator.render import plan

    content = make_content(tmp_path / "content", {"notices/2025-12-tongbao.md": NOTICE, "tasks.csv": TASKS})
    stages = StageCache(tmp_path / "cache", "code")
    gathered: list[int] = []
    real_gather = plan.gather_unit_data

    def counted(*args: Any) -> Any:
        gathered.append(1)
        return real_gather(*args)

    monkeypatch.setattr(plan, "gather_unit_data", counted)

    def plan_keys(memo: Any = stages.memo) -> dict[str, str]:
        project, outcome = check(content, TODAY)
        outputs = site_outputs(project, outcome, ZH, "code", pdf_links=False, memo=memo).outputs
        return {o.path: o.key for o in outputs if o.path.startswith("units/")}

    first = plan_keys()
    assert len(gathered) == 1
    (content / "notices/2025-12-tongbao.md").write_text(NOTICE.replace("正文。", "正文有改动。"), encoding="utf-8")
    assert plan_keys() == first
    assert len(gathered) == 1  # served from the cache
    (content / "results/2025.csv").write_text(RESULTS_2025.replace("丙局,70,", "丙局,69,"), encoding="utf-8")
    moved = plan_keys()
    assert len(gathered) == 2
    assert changed(first, moved) == {"units/c/index.html"}
    assert plan_keys(no_memo) == moved
