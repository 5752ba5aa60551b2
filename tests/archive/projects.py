"""A small project with everything a frozen year holds: two periods and a themed board of 2024 (its own
score-based tiers), a standings board, derived grades with a quota, a campaign's person grades and a flag."""

from __future__ import annotations

from pathlib import Path

from tests.support import RESULTS_2025, SITE_TOML, make_content

RICH_TOML = SITE_TOML + """
[grades]
scale = ["优秀", "良好", "一般", "较差"]
bands = [{ grade = "优秀", min = 90 }, { grade = "良好", min = 80 }, { grade = "一般", min = 60 }, { grade = "较差" }]
quota = { grade = "优秀", max_share = 0.5, rounding = "floor", over_quota = "demote" }

[[flags]]
id = "priority"
label = "连续两年考核优秀，晋职时优先考虑"
rule = "consecutive"
grades = ["优秀"]
years = 2

[boards.zhaoshang]
title = "招商引资专项通报"
indicators = ["zs"]

[boards.zhaoshang.tiers]
basis = "score"
levels = [{ id = "good", label = "好", min_score = 85.5 }, { id = "rest", label = "其他" }]
"""

RICH_FILES = {
    "site.toml": RICH_TOML,
    "results/2024.csv": RESULTS_2025,
    "results/2024-Q1.csv": RESULTS_2025.replace("甲局,90", "甲局,60"),
    "results/2024--zhaoshang.csv": "单位,招商引资\n甲局,800\n乙局,600\n丙局,400\n东镇,1000\n西镇,500\n",
    "grades/2024--yiqing.csv": "unit,person,post,grade\n甲局,张某,局长,优秀\n乙局,李某,副局长,良好\n",
    "standings/2024-H1.csv": "indicator,rank,out_of,responsible,note\ndj,1,10,a,\nzs,9,10,b、x,较上期后移\n",
}


def rich_content(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """The project in `root`: 2024 (Q1, H1 standings, the year with a themed board) and 2025 (open)."""
    return make_content(root, {**RICH_FILES, **(files or {})})
