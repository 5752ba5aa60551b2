"""The message catalogues: the English catalogue is complete and consistent with the sources, translators pick
the right words (plurals included), and scripts/catalogue.py keeps catalogues in step and reports what is wrong.

The catalogue checks reuse scripts/catalogue.py (loaded from its path), the same code `make catalogue` and
`python scripts/catalogue.py check` run, so the test and the tool cannot disagree.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from generator.i18n import SOURCE_LANG, Translator, available_langs, catalogue_path, normalise_lang
from generator.messages import MESSAGES, Plural

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "catalogue.py"
# Full-width (Chinese) punctuation that must not survive into an English text. “ ” ‘ ’ are English quotes too.
CHINESE_PUNCTUATION = "，。：；（）？！、《》【】　"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gongshi_catalogue_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script()


@pytest.fixture(scope="module")
def template(script: ModuleType) -> Catalog:
    """Every translatable string of the sources, extracted once for the module."""
    catalog: Catalog = script.extract()
    return catalog


@pytest.fixture(scope="module")
def english() -> Catalog:
    with catalogue_path("en").open("rb") as handle:
        return read_po(handle, locale="en", domain="gongshi")


def msgid(message: Message) -> str:
    return str(message.id[0] if message.pluralizable else message.id)


# -- the English catalogue ------------------------------------------------------------------------------------


def test_english_catalogue_is_complete_and_consistent(script: ModuleType) -> None:
    # The whole check: every extracted string translated, none fuzzy, none obsolete, none stale, plural forms,
    # placeholders, and no translated text built at run time (f-strings can never be in a catalogue).
    assert script.check(["en"]) == []


def test_every_extracted_string_has_an_english_translation(template: Catalog, english: Catalog) -> None:
    missing = [msgid(m) for m in template if m.id and english.get(m.id) is None]
    untranslated = [msgid(m) for m in english if m.id and not all(m.string if m.pluralizable else [m.string])]
    fuzzy = [msgid(m) for m in english if m.id and m.fuzzy]
    assert (missing, untranslated, fuzzy, list(english.obsolete)) == ([], [], [], [])


def test_the_catalogue_holds_no_string_that_left_the_sources(template: Catalog, english: Catalog) -> None:
    assert [msgid(m) for m in english if m.id and template.get(m.id) is None] == []


def test_extraction_finds_strings_of_every_kind(template: Catalog) -> None:
    # One string of each way of marking, so that a broken extractor cannot pass as "nothing to translate":
    # N_ in messages.py, tr() in the CLI, tr() inside an f-string (PDF running title), _() in a page template,
    # _() in a PDF template, plural() in a template, tr.plural() in Python, and a Plural of MESSAGES.
    expected = {
        "找不到 site.toml": ("generator/messages.py", False),
        "正在生成 PDF": ("generator/cli.py", False),
        "（续）": ("generator/pdf/style.py", False),
        "跳到正文": ("templates/base.html", False),
        "档次说明": ("templates/pdf/macros.html", False),
        "{n} 张晾晒表": ("templates/years.html", True),
        "已逾期 {n} 天": ("generator/render/page_unit.py", True),
        "发现 {count} 个问题，未生成任何文件。": ("generator/messages.py", True),
    }
    for text, (path, plural) in expected.items():
        found = template.get(text)
        assert found is not None, text
        assert (path in {p for p, _ in found.locations}, found.pluralizable) == (True, plural), text


def test_every_message_code_text_is_in_the_catalogue(english: Catalog) -> None:
    for code, entry in MESSAGES.items():
        found = english.get(entry.singular if isinstance(entry, Plural) else entry)
        assert found is not None, code
        assert found.pluralizable == isinstance(entry, Plural), code
        if isinstance(entry, Plural):
            assert found.id == (entry.singular, entry.plural), code


def test_placeholders_of_every_entry_match(script: ModuleType, template: Catalog, english: Catalog) -> None:
    # Each translation uses exactly the placeholders of its source text, except where the source declares
    # more parameters ("also available: {name}", a month's name for English dates).
    mismatched = []
    for message in english:
        if not message.id:
            continue
        sources = list(message.id) if message.pluralizable else [message.id]
        wanted = set().union(*(script.placeholders(s) for s in sources))
        extra = script.also_available(template.get(message.id))
        for form in message.string if message.pluralizable else [message.string]:
            found = script.placeholders(form)
            if found != wanted and not (extra and found <= wanted | extra):
                mismatched.append((msgid(message), form))
    assert mismatched == []


def test_dates_and_months_declare_the_month_name_for_english(template: Catalog, script: ModuleType) -> None:
    # The two texts whose English needs a parameter the Chinese does not show: "March 2025", "30 November 2025".
    # The month label declares it in a translator comment (messages.py), the date by passing it (format.py).
    for text in ("{year}年{month}月", "{year}年{month}月{day}日"):
        assert script.also_available(template.get(text)) == {"name"}, text
    assert script.also_available(template.get("缺少文件 {name}")) == set()


def test_english_texts_use_english_punctuation(english: Catalog) -> None:
    offending = [(msgid(m), form) for m in english if m.id
                 for form in (m.string if m.pluralizable else [m.string])
                 if any(mark in form for mark in CHINESE_PUNCTUATION)]
    assert offending == []


def test_english_plural_forms_header(english: Catalog) -> None:
    assert english.plural_forms == "nplurals=2; plural=(n != 1);"
    assert english.num_plurals == 2


# -- Translator ------------------------------------------------------------------------------------------------


def test_english_translator_reads_the_catalogue() -> None:
    en = Translator("en")
    assert en.lang == "en" and en.english
    assert en("找不到 site.toml") == "site.toml cannot be found"
    assert en("缺少文件 {name}", name="units.csv") == "the file units.csv is missing"
    assert en("、").join(["a", "b"]) == "a, b"
    # A string no catalogue knows comes back as it is (gettext's fallback).
    assert en("目录里没有的句子") == "目录里没有的句子"


def test_english_dates_and_months_use_the_extra_name_parameter() -> None:
    en = Translator("en")
    assert en("{year}年{month}月{day}日", year=2025, month=11, day=30, name=en("十一月")) == "30 November 2025"
    assert en("{year}年{month}月", year=2025, month=3, name=en("三月")) == "March 2025"
    zh = Translator("zh-CN")
    assert zh("{year}年{month}月{day}日", year=2025, month=11, day=30, name=zh("十一月")) == "2025年11月30日"


@pytest.mark.parametrize(("n", "text"), [(0, "0 things to fix."), (1, "1 thing to fix."), (2, "2 things to fix."),
                                         (11, "11 things to fix.")])
def test_english_plural_chooses_the_form_by_n(n: int, text: str) -> None:
    # English: nplurals=2, plural=(n != 1): one form for exactly 1, the other for 0, 2, 11 …
    assert Translator("en").plural("有 {n} 项需要处理。", "有 {n} 项需要处理。", n) == text


def test_plural_passes_other_parameters_and_n() -> None:
    en, zh = Translator("en"), Translator("zh-CN")
    singular = plural = "{year} 年度归档有 {n} 处问题："
    assert en.plural(singular, plural, 1, year=2024) == "2024: 1 problem in the archive:"
    assert en.plural(singular, plural, 3, year=2024) == "2024: 3 problems in the archive:"
    assert zh.plural(singular, plural, 3, year=2024) == "2024 年度归档有 3 处问题："
    entry = MESSAGES["problems_found"]
    assert isinstance(entry, Plural)
    assert en.plural(entry.singular, entry.plural, 1, count=1) == "1 problem found; no files were written."
    assert en.plural(entry.singular, entry.plural, 4, count=4) == "4 problems found; no files were written."


def test_chinese_translator_returns_the_source_text(english: Catalog) -> None:
    zh = Translator("zh-CN")
    assert zh.lang == SOURCE_LANG and not zh.english
    for message in english:
        if message.id and not message.pluralizable:
            assert zh(message.id) == message.id
    assert zh("缺少文件 {name}", name="units.csv") == "缺少文件 units.csv"
    # Chinese has one plural form: the singular text, whatever n is.
    assert zh.plural("已逾期 {n} 天", "已逾期 {n} 天", 1) == "已逾期 1 天"
    assert zh.plural("已逾期 {n} 天", "已逾期 {n} 天", 5) == "已逾期 5 天"


@pytest.mark.parametrize(("asked", "spoken"), [
    ("en", "en"), ("en-GB", "en"), ("en_US", "en"), ("EN-gb", "en"),
    ("zh-CN", "zh-CN"), ("zh", "zh-CN"), ("zh-TW", "zh-CN"), ("fr", "zh-CN"), ("de-DE", "zh-CN"),
    ("", "zh-CN"), (None, "zh-CN"),
])
def test_normalise_lang(asked: str | None, spoken: str) -> None:
    assert normalise_lang(asked) == spoken
    assert Translator(asked).lang == spoken


def test_available_langs_are_the_source_and_every_catalogue() -> None:
    assert available_langs() == ("zh-CN", "en")


# -- scripts/catalogue.py --------------------------------------------------------------------------------------


def entry(id: str | tuple[str, str], string: str | tuple[str, ...], *, fuzzy: bool = False,
          comments: tuple[str, ...] = ()) -> Message:
    return Message(id, string, flags={"fuzzy"} if fuzzy else set(), auto_comments=list(comments))


@pytest.mark.parametrize(("translation", "expected"), [
    (entry("缺少文件 {name}", "the file {name} is missing"), []),
    (entry("缺少文件 {name}", ""), ["untranslated"]),
    (entry("缺少文件 {name}", "the file {name} is missing", fuzzy=True), ["fuzzy"]),
    (entry("缺少文件 {name}", "the file {nmae} is missing"), ["placeholders ['nmae']"]),
    (entry("缺少文件 {name}", "the file is missing"), ["placeholders []"]),
    (entry("缺少文件 {name}", "the file {name is missing"), ["not a valid format string"]),
    (entry(("已逾期 {n} 天", "已逾期 {n} 天"), ("{n} day overdue", "")), ["untranslated"]),
    (entry(("已逾期 {n} 天", "已逾期 {n} 天"), ("{n} day overdue",)), ["1 plural forms, the language has 2"]),
    (entry(("已逾期 {n} 天", "已逾期 {n} 天"), ("one day overdue", "{n} days overdue")), ["placeholders []"]),
])
def test_entry_problems_finds_each_kind_of_mistake(script: ModuleType, translation: Message,
                                                   expected: list[str]) -> None:
    source = Message(translation.id)
    problems = script.entry_problems(translation, source, 2)
    assert len(problems) == len(expected), problems
    for problem, words in zip(problems, expected, strict=True):
        assert words in problem


def test_entry_problems_allows_declared_extra_placeholders_only(script: ModuleType) -> None:
    source = entry("{year}年{month}月", None, comments=("also available: {name} (the month's name)",))
    assert script.entry_problems(entry("{year}年{month}月", "{name} {year}"), source, 2) == []
    assert script.entry_problems(entry("{year}年{month}月", "{month}/{year}"), source, 2) == []
    problems = script.entry_problems(entry("{year}年{month}月", "{day} {name} {year}"), source, 2)
    assert len(problems) == 1 and "placeholders ['day', 'name', 'year']" in problems[0]


def test_entry_problems_reports_a_stale_entry_and_a_plural_mismatch(script: ModuleType) -> None:
    assert "not in the sources any more" in script.entry_problems(entry("旧句子", "old"), None, 2)[0]
    plural_source = Message(("{n} 人", "{n} 人"))
    assert "a plural in the sources" in script.entry_problems(entry("{n} 人", "{n} people"), plural_source, 2)[0]


def write_po(path: Path, catalog: Catalog) -> None:
    from babel.messages.pofile import write_po as babel_write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        babel_write_po(handle, catalog)


@pytest.fixture
def scratch(script: ModuleType, template: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The script, working on a locale folder in tmp_path (its sources and babel.cfg stay the real ones), with
    a German catalogue that has one real translation, one entry gone from the sources and the rest missing."""
    monkeypatch.setattr(script, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(script, "extract", lambda: template)
    catalog = Catalog(locale="de", domain="gongshi")
    catalog.add("找不到 site.toml", "site.toml fehlt")
    catalog.add("早已删除的句子", "Längst gelöschter Satz")
    write_po(script.catalogue_path("de"), catalog)
    return script


def read_de(script: ModuleType) -> Catalog:
    with script.catalogue_path("de").open("rb") as handle:
        return read_po(handle, locale="de", domain="gongshi")


def test_update_keeps_translations_adds_new_strings_untranslated_and_keeps_obsolete_ones(
        scratch: ModuleType, template: Catalog) -> None:
    assert scratch.update() == [scratch.catalogue_path("de")]
    updated = read_de(scratch)
    assert updated.get("找不到 site.toml").string == "site.toml fehlt"
    assert {msgid(m) for m in updated if m.id} == {msgid(m) for m in template if m.id}
    new = updated.get("正在生成 PDF")
    # New strings are untranslated, never pre-filled with a fuzzy guess from a similar string.
    assert (new.string, new.fuzzy) == ("", False)
    assert not any(m.fuzzy for m in updated if m.id)
    assert updated.get("已逾期 {n} 天").pluralizable
    assert list(updated.obsolete) == ["早已删除的句子"]
    # A second update changes nothing.
    before = scratch.catalogue_path("de").read_bytes()
    assert scratch.update() == []
    assert scratch.catalogue_path("de").read_bytes() == before
    assert scratch.update(drop_obsolete=True) == [scratch.catalogue_path("de")]
    assert list(read_de(scratch).obsolete) == []


def test_check_lists_what_is_wrong_and_the_command_exits_1(scratch: ModuleType, template: Catalog,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = str(scratch.catalogue_path("de"))
    count = len([m for m in template if m.id])
    problems = scratch.catalogue_problems("de", template)
    # Before `update`: every string but the translated one is missing, and the deleted one is stale.
    assert len([p for p in problems if p.endswith(": missing from the catalogue (run `update`)")]) == count - 1
    assert [p for p in problems if "早已删除的句子" in p] == \
        [f"{path}: ?: '早已删除的句子': not in the sources any more (run `update`)"]
    assert all(p.startswith(f"{path}: ") for p in problems)
    scratch.update()
    after = scratch.catalogue_problems("de", template)
    # After `update`: the new strings are there but untranslated, the deleted one is an obsolete entry.
    assert len([p for p in after if p.endswith(": untranslated")]) == count - 1
    assert [p for p in after if "obsolete" in p] == \
        [f"{path}: ?: '早已删除的句子': obsolete entry (delete it, or run `update --drop-obsolete`)"]
    assert f"{path}: generator/cli.py: '正在生成 PDF': untranslated" in after
    assert scratch.main(["check"]) == 1
    out = capsys.readouterr()
    assert f"{path}: generator/cli.py: '正在生成 PDF': untranslated\n" in out.out
    assert out.err == f"{len(scratch.dynamic_messages()) + len(after)} problem(s) in the catalogues\n"


def test_init_starts_a_catalogue_with_the_languages_plural_forms(scratch: ModuleType, template: Catalog) -> None:
    path = scratch.init("ja")
    with path.open("rb") as handle:
        japanese = read_po(handle, locale="ja", domain="gongshi")
    assert japanese.plural_forms == "nplurals=1; plural=0;"
    assert {msgid(m) for m in japanese if m.id} == {msgid(m) for m in template if m.id}
    assert all(not any(m.string) if m.pluralizable else not m.string for m in japanese if m.id)
    with pytest.raises(SystemExit):
        scratch.init("ja")


def test_check_command_passes_on_the_repository() -> None:
    # The real command, as `make test` or a translator would run it.
    result = subprocess.run([sys.executable, str(SCRIPT), "check"], capture_output=True, text=True, cwd=REPO, check=False)
    assert (result.returncode, result.stdout) == (0, "catalogues complete: en\n"), result.stdout + result.stderr
