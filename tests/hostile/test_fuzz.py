"""Fuzzing (issue 10, item 9): hypothesis feeds arbitrary bytes, and arbitrary but plausible tables, TOML and
front matter, to the loaders and to the whole validation. Each input either loads or gives a clean
ContentError (problems with a file and a message in the catalogue), never another exception, within a
bounded time (hypothesis' deadline)."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
import tomli_w
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import check
from generator.errors import ContentError
from generator.i18n import Translator
from generator.load.files import SourceFile
from generator.load.tables import read_table
from generator.load.texts import parse_notice, parse_toml
from generator.messages import MESSAGES
from tests.support import RESULTS_2025, SITE_TOML, make_content

TODAY = date(2025, 12, 1)
ZH = Translator("zh-CN")
FAST = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
WHOLE = settings(max_examples=25, deadline=10_000, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.function_scoped_fixture])


def source(relative: str, data: bytes) -> SourceFile:
    return SourceFile(relative, data, hashlib.sha256(data).hexdigest())


def clean(error: ContentError) -> None:
    """A clean error: every problem names a file and has a code of the catalogue, whose words it formats."""
    assert error.problems
    for problem in error.problems:
        text = problem.text(ZH)
        assert problem.file and text.startswith(problem.file) and problem.code in MESSAGES, text


# -- arbitrary bytes to each loader ------------------------------------------------------------------------

BYTES = st.binary(max_size=2048) | st.sampled_from([
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xff\xfea\x00", b"PK\x03\x04", b"PK\x03\x04" + b"\x00" * 40, b"\x00" * 64,
    "单位,党建\n甲局,九十\n".encode("gbk"), b'"' * 500, b"\r\r\r\n\n", b"a\x00b,c\n"])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@FAST
@given(data=BYTES)
def test_any_bytes_as_a_table_load_or_say_why(suffix: str, data: bytes) -> None:
    try:
        read_table(data, suffix, f"results/2025{suffix}")
    except ContentError as error:
        clean(error)


@FAST
@given(BYTES | st.text(max_size=500).map(str.encode))
def test_any_bytes_as_site_toml_parse_or_say_why(data: bytes) -> None:
    try:
        parse_toml(source("site.toml", data))
    except ContentError as error:
        clean(error)


@FAST
@given(BYTES | st.text(max_size=500).map(lambda t: ("---\n" + t + "\n---\n正文\n").encode()))
def test_any_bytes_as_a_notice_parse_or_say_why(data: bytes) -> None:
    try:
        parse_notice(source("notices/a.md", data))
    except ContentError as error:
        clean(error)


# -- plausible files through the whole validation --------------------------------------------------------

CELL = st.one_of(
    st.sampled_from(["甲局", "乙局", "丙局", "东镇", "西镇", "北镇", "", "不适用", "免考", "—", "合计", "90", "1e308",
                     "1e999999999", "-0", "９５", "95%", "1,234.5", "=1+2", "NaN", "inf", "2025-02-30"]),
    st.text(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
HEADER = st.lists(st.sampled_from(["单位", "党建工作", "招商引资（万元）", "安全事故", "加分", "扣分", "备注", "排名", ""])
                  | st.text(max_size=8), min_size=1, max_size=7)


@st.composite
def tables(draw: st.DrawFn) -> str:
    header = draw(HEADER)
    rows = draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=8))
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue()


def validate(root: Path, files: dict[str, str]) -> None:
    """The whole check of a project with `files` over the small valid one: it passes or says why, cleanly."""
    shutil.rmtree(root, ignore_errors=True)
    content = make_content(root, files)
    try:
        check(content, TODAY)
    except ContentError as error:
        clean(error)


@WHOLE
@given(tables())
def test_a_plausible_results_table_validates_or_says_why(tmp_path: Path, table: str) -> None:
    validate(tmp_path / "content", {"results/2025.csv": table})


TOML_VALUE = st.recursive(
    st.none().map(lambda _: "") | st.booleans() | st.integers(min_value=-10**20, max_value=10**20)
    | st.floats(allow_nan=True) | st.text(max_size=10) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)
SECTIONS = st.sampled_from(["site", "scoring", "ranking", "tiers", "grades", "checks", "display", "privacy", "pdf",
                            "input", "boards", "years", "standings"])


@WHOLE
@given(st.dictionaries(SECTIONS, st.dictionaries(st.sampled_from(
    ["title", "lang", "decimals", "normalize", "ties", "within", "basis", "levels", "scale", "bands", "quota",
     "strict", "show", "never_publish", "paper", "font", "sheet", "2025", "zs", "publication_days", "data_date",
     "categories", "accept", "rank_move"]), TOML_VALUE, max_size=3), max_size=3))
def test_a_plausible_site_toml_validates_or_says_why(tmp_path: Path, overrides: dict[str, dict[str, object]]) -> None:
    try:
        extra = tomli_w.dumps(overrides)
    except (TypeError, ValueError):  # a value TOML cannot hold (None inside a list): not a file a clerk can write
        return
    # Appended to the valid site.toml: a section written twice is itself a mistake to report cleanly.
    validate(tmp_path / "content", {"site.toml": SITE_TOML + "\n" + extra, "results/2025.csv": RESULTS_2025})


@WHOLE
@given(st.dictionaries(st.sampled_from(["title", "date", "kind", "period", "publish_from", "publish_to", "slug", "tags"]),
                       TOML_VALUE, max_size=6), st.text(max_size=200))
def test_plausible_front_matter_validates_or_says_why(tmp_path: Path, front: dict[str, object], body: str) -> None:
    notice = "---\n" + yaml.safe_dump(front, allow_unicode=True, default_flow_style=False) + "---\n" + body + "\n"
    validate(tmp_path / "content", {"notices/a.md": notice})
