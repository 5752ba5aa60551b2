"""The reference date of a build ("today": which notices are current, which tasks overdue, the publication
date): `--today`, else SOURCE_DATE_EPOCH, else the clock — and where it came from, so a clock date is said."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from .errors import UsageError


def reference_date(option: str | None) -> tuple[date, str]:
    """The reference date and where it came from: `--today`, else SOURCE_DATE_EPOCH, else the clock."""
    if option:
        try:
            value = date.fromisoformat(option)
        except ValueError:
            raise UsageError("usage.today", value=option) from None
        if not date(1900, 1, 1) <= value <= date(2999, 12, 31):
            raise UsageError("usage.today", value=option)
        return value, "option"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date(), "epoch"
        except (ValueError, OverflowError, OSError):
            raise UsageError("usage.epoch", value=epoch) from None
    return date.today(), "clock"
