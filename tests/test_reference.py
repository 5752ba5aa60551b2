"""The reference date of a build (generator/reference.py): --today, else SOURCE_DATE_EPOCH, else the clock."""

from __future__ import annotations

from datetime import date

import pytest

from generator.errors import UsageError
from generator.i18n import Translator
from generator.reference import reference_date

BAD_DATE = "不是有效的日期（应为 YYYY-MM-DD，在 1900-01-01 至 2999-12-31 之间）"  # after --today VALUE:

ZH = Translator("zh-CN")


def usage(option: str | None) -> str:
    with pytest.raises(UsageError) as caught:
        reference_date(option)
    assert caught.value.exit_code == 2
    return caught.value.message.text(ZH)


def test_the_option_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert reference_date("2025-11-30") == (date(2025, 11, 30), "option")


def test_source_date_epoch_is_a_utc_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1764460800 = 2025-11-30T00:00:00Z; one second before is still 2025-11-29 in UTC, whatever the local zone.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764460800")
    assert reference_date(None) == (date(2025, 11, 30), "epoch")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764460799")
    assert reference_date(None) == (date(2025, 11, 29), "epoch")


def test_else_the_clock_and_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = date.today()
    today, origin = reference_date(None)
    assert origin == "clock" and before <= today <= date.today()


@pytest.mark.parametrize("option", ["2025-13-01", "30/11/2025", "tomorrow", "1899-12-31", "3000-01-01"])
def test_a_bad_option(option: str) -> None:
    assert usage(option) == f"--today {option}：{BAD_DATE}"


@pytest.mark.parametrize("epoch", ["yesterday", "1e9", "99999999999999999999"])
def test_a_bad_epoch(monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert usage(None) == f"环境变量 SOURCE_DATE_EPOCH={epoch} 不是时间戳"
