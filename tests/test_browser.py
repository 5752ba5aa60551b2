"""Real pages in headless Chromium (Debian's, driven by Playwright): what a visitor's browser does."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support import DEMO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", str(DEMO), "-o", str(out), "--no-pdf",
                    "--today", "2025-11-30"], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(site: Path):
    """The site under a sub-path, as on an intranet server: http://127.0.0.1:<port>/gongshi/."""
    root = site.parent / "www"
    root.mkdir(exist_ok=True)
    (root / "gongshi").symlink_to(site, target_is_directory=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/gongshi/"
    httpd.shutdown()


def test_the_name_filter_works_from_file(site: Path, browser) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "index.html").as_uri())
    rows = page.locator("#units-table tbody tr")
    assert rows.count() == 60
    page.fill("#filter", "应急")
    visible = [r for r in rows.all() if r.is_visible()]
    assert [r.locator("td.unit").inner_text() for r in visible] == ["区应急管理局"]
    page.fill("#filter", "没有这个单位")
    assert page.locator(".no-match").is_visible()
    assert errors == []
    page.close()


def test_the_explanation_unfolds_on_a_unit_page(site: Path, browser) -> None:
    page = browser.new_page()
    page.goto((site / "units" / "yjj" / "index.html").as_uri())
    first = page.locator("details.explain").first
    assert not first.locator(".explain-body").is_visible()
    first.locator("summary").click()
    assert first.locator(".explain-body").is_visible()
    assert "功效系数法" in first.inner_text()
    page.close()


def test_search_finds_chinese_words_over_http_under_a_sub_path(server: str, browser) -> None:
    page = browser.new_page()
    page.goto(server + "search/index.html?q=应急管理")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => [e.textContent, e.href])")
    assert ["区应急管理局", server + "units/yjj/index.html"] in [list(link) for link in links]
    page.close()


def test_every_page_loads_without_script_errors_or_outside_requests(site: Path, server: str, browser) -> None:
    page = browser.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server) else None)
    for path in ("index.html", "periods/2025/index.html", "units/fgw/index.html", "years/2024/index.html",
                 "tasks/index.html", "method/index.html", "notices/2025-10-yuedu/index.html"):
        response = page.goto(server + path)
        assert response is not None and response.status == 200
    assert errors == [] and outside == []
    page.close()
