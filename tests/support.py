"""A small, hand-written content project for tests, and helpers to read what a build wrote."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from generator.archive.bag import read_tree

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "content"

SITE_TOML = """\
[site]
title = "测试区考核结果公示"
organization = "中共测试区委组织部"
contact = "区委组织部干部监督科"

[scoring]
normalize = "efficacy"
decimals = 2
categories = [
  { id = "party", name = "党的建设", weight = 0.5 },
  { id = "work", name = "业务工作", weight = 0.5 },
]

[ranking]
ties = "min"
within = "kind"

[tiers]
basis = "rank"
levels = [
  { id = "green", label = "绿", top = 1 },
  { id = "yellow", label = "黄" },
  { id = "red", label = "红", bottom = 1 },
]
"""

UNITS = """\
id,name,kind,order
a,甲局,部门,1
b,乙局,部门,2
c,丙局,部门,3
x,东镇,乡镇,4
y,西镇,乡镇,5
"""

INDICATORS = """\
id,name,category,weight,direction,unit,target,floor
dj,党建工作,党的建设,1,higher,分,100,60
zs,招商引资,业务工作,2,higher,万元,1000,200
aq,安全事故,业务工作,1,lower,起,0,4
"""

RESULTS_2025 = """\
单位,党建工作,招商引资（万元）,安全事故,加分,备注
甲局,90,800,1,,
乙局,80,600,0,1,获评先进
丙局,70,400,2,,
东镇,95,1000,0,,
西镇,85,500,3,,
"""


def make_content(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """Write the small project into `root`; `files` adds or replaces files (path -> text or bytes)."""
    base = {
        "site.toml": SITE_TOML,
        "units.csv": UNITS,
        "indicators.csv": INDICATORS,
        "results/2025.csv": RESULTS_2025,
    }
    base.update(files or {})
    for name, data in base.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def copy_demo(root: Path) -> Path:
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("archive"))
    return root


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def tree_bytes(root: Path) -> dict[str, bytes]:
    return read_tree(root)
