"""generator/render/site.py: where every page lives (Urls) and what every page shares (SiteView)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

from generator.i18n import Translator
from generator.render.html import relative_root
from generator.render.site import Urls, site_view
from tests.render.conftest import Demo


def test_urls_of_the_site_layout_of_spec_section_4() -> None:
    assert Urls.home() == "index.html"
    assert Urls.periods() == "periods/index.html"
    assert Urls.period("2025-Q3") == "periods/2025-Q3/index.html"
    assert Urls.period("2025", "main") == "periods/2025/index.html#board-main"
    assert Urls.unit("yjj") == "units/yjj/index.html"
    assert Urls.unit("yjj", "p-2025-main") == "units/yjj/index.html#p-2025-main"
    assert Urls.indicators() == "indicators/index.html"
    assert Urls.indicator("zsyz") == "indicators/zsyz/index.html"
    assert Urls.years() == "years/index.html" and Urls.year(2024) == "years/2024/index.html"
    assert Urls.notices() == "notices/index.html" and Urls.notice("2025-10-yuedu") == "notices/2025-10-yuedu/index.html"
    assert Urls.tasks() == "tasks/index.html" and Urls.tasks("t001") == "tasks/index.html#task-t001"
    assert Urls.method() == "method/index.html" and Urls.search() == "search/index.html"
    assert Urls.data("2025", "csv") == "data/2025.csv"
    assert Urls.pdf("board-2025") == "pdf/board-2025.pdf"
    assert Urls.static("site.css") == "static/site.css"


def test_relative_root_leads_back_from_any_page() -> None:
    assert relative_root("index.html") == ""
    assert relative_root("units/yjj/index.html") == "../../"
    for path in ("index.html", "periods/index.html", "units/yjj/index.html"):
        # Joining the prefix and a root path from the page's folder lands on the root path.
        folder = Path("/site", path).parent
        assert (folder / relative_root(path) / "tasks/index.html").resolve() == Path("/site/tasks/index.html")


def test_every_page_the_urls_name_is_built(demo: Demo) -> None:
    paths = [Urls.home(), Urls.periods(), Urls.period("2025-Q3"), Urls.unit("yjj"), Urls.indicators(),
             Urls.indicator("zsyz"), Urls.years(), Urls.year(2024), Urls.notices(), Urls.notice("2025-10-yuedu"),
             Urls.tasks(), Urls.method(), Urls.search(), Urls.data("2025", "csv"), Urls.data("2025", "json"),
             Urls.static("site.css"), Urls.static("site.js"), Urls.static("search.js")]
    assert [p for p in paths if not (demo.site / p).is_file()] == []


def test_site_view_navigation_and_languages() -> None:
    view = site_view("示例区考核结果公示", "中共示例区委组织部", "干部监督科", "zh-CN", date(2026, 1, 6), date(2025, 12, 31),
                     "1.0", False, Translator("zh-CN"))
    assert [(n.key, n.label, n.path) for n in view.nav] == [
        ("home", "首页", "index.html"), ("periods", "各期晾晒", "periods/index.html"),
        ("indicators", "考核指标", "indicators/index.html"), ("years", "年度档案", "years/index.html"),
        ("notices", "通报公告", "notices/index.html"), ("tasks", "揭榜领题", "tasks/index.html"),
        ("method", "考核办法", "method/index.html")]
    assert view.html_lang == "zh-CN" and view.published == date(2026, 1, 6) and view.data_date == date(2025, 12, 31)
    english = site_view("T", "O", "", "en", date(2026, 1, 6), None, "1.0", True, Translator("en"))
    assert english.html_lang == "en" and english.pdf_links


LINK = re.compile(r'\s(href|src|action)="([^"]*)"')
IDS = re.compile(r'\sid="([^"]+)"')


def test_every_link_is_relative_and_resolves(demo: Demo) -> None:
    # Every page's links, read with a pattern (the templates write every attribute in double quotes; a full
    # parse of 100 pages takes seconds): relative, to a file of the site, and to an id that the page has.
    site = demo.site.resolve()
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    ids = {path: set(IDS.findall(text)) for path, text in pages.items()}
    not_relative: set[str] = set()
    missing: dict[str, str] = {}  # missing file -> the first page linking to it
    no_anchor: set[str] = set()
    for path, text in pages.items():
        assert not re.search(r"\s(href|src|action)='", text), path
        for _, target in LINK.findall(text):
            if target.startswith("mailto:"):
                continue
            if re.match(r"^([a-z][a-z0-9+.-]*:|/)", target):
                not_relative.add(f"{path}: {target}")
                continue
            where, _, fragment = target.partition("#")
            file = (site / path).parent.joinpath(where).resolve() if where else site / path
            name = file.relative_to(site).as_posix() if file.is_relative_to(site) else str(file)
            if not file.is_file():
                missing.setdefault(name, path)
            elif fragment and name in ids and fragment not in ids[name]:
                no_anchor.add(f"{path}: {target}")
    assert not_relative == set()
    assert no_anchor == set()
    assert missing == {}


def test_the_manifest_lists_every_file_of_the_built_site(demo: Demo) -> None:
    manifest = json.loads((demo.site / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {p.relative_to(demo.site).as_posix() for p in demo.site.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(manifest["files"]) == on_disk
    assert any(p.startswith("pagefind/") for p in on_disk)  # the search bundle is part of the site
    for path, sha in manifest["files"].items():
        assert hashlib.sha256((demo.site / path).read_bytes()).hexdigest() == sha, path
