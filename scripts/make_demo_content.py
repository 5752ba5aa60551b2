#!/usr/bin/env python3
"""Write the demo content project ``content/`` (示例市示例区, fictional).

Run from the repository root:  python scripts/make_demo_content.py [content-dir]

Everything here is invented: the district, its units, every number and every person
(persons appear only as masked generic names such as 王某某).  The script is deterministic:
every random draw comes from a generator seeded with SEED and the name of what it draws, so
running it again rewrites the same bytes (XLSX files included).

The story the data tells (checked by assertions at the end of the run):

* 区发展和改革委员会 (fgw) and 新城街道 (xcjd) are 优秀 in 2023, 2024 and 2025
  (flag "连续三年考核优秀，晋职时优先考虑").
* 区城市管理综合执法局 (cgj) is 一般 three years running (flag "组织调整").
* 区应急管理局 (yjj) and 西山乡 (xsx) improve steadily, year on year and month on month in 2025;
  西山乡 passes 90 in 2025 but is the lowest of three townships above 90 while only 2 of 8 may
  be 优秀, so the quota rule (over_quota = "demote") drops it to 良好.
* 区文化旅游体育局 (wltj) and 南湖镇 (nhz) slide: 优秀 in 2023, then down every year and month.
* 白音沟镇 (bygz) was 一般 in 2023 ("近三年有一般及以下，不得提拔使用" through 2025).
* Ties: 区审计局 = 区统计局 in 2025, 区民政局 = 区人力资源和社会保障局 in 2025-10 (forced), and
  more arise naturally (e.g. two units at 100 on the 2025-06 招商引资专项通报).
* 2025-05: 区残疾人联合会 and 区档案馆 are missing (未参评).

The result files deliberately use the forms real offices produce (see FORMS below).
"""
from __future__ import annotations

import csv
import io
import math
import random
import re
import shutil
import statistics
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

SEED = 20251130

# ---------------------------------------------------------------------------------------------
# The district: 52 区直部门 and 8 苏木乡镇街道 (id, name, short_name), in display order.
# ---------------------------------------------------------------------------------------------
DEPT = "区直部门"
TOWN = "苏木乡镇街道"

DEPARTMENTS = [
    ("qwb", "区委办公室", "区委办"),
    ("zfb", "区人民政府办公室", "区政府办"),
    ("rdb", "区人大常委会办公室", "人大办"),
    ("zxb", "区政协办公室", "政协办"),
    ("jwjw", "区纪委监委机关", "纪委监委"),
    ("zzb", "区委组织部", "组织部"),
    ("xcb", "区委宣传部", "宣传部"),
    ("tzb", "区委统战部", "统战部"),
    ("zfw", "区委政法委员会", "政法委"),
    ("bb", "区委机构编制委员会办公室", "编办"),
    ("xcban", "区委巡察工作领导小组办公室", "巡察办"),
    ("dx", "中共示例区委党校", "区委党校"),
    ("fgw", "区发展和改革委员会", "发改委"),
    ("gxj", "区工业和信息化局", "工信局"),
    ("jyj", "区教育局", "教育局"),
    ("kjj", "区科学技术局", "科技局"),
    ("gafj", "示例市公安局示例区分局", "公安分局"),
    ("mzj", "区民政局", "民政局"),
    ("sfj", "区司法局", "司法局"),
    ("czj", "区财政局", "财政局"),
    ("rsj", "区人力资源和社会保障局", "人社局"),
    ("zrzyj", "示例市自然资源局示例区分局", "自然资源分局"),
    ("sthj", "示例市生态环境局示例区分局", "生态环境分局"),
    ("zjj", "区住房和城乡建设局", "住建局"),
    ("jtj", "区交通运输局", "交通局"),
    ("slj", "区水利局", "水利局"),
    ("nmj", "区农牧局", "农牧局"),
    ("swj", "区商务局", "商务局"),
    ("wltj", "区文化旅游体育局", "文旅体局"),
    ("wjw", "区卫生健康委员会", "卫健委"),
    ("tyjr", "区退役军人事务局", "退役军人局"),
    ("yjj", "区应急管理局", "应急局"),
    ("sjj", "区审计局", "审计局"),
    ("scj", "区市场监督管理局", "市场监管局"),
    ("tjj", "区统计局", "统计局"),
    ("ybj", "区医疗保障局", "医保局"),
    ("xfj", "区信访局", "信访局"),
    ("lcj", "区林业和草原局", "林草局"),
    ("cgj", "区城市管理综合执法局", "城管局"),
    ("xzsp", "区行政审批和政务服务局", "政务服务局"),
    ("tzcj", "区投资促进中心", "投促中心"),
    ("yqgw", "示例区工业园区管理委员会", "园区管委会"),
    ("rfb", "区人民防空办公室", "人防办"),
    ("jgsw", "区机关事务服务中心", "机关事务中心"),
    ("dag", "区档案馆", "档案馆"),
    ("rmt", "区融媒体中心", "融媒体中心"),
    ("zgh", "区总工会", "总工会"),
    ("tqw", "共青团示例区委员会", "团区委"),
    ("fl", "区妇女联合会", "妇联"),
    ("kx", "区科学技术协会", "科协"),
    ("gsl", "区工商业联合会", "工商联"),
    ("cl", "区残疾人联合会", "残联"),
]
TOWNSHIPS = [
    ("dhz", "东河镇", "东河镇"),
    ("xsx", "西山乡", "西山乡"),
    ("nhz", "南湖镇", "南湖镇"),
    ("qsz", "青松镇", "青松镇"),
    ("wlabsm", "乌兰敖包苏木", "乌兰敖包"),
    ("bygz", "白音沟镇", "白音沟镇"),
    ("xcjd", "新城街道", "新城街道"),
    ("bhjd", "滨河街道", "滨河街道"),
]

# ---------------------------------------------------------------------------------------------
# The 15 indicators (also the city's "高质量发展15项指标" ranked in standings/).
# kind of value: score (分, 0-100), pct (capped at 100), growth (% may be negative), money, count.
# ---------------------------------------------------------------------------------------------
PARTY, INDUSTRY, TASKS = "党的建设", "主导产业", "部门任务"
CATEGORY_WEIGHTS = {PARTY: Fraction("0.30"), INDUSTRY: Fraction("0.35"), TASKS: Fraction("0.35")}
CATEGORY_WEIGHTS_2023 = {PARTY: Fraction("0.15"), INDUSTRY: Fraction("0.425"), TASKS: Fraction("0.425")}

INDICATOR_ROWS = [
    # id,   name,            category, weight, direction, unit, target, floor, responsible, applies_to, value kind, decimals
    ("jcdj", "基层党组织建设", PARTY, 3, "higher", "分", 100, 60, "zzb", "", "score", 1),
    ("dflz", "党风廉政建设", PARTY, 2, "higher", "分", 100, 60, "jwjw", "", "score", 1),
    ("ysxt", "意识形态工作", PARTY, 2, "higher", "分", 100, 60, "xcb", "", "score", 1),
    ("gbdw", "干部队伍建设", PARTY, 2, "higher", "分", 100, 60, "zzb", "", "score", 1),
    ("zsyz", "招商引资到位资金", INDUSTRY, 3, "higher", "万元", 5000, 1000, "tzcj", "", "money", 1),
    ("qyxm", "新签约招商项目数", INDUSTRY, 2, "higher", "个", 6, 1, "tzcj", "", "count", 0),
    ("gdtz", "固定资产投资增速", INDUSTRY, 2, "higher", "%", 12, 0, "fgw", "", "growth", 1),
    ("xmkg", "重点项目开工率", INDUSTRY, 2, "higher", "%", 100, 60, "fgw", "", "pct", 1),
    ("tscy", "特色产业产值增速", INDUSTRY, 1, "higher", "%", 15, 0, "nmj", "", "growth", 1),
    ("aqsg", "安全生产事故数", TASKS, 2, "lower", "起", 0, 3, "yjj", "", "count", 0),
    ("xfjj", "信访积案数", TASKS, 2, "lower", "件", 0, 5, "xfj", "", "count", 0),
    ("yshj", "营商环境评价", TASKS, 2, "higher", "分", 100, 60, "xzsp", "", "score", 1),
    ("zdrw", "重点任务完成率", TASKS, 3, "higher", "%", 100, 70, "zfb", "", "pct", 1),
    ("yfxz", "依法行政", TASKS, 1, "higher", "分", 100, 60, "sfj", DEPT, "score", 1),
    ("xczx", "乡村振兴", TASKS, 2, "higher", "分", 100, 60, "nmj", TOWN, "score", 1),
]
# the 招商引资专项通报 board ([boards.zhaoshang] in site.toml)
ZHAOSHANG = ["zsyz", "qyxm"]
# a unit's personality shifts every draw for these count indicators (most units have no accident)
EASE = {"aqsg": 14, "xfjj": 8}

# ---------------------------------------------------------------------------------------------
# The story: target final scores (after 加分/扣分) per year, and the 2025 monthly trend
# (score in January -> score in October).  None = let the seeded draw decide.
# ---------------------------------------------------------------------------------------------
STORY = {
    # unit:   (2023, 2024, 2025),            (Jan, Oct) 2025,  role
    "fgw": ((93.4, 94.1, 95.0), (93.0, 96.0), "连续三年优秀"),
    "xcjd": ((92.2, 93.0, 94.3), (92.0, 95.0), "连续三年优秀"),
    "cgj": ((76.2, 77.5, 75.8), (78.5, 75.0), "连续三年一般"),
    "yjj": ((79.0, 85.6, 91.4), (83.0, 94.0), "逐年、逐月上升"),
    "xsx": ((81.0, 86.4, 90.7), (82.5, 93.0), "逐年上升，2025年超过90分但因名额所限降为良好"),
    "wltj": ((92.6, 86.2, 78.6), (86.5, 76.5), "逐年、逐月下滑"),
    "nhz": ((91.1, 87.3, 82.4), (88.5, 79.5), "逐年、逐月下滑"),
    "dhz": ((88.0, 91.5, 92.6), (90.0, 93.5), "2024、2025年优秀"),
    "qsz": ((84.0, 85.5, 86.9), None, ""),
    "wlabsm": ((82.5, 83.1, 84.0), None, ""),
    "bygz": ((78.3, 81.6, 83.2), None, "2023年一般，近三年不得提拔"),
    "bhjd": ((86.7, 85.2, 87.8), None, ""),
    "jwjw": ((88.6, 91.2, 89.1), None, ""),
    "sjj": ((None, None, 86.3), None, "2025年与区统计局并列"),
    "tjj": ((None, None, 86.3), None, "2025年与区审计局并列"),
    "mzj": ((None, None, 85.0), (85.0, 85.0), "2025年10月与区人社局并列"),
    "rsj": ((None, None, 85.0), (85.0, 85.0), "2025年10月与区民政局并列"),
}
# how many 区直部门 are 优秀 (score >= 90) each year (the quota is floor(30% x 52) = 15)
DEPT_EXCELLENT = {2023: 12, 2024: 13, 2025: 15}
# (period, unit a, unit b): b's score is drawn until it equals a's exactly
TIES = [("2025", "sjj", "tjj"), ("2025-10", "mzj", "rsj")]
# 加分/扣分 in the annual files: (year, unit, bonus, penalty, 备注)
ADJUSTMENTS = [
    (2023, "jyj", 1, 0, "获评市级教育工作先进集体 +1"),
    (2023, "zjj", 0, 1, "被市安委会通报批评 -1"),
    (2024, "fgw", 2, 0, "获评省级先进集体 +2"),
    (2024, "gafj", 1, 0, "获评市级平安建设先进单位 +1"),
    (2024, "cgj", 0, 2, "被市级督查通报批评 -2"),
    (2025, "xcjd", 2, 0, "获评省级先进基层党组织 +2"),
    (2025, "yjj", 1, 0, "安全生产工作获市级表彰 +1"),
    (2025, "wltj", 0, 1, "重点项目推进滞后被市级通报 -1"),
    (2025, "jtj", 0, 1, "发生一般生产安全责任事故 -1"),
]
# cells that do not apply this period although the indicator applies to the unit's kind
EXEMPT = {
    ("2024", "dag", "gdtz"): "/",
    ("2025", "cl", "zsyz"): "免考",
    ("2025", "cl", "qyxm"): "免考",
    ("2025-07", "rmt", "qyxm"): "免考",
}
EXEMPT_NOTES = {("2025", "cl"): "招商引资两项指标经区考核委员会同意免考"}
ABSENT = {"2025-05": ["cl", "dag"]}

MONTHS = [f"2025-{m:02d}" for m in range(1, 11)]
QUARTERS = ["2025-Q1", "2025-Q2", "2025-Q3"]
YEARS = [2023, 2024, 2025]

# How each results file is written (the forms a reader meets in practice):
#   enc: utf-8 | utf-8-sig (BOM) | gb18030 | gbk ; fmt: wide | long | xlsx
#   units: refer to units by "id" or "name" ; headers: "name" (名称（单位）) | "half" (名称 (单位)) | "id"
#   na: the marker for "does not apply" ; seq: a 序号 column ; total: a 合计 row ; twohead: merged 2-row header
FORMS = {
    "2023": dict(fmt="wide", enc="gb18030", units="name", na="—", crlf=True),
    "2024": dict(fmt="wide", enc="utf-8-sig", units="name", na="—", seq=True, thousands=True, crlf=True),
    "2025": dict(fmt="wide", enc="utf-8", units="id", na="—"),
    "2025-01": dict(fmt="wide", enc="utf-8", units="id", na="—"),
    "2025-02": dict(fmt="wide", enc="gbk", units="name", na="不适用", crlf=True),
    "2025-03": dict(fmt="long", enc="utf-8", units="name"),
    "2025-04": dict(fmt="wide", enc="utf-8", units="name", na="—", thousands=True, percent=["xmkg"]),
    "2025-05": dict(fmt="wide", enc="utf-8", units="id", na="/"),
    "2025-06": dict(fmt="xlsx", units="name", na="—", seq=True, total=True, sheet="6月"),
    "2025-07": dict(fmt="wide", enc="utf-8", units="name", na="—", headers="half"),
    "2025-08": dict(fmt="wide", enc="utf-8", units="id", na="/", headers="id", unit_header="unit"),
    "2025-09": dict(fmt="wide", enc="utf-8", units="name", na="—", blank_row=True),
    "2025-10": dict(fmt="wide", enc="utf-8", units="name", na="—"),
    "2025-Q1": dict(fmt="xlsx", units="name", na="—", twohead=True, sheet="一季度"),
    "2025-Q2": dict(fmt="xlsx", units="id", na="不适用", sheet="二季度"),
    "2025-Q3": dict(fmt="wide", enc="utf-8", units="name", na="—", percent_cells=[("zfb", "zdrw"), ("xcjd", "zdrw")]),
}
THEMED_FORM = dict(fmt="wide", enc="utf-8", units="id", na="—")
# a few cells typed with full-width digits (全角), as they come from some input methods
FULLWIDTH = {("2025", "kjj", "ysxt"), ("2025-04", "jyj", "yshj"), ("2025-04", "xsx", "zdrw"),
             ("2025-Q3", "czj", "jcdj"), ("2025-Q3", "bhjd", "xczx"), ("2025-02", "dhz", "yshj")}

# ---------------------------------------------------------------------------------------------
# The city's 15-indicator standings (晾晒 of indicators): rank of 示例区 among 10 districts.
# ---------------------------------------------------------------------------------------------
STANDINGS = [
    # indicator, H1 rank, Q3 rank, responsible units, note H1, note Q3
    ("jcdj", 3, 2, ["zzb"], "", "较上半年前移1位"),
    ("dflz", 5, 4, ["jwjw"], "", "较上半年前移1位，进入绿色区间"),
    ("ysxt", 2, 2, ["xcb"], "", ""),
    ("gbdw", 6, 5, ["zzb"], "", "较上半年前移1位"),
    ("zsyz", 8, 6, ["tzcj", "swj"], "签约项目资金到位偏慢", "较上半年前移2位，退出红色区间"),
    ("qyxm", 4, 3, ["tzcj"], "", ""),
    ("gdtz", 9, 8, ["fgw", "zjj"], "新开工项目不足", "仍处红色区间，列入约谈"),
    ("xmkg", 7, 4, ["fgw", "yqgw"], "", "较上半年前移3位"),
    ("tscy", 5, 6, ["nmj"], "", "较上半年后移1位"),
    ("aqsg", 1, 1, ["yjj"], "全市并列第1", "全市并列第1"),
    ("xfjj", 10, 9, ["xfj", "zfw"], "积案化解进度全市最慢", "仍处红色区间，列入约谈"),
    ("yshj", 6, 5, ["xzsp", "fgw"], "", ""),
    ("zdrw", 4, 4, ["zfb"], "", ""),
    ("yfxz", 8, 7, ["sfj"], "行政复议纠错率偏高", "退出红色区间"),
    ("xczx", 3, 3, ["nmj"], "", ""),
]

# ---------------------------------------------------------------------------------------------
# 揭榜领题 tasks (reference date 2025-11-30): title, unit, level, claimant post,
# claimed_on, due, status, progress, remark
# ---------------------------------------------------------------------------------------------
TASKS_DATA = [
    ("幸福家园小区自来水管网改造", "xcjd", "科级", "街道党工委副书记、办事处主任", "2025-03-20", "2025-06-30", "已完成", 100, "改造供水管道2.6公里，惠及1100余户"),
    ("滨河花园老旧小区加装电梯试点", "bhjd", "科级", "街道党工委书记", "2025-03-20", "2025-10-31", "进行中", 70, "已完工5部，3部因住户意见未统一暂缓"),
    ("东河镇农贸市场提升改造", "dhz", "科级", "镇党委书记", "2025-03-20", "2025-08-31", "已完成", 100, ""),
    ("新材料产业园招商项目落地服务", "tzcj", "县处级", "区政府副区长", "2025-03-20", "2025-12-31", "进行中", 75, "已签约4个项目，2个开工"),
    ("重点项目用地报批提速", "zrzyj", "科级", "分局局长", "2025-03-25", "2025-09-30", "已完成", 100, "平均报批时限压缩至25个工作日"),
    ("城区背街小巷路灯补亮", "cgj", "科级", "局长", "2025-03-25", "2025-07-31", "进行中", 55, "逾期未完成，已列入预警"),
    ("中小学课后服务全覆盖", "jyj", "科级", "局长", "2025-03-25", "2025-09-01", "已完成", 100, ""),
    ("社区卫生服务中心标准化建设", "wjw", "科级", "主任", "2025-03-25", "2025-12-31", "进行中", 80, ""),
    ("乌兰敖包苏木农村牧区人居环境整治", "wlabsm", "科级", "苏木党委书记", "2025-04-02", "2025-10-31", "已完成", 100, ""),
    ("企业开办一网通办压缩至1个工作日", "xzsp", "科级", "局长", "2025-04-02", "2025-06-30", "已完成", 100, ""),
    ("工业园区污水处理厂提标改造", "yqgw", "县处级", "区委常委、园区党工委书记", "2025-04-02", "2025-12-31", "进行中", 45, "设备采购滞后，进度落后于序时"),
    ("历史遗留信访积案化解", "xfj", "县处级", "区委常委、政法委书记", "2025-04-02", "2025-11-15", "进行中", 60, "12件积案已化解7件，逾期未完成"),
    ("危化品企业安全隐患排查整治", "yjj", "科级", "局长", "2025-04-02", "2025-08-31", "已完成", 100, "排查整改隐患136处"),
    ("城乡居民医保参保扩面", "ybj", "科级", "局长", "2025-04-08", "2025-12-31", "进行中", 90, ""),
    ("规上工业企业培育入库", "gxj", "科级", "局长", "2025-04-08", "2025-12-31", "进行中", 65, "已入库3家，目标6家"),
    ("西山乡特色杂粮产业链延伸", "xsx", "科级", "乡党委书记", "2025-04-08", "2025-11-30", "已完成", 100, ""),
    ("南湖镇湿地保护与生态修复", "nhz", "科级", "镇长", "2025-04-08", "2025-10-31", "进行中", 40, "逾期未完成，已列入预警"),
    ("青松镇设施农业大棚提质", "qsz", "科级", "镇党委书记", "2025-04-15", "2025-09-30", "已完成", 100, ""),
    ("白音沟镇牧区道路最后一公里", "bygz", "科级", "镇长", "2025-04-15", "2025-10-15", "已完成", 100, ""),
    ("老旧小区雨污分流改造", "zjj", "科级", "局长", "2025-04-15", "2025-11-30", "进行中", 85, ""),
    ("农村客运班线优化", "jtj", "科级", "局长", "2025-04-15", "2025-08-31", "已完成", 100, ""),
    ("小型水库除险加固", "slj", "科级", "局长", "2025-04-15", "2025-10-31", "进行中", 50, "汛期停工，逾期未完成"),
    ("肉羊养殖标准化示范场建设", "nmj", "科级", "局长", "2025-04-20", "2025-12-31", "进行中", 70, ""),
    ("夜间经济街区打造", "swj", "科级", "局长", "2025-04-20", "2025-09-30", "已完成", 100, ""),
    ("全民健身中心开放运营", "wltj", "科级", "局长", "2025-04-20", "2025-12-31", "进行中", 20, "进度明显落后于序时"),
    ("退役军人服务站规范化建设", "tyjr", "科级", "局长", "2025-04-20", "2025-07-31", "已完成", 100, ""),
    ("校园周边食品安全专项整治", "scj", "科级", "局长", "2025-04-20", "2025-06-30", "已完成", 100, ""),
    ("拖欠农民工工资动态清零", "rsj", "科级", "局长", "2025-04-25", "2025-12-31", "进行中", 85, ""),
    ("社区嵌入式养老服务中心建设", "mzj", "科级", "局长", "2025-04-25", "2025-12-31", "进行中", 60, ""),
    ("公共法律服务站点村社全覆盖", "sfj", "科级", "局长", "2025-04-25", "2025-09-30", "已完成", 100, ""),
    ("闲置国有资产盘活利用", "czj", "县处级", "区政府副区长", "2025-04-25", "2025-12-31", "进行中", 55, ""),
    ("城区停车难综合治理", "gafj", "县处级", "区政府副区长、公安分局局长", "2025-04-25", "2025-12-31", "进行中", 35, "新增车位建设进度落后于序时"),
    ("沿街商铺油烟扰民整治", "sthj", "科级", "分局局长", "2025-05-10", "2025-08-31", "已完成", 100, ""),
    ("林草防火设施建设", "lcj", "科级", "局长", "2025-05-10", "2025-10-31", "已完成", 100, ""),
    ("机关办公用房清理整改", "jgsw", "科级", "主任", "2025-05-10", "2025-09-30", "未开始", 0, "方案未获批复，逾期未启动"),
    ("新城街道15分钟便民生活圈", "xcjd", "县处级", "区委常委、常务副区长", "2025-05-10", "2025-12-31", "进行中", 90, ""),
    ("滨河街道物业服务矛盾化解", "bhjd", "科级", "办事处主任", "2025-05-10", "2025-11-30", "已完成", 100, ""),
    ("招商项目签约即落地专班", "fgw", "县处级", "区政府副区长", "2025-06-05", "2025-12-31", "进行中", 80, ""),
    ("青年人才驿站建设", "tqw", "科级", "书记", "2025-10-20", "2025-12-31", "未开始", 0, ""),
    ("困难职工精准帮扶", "zgh", "科级", "常务副主席", "2025-10-20", "2025-12-31", "未开始", 0, ""),
]

# 2024 疫情防控一线鉴定 style campaign registration (登记式): unit, post, grade
CAMPAIGN_2024 = [
    ("dhz", "党委副书记", "优秀"), ("dhz", "副镇长", "良好"), ("dhz", "武装部长", "良好"),
    ("xsx", "党委副书记", "良好"), ("xsx", "副乡长", "优秀"), ("xsx", "人大主席", "一般"),
    ("nhz", "党委副书记", "良好"), ("nhz", "副镇长", "一般"),
    ("qsz", "党委委员、副镇长", "良好"), ("qsz", "党委副书记", "良好"),
    ("wlabsm", "党委副书记", "优秀"), ("wlabsm", "副苏木达", "良好"),
    ("bygz", "副镇长", "一般"), ("bygz", "党委委员", "较差"),
    ("xcjd", "街道党工委副书记", "优秀"), ("xcjd", "办事处副主任", "优秀"), ("xcjd", "社区党委书记", "良好"),
    ("bhjd", "街道党工委副书记", "良好"), ("bhjd", "办事处副主任", "一般"),
    ("wjw", "党组成员、副主任", "优秀"), ("wjw", "副主任", "良好"),
    ("gafj", "副局长", "优秀"), ("gafj", "派出所所长", "良好"),
    ("jtj", "副局长", "良好"), ("scj", "副局长", "良好"), ("mzj", "副局长", "一般"),
    ("yjj", "副局长", "优秀"), ("zjj", "副局长", "良好"), ("jyj", "副局长", "良好"), ("rmt", "副主任", "良好"),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"


# =============================================================================================
# Machinery
# =============================================================================================
@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    category: str
    weight: int
    direction: str
    unit: str
    target: float
    floor: float
    responsible: str
    applies_to: str
    value_kind: str
    decimals: int

    def applies(self, kind: str) -> bool:
        return not self.applies_to or kind in self.applies_to.split(";")


INDICATORS = [Indicator(*row) for row in INDICATOR_ROWS]
IND = {i.id: i for i in INDICATORS}
UNITS = [(uid, name, short, DEPT) for uid, name, short in DEPARTMENTS] + \
        [(uid, name, short, TOWN) for uid, name, short in TOWNSHIPS]
UNIT_NAME = {u[0]: u[1] for u in UNITS}
UNIT_KIND = {u[0]: u[3] for u in UNITS}
UNIT_IDS = [u[0] for u in UNITS]
NA = "NA"
TRENDING = [u for u, (_, trend, _) in STORY.items() if trend and trend[0] != trend[1]]


def rng_for(*parts) -> random.Random:
    return random.Random(":".join(str(p) for p in (SEED, *parts)))


def period_indicators(period: str) -> list[str]:
    if "--" in period:
        return list(ZHAOSHANG)
    if re.fullmatch(r"\d{4}-\d{2}", period):  # monthly: 主导产业 and 部门任务 only
        return [i.id for i in INDICATORS if i.category != PARTY]
    return [i.id for i in INDICATORS]


def category_weights(period: str) -> dict:
    return CATEGORY_WEIGHTS_2023 if period.startswith("2023") else CATEGORY_WEIGHTS


def normalise(ind: Indicator, x: Fraction) -> Fraction:
    """功效系数法: 60 + 40 * clip((x - floor) / (target - floor), 0, 1)."""
    t, f = Fraction(str(ind.target)), Fraction(str(ind.floor))
    r = (x - f) / (t - f)
    return 60 + 40 * min(max(r, Fraction(0)), Fraction(1))


def round2(x: Fraction) -> Fraction:
    """Half away from zero, 2 decimals, exact."""
    q = abs(x) * 100
    n = math.floor(q + Fraction(1, 2))
    return Fraction(n if x >= 0 else -n, 100)


def composite(uid: str, values: dict, period: str, bonus=0, penalty=0) -> Fraction:
    kind = UNIT_KIND[uid]
    cats: dict[str, list] = {}
    for iid in period_indicators(period):
        ind = IND[iid]
        v = values.get(iid, NA)
        if v == NA or not ind.applies(kind):
            continue
        cats.setdefault(ind.category, []).append((ind.weight, normalise(ind, Fraction(v))))
    cw = category_weights(period)
    total = sum(cw[c] for c in cats)
    s = sum(cw[c] / total * sum(w * n for w, n in lst) / sum(w for w, _ in lst) for c, lst in cats.items())
    return round2(s + bonus - penalty)


def fmt_value(ind: Indicator, x: float) -> str:
    return f"{x:.{ind.decimals}f}"


def raw_from_norm(ind: Indicator, n: float) -> str:
    """Turn a wanted normalised score into a raw cell value (beyond target/floor where plausible)."""
    u = (n - 60) / 40
    t, f = ind.target, ind.floor
    x = f + (t - f) * u
    k = ind.value_kind
    if k in ("score", "pct"):
        x = min(max(x, 45.0), 100.0)
    elif k == "money":
        x = min(max(x, 120.0), 2.0 * t)
    elif k == "growth":
        x = min(max(x, -8.0), 1.8 * t)
    elif k == "count":
        x = max(0, round(x))
        x = min(x, 10)
    return fmt_value(ind, x)


def personality(uid: str) -> dict:
    r = rng_for("personality", uid)
    return {PARTY: r.gauss(0, 2.0), INDUSTRY: r.gauss(0, 3.0), TASKS: r.gauss(0, 2.0)}


def draw_row(uid: str, period: str, level: float, r: random.Random, exempt: dict) -> dict:
    kind = UNIT_KIND[uid]
    pers = personality(uid)
    shift = r.uniform(-4, 4)
    row = {}
    for iid in period_indicators(period):
        ind = IND[iid]
        if not ind.applies(kind):
            row[iid] = NA
            continue
        if exempt.get(iid):
            row[iid] = NA
            continue
        n = level + pers[ind.category] + shift + EASE.get(iid, 0) + r.gauss(0, 6.5 if ind.value_kind != "count" else 9)
        row[iid] = raw_from_norm(ind, n)
    return row


def generate(uid: str, period: str, level: float, bonus=0, penalty=0, equal_to: Fraction | None = None,
             tol=0.5) -> tuple[dict, Fraction]:
    """Draw a row whose final score is within tol of level (or exactly equal_to)."""
    r = rng_for("row", period, uid)
    exempt = {iid: mark for (p, u, iid), mark in EXEMPT.items() if p == period and u == uid}
    base = level - bonus + penalty
    for _ in range(200000):
        row = draw_row(uid, period, base, r, exempt)
        s = composite(uid, row, period, bonus, penalty)
        if equal_to is not None:
            if s == equal_to:
                return row, s
        elif abs(float(s) - level) <= tol:
            return row, s
    raise SystemExit(f"cannot draw {uid} {period} at {level}")


# ---------------------------------------------------------------------------------------------
# Planning the levels
# ---------------------------------------------------------------------------------------------
def away_from(x: float, edges=(80.0, 90.0), gap=0.7) -> float:
    for e in edges:
        if abs(x - e) < gap:
            x = e + gap if x >= e else e - gap
    return x


def plan_years() -> dict:
    """level[year][uid] = wanted final score."""
    level = {y: {} for y in YEARS}
    for uid in UNIT_IDS:
        r = rng_for("base", uid)
        base, trend = r.gauss(86.0, 3.4), r.gauss(0, 1.2)
        for k, y in enumerate(YEARS):
            story = STORY.get(uid)
            if story and story[0][k] is not None:
                level[y][uid] = story[0][k]
            else:
                level[y][uid] = min(max(base + trend * (y - 2024) + r.gauss(0, 2.4), 72.5), 96.5)
    for y in YEARS:
        fixed = [u for u in UNIT_IDS if UNIT_KIND[u] == DEPT and STORY.get(u) and STORY[u][0][YEARS.index(y)] is not None]
        free = [u for u in UNIT_IDS if UNIT_KIND[u] == DEPT and u not in fixed]
        want = DEPT_EXCELLENT[y] - sum(level[y][u] >= 90 for u in fixed)
        # only the story's units are 优秀 three years running
        earlier = [yy for yy in YEARS if yy < y][-2:]
        blocked = {u for u in free if len(earlier) == 2 and all(level[yy][u] >= 90 for yy in earlier)}
        ranked = sorted([u for u in free if u not in blocked], key=lambda u: -level[y][u]) + sorted(blocked)
        r = rng_for("fit", y)
        for i, u in enumerate(ranked):
            if i < want and level[y][u] < 90.7:
                level[y][u] = 90.7 + r.uniform(0, 1.5)
            elif i >= want and level[y][u] > 89.3:
                level[y][u] = 89.3 - r.uniform(0, 1.5)
            if len(earlier) == 2 and all(level[yy][u] < 80 for yy in earlier) and level[y][u] < 80:
                level[y][u] = 80.7 + r.uniform(0, 2.0)  # ... and only the story's units are 一般 three years
            level[y][u] = away_from(level[y][u])
    return level


def plan_sub_periods(year_level: dict) -> dict:
    """level[period][uid] for months and quarters of 2025."""
    level = {p: {} for p in MONTHS + QUARTERS}
    for uid in UNIT_IDS:
        r = rng_for("sub", uid)
        story = STORY.get(uid)
        trend = story[1] if story and story[1] else None
        for m, p in enumerate(MONTHS, start=1):
            if trend:
                a, b = trend
                x = a + (b - a) * (m - 1) / 9
            else:
                x = year_level[2025][uid] + r.gauss(0, 2.2)
            level[p][uid] = min(max(x, 70.0), 97.5)
        for q, p in enumerate(QUARTERS):
            months = MONTHS[3 * q:3 * q + 3]
            level[p][uid] = statistics.fmean(level[mm][uid] for mm in months) + (0 if trend else r.gauss(0, 1.0))
    return level


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------
FW = str.maketrans("0123456789.", "０１２３４５６７８９．")


def header_for(iid: str, style: str) -> str:
    ind = IND[iid]
    if style == "id":
        return iid
    if style == "half":
        return f"{ind.name} ({ind.unit})"
    return f"{ind.name}（{ind.unit}）"


def cell_text(period: str, uid: str, iid: str, raw: str, form: dict) -> str:
    ind = IND[iid]
    if raw == NA:
        return EXEMPT.get((period, uid, iid), form.get("na", "—"))
    text = raw
    if form.get("thousands") and ind.value_kind == "money":
        text = f"{float(raw):,.{ind.decimals}f}"
    if iid in form.get("percent", []) or (uid, iid) in form.get("percent_cells", []):
        text = raw + "%"
    if (period, uid, iid) in FULLWIDTH:
        text = text.translate(FW)
    return text


def write_text(path: Path, text: str, enc: str = "utf-8", crlf: bool = False) -> None:
    if crlf:
        text = text.replace("\n", "\r\n")
    path.write_bytes(text.encode(enc))


def csv_text(rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerows(rows)
    return buf.getvalue()


def unit_ref(uid: str, form: dict) -> str:
    return uid if form.get("units") == "id" else UNIT_NAME[uid]


def table_rows(period: str, data: dict, form: dict, adjustments: dict | None) -> tuple[list, list]:
    inds = period_indicators(period)
    header = ([("序号")] if form.get("seq") else []) + [form.get("unit_header", "单位")]
    header += [header_for(i, form.get("headers", "name")) for i in inds]
    if adjustments is not None:
        header += ["加分", "扣分", "备注"]
    rows = []
    for n, uid in enumerate([u for u in UNIT_IDS if u in data[period]], start=1):
        row = ([n] if form.get("seq") else []) + [unit_ref(uid, form)]
        row += [cell_text(period, uid, i, data[period][uid][i], form) for i in inds]
        if adjustments is not None:
            b, p, note = adjustments.get(uid, (0, 0, ""))
            row += [b or "", p or "", note]
        rows.append(row)
    return header, rows


def write_wide_csv(path: Path, period: str, data: dict, form: dict, adjustments=None) -> None:
    header, rows = table_rows(period, data, form, adjustments)
    if form.get("blank_row"):  # the empty line an office leaves between 部门 and 乡镇
        first_town = next(i for i, r in enumerate(rows) if UNIT_KIND.get(r[0]) == TOWN
                          or UNIT_KIND.get(_id_of(r[0])) == TOWN)
        rows.insert(first_town, [""] * len(header))
    write_text(path, csv_text([header, *rows]), form["enc"], form.get("crlf", False))


def _id_of(ref: str) -> str | None:
    for uid, name, *_ in UNITS:
        if ref in (uid, name):
            return uid
    return None


def write_long_csv(path: Path, period: str, data: dict, form: dict) -> None:
    rows = [["单位", "指标", "数值"]]
    for uid in UNIT_IDS:
        if uid not in data[period]:
            continue
        for iid in period_indicators(period):
            raw = data[period][uid][iid]
            if raw == NA:
                continue  # long format: only the pairs that apply
            rows.append([unit_ref(uid, form), IND[iid].name, raw])
    write_text(path, csv_text(rows), form["enc"], form.get("crlf", False))


FIXED_TIME = datetime(2025, 7, 5, 9, 0, 0)


def write_xlsx(path: Path, period: str, data: dict, form: dict) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = form["sheet"]
    inds = period_indicators(period)
    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def num(iid, raw):
        if raw == NA:
            return None
        return int(raw) if IND[iid].decimals == 0 else float(raw)

    uids = [u for u in UNIT_IDS if u in data[period]]
    if form.get("twohead"):
        ws.cell(1, 1, "单位")
        ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=1)
        col = 2
        for cat in (PARTY, INDUSTRY, TASKS):
            members = [i for i in inds if IND[i].category == cat]
            ws.cell(1, col, cat)
            ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + len(members) - 1)
            for k, iid in enumerate(members):
                ws.cell(2, col + k, header_for(iid, "name"))
            col += len(members)
        for row in ws.iter_rows(min_row=1, max_row=2):
            for c in row:
                c.font, c.alignment = bold, center
        start = 3
        ordered = [i for cat in (PARTY, INDUSTRY, TASKS) for i in inds if IND[i].category == cat]
        for r_i, uid in enumerate(uids, start=start):
            ws.cell(r_i, 1, unit_ref(uid, form))
            for k, iid in enumerate(ordered, start=2):
                raw = data[period][uid][iid]
                ws.cell(r_i, k, num(iid, raw) if raw != NA else cell_text(period, uid, iid, raw, form))
        ws.freeze_panes = "B3"
    else:
        header = (["序号"] if form.get("seq") else []) + ["单位"] + [header_for(i, "name") for i in inds]
        for k, h in enumerate(header, start=1):
            c = ws.cell(1, k, h)
            c.font, c.alignment = bold, center
        off = 2 if form.get("seq") else 1
        for r_i, uid in enumerate(uids, start=2):
            if form.get("seq"):
                ws.cell(r_i, 1, r_i - 1)
            ws.cell(r_i, off, unit_ref(uid, form))
            for k, iid in enumerate(inds, start=off + 1):
                raw = data[period][uid][iid]
                ws.cell(r_i, k, num(iid, raw) if raw != NA else cell_text(period, uid, iid, raw, form))
        if form.get("total"):  # the 合计 row offices put under the table (values, not formulas)
            r_i = len(uids) + 2
            ws.cell(r_i, off, "合计").font = bold
            for k, iid in enumerate(inds, start=off + 1):
                if IND[iid].value_kind not in ("money", "count"):
                    continue  # only amounts and counts are summed
                vals = [Fraction(data[period][u][iid]) for u in uids if data[period][u][iid] != NA]
                total = sum(vals)
                ws.cell(r_i, k, int(total) if IND[iid].decimals == 0 else float(round(total, 1))).font = bold
        ws.freeze_panes = ws.cell(2, off + 1).coordinate
    ws.column_dimensions["A"].width = 8 if form.get("seq") else 28
    if form.get("seq"):
        ws.column_dimensions["B"].width = 28
    wb.properties.creator = "示例区委考核办"
    wb.properties.created = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_deterministic_zip(buf.getvalue()))


def _deterministic_zip(blob: bytes) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml and the zip entries; fix both."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
                data = re.sub(rb"(<dcterms:created[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Grades, ranks
# ---------------------------------------------------------------------------------------------
SCALE = ["优秀", "良好", "一般", "较差"]


def band(score: Fraction) -> str:
    return "优秀" if score >= 90 else "良好" if score >= 80 else "一般" if score >= 60 else "较差"


def quota_limit(n: int) -> int:
    return math.floor(Fraction(30, 100) * n)


def demote(scores: dict) -> dict:
    """Derived grades with quota per kind; the lowest-scored excess 优秀 drop one grade (ties all drop)."""
    grades = {u: band(s) for u, s in scores.items()}
    for kind in (DEPT, TOWN):
        members = [u for u in scores if UNIT_KIND[u] == kind]
        limit = quota_limit(len(members))
        top = sorted([u for u in members if grades[u] == "优秀"], key=lambda u: -scores[u])
        if len(top) > limit:
            cut = scores[top[limit]]  # the first excess unit's score: it and everything tied with it drop
            for u in top:
                if scores[u] <= cut:
                    grades[u] = "良好"
    return grades


def ranks(scores: dict) -> dict:
    """Competition ranks (1,2,2,4) within kind."""
    out = {}
    for kind in (DEPT, TOWN):
        members = [u for u in scores if UNIT_KIND[u] == kind]
        for u in members:
            out[u] = 1 + sum(scores[v] > scores[u] for v in members)
    return out


def tier(rank: int, n: int) -> str:
    if rank <= math.ceil(Fraction(30, 100) * n):
        return "绿"
    if rank > n - math.ceil(Fraction(20, 100) * n):
        return "红"
    return "黄"


def fmt_score(s: Fraction) -> str:
    return f"{float(s):.2f}"


# ---------------------------------------------------------------------------------------------
# Content files
# ---------------------------------------------------------------------------------------------
SITE_TOML = '''\
# 示例区领导班子和领导干部考核结果公示 —— 站点设置与考核规则
# 本文件由 scripts/make_demo_content.py 生成；单位、人员、数据均为虚构的演示内容。

# 【站点信息】网站标题、发布机关和语言。contact 是异议反映渠道，印在每张晾晒表和公示上；
# publication_days 是公示期（工作日），公示类通报没有写明起止日期时按此推算。
[site]
title = "示例区领导班子和领导干部考核结果公示"
organization = "中共示例区委组织部"
lang = "zh-CN"
contact = "区委组织部干部监督科，电话 0000-1234567"
publication_days = 5

# 【计分方法】功效系数法：单项得分 = 60 + 40 ×（实际值 − 底线值）÷（目标值 − 底线值），
# 最高100分、最低60分，目标值和底线值见 indicators.csv。三大类按“三个三分之一”设置权重，
# 党的建设自2024年起由15%提高到30%（2023年的权重见下方 [years.2023.scoring]）。得分保留两位小数。
[scoring]
normalize = "efficacy"
decimals = 2
categories = [
  { id = "party", name = "党的建设", weight = 0.30 },
  { id = "industry", name = "主导产业", weight = 0.35 },
  { id = "tasks", name = "部门任务", weight = 0.35 },
]

# 【排名】区直部门、苏木乡镇街道分开排名；同分并列，下一名次顺延（1、2、2、4，与 Excel 的 RANK 相同）。
[ranking]
ties = "min"
within = "kind"

# 【红黄绿晾晒】按同类单位中的排名亮灯：排名前30%亮绿色，后20%亮红色，其余亮黄色。
# 每种颜色都配文字和形状（● ▲ ■），黑白复印也能分清。
[tiers]
basis = "percentile"
levels = [
  { id = "green", label = "绿", color = "#1a7f37", shape = "●", top_pct = 30 },
  { id = "yellow", label = "黄", color = "#9a6700", shape = "▲" },
  { id = "red", label = "红", color = "#cf222e", shape = "■", bottom_pct = 20 },
]

# 【市高质量发展15项指标晾晒】按我区在全市10个旗县区中的名次亮灯：第1—4名绿色（总结经验、宣传推广），
# 第5—7名黄色，倒数三名（第8—10名）红色（责任领导约谈、督促提升）。
[standings.tiers]
basis = "rank"
levels = [
  { id = "green", label = "绿", color = "#1a7f37", shape = "●", top = 4 },
  { id = "yellow", label = "黄", color = "#9a6700", shape = "▲" },
  { id = "red", label = "红", color = "#cf222e", shape = "■", bottom = 3 },
]

# 【年度考核等次】90分及以上为优秀，80分及以上为良好，60分及以上为一般，60分以下为较差。
# 优秀等次不超过同类单位的30%（向下取整：区直部门52个最多15个，苏木乡镇街道8个最多2个），
# 超出时按得分从低到高依次降为良好。已登记 grades/<年度>.csv 的年度以登记结果为准。
# publish_persons = false：个人等次只公布各等次人数，不公布姓名。
[grades]
scale = ["优秀", "良好", "一般", "较差"]
bands = [
  { grade = "优秀", min = 90 },
  { grade = "良好", min = 80 },
  { grade = "一般", min = 60 },
  { grade = "较差" },
]
quota = { grade = "优秀", max_share = 0.30, rounding = "floor", over_quota = "demote" }
publish_persons = false

# 【考核结果运用】根据连续几年的年度等次，在单位页面上提示：
# 连续三年优秀的，晋职时优先考虑；
[[flags]]
id = "priority"
label = "连续三年考核优秀，晋职时优先考虑"
rule = "consecutive"
grades = ["优秀"]
years = 3

# 近三年有一般及以下等次的，不得提拔使用；
[[flags]]
id = "no-promotion"
label = "近三年有一般及以下等次，不得提拔使用"
rule = "any_in_last"
grades = ["一般", "较差"]
years = 3

# 连续三年一般及以下的，对主要负责人予以组织调整。
[[flags]]
id = "adjust"
label = "连续三年一般及以下，对主要负责人予以组织调整"
rule = "consecutive"
grades = ["一般", "较差"]
years = 3

# 【2023年度规则】2023年党的建设权重为15%，主导产业、部门任务各占42.5%；其余规则与上面相同。
[years.2023.scoring]
categories = [
  { id = "party", name = "党的建设", weight = 0.15 },
  { id = "industry", name = "主导产业", weight = 0.425 },
  { id = "tasks", name = "部门任务", weight = 0.425 },
]

# 【招商引资专项通报】专题晾晒表，数据放在 results/<期间>--zhaoshang.csv，只看下列两项指标，单独排名。
[boards.zhaoshang]
title = "招商引资专项通报"
indicators = [{zhaoshang}]

# 【打印】大厅公示栏张贴用 A3 横向。
[pdf]
paper = "A3"
orientation = "landscape"

# 【数据检查】生成前查找格式无误、却可能填错的数据（gongshi check，validate 和 build 也会检查；说明见 README）。
# 区直部门 52 个单位得分接近，几分之差名次就能移动二三十位，所以名次变动超过同组单位数的 80% 才提示。
# 2025年5月区档案馆、区残疾人联合会未参评，已经核实：在 accept 中登记理由后不再提示，并列入公开审查单。
[checks]
rank_move = { max_share = 0.8 }
accept = [
  { check = "dropped", unit = "dag", period = "2025-05", reason = "区档案馆5月集中开展档案数字化攻坚，经区考核委员会同意当月不参评" },
  { check = "dropped", unit = "cl", period = "2025-05", reason = "区残疾人联合会5月换届，经区考核委员会同意当月不参评" },
]
'''


def masked_names(tag: str, n: int) -> list[str]:
    r = rng_for("names", tag)
    surnames = list(dict.fromkeys(SURNAMES))
    r.shuffle(surnames)
    out = []
    for s in surnames[:n]:
        out.append(s + ("某某" if r.random() < 0.7 else "某"))
    return out


def notice(front: dict, body: str) -> str:
    lines = ["---"]
    for k, v in front.items():
        if k in ("title",):
            lines.append(f"{k}: {v}")
        elif k == "period":
            lines.append(f'{k}: "{v}"')
        else:
            lines.append(f"{k}: {v}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body.strip() + "\n"


def names_list(uids, scores=None) -> str:
    if scores is None:
        return "、".join(UNIT_NAME[u] for u in uids)
    return "、".join(f"{UNIT_NAME[u]}（{fmt_score(scores[u])}分）" for u in uids)


def head_with_ties(ranked: list[str], scores: dict, n: int) -> list[str]:
    """The first n of a ranked list, plus any unit tied with the n-th."""
    return [u for u in ranked if scores[u] >= scores[ranked[n - 1]]]


def tail_with_ties(ranked: list[str], scores: dict, n: int) -> list[str]:
    return [u for u in ranked if scores[u] <= scores[ranked[-n]]]


def by_rank(scores: dict, kind: str) -> list[str]:
    order = {u: i for i, u in enumerate(UNIT_IDS)}
    return sorted([u for u in scores if UNIT_KIND[u] == kind], key=lambda u: (-scores[u], order[u]))


def write_notices(out: Path, data: dict, scores: dict, grades: dict, tasks: list) -> dict:
    lengths = {}
    # --- 1. 月度通报 2025-10 -----------------------------------------------------------------
    s10 = scores["2025-10"]
    rk = ranks(s10)
    d, t = by_rank(s10, DEPT), by_rank(s10, TOWN)
    n_green = sum(tier(rk[u], len(d if UNIT_KIND[u] == DEPT else t)) == "绿" for u in s10)
    n_red = sum(tier(rk[u], len(d if UNIT_KIND[u] == DEPT else t)) == "红" for u in s10)
    rk9 = ranks(scores["2025-09"])
    n_up = sum(1 for u in s10 if u in rk9 and rk[u] < rk9[u])
    n_down = sum(1 for u in s10 if u in rk9 and rk[u] > rk9[u])
    streak = 0
    for a, b in zip(MONTHS[::-1][1:], MONTHS[::-1], strict=False):
        if scores[b]["yjj"] > scores[a]["yjj"]:
            streak += 1
        else:
            break
    tie_a, tie_b = "mzj", "rsj"
    body = f"""
各苏木乡镇党委、街道党工委，区直各部门：

按照“通报式”考核工作安排，区委考核办对全区52个区直部门和8个苏木乡镇街道10月份主导产业、部门任务两大类指标完成情况进行了考核。现将有关情况通报如下。

## 一、总体情况

10月份，区直部门平均得分{fmt_score(round2(sum(s10[u] for u in d) / len(d)))}分，苏木乡镇街道平均得分{fmt_score(round2(sum(s10[u] for u in t) / len(t)))}分。按排名亮灯，{n_green}个单位亮“绿灯”，{n_red}个单位亮“红灯”。与9月份相比，{n_up}个单位排名上升，{n_down}个单位排名下降。{UNIT_NAME[tie_a]}与{UNIT_NAME[tie_b]}同为{fmt_score(s10[tie_a])}分，并列第{rk[tie_a]}名。

## 二、排名靠前单位

- 区直部门：{names_list(head_with_ties(d, s10, 3), s10)}。
- 苏木乡镇街道：{names_list(head_with_ties(t, s10, 2), s10)}。

{UNIT_NAME["yjj"]}得分已连续{streak}个月上升，排名由1月份的第{ranks(scores["2025-01"])["yjj"]}名升至第{rk["yjj"]}名，其抓工作落实的做法将在全区推广。

## 三、排名靠后单位

- 区直部门：{names_list(tail_with_ties(d, s10, 3), s10)}。
- 苏木乡镇街道：{names_list(tail_with_ties(t, s10, 2), s10)}。

上述单位主要存在招商引资到位资金偏少、重点任务推进缓慢、信访积案化解不力等问题。

## 四、下步要求

1. 亮“红灯”的单位要在11月15日前向区委考核办书面说明原因，提出整改措施。
2. 各单位要对照年度目标逐项查漏补缺，确保全年任务按期完成。
3. 月度通报结果计入年度考核，作为领导班子和领导干部评先评优、选拔任用的重要参考。

示例区委考核办
2025年11月6日
"""
    text = notice(dict(title="示例区2025年10月份重点工作考核情况通报", date="2025-11-06", kind="通报",
                       period="2025-10"), body)
    (out / "2025-10-yuedu.md").write_text(text, encoding="utf-8")
    lengths["2025-10-yuedu.md"] = len(body.strip())

    # --- 2. 预警通报 ---------------------------------------------------------------------------
    warn_day = date(2025, 11, 12)
    lag = sorted([u for u in s10 if Fraction(data["2025-10"][u]["zdrw"]) < 85],
                 key=lambda u: (Fraction(data["2025-10"][u]["zdrw"]), UNIT_IDS.index(u)))[:5]
    overdue = [tk for tk in tasks if tk["status"] != "已完成" and date.fromisoformat(tk["due"]) < warn_day]
    lag_lines = "\n".join(f"- {UNIT_NAME[u]}：重点任务完成率{data['2025-10'][u]['zdrw']}%，低于85%的预警线。"
                          for u in lag)
    task_lines = "\n".join(
        f"- {UNIT_NAME[tk['unit']]}：“{tk['title']}”（领题人{tk['claimant']}），应于{_cn_date(tk['due'])}完成，"
        f"目前进度{tk['progress']}%。" for tk in overdue)
    body = f"""
各苏木乡镇党委、街道党工委，区直各部门：

根据10月份考核和“揭榜领题”工作督查情况，现对以下重点任务推进滞后的单位予以预警。

## 一、预警情况

（一）重点任务完成率偏低的单位

{lag_lines}

（二）揭榜领题任务逾期未完成的单位

{task_lines}

## 二、整改要求

1. 被预警单位主要负责人要亲自研究，于2025年11月20日前向区委考核办报送整改方案，明确责任人和完成时限。
2. 逾期任务要在2025年12月15日前完成；确实无法完成的，须说明原因并经区委考核委员会同意后调整时限。
3. 区委考核办将于12月中旬组织专项督查，整改情况在12月份月度通报中公布。

## 三、结果运用

连续两次被预警的单位，由区委分管领导进行约谈；整改不力的，年度考核不得评为优秀等次。

示例区委考核办
2025年11月12日
"""
    text = notice(dict(title="关于重点任务推进滞后单位的预警通报", date="2025-11-12", kind="预警",
                       period="2025-10"), body)
    (out / "2025-11-yujing.md").write_text(text, encoding="utf-8")
    lengths["2025-11-yujing.md"] = len(body.strip())

    # --- 3. 公示：2025年度优秀等次拟定名单 ------------------------------------------------------
    g25, s25 = grades[2025], scores["2025"]
    ex = [u for u in by_rank(s25, DEPT) + by_rank(s25, TOWN) if g25[u] == "优秀"]
    rows = "\n".join(f"| {i} | {UNIT_NAME[u]} | {UNIT_KIND[u]} |" for i, u in enumerate(ex, 1))
    three = [u for u in ex if grades[2023].get(u) == "优秀" and grades[2024].get(u) == "优秀"]
    body = f"""
根据《示例区领导班子和领导干部年度考核办法》，经综合考核、民主测评和区委考核委员会研究，拟确定以下{len(ex)}个单位为2025年度考核优秀等次（优秀等次比例控制在同类单位的30%以内），现予以公示。

| 序号 | 单位 | 类别 |
| --- | --- | --- |
{rows}

其中，{names_list(three)}连续三年考核优秀。

公示时间：2026年1月5日至1月9日（5个工作日）。

公示期间，对拟定名单有异议的，可通过以下方式向区委组织部干部监督科反映：

- 电话：0000-1234567（工作日 8:30—12:00，14:30—18:00）
- 来信来访：示例区人民路1号区委组织部干部监督科

反映问题要实事求是、具体详实，提倡署真实姓名；以单位名义反映的应加盖公章。我们将对反映人和反映内容严格保密。

中共示例区委组织部
2026年1月5日
"""
    text = notice(dict(title="示例区2025年度考核优秀等次拟定名单公示", date="2026-01-05", kind="公示",
                       period="2025", publish_from="2026-01-05", publish_to="2026-01-09"), body)
    (out / "2026-01-gongshi.md").write_text(text, encoding="utf-8")
    lengths["2026-01-gongshi.md"] = len(body.strip())

    # --- 4. 年度通报 2024 -----------------------------------------------------------------------
    g24, s24 = grades[2024], scores["2024"]
    cnt = {k: {g: sum(1 for u in g24 if UNIT_KIND[u] == k and g24[u] == g) for g in SCALE} for k in (DEPT, TOWN)}
    ex24 = [u for u in by_rank(s24, DEPT) + by_rank(s24, TOWN) if g24[u] == "优秀"]
    fair24 = [u for u in by_rank(s24, DEPT) + by_rank(s24, TOWN) if g24[u] in ("一般", "较差")]
    two = [u for u in ex24 if grades[2023].get(u) == "优秀"]
    twice_fair = [u for u in fair24 if grades[2023].get(u) in ("一般", "较差")]
    body = f"""
各苏木乡镇党委、街道党工委，区直各部门：

2024年度领导班子和领导干部考核工作已经结束。经区委考核委员会审定，现将考核结果通报如下。

## 一、考核结果

全区52个区直部门中，优秀{cnt[DEPT]["优秀"]}个、良好{cnt[DEPT]["良好"]}个、一般{cnt[DEPT]["一般"]}个；8个苏木乡镇街道中，优秀{cnt[TOWN]["优秀"]}个、良好{cnt[TOWN]["良好"]}个、一般{cnt[TOWN]["一般"]}个。优秀等次均控制在同类单位的30%以内。

**优秀等次单位：**{names_list(ex24)}。

**一般等次单位：**{names_list(fair24)}。

## 二、结果运用

1. 年度考核结果与干部选拔任用挂钩：领导干部连续三年考核优秀的，晋职时优先考虑；近三年年度考核中有一般及以下等次的，不得提拔使用。
2. 连续三年考核为一般及以下的单位，对主要负责人予以组织调整。{names_list(twice_fair)}已连续两年考核为一般，区委已对其主要负责人进行诫勉谈话，2025年度仍为一般的，将按规定予以组织调整。
3. {names_list(two)}连续两年考核优秀，要总结经验、再接再厉。

## 三、工作要求

各单位要认真对照考核中发现的问题，逐项制定整改措施，于3月底前将整改情况报区委考核办。

中共示例区委组织部
示例区委考核办
2025年2月18日
"""
    text = notice(dict(title="关于2024年度领导班子考核结果的通报", date="2025-02-18", kind="通报",
                       period="2024"), body)
    (out / "2024-niandu.md").write_text(text, encoding="utf-8")
    lengths["2024-niandu.md"] = len(body.strip())
    return lengths


def _cn_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


# =============================================================================================
def main(argv: list[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    out = Path(argv[1]) if len(argv) > 1 else root / "content"
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("results", "standings", "grades", "notices"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir()
    for f in ("site.toml", "units.csv", "indicators.csv", "tasks.csv"):
        (out / f).unlink(missing_ok=True)

    # ----- site.toml, units.csv, indicators.csv ---------------------------------------------
    toml = SITE_TOML.replace("{zhaoshang}", ", ".join(f'"{i}"' for i in ZHAOSHANG))
    import tomllib
    tomllib.loads(toml)  # must parse
    (out / "site.toml").write_text(toml, encoding="utf-8")

    rows = [["id", "name", "kind", "short_name", "order"]]
    rows += [[uid, name, kind, short, i] for i, (uid, name, short, kind) in enumerate(UNITS, start=1)]
    (out / "units.csv").write_text(csv_text(rows), encoding="utf-8")

    rows = [["id", "name", "category", "weight", "direction", "unit", "target", "floor", "responsible", "applies_to"]]
    for i in INDICATORS:
        rows.append([i.id, i.name, i.category, i.weight, i.direction, i.unit, _num(i.target), _num(i.floor),
                     i.responsible, i.applies_to])
    (out / "indicators.csv").write_text(csv_text(rows), encoding="utf-8")

    # ----- results ---------------------------------------------------------------------------
    year_level = plan_years()
    sub_level = plan_sub_periods(year_level)
    adjust = {y: {u: (b, p, note) for (yy, u, b, p, note) in ADJUSTMENTS if yy == y} for y in YEARS}
    for (p, u), note in EXEMPT_NOTES.items():
        b, pen, old = adjust[int(p)].get(u, (0, 0, ""))
        adjust[int(p)][u] = (b, pen, "；".join(x for x in (old, note) if x))
    data: dict[str, dict] = {}
    scores: dict[str, dict] = {}
    tie_of = {(p, b): a for p, a, b in TIES}

    def fill(period, levels, adj=None):
        data[period], scores[period] = {}, {}
        for uid in UNIT_IDS:
            if uid in ABSENT.get(period, []):
                continue
            b, pen, _ = (adj or {}).get(uid, (0, 0, ""))
            a = tie_of.get((period, uid))
            eq = scores[period][a] if a else None
            tol = 0.35 if uid in TRENDING else 0.5  # keeps the story's month-on-month order
            data[period][uid], scores[period][uid] = generate(uid, period, levels[uid], b, pen, eq, tol)

    for y in YEARS:
        fill(str(y), year_level[y], adjust[y])
    for p in MONTHS + QUARTERS:
        fill(p, sub_level[p])
    for p in ("2025-03", "2025-06", "2025-09"):
        tp = f"{p}--zhaoshang"
        data[tp] = {u: {i: data[p][u][i] for i in ZHAOSHANG} for u in data[p]}
        scores[tp] = {u: composite(u, data[tp][u], tp) for u in data[tp]}

    res = out / "results"
    for p, form in FORMS.items():
        adj = None
        if re.fullmatch(r"\d{4}", p):
            adj = {u: v for u, v in adjust[int(p)].items()}
        if form["fmt"] == "wide":
            write_wide_csv(res / f"{p}.csv", p, data, form, adj)
        elif form["fmt"] == "long":
            write_long_csv(res / f"{p}.csv", p, data, form)
        else:
            write_xlsx(res / f"{p}.xlsx", p, data, form)
    for p in ("2025-03", "2025-06", "2025-09"):
        tp = f"{p}--zhaoshang"
        write_wide_csv(res / f"{tp}.csv", tp, data, THEMED_FORM)

    # ----- grades ------------------------------------------------------------------------------
    grades = {}
    for y in YEARS:
        derived = demote(scores[str(y)])
        grades[y] = derived
        if y < 2025:
            # registered grades = the bands (the office kept 优秀 within the quota by design)
            assert derived == {u: band(s) for u, s in scores[str(y)].items()}, f"{y}: quota would demote"
    rows = [["unit", "grade"]] + [[UNIT_NAME[u], grades[2023][u]] for u in UNIT_IDS]
    (out / "grades" / "2023.csv").write_text(csv_text(rows), encoding="utf-8")
    rows = [["unit", "grade"]] + [[u, grades[2024][u]] for u in UNIT_IDS]
    (out / "grades" / "2024.csv").write_text(csv_text(rows), encoding="utf-8")
    persons = masked_names("campaign-2024", len(CAMPAIGN_2024))
    rows = [["unit", "person", "post", "grade"]]
    rows += [[UNIT_NAME[u], persons[k], post, g] for k, (u, post, g) in enumerate(CAMPAIGN_2024)]
    (out / "grades" / "2024--yiqing.csv").write_text(csv_text(rows), encoding="utf-8")

    # ----- standings ---------------------------------------------------------------------------
    rows = [["indicator", "rank", "out_of", "responsible", "note"]]
    rows += [[IND[i].name, h1, 10, "、".join(UNIT_NAME[u] for u in resp), n1] for i, h1, q3, resp, n1, n3 in STANDINGS]
    (out / "standings" / "2025-H1.csv").write_text(csv_text(rows), encoding="utf-8")
    rows = [["indicator", "rank", "out_of", "responsible", "note"]]
    rows += [[i, q3, 10, "、".join(resp), n3] for i, h1, q3, resp, n1, n3 in STANDINGS]
    (out / "standings" / "2025-Q3.csv").write_text(csv_text(rows), encoding="utf-8")

    # ----- tasks -------------------------------------------------------------------------------
    claimants = masked_names("tasks", len(TASKS_DATA))
    tasks = []
    for k, (title, unit, level, post, claimed, due, status, progress, remark) in enumerate(TASKS_DATA, start=1):
        tasks.append(dict(id=f"t{k:03d}", title=title, claimant=claimants[k - 1], level=level, unit=unit,
                          claimed_on=claimed, due=due, status=status, progress=progress,
                          note="；".join(x for x in (post, remark) if x)))
    cols = ["id", "title", "claimant", "level", "unit", "claimed_on", "due", "status", "progress", "note"]
    (out / "tasks.csv").write_text(csv_text([cols] + [[t[c] for c in cols] for t in tasks]), encoding="utf-8")

    # ----- notices -----------------------------------------------------------------------------
    lengths = write_notices(out / "notices", data, scores, grades, tasks)

    # ----- the story holds ---------------------------------------------------------------------
    check_story(scores, grades, tasks, lengths)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check_story(scores, grades, tasks, lengths) -> None:
    for y in YEARS:
        for kind in (DEPT, TOWN):
            members = [u for u in UNIT_IDS if UNIT_KIND[u] == kind]
            n_ex = sum(grades[y][u] == "优秀" for u in members)
            assert n_ex <= quota_limit(len(members)), (y, kind, n_ex)
    assert sum(scores["2025"][u] >= 90 for u in UNIT_IDS if UNIT_KIND[u] == TOWN) == 3
    assert grades[2025]["xsx"] == "良好" and scores["2025"]["xsx"] >= 90
    for u in ("fgw", "xcjd"):
        assert all(grades[y][u] == "优秀" for y in YEARS), u
    assert all(grades[y]["cgj"] == "一般" for y in YEARS)
    for u in ("yjj", "xsx"):
        ys = [scores[str(y)][u] for y in YEARS]
        ms = [scores[m][u] for m in MONTHS]
        assert ys == sorted(ys) and ms == sorted(ms), u
    for u in ("wltj", "nhz"):
        ys = [scores[str(y)][u] for y in YEARS]
        ms = [scores[m][u] for m in MONTHS]
        assert ys == sorted(ys, reverse=True) and ms == sorted(ms, reverse=True), u
    for p, a, b in TIES:
        assert scores[p][a] == scores[p][b]
    ref = date(2025, 11, 30)
    overdue = [t for t in tasks if t["status"] != "已完成" and date.fromisoformat(t["due"]) < ref]
    assert len(overdue) >= 4, overdue
    for t in tasks:
        assert (t["status"] == "已完成") == (t["progress"] == 100)
        assert (t["status"] == "未开始") == (t["progress"] == 0)
    for name, n in lengths.items():
        assert 400 <= n <= 900, (name, n)
    print("content written; story checks passed")
    for name, n in lengths.items():
        print(f"  notices/{name}: {n} characters")


if __name__ == "__main__":
    main(sys.argv)
