"""The downloads (generator/render/tables.py and downloads.py): data/<period>.xlsx, data/year-<year>.xlsx|.csv,
data/tasks.xlsx|.csv and data/units/<id>.xlsx|.csv, read back from real builds with openpyxl — headers as the
pages show them, numbers worked out by hand, tier fills, neutralised formulas, keys that change exactly when
a file's content does, the same bytes from two fresh processes, and links from the pages."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from generator.build import build, check
from generator.i18n import Translator
from generator.outcome import UnitBoard
from generator.render import site_outputs
from generator.render.tables import Names, board_sheets
from tests.render.conftest import Demo
from tests.support import DEMO, REPO, RESULTS_2025, SITE_TOML, make_content, soup

TODAY = date(2026, 1, 6)
ZH = Translator("zh-CN")
EN = Translator("en")
TASKS = ("id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"
         "t1,路灯补亮,王某,科级,a,2025-03-01,2025-12-31,进行中,60,\n"
         "t2,=HYPERLINK(\"http://x\"),李某,县处级,x,2025-02-01,2026-03-31,已完成,100,+1 备注\n")
# The small project with a note on every row that a spreadsheet would run as a formula.
RESULTS_NOTES = RESULTS_2025.replace("甲局,90,800,1,,", "甲局,90,800,1,,=1+2") \
    .replace("丙局,70,400,2,,", "丙局,70,400,2,,@SUM(A1)")


def sheet(path: Path, name: str | None = None) -> Worksheet:
    book = openpyxl.load_workbook(path)
    found = book[name] if name else book.worksheets[0]
    assert isinstance(found, Worksheet)
    return found


def table(ws: Worksheet) -> list[dict[str, Any]]:
    """A sheet's rows as dicts by header (the header row first)."""
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def cell_of(ws: Worksheet, header: str, row: int) -> Any:
    """The cell under `header` in the sheet's `row` (1 = the header row)."""
    column = next(c.column for c in ws[1] if c.value == header)
    return ws.cell(row=row, column=column)


def csv_rows(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def small_site(root: Path, **files: str) -> Path:
    content = make_content(root / "content", {"tasks.csv": TASKS, "results/2025.csv": RESULTS_NOTES, **files})
    site = root / "site"
    build(content, site, TODAY, pdf=False, cache_dir=root / "cache")
    return site


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_site(tmp_path_factory.mktemp("downloads-small"))


# ---- the small project (tests/support.py), worked out by hand -------------------------------------------

def test_the_board_workbook_of_the_small_project_worked_by_hand(small: Path) -> None:
    """Efficacy scoring 60 + 40 × (x − floor)/(target − floor) (lower is better: (floor − x)/(floor − target)):
    dj target 100 floor 60, zs 1000/200 (万元), aq 0/4 (起, lower). 党的建设 (dj) 0.5, 业务工作 0.5 with zs 2 : aq 1.

    甲局: dj 90 → 90; zs 800 → 60 + 40×600/800 = 90; aq 1 → 60 + 40×3/4 = 90; 0.5×90 + 0.5×90 = 90.00
    乙局: dj 80 → 80; zs 600 → 80; aq 0 → 100; 业务 (2×80 + 100)/3 = 86.667; 40 + 43.333 = 83.33, +1 加分 = 84.33
    丙局: dj 70 → 70; zs 400 → 70; aq 2 → 80; 业务 (140 + 80)/3 = 73.333; 35 + 36.667 = 71.67
    东镇: dj 95, zs 1000 → 100, aq 0 → 100; 47.5 + 50 = 97.50.   西镇: dj 85, zs 500 → 75, aq 3 → 70; 42.5 + 36.667 = 79.17
    Ranked within kind (部门, then 乡镇); tiers by rank: the first green, the last red, the rest yellow.
    """
    ws = sheet(small / "data" / "2025.xlsx")
    assert ws.title == ZH("综合考核")
    headers = [c.value for c in ws[1]]
    # The page's headers; the raw values' columns carry the unit of measure; 加分 and 备注 because a row has
    # one, no 扣分 (no row has one), no 等次 (no grades).
    assert headers == ["名次", "单位", "类别", "综合得分", "档次", "较上期", "党建工作（分）", "党建工作（得分）",
                       "招商引资（万元）", "招商引资（得分）", "安全事故（起）", "安全事故（得分）", "加分", "备注"]
    rows = table(ws)
    assert [(r["名次"], r["单位"], r["类别"], r["综合得分"], r["档次"]) for r in rows] == [
        (1, "甲局", "部门", 90.0, "●绿"), (2, "乙局", "部门", 84.33, "▲黄"), (3, "丙局", "部门", 71.67, "■红"),
        (1, "东镇", "乡镇", 97.5, "●绿"), (2, "西镇", "乡镇", 79.17, "■红")]
    b = rows[1]
    assert (b["招商引资（万元）"], b["招商引资（得分）"], b["安全事故（起）"], b["安全事故（得分）"]) == (600, 80, 0, 100)
    assert (b["加分"], rows[0]["加分"]) == (1, None)
    assert (rows[4]["招商引资（得分）"], rows[4]["安全事故（得分）"]) == (75, 70)
    assert rows[1]["备注"] == "获评先进"
    # Only one period: no previous rank, so no change.
    assert {r["较上期"] for r in rows} == {None}
    # Numbers are typed as numbers, with the board's two decimals.
    score = cell_of(ws, "综合得分", 3)
    assert score.data_type == "n" and score.number_format == "0.00"
    assert cell_of(ws, "招商引资（万元）", 3).data_type == "n"
    assert ws.freeze_panes == "C2"


def test_tier_fills_are_the_boards_colours_with_readable_text(small: Path, tmp_path: Path) -> None:
    # No colours in site.toml: the defaults by position, #1a7f37 / #9a6700 / #cf222e, all dark: white text.
    ws = sheet(small / "data" / "2025.xlsx")
    fills = [(cell_of(ws, "档次", n).fill.fgColor.rgb, cell_of(ws, "档次", n).font.color.rgb) for n in (2, 3, 4)]
    assert fills == [("FF1A7F37", "FFFFFFFF"), ("FF9A6700", "FFFFFFFF"), ("FFCF222E", "FFFFFFFF")]
    # A light colour from site.toml gets black text.
    light = SITE_TOML.replace('{ id = "yellow", label = "黄" }', '{ id = "yellow", label = "黄", color = "#ffe066" }')
    assert light != SITE_TOML
    content = make_content(tmp_path / "light", {"site.toml": light})
    project, outcome = check(content, TODAY)
    outputs = {o.path: o for o in site_outputs(project, outcome, ZH, "code", pdf_links=False).outputs}
    book = openpyxl.load_workbook(io.BytesIO(outputs["data/2025.xlsx"].make()))
    yellow = book.worksheets[0]["E3"]
    assert yellow.value == "▲黄" and yellow.fill.fgColor.rgb == "FFFFE066"
    assert yellow.font.color is None or yellow.font.color.rgb == "FF000000"


def test_text_that_would_run_as_a_formula_is_neutralised_in_every_download(small: Path) -> None:
    rows = table(sheet(small / "data" / "2025.xlsx"))
    assert (rows[0]["备注"], rows[2]["备注"]) == ("'=1+2", "'@SUM(A1)")
    tasks = table(sheet(small / "data" / "tasks.xlsx"))
    assert tasks[1]["题目"] == "'=HYPERLINK(\"http://x\")" and tasks[1]["备注"] == "'+1 备注"
    assert csv_rows((small / "data" / "tasks.csv").read_bytes())[1]["title"] == "'=HYPERLINK(\"http://x\")"
    assert csv_rows((small / "data" / "2025.csv").read_bytes())[0]["unit"] == "甲局"


def test_the_tasks_downloads(small: Path) -> None:
    # t1 due 2025-12-31, 60%, not done on 2026-01-06: overdue by 6 days. t2 is done.
    rows = csv_rows((small / "data" / "tasks.csv").read_bytes())
    assert list(rows[0]) == ["id", "title", "claimant", "level", "unit_id", "unit", "claimed_on", "due", "status",
                             "status_label", "progress", "note", "warning", "warning_text"]
    assert {k: rows[0][k] for k in ("id", "unit", "due", "status", "status_label", "progress", "warning", "warning_text")} == {
        "id": "t1", "unit": "甲局", "due": "2025-12-31", "status": "进行中", "status_label": "进行中", "progress": "60",
        "warning": "overdue", "warning_text": "已逾期 6 天"}
    assert (rows[1]["warning"], rows[1]["warning_text"]) == ("", "")
    ws = sheet(small / "data" / "tasks.xlsx")
    assert ws.title == "揭榜领题"
    assert [c.value for c in ws[1]] == ["编号", "题目", "领题人", "层级", "单位", "认领日期", "完成时限", "状态", "进度", "预警",
                                        "备注"]
    first = table(ws)[0]
    assert (first["认领日期"], first["完成时限"], first["进度"], first["预警"]) == (
        datetime(2025, 3, 1), datetime(2025, 12, 31), 60, "已逾期 6 天")
    assert cell_of(ws, "完成时限", 2).is_date and cell_of(ws, "进度", 2).number_format == '0"%"'


def test_a_units_history(small: Path) -> None:
    rows = csv_rows((small / "data" / "units" / "b.csv").read_bytes())
    assert rows == [{"period": "2025", "period_label": "2025年度", "board": "main", "board_title": "综合考核",
                     "score": "84.33", "rank": "2", "group_size": "3", "tier": "yellow", "tier_label": "黄",
                     "rank_change": "", "grade": ""}]
    ws = sheet(small / "data" / "units" / "b.xlsx")
    assert ws.title == "历次结果"
    assert table(ws) == [{"期次": "2025年度", "晾晒表": "综合考核", "综合得分": 84.33, "名次": 2, "参评数": 3, "档次": "▲黄",
                          "较上期": None, "等次": None}]
    assert cell_of(ws, "档次", 2).fill.fgColor.rgb == "FF9A6700"


def test_a_year_without_grades_holds_its_boards(small: Path) -> None:
    book = openpyxl.load_workbook(small / "data" / "year-2025.xlsx")
    assert book.sheetnames == ["综合考核"]
    assert csv_rows((small / "data" / "year-2025.csv").read_bytes()) == []


def test_english_headers(tmp_path: Path) -> None:
    site = small_site(tmp_path, **{"site.toml": SITE_TOML.replace("[site]\n", '[site]\nlang = "en"\n')})
    ws = sheet(site / "data" / "2025.xlsx")
    assert ws.title == EN("综合考核") != "综合考核"
    assert [c.value for c in ws[1]][:6] == [EN(w) for w in ("名次", "单位", "类别", "综合得分", "档次", "较上期")] == \
        ["Rank", "Unit", "Category", "Score", "Tier", "Change"]
    # Indicator names and units of measure are data; the words around them are the catalogue's.
    assert [c.value for c in ws[1]][6:8] == ["党建工作 (分)", "党建工作 (score)"]
    assert [c.value for c in sheet(site / "data" / "units" / "a.xlsx")[1]][:3] == ["Period", "Board", "Score"]


# ---- keys: a file is made again exactly when what it shows changed -----------------------------------------

def keys(root: Path, **files: str) -> dict[str, str]:
    content = make_content(root, {"tasks.csv": TASKS, "results/2025-01.csv": RESULTS_2025, **files})
    project, outcome = check(content, TODAY)
    return {o.path: o.key for o in site_outputs(project, outcome, ZH, "code", pdf_links=False).outputs
            if o.path.startswith("data/")}


def test_every_download_is_planned_once(tmp_path: Path) -> None:
    paths = set(keys(tmp_path / "one"))
    assert paths == {"data/notices.json", "data/tasks.xlsx", "data/tasks.csv", "data/year-2025.xlsx", "data/year-2025.csv"} \
        | {f"data/{p}.{e}" for p in ("2025-01", "2025") for e in ("json", "csv", "xlsx")} \
        | {f"data/units/{u}.{e}" for u in "abcxy" for e in ("xlsx", "csv")}


def test_a_score_that_moves_nobody_changes_only_the_downloads_that_show_it(tmp_path: Path) -> None:
    # 丙局 (c) 党建工作 70 → 69 in January: 71.67 → 71.17, still last and red. January's files and 丙局's history
    # change; the annual board, the year, the tasks and the other units' histories do not.
    before = keys(tmp_path / "one")
    after = keys(tmp_path / "two", **{"results/2025-01.csv": RESULTS_2025.replace("丙局,70,", "丙局,69,")})
    assert {p for p in before if before[p] != after[p]} == {
        "data/2025-01.json", "data/2025-01.csv", "data/2025-01.xlsx", "data/units/c.xlsx", "data/units/c.csv"}


def test_the_reference_date_is_in_every_workbook_key(tmp_path: Path) -> None:
    # A workbook carries its date (docProps/core.xml, the zip entries): another day makes it again.
    content = make_content(tmp_path / "content", {"tasks.csv": TASKS})
    project, outcome = check(content, TODAY)
    later, outcome_later = check(content, date(2026, 1, 7))
    first = {o.path: o for o in site_outputs(project, outcome, ZH, "code", pdf_links=False).outputs}
    second = {o.path: o for o in site_outputs(later, outcome_later, ZH, "code", pdf_links=False).outputs}
    workbooks = [p for p in first if p.endswith(".xlsx")]
    assert len(workbooks) == 8 and all(first[p].key != second[p].key for p in workbooks)
    core = openpyxl.load_workbook(io.BytesIO(second["data/2025.xlsx"].make())).properties
    assert core.created == core.modified == datetime(2026, 1, 7)


def test_the_same_bytes_from_two_fresh_processes(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", {"tasks.csv": TASKS, "results/2025-01.csv": RESULTS_NOTES})
    made = []
    for n, seed in enumerate(("1", "2")):
        site = tmp_path / f"run{n}" / "site"
        subprocess.run([sys.executable, "-m", "generator", "build", str(content), "-o", str(site), "--today", "2026-01-06",
                        "--no-pdf", "-j", "1"], cwd=REPO, check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        made.append({p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "data").rglob("*") if p.is_file()})
    assert made[0].keys() == made[1].keys() and len([p for p in made[0] if p.endswith(".xlsx")]) == 9
    assert made[0] == made[1]


# ---- the demo (content/, built once per session at 2026-01-06) ---------------------------------------------

def test_the_demo_annual_board_worked_by_hand(demo: Demo) -> None:
    """区委办公室 (qwb) in results/2025.csv, efficacy scoring (worked in full in test_data.py): composite
    90.632427 → 90.63, 15th of the 52 区直部门, top 30% = ranks ≤ 16 → green; 优秀 by the bands (≥ 90).
    招商引资到位资金 4111.2 万元 → 60 + 40 × 3111.2/4000 = 91.112 → 91.11; 固定资产投资增速 6.4% → 81.333 → 81.33;
    乡村振兴 applies to 苏木乡镇街道 only: "—" as on the page."""
    ws = sheet(demo.site / "data" / "2025.xlsx", "综合考核")
    headers = [c.value for c in ws[1]]
    assert headers[:8] == ["名次", "单位", "类别", "综合得分", "档次", "较上期", "等次", "结果运用"]
    assert headers[8:10] == ["基层党组织建设（分）", "基层党组织建设（得分）"]
    assert {"招商引资到位资金（万元）", "招商引资到位资金（得分）", "固定资产投资增速（%）", "安全生产事故数（起）"} \
        <= set(headers)
    # Bonus and penalty columns (yjj and xcjd have 加分, jtj and wltj 扣分 in results/2025.csv), then the notes.
    assert headers[-3:] == ["加分", "扣分", "备注"]
    rows = {r["单位"]: r for r in table(ws)}
    qwb = rows["区委办公室"]
    assert (qwb["名次"], qwb["类别"], qwb["综合得分"], qwb["档次"], qwb["等次"]) == (15, "区直部门", 90.63, "●绿", "优秀")
    assert (qwb["招商引资到位资金（万元）"], qwb["招商引资到位资金（得分）"]) == (4111.2, 91.11)
    assert qwb["固定资产投资增速（得分）"] == 81.33
    assert (qwb["乡村振兴（分）"], qwb["乡村振兴（得分）"]) == ("—", "—")
    # 较上期 = the 2024 rank − the 2025 rank: qwb was 31st in the archived 2024 board.
    archived = json.loads((DEMO / "archive" / "2024" / "data" / "results" / "2024.json").read_text(encoding="utf-8"))
    rank_2024 = next(r["rank"] for r in archived["boards"][0]["rows"] if r["unit_id"] == "qwb")
    assert qwb["较上期"] == rank_2024 - 15 == 16
    assert (rows["区应急管理局"]["加分"], rows["区交通运输局"]["扣分"], qwb["加分"], qwb["扣分"]) == (1, 1, None, None)
    # 发改委 (fgw): 优秀 in 2023, 2024 and 2025 → the flag "连续三年考核优秀，晋职时优先考虑".
    assert rows["区发展和改革委员会"]["结果运用"] == "连续三年考核优秀，晋职时优先考虑"


def test_the_demo_standings_sheet(demo: Demo) -> None:
    # standings/2025-Q3.csv: jcdj 2nd of 10 (top 4 → green), zzb, "较上半年前移1位".
    book = openpyxl.load_workbook(demo.site / "data" / "2025-Q3.xlsx")
    assert book.sheetnames == ["综合考核", "全市高质量发展指标晾晒表"]
    ws = book["全市高质量发展指标晾晒表"]
    assert [c.value for c in ws[1]] == ["指标", "全市排名", "参评数", "档次", "责任单位", "备注"]
    assert table(ws)[0] == {"指标": "基层党组织建设", "全市排名": 2, "参评数": 10, "档次": "●绿", "责任单位": "区委组织部",
                            "备注": "较上半年前移1位"}
    assert ws["D2"].fill.fgColor.rgb == "FF1A7F37"


def test_a_frozen_years_workbook_shows_its_archived_numbers(demo: Demo) -> None:
    # 2024 is frozen: its workbook comes from the archived boards; every score and raw value agrees with the
    # archived JSON (scores there at six decimals, the sheet's at the two published).
    archived = json.loads((DEMO / "archive" / "2024" / "data" / "results" / "2024.json").read_text(encoding="utf-8"))
    board = archived["boards"][0]
    ws = sheet(demo.site / "data" / "2024.xlsx")
    assert ws.title == "综合考核晾晒表"  # the archived title, its period cut off
    names = {u.id: u.name for u in demo.content.units_by_id.values()}
    rows = {r["单位"]: r for r in table(ws)}
    assert len(rows) == len(board["rows"]) == 52 + 8
    for row in board["rows"]:
        got = rows[names[row["unit_id"]]]
        assert (got["名次"], got["综合得分"], got["等次"]) == (row["rank"], row["score"], row["grade"])
        assert got["招商引资到位资金（万元）"] == row["explain"]["inputs"]["zsyz"]
        assert got["招商引资到位资金（得分）"] == pytest.approx(row["values"]["zsyz"], abs=0.005)


def test_the_demo_year_workbook_and_csv(demo: Demo) -> None:
    book = openpyxl.load_workbook(demo.site / "data" / "year-2024.xlsx")
    assert book.sheetnames == ["年度考核等次", "综合考核晾晒表", "专项鉴定登记：yiqing"]
    # Personal grades are not published (publish_persons = false): the counts per grade of grades/2024--yiqing.csv.
    with (DEMO / "grades" / "2024--yiqing.csv").open(encoding="utf-8") as handle:
        counted = Counter(r["grade"] for r in csv.DictReader(handle))
    campaign = {r["等次"]: r["人数"] for r in table(book["专项鉴定登记：yiqing"])}
    assert campaign == {g: counted.get(g, 0) for g in ("优秀", "良好", "一般", "较差")}
    # 2025's grades: 苏木乡镇街道 has 8 units, 优秀 at most floor(0.3 × 8) = 2; 新城街道 94.03, 东河镇 92.43 and
    # 西山乡 90.94 reach 90, so 西山乡, the lowest, is demoted to 良好.
    grades = {r["单位"]: r for r in table(sheet(demo.site / "data" / "year-2025.xlsx", "年度考核等次"))}
    assert (grades["西山乡"]["综合得分"], grades["西山乡"]["等次"]) == (90.94, "良好")
    assert grades["西山乡"]["等次规则"] == "按分档：得分 ≥ 90 为“优秀”；“优秀”超出比例（苏木乡镇街道上限 2 个），按得分降为“良好”"
    assert (grades["区委办公室"]["综合得分"], grades["区委办公室"]["等次"]) == (90.63, "优秀")
    rows = {r["unit_id"]: r for r in csv_rows((demo.site / "data" / "year-2025.csv").read_bytes())}
    assert {k: rows["xsx"][k] for k in ("score", "grade", "source", "band_grade", "demoted")} == {
        "score": "90.94", "grade": "良好", "source": "bands", "band_grade": "优秀", "demoted": "True"}
    assert len(rows) == 60


def test_the_demo_tasks_and_a_units_history(demo: Demo) -> None:
    # t002 due 2025-10-31, 70%, 进行中 on 2026-01-06: 30 (Nov) + 31 (Dec) + 6 = 67 days overdue.
    rows = {r["id"]: r for r in csv_rows((demo.site / "data" / "tasks.csv").read_bytes())}
    assert (rows["t002"]["warning"], rows["t002"]["warning_text"]) == ("overdue", "已逾期 67 天")
    assert len(rows) == len(demo.content.tasks)
    history = csv_rows((demo.site / "data" / "units" / "qwb.csv").read_bytes())
    annual = next(r for r in history if r["period"] == "2025" and r["board"] == "main")
    assert {k: annual[k] for k in ("score", "rank", "group_size", "tier", "tier_label", "rank_change", "grade")} == {
        "score": "90.63", "rank": "15", "group_size": "52", "tier": "green", "tier_label": "绿", "rank_change": "16",
        "grade": "优秀"}
    # One row per period and board the unit was ranked on, oldest first, as its page's history table.
    ranked = [(p.period.id, b.id) for p in demo.outcome.periods for b in p.boards
              if isinstance(b, UnitBoard) and "qwb" in set(b.rows["unit_id"])]
    assert [(r["period"], r["board"]) for r in history] == ranked
    ws = sheet(demo.site / "data" / "units" / "qwb.xlsx")
    assert len(table(ws)) == len(history) and ws.freeze_panes == "C2"


def downloads_of(page: Path) -> set[str]:
    """The files a page's download line links to, as paths in the site."""
    site = page.parent
    while not (site / "manifest.json").is_file():
        site = site.parent
    links = {str(a["href"]) for a in soup(page).select("p.downloads a")}
    found = {(page.parent / href).resolve() for href in links}
    assert all(path.is_file() for path in found), links  # (every link of the site resolves: test_site.py)
    return {path.relative_to(site.resolve()).as_posix() for path in found}


def test_the_pages_link_their_downloads(demo: Demo) -> None:
    assert {"data/units/qwb.xlsx", "data/units/qwb.csv"} <= downloads_of(demo.site / "units" / "qwb" / "index.html")
    assert {"data/year-2025.xlsx", "data/year-2025.csv"} <= downloads_of(demo.site / "years" / "2025" / "index.html")
    assert downloads_of(demo.site / "tasks" / "index.html") == {"data/tasks.xlsx", "data/tasks.csv"}
    assert {"data/2025-Q3.xlsx", "data/2025-Q3.csv", "data/2025-Q3.json"} <= \
        downloads_of(demo.site / "periods" / "2025-Q3" / "index.html")


def test_a_board_shows_raw_values_scores_or_both_as_its_page(demo: Demo) -> None:
    # [display] show: "raw", "score" or "both" (the default), per board, as the board's page shows its cells.
    period = next(p for p in demo.outcome.periods if p.period.id == "2025")
    names = Names.of(demo.content)

    def headers(show: str) -> list[str]:
        frame = board_sheets(period, names, ZH, {"main": show})[0].frame
        return [str(h) for h in frame]

    both, raw, score = headers("both"), headers("raw"), headers("score")
    assert "招商引资到位资金（万元）" in both and "招商引资到位资金（得分）" in both
    assert "招商引资到位资金（万元）" in raw and not any(h.endswith("（得分）") for h in raw)
    assert "招商引资到位资金（得分）" in score and "招商引资到位资金（万元）" not in score
    assert len(both) == len(raw) + 15 == len(score) + 15  # the demo's 15 indicators
