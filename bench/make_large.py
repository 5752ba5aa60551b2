"""Make a large synthetic content project (section 2 of SPEC.md) for the build benchmarks.

`python bench/make_large.py N OUTDIR [--seed S]` writes into OUTDIR (absent or empty): units.csv with N units
(u0001…) in 4 kinds; indicators.csv with 20 indicators in 3 categories (some lower-is-better, target/floor for
功效系数法, min/max, applies_to); site.toml (efficacy, ranking within kind, percentile tiers, grade bands with a
demoting quota, 3 flags); wide results for the years 2016–2025 (every indicator, bonus/penalty) and the months
2025-01…12 (industry and task indicators, as in the demo), unit names in the first column; 100 notices/*.md
(通报/预警/公示/其他); tasks.csv with 500 揭榜领题 tasks. Values follow a per-unit strength, a drifting form and
noise, so they vary by unit and period. One seeded random.Random, no clock: same N and seed, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SYLLABLES = list("东西南北青山河湖松柏金银安康兴和平阳明德丰华新光永宁长乐泰福云天红星白沙石桥林源泉川")
KINDS = [  # kind, share of units, (name suffix, short-name suffix)
    ("区直部门", 0.55, [("局", "局"), ("委员会", "委"), ("服务中心", "中心"), ("办公室", "办"), ("事务中心", "中心")]),
    ("乡镇", 0.25, [("镇", "镇"), ("乡", "乡")]),
    ("街道", 0.12, [("街道", "街道")]),
    ("开发区", 0.08, [("经济开发区", "开发区"), ("产业园区", "园区")]),
]
CATEGORIES = [("party", "党的建设", 0.30), ("industry", "主导产业", 0.35), ("tasks", "部门任务", 0.35)]


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    category: str  # category id
    weight: int
    direction: str  # higher | lower
    unit: str
    target: float
    floor: float
    low: float  # plausible range (min/max columns)
    high: float
    decimals: int
    applies_to: str = ""


INDICATORS = [
    Indicator("jcdj", "基层党组织建设", "party", 3, "higher", "分", 100, 60, 0, 100, 1),
    Indicator("dflz", "党风廉政建设", "party", 2, "higher", "分", 100, 60, 0, 100, 1),
    Indicator("ysxt", "意识形态工作", "party", 2, "higher", "分", 100, 60, 0, 100, 1),
    Indicator("gbdw", "干部队伍建设", "party", 2, "higher", "分", 100, 60, 0, 100, 1),
    Indicator("djpp", "党建品牌创建", "party", 1, "higher", "分", 100, 60, 0, 100, 1),
    Indicator("zsyz", "招商引资到位资金", "industry", 3, "higher", "万元", 5000, 1000, 0, 50000, 1),
    Indicator("qyxm", "新签约招商项目数", "industry", 2, "higher", "个", 6, 1, 0, 60, 0),
    Indicator("gdtz", "固定资产投资增速", "industry", 2, "higher", "%", 12, 0, -50, 100, 1),
    Indicator("xmkg", "重点项目开工率", "industry", 2, "higher", "%", 100, 60, 0, 100, 1),
    Indicator("tscy", "特色产业产值增速", "industry", 1, "higher", "%", 15, 0, -50, 100, 1),
    Indicator("xzzt", "新增市场主体数", "industry", 1, "higher", "户", 200, 40, 0, 5000, 0),
    Indicator("dwnh", "单位产值能耗", "industry", 1, "lower", "吨标准煤/万元", 0.4, 0.9, 0, 5, 2),
    Indicator("aqsg", "安全生产事故数", "tasks", 2, "lower", "起", 0, 3, 0, 50, 0),
    Indicator("xfjj", "信访积案数", "tasks", 2, "lower", "件", 0, 5, 0, 100, 0),
    Indicator("qztss", "群众投诉数", "tasks", 1, "lower", "件", 5, 40, 0, 500, 0),
    Indicator("yshj", "营商环境评价", "tasks", 2, "higher", "分", 100, 60, 0, 100, 1),
    Indicator("zdrw", "重点任务完成率", "tasks", 3, "higher", "%", 100, 70, 0, 100, 1),
    Indicator("hbzg", "环保督察问题整改率", "tasks", 1, "higher", "%", 100, 80, 0, 100, 1),
    Indicator("yfxz", "依法行政", "tasks", 1, "higher", "分", 100, 60, 0, 100, 1, "区直部门"),
    Indicator("xczx", "乡村振兴", "tasks", 2, "higher", "分", 100, 60, 0, 100, 1, "乡镇;街道"),
]
YEARS = list(range(2016, 2026))
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁任沈")
PROJECTS = ["老旧小区改造", "农贸市场提升", "背街小巷路灯补亮", "污水管网改造", "招商项目落地服务", "企业开办提速",
            "人居环境整治", "特色产业链延伸", "信访积案化解", "安全隐患排查整治", "课后服务全覆盖", "养老服务站建设",
            "高标准农田建设", "河道综合治理", "政务服务一网通办", "停车设施建设"]
PHRASES = ["坚持问题导向，压实工作责任", "对标年度目标，逐项查漏补缺", "强化督查调度，确保任务按期完成",
           "健全工作机制，推动考核结果运用", "聚焦主导产业，推进重点项目建设", "加强基层党组织建设，提升组织力",
           "优化营商环境，服务企业发展", "抓好安全生产，守住发展底线", "主动对接上级部门，争取政策支持",
           "及时总结经验做法，形成可复制可推广的典型"]
HEADINGS = ["总体情况", "存在问题", "下步要求"]
TITLES = {"通报": "关于{label}考核情况的通报（第{n}号）", "预警": "关于{label}重点任务推进滞后单位的预警通报（第{n}号）",
          "公示": "{label}考核优秀等次拟定名单公示（第{n}号）", "其他": "关于做好考核数据报送工作的通知（第{n}号）"}


def clip(x: float, low: float, high: float) -> float:
    return max(low, min(high, x))


def make_units(rng: random.Random, n: int) -> list[dict[str, str]]:
    kinds = [k for k, _, _ in KINDS] + [k for k, share, _ in KINDS for _ in range(round((n - 4) * share))]
    kinds = (kinds + [KINDS[0][0]] * n)[:n]  # every kind present, then by share
    rng.shuffle(kinds)
    suffixes = {k: s for k, _, s in KINDS}
    units: list[dict[str, str]] = []
    used: set[str] = set()
    for i, kind in enumerate(kinds, start=1):
        base = "".join(rng.sample(SYLLABLES, 2))
        suffix, short_suffix = rng.choice(suffixes[kind])
        name, short, count = base + suffix, base + short_suffix, 1
        while {name, short} & used:  # names and short names are all distinct
            count += 1
            name, short = f"{base}{count}{suffix}", f"{base}{count}{short_suffix}"
        used.update((name, short))
        units.append({"id": f"u{i:04d}", "name": name, "kind": kind, "short_name": short, "order": str(i)})
    return units


def value_of(rng: random.Random, ind: Indicator, quality: float) -> str:
    """A raw value for an achievement level `quality` (about 0.5–1.1 of the way from floor to target)."""
    x = ind.floor + (ind.target - ind.floor) * clip(quality + rng.gauss(0, 0.10), -0.3, 1.15)
    if ind.unit in ("分", "%") and ind.high == 100:
        x = min(x, 100.0)
    x = clip(x, ind.low, ind.high)
    return f"{x:.{ind.decimals}f}" if ind.decimals else str(round(x))


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_results(rng: random.Random, out: Path, units: list[dict[str, str]], strength: dict[str, float]) -> None:
    (out / "results").mkdir()
    drift = {u["id"]: 0.0 for u in units}
    for period in [str(y) for y in YEARS] + MONTHS:
        annual = "-" not in period
        indicators = [i for i in INDICATORS if annual or i.category != "party"]
        header = ["单位"] + [f"{i.name}（{i.unit}）" for i in indicators] + (["加分", "扣分", "备注"] if annual else [])
        rows = []
        for u in units:
            drift[u["id"]] = clip(drift[u["id"]] + rng.gauss(0, 0.05 if annual else 0.02), -0.25, 0.25)
            quality = 0.74 + 0.10 * strength[u["id"]] + drift[u["id"]]
            row = [u["name"]]
            for ind in indicators:
                applies = not ind.applies_to or u["kind"] in ind.applies_to.split(";")
                row.append(value_of(rng, ind, quality) if applies else "—")
            if annual:
                bonus = f"{rng.choice([0.5, 1, 1.5, 2])}" if rng.random() < 0.05 else ""
                penalty = f"{rng.choice([0.5, 1, 2])}" if rng.random() < 0.04 else ""
                row += [bonus, penalty, "获市级表彰" if bonus else ("发生一般安全事故" if penalty else "")]
            rows.append(row)
        write_csv(out / "results" / f"{period}.csv", header, rows)


def paragraph(rng: random.Random, units: list[dict[str, str]]) -> str:
    names = "、".join(u["name"] for u in rng.sample(units, 3))
    return (f"{names}等单位{'；'.join(rng.sample(PHRASES, 3))}。"
            f"全区{len(units)}个参评单位中，{rng.randint(5, 40)}个单位排名较上期上升。")


def write_notices(rng: random.Random, out: Path, units: list[dict[str, str]]) -> None:
    (out / "notices").mkdir()
    for n in range(1, 101):
        kind = rng.choices(["通报", "预警", "公示", "其他"], weights=[5, 2, 2, 1])[0]
        period = rng.choice(MONTHS[:-1] if kind != "公示" and rng.random() < 0.5 else [str(y) for y in YEARS])
        if "-" in period:
            year, month = (int(p) for p in period.split("-"))
            day = date(year, month + 1, rng.randint(3, 20))
        else:
            day = date(int(period) + 1, rng.randint(1, 3), rng.randint(1, 28))
        day = min(day, date(2026, 1, 9))
        if kind == "公示":  # five working days, Monday to Friday
            day -= timedelta(days=day.weekday())
        label = f"{period[:4]}年{int(period[5:])}月份" if "-" in period else f"{period}年度"
        front = {"title": TITLES[kind].format(label=label, n=n), "date": day.isoformat(), "kind": kind}
        if kind != "其他":
            front["period"] = f'"{period}"'
        if kind == "公示":
            front.update(publish_from=day.isoformat(), publish_to=(day + timedelta(days=4)).isoformat())
        lines = ["---"] + [f"{k}: {v}" for k, v in front.items()] + ["---", "", "各乡镇党委、街道党工委，区直各部门：", ""]
        for i in range(rng.randint(2, 6)):
            heading = [f"## {'一二三'[i // 2]}、{HEADINGS[i // 2]}", ""] if i % 2 == 0 else []
            lines += [*heading, paragraph(rng, units), ""]
        lines += ["示例区委考核办", f"{day.year}年{day.month}月{day.day}日", ""]
        (out / "notices" / f"{day.isoformat()}-{n:03d}.md").write_text("\n".join(lines), encoding="utf-8")


def write_tasks(rng: random.Random, out: Path, units: list[dict[str, str]]) -> None:
    rows = []
    for n in range(1, 501):
        unit = rng.choice(units)
        claimed = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
        due = claimed + timedelta(days=rng.randint(30, 300))
        status = rng.choices(["未开始", "进行中", "已完成"], weights=[1, 4, 4])[0]
        progress = {"未开始": 0, "已完成": 100}.get(status, rng.randint(1, 19) * 5)
        claimant = rng.choice(SURNAMES) + rng.choice(["某", "某某"])
        note = rng.choice(["", "", "逾期未完成，已列入预警", f"已完成{progress}%", "因资金未到位暂缓"])
        rows.append([f"t{n:04d}", f"{unit['name']}{rng.choice(PROJECTS)}", claimant,
                     rng.choice(["科级", "科级", "县处级"]), unit["id"], claimed.isoformat(), due.isoformat(),
                     status, str(progress), note if status != "已完成" else ""])
    write_csv(out / "tasks.csv", ["id", "title", "claimant", "level", "unit", "claimed_on", "due", "status",
                                  "progress", "note"], rows)


SITE_TOML = """\
# 基准测试用的虚构内容，由 bench/make_large.py 生成。
[site]
title = "示例区领导班子和领导干部考核结果公示（基准测试）"
organization = "中共示例区委组织部"
lang = "zh-CN"
contact = "区委组织部干部监督科，电话 0000-1234567"
publication_days = 5

[scoring]
normalize = "efficacy"
decimals = 2
categories = [{categories}]

[ranking]
ties = "min"
within = "kind"

[tiers]
basis = "percentile"
levels = [
  {{ id = "green", label = "绿", color = "#1a7f37", shape = "●", top_pct = 30 }},
  {{ id = "yellow", label = "黄", color = "#9a6700", shape = "▲" }},
  {{ id = "red", label = "红", color = "#cf222e", shape = "■", bottom_pct = 20 }},
]

[grades]
scale = ["优秀", "良好", "一般", "较差"]
bands = [{{ grade = "优秀", min = 90 }}, {{ grade = "良好", min = 80 }}, {{ grade = "一般", min = 60 }}, {{ grade = "较差" }}]
quota = {{ grade = "优秀", max_share = 0.30, rounding = "floor", over_quota = "demote" }}
publish_persons = false
{flags}
[years.2023.scoring]
categories = [{categories_2023}]
"""
FLAGS = [("priority", "连续三年考核优秀，晋职时优先考虑", "consecutive", '"优秀"'),
         ("no-promotion", "近三年有一般及以下等次，不得提拔使用", "any_in_last", '"一般", "较差"'),
         ("adjust", "连续三年一般及以下，对主要负责人予以组织调整", "consecutive", '"一般", "较差"')]


def write_config(out: Path, units: list[dict[str, str]]) -> None:
    def categories(weights: list[float]) -> str:
        return ", ".join(f'{{ id = "{c}", name = "{name}", weight = {w} }}'
                         for (c, name, _), w in zip(CATEGORIES, weights, strict=False))

    flags = "".join(f'\n[[flags]]\nid = "{i}"\nlabel = "{label}"\nrule = "{rule}"\ngrades = [{grades}]\nyears = 3\n'
                    for i, label, rule, grades in FLAGS)
    (out / "site.toml").write_text(SITE_TOML.format(
        categories=categories([w for _, _, w in CATEGORIES]), categories_2023=categories([0.15, 0.425, 0.425]),
        flags=flags), encoding="utf-8")
    write_csv(out / "units.csv", ["id", "name", "kind", "short_name", "order"], [list(u.values()) for u in units])
    departments = [u["id"] for u in units if u["kind"] == "区直部门"]
    names = {c: name for c, name, _ in CATEGORIES}
    write_csv(out / "indicators.csv",
              ["id", "name", "category", "weight", "direction", "unit", "target", "floor", "responsible",
               "applies_to", "min", "max"],
              [[i.id, i.name, names[i.category], str(i.weight), i.direction, i.unit, f"{i.target:g}", f"{i.floor:g}",
                departments[n % len(departments)], i.applies_to, f"{i.low:g}", f"{i.high:g}"]
               for n, i in enumerate(INDICATORS)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of units (at least 4)")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.n < 4:
        parser.error("N must be at least 4 (one unit of each kind)")
    out: Path = args.outdir
    if out.exists() and any(out.iterdir()):
        parser.error(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    units = make_units(rng, args.n)
    strength = {u["id"]: clip(rng.gauss(0, 1), -2.5, 2.5) for u in units}
    write_config(out, units)
    write_results(rng, out, units, strength)
    write_notices(rng, out, units)
    write_tasks(rng, out, units)
    print(f"{out}: {args.n} units, {len(INDICATORS)} indicators, {len(YEARS) + len(MONTHS)} results files, "
          f"100 notices, 500 tasks")


if __name__ == "__main__":
    main()
