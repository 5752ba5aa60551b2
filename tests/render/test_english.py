"""The English site: a small project whose content is all English (so that every Chinese character or
full-width punctuation mark found can only come from the program: templates, catalogue gaps, CSS, scripts,
charts, PDFs, the command line and Typer's own help) is built with `lang = "en"`, PDFs included, and every
file of the site, the text of every PDF, and what the command line says are scanned."""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.cli import make_app
from generator.cli_common import run
from tests.support import make_content

TODAY = "2026-01-06"
# CJK ideographs (with extensions and compatibility forms, Kangxi radicals), kana, Hangul, CJK symbols and
# punctuation (、。「」【】 and the ideographic space), full-width forms (（）：，！＝).
CHINESE = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                     "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")

SITE_TOML = """\
[site]
title = "Testshire assessment results"
organization = "Testshire Organisation Department"
lang = "en"
contact = "Cadre Supervision Office, tel. 0000-1234567"
publication_days = 5

[scoring]
normalize = "efficacy"
decimals = 2
categories = [
  { id = "party", name = "Party building", weight = 0.5 },
  { id = "work", name = "Main work", weight = 0.5 },
]

[ranking]
ties = "min"
within = "kind"

[tiers]
basis = "rank"
levels = [
  { id = "green", label = "Green", top = 1 },
  { id = "yellow", label = "Yellow" },
  { id = "red", label = "Red", bottom = 1 },
]

[standings.tiers]
basis = "rank"
levels = [
  { id = "green", label = "Green", top = 3 },
  { id = "yellow", label = "Yellow" },
  { id = "red", label = "Red", bottom = 3 },
]

[grades]
scale = ["Excellent", "Good", "Fair", "Poor"]
bands = [{ grade = "Excellent", min = 90 }, { grade = "Good", min = 80 }, { grade = "Fair", min = 60 }, { grade = "Poor" }]
quota = { grade = "Excellent", max_share = 0.5, rounding = "floor", over_quota = "demote" }

[[flags]]
id = "priority"
label = "Excellent three years running"
rule = "consecutive"
grades = ["Excellent"]
years = 3

[boards.invest]
title = "Investment special board"
indicators = ["inv"]

[pdf]
paper = "A4"
orientation = "landscape"
"""

UNITS = """\
id,name,kind,short_name,order
fin,Finance Bureau,Department,Finance,1
edu,Education Bureau,Department,Education,2
hea,Health Bureau,Department,Health,3
east,East Town,Town,East,4
west,West Town,Town,West,5
"""

INDICATORS = """\
id,name,category,weight,direction,unit,target,floor,responsible,applies_to
party,Party work,Party building,1,higher,points,100,60,fin,
inv,Investment in place,Main work,2,higher,10k yuan,1000,200,edu,
safe,Safety incidents,Main work,1,lower,cases,0,4,,
"""

RESULT_HEADER = "unit,Party work,Investment in place (10k yuan),Safety incidents (cases),bonus,penalty,note\n"
RESULTS = {
    "results/2025.csv": RESULT_HEADER + """\
Finance Bureau,90,800,1,,,
Education Bureau,80,600,0,1,,Model unit of the city
Health Bureau,70,400,2,,1,An incident in March
East Town,95,1000,0,,,
West Town,85,500,3,,,
""",
    "results/2025-11.csv": RESULT_HEADER + """\
Finance Bureau,88,700,0,,,
Education Bureau,84,650,1,,,
Health Bureau,75,420,1,,,
East Town,91,900,0,,,
West Town,80,480,2,,,
""",
    "results/2025-12.csv": RESULT_HEADER + """\
Finance Bureau,92,820,0,,,
Education Bureau,81,610,0,,,
Health Bureau,72,390,2,,,
East Town,96,980,0,,,
West Town,86,520,1,,,
""",
    "results/2025-12--invest.csv": "unit,Investment in place (10k yuan)\nFinance Bureau,820\nEducation Bureau,610\n"
                                   "Health Bureau,390\nEast Town,980\nWest Town,520\n",
}

FILES = {
    "site.toml": SITE_TOML,
    "units.csv": UNITS,
    "indicators.csv": INDICATORS,
    **RESULTS,
    "standings/2025-12.csv": "indicator,rank,out_of,responsible,note\nparty,2,10,fin,Up one place\n"
                             "inv,9,10,edu,Needs work\nsafe,5,10,,\n",
    "grades/2024.csv": "unit,grade\nfin,Excellent\nedu,Good\nhea,Fair\neast,Excellent\nwest,Good\n",
    "tasks.csv": "id,title,claimant,level,unit,claimed_on,due,status,progress,note\n"
                 "t1,Mend the school roofs,Mr Li,Section,edu,2025-03-01,2025-06-30,已完成,100,Done in May\n"
                 "t2,Clinic opening hours,Ms Wang,County,hea,2025-03-01,2025-10-31,进行中,40,Behind schedule\n"
                 "t3,Night market,Mr Zhao,Section,east,2025-09-01,2026-06-30,未开始,0,\n",
    "notices/2025-12-results.md": "---\ntitle: Results of December 2025\ndate: 2025-12-28\nkind: 通报\nperiod: \"2025-12\"\n"
                                  "---\n\nTo all units:\n\nThe results of **December** are published below.\n\n"
                                  "| Unit | Score |\n| --- | --- |\n| East Town | 96 |\n",
    "notices/2026-01-excellent.md": "---\ntitle: Proposed excellent units of 2025\ndate: 2026-01-05\nkind: 公示\n"
                                    "period: \"2025\"\n---\n\nThe units below are proposed as excellent.\n",
}


# The machine columns of the data downloads keep the codes the content files are written with (a notice's
# `kind`, a task's `status`: SPEC section 2); their words in the site's language stand beside them.
MACHINE_CODES = re.compile('(?<=[,"])(通报|公示|未开始|进行中|已完成)(?=[,"\n\r])')


@dataclass(frozen=True)
class English:
    site: Path
    out: str  # what the build said (stdout and stderr)


def say(args: list[str]) -> tuple[int, str]:
    """Run the command line; its exit status and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(make_app, args)
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> English:
    base = tmp_path_factory.mktemp("english")
    content = make_content(base / "content", FILES)
    code, out = say(["build", str(content), "-o", str(base / "site"), "--today", TODAY])
    assert code == 0, out
    return English(base / "site", out)


def chinese_in(text: str) -> list[str]:
    """Each Chinese character or full-width mark found, with what surrounds it."""
    return [text[max(0, m.start() - 30):m.end() + 30] for m in CHINESE.finditer(text)]


def test_the_english_project_is_english(english: English) -> None:
    # The scan below would pass on an empty site: check that it is a whole one.
    assert (english.site / "index.html").is_file() and (english.site / "periods" / "2025-12" / "index.html").is_file()
    assert {p.name for p in (english.site / "pdf").iterdir()} >= {"board-2025-12.pdf", "unit-fin.pdf",
                                                                  "notice-2026-01-excellent.pdf", "year-2025.pdf"}
    page = (english.site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Finance Bureau" in page


def test_no_page_or_file_of_the_site_holds_chinese(english: English) -> None:
    found: dict[str, list[str]] = {}
    for path in sorted(english.site.rglob("*")):
        relative = path.relative_to(english.site).as_posix()
        if not path.is_file() or relative.split("/")[0].startswith("pagefind"):  # Pagefind's own bundles (its UI is not used)
            continue
        if path.suffix in (".html", ".css", ".js", ".json", ".csv", ".txt", ".svg"):
            texts = [path.read_text(encoding="utf-8-sig")]
            if path.suffix in (".css", ".js"):  # comments are for the people who change the program
                texts = [re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", "", texts[0], flags=re.S)]
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                texts = [book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")]
        else:
            continue
        if relative.startswith("data/") and path.suffix in (".json", ".csv"):
            texts = [MACHINE_CODES.sub("", text) for text in texts]
        hits = [hit for text in texts for hit in chinese_in(text)]
        if hits:
            found[relative] = hits[:5]
    assert found == {}


def test_no_pdf_holds_chinese(english: English) -> None:
    found = {}
    for path in sorted((english.site / "pdf").glob("*.pdf")):
        reader = PdfReader(path)
        text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))
        text += str(reader.metadata or {})  # the document's title and subject too
        if hits := chinese_in(text):
            found[path.name] = hits[:5]
    assert found == {}


def test_the_command_line_speaks_english(english: English, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Commands that name no content folder speak the environment's language (there is no ./content here).
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    content = english.site.parent / "content"
    said = [english.out]
    for args in (["--help"], ["build", "--help"], ["validate", "--help"], ["validate", str(content)],
                 ["check", str(content)], ["build", str(content), "--jobs", "x"], ["nosuch", str(content)],
                 ["build", str(content), "-o", str(tmp_path / "site"), "--no-pdf"]):  # on the clock: it says so
        said.append(say(args)[1])
    text = "\n".join(said)
    assert chinese_in(text) == []
    # Typer's own words are in the catalogue too.
    assert "Usage: " in text and "Show this message and exit." in text and "Options" in text and "[default: " in text
    assert "reference date" in text.lower()  # the build without --today says that it took the clock's date


@pytest.fixture(scope="module")
def scripts(english: English) -> Iterator[str]:
    yield (english.site / "static" / "search.js").read_text(encoding="utf-8")


def test_scripts_and_styles_carry_no_words_of_their_own(scripts: str, english: English) -> None:
    # search.js takes every word it shows from the page (translated when built); site.js shows none.
    assert chinese_in(scripts) == []
    css = (english.site / "static" / "site.css").read_text(encoding="utf-8")
    assert not [c for c in re.findall(r"content:\s*([^;]+);", css) if CHINESE.search(c)]
