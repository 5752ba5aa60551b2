"""Finding units and indicators by what a clerk wrote (generator/model/lookup.py)."""

from __future__ import annotations

from decimal import Decimal

from generator.errors import Message
from generator.i18n import Translator
from generator.model.lookup import MAX_SUGGESTIONS_PER_FILE, Lookup, Suggester, without_unit
from generator.model.types import Indicator, Unit

ZH = Translator("zh-CN")
UNITS = (Unit("a", "甲局", "部门", "甲", 1), Unit("b", "乙 局", "部门", "", 2), Unit("town-1", "东镇", "乡镇", "", 3))
INDICATORS = (Indicator("zs", "招商引资到位资金", "业务", Decimal(1), "higher", "万元", None, None, (), frozenset()),
              Indicator("aq", "安全生产事故数", "业务", Decimal(1), "lower", "起", None, None, (), frozenset()))


def test_units_by_id_name_short_name_and_forgiving_forms() -> None:
    lookup = Lookup.of(UNITS)
    assert [lookup.find(t) for t in ("a", "甲局", "甲", " 甲局 ", "乙局", "乙　局", "town-1", "ｔｏｗｎ－１")] == [
        "a", "a", "a", "a", "b", "b", "town-1", "town-1"]
    assert lookup.find("丙局") is None


def test_headers_exactly_then_squashed_then_without_their_unit() -> None:
    lookup = Lookup.of(INDICATORS)
    headers = ("招商引资到位资金", "招商引资 到位资金", "招商引资到位资金（万元）", "招商引资到位资金(万元)",
               "招商引资到位资金【万元】",
               "安全生产事故数 (起)", "zs", "ＺＳ")
    assert [lookup.find_header(h) for h in headers] == ["zs", "zs", "zs", "zs", "zs", "aq", "zs", None]
    assert without_unit("招商引资到位资金（万元）") == "招商引资到位资金"
    assert without_unit("（万元）招商") == "（万元）招商"  # only a trailing bracket is a unit


def test_silent_names_are_those_already_reported() -> None:
    lookup = Lookup.of(UNITS, silent={"丙局"})
    assert lookup.is_silent("丙局") and lookup.is_silent("丙 局") and not lookup.is_silent("丁局")
    assert Lookup.of((), all_silent=True).is_silent("anything")


def test_suggestions_are_bounded_per_file() -> None:
    suggester = Suggester(Lookup.of(UNITS))
    first = suggester.hint("甲局长")
    assert isinstance(first, Message) and first.text(ZH) == "。是否指：“甲局”？"
    for _ in range(MAX_SUGGESTIONS_PER_FILE - 1):
        suggester.hint("甲局长")
    assert suggester.hint("甲局长") == ""  # the 51st miss of the file: no more difflib
    assert Suggester(Lookup.of(UNITS)).hint("zzzz") == ""
