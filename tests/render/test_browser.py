"""The built demo in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): phones, 长者模式,
search from file:// and over HTTP under a sub-path, and no script errors or outside requests."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.render.conftest import Demo

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site under a sub-path, as on an intranet server: http://127.0.0.1:<port>/gongshi/."""
    root = tmp_path_factory.mktemp("www")
    (root / "gongshi").symlink_to(demo.site, target_is_directory=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/gongshi/"
    httpd.shutdown()
    httpd.server_close()


def test_on_a_phone_the_board_scrolls_beside_its_sticky_first_columns(demo: Demo, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    for path in ("index.html", "periods/2025/index.html", "units/qwb/index.html", "tasks/index.html",
                 "years/2024/index.html", "indicators/zsyz/index.html", "method/index.html"):
        page.goto((demo.site / path).as_uri())
        # No page-level sideways scrolling: wide tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    page.goto((demo.site / "periods" / "2025" / "index.html").as_uri())
    box = page.locator("#board-main .scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth + 200")  # 15 indicators do not fit in 390 px
    name = box.locator("tbody tr").first.locator("td.u")
    value = box.locator("tbody tr").first.locator("td").nth(8)
    assert name.evaluate("c => getComputedStyle(c).position") == "sticky"
    name_before, value_before = name.bounding_box(), value.bounding_box()
    box.evaluate("b => { b.scrollLeft = 300; }")
    name_after, value_after = name.bounding_box(), value.bounding_box()
    assert value_after["x"] == pytest.approx(value_before["x"] - 300, abs=1)  # the numbers moved
    box_left = box.bounding_box()["x"]
    # The unit's name stays in view at the box's left edge, after the sticky rank column.
    assert box_left <= name_after["x"] <= box_left + 60 and abs(name_after["x"] - name_before["x"]) < 10
    context.close()


def test_large_type_is_switched_on_and_remembered(demo: Demo, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto((demo.site / "units" / "qwb" / "index.html").as_uri())

    def sizes() -> tuple[float, float]:
        return page.evaluate("""() => [parseFloat(getComputedStyle(document.querySelector('.page')).fontSize),
                                       parseFloat(getComputedStyle(document.querySelector('table.board td')).fontSize)]""")

    normal = sizes()
    page.click("label.large-switch")
    large = sizes()
    assert large[0] >= normal[0] * 1.25 and large[1] > normal[1]
    line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.page')).lineHeight)")
    assert line / large[0] >= 1.3  # GB/T 37668: line spacing at least 1.3
    page.reload()
    assert page.is_checked("#large") and sizes() == large  # remembered in localStorage, from file:// too
    page.goto((demo.site / "index.html").as_uri())
    assert page.is_checked("#large")  # and on every other page
    page.click("label.large-switch")
    page.reload()
    assert not page.is_checked("#large") and sizes()[0] == normal[0]
    context.close()


def test_search_from_file_offers_the_names_filter(demo: Demo, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # units.csv: qwb 区委办公室, short name 区委办. From file:// the index cannot load: the names list is used.
    page.goto((demo.site / "search" / "index.html").as_uri() + "?q=区委办")
    assert page.locator(".search-offline").is_visible()
    links = page.locator("ol.search-results li > a")
    assert links.all_inner_texts() == ["区委办公室"]
    assert page.locator("ol.search-results .kind").all_inner_texts() == ["单位"]
    assert page.locator(".search-status").inner_text() == "找到 1 条结果"
    links.first.click()
    page.wait_for_load_state()
    assert page.url == (demo.site / "units" / "qwb" / "index.html").as_uri()
    assert page.locator("h1").inner_text() == "区委办公室"
    assert errors == []
    page.close()


def test_the_home_filter_works_from_file(demo: Demo, browser: Any) -> None:
    page = browser.new_page()
    page.goto((demo.site / "index.html").as_uri())
    rows = page.locator("#units-table tbody tr")
    assert rows.count() == 60
    page.fill("#filter", "应急")
    assert [r.locator("td.u").inner_text() for r in rows.all() if r.is_visible()] == ["区应急管理局"]
    page.fill("#filter", "没有这个单位")
    assert page.locator(".no-match").is_visible()
    page.close()


def test_search_finds_chinese_words_over_http_under_a_sub_path(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server + "search/index.html?q=应急管理")
    page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('找到')", timeout=15000)
    links = page.eval_on_selector_all("ol.search-results li > a", "els => els.map(e => [e.textContent, e.href])")
    assert links[0] == ["区应急管理局", server + "units/yjj/index.html"]
    # The full text too: the notices that name the unit, each with the sentence that does.
    notices = [link for link in links if "/notices/" in link[1]]
    assert notices and all(link[1].startswith(server + "notices/") for link in notices)
    page.close()


def test_pages_load_without_script_errors_or_outside_requests(server: str, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server) else None)
    for path in ("index.html", "periods/2025/index.html", "units/fgw/index.html", "years/2024/index.html",
                 "tasks/index.html", "method/index.html", "notices/2025-10-yuedu/index.html", "search/index.html"):
        response = page.goto(server + path)
        assert response is not None and response.status == 200, path
    assert errors == [] and outside == []
    page.close()


def test_search_still_works_when_a_merged_bundle_is_missing(demo: Demo, browser: Any,
                                                           tmp_path_factory: pytest.TempPathFactory) -> None:
    # A partial copy on the server (the tasks' bundle left behind): the other bundles are still searched.
    root = tmp_path_factory.mktemp("www-partial")
    shutil.copytree(demo.site, root / "gongshi", ignore=shutil.ignore_patterns("pagefind-tasks"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/gongshi/search/index.html?q=加装电梯")
        page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('找到')", timeout=15000)
        links = page.eval_on_selector_all("ol.search-results li > a", "els => els.map(e => e.getAttribute('href'))")
        assert "../notices/2025-11-yujing/index.html" in links  # from the notices' bundle, by its text
        page.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
