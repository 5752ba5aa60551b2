"""generator/model/check_settings.py: site.toml's [checks], each wrong setting named with its line and what
it takes (levels, thresholds in their bounds, accepted warnings with a reason and a real period)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.build import examine
from generator.errors import ContentError
from generator.i18n import Translator
from tests.support import SITE_TOML, make_content

TODAY = date(2026, 1, 6)
ZH = Translator("zh-CN")

CONFIG_CASES = [
    ("rank_move = { max_share = 1.5 }", "site.toml:{line}:checks.rank_move.max_share: 不能大于 1"),
    ('score_move = { level = "loud" }', "site.toml:{line}:checks.score_move.level: 取值只能是 'warn', 'error', 'off'"),
    ("constant = { min_units = 1 }", "site.toml:{line}:checks.constant.min_units: 不能小于 2"),
    ("loud = true", "site.toml:{line}:checks.loud: 未知的设置项（请检查拼写）"),
    ('accept = [{ check = "dropped", reason = " " }]',
     "site.toml:{line}:checks.accept.0.reason: 请写明确认这条警告的理由（reason 不能为空）"),
    ('accept = [{ check = "dropped", period = "2025-13", reason = "x" }]',
     "site.toml:{line}:checks.accept.0.period: “2025-13”不是期次：应为 2025（年度）、2025-H1（半年）、"
     "2025-Q2（季度）或 2025-03（月度）"),
]


@pytest.mark.parametrize(("setting", "expected"), CONFIG_CASES)
def test_bad_checks_settings_are_named(tmp_path: Path, setting: str, expected: str) -> None:
    toml = SITE_TOML + "\n[checks]\n" + setting + "\n"
    line = toml.splitlines().index(setting) + 1
    with pytest.raises(ContentError) as raised:
        examine(make_content(tmp_path, {"site.toml": toml}), TODAY)
    assert raised.value.lines(ZH) == [expected.format(line=line)]


def test_a_misspelt_check_in_accept(tmp_path: Path) -> None:
    toml = SITE_TOML + '\n[checks]\naccept = [{ check = "droped", reason = "x" }]\n'
    with pytest.raises(ContentError) as raised:
        examine(make_content(tmp_path, {"site.toml": toml}), TODAY)
    assert raised.value.lines(ZH) == [
        f"site.toml:{len(toml.splitlines())}:checks.accept.0.check: 取值只能是 'range', 'score_move', 'rank_move', 'copied', "
        "'dropped', 'file_rank', 'weights', 'constant', 'markup'"]
