"""The building blocks of site.toml's models (config.py, check_settings.py): strict frozen models, and the
bounded kinds of value every setting is made of (ids, colours, text, numbers, dates)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# \Z, not $: "$" also matches before a final newline, and "green\n" is no id (nor "#fff\n" a colour).
SLUG = re.compile(r"\A[a-z0-9][a-z0-9-]*\Z")
HEX_COLOR = re.compile(r"\A#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\Z")
LIMIT = Decimal(10**9)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_slug(value: str) -> str:
    if not SLUG.match(value) or len(value) > 64:
        raise ValueError(f"slug:{value}")
    return value


def check_color(value: str) -> str:
    # A colour reaches a style attribute: only a colour value, never anything that could break out of it.
    if not HEX_COLOR.match(value):
        raise ValueError(f"color:{value}")
    return value


def check_date(value: dt.date | None) -> dt.date | None:
    from ..load.cells import FIRST_DATE, LAST_DATE

    if value is not None and not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"date_range:{value.isoformat()}")
    return value


Slug = Annotated[str, AfterValidator(check_slug)]
Color = Annotated[str, AfterValidator(check_color)]
Text = Annotated[str, Field(max_length=500)]
Bounded = Annotated[Decimal, Field(allow_inf_nan=False, ge=-LIMIT, le=LIMIT)]
