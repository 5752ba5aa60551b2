"""The message codes (generator/messages.py): well-formed texts, every code used by the program, the families of
codes built at run time, and the conftest plugin that checks every code is formatted by some test."""

from __future__ import annotations

import ast
import os
import shutil
import string
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.i18n import Translator
from generator.messages import MESSAGES, Plural
from generator.periods import Period

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "generator"
MESSAGES_FILE = GENERATOR / "messages.py"


def texts(entry: str | Plural) -> list[str]:
    return [entry.singular, entry.plural] if isinstance(entry, Plural) else [entry]


def fields(text: str) -> list[tuple[str, str, str | None]]:
    """(field name, format spec, conversion) of each replacement field of a str.format text."""
    return [(name, spec or "", conversion) for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None]


def sources() -> dict[Path, ast.Module]:
    """Every Python file of the program except the catalogue of codes itself."""
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(GENERATOR.rglob("*.py"))
            if path != MESSAGES_FILE}


# -- the texts -------------------------------------------------------------------------------------------------


def test_every_placeholder_is_a_plain_keyword_name() -> None:
    # Parameters are passed by keyword (Message.of(code, name=…)): a field must be a bare identifier, with no
    # positional "{}"/"{0}", attribute "{a.b}", index "{a[0]}", conversion "!r" or format spec ":.2f".
    bad = []
    for code, entry in MESSAGES.items():
        for text in texts(entry):
            try:
                found = fields(text)
            except ValueError as error:
                bad.append((code, text, str(error)))
                continue
            bad.extend((code, text, name) for name, spec, conversion in found
                       if not name.isidentifier() or spec or conversion is not None)
    assert bad == []


def test_plural_entries_name_their_count_in_both_forms() -> None:
    for code, entry in MESSAGES.items():
        if isinstance(entry, Plural):
            singular = {name for name, _, _ in fields(entry.singular)}
            assert singular == {name for name, _, _ in fields(entry.plural)}, code
            assert entry.count in singular, code


def test_texts_are_non_empty_and_not_padded() -> None:
    # A few texts start with a mark on purpose: they are appended to another text ("。是否指…", "（第 3 行…").
    for code, entry in MESSAGES.items():
        for text in texts(entry):
            assert text and text == text.strip(), code


# -- every code is used --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """Codes that the program builds with an f-string instead of writing them out."""

    file: str
    fstring: str  # as ast.unparse prints it
    codes: frozenset[str]
    suffixes_in_file: bool  # whether each code's suffix must also appear as a string in `file` (a lookup table)


FAMILIES = (
    # Period.label_message: the half of a year (index 1–2), the quarter's number (一…四) and the month's name.
    Family("generator/periods.py", "f'period.half{self.index}'", frozenset({"period.half1", "period.half2"}), False),
    Family("generator/periods.py", "f'number.{self.index}'", frozenset(f"number.{n}" for n in range(1, 5)), False),
    Family("generator/periods.py", "f'month.{self.index}'", frozenset(f"month.{n}" for n in range(1, 13)), False),
    # config_check._message: pydantic value errors "slug:…", "color:…", "lang:…" and _VALUE_ERRORS.
    Family("generator/model/config_check.py", "f'config.{key}'", frozenset({
        "config.slug", "config.color", "config.lang", "config.one_condition", "config.one_rest_band",
        "config.bands_order", "config.midterm", "config.share", "config.quota_last"}), True),
)


def fstrings(tree: ast.Module) -> set[str]:
    return {ast.unparse(node) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)}


def constants(tree: ast.Module) -> set[str]:
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_code_families_are_built_where_this_file_says() -> None:
    trees = sources()
    for family in FAMILIES:
        tree = trees[REPO / family.file]
        assert family.fstring in fstrings(tree), family
        assert family.codes <= set(MESSAGES), family.codes - set(MESSAGES)
        if family.suffixes_in_file:
            prefix = family.fstring[2:family.fstring.index("{")]
            assert {code.removeprefix(prefix) for code in family.codes} <= constants(tree), family


def test_every_fstring_that_builds_a_code_is_a_known_family() -> None:
    # An f-string that starts like a code ("config.…", "period.half…") builds codes at run time: it must be
    # listed in FAMILIES, or the codes it builds would look unused.
    namespaces = {code.split(".")[0] + "." for code in MESSAGES if "." in code}
    known = {(family.file, family.fstring) for family in FAMILIES}
    found = set()
    for path, tree in sources().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if any(head.startswith(ns) for ns in namespaces) and isinstance(node.values[-1], ast.FormattedValue) \
                        and " " not in head and len(node.values) == 2:
                    found.add((str(path.relative_to(REPO)), ast.unparse(node)))
    assert found - known == set()


def test_every_code_is_used_in_the_program() -> None:
    # A code is used when some source other than messages.py names it as a string, or builds it (FAMILIES).
    named = set().union(*(constants(tree) for tree in sources().values()))
    built = set().union(*(family.codes for family in FAMILIES))
    unused = sorted(code for code in MESSAGES if code not in named and code not in built)
    assert unused == [], f"codes no source uses (report them, do not delete them here): {unused}"


# -- period names (the families above, formatted) ------------------------------------------------------------


ZH_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


@pytest.mark.parametrize(("period", "zh", "en"), [
    (Period.make(2025, "year", 1), "2025年度", "2025"),
    (Period.make(2025, "half", 1), "2025年上半年", "H1 2025"),
    (Period.make(2024, "half", 2), "2024年下半年", "H2 2024"),
    # Quarters are written with Chinese numerals (第三季度), from number.<n>; English: Q3.
    *[(Period.make(2025, "quarter", n), f"2025年第{numeral}季度", f"Q{n} 2025")
      for n, numeral in enumerate("一二三四", start=1)],
    # Months: Arabic numerals in Chinese (2025年3月); English uses the month's name (month.<n>).
    *[(Period.make(2026, "month", n), f"2026年{n}月", f"{EN_MONTHS[n - 1]} 2026") for n in range(1, 13)],
])
def test_period_labels_in_both_languages(period: Period, zh: str, en: str) -> None:
    message = period.label_message()
    assert message.text(Translator("zh-CN")) == zh
    assert message.text(Translator("en")) == en


def test_month_names_are_the_chinese_month_words() -> None:
    # month.<n> holds the name of the month ("三月"): not shown in Chinese period labels, named in English.
    assert [MESSAGES[f"month.{n}"] for n in range(1, 13)] == [f"{m}月" for m in ZH_MONTHS]


# -- the code-coverage plugin (tests/conftest.py) --------------------------------------------------------------

# A tiny suite run by a real pytest in a subprocess, with a copy of tests/conftest.py. test_direct formats
# every code but two; test_cli formats those two through the Typer CLI in-process (CliRunner), unless told not to.
SKIPPED_BY_DIRECT = ("config.missing_file", "files.missing_required")

DIRECT = f"""
from generator.errors import Message
from generator.i18n import Translator
from generator.messages import MESSAGES, Plural
import string

def test_direct():
    zh = Translator("zh-CN")
    for code, entry in MESSAGES.items():
        if code in {SKIPPED_BY_DIRECT!r}:
            continue
        text = entry.singular if isinstance(entry, Plural) else entry
        names = {{name for _, name, _, _ in string.Formatter().parse(text) if name}}
        assert Message.of(code, **{{name: 1 for name in names}}).text(zh)
"""

CLI = """
import os
from typer.testing import CliRunner
from generator.cli import make_app
from generator.cli_common import Consoles
from generator.i18n import Translator

def test_cli(tmp_path):
    if os.environ.get("SAMPLE_SKIP_CLI"):
        return
    app = make_app(Translator("zh-CN"), Consoles())
    result = CliRunner().invoke(app, ["validate", str(tmp_path), "--format", "json", "--today", "2026-01-06"])
    assert result.exit_code == 1
    assert "缺少文件 units.csv" in result.output and "找不到 site.toml" in result.output
"""

SECTION = "message codes never formatted"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plugin")
    (root / "pytest.ini").write_text("[pytest]\ntestpaths = tests\naddopts = -q -p no:cacheprovider --import-mode=importlib\n",
                                     encoding="utf-8")
    (root / "tests").mkdir()
    shutil.copy(REPO / "tests" / "conftest.py", root / "tests" / "conftest.py")
    (root / "tests" / "test_direct.py").write_text(textwrap.dedent(DIRECT), encoding="utf-8")
    (root / "tests" / "test_cli.py").write_text(textwrap.dedent(CLI), encoding="utf-8")
    return root


def run_sample(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("GONGSHI_NO_CODE_COVERAGE", "PYTEST_ADDOPTS")}
    environment.update(PYTHONPATH=str(REPO), **env)
    return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=root, env=environment, capture_output=True,
                          text=True, check=False, timeout=120)


def missing_listed(output: str) -> list[str]:
    lines = output.splitlines()
    start = next(n for n, line in enumerate(lines) if SECTION in line)
    return [line.strip() for line in lines[start + 2:] if line.startswith("  ")]


def test_plugin_passes_when_every_code_is_formatted_including_through_the_cli(sample: Path) -> None:
    # The two codes left out by test_direct are formatted only inside CliRunner: they count.
    result = run_sample(sample)
    assert result.returncode == 0, result.stdout + result.stderr
    assert SECTION not in result.stdout


@pytest.mark.parametrize("args", [(), ("tests",), (".",)])
def test_plugin_fails_a_whole_run_and_lists_the_codes_never_formatted(sample: Path, args: tuple[str, ...]) -> None:
    result = run_sample(sample, *args, SAMPLE_SKIP_CLI="1")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    assert "2 message code(s) of generator/messages.py never had their text produced" in result.stdout
    assert missing_listed(result.stdout) == sorted(SKIPPED_BY_DIRECT)


@pytest.mark.parametrize("args", [
    ("-k", "direct"), ("tests/test_direct.py",), ("tests/test_direct.py::test_direct",),
    ("--deselect", "tests/test_cli.py::test_cli"), ("-m", "not slow"),
])
def test_plugin_does_not_judge_a_partial_run(sample: Path, args: tuple[str, ...]) -> None:
    result = run_sample(sample, *args, SAMPLE_SKIP_CLI="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert SECTION not in result.stdout


def test_plugin_can_be_turned_off(sample: Path) -> None:
    result = run_sample(sample, SAMPLE_SKIP_CLI="1", GONGSHI_NO_CODE_COVERAGE="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert SECTION not in result.stdout
